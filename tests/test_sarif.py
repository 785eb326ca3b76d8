"""SARIF output validates against the OASIS 2.1.0 schema: every fixture at once, the
bundled example, suppressions and the GitHub limits."""

import functools
import json

import jsonschema
import pytest
from conftest import FIXTURES, ROOT, run_cli
from corpus import case_result, cases, every_rule_tree_result

from edgelint.pipeline import Options, check
from edgelint.report.sarif import render_sarif
from edgelint.ruleset.registry import load_rules

SCHEMA_PATH = next((p for p in (ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json",
                                ROOT / "tests" / "data" / "sarif-schema-2.1.0.json") if p.exists()), None)
REGISTRY = load_rules()


@pytest.fixture(scope="module")
def validator():
    assert SCHEMA_PATH is not None, "the SARIF schema is missing"
    schema = json.loads(SCHEMA_PATH.read_text())
    return jsonschema.Draft7Validator(schema)


def test_the_fixture_tree_sarif_is_valid(validator, monkeypatch):
    """The SARIF of every fixture at once, with every rule (one document, validated
    once), as run and with every other finding in a baseline (external
    suppressions and baselineState), is valid and holds a result for every finding
    of every case."""
    from dataclasses import replace

    monkeypatch.chdir(FIXTURES)
    result = every_rule_tree_result()
    baselined = [replace(f, baselined=i % 2 == 0) for i, f in enumerate(result.findings)]
    for findings in (result.findings, baselined):
        doc = json.loads(render_sarif(replace(result, findings=findings)))
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, errors[0]
        results = doc["runs"][0]["results"]
        assert len(results) == len(findings)
        assert sum(r.get("baselineState") == "unchanged" for r in results) == sum(f.baselined for f in findings)
        # Every fixable finding carries its fix (artifactChanges/replacements), schema-valid above.
        assert sum("fixes" in r for r in results) == sum(bool(f.fix_safety) for f in findings) > 0
    cases_in_document = {tuple(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[:2])
                         for r in results}
    # (the tree is checked without a case's edgelint.args: a plan file is read only when named)
    assert {case.relative_to(FIXTURES).parts for case in cases()
            if case_result(case).findings and not (case / "edgelint.args").exists()} <= cases_in_document


def test_cli_sarif_file(tmp_path, validator):
    out = tmp_path / "out.sarif"
    r = run_cli("check", "fixtures/stacks/example", "--format", "sarif", "-o", out, cwd=ROOT)
    assert r.returncode == 1
    assert r.stdout == ""
    doc = json.loads(out.read_text())
    assert not list(validator.iter_errors(doc))
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(set(rule_ids))
    by_rule = {res["ruleId"]: res for res in run["results"]}
    res = by_rule["EDGE201"]
    assert res["level"] == "error"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "fixtures/stacks/example/cdn.tf", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 40, "startColumn": 5, "endLine": 45, "endColumn": 6}
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "EDGE201"
    edge501 = by_rule["EDGE501"]
    assert {r["physicalLocation"]["artifactLocation"]["uri"] for r in edge501["relatedLocations"]} == {
        "fixtures/stacks/example/cdn.tf", "fixtures/stacks/example/alb.tf"}
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "EDGE501")
    assert rule["properties"]["security-severity"] == "8.0"
    assert "security" in rule["properties"]["tags"]
    assert rule["help"]["markdown"].startswith("# EDGE501")


def test_sarif_is_deterministic():
    a = run_cli("check", "fixtures/stacks/example", "--format", "sarif", cwd=ROOT).stdout
    b = run_cli("check", "fixtures/stacks/example", "--format", "sarif", cwd=ROOT,
                env={"PYTHONHASHSEED": "123"}).stdout
    assert a == b


@functools.cache
def example_sarif(*args) -> dict:
    """The bundled example's SARIF, run once per set of arguments: read it, never change it."""
    r = run_cli("check", "fixtures/stacks/example", "--format", "sarif", *args, cwd=ROOT)
    assert r.returncode == 1, r.stderr
    return json.loads(r.stdout)


def test_driver_describes_every_rule_that_ran():
    run = example_sarif()["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "edgelint", __import__("edgelint").__version__, "https://github.com/edgelint/edgelint")
    ran = [r.id for r in REGISTRY.sorted() if r.default_enabled]
    assert [r["id"] for r in driver["rules"]] == ran
    for rule in driver["rules"]:
        meta = REGISTRY.by_key(rule["id"])
        assert rule["name"] == meta.name
        assert rule["shortDescription"]["text"] == meta.summary
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"].startswith(f"{meta.id} {meta.name}\n") and "##" not in rule["help"]["text"]
        assert rule["help"]["markdown"].startswith(f"# {meta.id} {meta.name}\n\n## What it does")
        assert rule["helpUri"] == meta.help_uri
        assert rule["defaultConfiguration"]["level"] == {"critical": "error", "high": "error", "medium": "warning",
                                                         "low": "note", "info": "note"}[meta.severity]
        props = rule["properties"]
        assert props["security-severity"] == {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0",
                                              "info": "1.0"}[meta.severity]
        assert props["tags"][0] == meta.kind and len(props["tags"]) <= 20
        assert props["precision"] in ("very-high", "high", "medium", "low")


def test_no_absolute_paths_in_results():
    run = example_sarif()["runs"][0]

    def uris(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "uri":
                    yield v
                else:
                    yield from uris(v)
        elif isinstance(node, list):
            for v in node:
                yield from uris(v)

    found = list(uris(run["results"]))
    assert found and all(not u.startswith(("/", "file:")) and ":" not in u for u in found)


def test_code_flow_walks_viewer_to_security_group_rule():
    run = example_sarif()["runs"][0]
    res = next(r for r in run["results"] if r["ruleId"] == "EDGE501")
    steps = res["codeFlows"][0]["threadFlows"][0]["locations"]
    where = [(s["location"]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[1],
              s["location"]["physicalLocation"]["region"]["startLine"], s["location"]["message"]["text"])
             for s in steps]
    assert where == [
        ("cdn.tf", 1, "viewer requests reach aws_cloudfront_distribution.shop"),
        ("cdn.tf", 33, "the default cache behavior targets origin 'alb'"),
        ("cdn.tf", 8, "origin 'alb' is aws_lb.web"),
        ("alb.tf", 5, "aws_lb.web uses aws_security_group.web"),
        ("alb.tf", 22, "aws_security_group.web"),
        ("alb.tf", 39, res["message"]["text"]),
    ]
    assert [s["executionOrder"] for s in steps] == list(range(6))
    assert steps[-1]["location"]["physicalLocation"]["region"] == res["locations"][0]["physicalLocation"]["region"]


def test_fingerprints_survive_moved_lines(tmp_path):
    import shutil

    stack = tmp_path / "stack"
    shutil.copytree(FIXTURES / "stacks" / "example", stack)

    def prints():
        doc = json.loads(run_cli("check", "stack", "--format", "sarif", cwd=tmp_path).stdout)
        return {(r["ruleId"], r["partialFingerprints"]["edgelint/v1"]): r["locations"][0]["physicalLocation"]
                ["region"]["startLine"] for r in doc["runs"][0]["results"]}

    before = prints()
    assert len({fp for _rule, fp in before}) == 12
    for name in ("alb.tf", "api.tf", "cdn.tf"):
        path = stack / name
        path.write_text("# moved down\n\n\n" + path.read_text())
    after = prints()
    assert set(after) == set(before)
    assert all(after[k] == before[k] + 3 for k in before)
    # the same fingerprints from another working directory, with --sarif-root
    doc = json.loads(run_cli("check", ".", "--format", "sarif", "--sarif-root", "..", cwd=stack).stdout)
    assert {(r["ruleId"], r["partialFingerprints"]["edgelint/v1"]) for r in doc["runs"][0]["results"]} == set(after)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[0]
            for r in doc["runs"][0]["results"]} == {"stack"}


def test_suppressed_results_are_kept_with_justification(tmp_path, validator):
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
        '    viewer_protocol_policy = "allow-all" # edgelint:ignore EDGE101 -- kiosk devices speak HTTP only\n'
        '    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n'
        '  }\n  ordered_cache_behavior {\n    path_pattern = "/x"\n'
        '    viewer_protocol_policy = "allow-all" # edgelint:ignore EDGE101\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n'
        '  logging_config { bucket = "logs.s3.amazonaws.com" }\n}\n')
    r = run_cli("check", ".", "--format", "sarif", cwd=tmp_path)
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert not list(validator.iter_errors(doc))
    assert [res.get("suppressions") for res in doc["runs"][0]["results"]] == [
        [{"kind": "inSource", "justification": "kiosk devices speak HTTP only"}], [{"kind": "inSource"}]]


def test_results_capped_at_github_limit(monkeypatch, validator):
    from edgelint.report import sarif

    assert sarif.GITHUB_LIMITS["results"] == 25_000
    monkeypatch.chdir(FIXTURES / "stacks" / "example")
    result = check(Options(["."]), REGISTRY)
    # 5 high, 5 medium and 2 low results; the first three in file order would include EDGE505 (low)
    monkeypatch.setitem(sarif.GITHUB_LIMITS, "results", 3)
    doc = json.loads(sarif.render_sarif(result))
    assert not list(validator.iter_errors(doc))
    run = doc["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["EDGE501", "EDGE701", "EDGE308"]  # the most severe, in file order
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes == ["9 less severe results left out: GitHub code scanning accepts at most 3 results per run"]


def test_loads_in_the_sarif_sdk_multitool_when_installed(tmp_path):
    """The SARIF SDK's validator (with GitHub's ingestion rules, GH1xxx) reads the
    bundled stack's SARIF without an error or warning. The tool is a large .NET
    binary, not a dev dependency: install it with
    ``npm install --prefix ~/.cache/edgelint-tools @microsoft/sarif-multitool`` or
    point EDGELINT_SARIF_MULTITOOL at Sarif.Multitool."""
    import glob
    import os
    import shutil
    import subprocess

    tool = os.environ.get("EDGELINT_SARIF_MULTITOOL") or shutil.which("Sarif.Multitool") or next(iter(glob.glob(
        os.path.expanduser("~/.cache/edgelint-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"))),
        None)
    if not tool:
        pytest.skip("SARIF multitool not installed")
    out = tmp_path / "example.sarif"
    run_cli("check", "fixtures/stacks/example", "--format", "sarif", "-o", out, cwd=ROOT)
    r = subprocess.run([tool, "validate", str(out), "--rule-kind", "Gh;Sarif"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    problems = [line for line in r.stdout.splitlines() if ": error " in line or ": warning " in line]
    assert problems == [], problems
