"""CloudFront path patterns: which request paths a cache behavior's pattern matches,
and whether one pattern (or a list of them) matches every path another matches.

The semantics, from the CloudFront Developer Guide ("Values that you specify when you
create or update a distribution" → Cache behavior settings → Path pattern,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern)
and the API reference (``CacheBehavior.PathPattern``,
https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html):

- the requested path is compared with the patterns in the order the behaviors are
  listed; the first match decides, the default behavior (``*``) comes last;
- ``*`` matches 0 or more characters, ``/`` included (``images/*.jpg`` applies to
  ``images/product1/x.jpg``); ``?`` matches exactly one character;
- the comparison is case-sensitive (``*.jpg`` does not apply to ``LOGO.JPG``);
- a leading ``/`` is optional: "CloudFront behavior is the same with or without the
  leading /", so ``images/*`` and ``/images/*`` are one pattern;
- query strings and cookies are not part of the comparison.

Every other character is literal. A pattern is therefore a glob, and a set of globs
is a regular language: containment is decided exactly by a product of the inner
pattern's automaton with the subset automaton of the outer ones, over an alphabet of
the characters the patterns name plus one symbol for "any other character" (request
paths can hold characters no pattern names, so that symbol stands for real paths).
"""

from __future__ import annotations

import functools

# A product bigger than this is not explored (never reached by real patterns, at most
# 255 characters each); the answer is then None, "not decided", and rules stay silent.
MAX_STATES = 200_000

_OTHER = ""  # the alphabet symbol for every character no pattern names
# Characters a witness path may show for _OTHER: more than a pattern can name at once
# would be needed to exhaust them (patterns name at most 255 characters, and "%" is
# never in a pattern).
_FILLERS = "xyzqjkwvXYZQJKWV0123456789%"


def normalize(pattern: str) -> str:
    """The pattern as CloudFront compares it: with its leading ``/`` (optional in the
    configuration, the same behavior either way)."""
    return pattern if pattern.startswith("/") else "/" + pattern


def same_pattern(a: str, b: str) -> bool:
    """True when two patterns are written the same up to the optional leading ``/``."""
    return normalize(a) == normalize(b)


def matches(pattern: str, path: str) -> bool:
    """Whether CloudFront applies ``pattern`` to a request for ``path`` (the URL path,
    without query string; a missing leading ``/`` is added to both)."""
    return _accepts(_Glob(normalize(pattern)), normalize(path))


def covers(outers: list[str] | tuple[str, ...] | str, inner: str) -> bool | None:
    """True when every path ``inner`` matches is matched by one of ``outers``; False
    when some path is matched by ``inner`` and none of them; None when the search
    would exceed ``MAX_STATES`` (the answer is not known)."""
    if isinstance(outers, str):
        outers = (outers,)
    return _covers(tuple(normalize(o) for o in outers), normalize(inner))


def overlaps(a: str, b: str) -> bool | None:
    """True when some path is matched by both patterns (None: not decided)."""
    return _overlaps(normalize(a), normalize(b))


def witness(outers: list[str] | tuple[str, ...] | str, inner: str) -> str | None:
    """A path ``inner`` matches and no outer pattern does, or None when there is none
    or that is not decided. A character no pattern names is shown as the first of
    ``_FILLERS`` none of them names."""
    if isinstance(outers, str):
        outers = (outers,)
    patterns = tuple(normalize(o) for o in outers)
    found = _search(patterns, normalize(inner))
    if not isinstance(found, list):
        return None
    named = set(_alphabet((*patterns, inner)))
    filler = next((c for c in _FILLERS if c not in named), None)
    return None if filler is None else "".join(s or filler for s in found)


# --- automata ---------------------------------------------------------------------


class _Glob:
    """A pattern as an automaton whose states are positions 0..len: position i means
    "the first i pattern symbols are consumed"; a ``*`` at i may be skipped."""

    def __init__(self, text: str):
        self.text = text
        self.final = len(text)

    def closure(self, positions) -> frozenset[int]:
        out = set()
        for p in positions:
            while True:
                out.add(p)
                if p < self.final and self.text[p] == "*":
                    p += 1
                    continue
                break
        return frozenset(out)

    @functools.cached_property
    def start(self) -> frozenset[int]:
        return self.closure((0,))

    def step(self, positions: frozenset[int], symbol: str) -> frozenset[int]:
        """The positions after reading one character (``_OTHER`` for one no pattern
        names)."""
        nxt = []
        for p in positions:
            if p == self.final:
                continue
            c = self.text[p]
            if c == "*":
                nxt.append(p)  # the star takes the character and stays
            elif c == "?" or c == symbol:
                nxt.append(p + 1)
        return self.closure(nxt)

    def accepting(self, positions: frozenset[int]) -> bool:
        return self.final in positions


def _accepts(glob: _Glob, path: str) -> bool:
    states = glob.start
    for ch in path:
        states = glob.step(states, ch)  # a path's own "*" or "?" is a plain character
        if not states:
            return False
    return glob.accepting(states)


def _alphabet(patterns) -> list[str]:
    """The characters the patterns name literally, plus the "any other" symbol."""
    return sorted({c for p in patterns for c in p if c not in "*?"}) + [_OTHER]


def _search(outers: tuple[str, ...], inner: str) -> list[str] | bool | None:
    """Breadth-first search of the product (inner positions, outer position sets) for
    a path the inner pattern accepts and no outer pattern does. Returns that path as
    a list of symbols, False when none exists, None past ``MAX_STATES``."""
    a = _Glob(inner)
    bs = [_Glob(o) for o in outers]
    alphabet = _alphabet((inner, *outers))
    start = (a.start, tuple(b.start for b in bs))
    parent: dict = {start: None}  # state → (previous state, symbol read)
    frontier = [start]
    while frontier:
        nxt = []
        for state in frontier:
            sa, sbs = state
            if a.accepting(sa) and not any(b.accepting(s) for b, s in zip(bs, sbs)):
                return _word(parent, state)
            for symbol in alphabet:
                ta = a.step(sa, symbol)
                if not ta:
                    continue
                key = (ta, tuple(b.step(s, symbol) for b, s in zip(bs, sbs)))
                if key in parent:
                    continue
                if len(parent) >= MAX_STATES:
                    return None
                parent[key] = (state, symbol)
                nxt.append(key)
        frontier = nxt
    return False


def _word(parent: dict, state) -> list[str]:
    out = []
    while parent[state] is not None:
        state, symbol = parent[state]
        out.append(symbol)
    return out[::-1]


@functools.lru_cache(maxsize=4096)
def _covers(outers: tuple[str, ...], inner: str) -> bool | None:
    found = _search(outers, inner)
    return None if found is None else found is False


@functools.lru_cache(maxsize=4096)
def _overlaps(a: str, b: str) -> bool | None:
    ga, gb = _Glob(a), _Glob(b)
    alphabet = _alphabet((a, b))
    start = (ga.start, gb.start)
    seen = {start}
    frontier = [start]
    while frontier:
        nxt = []
        for sa, sb in frontier:
            if ga.accepting(sa) and gb.accepting(sb):
                return True
            for symbol in alphabet:
                key = (ga.step(sa, symbol), gb.step(sb, symbol))
                if not key[0] or not key[1] or key in seen:
                    continue
                if len(seen) >= MAX_STATES:
                    return None
                seen.add(key)
                nxt.append(key)
        frontier = nxt
    return False
