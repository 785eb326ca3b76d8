"""Sub-expression spans: every expression the parser reads from a file knows where it
is written, so a finding can point at one element of a list, not only the attribute."""

import pickle

from edgelint.instances.builder import build_tree
from edgelint.model import Stack
from edgelint.parse.hcl import parse_text
from edgelint.parse.syntax import Lit, Span, TupleExpr

SOURCE = '''resource "aws_security_group_rule" "r" {
  cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  call        = concat(["a"], [var.x])
  object      = { name = "n", (var.k) = 2 }
  nested      = [
    "first",
    "second",
  ]
  heredoc     = <<EOT
value ${var.y}
EOT
}
'''


def attrs():
    f = parse_text(SOURCE, "main.tf")
    assert f.error is None
    return f.blocks[0].attributes


def test_list_elements_know_their_spans():
    expr = attrs()["cidr_blocks"].expr
    assert isinstance(expr, TupleExpr)
    assert expr.span == Span("main.tf", 2, 17, 2, 44)
    assert [item.span for item in expr.items] == [Span("main.tf", 2, 18, 2, 30), Span("main.tf", 2, 32, 2, 43)]
    nested = attrs()["nested"].expr
    assert [item.span.line for item in nested.items] == [6, 7]


def test_call_arguments_object_keys_and_values_know_their_spans():
    call = attrs()["call"].expr
    assert call.span == Span("main.tf", 3, 17, 3, 39)
    assert [a.span.col for a in call.args] == [24, 31]
    (name_key, name_value), (var_key, _two) = attrs()["object"].expr.items
    assert (name_key.span.col, name_value.span.col, var_key.span.col) == (19, 26, 32)


def test_text_inside_a_heredoc_is_not_located_with_the_heredocs_own_positions():
    """An interpolation inside a heredoc is parsed from a piece of the file, whose
    positions are not the file's: it carries no span rather than a wrong one."""
    template = attrs()["heredoc"].expr
    assert template.span.line == 9
    assert all(getattr(part, "span", None) is None for part in template.parts if not isinstance(part, str))


def test_spans_take_no_part_in_equality_and_survive_pickling():
    here = attrs()["cidr_blocks"].expr
    elsewhere = parse_text('x = ["10.0.0.0/8", "0.0.0.0/0"]\n', "other.tf").attributes["x"].expr
    assert here == elsewhere and hash(here) == hash(elsewhere)
    assert here.span != elsewhere.span
    assert Lit("a") == Lit("a", Span("f", 1, 1, 1, 2))
    assert pickle.loads(pickle.dumps(here)).items[1].span == here.items[1].span


def test_a_finding_can_point_at_the_offending_element_and_only_where_it_is_written():
    text = '''resource "aws_security_group" "g" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = concat(["0.0.0.0/0"], [])
  }
}
'''
    stack = Stack(build_tree([(".", [parse_text(text, "main.tf")], [])]))
    (group,) = stack.resources("aws_security_group")
    literal, computed = group.ingress_rules
    assert literal.internet_source_span("cidr_blocks") == Span("main.tf", 6, 34, 6, 45)
    # concat(...) spells no list: the element's place is not known, the attribute is.
    assert computed.internet_source_span("cidr_blocks") == computed.span("cidr_blocks")
    finding = literal.finding("open", at="cidr_blocks", span=literal.internet_source_span("cidr_blocks"))
    assert finding.span.col == 34 and finding.attribute.endswith("cidr_blocks")
