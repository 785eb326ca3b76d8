"""JSON of a topology, for scripts and other drawing tools.

``{"version": 1, "tool", "groups", "nodes", "edges", "notices"}``. A node has ``id``,
``kind``, ``title``, ``detail``, ``address``, ``group``, ``locations``, ``severity``
(null without findings), ``rules`` and ``findings`` (as in ``check --format json``);
an edge has ``source``, ``target``, ``label``, ``locations``, ``severity``, ``rules``
and ``findings``. New fields may be added within version 1; none are removed or renamed.
"""

from __future__ import annotations

from edgelint import __version__
from edgelint.escape import json_document
from edgelint.findings import span_dict
from edgelint.view.topology import TopoEdge, Topology, TopoNode

SCHEMA_VERSION = 1


def _overlay(element: TopoNode | TopoEdge) -> dict:
    return {
        "locations": [span_dict(s) for s in element.spans],
        "severity": element.severity,
        "rules": element.rule_ids,
        "findings": [f.as_dict() for f in sorted(element.findings, key=lambda f: f.sort_key)],
    }


def render_graph_json(topology: Topology) -> str:
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "edgelint", "version": __version__},
        "groups": topology.groups,
        "nodes": [{"id": n.id, "kind": n.kind, "title": n.title, "detail": n.detail, "address": n.address,
                   "group": n.group, **_overlay(n)} for n in topology.nodes],
        "edges": [{"source": e.source, "target": e.target, "label": e.label, **_overlay(e)}
                  for e in topology.edges],
        "notices": topology.notices,
    }
    return json_document(doc)
