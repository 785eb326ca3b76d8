"""The whole configuration as rules see it."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from edgelint.evaluate.addresses import reference_address
from edgelint.evaluate.values import Ref
from edgelint.instances.providers import ProviderVersion
from edgelint.instances.references import traversals
from edgelint.instances.tree import ModuleTree, Resource
from edgelint.model.api import ApiStage, HttpApi, RestApi
from edgelint.model.base import RESOURCE_CLASSES, N, Node
from edgelint.model.cloudfront import Behavior, Distribution, MultiTenantDistribution, Origin
from edgelint.model.modules import ModuleCall
from edgelint.model.network import LoadBalancer
from edgelint.parse.syntax import Attr

_REPEAT = ("for_each", "count")
_NOT_INPUTS = frozenset({"source", "version", "providers", "depends_on", "count", "for_each"})
# The attributes that name a resource (what another resource would use to attach a
# policy, a permission, a stage or settings to it), as opposed to what it serves
# (a domain name, a hosted zone).
_IDENTITY_ATTRIBUTES = frozenset({"id", "arn", "name", "bucket", "function_name", "qualified_arn", "invoke_arn",
                                  "execution_arn", "root_resource_id", "stage_name", "api_id", "rest_api_id"})


def _named_objects(module, expr) -> Iterator[tuple[str, str | None]]:
    """(address, attribute) of every object an expression's value is built from: the
    references its evaluation keeps (through locals and module outputs), and the
    resources it names directly (which an unknown result, ``merge(var.x, {...})``,
    does not keep). The attribute is None when the whole object is named."""
    for ref in module.evaluate(expr).refs():
        yield ref.address, ref.attribute
    for root, steps in traversals(expr):
        split = reference_address(root, steps)
        if split is None or root in ("var", "local", "module", "each", "count", "self"):
            continue
        attribute = next((s.name for s in split[1] if isinstance(s, Attr)), None)
        yield module.address(split[0]), attribute


class Stack:
    """The whole configuration as rules see it."""

    def __init__(self, config: ModuleTree):
        self.config = config
        self._objects: dict[str, Node] = {}

    # typed collections

    @functools.cached_property
    def distributions(self) -> list[Distribution]:
        """Every distribution, multi-tenant ones after the others."""
        return [*self.all(Distribution), *self.all(MultiTenantDistribution)]

    def behaviors(self) -> Iterator[Behavior]:
        """Every behavior that certainly exists: one a dynamic block makes from an
        unknown collection may not, so it is left out (rules stay silent on it)."""
        for d in self.distributions:
            yield from (b for b in d.behaviors if not b.generated_unknown)

    def origins(self) -> Iterator[Origin]:
        """Every origin that certainly exists (see ``behaviors``)."""
        for d in self.distributions:
            yield from (o for o in d.origins if not o.generated_unknown)

    @functools.cached_property
    def load_balancers(self) -> list[LoadBalancer]:
        return self.all(LoadBalancer)

    @functools.cached_property
    def module_calls(self) -> list[ModuleCall]:
        """Every ``module`` block of every module instance, in address order."""
        return sorted((ModuleCall(c) for c in self.config.calls), key=lambda c: c.address)

    def all(self, cls: type[N]) -> list[N]:
        """Every resource of the types ``cls`` declares (``@models``), in the order of
        its declaration, then of the configuration."""
        if not cls.terraform_types:
            raise TypeError(f"{cls.__name__} declares no resource types")
        return self.resources(*cls.terraform_types)

    def data_sources(self, cls: type[Node]) -> list[Node]:
        """Every ``data`` block of the types ``cls`` declares (plain nodes)."""
        return self.resources(*(f"data.{t}" for t in cls.terraform_types))

    def resources(self, *types: str) -> list[Node]:
        """Any resources by type (``data.`` for data sources), typed when the model has
        a class for them. Built-in rules use ``all``; this is for plugins and tests."""
        return [self.node(r) for r in self.config.of_type(*types)]

    # resolution

    def node(self, resource: Resource) -> Node:
        obj = self._objects.get(resource.address)
        if obj is None:
            cls = RESOURCE_CLASSES.get(resource.type, Node) if resource.mode == "managed" else Node
            obj = self._objects[resource.address] = cls(self, resource)
        return obj

    def object_for(self, ref) -> Node | None:
        """The model object a reference points at, when it is in the configuration."""
        return self.object_at(ref.address) if isinstance(ref, Ref) else None

    def object_at(self, address: str) -> Node | None:
        """The model object of a resource address, when it is in the configuration."""
        resource = self.config.resource(address)
        return self.node(resource) if resource is not None else None

    def api_of(self, target: Node | None) -> RestApi | HttpApi | None:
        """The API behind an API Gateway target (the API itself, a stage or a deployment)."""
        if isinstance(target, (RestApi, HttpApi)):
            return target
        if isinstance(target, ApiStage):
            return target.api
        return None

    def referring(self, target: Node, attribute: str, types: type[Node] | tuple[str, ...]) -> list[Resource]:
        """Resources (and data sources) of ``types`` (or of the types a model class
        declares) whose ``attribute`` refers to ``target``."""
        if isinstance(types, type):
            types = types.terraform_types
        found: dict[str, Resource] = {}
        for source, label in self.config.referrers(target.address):
            if source.type in types and (label == attribute or label.startswith(attribute + "[")):
                found[source.address] = source
        return [found[k] for k in sorted(found)]

    def provider_version(self, name: str) -> ProviderVersion:
        """RULES.md "AWS provider version": the version of a provider (``"aws"``, short
        for ``hashicorp/aws``, or a source address) as the lock file, else the
        ``required_providers`` constraints, decide; ``at_least(6)`` is None when they
        do not."""
        return self.config.provider_version(name if "/" in name else f"hashicorp/{name}")

    # what edgelint cannot see

    def opaque_flow(self, node: Node) -> str | None:
        """RULES.md "Opaque flow": where the resource's identity (the object itself, or
        its ``id``, ``arn``, name…) goes into code edgelint cannot read: an input of an
        opaque module call, or the ``count``/``for_each`` of a module call or resource
        over a collection that is not known. None when it goes nowhere unseen. Rules
        that fire on an absence ask this: the unseen code may supply what is missing.
        Inputs are evaluated, so a reference through locals or module outputs counts;
        an attribute that is no identity (a domain name for a DNS record) does not."""
        address = node._resource.address
        base = address[: address.rindex("[")] if address.endswith("]") else address
        return self._opaque_destinations.get(address) or self._opaque_destinations.get(base)

    @functools.cached_property
    def _opaque_destinations(self) -> dict[str, str]:
        """Resource address (with and without its instance key) → the first opaque place
        its identity goes to, for every resource whose identity goes to one."""
        found: dict[str, str] = {}

        def note(module, expr, where: str) -> None:
            for address, attribute in _named_objects(module, expr):
                if attribute is None or attribute in _IDENTITY_ATTRIBUTES:
                    for key in (address, address.split("[", 1)[0]):
                        found.setdefault(key, where)

        for call in sorted(self.config.calls, key=lambda c: c.address):
            for name, attr in sorted(call.block.attributes.items()):
                if call.unresolved is not None and name not in _NOT_INPUTS:
                    note(call.caller, attr.expr, call.address)
                elif name in _REPEAT and (call.unresolved is not None or call.symbolic):
                    note(call.caller, attr.expr, f"the {name} of {call.address}")
        for resource in self.config.resources.values():
            if resource.symbolic:
                for name in _REPEAT:
                    attr = resource.block.attributes.get(name)
                    if attr is not None:
                        note(resource.module, attr.expr, f"the {name} of {resource.address}")
        return found

    # the configuration around the objects (for the view)

    @property
    def root_dir(self) -> str:
        """The folder of the root module, as the user named it ("" for an empty plan)."""
        return self.config.modules[0].dir if self.config.modules else ""

    def references_from(self, address: str) -> list[tuple[str, str]]:
        """``(address it refers to, attribute path)`` for every reference ``address``
        holds, sorted: any address of the reference graph, not only resources."""
        graph = self.config.graph
        return sorted((t, label) for _s, t, label in graph.out_edges(address, data="label")) if address in graph else []

    def references_to(self, address: str) -> list[tuple[str, str]]:
        """``(address of the referrer, attribute path)`` for every reference to ``address``, sorted."""
        graph = self.config.graph
        return sorted((s, label) for s, _t, label in graph.in_edges(address, data="label")) if address in graph else []
