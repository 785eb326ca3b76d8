"""The parser runs without Lark's ``propagate_positions`` (a third of the parse time)
and the converter takes positions from the tokens at each node's ends: the syntax it
produces (blocks, attributes, every span, comments, errors) is identical to the
conversion of the tree that ``propagate_positions`` fills in, the way edgelint read
it before. Every fixture here; the generated 1x corpus in the slow test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from edgelint.parse import grammar, hcl
from edgelint.parse.syntax import Span


class MetaConverter(hcl._Converter):
    """The converter as it was: positions from the nodes' ``meta``."""

    def span(self, node) -> Span:
        m = node.meta
        return Span(self.path, m.line, m.column, m.end_line, m.end_column)

    def start(self, node):
        m = getattr(node, "meta", None)
        return getattr(m, "line", None), getattr(m, "column", None)

    def has_text(self, node) -> bool:
        return not node.meta.empty


@pytest.fixture(scope="module")
def with_meta():
    """A parse function that converts the ``propagate_positions`` tree the old way."""
    meta_parser = grammar._packaged(True, None)
    assert meta_parser is not None

    def parse(text: str, path: str):
        patch = pytest.MonkeyPatch()
        patch.setattr(grammar, "parser", lambda: meta_parser)
        patch.setattr(hcl, "_Converter", MetaConverter)
        try:
            return hcl.parse_text(text, path)
        finally:
            patch.undo()

    return parse


def same_syntax(paths, with_meta) -> int:
    compared = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")
        new = hcl.parse_text(text, str(path))
        old = with_meta(text, str(path))
        assert new == old, path
        compared += new.error is None
    return compared


def test_fixtures_convert_to_the_same_syntax(with_meta):
    paths = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.name.endswith((".tf", ".tfvars")))
    assert same_syntax(paths, with_meta) > 250


def test_spans_are_those_of_the_text():
    f = hcl.parse_text('resource "a" "b" {\n  x = [1, var.y] # c\n}\n', "m.tf")
    (block,) = f.blocks
    assert (block.span.line, block.span.col, block.span.end_line, block.span.end_col) == (1, 1, 3, 2)
    expr = block.attributes["x"].expr
    assert (expr.span.line, expr.span.col, expr.span.end_line, expr.span.end_col) == (2, 7, 2, 17)
    assert [(i.span.col, i.span.end_col) for i in expr.items] == [(8, 9), (11, 16)]


@pytest.mark.slow
def test_the_generated_corpus_converts_to_the_same_syntax(with_meta):
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_corpus

    root = Path(gen_corpus.generate(1))
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith((".tf", ".tfvars")))
    assert same_syntax(paths, with_meta) > 900
