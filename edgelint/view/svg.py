"""SVG of a topology, laid out by ``edgelint.view.layout`` top to bottom: a picture that
needs no Graphviz, no browser script and no network (the README's picture is one).

Each node is a ``<g class="node" id="node-ID">`` and each edge a ``<g class="edge">``
with a ``<title>`` tooltip (address, file and line, findings). Text is measured with
the metrics of the widest font the picture names (``edgelint.view.text``) and cut
with an ellipsis where it would be wider than a box may be, so it never overflows.
Edges on a path by which the Internet reaches an origin without passing through the
distribution (``network.bypass_edges``) are underlaid in a wide purple band.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from edgelint.view.layout import Box, layout
from edgelint.view.network import bypass_edges, layout_ranks, weak_components
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
from edgelint.view.text import fit_text, text_width
from edgelint.view.topology import Topology, TopoNode

FONT = "Helvetica, Arial, 'DejaVu Sans', sans-serif"
TITLE_SIZE, TEXT_SIZE, LABEL_SIZE = 13.0, 12.0, 11.0
LINE_HEIGHT, PAD_X, PAD_Y = 17.0, 12.0, 8.0
MAX_TEXT, MAX_LABEL = 300.0, 220.0  # the widest a line of a node or an edge label may be
MARGIN, GROUP_GAP, HEADER = 16.0, 28.0, 24.0
ROW_GAP = 40.0  # between rows of boxes (the layout's gap_y)
PART_GAP, SHELF_WIDTH = 40.0, 880.0  # between unconnected parts of a picture; the widest row of parts
BYPASS_COLOR = "#8250df"
BYPASS_TEXT = "Internet path that skips the distribution"
ROUND = {"viewers": 18.0, "accelerator": 18.0, "host": 18.0, "source": 4.0, "security-group": 2.0}


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(text: str) -> str:
    return xml_escape(clean(text))


def render_svg(topology: Topology, title: str = "") -> str:
    """A standalone SVG document, as wide and high as its content."""
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
    bypass = bypass_edges(topology)
    y0, width = MARGIN, 0.0
    for group, nodes in topology.by_group():
        ids = {n.id: i for i, n in enumerate(nodes)}
        edges = [e for e in topology.edges if e.source in ids and e.target in ids]
        drawn = [_fitted_lines(n) for n in nodes]
        boxes = [_box(lines) for lines in drawn]
        placed = _place(boxes, [(ids[e.source], ids[e.target]) for e in edges])
        top = y0 + (HEADER if grouped else 0.0)
        if grouped:
            out.append(f'<text class="group" x="{_num(MARGIN)}" y="{_num(y0 + TITLE_SIZE)}" '
                       f'font-size="{TITLE_SIZE}" font-weight="bold" fill="{PLAIN_STROKE}">{_text(group)}</text>')
        routes = [[(x + MARGIN, y + top) for x, y in points] for points in placed.routes]
        labels = [fit_text(edge_text(e), LABEL_SIZE, MAX_LABEL, bold=bool(e.findings)) for e in edges]
        spots = _label_spots(routes, [text_width(t, LABEL_SIZE, bold=bool(e.findings)) for t, e in zip(labels, edges)])
        out.append('<g class="bypass">')
        out += [_bypass(points) for e, points in zip(edges, routes) if (e.source, e.target) in bypass]
        out.append("</g>")
        out.append('<g class="edges">')
        for edge, points, label, spot in zip(edges, routes, labels, spots):
            out.append(_edge(edge, points, label, spot, (edge.source, edge.target) in bypass))
        out.append("</g>")
        out.append('<g class="nodes">')
        for node, lines, box in zip(nodes, drawn, placed.boxes):
            out.append(_node(node, lines, box.x + MARGIN, box.y + top, box.width, box.height))
        out.append("</g>")
        y0 = top + placed.height + GROUP_GAP
        width = max(width, placed.width + 2 * MARGIN)
    legend, legend_w = _legend(present_severities([*topology.nodes, *topology.edges]), bool(bypass),
                               y0 - GROUP_GAP + MARGIN)
    out.append(legend)
    height = y0 - GROUP_GAP + MARGIN + 2 * LINE_HEIGHT
    return "\n".join(out) + "\n", max(width, legend_w + 2 * MARGIN), height


@dataclass
class _Placed:
    boxes: list[Box]
    routes: list[list[tuple[float, float]]]  # one per edge, in order
    width: float
    height: float


def _place(boxes: list[Box], edges: list[tuple[int, int]]) -> _Placed:
    """Each connected part laid out on its own, the parts side by side in shelves no
    wider than ``SHELF_WIDTH`` (a folder of forty unrelated APIs wraps, it does not
    become one very wide picture)."""
    routes: list[list[tuple[float, float]]] = [[] for _ in edges]
    x = y = shelf = width = 0.0
    for part in weak_components(len(boxes), edges):
        local = {v: i for i, v in enumerate(part)}
        own = [k for k, (s, t) in enumerate(edges) if s in local]
        pairs = [(local[edges[k][0]], local[edges[k][1]]) for k in own]
        sub = layout([boxes[v] for v in part], pairs, layout_ranks(len(part), pairs), gap_y=ROW_GAP)
        if x and x + sub.width > SHELF_WIDTH:
            x, y, shelf = 0.0, y + shelf + PART_GAP, 0.0
        for box in sub.boxes:
            box.x, box.y = box.x + x, box.y + y
        for k, route in zip(own, _spread(sub.routes)):
            routes[k] = [(px + x, py + y) for px, py in route.points]
        width, shelf = max(width, x + sub.width), max(shelf, sub.height)
        x += sub.width + PART_GAP
    return _Placed(boxes, routes, width, y + shelf)


def _fitted_lines(node: TopoNode) -> list[tuple[str, float, bool]]:
    """The node's lines, each cut to the widest a box may be, with its size and weight."""
    lines = node_lines(node)
    out = []
    for i, line in enumerate(lines):
        findings_line = bool(node.findings) and i == len(lines) - 1
        size, bold = (TITLE_SIZE, True) if i == 0 else (TEXT_SIZE, findings_line)
        keep_end = i > 0 and not findings_line  # the detail: an address or a path
        out.append((fit_text(line, size, MAX_TEXT, bold, keep_end), size, bold))
    return out


def _box(lines: list[tuple[str, float, bool]]) -> Box:
    width = max(text_width(text, size, bold) for text, size, bold in lines)
    return Box(width + 2 * PAD_X, len(lines) * LINE_HEIGHT + 2 * PAD_Y)


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
            r.points = [(x + shift, y) for x, y in r.points]
        yield r


def _label_spots(routes: list[list[tuple[float, float]]], widths: list[float]) -> list[tuple[float, float]]:
    """Where each edge's label goes: in the gap below (or above) its source, moved
    sideways as little as needed so that labels in the same gap do not overlap."""
    spots = [_label_spot(p[0], p[1]) for p in routes]
    rows: dict[float, list[int]] = {}
    for i, (_x, y) in enumerate(spots):
        if widths[i]:
            rows.setdefault(round(y / 4), []).append(i)
    for members in rows.values():
        members.sort(key=lambda i: (spots[i][0], i))
        right, left = {}, {}
        edge = None
        for i in members:  # pushed rightwards
            x = spots[i][0] if edge is None else max(spots[i][0], edge + 8 + widths[i] / 2)
            right[i], edge = x, x + widths[i] / 2
        edge = None
        for i in reversed(members):  # pushed leftwards
            x = spots[i][0] if edge is None else min(spots[i][0], edge - 8 - widths[i] / 2)
            left[i], edge = x, x - widths[i] / 2
        for i in members:  # the mean of two packings that do not overlap does not overlap
            spots[i] = ((right[i] + left[i]) / 2, spots[i][1])
    return spots


def _label_spot(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    """The middle of the gap next to the source, on the way to ``end``: the middle of
    the stretch between adjacent rows, and never over a box of a row the edge crosses
    (an edge into the second row of a wrapped rank)."""
    (x0, y0), (x1, y1) = start, end
    dy = y1 - y0
    if not dy:
        return (x0 + x1) / 2, y0
    step = min(abs(dy) / 2, ROW_GAP / 2) * (1 if dy > 0 else -1)
    return x0 + (x1 - x0) * step / dy, y0 + step


def _path(points: list[tuple[float, float]]) -> str:
    """Cubic curves through the points, leaving and entering each vertically."""
    (x0, y0), rest = points[0], points[1:]
    d = [f"M{_num(x0)},{_num(y0)}"]
    for x1, y1 in rest:
        mid = (y0 + y1) / 2
        d.append(f"C{_num(x0)},{_num(mid)} {_num(x1)},{_num(mid)} {_num(x1)},{_num(y1)}")
        x0, y0 = x1, y1
    return " ".join(d)


def _bypass(points) -> str:
    return (f'<path d="{_path(points)}" fill="none" stroke="{BYPASS_COLOR}" stroke-opacity="0.35" '
            f'stroke-width="9" stroke-linecap="round"/>')


def _edge(edge, points, text: str, spot: tuple[float, float], bypass: bool) -> str:
    sev = edge.severity
    stroke = SEVERITY_COLORS[sev][1] if sev else PLAIN_STROKE
    css = "edge" + (f" sev-{sev}" if sev else "") + (" bypass" if bypass else "")
    label = xml_escape(clean(edge.label), {chr(34): "&quot;"})
    parts = [f'<g class="{css}" data-source="{edge.source}" data-target="{edge.target}" data-label="{label}">']
    tip = tooltip(edge)
    if tip:
        parts.append(f"<title>{xml_escape(tip)}</title>")
    width = 2.2 if sev else 1.2
    parts.append(f'<path d="{_path(points)}" fill="none" stroke="{stroke}" stroke-width="{width}" '
                 f'marker-end="url(#arrow-{sev or "plain"})"/>')
    if text:
        cx, cy = spot
        label_w = text_width(text, LABEL_SIZE, bold=bool(sev))
        parts.append(f'<rect x="{_num(cx - label_w / 2 - 3)}" y="{_num(cy - 8)}" width="{_num(label_w + 6)}" '
                     f'height="16" rx="3" fill="#ffffff" fill-opacity="0.92"/>')
        weight = ' font-weight="bold"' if sev else ""
        parts.append(f'<text x="{_num(cx)}" y="{_num(cy + 4)}" font-size="{LABEL_SIZE}" text-anchor="middle" '
                     f'fill="{stroke}"{weight}>{_text(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _node(node, lines, cx: float, cy: float, w: float, h: float) -> str:
    fill, stroke = fill_and_stroke(node)
    sev = node.severity
    css = f"node kind-{node.kind}" + (f" sev-{sev}" if sev else "")
    tip = tooltip(node)
    x, y = cx - w / 2, cy - h / 2
    address = f' data-address="{xml_escape(clean(node.address), {chr(34): "&quot;"})}"' if node.address else ""
    parts = [f'<g class="{css}" id="node-{node.id}" data-id="{node.id}"{address}>',
             f"<title>{xml_escape(tip)}</title>" if tip else "",
             f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
             f'rx="{_num(ROUND.get(node.kind, 7.0))}" fill="{fill}" stroke="{stroke}" '
             f'stroke-width="{2.2 if sev else 1.2}"{_dash(node.kind)}/>']
    for i, (line, size, bold) in enumerate(lines):
        ty = y + PAD_Y + (i + 1) * LINE_HEIGHT - 4
        colour = "#111111" if i == 0 else stroke if bold else "#444444"
        weight = ' font-weight="bold"' if bold else ""
        parts.append(f'<text x="{_num(cx)}" y="{_num(ty)}" text-anchor="middle" font-size="{_num(size)}"'
                     f'{weight} fill="{colour}">{_text(line)}</text>')
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


def _legend(severities: list[str], bypass: bool, y: float) -> tuple[str, float]:
    items = [(s, *SEVERITY_COLORS[s]) for s in severities] or [("no findings", "#ffffff", PLAIN_STROKE)]
    x = MARGIN
    parts = ['<g class="legend">']
    for name, fill, stroke in items:
        parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="14" rx="3" fill="{fill}" '
                     f'stroke="{stroke}" stroke-width="2"/>')
        parts.append(f'<text x="{_num(x + 20)}" y="{_num(y + 11)}" font-size="{TEXT_SIZE}" fill="#333333">'
                     f"{_text(name)}</text>")
        x += 20 + text_width(name, TEXT_SIZE) + 18
    if bypass:
        parts.append(f'<rect x="{_num(x)}" y="{_num(y + 3)}" width="22" height="8" rx="4" fill="{BYPASS_COLOR}" '
                     f'fill-opacity="0.35"/>')
        parts.append(f'<text x="{_num(x + 28)}" y="{_num(y + 11)}" font-size="{TEXT_SIZE}" fill="#333333">'
                     f"{_text(BYPASS_TEXT)}</text>")
        x += 28 + text_width(BYPASS_TEXT, TEXT_SIZE) + 18
    parts.append("</g>")
    return "".join(parts), x - MARGIN
