"""Fault isolation: a rule that raises is reported once (rule, resource, exception)
in every format, the other rules and files are still checked, and the exit code is
2 unless --keep-going (then the failure is a warning and the findings decide)."""

import json

import jsonschema
import pytest
from conftest import ROOT, run_cli
from hostile import BAD, RAISING_RULE, rule_pack

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
FAILURE = ("rule ACME001 (raises-on-second) failed on aws_cloudfront_distribution.b: ZeroDivisionError: "
           "boom \\x1b[31maws_cloudfront_distribution.b (pack.py:12); its findings may be incomplete")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """Two modules, each with two distributions: the rule flags ``a`` and raises on
    ``b`` in both; EDGE101 flags all four."""
    root = tmp_path_factory.mktemp("faults")
    for module in ("one", "two"):
        (root / "infra" / module).mkdir(parents=True)
        (root / "infra" / module / "main.tf").write_text(BAD.replace('"d"', '"a"') + BAD.replace('"d"', '"b"'))
    rule_pack(root / "rules", RAISING_RULE)
    return root


def check(tree, *args):
    # The other rules pinned to EDGE101: the counts below stay true as rules are added.
    if "--select" not in args:
        args = ("--select", "ACME001,EDGE101", *args)
    return run_cli("check", "infra", "--rules-dir", "rules", *args, cwd=tree)


def test_text_reports_the_failure_once_and_keeps_checking(tree):
    r = check(tree)
    assert r.returncode == 2
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == f"error: {FAILURE} (it failed in 1 more module too)"
    assert sum("ACME001" in line and "failed" in line for line in lines) == 1
    heads = [line.split(" [")[0] for line in lines if ": EDGE101" in line or ": ACME001" in line]
    assert heads == ["infra/one/main.tf:1:1: ACME001", "infra/one/main.tf:3:5: EDGE101",
                     "infra/one/main.tf:8:5: EDGE101", "infra/two/main.tf:1:1: ACME001",
                     "infra/two/main.tf:3:5: EDGE101", "infra/two/main.tf:8:5: EDGE101"]
    assert lines[-1] == "6 findings (6 high) in 2 files. 4 fixable with --fix --unsafe-fixes. 1 rule failed: findings may be missing."


def test_keep_going_makes_it_a_warning_and_the_findings_decide(tree):
    r = check(tree, "--keep-going")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == f"warning: {FAILURE} (it failed in 1 more module too)"
    r = check(tree, "--keep-going", "--select", "ACME001", "--fail-on", "critical")
    assert r.returncode == 0  # nothing at or above critical: the failure alone does not fail the run
    assert r.stdout.splitlines()[0].startswith("warning: rule ACME001")


def test_json_notice(tree):
    doc = json.loads(check(tree, "--format", "json").stdout)
    failures = [n for n in doc["notices"] if n["rule"] == "ACME001"]
    assert failures == [{"level": "error", "message": FAILURE.replace("\\x1b", "\x1b") + " (it failed in 1 more module too)",
                         "path": "", "rule": "ACME001", "address": "aws_cloudfront_distribution.b",
                         "exception": "ZeroDivisionError"}]
    assert doc["summary"]["findings"] == 6


def test_sarif_tool_execution_notification(tree):
    r = check(tree, "--format", "sarif")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert not list(jsonschema.Draft7Validator(SCHEMA).iter_errors(doc))
    run = doc["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["associatedRule"] == {"id": "ACME001", "index": 0}
    assert run["tool"]["driver"]["rules"][0]["id"] == "ACME001"
    assert note["exception"]["kind"] == "ZeroDivisionError"
    assert "aws_cloudfront_distribution.b" in note["message"]["text"]
    assert len(run["results"]) == 6
    keep_going = json.loads(check(tree, "--format", "sarif", "--keep-going").stdout)["runs"][0]["invocations"][0]
    assert keep_going["toolExecutionNotifications"][0]["level"] == "warning"
    assert keep_going["executionSuccessful"] is False  # the rule still did not finish


def test_a_rule_that_raises_on_every_call(tmp_path):
    """No resource to blame: the notice says what it can, the rest still runs."""
    rule_pack(tmp_path / "rules", RAISING_RULE.replace("if n == 1:", "if True:").replace(
        'raise ZeroDivisionError("boom \\x1b[31m" + d.address)', "raise KeyError(d.address)"))
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(BAD)
    r = run_cli("check", "infra", "--rules-dir", "rules", "--select", "ACME001,EDGE101", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout.splitlines()[0] == ("error: rule ACME001 (raises-on-second) failed on aws_cloudfront_distribution.d: "
                                        "KeyError: 'aws_cloudfront_distribution.d' (pack.py:12); "
                                        "its findings may be incomplete")
    assert "infra/main.tf:3:5: EDGE101" in r.stdout


def test_run_rules_in_process():
    """The engine's contract, without the CLI: one notice, the other rule's findings."""
    from edgelint.findings import Finding
    from edgelint.parse.syntax import Span
    from edgelint.pipeline import run_rules
    from edgelint.ruleset.registry import Rule

    def broken(stack):
        yield Finding("before", Span("f.tf", 1, 1, 1, 2))
        raise RuntimeError("after")

    def fine(stack):
        yield Finding("fine", Span("f.tf", 2, 1, 2, 2))

    notices = []
    rules = [Rule("X001", "broken", "low", (), broken), Rule("X002", "fine", "low", (), fine)]
    found = run_rules(object(), rules, notices)
    assert [f.message for f in found] == ["before", "fine"]  # what it yielded before it raised is kept
    assert [(n.rule_id, n.level, n.exception) for n in notices] == [("X001", "error", "RuntimeError")]
    assert notices[0].message.startswith("rule X001 (broken) failed: RuntimeError: after (test_fault_isolation.py:")


def test_the_resource_named_is_the_one_the_rule_read_last(tree, monkeypatch):
    """The model records what a rule reads (``model.base.READING``); the notice names
    that resource, not whichever model object the traceback's locals hold, and a rule
    that read nothing inherits nothing from the rule before it."""
    from edgelint.pipeline import Options, check, run_rules
    from edgelint.ruleset.registry import Rule, load_rules

    monkeypatch.chdir(tree)
    (stack,) = check(Options(["infra/one"], select=["EDGE101"]), load_rules()).stacks

    def reads_b(stack):
        a, b = sorted(stack.distributions, key=lambda d: d.address)
        b.value("enabled")
        yield from ()
        raise RuntimeError(f"after reading {b!r}, holding {a!r}")

    def reads_nothing(stack):
        yield from ()
        raise RuntimeError("blind")

    notices = []
    run_rules(stack, [Rule("X001", "reads-b", "low", (), reads_b), Rule("X002", "blind", "low", (), reads_nothing)],
              notices)
    assert [n.address for n in notices] == ["aws_cloudfront_distribution.b", ""]
