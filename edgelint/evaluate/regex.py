"""Terraform's regular expressions (Go's RE2 syntax) run with Python's ``re``, only
where the two agree.

Where they differ, ``compile_re2`` raises ``NotExact`` and the caller's value is
Unknown (never a guess):

- syntax only one of them has: backreferences (``\\1``), lookaround
  (``(?=``, ``(?!``, ``(?<=``, ``(?<!``), ``(?P=``, ``(?#``, ``(?x)``, atomic and
  possessive forms; RE2's ``\\pL``/``\\PL``, ``[[:alpha:]]``, ``\\Q…\\E``, ``\\z``,
  ``\\C``, ``(?U)``; ``\\x``/octal/``\\Z`` escapes and ``{,n}`` are not translated;
- ``\\d``, ``\\w``, ``\\s``, ``\\b`` are ASCII in RE2: Python is told so (``re.ASCII``);
  ``(?i)`` folds Unicode in RE2 and ASCII here, so it is refused on non-ASCII text;
- ``$`` without ``(?m)`` matches only at the very end in RE2 and also before a
  final newline in Python: refused on text that holds a newline.

Matching itself is the same (leftmost-first, like Perl). Go's rule for empty
matches next to a previous match (``ReplaceAllString``, ``FindAll``) and its ``$1``
/ ``${name}`` replacement syntax are ported exactly below.
"""

from __future__ import annotations

import re
import unicodedata

_REFUSED = re.compile(
    r"\\[0-9pPQEzZCxXuUNgkGlL]"  # backreferences, classes and escapes the two read differently
    r"|\(\?(?:[=!#>|]|P[^<]|<[=!]|[a-zA-Z]*[xUauL])"  # lookaround, comments, atomic, flags only one has
    r"|\[:\^?[a-z]+:\]"  # POSIX classes
    r"|[*+?}]\+"  # possessive quantifiers
    r"|\{,"
)


class NotExact(ValueError):
    """Python's ``re`` would not match as RE2 does here (or RE2 rejects the pattern)."""


def compile_re2(pattern: str, *texts: str) -> re.Pattern:
    if _REFUSED.search(pattern):
        raise NotExact("the pattern uses syntax Python's re reads differently from RE2")
    if "(?" in pattern and "i" in _flags(pattern) and any(not t.isascii() for t in texts):
        raise NotExact("case folding of non-ASCII text differs between RE2 and Python")
    if "$" in pattern and "m" not in _flags(pattern) and any("\n" in t for t in texts):
        raise NotExact("$ before a final newline differs between RE2 and Python")
    try:
        return re.compile(pattern, re.ASCII)
    except re.error as exc:
        raise NotExact(f"the pattern does not compile here ({exc})") from None


def _flags(pattern: str) -> str:
    return "".join(re.findall(r"\(\?([a-zA-Z]+)[):]", pattern))


def find_all(rx: re.Pattern, text: str) -> list[re.Match]:
    """Go's ``FindAllStringSubmatchIndex``: an empty match right after a previous
    match is not delivered."""
    out: list[re.Match] = []
    pos, prev_end = 0, -1
    while pos <= len(text):
        m = rx.search(text, pos)
        if m is None:
            break
        accept = True
        if m.end() == pos:
            if m.start() == prev_end:
                accept = False
            pos += 1
        else:
            pos = m.end()
        prev_end = m.end()
        if accept:
            out.append(m)
    return out


def replace_all(rx: re.Pattern, text: str, template: str) -> str:
    """Go's ``Regexp.ReplaceAllString``."""
    out: list[str] = []
    last_end, search = 0, 0
    while search <= len(text):
        m = rx.search(text, search)
        if m is None:
            break
        out.append(text[last_end:m.start()])
        if m.end() > last_end or m.start() == 0:
            out.append(expand(rx, m, template))
        last_end = m.end()
        width = 1 if search < len(text) else 0
        if search + width > m.end():
            search += width
        elif search + 1 > m.end():
            search += 1
        else:
            search = m.end()
    out.append(text[last_end:])
    return "".join(out)


def expand(rx: re.Pattern, m: re.Match, template: str) -> str:
    """Go's ``Regexp.Expand``: ``$1``, ``${1}``, ``$name``, ``${name}``, ``$$``; a
    name is the longest run of letters, digits and ``_`` (``$1x`` is group "1x")."""
    out: list[str] = []
    while template:
        before, dollar, after = template.partition("$")
        out.append(before)
        if not dollar:
            break
        template = after
        if template.startswith("$"):
            out.append("$")
            template = template[1:]
            continue
        parsed = _extract(template)
        if parsed is None:
            out.append("$")
            continue
        name, num, template = parsed
        if num >= 0:
            if num <= rx.groups and m.group(num) is not None:
                out.append(m.group(num))
        elif name in rx.groupindex and m.group(name) is not None:
            out.append(m.group(name))
    return "".join(out)


def _extract(text: str) -> tuple[str, int, str] | None:
    brace = text.startswith("{")
    if brace:
        text = text[1:]
    i = 0
    while i < len(text) and (text[i] == "_" or unicodedata.category(text[i]) == "Nd"
                             or unicodedata.category(text[i]).startswith("L")):
        i += 1
    if i == 0:
        return None
    name = text[:i]
    if brace:
        if i >= len(text) or text[i] != "}":
            return None
        i += 1
    num = int(name) if name.isascii() and name.isdigit() and len(name) < 9 else -1
    if name[0] == "0" and len(name) > 1:
        num = -1
    return name, num, text[i:]
