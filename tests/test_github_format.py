"""``--format github``: workflow commands, escaped so that scanned text cannot inject one."""

import re

from conftest import ROOT, run_cli

from edgelint.report.github import command, escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def unescape(text: str) -> str:
    # what the Actions runner does (ActionCommand.cs): each escape back to its character
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse(line: str) -> tuple[str, dict, str]:
    m = COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in (m.group(2) or "").split(",") if p)
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def test_example_stack():
    r = run_cli("check", "fixtures/stacks/example", "--format", "github", cwd=ROOT)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[-1] == "12 findings (5 high, 5 medium, 2 low) in 3 files (5 checked). 1 fixable with --fix (2 more with --unsafe-fixes)."
    assert lines[1] == (
        "::error file=fixtures/stacks/example/alb.tf,line=39,col=3,endLine=39,endColumn=34,"
        "title=EDGE501 alb-origin-open-ingress::security group aws_security_group.web admits the internet on port 443 "
        "of aws_lb.web, which is origin 'alb' of aws_cloudfront_distribution.shop: anyone can reach the load "
        "balancer without CloudFront")
    kinds = [parse(line)[0] for line in lines[:-1]]
    # high: error, medium (EDGE604, EDGE605, EDGE502, EDGE302, EDGE206): warning, low (EDGE505, EDGE606): notice
    assert kinds == ["notice", "error", "warning", "warning", "notice", "error", "warning", "error", "warning", "error",
                     "warning", "error"]


def test_escaping_rules():
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("notice", "m", file="x", line=1, title="") == "::notice file=x,line=1::m"


def test_crafted_names_cannot_inject_commands(tmp_path):
    evil_dir = tmp_path / "a,b:c%25"
    evil_dir.mkdir()
    name = "x,line=1::y\n::error file=z::pwned.tf"
    (evil_dir / name).write_text(
        'resource "aws_cloudfront_distribution" "d" {\n'
        '  ordered_cache_behavior {\n'
        '    path_pattern           = "/a\\n::error::injected\\r\\n::warning title=t,file=f::x %0A"\n'
        '    target_origin_id       = "web"\n'
        '    viewer_protocol_policy = "allow-all"\n'
        '    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n'
        '  }\n'
        '  logging_config { bucket = "logs.s3.amazonaws.com" }\n'
        '}\n')
    r = run_cli("check", ".", "--format", "github", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 2  # one annotation and the summary: nothing injected
    kind, props, message = parse(lines[0])
    assert kind == "error"
    assert props["file"] == f"a,b:c%25/{name}"
    assert (props["line"], props["col"], props["title"]) == ("5", "5", "EDGE101 viewer-http-allowed")
    assert "behavior '/a\n::error::injected\r\n::warning title=t,file=f::x %0A'" in message
    assert not lines[1].startswith("::")


def test_suppressed_findings_are_not_annotated(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
        '    viewer_protocol_policy = "allow-all" # edgelint:ignore EDGE101 -- ok\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n'
        '  logging_config { bucket = "logs.s3.amazonaws.com" }\n}\n')
    r = run_cli("check", ".", "--format", "github", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout == "No findings in 1 file; 1 suppressed.\n"
