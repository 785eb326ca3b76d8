"""Text report: ``path:line:col: ID [severity] message``, the source line, a caret.

Everything taken from a scanned file goes through ``escape.inert``; messages and
source excerpts are cut to a readable width (a 1 MB line prints as a window around
the finding, not as a megabyte).
"""

from __future__ import annotations

from edgelint.escape import inert, line_start, shorten
from edgelint.findings import SEVERITIES, CheckResult, Finding

_COLORS = {"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m", "info": "\x1b[37m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
MESSAGE_LIMIT = 1000
EXCERPT_WIDTH = 160


def render_text(result: CheckResult, color: bool = False) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    for notice in result.notices:
        where = f"{line_start(notice.path)}: " if notice.path else ""
        out.append(f"{where}{notice.level}: {inert(shorten(notice.message, MESSAGE_LIMIT))}")
    for f in result.reported:
        sev = paint(_COLORS.get(f.severity, ""), f"[{f.severity}]")
        message = inert(shorten(f.shown_message, MESSAGE_LIMIT))
        head = f"{line_start(f.span.file)}:{f.span.line}:{f.span.col}: {paint(_BOLD, f.rule_id)} {sev} {message}"
        out.append(head)
        out.extend(_excerpt(f, result.sources.get(f.span.file, ()), paint))
    out.append(summary(result))
    return "\n".join(out) + "\n"


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
    reported = result.reported
    files = len(result.files)
    file_word = "file" if files == 1 else "files"
    failed = len({n.rule_id for n in result.notices if n.rule_id and n.exception})
    # Never "No findings" without saying that a rule did not finish.
    caveat = f" {failed} rule{'s' if failed > 1 else ''} failed: findings may be missing." if failed else ""
    if not reported:
        return f"No findings in {files} {file_word}{_hidden(result)}.{caveat}"
    counts = {s: sum(1 for f in reported if f.severity == s) for s in SEVERITIES}
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    noun = "finding" if len(reported) == 1 else "findings"
    return f"{len(reported)} {noun} ({parts}) in {files} {file_word}{_hidden(result)}.{_fixable(reported)}{caveat}"


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
