"""The reference graph's container: a small directed multigraph.

It offers the part of ``networkx.MultiDiGraph``'s interface that the pipeline uses
(``add_node``, ``add_edge``, ``nodes``, ``edges``, ``out_edges``, ``in_edges``,
``in``), with the
same iteration order, and ``to_networkx()`` for anything more (layouts, algorithms).
Importing networkx costs more than checking a whole small stack (about 0.15 s of a
0.3 s run), so ``edgelint check`` does not import it.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping


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


def reachable(start: str, links: Mapping[str, Iterable[str]]) -> set[str]:
    """``start`` and everything its links lead to, transitively (cycles are fine)."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _edge(u: str, v: str, attrs: dict, data) -> tuple:
    if data is False:
        return (u, v)
    if data is True:
        return (u, v, attrs)
    return (u, v, attrs.get(data))
