"""JSON report: a stable, versioned schema for scripts (documented in the README).

``{"version": 1, "tool": {...}, "summary": {...}, "findings": [...], "notices": [...]}``;
each finding has ``rule``, ``name``, ``severity``, ``message``, ``file``, ``line``,
``column``, ``end_line``, ``end_column``, ``module``, ``address``, ``attribute``,
``fingerprint``, ``related`` and ``flow`` (each ``file``/``line``/``column``/
``end_line``/``end_column``/``message``), ``fix``, ``suppressed`` (null, or the
justification of the inline comment: ``""`` when it gives none) and ``baselined``.
The README documents every field. Fields may be added within a version, never
removed or renamed.

The document is always valid UTF-8 JSON: strings from scanned files keep their
control characters (JSON escapes them), and lone surrogates (undecodable bytes of a
file name) become U+FFFD.
"""

from __future__ import annotations

from edgelint import __version__
from edgelint.escape import json_document
from edgelint.findings import SEVERITIES, CheckResult

SCHEMA_VERSION = 1


def render_json(result: CheckResult) -> str:
    reported = result.reported
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "edgelint", "version": __version__},
        "summary": {"files": len(result.files), "findings": len(reported),
                    "by_severity": {s: sum(1 for f in reported if f.severity == s) for s in SEVERITIES},
                    "suppressed": sum(1 for f in result.findings if f.suppressed is not None),
                    "baselined": sum(1 for f in result.findings if f.baselined)},
        "findings": [f.as_dict() for f in result.findings],
        "notices": [{"level": n.level, "message": n.message, "path": n.path, "rule": n.rule_id,
                     "address": n.address, "exception": n.exception}
                    for n in result.notices],
    }
    return json_document(doc)
