"""Text report: ``path:line:col: ID [severity] message``, the source line, a caret.

Everything taken from a scanned file goes through ``escape.inert``; messages and
source excerpts are cut to a readable width (a 1 MB line prints as a window around
the finding, not as a megabyte).
"""

from __future__ import annotations

from edgelint.escape import inert, line_start, shorten
from edgelint.findings import SEVERITIES, CheckResult, Finding
from edgelint.ruleset.diagnostics import UNRESOLVED_MODULE

_COLORS = {"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m", "info": "\x1b[37m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
MESSAGE_LIMIT = 1000
EXCERPT_WIDTH = 160


def render_text(result: CheckResult, color: bool = False, quiet: bool = False) -> str:
    """With ``quiet``, the findings and what went wrong only: no notes, no summary."""
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    for notice in result.notices:
        if quiet and notice.level == "note":
            continue
        where = f"{line_start(notice.path)}: " if notice.path else ""
        out.append(f"{where}{notice.level}: {inert(shorten(notice.message, MESSAGE_LIMIT))}")
    for f in result.reported:
        sev = paint(_COLORS.get(f.severity, ""), f"[{f.severity}]")
        message = inert(shorten(f.shown_message, MESSAGE_LIMIT))
        head = f"{line_start(f.span.file)}:{f.span.line}:{f.span.col}: {paint(_BOLD, f.rule_id)} {sev} {message}"
        out.append(head)
        out.extend(_excerpt(f, result.sources.get(f.span.file, ()), paint))
        out.extend(paint(_DIM, "   =") + " " + line for line in annotations(f))
    if not quiet:
        out.append(summary(result))
    return "\n".join(out) + "\n" if out else ""


def where(span) -> str:
    """``cdn.tf:7:3``"""
    return f"{span.file}:{span.line}:{span.col}"


def _place(span) -> str:
    return f"{inert(span.file)}:{span.line}"


def annotations(f: Finding) -> list[str]:
    """The lines under a finding: where its deciding value came from, source first
    (``value: "allow-all" from terraform.tfvars:2 → var.viewer_policy → cdn.tf:34``),
    then each related location (``note: origin 'alb' … at cdn.tf:7:3``)."""
    out = []
    if f.trail:
        first, rest = f.trail[0], f.trail[1:]
        head = f"{inert(shorten(first.message, MESSAGE_LIMIT))} from " if first.message else ""
        steps = [f"{head}{_place(first.span)}"]
        steps += [inert(shorten(s.message, MESSAGE_LIMIT)) if s.message else _place(s.span) for s in rest[:-1]]
        steps += [_place(s.span) for s in rest[-1:]]  # the attribute the finding is on, as its excerpt shows it
        out.append("value: " + " → ".join(steps))
    out += [f"note: {inert(shorten(r.message, MESSAGE_LIMIT))} at {inert(where(r.span))}" for r in f.related]
    return out


def _excerpt(f: Finding, lines: tuple[str, ...], paint) -> list[str]:
    if not 1 <= f.span.line <= len(lines):
        return []
    source = lines[f.span.line - 1].replace("\t", " ").rstrip("\r")
    start = max(f.span.col - 1, 0)
    if f.span.end_line == f.span.line and f.span.end_col > f.span.col:
        width = f.span.end_col - f.span.col
    else:  # a block: underline its first word (the block type)
        rest = source[start:]
        width = len(rest.split(" ", 1)[0].split("{", 1)[0]) or 1
    width = max(1, min(width, len(source) - start)) if len(source) > start else 1
    # A long line shows as a window around the finding.
    lo = 0
    if len(source) > EXCERPT_WIDTH:
        lo = max(0, min(start - EXCERPT_WIDTH // 4, len(source) - EXCERPT_WIDTH))
    hi = lo + EXCERPT_WIDTH
    end = min(start + width, hi)
    before = ("…" if lo > 0 else "") + inert(source[lo:start])
    marked = inert(source[start:end])
    after = inert(source[end:hi]) + ("…" if hi < len(source) else "")
    gutter = f"{f.span.line:>5}"
    return [f"{paint(_DIM, gutter + ' |')} {before}{marked}{after}",
            f"{paint(_DIM, ' ' * len(gutter) + ' |')} {' ' * len(before)}{paint(_COLORS.get(f.severity, ''), '^' * max(1, len(marked)))}"]


def summary(result: CheckResult) -> str:
    """``12 findings (5 high, 7 medium) in 3 files (5 checked).``, then what was left
    out, what can be fixed, the modules not checked (EDGE902: a notice about coverage,
    not counted as a finding) and the rules that failed."""
    reported = [f for f in result.reported if not is_coverage_notice(f)]
    checked = len(result.files)
    failed = len({n.rule_id for n in result.notices if n.rule_id and n.exception})
    # Never "No findings" without saying that a rule did not finish.
    caveat = f" {failed} rule{'s' if failed > 1 else ''} failed: findings may be missing." if failed else ""
    coverage = _not_checked(result)
    if not reported:
        return f"No findings in {_count(checked, 'file')}{_hidden(result)}.{coverage}{caveat}"
    counts = {s: sum(1 for f in reported if f.severity == s) for s in SEVERITIES}
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    noun = "finding" if len(reported) == 1 else "findings"
    with_findings = len({f.span.file for f in reported})
    where = _count(with_findings, "file") + (f" ({checked} checked)" if checked != with_findings else "")
    return f"{len(reported)} {noun} ({parts}) in {where}{_hidden(result)}.{_fixable(reported)}{coverage}{caveat}"


def is_coverage_notice(f: Finding) -> bool:
    """EDGE902 (a module whose source cannot be read): about what edgelint could see,
    not a defect of the code. Shown and counted apart from the findings."""
    return f.rule_id == UNRESOLVED_MODULE


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _not_checked(result: CheckResult) -> str:
    """`` 3 modules not checked: not found locally (EDGE902).``"""
    n = sum(1 for f in result.reported if is_coverage_notice(f))
    return f" {_count(n, 'module')} not checked: source not found locally ({UNRESOLVED_MODULE})." if n else ""


def _fixable(reported: list[Finding]) -> str:
    """`` 7 fixable with --fix (3 more with --unsafe-fixes).`` when fixes exist."""
    safe = sum(1 for f in reported if f.fix_safety == "safe")
    unsafe = sum(1 for f in reported if f.fix_safety == "unsafe")
    if not safe and not unsafe:
        return ""
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    return f" {safe} fixable with --fix{more}." if safe else f" {unsafe} fixable with --fix --unsafe-fixes."


def _hidden(result: CheckResult) -> str:
    """``; 2 suppressed, 3 in the baseline`` when findings were left out."""
    suppressed = sum(1 for f in result.findings if f.suppressed is not None)
    baselined = sum(1 for f in result.findings if f.baselined)
    parts = ([f"{suppressed} suppressed"] if suppressed else []) + ([f"{baselined} in the baseline"] if baselined else [])
    return f"; {', '.join(parts)}" if parts else ""
