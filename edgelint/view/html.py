"""One self-contained HTML file: an overview of the stacks, each stack's picture, search,
filters and a details panel, with a small viewer script of edgelint's own.

The page opens on an overview, one card per distribution or accelerator (its name,
its origins by kind, its findings by severity) and one per folder for what serves no
distribution; a card opens that stack's picture (``network.stack_views``), drawn
at a scale where node text is at least ``MIN_TEXT_PX`` on screen, scrolling rather
than shrinking below it. With a single stack the page opens on it. Search finds
nodes by address or name; the filters keep the findings of a severity (or above) or
of one rule; a click on a node shows its address, where it is declared (a link
relative to the report), its findings and its neighbours. ``#node=ADDRESS`` (or
``#node=ID``) opens the stack of that node and selects it; ``#stack=ADDRESS`` opens
a stack.

Nothing is fetched when the file is opened: no scripts, styles, fonts or images
from anywhere, and a Content-Security-Policy that forbids loading any (only the
inline style and script are allowed). Each stack's picture waits in a ``<template>``
until it is opened, so a repository with hundreds of stacks stays a light page.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from edgelint import __version__
from edgelint.findings import SEVERITIES, SEVERITY_RANK
from edgelint.view.network import StackView, stack_views, to_digraph
from edgelint.view.style import SEVERITY_COLORS, clean
from edgelint.view.svg import FONT, TEXT_SIZE, svg_body
from edgelint.view.topology import KIND_NAMES, Topology

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
MIN_TEXT_PX = 11.2  # the smallest node text on screen when a stack opens (a little over 11 px)

STYLE = """
html, body { margin: 0; height: 100%; font-family: FONT; color: #1f2328; background: #f6f8fa; }
body { display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; gap: 8px 10px; align-items: center; padding: 8px 12px;
         border-bottom: 1px solid #d0d7de; background: #ffffff; font-size: 14px; }
header h1 { font-size: 15px; margin: 0; font-weight: 600; max-width: 320px; overflow: hidden;
            text-overflow: ellipsis; white-space: nowrap; }
#view-title { font-size: 13px; overflow-wrap: anywhere; }
header .summary { color: #59636e; font-size: 13px; }
header .spacer { flex: 1; }
button, select, input { font: inherit; font-size: 13px; padding: 3px 8px; border: 1px solid #d0d7de;
         border-radius: 6px; background: #f6f8fa; color: inherit; }
button { cursor: pointer; }
input[type=search] { width: 200px; background: #ffffff; }
main { flex: 1; display: flex; min-height: 0; }
#overview { flex: 1; overflow: auto; padding: 16px; }
#overview h2 { font-size: 14px; margin: 4px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; margin-bottom: 20px; }
.card { display: flex; flex-direction: column; gap: 4px; text-align: left; padding: 10px 12px; background: #ffffff;
        border: 1px solid #d0d7de; border-radius: 8px; font-size: 13px; min-width: 0; }
.card:hover, .card:focus { border-color: #0969da; outline: none; box-shadow: 0 0 0 2px #b6d4fb; }
.card .kind { color: #59636e; font-size: 12px; }
.card .name { font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
.card .where, .card .origins { color: #59636e; font-size: 12px; overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: 4px; }
.count { border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; border: 1px solid; }
.count.none { color: #59636e; border-color: #d0d7de; font-weight: normal; }
#viewport { flex: 1; min-width: 0; overflow: auto; display: flex; background: #ffffff; cursor: grab; }
#viewport.dragging { cursor: grabbing; }
#viewport svg { margin: auto; flex: none; display: block; user-select: none; }
aside { width: 360px; flex: none; overflow: auto; border-left: 1px solid #d0d7de; background: #ffffff; font-size: 13px; }
aside section { padding: 4px 12px 10px; border-bottom: 1px solid #eaeef2; }
aside h2 { font-size: 13px; margin: 8px 0 6px; }
aside ol, aside ul { margin: 0; padding-left: 20px; }
aside li { margin: 5px 0; }
aside .link, .card { cursor: pointer; }
aside .link:hover { text-decoration: underline; }
.where, code { color: #59636e; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 12px;
               overflow-wrap: anywhere; }
a { color: #0969da; }
.sev { font-weight: 600; }
[hidden] { display: none !important; }
g.node { cursor: pointer; }
g.node.focused rect { stroke: #0969da; stroke-width: 4px; }
g.node.match rect { stroke: #0969da; stroke-width: 3px; stroke-dasharray: 6 3; }
g.dim { opacity: 0.25; }
""".replace("FONT", FONT) + "".join(
    f".count.sev-{name} {{ background: {fill}; color: {stroke}; border-color: {stroke}; }}\n"
    for name, (fill, stroke) in SEVERITY_COLORS.items())

# The viewer: overview, one stack at a time, zoom by resizing the picture, pan by
# scrolling, search, filters, details. No library: this is all of it.
SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var port = document.getElementById("viewport"), overview = document.getElementById("overview");
  var details = document.getElementById("details"), results = document.getElementById("results");
  var findingsBox = document.getElementById("findings"), heading = document.getElementById("view-title");
  var current = null, svg = null, size = null, zoomLevel = 1, selected = null, dragged = false;
  var filter = { severity: "", rule: "", query: "" };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function wanted(f) {
    return (!filter.severity || RANK[f.severity] >= RANK[filter.severity]) && (!filter.rule || f.rule === filter.rule);
  }
  function filtering() { return Boolean(filter.severity || filter.rule); }
  function anyWanted(list) { return list.some(function (i) { return wanted(data.findings[i]); }); }
  function queryHits(id) {
    var n = data.nodes[id], q = filter.query.toLowerCase();
    return Boolean(q) && (n.address + " " + n.title + " " + n.detail).toLowerCase().indexOf(q) >= 0;
  }

  // --- zoom and pan ---------------------------------------------------------------
  function readable() { return data.min_text / data.smallest_text; }
  function setZoom(z, cx, cy) {
    var r = port.getBoundingClientRect();
    var fx = (port.scrollLeft + (cx === undefined ? r.width / 2 : cx)) / (size.w * zoomLevel);
    var fy = (port.scrollTop + (cy === undefined ? r.height / 2 : cy)) / (size.h * zoomLevel);
    zoomLevel = Math.min(Math.max(z, 0.05), 6);
    svg.setAttribute("width", (size.w * zoomLevel).toFixed(1));
    svg.setAttribute("height", (size.h * zoomLevel).toFixed(1));
    port.scrollLeft = fx * size.w * zoomLevel - (cx === undefined ? r.width / 2 : cx);
    port.scrollTop = fy * size.h * zoomLevel - (cy === undefined ? r.height / 2 : cy);
  }
  function fit() {  /* the whole stack if it is readable so, else readable and scrolled */
    var r = port.getBoundingClientRect();
    var z = Math.min(r.width / size.w, r.height / size.h, 1.5);
    setZoom(Math.max(z, readable()));
    port.scrollLeft = Math.max(0, (svg.getBoundingClientRect().width - r.width) / 2);
    port.scrollTop = 0;
  }
  port.addEventListener("wheel", function (evt) {
    if (!svg || !(evt.ctrlKey || evt.metaKey)) { return; }
    evt.preventDefault();
    var r = port.getBoundingClientRect();
    setZoom(zoomLevel * Math.pow(0.998, evt.deltaY), evt.clientX - r.left, evt.clientY - r.top);
  }, { passive: false });
  var drag = null;
  port.addEventListener("pointerdown", function (evt) {
    drag = { x: evt.clientX, y: evt.clientY, left: port.scrollLeft, top: port.scrollTop };
    dragged = false;
  });
  port.addEventListener("pointermove", function (evt) {
    if (!drag) { return; }
    var dx = evt.clientX - drag.x, dy = evt.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) { return; }
    dragged = true; port.classList.add("dragging");
    port.scrollLeft = drag.left - dx; port.scrollTop = drag.top - dy;
  });
  function endDrag() { drag = null; port.classList.remove("dragging"); }
  port.addEventListener("pointerup", endDrag);
  port.addEventListener("pointercancel", endDrag);
  port.addEventListener("dblclick", function () { if (svg) { fit(); } });
  port.addEventListener("click", function (evt) {
    var g = evt.target.closest ? evt.target.closest("g.node") : null;
    if (g && !dragged) { select(g.getAttribute("data-id"), false); }
  });

  // --- views ------------------------------------------------------------------------
  function showOverview() {
    current = null; svg = null; selected = null;
    port.hidden = true; port.textContent = ""; overview.hidden = false;
    heading.textContent = "all stacks";
    document.getElementById("back").hidden = true;
    details.hidden = true;
    refresh();
  }
  function openView(i) {
    if (current === i) { return; }
    var t = document.getElementById("view-" + i);
    current = i; selected = null;
    overview.hidden = true; port.hidden = false; port.textContent = "";
    port.appendChild(t.content.cloneNode(true));
    svg = port.querySelector("svg");
    size = { w: Number(t.getAttribute("data-width")), h: Number(t.getAttribute("data-height")) };
    heading.textContent = data.views[i].title;
    document.getElementById("back").hidden = data.views.length < 2;
    details.hidden = true;
    zoomLevel = 1; fit(); refresh();
  }
  function viewOf(id) {
    var views = data.nodes[id].views;
    return views.indexOf(current) >= 0 ? current : views[0];
  }
  function select(id, fromLink) {
    if (!data.nodes[id]) { return false; }
    openView(viewOf(id));
    Array.prototype.forEach.call(port.querySelectorAll("g.node.focused"), function (n) { n.classList.remove("focused"); });
    var g = document.getElementById("node-" + id);
    if (!g) { return false; }
    g.classList.add("focused"); selected = id;
    if (fromLink) { setZoom(Math.max(zoomLevel, 1)); }
    var r = port.getBoundingClientRect(), b = g.getBoundingClientRect();
    if (fromLink || b.left < r.left || b.right > r.right || b.top < r.top || b.bottom > r.bottom) {
      port.scrollLeft += b.left + b.width / 2 - (r.left + r.width / 2);
      port.scrollTop += b.top + b.height / 2 - (r.top + r.height / 2);
    }
    var n = data.nodes[id];
    history.replaceState(null, "", "#node=" + encodeURIComponent(n.address || id));
    showDetails(id);
    return true;
  }
  function showDetails(id) {
    var n = data.nodes[id];
    details.textContent = ""; details.hidden = false;
    details.appendChild(el("h2", {}, n.title));
    if (n.title.toLowerCase().indexOf(n.kind.toLowerCase()) < 0) { details.appendChild(el("div", { "class": "kind" }, n.kind)); }
    if (n.address) { details.appendChild(el("div", {}, "")).appendChild(el("code", { id: "details-address" }, n.address)); }
    if (n.detail && n.detail !== n.address) { details.appendChild(el("div", {}, n.detail)); }
    if (n.at) {
      var where = details.appendChild(el("div", { "class": "where" }, "declared at "));
      where.appendChild(el("a", { href: n.href }, n.at));
    }
    var own = n.findings.filter(function (i) { return wanted(data.findings[i]); });
    details.appendChild(el("h2", {}, own.length ? "Findings (" + own.length + ")" : "No findings"));
    if (own.length) { details.appendChild(findingList(own, false)); }
    if (n.related.length) {
      details.appendChild(el("h2", {}, "Related"));
      var ul = details.appendChild(el("ul"));
      n.related.forEach(function (rel) {
        var other = data.nodes[rel[0]];
        var li = ul.appendChild(el("li"));
        li.appendChild(document.createTextNode((rel[1] === "out" ? "→ " : "← ") + (rel[2] ? rel[2] + ": " : "")));
        var link = li.appendChild(el("span", { "class": "link", "data-node": rel[0] }, other.title));
        if (other.address) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("code", {}, other.address)); }
        link.addEventListener("click", function () { select(rel[0], true); });
      });
    }
  }
  function findingList(indices, linked) {
    var ol = el("ol");
    indices.forEach(function (i) {
      var f = data.findings[i], li = ol.appendChild(el("li"));
      var head = li.appendChild(el("span", { "class": "sev" + (linked ? " link" : ""), style: "color:" + data.colors[f.severity] },
                                   f.rule + " " + f.severity));
      li.appendChild(document.createTextNode(" " + f.message));
      li.appendChild(el("br"));
      li.appendChild(el("a", { "class": "where", href: f.href }, f.at));
      if (linked) { head.addEventListener("click", function () { select(f.node, true); }); }
    });
    return ol;
  }

  // --- search, filters, the lists ---------------------------------------------------
  function refresh() {
    var indices = current === null ? data.findings.map(function (_f, i) { return i; }) : data.views[current].findings;
    indices = indices.filter(function (i) { return wanted(data.findings[i]); });
    findingsBox.textContent = "";
    findingsBox.appendChild(el("h2", {}, indices.length ? "Findings (" + indices.length + "), most severe first" : "No findings"));
    if (indices.length) { findingsBox.appendChild(findingList(indices, true)); }
    Array.prototype.forEach.call(document.querySelectorAll(".card"), function (card) {
      var v = data.views[Number(card.getAttribute("data-view"))];
      var q = filter.query.toLowerCase();
      var hit = !q || v.search.indexOf(q) >= 0 || v.nodes.some(queryHits);
      card.hidden = !hit || (filtering() && !anyWanted(v.findings));
    });
    if (svg) {
      Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
        var n = data.nodes[g.getAttribute("data-id")];
        g.classList.toggle("dim", filtering() && !anyWanted(n.findings));
        g.classList.toggle("match", queryHits(g.getAttribute("data-id")));
      });
      Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (g) {
        var list = data.edges[[g.getAttribute("data-source"), g.getAttribute("data-target"),
                               g.getAttribute("data-label")].join(">")] || [];
        g.classList.toggle("dim", filtering() && !anyWanted(list));
      });
    }
    if (selected) { showDetails(selected); }
    results.textContent = "";
    results.hidden = !filter.query;
    if (filter.query) {
      var hits = Object.keys(data.nodes).filter(queryHits).sort();
      results.appendChild(el("h2", {}, hits.length ? "Search: " + hits.length + " node" + (hits.length === 1 ? "" : "s")
                                                     : "Search: nothing matches"));
      var ul = results.appendChild(el("ul"));
      hits.slice(0, 50).forEach(function (id) {
        var li = ul.appendChild(el("li")), n = data.nodes[id];
        var link = li.appendChild(el("span", { "class": "link", "data-node": id }, n.title));
        if (n.address) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("code", {}, n.address)); }
        link.addEventListener("click", function () { select(id, true); });
      });
    }
  }
  var search = document.getElementById("search");
  search.addEventListener("input", function () { filter.query = search.value.trim(); refresh(); });
  search.addEventListener("keydown", function (evt) {
    if (evt.key !== "Enter") { return; }
    var first = Object.keys(data.nodes).filter(queryHits).sort()[0];
    if (first) { select(first, true); }
  });
  document.getElementById("severity").addEventListener("change", function (evt) { filter.severity = evt.target.value; refresh(); });
  document.getElementById("rule").addEventListener("change", function (evt) { filter.rule = evt.target.value; refresh(); });
  Array.prototype.forEach.call(document.querySelectorAll(".card"), function (card) {
    card.addEventListener("click", function () { location.hash = "stack=" + encodeURIComponent(card.getAttribute("data-key")); });
  });
  document.getElementById("back").addEventListener("click", function () { location.hash = ""; });
  document.getElementById("zoom-in").addEventListener("click", function () { if (svg) { setZoom(zoomLevel * 1.25); } });
  document.getElementById("zoom-out").addEventListener("click", function () { if (svg) { setZoom(zoomLevel * 0.8); } });
  document.getElementById("zoom-fit").addEventListener("click", function () { if (svg) { fit(); } });
  document.addEventListener("keydown", function (evt) {
    if (evt.target && (evt.target.tagName === "INPUT" || evt.target.tagName === "SELECT")) { return; }
    if (evt.key === "/") { evt.preventDefault(); search.focus(); }
    if (!svg) { return; }
    if (evt.key === "+" || evt.key === "=") { setZoom(zoomLevel * 1.25); }
    else if (evt.key === "-") { setZoom(zoomLevel * 0.8); }
    else if (evt.key === "0") { fit(); }
  });

  // --- deep links ---------------------------------------------------------------------
  function decoded(text) { try { return decodeURIComponent(text); } catch (e) { return text; } }
  function nodeNamed(name) {
    if (data.nodes[name]) { return name; }
    return Object.keys(data.nodes).sort().filter(function (id) { return data.nodes[id].address === name; })[0];
  }
  function route() {
    var hash = location.hash.replace(/^#/, ""), m;
    if ((m = /(?:^|&)node=([^&]+)/.exec(hash))) {
      var id = nodeNamed(decoded(m[1]));
      if (id && select(id, true)) { return; }
    }
    if ((m = /(?:^|&)stack=([^&]+)/.exec(hash))) {
      var key = decoded(m[1]);
      for (var i = 0; i < data.views.length; i++) {
        if (data.views[i].key === key) { openView(i); return; }
      }
    }
    if (data.views.length === 1) { openView(0); } else { showOverview(); }
  }
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", function () { if (svg && zoomLevel < readable()) { setZoom(readable()); } });
  route();
  document.body.setAttribute("data-ready", "true");
})();
"""


def render_html(topology: Topology, title: str = "", base: str | None = None) -> str:
    """The page; file links are relative to ``base``, the folder the page is written
    to (the working directory when it goes to stdout)."""
    base = os.path.abspath(base or os.curdir)
    heading = clean(title) or "edgelint graph"
    views = stack_views(topology)
    data = _page_data(topology, views, base)
    count = len(data["findings"])
    stacks = sum(1 for v in views if v.root is not None)
    summary = f"{stacks} stack{'s' if stacks != 1 else ''}, {len(topology.nodes)} nodes, " \
              f"{count} finding{'s' if count != 1 else ''}"
    rules = sorted({f["rule"] for f in data["findings"]})
    rule_options = "".join(f'<option value="{xml_escape(r)}">{xml_escape(r)}</option>' for r in rules)
    severity_options = "".join(f'<option value="{s}">{s}{" or above" if s != SEVERITIES[0] else ""}</option>'
                               for s in SEVERITIES)
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
<header><h1 title="{xml_escape(heading, {chr(34): "&quot;"})}">{xml_escape(heading)}</h1><button id="back" hidden title="back to the overview">← all stacks</button>\
<span id="view-title"></span><span class="summary">{summary}</span><span class="spacer"></span>
<input id="search" type="search" placeholder="search address or name (/)" aria-label="search nodes">
<select id="severity" aria-label="severity"><option value="">any severity</option>{severity_options}</select>
<select id="rule" aria-label="rule"><option value="">any rule</option>{rule_options}</select>
<button id="zoom-in" title="zoom in (+, ctrl+wheel)">+</button><button id="zoom-out" title="zoom out (-)">−</button>\
<button id="zoom-fit" title="fit (0, double click)">fit</button></header>
<main>
<div id="overview" hidden>{_overview(views, data)}</div>
<div id="viewport" hidden></div>
<aside><section id="details" hidden></section><section id="results" hidden></section>\
<section id="findings"></section></aside>
</main>
{"".join(_template(i, v) for i, v in enumerate(views))}
<script type="application/json" id="graph-data">{_json(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _template(index: int, view: StackView) -> str:
    body, width, height = svg_body(view.topology)
    return (f'<template id="view-{index}" data-width="{width:.1f}" data-height="{height:.1f}">'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.1f} {height:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}" font-family="{FONT}">\n{body}</svg></template>\n')


def _view_title(view: StackView) -> str:
    if view.root is None:
        return f"{view.group or '.'}: not behind a distribution or accelerator"
    return clean(view.root.address)


def _page_data(topology: Topology, views: list[StackView], base: str) -> dict:
    """What the script needs: every node (with its findings, neighbours and the views
    that show it), every finding, each view's nodes and findings."""
    graph = to_digraph(topology)
    ranked = []
    for n in topology.nodes:
        ranked += [(f, n.id, "") for f in n.findings]
    for e in topology.edges:
        ranked += [(f, e.source, f"{e.source}>{e.target}>{clean(e.label)}") for f in e.findings]
    ranked.sort(key=lambda item: (-SEVERITY_RANK.get(item[0].severity, -1), *item[0].sort_key, item[1], item[2]))
    findings, index = [], {}
    node_findings: dict[str, list[int]] = {n.id: [] for n in topology.nodes}
    edge_findings: dict[str, list[int]] = {}
    for f, node_id, edge_key in ranked:
        if f not in index:
            index[f] = len(findings)
            findings.append({"rule": f.rule_id, "severity": f.severity, "message": clean(f.shown_message),
                             "at": f"{clean(f.span.file)}:{f.span.line}:{f.span.col}",
                             "href": _href(f.span.file, base), "node": node_id})
        if index[f] not in node_findings[node_id]:
            node_findings[node_id].append(index[f])
        if edge_key:
            edge_findings.setdefault(edge_key, []).append(index[f])
    in_views: dict[str, list[int]] = {n.id: [] for n in topology.nodes}
    view_data = []
    for i, view in enumerate(views):
        ids = [n.id for n in view.topology.nodes]
        for node_id in ids:
            in_views[node_id].append(i)
        own = sorted({k for node_id in ids for k in node_findings[node_id]})
        key = clean(view.root.address) if view.root is not None else f"outside:{clean(view.group)}"
        search = " ".join([key, clean(view.group), *(clean(n.title) for n in view.topology.nodes[:1])]).lower()
        view_data.append({"key": key, "title": _view_title(view), "nodes": ids, "findings": own, "search": search})
    nodes = {}
    for n in topology.nodes:
        span = n.spans[0] if n.spans else None
        related = [[t, "out", clean(", ".join(e.label for e in d["parts"] if e.label))]
                   for t, d in graph.succ[n.id].items()]
        related += [[s, "in", clean(", ".join(e.label for e in d["parts"] if e.label))]
                    for s, d in graph.pred[n.id].items()]
        nodes[n.id] = {"address": clean(n.address), "title": clean(n.title), "detail": clean(n.detail),
                       "kind": KIND_NAMES.get(n.kind, n.kind), "findings": node_findings[n.id],
                       "at": f"{clean(span.file)}:{span.line}" if span else "",
                       "href": _href(span.file, base) if span else "", "related": sorted(related),
                       "views": in_views[n.id]}
    return {"nodes": nodes, "edges": edge_findings, "findings": findings, "views": view_data,
            "colors": {s: c[1] for s, c in SEVERITY_COLORS.items()}, "min_text": MIN_TEXT_PX,
            "smallest_text": TEXT_SIZE}


def _href(file: str, base: str) -> str:
    """A link to ``file`` from the folder the page is in."""
    path = os.path.relpath(os.path.abspath(file), base)
    return quote(path.replace(os.sep, "/"))


def _json(data: dict) -> str:
    """JSON that cannot end the script element it sits in."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _overview(views: list[StackView], data: dict) -> str:
    stacks = [(i, v) for i, v in enumerate(views) if v.root is not None]
    rest = [(i, v) for i, v in enumerate(views) if v.root is None]
    out = []
    if stacks:
        out.append(f"<h2>Distributions and accelerators ({len(stacks)})</h2><div class=\"cards\">")
        out += [_card(i, v, data) for i, v in stacks]
        out.append("</div>")
    if rest:
        out.append(f"<h2>Not behind a distribution or accelerator ({len(rest)} folders)</h2><div class=\"cards\">")
        out += [_card(i, v, data) for i, v in rest]
        out.append("</div>")
    return "".join(out) or "<h2>nothing to draw</h2>"


def _card(index: int, view: StackView, data: dict) -> str:
    info = data["views"][index]
    if view.root is not None:
        kind, name = clean(view.root.title), clean(view.root.address)
        origins = _origins(view)
    else:
        kind, name = "not behind a distribution", clean(view.group) or "."
        kinds = Counter(KIND_NAMES.get(n.kind, n.kind) for n in view.topology.nodes)
        origins = ", ".join(f"{c} {k}" for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0])))
    severities = Counter(data["findings"][i]["severity"] for i in info["findings"])
    counts = "".join(f'<span class="count sev-{s}">{severities[s]} {s}</span>' for s in SEVERITIES if severities[s]) \
        or '<span class="count none">no findings</span>'
    return (f'<button class="card" data-view="{index}" data-key="{xml_escape(info["key"], {chr(34): "&quot;"})}">'
            f'<span class="kind">{xml_escape(kind)}</span><span class="name">{xml_escape(name)}</span>'
            f'<span class="where">{xml_escape(clean(view.group) or ".")}</span>'
            f'<span class="origins">{xml_escape(origins)}</span><span class="counts">{counts}</span></button>')


def _origins(view: StackView) -> str:
    """``3 origins: 2 S3 bucket, 1 application load balancer`` (an accelerator's endpoints
    by the kind of what they are)."""
    topo = view.topology
    if view.root.kind == "distribution":
        kinds = Counter(n.detail or "origin" for n in topo.nodes if n.kind == "origin")
        noun = "origin"
    else:
        targets = {e.target for e in topo.edges if e.source == view.root.id}
        kinds = Counter(KIND_NAMES.get(n.kind, n.kind) for n in topo.nodes if n.id in targets)
        noun = "endpoint"
    total = sum(kinds.values())
    if not total:
        return f"no {noun}s drawn"
    listed = ", ".join(f"{c} {clean(k)}" for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0])))
    return f"{total} {noun}{'s' if total != 1 else ''}: {listed}"
