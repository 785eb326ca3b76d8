"""``exclude`` globs (configuration file or ``--exclude``), a gitignore-like subset.

- A pattern without a slash matches a file or folder name at any depth:
  ``legacy``, ``*.generated.tf``.
- A pattern with a slash is anchored at its base folder (the configuration file's
  folder, or the working directory for ``--exclude``): ``envs/*/old.tf``,
  ``/modules/vendored``, ``infra/legacy/**``.
- ``*`` and ``?`` stay within one path segment, ``[...]`` is a character class and
  ``**`` spans any number of folders. A matched folder excludes everything in it.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExcludePattern:
    pattern: str
    base: str  # absolute folder the pattern is relative to
    source: str = ""  # where it was written, for --list-files ("--exclude", ".edgelint.toml")
    _regex: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        body = self.pattern.strip().rstrip("/")
        anchored = "/" in body
        regex = _translate(body.lstrip("/")) if anchored else None
        object.__setattr__(self, "_regex", regex)

    def matches(self, path: str) -> bool:
        """Whether ``path`` (as given on the command line or found by the walk) or
        one of its folders below the base is excluded."""
        rel = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        if rel == "." or rel.startswith("../") or rel == "..":
            return False
        parts = rel.split("/")
        if self._regex is None:
            name = self.pattern.strip().rstrip("/")
            return any(fnmatch.fnmatchcase(part, name) for part in parts)
        return any(self._regex.fullmatch("/".join(parts[: i + 1])) for i in range(len(parts)))

    def describe(self) -> str:
        return f"excluded by '{self.pattern}'" + (f" ({self.source})" if self.source else "")


def first_match(patterns, path: str) -> ExcludePattern | None:
    return next((p for p in patterns if p.matches(path)), None)


def _translate(pattern: str) -> re.Pattern:
    out: list[str] = []
    segments = pattern.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == "**":
            if last and out:  # "dir/**": everything in dir, and so dir itself
                out[-1] = out[-1][:-1]
                out.append("(?:/.*)?")
            else:
                out.append(".*" if last else "(?:[^/]+/)*")
            continue
        out.append(_segment(seg) + ("" if last else "/"))
    return re.compile("".join(out))


def _segment(seg: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(seg):
        c = seg[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = seg.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = seg[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)
