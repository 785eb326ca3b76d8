"""The whole configuration as rules see it."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from edgelint.evaluate.values import Ref
from edgelint.instances.providers import ProviderVersion
from edgelint.instances.tree import ModuleTree, Resource
from edgelint.model.api import ApiStage, HttpApi, RestApi
from edgelint.model.base import RESOURCE_CLASSES, N, Node
from edgelint.model.cloudfront import Behavior, Distribution, MultiTenantDistribution, Origin
from edgelint.model.modules import ModuleCall
from edgelint.model.network import LoadBalancer

_REPEAT = ("for_each", "count")


class Stack:
    """The whole configuration as rules see it."""

    def __init__(self, config: ModuleTree):
        self.config = config
        self._objects: dict[str, Node] = {}
        self._opaque_flows: dict[str, str | None] = {}

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
        """RULES.md "Opaque flow": where the resource's address, ID, ARN or name goes
        into code edgelint cannot read (an opaque module call, or a ``count``/
        ``for_each`` over an unknown collection), or None when it goes nowhere unseen.
        Rules that fire on an absence ask this: the unseen code may supply what is
        missing. References are followed through locals and module outputs (an output
        counts as the whole module call, which over-approximates towards silence)."""
        address = node._resource.address
        if address not in self._opaque_flows:
            self._opaque_flows[address] = self._find_opaque_flow(address)
        return self._opaque_flows[address]

    @functools.cached_property
    def _calls_by_address(self) -> dict:
        return {c.address: c for c in self.config.calls}

    def _find_opaque_flow(self, address: str) -> str | None:
        graph = self.config.graph
        start = [address, address[: address.rindex("[")]] if address.endswith("]") else [address]
        seen, todo = set(start), list(start)
        while todo:
            for source, _target, label in graph.in_edges(todo.pop(), data="label"):
                if source in seen:
                    continue
                seen.add(source)
                kind = graph.nodes[source].get("kind")
                call = self._calls_by_address.get(source)
                resource = self.config.resources.get(source)
                if call is not None and (call.unresolved is not None or (call.symbolic and label in _REPEAT)):
                    return source
                if resource is not None and resource.symbolic and label in _REPEAT:
                    return f"the {label} of {source}"
                if kind == "local":
                    todo.append(source)
                elif kind == "output":
                    module_path = source.rsplit(".output.", 1)[0] if ".output." in source else ""
                    if module_path and module_path not in seen:
                        seen.add(module_path)
                        todo.append(module_path)
        return None

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
