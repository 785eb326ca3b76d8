"""Budgets: inputs that blow up a naive evaluator finish in a few seconds and a few
hundred MB, their values are Unknown("too large to evaluate"), and the module's
other findings are kept (the allow-all behavior below is EDGE101 in every case).

Each input runs ``edgelint check`` in its own process; its wall time and peak
memory (the child's maxrss) are measured and printed, and only a generous bound is
asserted (a hang or a blow-up fails; speed is measured in bench/, not here).
"""

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import edgelint_exe

from edgelint.evaluate.values import TOO_LARGE, Unknown

WALL_LIMIT = 60  # seconds: catches a hang, not a slowdown
MEMORY_LIMIT = 500 * 1024 * 1024

DISTRIBUTION = '''
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4"
  comment    = %s
  logging_config { bucket = "logs.s3.amazonaws.com" }

  origin {
    domain_name = "app.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
}
'''


def chain(name: str, first: str, step: str, n: int = 40) -> str:
    lines = [f"  {name}0 = {first}"]
    lines += [f"  {name}{i} = " + step.format(prev=f"local.{name}{i - 1}") for i in range(1, n + 1)]
    return "locals {\n" + "\n".join(lines) + "\n}\n"


THOUSAND = "[" + ", ".join(f'"item-{i}"' for i in range(1000)) + "]"

INPUTS = {
    "doubling_strings": (chain("s", '"ab"', '"${{{prev}}}${{{prev}}}"'), "local.s40"),
    "doubling_lists": (chain("l", '["a"]', "concat({prev}, {prev})"), "jsonencode(local.l40)"),
    "nested_lists": (chain("n", '["a"]', "[{prev}, {prev}]"), "jsonencode(local.n40)"),
    "nested_join": (f"locals {{\n  l = {THOUSAND}\n"
                    '  j = [for a in local.l : join(",", [for b in local.l : join(",", local.l)])]\n}\n',
                    'join(",", local.j)'),
    "count_1e9": ('resource "aws_lb" "many" {\n  count = 1e9\n  name = "x-${count.index}"\n}\n',
                  'aws_lb.many[0].name'),
    "count_100k": ('resource "aws_lb" "many" {\n  count = 100000\n  name = "x-${count.index}"\n}\n',
                   'aws_lb.many[5].name'),
}


def run_measured(folder) -> tuple[subprocess.CompletedProcess, float, int]:
    start = time.monotonic()
    proc = subprocess.Popen([*edgelint_exe(), "check", str(folder), "--format", "json", "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    try:
        out, err = proc.communicate(timeout=WALL_LIMIT * 2)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    wall = time.monotonic() - start
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the largest child so far
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), wall, peak


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_blow_up_input_is_bounded_and_other_findings_are_kept(tmp_path, name):
    body, comment = INPUTS[name]
    (tmp_path / "main.tf").write_text(body + DISTRIBUTION % comment)
    proc, wall, peak = run_measured(tmp_path)
    print(f"{name}: {wall:.2f} s, peak {peak / 2**20:.0f} MB", file=sys.stderr)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    rules = [f["rule"] for f in report["findings"]]
    assert "EDGE101" in rules
    if name.startswith("count"):  # one symbolic instance, and a notice that says so
        assert any("more than 1000 instances" in n["message"] for n in report["notices"])
    assert wall < WALL_LIMIT
    assert peak < MEMORY_LIMIT


def test_too_large_values_are_unknown_with_the_reason():
    from edgelint.instances.builder import build_tree
    from edgelint.parse.hcl import parse_text

    body, _ = INPUTS["doubling_strings"]
    tree = build_tree([(".", [parse_text(body, "main.tf")], [])])
    value = tree.modules[0].scope.local("s40")
    assert isinstance(value, Unknown) and value.reason == TOO_LARGE
    assert len(tree.modules[0].scope.local("s10").known) == 2 * 2**10
