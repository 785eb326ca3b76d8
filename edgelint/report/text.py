"""Text report: ``path:line:col: ID [severity] message``, the source line, a caret."""

from __future__ import annotations

import re

from edgelint.findings import SEVERITIES, CheckResult, Finding

_COLORS = {"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m", "info": "\x1b[37m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str) -> str:
    """Text from scanned files made safe for a terminal: control characters and
    escape sequences are shown as ``\\xNN``, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_text(result: CheckResult, color: bool = False) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    out: list[str] = []
    for notice in result.notices:
        where = f"{inert(notice.path)}: " if notice.path else ""
        out.append(f"{where}{notice.level}: {inert(notice.message)}")
    for f in result.reported:
        sev = paint(_COLORS.get(f.severity, ""), f"[{f.severity}]")
        head = f"{inert(f.span.file)}:{f.span.line}:{f.span.col}: {paint(_BOLD, f.rule_id)} {sev} {inert(f.message)}"
        out.append(head)
        out.extend(_excerpt(f, result.sources.get(f.span.file, ()), paint))
    out.append(summary(result))
    return "\n".join(out) + "\n"


def _excerpt(f: Finding, lines: tuple[str, ...], paint) -> list[str]:
    if not 1 <= f.span.line <= len(lines):
        return []
    source = lines[f.span.line - 1].expandtabs(1).rstrip("\r")
    start = max(f.span.col - 1, 0)
    if f.span.end_line == f.span.line and f.span.end_col > f.span.col:
        width = f.span.end_col - f.span.col
    else:  # a block: underline its first word (the block type)
        rest = source[start:]
        width = len(rest.split(" ", 1)[0].split("{", 1)[0]) or 1
    width = max(1, min(width, len(source) - start)) if len(source) > start else 1
    gutter = f"{f.span.line:>5}"
    return [f"{paint(_DIM, gutter + ' |')} {inert(source)}",
            f"{paint(_DIM, ' ' * len(gutter) + ' |')} {' ' * start}{paint(_COLORS.get(f.severity, ''), '^' * width)}"]


def summary(result: CheckResult) -> str:
    reported = result.reported
    files = len(result.files)
    file_word = "file" if files == 1 else "files"
    if not reported:
        return f"No findings in {files} {file_word}{_hidden(result)}."
    counts = {s: sum(1 for f in reported if f.severity == s) for s in SEVERITIES}
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    noun = "finding" if len(reported) == 1 else "findings"
    return f"{len(reported)} {noun} ({parts}) in {files} {file_word}{_hidden(result)}."


def _hidden(result: CheckResult) -> str:
    """``; 2 suppressed, 3 in the baseline`` when findings were left out."""
    suppressed = sum(1 for f in result.findings if f.suppressed is not None)
    baselined = sum(1 for f in result.findings if f.baselined)
    parts = ([f"{suppressed} suppressed"] if suppressed else []) + ([f"{baselined} in the baseline"] if baselined else [])
    return f"; {', '.join(parts)}" if parts else ""
