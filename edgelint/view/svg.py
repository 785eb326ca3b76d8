"""SVG of a topology, laid out by ``edgelint.report.layout``: a picture that needs no
Graphviz, no browser script and no network (the README's picture is one).

Each node is a ``<g class="node" id="node-ID">`` and each edge a ``<g class="edge">``
with a ``<title>`` tooltip (address, file and line, findings). Text widths are
estimated from character counts; the fonts are the viewer's sans-serif.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from edgelint.view.layout import Box, layout
from edgelint.view.style import (
    EMPTY_TEXT,
    PLAIN_STROKE,
    SEVERITY_COLORS,
    clean,
    edge_text,
    fill_and_stroke,
    node_lines,
    present_severities,
    tooltip,
)
from edgelint.view.topology import Topology

FONT = "Helvetica, Arial, 'DejaVu Sans', sans-serif"
TITLE_SIZE, TEXT_SIZE, LABEL_SIZE = 12.0, 11.0, 10.0
LINE_HEIGHT, PAD_X, PAD_Y = 15.0, 12.0, 8.0
MARGIN, GROUP_GAP, HEADER = 16.0, 28.0, 22.0
ROUND = {"viewers": 18.0, "accelerator": 18.0, "host": 18.0, "source": 4.0, "security-group": 2.0}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate that errs wide: average glyph width of common sans-serif faces."""
    return len(text) * size * (0.62 if bold else 0.58)


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(text: str) -> str:
    return xml_escape(clean(text))


def render_svg(topology: Topology, title: str = "") -> str:
    """A standalone SVG document."""
    body, width, height = svg_body(topology)
    heading = f"<title>{_text(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{_num(height)}" '
            f'viewBox="0 0 {_num(width)} {_num(height)}" font-family="{FONT}" role="img">'
            f"{heading}\n{body}</svg>\n")


def svg_body(topology: Topology) -> tuple[str, float, float]:
    """The SVG elements (styles, markers, edges, nodes, legend) and the picture's size."""
    out = [_defs(), '<rect class="background" width="100%" height="100%" fill="#ffffff"/>']
    if not topology.nodes:
        out.append(f'<text x="{MARGIN}" y="{MARGIN + TITLE_SIZE}" font-size="{TITLE_SIZE}" fill="{PLAIN_STROKE}">'
                   f"{_text(EMPTY_TEXT)}</text>")
        return "\n".join(out) + "\n", 240.0, 2 * MARGIN + TITLE_SIZE
    grouped = len(topology.groups) > 1
    y0, width = MARGIN, 0.0
    for group, nodes in topology.by_group():
        ids = {n.id: i for i, n in enumerate(nodes)}
        edges = [e for e in topology.edges if e.source in ids and e.target in ids]
        boxes = [_box(n) for n in nodes]
        labels = [text_width(edge_text(e), LABEL_SIZE, bold=bool(e.findings)) for e in edges]
        placed = layout(boxes, [(ids[e.source], ids[e.target]) for e in edges], labels)
        top = y0 + (HEADER if grouped else 0.0)
        if grouped:
            out.append(f'<text class="group" x="{_num(MARGIN)}" y="{_num(y0 + TITLE_SIZE)}" '
                       f'font-size="{TITLE_SIZE}" font-weight="bold" fill="{PLAIN_STROKE}">{_text(group)}</text>')
        out.append('<g class="edges">')
        for edge, route, label_w in zip(edges, _spread(placed.routes), labels):
            out.append(_edge(edge, [(x + MARGIN, y + top) for x, y in route.points], label_w))
        out.append("</g>")
        out.append('<g class="nodes">')
        for node, box in zip(nodes, placed.boxes):
            out.append(_node(node, box.x + MARGIN, box.y + top, box.width, box.height))
        out.append("</g>")
        y0 = top + placed.height + GROUP_GAP
        width = max(width, placed.width + 2 * MARGIN)
    legend, legend_w = _legend(present_severities([*topology.nodes, *topology.edges]), y0 - GROUP_GAP + MARGIN)
    out.append(legend)
    height = y0 - GROUP_GAP + MARGIN + 2 * LINE_HEIGHT
    return "\n".join(out) + "\n", max(width, legend_w + 2 * MARGIN), height


def _box(node) -> Box:
    lines = node_lines(node)
    widths = [text_width(lines[0], TITLE_SIZE, bold=True), *(text_width(t, TEXT_SIZE) for t in lines[1:])]
    return Box(max(widths) + 2 * PAD_X, len(lines) * LINE_HEIGHT + 2 * PAD_Y)


def _spread(routes):
    """Parallel edges (same two nodes) side by side instead of on top of each other."""
    seen: dict[tuple[int, int], int] = {}
    counts: dict[tuple[int, int], int] = {}
    for r in routes:
        counts[(r.source, r.target)] = counts.get((r.source, r.target), 0) + 1
    for r in routes:
        pair = (r.source, r.target)
        i = seen.get(pair, 0)
        seen[pair] = i + 1
        shift = (i - (counts[pair] - 1) / 2) * 14.0
        if shift:
            r.points = [(x, y + shift) for x, y in r.points]
        yield r


def _path(points: list[tuple[float, float]]) -> str:
    """Cubic curves through the points, leaving and entering each horizontally."""
    (x0, y0), rest = points[0], points[1:]
    d = [f"M{_num(x0)},{_num(y0)}"]
    for x1, y1 in rest:
        mid = (x0 + x1) / 2
        d.append(f"C{_num(mid)},{_num(y0)} {_num(mid)},{_num(y1)} {_num(x1)},{_num(y1)}")
        x0, y0 = x1, y1
    return " ".join(d)


def _edge(edge, points, label_w: float) -> str:
    sev = edge.severity
    stroke = SEVERITY_COLORS[sev][1] if sev else PLAIN_STROKE
    css = f"edge sev-{sev}" if sev else "edge"
    parts = [f'<g class="{css}" data-source="{edge.source}" data-target="{edge.target}">']
    tip = tooltip(edge)
    if tip:
        parts.append(f"<title>{xml_escape(tip)}</title>")
    width = 2.2 if sev else 1.2
    parts.append(f'<path d="{_path(points)}" fill="none" stroke="{stroke}" stroke-width="{width}" '
                 f'marker-end="url(#arrow-{sev or "plain"})"/>')
    text = edge_text(edge)
    if text:
        (x0, y0), (x1, y1) = points[0], points[1]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        parts.append(f'<rect x="{_num(cx - label_w / 2 - 3)}" y="{_num(cy - 7)}" width="{_num(label_w + 6)}" '
                     f'height="14" rx="3" fill="#ffffff" fill-opacity="0.9"/>')
        weight = ' font-weight="bold"' if sev else ""
        parts.append(f'<text x="{_num(cx)}" y="{_num(cy + 3.5)}" font-size="{LABEL_SIZE}" text-anchor="middle" '
                     f'fill="{stroke}"{weight}>{_text(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _node(node, cx: float, cy: float, w: float, h: float) -> str:
    fill, stroke = fill_and_stroke(node)
    sev = node.severity
    css = f"node kind-{node.kind}" + (f" sev-{sev}" if sev else "")
    tip = tooltip(node)
    lines = node_lines(node)
    x, y = cx - w / 2, cy - h / 2
    address = f' data-address="{xml_escape(clean(node.address), {chr(34): "&quot;"})}"' if node.address else ""
    parts = [f'<g class="{css}" id="node-{node.id}" data-id="{node.id}"{address}>',
             f"<title>{xml_escape(tip)}</title>" if tip else "",
             f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
             f'rx="{_num(ROUND.get(node.kind, 7.0))}" fill="{fill}" stroke="{stroke}" '
             f'stroke-width="{2.2 if sev else 1.2}"{_dash(node.kind)}/>']
    for i, line in enumerate(lines):
        ty = y + PAD_Y + (i + 1) * LINE_HEIGHT - 4
        if i == 0:
            attrs = f'font-size="{TITLE_SIZE}" font-weight="bold" fill="#111111"'
        elif sev and i == len(lines) - 1:
            attrs = f'font-size="{TEXT_SIZE}" font-weight="bold" fill="{stroke}"'
        else:
            attrs = f'font-size="{TEXT_SIZE}" fill="#444444"'
        parts.append(f'<text x="{_num(cx)}" y="{_num(ty)}" text-anchor="middle" {attrs}>{_text(line)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _dash(kind: str) -> str:
    return ' stroke-dasharray="4 3"' if kind in ("host", "file") else ""


def _defs() -> str:
    markers = [("plain", PLAIN_STROKE)] + [(s, c[1]) for s, c in SEVERITY_COLORS.items()]
    return "<defs>" + "".join(
        f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        for name, color in markers) + "</defs>"


def _legend(severities: list[str], y: float) -> tuple[str, float]:
    items = [(s, *SEVERITY_COLORS[s]) for s in severities] or [("no findings", "#ffffff", PLAIN_STROKE)]
    x = MARGIN
    parts = ['<g class="legend">']
    for name, fill, stroke in items:
        parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="14" rx="3" fill="{fill}" '
                     f'stroke="{stroke}" stroke-width="2"/>')
        parts.append(f'<text x="{_num(x + 20)}" y="{_num(y + 11)}" font-size="{TEXT_SIZE}" fill="#333333">'
                     f"{_text(name)}</text>")
        x += 20 + text_width(name, TEXT_SIZE) + 18
    parts.append("</g>")
    return "".join(parts), x - MARGIN
