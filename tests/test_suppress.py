"""Inline suppressions: what a directive covers, what it records, when EDGE901 reports it.

The fixtures in fixtures/EDGE901 pin which lines fire; these tests pin the rest:
columns, justifications, rules that did not run, and the reports."""

import json

from conftest import run_cli

from edgelint.filter.suppress import scan
from edgelint.parse.syntax import Comment, ParsedFile
from edgelint.pipeline import Options, check
from edgelint.ruleset.registry import load_rules

REGISTRY = load_rules()

# Every distribution below keeps access logs (a last line before its closing brace, so
# that the lines these tests pin do not move): EDGE109 would fire on each otherwise.
LOGGING = '  logging_config { bucket = "logs.s3.amazonaws.com" }\n'

BEHAVIOR = '''resource "aws_cloudfront_distribution" "d" {{
  default_cache_behavior {{
    target_origin_id       = "web"
    viewer_protocol_policy = "{policy}"{comment}
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }}
  logging_config {{ bucket = "logs.s3.amazonaws.com" }}
}}
'''


def run(tmp_path, monkeypatch, text: str, **options):
    (tmp_path / "main.tf").write_text(text)
    monkeypatch.chdir(tmp_path)
    return check(Options(["."], **options), REGISTRY)


def test_justification_is_kept_and_finding_not_reported(tmp_path, monkeypatch):
    result = run(tmp_path, monkeypatch,
                 BEHAVIOR.format(policy="allow-all", comment="  # edgelint:ignore EDGE101 -- legacy set-top boxes"))
    assert result.reported == []
    [finding] = result.findings
    assert finding.rule_id == "EDGE101"
    assert finding.suppressed == "legacy set-top boxes"


def test_no_reason_is_an_empty_justification(tmp_path, monkeypatch):
    result = run(tmp_path, monkeypatch, BEHAVIOR.format(policy="allow-all", comment=" # edgelint:ignore EDGE101"))
    assert [f.suppressed for f in result.findings] == [""]


def test_each_unused_id_reported_at_its_own_column(tmp_path, monkeypatch):
    line = '    # edgelint:ignore EDGE101, EDGE201 EDGE999 -- migrating'
    text = ('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
            f'{line}\n    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }}\n{LOGGING}}}\n')
    result = run(tmp_path, monkeypatch, text)
    unused = [(f.span.line, f.span.col, f.span.end_col, f.message) for f in result.reported]
    assert unused == [
        (3, line.index("EDGE201") + 1, line.index("EDGE201") + 8, "unused suppression: no EDGE201 finding on the "
                                                                  "line or block it covers"),
        (3, line.index("EDGE999") + 1, line.index("EDGE999") + 8, "unused suppression: 'EDGE999' names no rule"),
    ]
    assert all(f.rule_id == "EDGE901" and f.severity == "low" for f in result.reported)
    assert [f.rule_id for f in result.findings if f.suppressed is not None] == ["EDGE101"]


def test_unused_ignore_file_reported(tmp_path, monkeypatch):
    text = "// edgelint:ignore-file EDGE201\n" + BEHAVIOR.format(policy="https-only", comment="")
    result = run(tmp_path, monkeypatch, text)
    [f] = result.reported
    assert (f.rule_id, f.span.line, f.span.col) == ("EDGE901", 1, 25)
    assert f.message == "unused suppression: no EDGE201 finding in this file"


def test_rule_that_did_not_run_is_not_judged(tmp_path, monkeypatch):
    text = BEHAVIOR.format(policy="https-only", comment=" # edgelint:ignore EDGE101")
    assert [f.rule_id for f in run(tmp_path, monkeypatch, text).reported] == ["EDGE901"]
    assert run(tmp_path, monkeypatch, text, ignore=["EDGE101"]).reported == []
    assert run(tmp_path, monkeypatch, text, select=["EDGE201", "EDGE901"]).reported == []


def test_edge901_can_be_ignored_like_any_rule(tmp_path, monkeypatch):
    text = BEHAVIOR.format(policy="https-only", comment=" # edgelint:ignore EDGE101")
    assert run(tmp_path, monkeypatch, text, ignore=["unused-suppression"]).reported == []


def test_trailing_comment_covers_its_line_only(tmp_path, monkeypatch):
    text = ('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
            '    viewer_protocol_policy = "https-only" # edgelint:ignore EDGE201\n'
            '    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"\n'
            '    forwarded_values {\n      query_string = false\n    }\n    compress = true\n  }\n' + LOGGING + '}\n')
    got = sorted((f.rule_id, f.span.line) for f in run(tmp_path, monkeypatch, text).reported)
    assert got == [("EDGE201", 5), ("EDGE901", 3)]


def test_comment_two_lines_above_covers_nothing(tmp_path, monkeypatch):
    text = ('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
            '    # edgelint:ignore EDGE101\n\n    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n' + LOGGING + '}\n')
    got = sorted((f.rule_id, f.span.line) for f in run(tmp_path, monkeypatch, text).reported)
    assert got == [("EDGE101", 5), ("EDGE901", 3)]


def test_suppression_in_one_file_does_not_cover_another(tmp_path, monkeypatch):
    (tmp_path / "other.tf").write_text("# edgelint:ignore-file EDGE101\n")
    result = run(tmp_path, monkeypatch, BEHAVIOR.format(policy="allow-all", comment=""))
    assert sorted(f.rule_id for f in result.reported) == ["EDGE101", "EDGE901"]


def test_scan_positions_in_a_multiline_block_comment():
    text = "/* edgelint:ignore-file\n     EDGE101,\n   EDGE204 -- reason\n   over lines */"
    parsed = ParsedFile("x.tf", comments=(Comment(3, 5, text),), lines=("",) * 6)
    [d] = scan(parsed, "")
    assert d.whole_file and d.reason == "reason over lines"
    assert [(k.text, k.span.line, k.span.col) for k in d.keys] == [("EDGE101", 4, 6), ("EDGE204", 5, 4)]
    assert (d.span.line, d.span.col) == (3, 8)


def test_directive_must_open_the_comment():
    parsed = ParsedFile("x.tf", comments=(Comment(1, 1, "# see edgelint:ignore EDGE101 in the docs"),
                                          Comment(2, 1, "#edgelint:ignored EDGE101")), lines=("", ""))
    assert scan(parsed) == []


def test_cli_reports_suppressed_in_json_and_summary(tmp_path):
    (tmp_path / "main.tf").write_text(BEHAVIOR.format(policy="allow-all", comment=" # edgelint:ignore EDGE101 -- ok"))
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1] == "No findings in 1 file; 1 suppressed."
    doc = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert [(f["rule"], f["suppressed"]) for f in doc["findings"]] == [("EDGE101", "ok")]
    assert doc["summary"]["findings"] == 0 and doc["summary"]["suppressed"] == 1
