"""The topology as a ``networkx.DiGraph``, and the graph formats networkx writes.

``to_digraph`` is the graph the other views can ask questions of (what a distribution
reaches, which stack a node is in, which paths lead from the Internet to an origin);
``render_graphml`` and ``render_gexf`` hand it to yEd or Gephi through networkx's own
writers. networkx is imported here only, so it is loaded by ``edgelint graph`` and
never by ``edgelint check``.

A DiGraph holds one edge per (source, target); topology edges between the same two
nodes (a security group admitting the Internet on two ports) become one graph edge
whose ``parts`` are those topology edges and whose label joins theirs.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

import networkx as nx

from edgelint.view.style import clean
from edgelint.view.topology import TopoEdge, Topology, TopoNode, highest_severity


def to_digraph(topology: Topology) -> nx.DiGraph:
    """Nodes keyed by their ids with ``node`` (the ``TopoNode``) and its fields as
    attributes; edges with ``parts`` (the ``TopoEdge``s they stand for)."""
    graph = nx.DiGraph()
    for n in topology.nodes:
        graph.add_node(n.id, node=n, kind=n.kind, title=n.title, address=n.address, group=n.group,
                       instance=n.instance)
    for e in topology.edges:
        if graph.has_edge(e.source, e.target):
            graph.edges[e.source, e.target]["parts"].append(e)
        else:
            graph.add_edge(e.source, e.target, parts=[e])
    return graph


def layout_ranks(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """The row of each of ``count`` nodes in a top-to-bottom drawing: the longest path
    to it in the condensation of the graph (a cycle, such as two security groups that
    admit each other, shares one row), with a node nothing leads to placed just above
    the nearest thing it leads to (an API method beside its API, not at the top)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from((s, t) for s, t in edges if s != t)
    dag = nx.condensation(graph)
    order = list(nx.topological_sort(dag))
    rank: dict[int, int] = {}
    for c in order:
        rank[c] = max((rank[p] + 1 for p in dag.predecessors(c)), default=0)
    for c in reversed(order):
        if dag.in_degree(c) == 0 and dag.out_degree(c):
            rank[c] = min(rank[w] for w in dag.successors(c)) - 1
    low = min(rank.values(), default=0)
    mapping = dag.graph["mapping"]
    return [rank[mapping[v]] - low for v in range(count)]


def weak_components(count: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """The connected parts of a drawing (edges in either direction), each sorted, in
    the order of their first node."""
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    return sorted((sorted(part) for part in nx.connected_components(graph)), key=lambda part: part[0])


def _exported(topology: Topology) -> nx.DiGraph:
    """The graph with scalar attributes only (what GraphML and GEXF can hold), text from
    the configuration made printable."""
    out = nx.DiGraph(name="edgelint topology")
    for node_id, data in to_digraph(topology).nodes(data=True):
        n: TopoNode = data["node"]
        out.add_node(node_id, label=clean(n.title), kind=n.kind, detail=clean(n.detail),
                     address=clean(n.address), stack=clean(n.group), instance=clean(n.instance),
                     location=_location(n), **_overlay(n.findings))
    for source, target, data in to_digraph(topology).edges(data=True):
        parts: list[TopoEdge] = data["parts"]
        findings = [f for e in parts for f in e.findings]
        label = ", ".join(clean(e.label) for e in parts if e.label)
        out.add_edge(source, target, label=label, location=_location(parts[0]), **_overlay(findings))
    return out


def _overlay(findings) -> dict:
    return {"severity": highest_severity(findings) or "", "rules": " ".join(sorted({f.rule_id for f in findings})),
            "findings": len(set(findings))}


def _location(element: TopoNode | TopoEdge) -> str:
    return next((f"{clean(s.file)}:{s.line}" for s in element.spans), "")


def render_graphml(topology: Topology) -> str:
    return "\n".join(nx.generate_graphml(_exported(topology))) + "\n"


# networkx stamps today's date and its own version into GEXF; the same configuration
# must give the same bytes, whenever and with whichever networkx it is drawn.
_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')
_GEXF_CREATOR = re.compile(r"<creator>[^<]*</creator>")


def render_gexf(topology: Topology) -> str:
    text = "\n".join(nx.generate_gexf(_exported(topology)))
    return _GEXF_CREATOR.sub("<creator>edgelint</creator>", _GEXF_DATE.sub("", text), count=1) + "\n"


def bypass_edges(topology: Topology) -> set[tuple[str, str]]:
    """The edges on a path by which the Internet reaches what an origin points at
    without passing through the distribution: from the origin's target (a load
    balancer that is not internal, an API) down to the ``Internet`` its security
    groups admit. The drawing goes target → security group → Internet, so these are
    the edges between the target's descendants that lead to the Internet node."""
    graph = to_digraph(topology)
    out: set[tuple[str, str]] = set()
    for internet in (n for n in topology.nodes if n.kind == "source" and n.title == "Internet"):
        leads_in = nx.ancestors(graph, internet.id) | {internet.id}
        for origin in (n for n in topology.nodes if n.kind == "origin"):
            for target in graph.successors(origin.id):
                node: TopoNode = graph.nodes[target]["node"]
                if node.kind in ("access-control", "host") or "internal" in node.title.split():
                    continue
                on_path = ({target} | nx.descendants(graph, target)) & leads_in
                out |= {(u, v) for u, v in graph.subgraph(on_path).edges}
    return out


STACK_KINDS = ("distribution", "accelerator")


class NoSuchStack(ValueError):
    """``--stack`` names no distribution or accelerator; the message lists those there are."""


def stack_roots(topology: Topology) -> list[TopoNode]:
    """The nodes a stack starts from: each distribution and accelerator, in order."""
    return [n for n in topology.nodes if n.kind in STACK_KINDS]


def _stack_names(node: TopoNode) -> list[str]:
    """What a user may call a stack: its address, its resource name, ``module.cdn`` for
    the instance it is in."""
    names = [node.address, node.address.rsplit(".", 1)[-1]]
    return names + ([node.instance] if node.instance else [])


@dataclass
class StackView:
    """One picture of the HTML page: the stack of a distribution or accelerator (it,
    what it reaches, the Viewers in front of it and the resources that lead only into
    it, such as an API method of its API), or what in a folder serves no distribution."""

    root: TopoNode | None
    group: str
    topology: Topology


def stack_views(topology: Topology) -> list[StackView]:
    """Every distribution's and accelerator's stack, in order, then per folder the
    nodes no stack holds. A resource two distributions share is in both stacks."""
    graph = to_digraph(topology)
    roots = stack_roots(topology)
    members = {root.id: _members(graph, root.id) for root in roots}
    claimed = set().union(*members.values()) if members else set()
    loose = [n.id for n in topology.nodes if n.id not in claimed and n.kind != "viewers"]
    attached: set[str] = set()
    for node_id in loose:  # what leads into a stack and nowhere else belongs to it
        below = nx.descendants(graph, node_id)
        for root in roots:
            if below & members[root.id]:
                members[root.id] = members[root.id] | {node_id}
                attached.add(node_id)
    views = [StackView(root, root.group, _part(topology, members[root.id])) for root in roots]
    for group in topology.groups:
        rest = {n for n in loose if n not in attached and graph.nodes[n]["group"] == group}
        if rest:
            views.append(StackView(None, group, _part(topology, rest)))
    return views


def _members(graph: nx.DiGraph, root: str) -> set[str]:
    """The root, the parts of the same resource (an origin no behavior targets is still
    the distribution's), what they reach, and the Viewers in front of it."""
    address, group = graph.nodes[root]["address"], graph.nodes[root]["group"]
    own = {root} | {n for n, d in graph.nodes(data=True) if d["address"] == address and d["group"] == group}
    viewers = {p for p in graph.predecessors(root) if graph.nodes[p]["kind"] == "viewers"}
    return own.union(*(nx.descendants(graph, n) for n in own)) | viewers


def _part(topology: Topology, keep: set[str]) -> Topology:
    nodes = [n for n in topology.nodes if n.id in keep]
    edges = [e for e in topology.edges if e.source in keep and e.target in keep]
    return Topology(nodes, edges, sorted({n.group for n in nodes}), topology.notices)


def select_stacks(topology: Topology, pattern: str) -> Topology:
    """The part of the topology that serves the distributions or accelerators ``pattern``
    names (an address, a resource name or a module instance, shell wildcards allowed):
    each one's stack, as the HTML page draws it (``stack_views``)."""
    views = [v for v in stack_views(topology) if v.root is not None
             and any(name == pattern or fnmatch.fnmatchcase(name, pattern) for name in _stack_names(v.root))]
    if not views:
        known = ", ".join(clean(n.address) for n in stack_roots(topology)) or "none"
        raise NoSuchStack(f"--stack {clean(pattern)!r} names no distribution or accelerator (there are: {known})")
    return _part(topology, {n.id for v in views for n in v.topology.nodes})
