"""One self-contained HTML file: the SVG picture, a findings list, and a small
pan/zoom script of edgelint's own.

Nothing is fetched when the file is opened: no scripts, styles, fonts or images
from anywhere, and a Content-Security-Policy that forbids loading any (only the
inline style and script are allowed). Drag to pan, wheel or +/- to zoom, 0 or a
double click to fit; a finding in the list, or ``#node=ADDRESS`` (or ``#node=ID``) in the address,
centres its node.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from edgelint import __version__
from edgelint.findings import SEVERITY_RANK
from edgelint.view.style import SEVERITY_COLORS, clean
from edgelint.view.svg import FONT, svg_body
from edgelint.view.topology import Topology

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
html, body { margin: 0; height: 100%; font-family: FONT; color: #1f2328; background: #f6f8fa; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #d0d7de;
         background: #ffffff; font-size: 14px; }
header h1 { font-size: 15px; margin: 0; font-weight: 600; }
header .hint { color: #59636e; font-size: 12px; margin-left: auto; }
button { font: inherit; font-size: 13px; padding: 2px 10px; border: 1px solid #d0d7de; border-radius: 6px;
         background: #f6f8fa; cursor: pointer; }
main { flex: 1; display: flex; min-height: 0; }
#viewport { flex: 1; min-width: 0; background: #ffffff; cursor: grab; touch-action: none; }
#viewport.dragging { cursor: grabbing; }
#graph { width: 100%; height: 100%; display: block; user-select: none; }
aside { width: 340px; overflow: auto; border-left: 1px solid #d0d7de; background: #ffffff; font-size: 13px; }
aside h2 { font-size: 13px; margin: 10px 12px 4px; }
aside ol { margin: 0; padding: 0 12px 12px 30px; }
aside li { margin: 6px 0; cursor: pointer; }
aside li:hover { text-decoration: underline; }
aside .where { color: #59636e; font-family: ui-monospace, monospace; font-size: 12px; }
.sev { font-weight: 600; }
g.node.focused rect { stroke: #0969da; stroke-width: 4px; }
""".replace("FONT", FONT)

# Pan and zoom by moving the SVG viewBox. No library: this is all of it.
SCRIPT = """
(function () {
  "use strict";
  var svg = document.getElementById("graph");
  var port = document.getElementById("viewport");
  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, w: full.width, h: full.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) {
      return Math.round(v * 10) / 10; }).join(" "));
  }
  function scale() {  /* picture units per screen pixel */
    var r = svg.getBoundingClientRect();
    return Math.max(view.w / Math.max(r.width, 1), view.h / Math.max(r.height, 1));
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(Math.max(view.w * factor, home.w / 40), home.w * 8);
    var f = w / view.w;
    view.x = cx - (cx - view.x) * f; view.y = cy - (cy - view.y) * f;
    view.w = w; view.h = view.h * f; apply();
  }
  function point(evt) {
    var r = svg.getBoundingClientRect(), s = scale();
    var ox = (r.width * s - view.w) / 2, oy = (r.height * s - view.h) / 2;
    return { x: view.x - ox + (evt.clientX - r.left) * s, y: view.y - oy + (evt.clientY - r.top) * s };
  }
  function fit() { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
  function focus(id) {
    var node = document.getElementById("node-" + id);
    if (!node) { return false; }
    var b = node.getBBox();
    var w = Math.max(b.width * 4, home.w / 6);
    view.w = w; view.h = w * home.h / home.w;
    view.x = b.x + b.width / 2 - view.w / 2; view.y = b.y + b.height / 2 - view.h / 2; apply();
    Array.prototype.forEach.call(document.querySelectorAll("g.node.focused"), function (n) {
      n.classList.remove("focused"); });
    node.classList.add("focused");
    return true;
  }
  port.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = point(evt);
    zoom(Math.pow(1.0015, evt.deltaY), p.x, p.y);
  }, { passive: false });
  var drag = null;
  port.addEventListener("pointerdown", function (evt) {
    drag = { x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y, s: scale() };
    port.classList.add("dragging");
    if (port.setPointerCapture) { port.setPointerCapture(evt.pointerId); }
  });
  port.addEventListener("pointermove", function (evt) {
    if (!drag) { return; }
    view.x = drag.vx - (evt.clientX - drag.x) * drag.s;
    view.y = drag.vy - (evt.clientY - drag.y) * drag.s; apply();
  });
  function end() { drag = null; port.classList.remove("dragging"); }
  port.addEventListener("pointerup", end);
  port.addEventListener("pointercancel", end);
  port.addEventListener("dblclick", fit);
  document.addEventListener("keydown", function (evt) {
    var c = { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    if (evt.key === "+" || evt.key === "=") { zoom(0.8, c.x, c.y); }
    else if (evt.key === "-") { zoom(1.25, c.x, c.y); }
    else if (evt.key === "0") { fit(); }
  });
  document.getElementById("zoom-in").addEventListener("click", function () {
    zoom(0.8, view.x + view.w / 2, view.y + view.h / 2); });
  document.getElementById("zoom-out").addEventListener("click", function () {
    zoom(1.25, view.x + view.w / 2, view.y + view.h / 2); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  Array.prototype.forEach.call(document.querySelectorAll("[data-focus]"), function (item) {
    item.addEventListener("click", function () { focus(item.getAttribute("data-focus")); });
  });
  function fromHash() {
    // #node=ADDRESS (aws_lb.web, module.cdn["a"].aws_lb.x) or #node=ID (aws_lb_web)
    var m = /[#&]node=([^&]+)/.exec(location.hash);
    if (!m) { return; }
    var wanted;
    try { wanted = decodeURIComponent(m[1]); } catch (e) { wanted = m[1]; }
    if (document.getElementById("node-" + wanted)) { focus(wanted); return; }
    var nodes = document.querySelectorAll("[data-address]");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute("data-address") === wanted) { focus(nodes[i].getAttribute("data-id")); return; }
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.setAttribute("data-ready", "true");
})();
"""


def render_html(topology: Topology, title: str = "") -> str:
    body, width, height = svg_body(topology)
    heading = clean(title) or "edgelint graph"
    findings = _findings_list(topology)
    count = len(topology.findings)
    summary = f"{len(topology.nodes)} nodes, {len(topology.edges)} edges, " \
              f"{count} finding{'s' if count != 1 else ''}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="edgelint {__version__}">
<title>{xml_escape(heading)}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{xml_escape(heading)}</h1><span>{summary}</span>
<button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (-)">−</button>\
<button id="zoom-fit" title="fit (0, double click)">fit</button>
<span class="hint">drag to pan · wheel to zoom · hover for details</span></header>
<main>
<div id="viewport"><svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.1f} {height:.1f}" \
preserveAspectRatio="xMidYMid meet" font-family="{FONT}">
{body}</svg></div>
<aside>{findings}</aside>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _findings_list(topology: Topology) -> str:
    items = []
    for element in [*topology.nodes, *topology.edges]:
        node_id = getattr(element, "id", None) or element.source
        for f in element.findings:
            items.append(((-SEVERITY_RANK.get(f.severity, -1), *f.sort_key), node_id, f))
    if not items:
        return "<h2>No findings</h2>"
    out = [f"<h2>Findings ({len({f for _k, _n, f in items})}), most severe first</h2><ol>"]
    seen = set()
    for _key, node_id, f in sorted(items, key=lambda i: (i[0], i[1])):
        if f in seen:
            continue
        seen.add(f)
        color = SEVERITY_COLORS.get(f.severity, ("", "#333333"))[1]
        out.append(f'<li data-focus="{node_id}"><span class="sev" style="color:{color}">{xml_escape(f.rule_id)} '
                   f"{xml_escape(f.severity)}</span> {xml_escape(clean(f.shown_message))}<br>"
                   f'<span class="where">{xml_escape(clean(f.span.file))}:{f.span.line}:{f.span.col}</span></li>')
    out.append("</ol>")
    return "".join(out)
