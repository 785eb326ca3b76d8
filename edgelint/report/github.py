"""GitHub Actions report: one workflow command per finding, shown as an annotation.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=EDGE101 viewer-http-allowed::message``
(``::warning`` for medium, ``::notice`` for low and info, as SARIF levels map).

Everything that comes from the scanned files (paths, messages, resource names) is
escaped as the Actions runner expects: ``%``, ``\\r`` and ``\\n`` everywhere, and
``:`` and ``,`` in properties too. So every command is one line, and nothing in a
crafted file name or value can end a property early or start a second command.
Control characters (ANSI sequences) and the legacy ``##[`` marker are made inert
first (``escape.github_data`` / ``escape.github_property``, shared with the tests).
"""

from __future__ import annotations

from edgelint.escape import github_data as escape_data
from edgelint.escape import github_property as escape_property
from edgelint.findings import CheckResult, Finding
from edgelint.report.sarif import SARIF_LEVEL
from edgelint.report.text import summary

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def command(name: str, message: str, **properties) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value != "")
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(f: Finding) -> str:
    s = f.span
    return command(_COMMAND[SARIF_LEVEL.get(f.severity, "warning")], f.shown_message,
                   file=s.file, line=s.line, col=s.col, endLine=max(s.end_line, s.line), endColumn=s.end_col,
                   title=f"{f.rule_id} {f.rule_name}".strip())


def render_github(result: CheckResult) -> str:
    out = [command(_COMMAND.get(n.level, "warning"), f"edgelint: {n.message}", file=n.path)
           for n in result.notices]
    out.extend(_annotation(f) for f in result.reported)
    out.append(escape_data(summary(result)))  # a plain log line, not a command
    return "\n".join(out) + "\n"
