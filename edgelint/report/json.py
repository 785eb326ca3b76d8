"""JSON report: a stable, versioned schema for scripts (documented in the README).

``{"version": 1, "tool": {...}, "summary": {...}, "findings": [...], "notices": [...]}``;
each finding has ``rule``, ``name``, ``severity``, ``message``, ``file``, ``line``,
``column``, ``end_line``, ``end_column``, ``module``, ``address``, ``attribute``,
``fingerprint``, ``related``, ``flow`` and ``trail`` (where the deciding value came
from, source first; each ``file``/``line``/``column``/
``end_line``/``end_column``/``message``), ``fix`` (the rule's "Use instead" in one
sentence), ``suppressed`` (null, or the
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
from edgelint.findings import SEVERITIES, CheckResult, Finding
from edgelint.report.text import is_coverage_notice

SCHEMA_VERSION = 1


def render_json(result: CheckResult) -> str:
    reported = result.reported
    fixes = {r.id: r.fix for r in result.rules}
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "edgelint", "version": __version__},
        "summary": {"files": len(result.files), "findings": len(reported),
                    "by_severity": {s: sum(1 for f in reported if f.severity == s) for s in SEVERITIES},
                    "suppressed": sum(1 for f in result.findings if f.suppressed is not None),
                    "baselined": sum(1 for f in result.findings if f.baselined),
                    "modules_not_checked": sum(1 for f in reported if is_coverage_notice(f))},
        "findings": [_finding(f, fixes) for f in result.findings],
        "notices": [{"level": n.level, "message": n.message, "path": n.path, "rule": n.rule_id,
                     "address": n.address, "exception": n.exception}
                    for n in result.notices],
    }
    return json_document(doc)


def _finding(f: Finding, fixes: dict[str, str]) -> dict:
    """``Finding.as_dict`` with the rule's fix sentence when the finding has none of
    its own."""
    doc = f.as_dict()
    doc["fix"] = f.fix or fixes.get(f.rule_id, "")
    return doc
