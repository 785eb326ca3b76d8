"""The HCL path of the instances stage: parsed modules to module instances, resource
instances and the references between them (a ``ModuleTree``).

A root module folder becomes a ``ModuleInstance``; each ``module`` block it holds
becomes a ``CallSite`` whose source (a local folder, or a downloaded copy that
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
directed multigraph (``references.ReferenceGraph``: networkx's interface without its
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

from collections.abc import Mapping
from typing import Any

from edgelint.evaluate.addresses import instance_key_text
from edgelint.evaluate.evaluator import SPLAT, Evaluator, Scope
from edgelint.evaluate.types import Type, convert_value
from edgelint.evaluate.values import Invalid, Known, Ref, Unknown, Value, to_text, wrap
from edgelint.instances.overrides import merge_overrides
from edgelint.instances.references import ReferenceGraph, add_edges
from edgelint.instances.tree import (
    CallSite,
    InstanceGroup,
    ModuleInstance,
    ModuleLoader,
    ModuleTree,
    ProviderConfig,
    Resource,
    instance_key,
    is_instance_key,
    provider_name,
)
from edgelint.instances.variables import read_variable
from edgelint.parse.discover import module_folder
from edgelint.parse.syntax import (
    Block,
    ObjectExpr,
    ParsedFile,
)

MAX_MODULE_DEPTH = 20
# count/for_each beyond this many instances give one symbolic instance (a budget:
# 100,000 instances would take seconds and hundreds of MB for no extra finding).
MAX_INSTANCES = 1000
TOO_LARGE = "too large to evaluate"
NUMBER = Type("number")
_META_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def finish_tree(instances: list[ModuleInstance], calls: list[CallSite], lock: ParsedFile | None = None,
                requirements: dict | None = None, notices: list | None = None) -> ModuleTree:
    """The reference graph over module instances built elsewhere (a plan file)."""
    graph = ReferenceGraph()
    resources: dict[str, Resource] = {}
    for instance in instances:
        resources.update(instance.resources)
        add_edges(graph, instance)
    return ModuleTree(instances, resources, graph, calls, lock, requirements, notices=list(notices or []))


def build_tree(modules: list[tuple[str, list[ParsedFile], list[ParsedFile]]],
                 cli_vars: dict[str, str] | None = None,
                 var_files: list[ParsedFile] | None = None,
                 load_module: ModuleLoader | None = None,
                 scan_root: str | None = None, lock: ParsedFile | None = None) -> ModuleTree:
    """``modules`` is (folder, parsed .tf files, parsed tfvars files) per root module;
    ``load_module`` reads a module call's source (without it every call is opaque);
    ``scan_root`` is the folder ``file()`` and ``templatefile()`` may read in, for
    every module instance (None: they read nothing); ``lock`` is the root module's
    parsed ``.terraform.lock.hcl`` (provider versions)."""
    builder = _Builder(load_module, scan_root)
    for directory, files, tfvars in modules:
        files = merge_overrides(files)
        variables = resolve_variables(declared_variables(files), [*tfvars, *(var_files or [])], cli_vars or {})
        builder.instantiate("", directory, files, variables, None, directory, (), {})
    return finish_tree(builder.instances, builder.calls, lock, notices=sorted(set(builder.notices)))


class ModuleInputs(Mapping):
    """A child module's variables: each one evaluated on first use from the call's
    argument in the caller's scope (with the call instance's ``each``/``count``),
    else from its default."""

    def __init__(self, declared: dict[str, Block], call: CallSite, bindings: dict):
        self.declared = declared
        self.variables = {name: read_variable(block) for name, block in declared.items()}
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
        variable = self.variables[name]
        attr = self.call.block.attributes.get(name)
        if attr is not None and name not in _META_ARGUMENTS:
            return variable.enter(self.call.caller.evaluate(attr.expr, self.bindings))
        return variable.unset(f"var.{name} is not set by {self.call.address}")

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
        self.calls: list[CallSite] = []
        self._complete: dict[str, bool] = {}
        self.notices: list[tuple[str, str]] = []

    def instantiate(self, path: str, directory: str, files: list[ParsedFile], variables: Mapping,
                    parent: ModuleInstance | None, root_dir: str, call_names: tuple,
                    inherited: dict[str, ProviderConfig]) -> ModuleInstance:
        instance = ModuleInstance(path, directory, files, Scope(), parent=parent, root_dir=root_dir,
                                  call_names=call_names, provider_map=dict(inherited), builder=self,
                                  declared=declared_objects(files), complete=self.is_complete(directory, files))
        local_exprs: dict = {}
        for f in files:
            for block in f.blocks:
                if block.type == "locals":
                    for name, attr in block.attributes.items():
                        local_exprs[name] = attr.expr
                elif block.type == "output" and block.labels and "value" in block.attributes:
                    instance.output_attributes[block.labels[0]] = block.attributes["value"]
                elif block.type == "module" and block.labels:
                    instance.call_blocks[block.labels[0]] = block
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
        for name in sorted(instance.call_blocks):
            instance.call(name)
        return instance

    def is_complete(self, directory: str, files: list[ParsedFile]) -> bool:
        """Whether ``files`` are every Terraform file of the folder, all parsed: only
        then is a name no file declares certainly undeclared (EDGE903)."""
        if directory not in self._complete:
            listed = module_folder(directory) if self.load_module is not None else None
            self._complete[directory] = listed is not None and bool(listed.files) and \
                set(listed.files) == {f.path for f in files}
        return self._complete[directory]

    def _add_resources(self, instance: ModuleInstance, block: Block) -> None:
        type_, name = block.labels
        mode = "managed" if block.type == "resource" else "data"
        local = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
        base = instance.address(local)
        repeat, keys, expansions = expand(instance, block, {})
        instance.groups[local] = InstanceGroup(base, repeat, keys)
        for key, bindings in expansions:
            address = base if repeat is None or keys is None else base + instance_key_text(key)
            resource = Resource(address, type_, name, mode, block, instance, key, bindings,
                                symbolic=repeat is not None and keys is None)
            instance.resources[address] = resource
            self.resources[address] = resource

    def build_call(self, caller: ModuleInstance, name: str, block: Block) -> CallSite:
        source_attr = block.attributes.get("source")
        source_value = caller.evaluate(source_attr.expr) if source_attr is not None else Unknown("no source")
        source = source_value.known if source_value.is_known and isinstance(source_value.known, str) else None
        repeat, keys, expansions = expand(caller, block, {})
        call = CallSite(name, block, caller, source, repeat, repeat is not None and keys is None)
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
        files = merge_overrides(loaded.files)
        declared = declared_variables(files)
        providers = _child_providers(caller, block)
        for key, bindings in expansions:
            path = caller.address(f"module.{name}")
            if repeat is not None and keys is not None:
                path += instance_key_text(key)
            inputs = ModuleInputs(declared, call, bindings)
            call.instances.append(self.instantiate(path, loaded.dir, files, inputs, caller,
                                                   caller.root_dir, call_names, providers))
        return call


def expand(instance: ModuleInstance, block: Block, bindings: dict
           ) -> tuple[str | None, list | None, list[tuple[Any, dict]]]:
    """A block's ``count``/``for_each``: (mode, known keys or None, [(key, bindings)]).

    Known collections give one entry per instance; an unknown one gives one symbolic
    entry whose ``each``/``count`` are Unknown; no meta-argument gives one entry."""
    if "count" in block.attributes:
        value = convert_value(instance.evaluate(block.attributes["count"].expr, bindings), NUMBER)
        n = value.known if value.is_known else None
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int) and not isinstance(n, bool) and n > MAX_INSTANCES:
            _over_budget(instance, block, f"count = {n}")
            return "count", None, [(None, {**bindings, "count": Unknown(TOO_LARGE)})]
        if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
            keys = list(range(n))
            return "count", keys, [(i, {**bindings, "count": Known({"index": i})}) for i in keys]
        return "count", None, [(None, {**bindings, "count": Unknown("count is not known")})]
    if "for_each" in block.attributes:
        value = instance.evaluate(block.attributes["for_each"].expr, bindings)
        items = for_each_items(value)
        if items is not None and len(items) > MAX_INSTANCES:
            _over_budget(instance, block, f"for_each over {len(items)} elements")
            return "for_each", None, [(None, {**bindings, "each": Unknown(TOO_LARGE)})]
        if items is None:
            symbol: Value = Unknown("for_each is over a collection that is not known")
            if isinstance(value, Ref) and not value.path:
                # for_each = aws_lb.api over a symbolic resource: each.value is "its" instance.
                symbol = Known({"key": Unknown(f"the keys of {value.address} are not known"), "value": value})
            return "for_each", None, [(None, {**bindings, "each": symbol})]
        return "for_each", [k for k, _ in items], [
            (k, {**bindings, "each": Known({"key": k, "value": v})}) for k, v in items]
    return None, None, [(None, dict(bindings))]


def _over_budget(instance: ModuleInstance, block: Block, what: str) -> None:
    if instance.builder is not None:
        name = ".".join((block.type, *block.labels)) if block.type != "resource" else ".".join(block.labels)
        instance.builder.notices.append((
            f"{name}: {what} is more than {MAX_INSTANCES} instances; checked as one instance whose "
            f"count.index / each is unknown", block.span.file))


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


def declared_objects(files: list[ParsedFile]) -> frozenset[str]:
    """The module-local addresses of every resource and data source declared."""
    return frozenset(
        (f"{b.labels[0]}.{b.labels[1]}" if b.type == "resource" else f"data.{b.labels[0]}.{b.labels[1]}")
        for f in files for b in f.blocks if b.type in ("resource", "data") and len(b.labels) == 2)


def declared_variables(files: list[ParsedFile]) -> dict[str, Block]:
    return {block.labels[0]: block for f in files for block in f.blocks
            if block.type == "variable" and block.labels}


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
    --var-file (in order) < --var. Values for undeclared variables are ignored.
    Each value enters its variable as Terraform converts it (``variables.Variable``)."""
    constant = Scope()
    variables = {name: read_variable(block) for name, block in declared.items()}
    values: dict[str, Value] = {}
    for name, variable in variables.items():
        values[name] = variable.unset(f"var.{name} has no default and no value in a tfvars file")
    for f in var_files:
        for name, attr in f.attributes.items():
            if name in declared:
                values[name] = variables[name].enter(Evaluator(constant).eval(attr.expr))
    for name, raw in cli_vars.items():
        if name in declared:
            values[name] = variables[name].enter(_cli_value(raw, variables[name].literal_cli_value))
    return values


def _cli_value(raw: str, literal: bool) -> Value:
    """``-var name=value``: the text itself for an untyped or ``string`` variable,
    an HCL expression for any other type (Terraform's parsing modes)."""
    if literal:
        return Known(raw)
    from edgelint.parse.hcl import parse_expression

    try:
        return Evaluator(Scope()).eval(parse_expression(raw))
    except Exception:
        return Unknown("a --var value that does not parse")


def resolver(instance: ModuleInstance):
    def resolve(address: str, path: tuple) -> Value:
        if address.startswith("module."):
            return _module_value(instance, address[len("module."):], path)
        group = instance.groups.get(address)
        if group is None:
            if instance.complete and address not in instance.declared:
                return Invalid(f"Reference to undeclared resource {address}")
            return Ref(instance.address(address), path)
        if path == (SPLAT,):
            return _splat_instances(group)
        return group.ref(path)

    return resolve


def _splat_instances(group: InstanceGroup) -> Value:
    """``x[*]`` of a resource: its instances as a list (a single resource is a list
    of one; a ``for_each`` map is wrapped, as a splat wraps any non-list value)."""
    if group.mode is None:
        return Known([Ref(group.base)])
    if group.keys is None:
        return Unknown(f"how many instances {group.base} has is not known", (Ref(group.base),))
    whole = group.ref(())
    return whole if group.mode == "count" else Known([whole.known])


def _module_value(instance: ModuleInstance, name: str, path: tuple) -> Value:
    """``module.<name>`` and what follows, in ``instance``: a child's outputs."""
    call = instance.call(name)
    if call is None:
        if name in instance.call_blocks:
            return Unknown(f"module.{name} depends on itself")
        return Invalid(f"module.{name} is not declared")
    if call.unresolved is not None:
        return Unknown(f"module.{name} is not read: {call.unresolved}")
    if call.mode is None or call.symbolic:
        if not call.instances:
            return Unknown(f"module.{name} has no instance")
        rest = path[1:] if call.symbolic and path and is_instance_key(path[0], call.mode) else path
        return _follow_outputs(call.instances[0], rest)
    by_key = {_last_key(i.path, call.mode): i for i in call.instances}
    if not path:
        objects = [by_key[k].outputs_object().known for k in by_key]
        return Known(objects if call.mode == "count" else dict(zip(by_key, objects)))
    key = instance_key(path[0], call.mode)
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
