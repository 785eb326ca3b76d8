"""Parse stage: spans on every block and attribute, comments, BOM/CRLF, JSON, errors."""

import pickle

from edgelint.parse.hcl import parse_bytes, parse_text
from edgelint.parse.syntax import Lit, Span, Template, Traversal

SOURCE = '''# leading comment
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true // trailing
  origin {
    domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"
    origin_id   = "api"
  }
  /* block
     comment */
}
'''


def test_block_and_attribute_spans():
    f = parse_text(SOURCE, "main.tf")
    assert f.error is None
    (resource,) = f.blocks
    assert resource.type == "resource" and resource.labels == ("aws_cloudfront_distribution", "cdn")
    assert resource.span == Span("main.tf", 2, 1, 10, 2)
    assert resource.attributes["enabled"].span == Span("main.tf", 3, 3, 3, 17)
    (origin,) = resource.blocks
    assert origin.span == Span("main.tf", 4, 3, 7, 4)
    domain = origin.attributes["domain_name"]
    assert (domain.span.line, domain.span.col) == (5, 5)
    assert isinstance(domain.expr, Template)
    assert domain.expr.parts[1] == ".execute-api."
    assert origin.attributes["origin_id"].expr == Lit("api")


def test_comments_kept_with_positions():
    f = parse_text(SOURCE, "main.tf")
    assert [(c.line, c.col, c.text.split()[0]) for c in f.comments] == [
        (1, 1, "#"), (3, 18, "//"), (8, 3, "/*")]


def test_bom_and_crlf_are_accepted():
    data = "\ufeff".encode() + SOURCE.replace("\n", "\r\n").encode()
    f = parse_bytes(data, "main.tf")
    assert f.error is None
    assert f.blocks[0].attributes["enabled"].span == Span("main.tf", 3, 3, 3, 17)


def test_file_without_final_newline_and_comment_at_end():
    f = parse_text('a = 1 # no newline after this', "x.tfvars")
    assert f.error is None and f.attributes["a"].expr == Lit(1)


def test_syntax_error_has_line_and_column():
    f = parse_text('resource "a" "b" {\n  x = = 1\n}\n', "bad.tf")
    assert f.error is not None
    assert (f.error.span.line, f.error.span.col) == (2, 7)


def test_missing_brace_points_at_end_of_file():
    f = parse_text('resource "a" "b" {\n  x = 1\n', "bad.tf")
    assert f.error is not None and f.error.span.line >= 2
    assert "end of file" in f.error.message


def test_invalid_utf8_is_an_error_with_position():
    f = parse_bytes(b'a = "ok"\nb = "\xff"\n', "bad.tf")
    assert f.error is not None and f.error.span.line == 2 and "UTF-8" in f.error.message


def test_heredoc_interpolation_and_traversals():
    f = parse_text('x = <<-EOT\n    arn: ${aws_cloudfront_distribution.cdn.arn}\n    EOT\ny = aws_lb.api[0].dns_name\n', "h.tf")
    x = f.attributes["x"].expr
    assert isinstance(x, Template) and x.parts[0] == "arn: "
    y = f.attributes["y"].expr
    assert isinstance(y, Traversal) and y.root == "aws_lb"


def test_tf_json_has_spans():
    text = '{\n  "resource": {\n    "aws_lb": {\n      "web": {\n        "internal": true,\n        "name": "${var.n}"\n      }\n    }\n  }\n}\n'
    f = parse_bytes(text.encode(), "main.tf.json")
    assert f.error is None
    (block,) = f.blocks
    assert block.labels == ("aws_lb", "web")
    assert block.attributes["internal"].span.line == 5
    assert isinstance(block.attributes["name"].expr, Traversal)


def test_parsed_files_are_plain_picklable_data():
    f = parse_text(SOURCE, "main.tf")
    assert pickle.loads(pickle.dumps(f)) == f
