"""Graph stage: parsed modules to module instances, resource instances and the
references between them.

A root module folder becomes a ``ModuleInstance``; each ``module`` block it holds
becomes a ``ModuleCall`` whose source (a local folder, or a downloaded copy that
``.terraform/modules/modules.json`` maps) is instantiated once per instance of the
call (``count``/``for_each``), recursively. Inputs are evaluated in the caller's
scope, so a child's ``var.origin`` is whatever the caller passed (a ``Known``, a
``Ref`` to ``aws_lb.api``, or ``Unknown``); ``module.cdn.arn`` in the caller is the
child's output evaluated in the child's scope. A source that cannot be read makes
the call opaque: its outputs are Unknown and EDGE902 reports it.

Resources and data sources are expanded the same way: known ``count``/``for_each``
give one ``Resource`` per instance (``aws_lb.api["blue"]``, with ``each``/``count``
bound); an unknown collection gives one symbolic instance at the resource's own
address whose ``each``/``count`` are Unknown.

Each resource instance, variable, local, output and module call is a node of one
directed multigraph (``refgraph.ReferenceGraph``: networkx's interface without its
import cost; ``to_networkx()`` converts). An edge runs from the object that holds a reference to
the object it names, labelled with the attribute path that holds it
(``origin[0].domain_name``); a resource's edges follow evaluated values, so a
listener whose ``load_balancer_arn`` is a module input still points at the load
balancer the caller passed. The edge model asks the graph who refers to what.

Provider configurations follow Terraform's rules: a resource uses its ``provider``
meta-argument or the default configuration of its type's provider; a child module
inherits the caller's default configurations and receives others through the
call's ``providers`` map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from edgelint.refgraph import ReferenceGraph
from edgelint.syntax import (
    Attribute, Block, Call, Conditional, ForExpr, Index, Lit, ObjectExpr, ParsedFile, Template,
    Traversal, TupleExpr, UnaryOp, BinaryOp, Unsupported,
)
from edgelint.values import (
    Evaluator, Invalid, Known, Ref, Scope, Unknown, Value, instance_key_text, reference_address,
    to_text, wrap,
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
    module: "ModuleInstance"
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
    def provider(self) -> "ProviderConfig | None":
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
    module: "ModuleInstance"

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
class ModuleCall:
    """A ``module`` block of one module instance and the instances it creates."""

    name: str
    block: Block
    caller: "ModuleInstance"
    source: str | None
    mode: str | None = None  # "count", "for_each" or None
    symbolic: bool = False  # count/for_each over an unknown collection: one symbolic instance
    instances: list["ModuleInstance"] = field(default_factory=list)
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
    parent: "ModuleInstance | None" = None
    root_dir: str = ""  # the root module's folder (where .terraform/modules lives)
    call_names: tuple = ()  # module call names from the root: ("cdn", "inner")
    provider_map: dict[str, ProviderConfig] = field(default_factory=dict)  # visible configurations
    calls: dict[str, ModuleCall] = field(default_factory=dict)
    _call_blocks: dict[str, Block] = field(default_factory=dict)
    _groups: dict[str, "InstanceGroup"] = field(default_factory=dict)
    _outputs: dict[str, Attribute] = field(default_factory=dict)
    _output_values: dict[str, Value] = field(default_factory=dict)
    _busy: set = field(default_factory=set)
    _builder: "_Builder | None" = None

    def address(self, local: str) -> str:
        return f"{self.path}.{local}" if self.path else local

    def evaluate(self, expr, bindings: dict | None = None) -> Value:
        return Evaluator(self.scope, bindings).eval(expr)

    def call(self, name: str) -> ModuleCall | None:
        """The module call ``name``, instantiated on first use (so that a call whose
        ``for_each`` reads another module's outputs finds that module built)."""
        found = self.calls.get(name)
        if found is not None or name not in self._call_blocks or self._builder is None:
            return found
        if ("call", name) in self._busy:
            return None
        self._busy.add(("call", name))
        try:
            found = self._builder.build_call(self, name, self._call_blocks[name])
        finally:
            self._busy.discard(("call", name))
        self.calls[name] = found
        return found

    def output(self, name: str) -> Value:
        if name in self._output_values:
            return self._output_values[name]
        attr = self._outputs.get(name)
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
        from edgelint.values import _unwrap

        return Known({name: _unwrap(self.output(name)) for name in sorted(self._outputs)})


@dataclass
class Config:
    """Every module instance of one check, their resources, and the reference graph."""

    modules: list[ModuleInstance]
    resources: dict[str, Resource]
    graph: ReferenceGraph
    calls: list[ModuleCall] = field(default_factory=list)
    _by_type: dict[str, list[Resource]] = field(default_factory=dict)

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

    def referrers(self, address: str) -> Iterator[tuple[Resource, str]]:
        """Resources holding a reference to ``address``, with the attribute path."""
        if address not in self.graph:
            return
        for source, _target, label in self.graph.in_edges(address, data="label"):
            r = self.resources.get(source)
            if r is not None:
                yield r, label


def finish_config(instances: list[ModuleInstance], calls: list[ModuleCall]) -> Config:
    """The reference graph over module instances built elsewhere (a plan file)."""
    graph = ReferenceGraph()
    resources: dict[str, Resource] = {}
    for instance in instances:
        resources.update(instance.resources)
        _add_edges(graph, instance)
    return Config(instances, resources, graph, calls)


def build_config(modules: list[tuple[str, list[ParsedFile], list[ParsedFile]]],
                 cli_vars: dict[str, str] | None = None,
                 var_files: list[ParsedFile] | None = None,
                 load_module: ModuleLoader | None = None,
                 scan_root: str | None = None) -> Config:
    """``modules`` is (folder, parsed .tf files, parsed tfvars files) per root module;
    ``load_module`` reads a module call's source (without it every call is opaque);
    ``scan_root`` is the folder ``file()`` and ``templatefile()`` may read in, for
    every module instance (None: they read nothing)."""
    builder = _Builder(load_module, scan_root)
    for directory, files, tfvars in modules:
        variables = resolve_variables(_declared_variables(files), [*tfvars, *(var_files or [])], cli_vars or {})
        builder.instantiate("", directory, files, variables, None, directory, (), {})
    return finish_config(builder.instances, builder.calls)


# --- instantiation ---------------------------------------------------------------------


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
            return Ref(self.base, path[1:] if path and _is_key(path[0], self.mode) else path)
        if not path:
            refs = [Ref(self.address(k)) for k in self.keys]
            return Known(refs if self.mode == "count" else dict(zip(self.keys, refs)))
        key, rest = _instance_key(path[0], self.mode), path[1:]
        if key == "*":
            return Unknown(f"which instance of {self.base} is not known", (Ref(self.base, rest),))
        if key in self.keys:
            return Ref(self.address(key), rest)
        return Invalid(f"{self.base} has no instance {key!r}")


def _is_key(step, mode: str) -> bool:
    return step == "*" or (isinstance(step, int) if mode == "count" else isinstance(step, str))


def _instance_key(step, mode: str):
    if mode == "count" and isinstance(step, str) and step.isdigit():
        return int(step)
    if mode == "count" and isinstance(step, float) and step.is_integer():
        return int(step)
    return step


class ModuleInputs(Mapping):
    """A child module's variables: each one evaluated on first use from the call's
    argument in the caller's scope (with the call instance's ``each``/``count``),
    else from its default."""

    def __init__(self, declared: dict[str, Block], call: ModuleCall, bindings: dict):
        self.declared = declared
        self.call = call
        self.bindings = bindings
        self.values: dict[str, Value] = {}
        self.busy: set[str] = set()

    def __getitem__(self, name: str) -> Value:
        if name in self.values:
            return self.values[name]
        if name not in self.declared:
            raise KeyError(name)
        if name in self.busy:
            return Unknown(f"var.{name} depends on itself")
        self.busy.add(name)
        try:
            value = self._compute(name)
        finally:
            self.busy.discard(name)
        self.values[name] = value
        return value

    def _compute(self, name: str) -> Value:
        attr = self.call.block.attributes.get(name)
        if attr is not None and name not in _META_ARGUMENTS:
            return self.call.caller.evaluate(attr.expr, self.bindings)
        default = self.declared[name].attributes.get("default")
        if default is not None:
            return Evaluator(Scope()).eval(default.expr)
        return Unknown(f"var.{name} is not set by {self.call.address}")

    def __iter__(self):
        return iter(self.declared)

    def __len__(self) -> int:
        return len(self.declared)


class _Builder:
    def __init__(self, load_module: ModuleLoader | None, scan_root: str | None = None):
        self.load_module = load_module
        self.scan_root = scan_root
        self.instances: list[ModuleInstance] = []
        self.resources: dict[str, Resource] = {}
        self.calls: list[ModuleCall] = []

    def instantiate(self, path: str, directory: str, files: list[ParsedFile], variables: Mapping,
                    parent: ModuleInstance | None, root_dir: str, call_names: tuple,
                    inherited: dict[str, ProviderConfig]) -> ModuleInstance:
        instance = ModuleInstance(path, directory, files, Scope(), parent=parent, root_dir=root_dir,
                                  call_names=call_names, provider_map=dict(inherited), _builder=self)
        local_exprs: dict = {}
        for f in files:
            for block in f.blocks:
                if block.type == "locals":
                    for name, attr in block.attributes.items():
                        local_exprs[name] = attr.expr
                elif block.type == "output" and block.labels and "value" in block.attributes:
                    instance._outputs[block.labels[0]] = block.attributes["value"]
                elif block.type == "module" and block.labels:
                    instance._call_blocks[block.labels[0]] = block
        instance.scope = Scope(variables, local_exprs, directory, resolver(instance),
                               root_dir=root_dir, scan_root=self.scan_root)
        self.instances.append(instance)
        for f in files:
            for block in f.blocks:
                if block.type == "provider" and block.labels:
                    alias = instance.evaluate(block.attributes["alias"].expr) if "alias" in block.attributes else None
                    key = block.labels[0] + (f".{alias.known}" if alias is not None and alias.is_known else "")
                    instance.providers[key] = block
                    instance.provider_map[key] = ProviderConfig(key, block, instance)
        for f in files:
            for block in f.blocks:
                if block.type in ("resource", "data") and len(block.labels) == 2:
                    self._add_resources(instance, block)
        for name in sorted(instance._call_blocks):
            instance.call(name)
        return instance

    def _add_resources(self, instance: ModuleInstance, block: Block) -> None:
        type_, name = block.labels
        mode = "managed" if block.type == "resource" else "data"
        local = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
        base = instance.address(local)
        repeat, keys, expansions = expand(instance, block, {})
        instance._groups[local] = InstanceGroup(base, repeat, keys)
        for key, bindings in expansions:
            address = base if repeat is None or keys is None else base + instance_key_text(key)
            resource = Resource(address, type_, name, mode, block, instance, key, bindings,
                                symbolic=repeat is not None and keys is None)
            instance.resources[address] = resource
            self.resources[address] = resource

    def build_call(self, caller: ModuleInstance, name: str, block: Block) -> ModuleCall:
        source_attr = block.attributes.get("source")
        source_value = caller.evaluate(source_attr.expr) if source_attr is not None else Unknown("no source")
        source = source_value.known if source_value.is_known and isinstance(source_value.known, str) else None
        repeat, keys, expansions = expand(caller, block, {})
        call = ModuleCall(name, block, caller, source, repeat, repeat is not None and keys is None)
        self.calls.append(call)
        call_names = caller.call_names + (name,)
        if source is None:
            call.unresolved = "its source is not a known string"
        elif self.load_module is None:
            call.unresolved = "module sources are not read here"
        elif len(call_names) > MAX_MODULE_DEPTH:
            call.unresolved = f"modules are nested more than {MAX_MODULE_DEPTH} deep"
        if call.unresolved is not None:
            return call
        loaded = self.load_module(caller, call_names, source)
        if isinstance(loaded, str):
            call.unresolved = loaded
            return call
        ancestor: ModuleInstance | None = caller
        while ancestor is not None:
            if ancestor.dir == loaded.dir:
                call.unresolved = "the module calls itself"
                return call
            ancestor = ancestor.parent
        declared = _declared_variables(loaded.files)
        providers = _child_providers(caller, block)
        for key, bindings in expansions:
            path = caller.address(f"module.{name}")
            if repeat is not None and keys is not None:
                path += instance_key_text(key)
            inputs = ModuleInputs(declared, call, bindings)
            call.instances.append(self.instantiate(path, loaded.dir, loaded.files, inputs, caller,
                                                   caller.root_dir, call_names, providers))
        return call


def expand(instance: ModuleInstance, block: Block, bindings: dict
           ) -> tuple[str | None, list | None, list[tuple[Any, dict]]]:
    """A block's ``count``/``for_each``: (mode, known keys or None, [(key, bindings)]).

    Known collections give one entry per instance; an unknown one gives one symbolic
    entry whose ``each``/``count`` are Unknown; no meta-argument gives one entry."""
    if "count" in block.attributes:
        value = instance.evaluate(block.attributes["count"].expr, bindings)
        n = value.known if value.is_known else None
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
            keys = list(range(n))
            return "count", keys, [(i, {**bindings, "count": Known({"index": i})}) for i in keys]
        return "count", None, [(None, {**bindings, "count": Unknown("count is not known")})]
    if "for_each" in block.attributes:
        value = instance.evaluate(block.attributes["for_each"].expr, bindings)
        items = for_each_items(value)
        if items is None:
            symbol: Value = Unknown("for_each is over a collection that is not known")
            if isinstance(value, Ref) and not value.path:
                # for_each = aws_lb.api over a symbolic resource: each.value is "its" instance.
                symbol = Known({"key": Unknown(f"the keys of {value.address} are not known"), "value": value})
            return "for_each", None, [(None, {**bindings, "each": symbol})]
        return "for_each", [k for k, _ in items], [
            (k, {**bindings, "each": Known({"key": k, "value": v})}) for k, v in items]
    return None, None, [(None, dict(bindings))]


def for_each_items(value: Value) -> list[tuple[str, Any]] | None:
    """The (key, value) pairs of a known ``for_each`` collection: a map's entries or
    a set of strings (each string its own key), in Terraform's (lexical) key order."""
    if not value.is_known:
        return None
    data = value.known
    if isinstance(data, dict):
        return sorted(data.items())
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return [(x, x) for x in sorted(set(data))]
    return None


def _declared_variables(files: list[ParsedFile]) -> dict[str, Block]:
    return {block.labels[0]: block for f in files for block in f.blocks
            if block.type == "variable" and block.labels}


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


def _child_providers(caller: ModuleInstance, block: Block) -> dict[str, ProviderConfig]:
    """The provider configurations a call passes: the caller's default ones
    implicitly, and whatever its ``providers`` map names, under the child's names."""
    mapping = {k: v for k, v in caller.provider_map.items() if "." not in k}
    attr = block.attributes.get("providers")
    if attr is not None and isinstance(attr.expr, ObjectExpr):
        for key_expr, value_expr in attr.expr.items:
            inner, outer = provider_name(key_expr), provider_name(value_expr)
            if inner is None:
                continue
            config = caller.provider_map.get(outer) if outer else None
            if config is None:
                mapping.pop(inner, None)
            else:
                mapping[inner] = config
    return mapping


def resolve_variables(declared: dict[str, Block], var_files: list[ParsedFile],
                      cli_vars: dict[str, str]) -> dict[str, Value]:
    """Terraform's precedence: default < terraform.tfvars < *.auto.tfvars <
    --var-file (in order) < --var. Values for undeclared variables are ignored."""
    constant = Scope()
    values: dict[str, Value] = {}
    for name, block in declared.items():
        if "default" in block.attributes:
            values[name] = Evaluator(constant).eval(block.attributes["default"].expr)
        else:
            values[name] = Unknown(f"var.{name} has no default and no value in a tfvars file")
    for f in var_files:
        for name, attr in f.attributes.items():
            if name in declared:
                values[name] = Evaluator(constant).eval(attr.expr)
    for name, raw in cli_vars.items():
        if name in declared:
            values[name] = _cli_value(raw)
    return values


def _cli_value(raw: str) -> Value:
    """``-var name=value``: strings as they are, lists and maps as HCL expressions."""
    if raw.lstrip()[:1] in ("[", "{"):
        from edgelint.hcl import parse_expression

        try:
            return Evaluator(Scope()).eval(parse_expression(raw))
        except Exception:
            return Unknown("a --var value that does not parse")
    return Known(raw)


def resolver(instance: ModuleInstance):
    def resolve(address: str, path: tuple) -> Value:
        if address.startswith("module."):
            return _module_value(instance, address[len("module."):], path)
        group = instance._groups.get(address)
        if group is None:
            return Ref(instance.address(address), path)
        return group.ref(path)

    return resolve


def _module_value(instance: ModuleInstance, name: str, path: tuple) -> Value:
    """``module.<name>`` and what follows, in ``instance``: a child's outputs."""
    call = instance.call(name)
    if call is None:
        if name in instance._call_blocks:
            return Unknown(f"module.{name} depends on itself")
        return Invalid(f"module.{name} is not declared")
    if call.unresolved is not None:
        return Unknown(f"module.{name} is not read: {call.unresolved}")
    if call.mode is None or call.symbolic:
        if not call.instances:
            return Unknown(f"module.{name} has no instance")
        rest = path[1:] if call.symbolic and path and _is_key(path[0], call.mode) else path
        return _follow_outputs(call.instances[0], rest)
    by_key = {_last_key(i.path, call.mode): i for i in call.instances}
    if not path:
        objects = [by_key[k].outputs_object().known for k in by_key]
        return Known(objects if call.mode == "count" else dict(zip(by_key, objects)))
    key = _instance_key(path[0], call.mode)
    if key == "*":
        return Unknown(f"which instance of module.{name} is not known")
    child = by_key.get(key)
    if child is None:
        return Invalid(f"module.{name} has no instance {key!r}")
    return _follow_outputs(child, path[1:])


def _last_key(path: str, mode: str):
    """The instance key at the end of a module instance path."""
    import json

    text = path[path.rindex("[") + 1: -1]
    return int(text) if mode == "count" else json.loads(text)


def _follow_outputs(child: ModuleInstance, path: tuple) -> Value:
    if not path:
        return child.outputs_object()
    if not isinstance(path[0], str) or path[0] == "*":
        return Unknown("an output name that is not known")
    return follow(child.output(path[0]), path[1:])


def follow(value: Value, path: tuple) -> Value:
    """A value's element at an already evaluated path (names, keys, ``*``)."""
    for i, step in enumerate(path):
        if isinstance(value, Ref):
            return Ref(value.address, value.path + tuple(path[i:]))
        if not value.is_known:
            return value if isinstance(value, Unknown) else Unknown(
                "attribute of an unknown value", tuple(value.refs()))
        data = value.known
        if step == "*":
            return Unknown("a splat of a module output is not followed", tuple(value.refs()))
        if isinstance(data, dict):
            text = to_text(step)
            value = wrap(data[text]) if text in data else Invalid(f"no key {step!r}")
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            value = wrap(data[step])
        else:
            return Invalid(f"no element {step!r}")
    return value


# --- edges -------------------------------------------------------------------------------


def _add_edges(graph: ReferenceGraph, instance: ModuleInstance) -> None:
    for resource in instance.resources.values():
        graph.add_node(resource.address, kind="data" if resource.mode == "data" else "resource")
        for path, attr, bound in iter_attributes(resource.block):
            for target in _resource_targets(instance, resource, attr.expr, bound):
                graph.add_edge(resource.address, target, label=path)
    for f in instance.files:
        for block in f.blocks:
            if block.type in ("resource", "data"):
                continue
            node = _block_address(instance, block)
            if node is None:
                if block.type == "locals":
                    for name, attr in block.attributes.items():
                        local_node = instance.address(f"local.{name}")
                        graph.add_node(local_node, kind="local")
                        _edges_from(graph, instance, local_node, f"local.{name}", attr.expr)
                continue
            graph.add_node(node, kind=block.type)
            for path, attr, bound in iter_attributes(block):
                _edges_from(graph, instance, node, path, attr.expr, bound)


def _resource_targets(instance: ModuleInstance, resource: Resource, expr, bound: frozenset) -> list[str]:
    """What one attribute of a resource instance refers to: the objects its value
    derives from (across module boundaries), and the variables, locals and module
    calls it names. Attributes under a ``dynamic`` block are not evaluated here."""
    targets: dict[str, None] = {}
    if not bound:
        for ref in instance.evaluate(expr, resource.bindings).refs():
            targets[ref.address] = None
    for root, steps in traversals(expr, bound):
        split = reference_address(root, steps)
        if split is None:
            continue
        if root in ("var", "local", "module") or bound:
            targets[instance.address(split[0])] = None
    return list(targets)


def _block_address(instance: ModuleInstance, block: Block) -> str | None:
    if block.type in ("resource", "data") and len(block.labels) == 2:
        local = ".".join(block.labels) if block.type == "resource" else "data." + ".".join(block.labels)
        return instance.address(local)
    if block.type in ("variable", "module", "output") and block.labels:
        prefix = {"variable": "var", "module": "module", "output": "output"}[block.type]
        return instance.address(f"{prefix}.{block.labels[0]}")
    return None


def iter_attributes(block: Block, prefix: str = "", bound: frozenset = frozenset()
                    ) -> Iterator[tuple[str, Attribute, frozenset]]:
    """Every attribute of a block and its nested blocks, with its path
    (``origin[1].custom_origin_config.origin_protocol_policy``) and the iterator
    names that ``dynamic`` blocks bind around it."""
    counts: dict[str, int] = {}
    for name, attr in block.attributes.items():
        yield prefix + name, attr, bound
    inner = bound
    if block.type == "dynamic" and block.labels:
        inner = bound | {dynamic_iterator(block)}
    for nested in block.blocks:
        n = counts.get(nested.type, 0)
        counts[nested.type] = n + 1
        yield from iter_attributes(nested, f"{prefix}{nested.type}[{n}].", inner)


def dynamic_iterator(block: Block) -> str:
    """The iterator name of a ``dynamic`` block: its ``iterator`` or its label."""
    attr = block.attributes.get("iterator")
    if attr is not None and isinstance(attr.expr, Traversal) and isinstance(attr.expr.root, str):
        return attr.expr.root
    return block.labels[0]


def _edges_from(graph: ReferenceGraph, instance: ModuleInstance, source: str, label: str, expr,
                bound: frozenset = frozenset()) -> None:
    for root, steps in traversals(expr, bound):
        split = reference_address(root, steps)
        if split is None:
            continue
        target = instance.address(split[0])
        graph.add_edge(source, target, label=label)


def traversals(expr, bound: frozenset = frozenset()) -> Iterator[tuple[str, tuple]]:
    """The (root, steps) of every reference in an expression, skipping names bound
    by for-expressions."""
    if isinstance(expr, Traversal):
        if isinstance(expr.root, str):
            if expr.root not in bound:
                yield expr.root, expr.steps
        else:
            yield from traversals(expr.root, bound)
        for step in expr.steps:
            if isinstance(step, Index):
                yield from traversals(step.key, bound)
    elif isinstance(expr, Template):
        for part in expr.parts:
            if not isinstance(part, str):
                yield from traversals(part, bound)
    elif isinstance(expr, TupleExpr):
        for item in expr.items:
            yield from traversals(item, bound)
    elif isinstance(expr, ObjectExpr):
        for key, value in expr.items:
            yield from traversals(key, bound)
            yield from traversals(value, bound)
    elif isinstance(expr, Call):
        for arg in expr.args:
            yield from traversals(arg, bound)
    elif isinstance(expr, Conditional):
        for part in (expr.cond, expr.then, expr.otherwise):
            yield from traversals(part, bound)
    elif isinstance(expr, BinaryOp):
        yield from traversals(expr.left, bound)
        yield from traversals(expr.right, bound)
    elif isinstance(expr, UnaryOp):
        yield from traversals(expr.operand, bound)
    elif isinstance(expr, Unsupported):
        for source in expr.sources:
            yield from traversals(source, bound)
    elif isinstance(expr, ForExpr):
        yield from traversals(expr.collection, bound)
        inner = bound | {expr.value_var} | ({expr.key_var} if expr.key_var else set())
        for part in (expr.key, expr.value, expr.cond):
            if part is not None:
                yield from traversals(part, inner)
