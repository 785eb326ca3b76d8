"""What every drawing of a topology shares: the words on a node and the colours of
severities, so that Mermaid, DOT, SVG and HTML tell the same story."""

from __future__ import annotations

from edgelint.escape import inert
from edgelint.findings import SEVERITIES
from edgelint.view.topology import TopoEdge, TopoNode

# Severity → (fill, stroke): light fills keep black text readable in light and dark themes.
SEVERITY_COLORS = {
    "critical": ("#f4c7c3", "#7f0000"),
    "high": ("#fde2e1", "#c62828"),
    "medium": ("#ffe9cc", "#e65100"),
    "low": ("#fff6c2", "#8d6e00"),
    "info": ("#e1efff", "#1565c0"),
}
PLAIN_FILL, PLAIN_STROKE = "#ffffff", "#5f6b7a"
SIDE_FILL = "#f3f4f6"  # viewers, traffic sources, hosts outside the configuration
SIDE_KINDS = frozenset({"viewers", "source", "host", "file"})
EMPTY_TEXT = "nothing to draw"


def clean(text: str) -> str:
    """Text from the scanned configuration, one line, control characters made visible."""
    return " ".join(inert(text).split())


def node_lines(node: TopoNode) -> list[str]:
    """The lines a node shows: what it is, which object, and its findings."""
    lines = [clean(node.title)]
    if node.detail:
        lines.append(clean(node.detail))
    if node.findings:
        lines.append(f"{node.severity}: {', '.join(node.rule_ids)}")
    return lines


def edge_text(edge: TopoEdge) -> str:
    """An edge's label with the rule IDs of its findings."""
    parts = [clean(edge.label)] if edge.label else []
    if edge.findings:
        parts.append(f"{edge.severity}: {', '.join(edge.rule_ids)}")
    return " · ".join(parts)


def tooltip(element: TopoNode | TopoEdge) -> str:
    """Where the element is declared and what was found there, one item a line."""
    lines = []
    if isinstance(element, TopoNode) and element.address:
        lines.append(clean(element.address))
    for span in element.spans[:1]:
        lines.append(f"{clean(span.file)}:{span.line}")
    for f in sorted(element.findings, key=lambda f: f.sort_key):
        lines.append(f"{f.rule_id} [{f.severity}] {clean(f.shown_message)}")
    return "\n".join(lines)


def fill_and_stroke(node: TopoNode) -> tuple[str, str]:
    if node.severity:
        return SEVERITY_COLORS[node.severity]
    return (SIDE_FILL if node.kind in SIDE_KINDS else PLAIN_FILL), PLAIN_STROKE


def present_severities(elements) -> list[str]:
    """The severities found among ``elements``, most severe first."""
    found = {e.severity for e in elements if e.severity}
    return [s for s in SEVERITIES if s in found]
