"""Filter stage, first step: inline suppressions (``# edgelint:ignore EDGE101 -- reason``).

The syntax (RULES.md, "Suppression syntax"):

- ``edgelint:ignore KEYS [-- reason]`` in a ``#``, ``//`` or ``/* */`` comment. KEYS are
  rule IDs or names, separated by commas or spaces; none means every rule.
- A comment with code before it on its line covers that line; a comment alone on its
  line covers the next line. Either way, a block whose first line is the covered line
  is covered whole (so a comment on, or directly above, ``resource "…" "…" {`` covers
  the resource).
- ``edgelint:ignore-file KEYS [-- reason]`` anywhere in a file covers the file.

A finding is matched on its primary location. A suppressed finding is kept, marked
with the justification (reports show it as suppressed: SARIF ``suppressions``), and
is neither shown nor counted. Every key that suppressed nothing is an EDGE901 finding
at the key itself, unless its rule did not run (then it cannot be known whether the
key is needed). A comment that looks like a directive but is none (``# edgelint: ignore
X``, ``# edgelint-ignore: X``, ``# EDGELINT:IGNORE X``) is an EDGE901 finding too,
naming the accepted syntax: it suppresses nothing, and silence would pass for success.

``scan`` reads the directives of one parsed file; ``apply`` matches them to the
findings of a whole check.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from edgelint.findings import Finding
from edgelint.parse.syntax import Block, Comment, ParsedFile, Span
from edgelint.ruleset.diagnostics import UNUSED_SUPPRESSION

_DIRECTIVE = re.compile(r"edgelint:(ignore-file|ignore)(?![\w-])")
# What a user may write for a directive and that is none (a space after the colon, a
# dash for the colon, capitals, another tool's word): reported, never silently inert.
_NEAR_MISS = re.compile(r"edgelint\s*[:_\s-]\s*(ignore[-_]?file|ignore|disable|noqa|nolint|skip|suppress)(?![\w-])",
                        re.IGNORECASE)
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_MARKERS = ("#", "//", "/*")

Position = tuple[int, int]  # (line, column)


@dataclass(frozen=True)
class Key:
    """One rule ID or name as written in a directive, with its location."""

    text: str
    span: Span


@dataclass
class Directive:
    """One ``edgelint:ignore`` or ``edgelint:ignore-file`` comment."""

    span: Span  # the directive word (``edgelint:ignore``): where a blanket one is reported
    module: str
    whole_file: bool
    keys: tuple[Key, ...]  # empty: every rule
    reason: str
    line: int  # the line it covers (unused for whole-file directives)
    blocks: tuple[tuple[Position, Position], ...]  # blocks starting on that line
    used: set[int] = field(default_factory=set)  # indexes of keys that suppressed something
    used_blanket: bool = False
    malformed: str = ""  # a comment that looks like a directive and is none: its words, as written

    @property
    def word(self) -> str:
        return "edgelint:ignore-file" if self.whole_file else "edgelint:ignore"

    def covers(self, span: Span) -> bool:
        if self.malformed:
            return False
        if self.whole_file or span.line == self.line:
            return True
        start = (span.line, span.col)
        return any(first <= start <= last for first, last in self.blocks)

    def specificity(self, span: Span) -> int:
        """Line beats block beats file, when several directives cover a finding."""
        if self.whole_file:
            return 0
        return 2 if span.line == self.line else 1


# --- reading directives -----------------------------------------------------------


def scan(parsed: ParsedFile, module: str = "") -> list[Directive]:
    """The suppression directives in one file's comments."""
    found: list[Directive] = []
    block_starts: dict[int, list[tuple[Position, Position]]] | None = None
    for comment in parsed.comments:
        if "edgelint" not in comment.text.lower():
            continue
        parsed_directive = _parse(comment, parsed.path)
        if parsed_directive is None:
            near = _near_miss(comment, parsed.path)
            if near is not None:
                found.append(Directive(near[0], module, False, (), "", 0, (), malformed=near[1]))
            continue
        word_span, whole_file, keys, reason = parsed_directive
        end_line = comment.line + comment.text.count("\n")
        line = end_line + 1 if _alone_on_line(comment, parsed.lines) else comment.line
        if block_starts is None:
            block_starts = _block_starts(parsed.blocks)
        found.append(Directive(word_span, module, whole_file, keys, reason, line,
                               tuple(block_starts.get(line, ()))))
    return found


def _parse(comment: Comment, path: str) -> tuple[Span, bool, tuple[Key, ...], str] | None:
    text = comment.text
    marker = next((m for m in _MARKERS if text.startswith(m)), None)
    if marker is None:
        return None
    body_start = len(marker)
    while body_start < len(text) and text[body_start] in " \t":
        body_start += 1
    match = _DIRECTIVE.match(text, body_start)
    if match is None:  # the directive must open the comment: prose mentioning it is no directive
        return None
    end = len(text) - 2 if marker == "/*" and text.endswith("*/") else len(text)
    keys: list[Key] = []
    reason = ""
    pos = match.end()
    while pos < end:
        while pos < end and text[pos] in " \t\n,":
            pos += 1
        if text.startswith("--", pos):
            reason = " ".join(text[pos + 2:end].split())
            break
        key = _KEY.match(text, pos, end)
        if key is None:
            break
        keys.append(Key(key.group(), _span_at(comment, path, key.start(), key.end())))
        pos = key.end()
    return _span_at(comment, path, match.start(), match.end()), match.group(1) == "ignore-file", tuple(keys), reason


def _near_miss(comment: Comment, path: str) -> tuple[Span, str] | None:
    """A comment that opens with what looks like a directive but does not parse as
    one (``# edgelint: ignore EDGE605``, ``# edgelint-ignore: EDGE605``,
    ``# EDGELINT:IGNORE EDGE605``): the span and text of those words."""
    text = comment.text
    marker = next((m for m in _MARKERS if text.startswith(m)), None)
    if marker is None:
        return None
    start = len(marker)
    while start < len(text) and text[start] in " \t":
        start += 1
    match = _NEAR_MISS.match(text, start)
    if match is None:
        return None
    return _span_at(comment, path, match.start(), match.end()), match.group()


def _span_at(comment: Comment, path: str, start: int, end: int) -> Span:
    """The span of ``comment.text[start:end]`` in the file (a ``/* */`` comment may
    run over several lines)."""
    text = comment.text
    line = comment.line + text.count("\n", 0, start)
    newline = text.rfind("\n", 0, start)
    col = comment.col + start if newline < 0 else start - newline
    return Span(path, line, col, line, col + (end - start))


def _alone_on_line(comment: Comment, lines: tuple[str, ...]) -> bool:
    if not 1 <= comment.line <= len(lines):
        return False
    return lines[comment.line - 1][: comment.col - 1].strip() == ""


def _block_starts(blocks: Iterable[Block]) -> dict[int, list[tuple[Position, Position]]]:
    starts: dict[int, list[tuple[Position, Position]]] = {}

    def walk(block: Block) -> None:
        span = block.span
        starts.setdefault(span.line, []).append(((span.line, span.col), (span.end_line, span.end_col)))
        for child in block.blocks:
            walk(child)

    for block in blocks:
        walk(block)
    return starts


# --- matching findings ------------------------------------------------------------


@dataclass
class SuppressionOutcome:
    findings: list[Finding]  # every finding, the suppressed ones marked
    unused: list[Finding]  # EDGE901 findings (rule metadata not yet attached)


def apply(findings: Iterable[Finding], directives: list[Directive], resolve: Callable[[str], str | None],
          ran: set[str]) -> SuppressionOutcome:
    """Mark the findings that directives cover and report each directive key that
    covered nothing. ``resolve`` maps a key (ID or name) to a rule ID, or None for a
    key that names no rule; ``ran`` holds the IDs of the rules that ran."""
    by_file: dict[str, list[Directive]] = {}
    for d in directives:
        by_file.setdefault(d.span.file, []).append(d)
    resolved = {id(d): [resolve(k.text) for k in d.keys] for d in directives}

    def suppress(finding: Finding, about: Directive | None = None) -> Finding:
        best: tuple[int, Directive] | None = None
        for d in by_file.get(finding.span.file, ()):
            if d is about or not d.covers(finding.span):  # a directive never hides its own report
                continue
            ids = resolved[id(d)]
            if d.keys:
                hits = [i for i, rule_id in enumerate(ids) if rule_id == finding.rule_id]
                if not hits:
                    continue
                d.used.update(hits)
            else:
                d.used_blanket = True
            rank = d.specificity(finding.span)
            if best is None or rank > best[0]:
                best = (rank, d)
        return finding if best is None else replace(finding, suppressed=best[1].reason)

    marked = [suppress(f) for f in findings]
    # Unused keys first for every rule but EDGE901, then those findings may be
    # suppressed in turn (``ignore-file EDGE901``), then the EDGE901 keys are judged.
    unused = [suppress(f, d) for d, f in _unused(directives, resolved, ran, lambda rule_id: rule_id != UNUSED_SUPPRESSION)]
    unused += [f for _d, f in _unused(directives, resolved, ran, lambda rule_id: rule_id == UNUSED_SUPPRESSION)]
    return SuppressionOutcome(marked, unused)


def _unused(directives: list[Directive], resolved: dict, ran: set[str], which: Callable[[str | None], bool]
            ) -> Iterator[tuple[Directive, Finding]]:
    for d in directives:
        where = "in this file" if d.whole_file else "on the line or block it covers"
        if d.malformed:
            if which(None):
                yield d, _finding(d, d.span, "", f"not a suppression: '{d.malformed}' suppresses nothing; write "
                                  "'edgelint:ignore RULES -- reason' (or 'edgelint:ignore-file RULES -- reason'), "
                                  "lower case, with no space after the colon")
            continue
        if not d.keys:
            if which(None) and not d.used_blanket:
                yield d, _finding(d, d.span, "", f"unused suppression: nothing to suppress {where}")
            continue
        for i, (key, rule_id) in enumerate(zip(d.keys, resolved[id(d)])):
            if rule_id is None:
                if which(None):
                    yield d, _finding(d, key.span, key.text, f"unused suppression: '{key.text}' names no rule")
            elif which(rule_id) and rule_id in ran and i not in d.used:
                yield d, _finding(d, key.span, key.text, f"unused suppression: no {rule_id} finding {where}")


def _finding(d: Directive, span: Span, key: str, message: str) -> Finding:
    file_in_module = os.path.relpath(span.file, d.module).replace(os.sep, "/") if d.module else span.file
    attribute = d.malformed or f"{d.word} {key}".strip()
    return Finding(message, span, address=file_in_module, attribute=attribute, module=d.module,
                   rule_id=UNUSED_SUPPRESSION)
