"""edgelint's corrected grammar (edgelint/parse/hcl2.lark) and the structural checks
(edgelint/parse/structure.py), one case per construct, in both directions: valid HCL
that python-hcl2's grammar rejected parses to the value Terraform reads, and files
Terraform rejects are errors with Terraform's summary at Terraform's line and column
(each checked against ``terraform validate -json``). The recogniser (``check_bytes``)
gives every verdict the full parse gives."""

from __future__ import annotations

import pytest

from edgelint.parse.hcl import check_bytes, parse_text
from edgelint.parse.syntax import BinaryOp, Lit, Template


def parsed(text: str):
    f = parse_text(text, "main.tf")
    checked = check_bytes(text.encode(), "main.tf")
    assert checked.error == f.error
    return f


def value(text: str):
    f = parsed(text)
    assert f.error is None, f.error
    (attr,) = f.attributes.values()
    return attr.expr


def lit(expr):
    return expr.value if isinstance(expr, Lit) else expr


VALID = {
    "unicode identifier": ('café = "x"\n', "x"),
    "comment between = and value": ("a = /* why */ 1\n", 1),
    "comment between name and =": ("y /* c */ = 2\n", 2),
    "comment inside an interpolation": ('a = "${ /* c */ "x" }"\n', "x"),
    "escaped interpolation alone": ('a = "$${"\n', "${"),
    "escaped directive alone": ('a = "%%{"\n', "%{"),
    "escaped interpolation then text": ('a = "$${x}"\n', "${x}"),
    "heredoc marker with underscore": ("a = <<_EOT\nx\n_EOT\n", "x\n"),
    "empty heredoc": ("a = <<EOT\nEOT\n", ""),
    "indented closing marker": ("a = <<EOT\n  x\n  EOT\n", "  x\n"),
    "closing marker with trailing spaces": ("a = <<EOT\nx\nEOT  \n", "x\n"),
    "indented heredoc closing marker with a trailing tab": ("a = <<-EOT\n  x\n  EOT\t\n", "x\n"),
    "negative literal": ("a = -1\n", -1),
    "unary minus of a unary minus": ("a = --1\n", 1),
    "spaced unary minuses": ("a = - - 2.5\n", 2.5),
}


@pytest.mark.parametrize("text,expected", VALID.values(), ids=VALID.keys())
def test_valid_hcl_parses(text, expected):
    assert lit(value(text)) == expected


def test_a_closing_marker_with_trailing_spaces_ends_its_heredoc():
    """Before, `EOF  ` did not close `<<EOF`: the next `EOF` line did, and every block in
    between vanished into the heredoc with no error (a real module lost three variables)."""
    from edgelint.parse.hcl import parse_text

    text = ('variable "a" {\n  description = <<EOF\nhello\nEOF  \n  type = string\n}\n'
            'variable "b" {\n  description = <<EOF\nx\nEOF\n}\n')
    parsed = parse_text(text, "main.tf")
    assert parsed.error is None
    assert [b.labels for b in parsed.blocks] == [("a",), ("b",)]


@pytest.mark.parametrize("text,left,right", [
    ("a = 10-2.5\n", 10, 2.5), ("a = 1 -1e3\n", 1, 1000.0), ("a = 2-1\n", 2, 1),
])
def test_minus_without_spaces_is_a_subtraction(text, left, right):
    expr = value(text)
    assert isinstance(expr, BinaryOp) and expr.op == "-"
    assert (lit(expr.left), lit(expr.right)) == (left, right)


def test_traversal_minus_float_is_a_subtraction():
    expr = value("a = var.x -0.5\n")
    assert isinstance(expr, BinaryOp) and lit(expr.right) == 0.5


def test_strip_markers_in_a_quoted_template():
    expr = value('a = "hello ${~ "world" ~} !"\n')
    assert isinstance(expr, Template)
    assert expr.parts[0] == "hello" and lit(expr.parts[1]) == "world" and expr.parts[2] == "!"


def test_comment_between_block_labels_and_inline_comments_are_kept():
    f = parsed('resource "aws_lb" /* c */ "x" {\n  a = /* why */ 1\n}\n')
    assert f.error is None
    assert f.blocks[0].labels == ("aws_lb", "x")
    assert [(c.line, c.col, c.text) for c in f.comments] == [(1, 19, "/* c */"), (2, 7, "/* why */")]


def test_an_inline_comment_does_not_end_a_line():
    f = parsed("a = 1 /* c */ b = 2\n")
    assert f.error is not None and f.error.message.startswith("Missing newline after argument")


REJECTED = {
    "attribute redefined": ("a {\n  x = 1\n  x = 2\n}\n", "Attribute redefined", 3, 3),
    "brace on the next line": ('resource "a" "b"\n{\n}\n', "Invalid block definition", 1, 17),
    "brace after a comment line": ('resource "a" "b" # c\n{\n}\n', "Invalid block definition", 1, 18),
    "block in a one-line block": ("d { allow {} }\n", "Argument definition required", 1, 5),
    "two arguments in a one-line block": ("d { a = 1 b = 2 }\n", "Invalid single-argument block definition", 1, 11),
    "one-line block closed on the next line": ("d { a = 1\n}\n", "Invalid single-argument block definition", 1, 10),
    "two arguments on a line": ("a = 1 b = 2\n", "Missing newline after argument", 1, 7),
    "two blocks on a line": ("d {} e {}\n", "Missing newline after block definition", 1, 6),
    "closing brace after an argument": ("d {\na = 1 }\n", "Missing newline after argument", 2, 7),
    "negative number glued to a name": ("a = 1\nb = x -\n", None, None, None),
    "heredoc interpolation that does not parse": ("a = <<EOT\nx\n${,}\nEOT\n", None, 3, 3),
    "incomplete heredoc interpolation": ("a = <<EOT\nab ${1 +}\nEOT\n", None, 2, 9),
    "unclosed heredoc interpolation": ("a = <<-EOT\n  ${x\n  EOT\n", None, 2, 3),
}


@pytest.mark.parametrize("text,summary,line,col", REJECTED.values(), ids=REJECTED.keys())
def test_files_terraform_rejects_are_errors_at_terraforms_position(text, summary, line, col):
    f = parsed(text)
    assert f.error is not None
    if summary is not None:
        assert f.error.message.split(":")[0] == summary
    if line is not None:
        assert (f.error.span.line, f.error.span.col) == (line, col)


def test_attribute_redefined_says_where_it_was_first_set():
    f = parsed("a {\n  x = 1\n  x = 2\n}\n")
    assert f.error.message == ('Attribute redefined: The argument "x" was already set at main.tf:2,3-4. '
                               "Each argument may be set only once.")


def test_the_first_error_in_the_text_is_reported():
    text = "a = 1 b = 2\nd {\n  x = 1\n  x = 2\n}\n"
    assert (parsed(text).error.span.line, parsed(text).error.span.col) == (1, 7)


@pytest.mark.parametrize("text", [
    "d { a = 1 }\n", "d {}\n", "d {\n}\n", "x = <<EOT\nhi\nEOT\ny = 1\n",
    "d {\n  a = b == c # comment\n}\n", "d {\n  a = 1 + 2\n  b = [\n    1,\n  ]\n}\n",
])
def test_valid_layouts_are_not_errors(text):
    assert parsed(text).error is None
