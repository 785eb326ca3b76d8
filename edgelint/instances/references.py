"""The reference graph: one node per address (resources, data sources, variables,
locals, module calls, outputs), one edge per reference, labelled with the attribute
path that holds it (``origin[0].domain_name``).

``ReferenceGraph`` offers the part of ``networkx.MultiDiGraph``'s interface that the
pipeline uses (``add_node``, ``add_edge``, ``nodes``, ``edges``, ``out_edges``,
``in_edges``, ``in``), with the same iteration order, and ``to_networkx()`` for
anything more. Importing networkx costs more than checking a whole small stack, so
``edgelint check`` does not import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from edgelint.evaluate.addresses import reference_address

if TYPE_CHECKING:
    from edgelint.instances.tree import ModuleInstance, Resource
from edgelint.parse.syntax import (
    Attribute,
    BinaryOp,
    Block,
    Call,
    Conditional,
    ForExpr,
    Index,
    ObjectExpr,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
    Unsupported,
)

MAX_MODULE_DEPTH = 20
_META_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


class ReferenceGraph:
    def __init__(self) -> None:
        self._nodes: dict[str, dict] = {}
        self._succ: dict[str, dict[str, list[dict]]] = {}
        self._pred: dict[str, dict[str, list[dict]]] = {}

    @property
    def nodes(self) -> dict[str, dict]:
        """Node → attributes (iterates over the nodes, like networkx's node view)."""
        return self._nodes

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def add_node(self, node: str, **attrs) -> None:
        if node not in self._nodes:
            self._nodes[node] = {}
            self._succ[node] = {}
            self._pred[node] = {}
        self._nodes[node].update(attrs)

    def add_edge(self, source: str, target: str, **attrs) -> None:
        self.add_node(source)
        self.add_node(target)
        self._succ[source].setdefault(target, []).append(attrs)
        self._pred[target].setdefault(source, []).append(attrs)

    def edges(self, node: str | None = None, data=False) -> Iterator[tuple]:
        """Out-edges of ``node`` (all edges when None): ``(u, v)``, or ``(u, v, d)``
        with ``data=True``, or ``(u, v, d[data])`` with an attribute name."""
        for u in ([node] if node is not None else list(self._succ)):
            for v, parallel in self._succ.get(u, {}).items():
                for attrs in parallel:
                    yield _edge(u, v, attrs, data)

    out_edges = edges

    def in_edges(self, node: str, data=False) -> Iterator[tuple]:
        for u, parallel in self._pred.get(node, {}).items():
            for attrs in parallel:
                yield _edge(u, node, attrs, data)

    def to_networkx(self):
        import networkx as nx

        graph = nx.MultiDiGraph()
        for node, attrs in self._nodes.items():
            graph.add_node(node, **attrs)
        for u, targets in self._succ.items():
            for v, parallel in targets.items():
                for attrs in parallel:
                    graph.add_edge(u, v, **attrs)
        return graph



def _edge(u: str, v: str, attrs: dict, data) -> tuple:
    if data is False:
        return (u, v)
    if data is True:
        return (u, v, attrs)
    return (u, v, attrs.get(data))


def add_edges(graph: ReferenceGraph, instance: ModuleInstance) -> None:
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
    for t in named_traversals(expr, bound):
        yield t.root, t.steps


def named_traversals(expr, bound: frozenset = frozenset()) -> Iterator[Traversal]:
    """Every traversal from a name (``aws_lb.x.arn``, ``var.y``) in an expression,
    with its span, skipping names bound by for-expressions."""
    if isinstance(expr, Traversal):
        if isinstance(expr.root, str):
            if expr.root not in bound:
                yield expr
        else:
            yield from named_traversals(expr.root, bound)
        for step in expr.steps:
            if isinstance(step, Index):
                yield from named_traversals(step.key, bound)
    elif isinstance(expr, Template):
        for part in expr.parts:
            if not isinstance(part, str):
                yield from named_traversals(part, bound)
    elif isinstance(expr, TupleExpr):
        for item in expr.items:
            yield from named_traversals(item, bound)
    elif isinstance(expr, ObjectExpr):
        for key, value in expr.items:
            yield from named_traversals(key, bound)
            yield from named_traversals(value, bound)
    elif isinstance(expr, Call):
        for arg in expr.args:
            yield from named_traversals(arg, bound)
    elif isinstance(expr, Conditional):
        for part in (expr.cond, expr.then, expr.otherwise):
            yield from named_traversals(part, bound)
    elif isinstance(expr, BinaryOp):
        yield from named_traversals(expr.left, bound)
        yield from named_traversals(expr.right, bound)
    elif isinstance(expr, UnaryOp):
        yield from named_traversals(expr.operand, bound)
    elif isinstance(expr, Unsupported):
        for source in expr.sources:
            yield from named_traversals(source, bound)
    elif isinstance(expr, ForExpr):
        yield from named_traversals(expr.collection, bound)
        inner = bound | {expr.value_var} | ({expr.key_var} if expr.key_var else set())
        for part in (expr.key, expr.value, expr.cond):
            if part is not None:
                yield from named_traversals(part, inner)
