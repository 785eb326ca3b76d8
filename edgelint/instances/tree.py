"""The instances stage's data: module instances, resource instances, module calls
and provider configurations, and the ``ModuleTree`` that holds them all.

``ModuleInstance`` is built by ``builder`` (from HCL) or ``plan`` (from a plan file)
through its public fields; references between objects are in ``references``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from edgelint.evaluate.addresses import instance_key_text
from edgelint.evaluate.evaluator import Evaluator, Scope
from edgelint.evaluate.values import Invalid, Known, Ref, Unknown, Value, unwrap
from edgelint.instances import providers
from edgelint.instances.references import ReferenceGraph
from edgelint.parse.syntax import (
    Attribute,
    Block,
    Lit,
    ParsedFile,
    Traversal,
)

MAX_MODULE_DEPTH = 20
_META_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


@dataclass(eq=False)
class Resource:
    """One instance of a ``resource`` or ``data`` block of one module instance."""

    address: str  # full address, with the module path and instance key: module.cdn.aws_lb.api["blue"]
    type: str
    name: str
    mode: str  # "managed" or "data"
    block: Block
    module: ModuleInstance
    key: Any = None  # count index or for_each key; None for a single or symbolic instance
    bindings: dict = field(default_factory=dict)  # each / count for this instance
    symbolic: bool = False  # stands for the instances of an unknown count/for_each

    @property
    def file(self) -> str:
        return self.block.span.file

    @property
    def provider_key(self) -> str:
        """The provider configuration this resource uses, as named in its module:
        ``aws.use1`` from ``provider = aws.use1``, else the default ``aws``."""
        attr = self.block.attributes.get("provider")
        name = provider_name(attr.expr) if attr is not None else None
        return name or self.type.split("_", 1)[0]

    @property
    def provider(self) -> ProviderConfig | None:
        return self.module.provider_map.get(self.provider_key)

    def region(self) -> Value:
        """The region this resource is created in: its own ``region`` argument (AWS
        provider 6 lets every regional resource set one), else the region of the
        provider configuration it is created with (also when the argument is null)."""
        own = self.block.attributes.get("region")
        if own is not None:
            value = self.module.evaluate(own.expr, self.bindings)
            if not (value.is_known and value.known is None):
                return value
        config = self.provider
        if config is None:
            return Unknown(f"no '{self.provider_key}' provider configuration is visible here")
        return config.region


@dataclass(eq=False)
class ProviderConfig:
    """A ``provider`` block, evaluated in the module that declares it."""

    key: str  # "aws" or "aws.use1", in the declaring module
    block: Block
    module: ModuleInstance

    @property
    def region(self) -> Value:
        attr = self.block.attributes.get("region")
        if attr is None:
            return Unknown(f"provider {self.key} sets no region (it comes from the environment)")
        return self.module.evaluate(attr.expr)


@dataclass(frozen=True)
class LoadedModule:
    """A module call's source, read: its folder and parsed files."""

    dir: str
    files: list[ParsedFile]


# (calling instance, module call names from the root, source) → the module, or why not
ModuleLoader = Callable[["ModuleInstance", tuple, str], "LoadedModule | str"]


@dataclass(eq=False)
class CallSite:
    """A ``module`` block of one module instance and the instances it creates."""

    name: str
    block: Block
    caller: ModuleInstance
    source: str | None
    mode: str | None = None  # "count", "for_each" or None
    symbolic: bool = False  # count/for_each over an unknown collection: one symbolic instance
    instances: list[ModuleInstance] = field(default_factory=list)
    unresolved: str | None = None  # why the source is not read (the call is opaque)

    @property
    def address(self) -> str:
        return self.caller.address(f"module.{self.name}")


@dataclass(eq=False)
class ModuleInstance:
    path: str  # "" for a root module; module.cdn, module.cdn["a"].module.inner
    dir: str
    files: list[ParsedFile]
    scope: Scope
    resources: dict[str, Resource] = field(default_factory=dict)
    providers: dict[str, Block] = field(default_factory=dict)  # declared here: "aws" / "aws.use1" → block
    parent: ModuleInstance | None = None
    root_dir: str = ""  # the root module's folder (where .terraform/modules lives)
    call_names: tuple = ()  # module call names from the root: ("cdn", "inner")
    provider_map: dict[str, ProviderConfig] = field(default_factory=dict)  # visible configurations
    calls: dict[str, CallSite] = field(default_factory=dict)
    call_blocks: dict[str, Block] = field(default_factory=dict)
    groups: dict[str, InstanceGroup] = field(default_factory=dict)
    output_attributes: dict[str, Attribute] = field(default_factory=dict)
    _output_values: dict[str, Value] = field(default_factory=dict)
    _busy: set = field(default_factory=set)
    builder: Any = None  # the builder that instantiates module calls on first use (builder.Builder)
    # Every resource and data source the module declares (aws_lb.x, data.aws_lb.y),
    # and whether every file of its folder was read (else an unread file may declare more).
    declared: frozenset = frozenset()
    complete: bool = False

    def address(self, local: str) -> str:
        return f"{self.path}.{local}" if self.path else local

    def evaluate(self, expr, bindings: dict | None = None) -> Value:
        return Evaluator(self.scope, bindings).eval(expr)

    def call(self, name: str) -> CallSite | None:
        """The module call ``name``, instantiated on first use (so that a call whose
        ``for_each`` reads another module's outputs finds that module built)."""
        found = self.calls.get(name)
        if found is not None or name not in self.call_blocks or self.builder is None:
            return found
        if ("call", name) in self._busy:
            return None
        self._busy.add(("call", name))
        try:
            found = self.builder.build_call(self, name, self.call_blocks[name])
        finally:
            self._busy.discard(("call", name))
        self.calls[name] = found
        return found

    def output(self, name: str) -> Value:
        if name in self._output_values:
            return self._output_values[name]
        attr = self.output_attributes.get(name)
        if attr is None:
            return Invalid(f"{self.path or 'the module'} has no output '{name}'")
        if ("output", name) in self._busy:
            return Unknown(f"output {name} refers to itself")
        self._busy.add(("output", name))
        try:
            value = self.evaluate(attr.expr)
        finally:
            self._busy.discard(("output", name))
        self._output_values[name] = value
        return value

    def outputs_object(self) -> Value:
        return Known({name: unwrap(self.output(name)) for name in sorted(self.output_attributes)})


@dataclass
class ModuleTree:
    """Every module instance of one check, their resources, and the reference graph.

    ``lock`` is the root module's parsed dependency lock file; ``requirements``, when
    given, replaces the ``required_providers`` constraints read from the modules'
    files (a plan records them in its configuration instead)."""

    modules: list[ModuleInstance]
    resources: dict[str, Resource]
    graph: ReferenceGraph
    calls: list[CallSite] = field(default_factory=list)
    lock: ParsedFile | None = None
    requirements: dict[str, list[providers.Requirement]] | None = None
    # (message, file) of what the stage could not do in full: a count/for_each over budget.
    notices: list[tuple[str, str]] = field(default_factory=list)
    _by_type: dict[str, list[Resource]] = field(default_factory=dict)
    _versions: dict[str, providers.ProviderVersion] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.resources.values():
            key = f"data.{r.type}" if r.mode == "data" else r.type
            self._by_type.setdefault(key, []).append(r)

    def of_type(self, *types: str) -> list[Resource]:
        out: list[Resource] = []
        for t in types:
            out.extend(self._by_type.get(t, ()))
        return out

    def resource(self, address: str) -> Resource | None:
        found = self.resources.get(address)
        if found is None and address.endswith("]"):
            # aws_lb.api[0] when instances are not expanded: the resource itself.
            found = self.resources.get(address[: address.rindex("[")])
        return found

    def provider_version(self, source: str) -> providers.ProviderVersion:
        """The version of a provider (``hashicorp/aws``) Terraform will use, as far as
        the lock file, or else the constraints of every module instance, tell."""
        found = self._versions.get(source)
        if found is None:
            if self.requirements is not None and providers.locked_versions(self.lock).get(source) is None:
                found = providers.from_constraints(source, self.requirements.get(source, []))
            else:
                found = providers.provider_version(source, self.lock, [f for m in self.modules for f in m.files])
            self._versions[source] = found
        return found

    def referrers(self, address: str) -> Iterator[tuple[Resource, str]]:
        """Resources holding a reference to ``address``, with the attribute path."""
        if address not in self.graph:
            return
        for source, _target, label in self.graph.in_edges(address, data="label"):
            r = self.resources.get(source)
            if r is not None:
                yield r, label


@dataclass
class InstanceGroup:
    """How references to one resource block map onto its instances."""

    base: str  # absolute address without instance key
    mode: str | None  # "count", "for_each" or None
    keys: list | None  # known instance keys; None: one symbolic instance

    def address(self, key) -> str:
        return self.base + instance_key_text(key)

    def ref(self, path: tuple) -> Value:
        if self.mode is None:
            return Ref(self.base, path)
        if self.keys is None:  # the symbolic instance stands for every instance
            return Ref(self.base, path[1:] if path and is_instance_key(path[0], self.mode) else path)
        if not path:
            refs = [Ref(self.address(k)) for k in self.keys]
            return Known(refs if self.mode == "count" else dict(zip(self.keys, refs)))
        key, rest = instance_key(path[0], self.mode), path[1:]
        if key == "*":
            return Unknown(f"which instance of {self.base} is not known", (Ref(self.base, rest),))
        if key in self.keys:
            return Ref(self.address(key), rest)
        return Invalid(f"{self.base} has no instance {key!r}")


def is_instance_key(step, mode: str) -> bool:
    return step == "*" or (isinstance(step, int) if mode == "count" else isinstance(step, str))


def instance_key(step, mode: str):
    if mode == "count" and isinstance(step, str) and step.isdigit():
        return int(step)
    if mode == "count" and isinstance(step, float) and step.is_integer():
        return int(step)
    return step


def provider_name(expr) -> str | None:
    """``aws.use1`` from the expression ``aws.use1`` (or the string ``"aws.use1"``)."""
    if isinstance(expr, Traversal) and isinstance(expr.root, str):
        names = [expr.root]
        for step in expr.steps:
            if not hasattr(step, "name"):
                return None
            names.append(step.name)
        return ".".join(names)
    if isinstance(expr, Lit) and isinstance(expr.value, str):
        return expr.value
    return None
