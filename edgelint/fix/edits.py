"""A rule's ``Edit`` → a ``Replacement`` of an exact region of the file's text.

Lines and columns are 1-based, columns count characters, end exclusive (``Span``).
A removal takes whole lines when the attribute or block is alone on them, so no
blank line or stray indentation is left; an insertion goes before the block's
closing brace with the indentation of the block's own attributes, after a blank
line so that ``terraform fmt``'s alignment of ``=`` in the block is not disturbed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from edgelint.findings import Edit, Finding

_ASSIGN = re.compile(r"\s*=\s*")


@dataclass(frozen=True, slots=True, order=True)
class Replacement:
    """Replace the text from (line, col) to (end_line, end_col) with ``text``."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    text: str

    def overlaps(self, other: Replacement) -> bool:
        return (self.line, self.col) < (other.end_line, other.end_col) and \
            (other.line, other.col) < (self.end_line, self.end_col) or \
            (self.line, self.col, self.end_line, self.end_col) == (other.line, other.col, other.end_line, other.end_col)


def resolve(edit: Edit, lines: tuple[str, ...] | list[str]) -> Replacement | None:
    """The replacement ``edit`` stands for in a file of ``lines`` (without line
    ends); None when the text is not what the edit expects (then no fix)."""
    span = edit.span
    if edit.travelled:
        return None  # the value is written elsewhere: only its source is edited
    if span.file.endswith(".json"):
        return None  # JSON syntax: not edited (yet)
    if not (1 <= span.line <= span.end_line <= len(lines)):
        return None
    if edit.kind == "value":
        return _value(edit, lines)
    if edit.kind == "remove":
        return _remove(edit, lines)
    if edit.kind == "insert":
        return _insert(edit, lines)
    return None


def _value(edit: Edit, lines) -> Replacement | None:
    span = edit.span
    first = lines[span.line - 1]
    start = span.col - 1
    name_end = start + len(edit.name)
    if first[start:name_end] != edit.name:
        return None
    assign = _ASSIGN.match(first, name_end)
    if assign is None or "=" not in assign.group(0):
        return None
    start = assign.end() + 1
    last = lines[span.end_line - 1]
    rest = last[span.end_col - 1:]
    gap = len(rest) - len(rest.lstrip(" "))
    column = span.end_col - 1 + gap  # where the trailing comment starts (0-based)
    if span.end_line == span.line and gap and rest.lstrip(" ").startswith(("#", "//")) and "\n" not in edit.text:
        # terraform fmt aligns the trailing comments of neighbouring lines: keep the
        # comment in a column a neighbour shares, else one space after the value.
        neighbours = [lines[i] for i in (span.line - 2, span.line) if 0 <= i < len(lines)]
        aligned = any(n[column:column + 1] in ("#", "/") and not n[column - 1:column].strip() for n in neighbours)
        delta = len(edit.text) - (span.end_col - start)
        padding = " " * (max(1, gap - delta) if aligned else 1)
        return Replacement(span.file, span.line, start, span.end_line, span.end_col + gap, edit.text + padding)
    return Replacement(span.file, span.line, start, span.end_line, span.end_col, edit.text)


def _remove(edit: Edit, lines) -> Replacement | None:
    span = edit.span
    before = lines[span.line - 1][:span.col - 1]
    after = lines[span.end_line - 1][span.end_col - 1:]
    if before.strip() or (after.strip() and not after.strip().startswith(("#", "//"))):
        return None  # shares its line with other code: not a clean removal
    start = span.line
    following = lines[span.end_line].strip() if span.end_line < len(lines) else ""
    if start > 1 and not lines[start - 2].strip() and following.startswith("}"):
        start -= 1  # the blank line that set it apart goes with it
    return Replacement(span.file, start, 1, span.end_line + 1, 1, "")


def _insert(edit: Edit, lines) -> Replacement | None:
    span = edit.span
    close = lines[span.end_line - 1]
    if span.end_line == span.line or close[:span.end_col - 2].strip() or close[span.end_col - 2:span.end_col - 1] != "}":
        return None  # a one-line block, or a brace that shares its line
    inner = [ln for ln in lines[span.line:span.end_line - 1] if ln.strip()]
    if inner:
        indent = inner[0][:len(inner[0]) - len(inner[0].lstrip())]
    else:
        opening = lines[span.line - 1]
        indent = opening[:len(opening) - len(opening.lstrip())] + "  "
    previous = lines[span.end_line - 2]
    gap = "" if previous.rstrip().endswith("{") or not previous.strip() else "\n"
    return Replacement(span.file, span.end_line, 1, span.end_line, 1, f"{gap}{indent}{edit.name} = {edit.text}\n")


def apply(text: str, replacements: list[Replacement]) -> str:
    """``text`` with the (non-overlapping) replacements made, from the last one back."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln))

    def offset(line: int, col: int) -> int:
        if line > len(lines):
            return len(text)
        return offsets[line - 1] + col - 1

    out = text
    for r in sorted(replacements, reverse=True):
        out = out[:offset(r.line, r.col)] + r.text + out[offset(r.end_line, r.end_col):]
    return out


def non_overlapping(replacements: list[Replacement]) -> tuple[list[Replacement], list[Replacement]]:
    """The replacements to make in this pass (in file order, the first of any
    overlapping ones) and those left for the next pass."""
    chosen: list[Replacement] = []
    later: list[Replacement] = []
    for r in sorted(set(replacements)):
        (later if any(r.overlaps(c) for c in chosen) else chosen).append(r)
    return chosen, later


def confirmed(finding: Finding, sources: dict[str, tuple[str, ...]]) -> Finding:
    """The finding, fixable only when every edit of its fix matches the file's text
    (a block on one line, an attribute sharing its line: no fix, and not "fixable")."""
    if not finding.fix_safety or all(resolve(e, sources.get(e.span.file, ())) is not None for e in finding.edits):
        return finding
    return replace(finding, edits=(), fix_safety="")
