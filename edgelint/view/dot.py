"""Graphviz DOT of a topology (``dot -Tsvg graph.dot > graph.svg``).

Every identifier and label is a quoted DOT string with ``\\`` and ``"`` escaped, so
text from the scanned files cannot end a string or start an escape sequence of its
own (``\\N``, ``\\G``); lines are joined with DOT's centred line break ``\\n``.
"""

from __future__ import annotations

from edgelint.view.style import (
    EMPTY_TEXT,
    PLAIN_STROKE,
    SEVERITY_COLORS,
    clean,
    edge_text,
    fill_and_stroke,
    node_lines,
    tooltip,
)
from edgelint.view.topology import Topology

FONT = "Helvetica,Arial,sans-serif"
SHAPES = {
    "viewers": "oval", "accelerator": "oval", "host": "oval",
    "bucket": "cylinder", "security-group": "component", "source": "hexagon",
    "web-acl": "invtrapezium", "file": "note",
}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(lines: list[str]) -> str:
    """Lines joined with DOT's line break, each line escaped on its own."""
    return '"' + "\\n".join(quote(clean(line))[1:-1] for line in lines) + '"'


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in pairs) + "]"


def render_dot(topology: Topology, title: str = "") -> str:
    out = []
    if title:
        out.append(f"// {clean(title)}")
    out += [
        "digraph edgelint {",
        f'  graph [rankdir=LR, nodesep=0.25, ranksep=0.5, fontname="{FONT}", fontsize=11];',
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="{PLAIN_STROKE}", '
        f'fontname="{FONT}", fontsize=10];',
        f'  edge [color="{PLAIN_STROKE}", fontname="{FONT}", fontsize=9];',
    ]
    if not topology.nodes:
        out += [f"  empty [label={quote(EMPTY_TEXT)}, shape=plaintext];", "}"]
        return "\n".join(out) + "\n"
    grouped = len(topology.groups) > 1
    for i, (group, nodes) in enumerate(topology.by_group(), 1):
        indent = "  "
        if grouped:
            out.append(f"  subgraph cluster_{i} {{")
            out.append(f"    label={quote(clean(group))}; style=dashed; color={quote(PLAIN_STROKE)};")
            indent = "    "
        for node in nodes:
            fill, stroke = fill_and_stroke(node)
            attrs = [("label", _label(node_lines(node))), ("fillcolor", quote(fill))]
            if node.kind in SHAPES:
                attrs.append(("shape", SHAPES[node.kind]))
                attrs.append(("style", quote("filled")))
            if node.findings:
                attrs += [("color", quote(stroke)), ("penwidth", "2")]
            tip = tooltip(node)
            if tip:
                attrs.append(("tooltip", _label(tip.split("\n"))))
            out.append(f"{indent}{quote(node.id)} {_attrs(attrs)};")
        if grouped:
            out.append("  }")
    for edge in topology.edges:
        attrs = []
        text = edge_text(edge)
        if text:
            attrs.append(("label", quote(text)))
        if edge.findings:
            stroke = SEVERITY_COLORS[edge.severity][1]
            attrs += [("color", quote(stroke)), ("fontcolor", quote(stroke)), ("penwidth", "2")]
            attrs.append(("tooltip", _label(tooltip(edge).split("\n"))))
        suffix = f" {_attrs(attrs)}" if attrs else ""
        out.append(f"  {quote(edge.source)} -> {quote(edge.target)}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"
