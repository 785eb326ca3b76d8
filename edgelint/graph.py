"""Graph stage: a module's parsed files to its objects and the references between them.

Each module folder becomes a ``ModuleInstance`` (its variables resolved, its locals
ready to evaluate) and each resource, data source, variable, local and module call
a node of one ``networkx.MultiDiGraph``. An edge runs from the object that holds a
reference to the object it names, labelled with the attribute path that holds it
(``origin[0].domain_name``). The edge model asks the graph who refers to what
(which security group rules name this group, which association names this API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import networkx as nx

from edgelint.syntax import (
    Attribute, Block, Call, Conditional, ForExpr, Index, ObjectExpr, ParsedFile, Template,
    Traversal, TupleExpr, UnaryOp, BinaryOp,
)
from edgelint.values import Evaluator, Known, Ref, Scope, Unknown, Value, reference_address


@dataclass
class Resource:
    """A ``resource`` or ``data`` block of one module instance."""

    address: str  # full address, with the module path: module.cdn.aws_lb.api
    type: str
    name: str
    mode: str  # "managed" or "data"
    block: Block
    module: "ModuleInstance"

    @property
    def file(self) -> str:
        return self.block.span.file


@dataclass
class ModuleInstance:
    path: str  # "" for a root module
    dir: str
    files: list[ParsedFile]
    scope: Scope
    resources: dict[str, Resource] = field(default_factory=dict)
    providers: dict[str, Block] = field(default_factory=dict)  # "aws" / "aws.use1" → block

    def address(self, local: str) -> str:
        return f"{self.path}.{local}" if self.path else local

    def evaluate(self, expr, bindings: dict | None = None) -> Value:
        return Evaluator(self.scope, bindings).eval(expr)


@dataclass
class Config:
    """Every module instance of one check, their resources, and the reference graph."""

    modules: list[ModuleInstance]
    resources: dict[str, Resource]
    graph: nx.MultiDiGraph
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


def build_config(modules: list[tuple[str, list[ParsedFile], list[ParsedFile]]],
                 cli_vars: dict[str, str] | None = None,
                 var_files: list[ParsedFile] | None = None,
                 scan_root: str | None = None) -> Config:
    """``modules`` is (folder, parsed .tf files, parsed tfvars files) per module;
    ``scan_root`` is the folder ``file()`` and ``templatefile()`` may read in (None:
    they read nothing)."""
    graph = nx.MultiDiGraph()
    instances: list[ModuleInstance] = []
    resources: dict[str, Resource] = {}
    for directory, files, tfvars in modules:
        instance = _instantiate(directory, files, tfvars, var_files or [], cli_vars or {}, scan_root)
        instances.append(instance)
        resources.update(instance.resources)
        _add_edges(graph, instance)
    return Config(instances, resources, graph)


def _instantiate(directory: str, files: list[ParsedFile], tfvars: list[ParsedFile],
                 var_files: list[ParsedFile], cli_vars: dict[str, str],
                 scan_root: str | None = None) -> ModuleInstance:
    variables: dict[str, Block] = {}
    local_exprs: dict = {}
    for f in files:
        for block in f.blocks:
            if block.type == "variable" and block.labels:
                variables[block.labels[0]] = block
            elif block.type == "locals":
                for name, attr in block.attributes.items():
                    local_exprs[name] = attr.expr

    values = resolve_variables(variables, [*tfvars, *var_files], cli_vars)
    instance = ModuleInstance("", directory, files, Scope())
    instance.scope = Scope(values, local_exprs, directory, _resolver(instance), scan_root=scan_root)
    for f in files:
        for block in f.blocks:
            if block.type in ("resource", "data") and len(block.labels) == 2:
                type_, name = block.labels
                local = f"{type_}.{name}" if block.type == "resource" else f"data.{type_}.{name}"
                address = instance.address(local)
                instance.resources[address] = Resource(
                    address, type_, name, "managed" if block.type == "resource" else "data", block, instance)
            elif block.type == "provider" and block.labels:
                alias = instance.evaluate(block.attributes["alias"].expr) if "alias" in block.attributes else None
                key = block.labels[0] + (f".{alias.known}" if alias is not None and alias.is_known else "")
                instance.providers[key] = block
    return instance


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


def _resolver(instance: ModuleInstance):
    def resolve(address: str, path: tuple) -> Value:
        if address.startswith("module."):
            return Unknown(f"{address} outputs are not resolved")
        return Ref(instance.address(address), path)

    return resolve


# --- edges -------------------------------------------------------------------------------


def _add_edges(graph: nx.MultiDiGraph, instance: ModuleInstance) -> None:
    for f in instance.files:
        for block in f.blocks:
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


def _edges_from(graph: nx.MultiDiGraph, instance: ModuleInstance, source: str, label: str, expr,
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
    elif isinstance(expr, ForExpr):
        yield from traversals(expr.collection, bound)
        inner = bound | {expr.value_var} | ({expr.key_var} if expr.key_var else set())
        for part in (expr.key, expr.value, expr.cond):
            if part is not None:
                yield from traversals(part, inner)

