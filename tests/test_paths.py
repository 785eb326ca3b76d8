"""CloudFront path-pattern matching and containment (edgelint.model.paths), held to
brute force on short alphabets: a regular expression for matching, and every path
up to a length for containment. A "not covered" answer comes with a witness path,
checked against the matcher, so that direction is tested without a length bound."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edgelint.model import paths

# Literal "a", "b", "/" and "." plus the wildcards; paths also use "c", a character
# no generated pattern names.
PATTERN = st.text(alphabet="ab/.*?", max_size=5)
PATH_CHARS = "ab/.c"
MAX_PATH = 6
ALL_PATHS = ["/" + "".join(t) for n in range(MAX_PATH) for t in itertools.product(PATH_CHARS, repeat=n)]
PROPERTY = settings(max_examples=200, deadline=None)


def reference(pattern: str) -> re.Pattern:
    """The documented semantics, spelled as a regular expression: ``*`` any run of
    characters (``/`` included), ``?`` one character, the rest literal, a leading
    ``/`` optional in the pattern."""
    body = pattern[1:] if pattern.startswith("/") else pattern
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in body]
    return re.compile("/" + "".join(parts), re.DOTALL)


@given(PATTERN, st.text(alphabet=PATH_CHARS + "*?", max_size=7))
@PROPERTY
def test_matches_agrees_with_a_regular_expression(pattern, tail):
    path = "/" + tail
    assert paths.matches(pattern, path) == bool(reference(pattern).fullmatch(path))


@given(st.lists(PATTERN, min_size=1, max_size=3), PATTERN)
@PROPERTY
def test_covers_agrees_with_brute_force(outers, inner):
    inner_re, outer_res = reference(inner), [reference(o) for o in outers]
    counterexample = next((p for p in ALL_PATHS if inner_re.fullmatch(p)
                           and not any(o.fullmatch(p) for o in outer_res)), None)
    answer = paths.covers(outers, inner)
    if counterexample is not None:
        assert answer is False, counterexample
    if answer is False:
        found = paths.witness(outers, inner)
        assert found is not None
        assert paths.matches(inner, found) and not any(paths.matches(o, found) for o in outers), found
    else:
        assert answer is True and paths.witness(outers, inner) is None


@given(PATTERN, PATTERN)
@PROPERTY
def test_overlaps_agrees_with_brute_force(a, b):
    ra, rb = reference(a), reference(b)
    common = any(ra.fullmatch(p) and rb.fullmatch(p) for p in ALL_PATHS)
    answer = paths.overlaps(a, b)
    if common:
        assert answer is True
    # A shortest common path is no longer than the two patterns' non-star symbols
    # together (a character both stars take can be dropped), so brute force decides
    # whenever those fit in MAX_PATH.
    if sum(len(p.lstrip("/").replace("*", "")) for p in (a, b)) < MAX_PATH:
        assert answer is common


@given(PATTERN)
@PROPERTY
def test_a_pattern_covers_itself_and_star_covers_everything(pattern):
    assert paths.covers(pattern, pattern) is True
    assert paths.covers("*", pattern) is True
    assert paths.covers("/*", pattern) is True


@pytest.mark.parametrize("outer, inner, expected", [
    # the Developer Guide's examples
    ("images/*", "images/*.jpg", True),
    ("*.jpg", "images/*.jpg", True),   # "*" matches "/": images/product1/x.jpg too
    ("images/*.jpg", "*.jpg", False),
    ("*.doc*", "*.doc?", True),
    ("*.doc?", "*.doc*", False),       # *.doc? does not apply to .doc files
    ("a??.jpg", "a?.jpg", False),
    # the optional leading slash
    ("/api/*", "api/*", True),
    ("api/*", "/api/v1/*", True),
    # case-sensitive
    ("*.jpg", "*.JPG", False),
    # a union covers what no single pattern does
    (["api/a*", "api/b*", "api/"], "api/*", False),
    (["a*", "b*"], "?*", False),
    (["/?*", "/"], "*", True),
    (["x/*"], "x/??", True),
    ("x/??", "x/*", False),
    ("*a*", "*a*a*", True),
    ("*a*a*", "*a*", False),
    ("*ab*", "*a*b*", False),
    ("*a*b*", "*ab*", True),
])
def test_documented_and_tricky_cases(outer, inner, expected):
    assert paths.covers(outer, inner) is expected


def test_same_pattern_ignores_only_the_leading_slash():
    assert paths.same_pattern("/images/*", "images/*")
    assert not paths.same_pattern("images/*", "images/*/")
    assert not paths.same_pattern("Images/*", "images/*")


def test_a_path_holding_wildcard_characters_is_literal():
    assert paths.matches("a?c", "/a*c")
    assert not paths.matches("a*c", "/a*b")


def test_too_large_a_search_is_not_decided(monkeypatch):
    monkeypatch.setattr(paths, "MAX_STATES", 3)
    paths._covers.cache_clear()
    try:
        assert paths.covers(["*a*b*c*"], "*c*b*a*") is None
        assert paths.witness(["*a*b*c*"], "*c*b*a*") is None
    finally:
        paths._covers.cache_clear()
