"""GitLab code quality report (``artifacts:reports:codequality``): a JSON array of
issues, each with ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location`` (``path`` relative to the repository root, ``lines.begin``/``end``).

GitLab compares the fingerprints of a merge request's report with its target
branch's to show what is new, so they hash the finding's identity (rule, module
folder, resource address, attribute path: stable when lines move, as SARIF's
``partialFingerprints``), with a counter where one identity occurs twice. Only the
reported findings are issues (not the suppressed or baselined ones). Severities map
onto GitLab's five: critical → blocker, high → critical, medium → major, low →
minor, info → info.
"""

from __future__ import annotations

import hashlib
import os

from edgelint.escape import json_document
from edgelint.findings import CheckResult
from edgelint.report import OutsideRoot

GITLAB_SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}


def render_gitlab(result: CheckResult, root: str | None = None) -> str:
    base = os.path.abspath(root or os.getcwd())
    issues = []
    seen: dict[str, int] = {}
    for f in result.reported:
        identity = f.hashed_identity(base)
        seen[identity] = seen.get(identity, 0) + 1
        fingerprint = identity if seen[identity] == 1 else hashlib.sha256(
            f"{identity}\0{seen[identity]}".encode()).hexdigest()[:32]
        issues.append({
            "type": "issue",
            "description": f"{f.rule_id} {f.shown_message}",
            "check_name": f"{f.rule_id} {f.rule_name}",
            "categories": ["Security"] if "security" in _tags(result, f.rule_id) else ["Bug Risk"],
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY.get(f.severity, "info"),
            "location": {"path": _path(f.span.file, base),
                         "lines": {"begin": f.span.line, "end": max(f.span.end_line, f.span.line)}},
        })
    return json_document(issues)


def _tags(result: CheckResult, rule_id: str) -> tuple[str, ...]:
    return next((r.tags for r in result.rules if r.id == rule_id), ())


def _path(path: str, base: str) -> str:
    absolute = os.path.abspath(path)
    if not (absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep)):
        raise OutsideRoot(f"{path} is outside the report root {base}: check from the repository root "
                          "or pass --sarif-root")
    return os.path.relpath(absolute, base).replace(os.sep, "/")
