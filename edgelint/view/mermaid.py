"""Mermaid flowchart of a topology: renders on GitHub in Markdown files and comments.

Labels are always quoted, and every character that means something to Mermaid or
to HTML (``"`` ``#`` ``<`` ``>`` ``&`` ``%`` backtick) is written as a Mermaid entity code
(``#34;``), so no text from the scanned files can change the diagram's structure.
Nodes with findings get a class per severity, edges a ``linkStyle``.
"""

from __future__ import annotations

from edgelint.view.style import (
    EMPTY_TEXT,
    SEVERITY_COLORS,
    clean,
    edge_text,
    node_lines,
    present_severities,
)
from edgelint.view.topology import Topology

# Node kind → Mermaid shape (opening, closing).
SHAPES = {
    "viewers": ("([", "])"),
    "accelerator": ("([", "])"),
    "host": ("([", "])"),
    "behavior": ("(", ")"),
    "origin": ("(", ")"),
    "origin-group": ("(", ")"),
    "listener": ("(", ")"),
    "stage": ("(", ")"),
    "bucket": ("[(", ")]"),
    "security-group": ("[[", "]]"),
    "source": ("{{", "}}"),
    "web-acl": ("[/", "\\]"),
    "file": ("[/", "/]"),
}
_SPECIAL = '"#<>&`%'


def escape(text: str) -> str:
    """Text for inside a quoted Mermaid label."""
    return "".join(f"#{ord(ch)};" if ch in _SPECIAL else ch for ch in clean(text))


def render_mermaid(topology: Topology, title: str = "") -> str:
    out = []
    if title:
        out.append(f"%% {clean(title).replace('%%', '%')}")
    out.append("flowchart LR")
    if not topology.nodes:
        out.append(f'  empty["{escape(EMPTY_TEXT)}"]')
        return "\n".join(out) + "\n"
    grouped = len(topology.groups) > 1
    for i, (group, nodes) in enumerate(topology.by_group(), 1):
        indent = "  "
        if grouped:
            out.append(f'  subgraph stack{i}["{escape(group)}"]')
            indent = "    "
        for node in nodes:
            opening, closing = SHAPES.get(node.kind, ("[", "]"))
            label = "<br/>".join(escape(line) for line in node_lines(node))
            out.append(f'{indent}{node.id}{opening}"{label}"{closing}')
        if grouped:
            out.append("  end")
    for edge in topology.edges:
        text = edge_text(edge)
        arrow = f'-->|"{escape(text)}"|' if text else "-->"
        out.append(f"  {edge.source} {arrow} {edge.target}")
    for severity in present_severities([*topology.nodes, *topology.edges]):
        fill, stroke = SEVERITY_COLORS[severity]
        out.append(f"  classDef {severity} fill:{fill},stroke:{stroke},stroke-width:2px,color:#000")
        ids = [n.id for n in topology.nodes if n.severity == severity]
        if ids:
            out.append(f"  class {','.join(ids)} {severity}")
        links = [str(i) for i, e in enumerate(topology.edges) if e.severity == severity]
        if links:
            out.append(f"  linkStyle {','.join(links)} stroke:{stroke},stroke-width:2px,color:{stroke}")
    return "\n".join(out) + "\n"
