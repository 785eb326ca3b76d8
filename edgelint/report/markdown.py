"""Markdown report for a pull-request comment (or a job summary).

A summary table by severity and rule, the Mermaid topology of each stack that has
findings (the whole stack when it is small, else the paths with findings), and
each finding with its location, where its deciding value came from (``Finding.trail``)
and its rule's one-line fix. The first line is a
hidden marker (``<!-- edgelint-report -->``) by which a workflow finds and updates
its earlier comment.

Text from the scanned files is escaped: it cannot open HTML, links or emphasis, an
``@`` in it mentions nobody, and control characters show as ``\\xNN`` (``escape.inert``). GitHub refuses comments over 65,536 characters and
Mermaid blocks over 50,000, so the report stays under both and says what it left out.
"""

from __future__ import annotations

import re

from edgelint.escape import inert
from edgelint.findings import SEVERITIES, SEVERITY_RANK, CheckResult, Finding
from edgelint.report.text import summary
from edgelint.view.mermaid import render_mermaid
from edgelint.view.topology import build_topology

MARKER = "<!-- edgelint-report -->"
MAX_REPORT = 60_000  # GitHub's limit for a comment is 65,536
MAX_DIAGRAM = 40_000  # and Mermaid's default maxTextSize 50,000
FULL_STACK_NODES = 40  # larger stacks are drawn trimmed to the paths with findings
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Plain text that Markdown shows as it is."""
    text = " ".join(inert(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # a zero-width space: no mention, no team notification


def code(text: str) -> str:
    """An inline code span that holds any text."""
    text = " ".join(inert(text).split())
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def render_markdown(result: CheckResult) -> str:
    reported = result.reported
    out = [MARKER, f"## edgelint: {escape(summary(result))}", ""]
    if reported:
        out += _summary_table(reported)
    if result.notices:
        out += ["", "**Notices**", ""]
        out += [f"- {n.level}: {escape(n.message)}" + (f" ({code(n.path)})" if n.path else "")
                for n in result.notices]
    if reported:
        out += _topologies(result)
        out += ["", "### Findings", ""]
        fixes = {r.id: r.fix for r in result.rules}
        uris = {r.id: r.help_uri for r in result.rules}
        body_so_far = len("\n".join(out))
        by_severity = sorted(reported, key=lambda f: (-SEVERITY_RANK.get(f.severity, -1), f.sort_key))
        for i, f in enumerate(by_severity):
            item = _finding(i + 1, f, fixes.get(f.rule_id, ""), uris.get(f.rule_id, ""))
            if body_so_far + len(item) > MAX_REPORT:
                rest = len(reported) - i
                out.append(f"\n… and {rest} more finding{'s' if rest != 1 else ''}: run `edgelint check` "
                           "for the full list.")
                break
            out.append(item)
            body_so_far += len(item) + 1
    return "\n".join(out).rstrip("\n") + "\n"


def _summary_table(findings: list[Finding]) -> list[str]:
    counts: dict[tuple[str, str, str], int] = {}
    for f in findings:
        key = (f.severity, f.rule_id, f.rule_name)
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-SEVERITY_RANK.get(kv[0][0], -1), kv[0][1]))
    lines = ["| severity | rule | name | findings |", "|---|---|---|---:|"]
    lines += [f"| {sev} | {escape(rid)} | {escape(name)} | {n} |" for (sev, rid, name), n in rows]
    by_sev = [f"{sum(n for (s, _r, _n), n in counts.items() if s == sev)} {sev}" for sev in SEVERITIES
              if any(s == sev for s, _r, _n in counts)]
    lines.append(f"| **total** | | | **{len(findings)}** ({', '.join(by_sev)}) |")
    return lines


def _topologies(result: CheckResult) -> list[str]:
    topology = build_topology(result.stacks, result.reported)
    out: list[str] = []
    for group in topology.groups:
        part = topology.only_group(group)
        if not part.findings:
            continue
        note = ""
        if len(part.nodes) > FULL_STACK_NODES:
            trimmed = part.trimmed_to_findings()
            note = f"Trimmed to the paths with findings ({len(trimmed.nodes)} of {len(part.nodes)} nodes)."
            part = trimmed
        diagram = render_mermaid(part)
        out += ["", f"### Topology of {code(group)}", ""]
        if len(diagram) > MAX_DIAGRAM:
            out.append(f"Too large to draw here ({len(part.nodes)} nodes): run "
                       f"{code('edgelint graph ' + group + ' --findings-only --format html -o graph.html')}.")
            continue
        out += ["```mermaid", diagram.rstrip("\n"), "```"]
        if note:
            out += ["", note]
    return out


def _finding(number: int, f: Finding, fix: str, uri: str) -> str:
    rule = f"[{escape(f.rule_id)} {escape(f.rule_name)}]({uri})" if uri else f"{escape(f.rule_id)} {escape(f.rule_name)}"
    where = code(f"{f.span.file}:{f.span.line}:{f.span.col}")
    lines = [f"{number}. **{f.severity}** {rule} at {where}  ", f"   {escape(f.shown_message)}"]
    if f.trail:  # where the deciding value came from, source first
        first, *rest = f.trail
        steps = [(f"{code(first.message)} from " if first.message else "")
                 + code(f"{first.span.file}:{first.span.line}")]
        steps += [code(step.message or f"{step.span.file}:{step.span.line}") for step in rest]
        lines[-1] += "  "
        lines.append(f"   Value: {' → '.join(steps)}")
    if fix:
        lines[-1] += "  "
        mark = {"safe": " *(fixable with `--fix`)*", "unsafe": " *(fixable with `--fix --unsafe-fixes`)*"}
        lines.append(f"   **Fix:** {' '.join(fix.split())}.{mark.get(f.fix_safety, '')}")
    return "\n".join(lines)
