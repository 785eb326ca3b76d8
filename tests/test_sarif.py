"""SARIF output validates against the OASIS 2.1.0 schema, for every fixture run."""

import json

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, run_cli
from edgelint.engine import Options, check
from edgelint.registry import load_rules
from edgelint.report.sarif import render_sarif

SCHEMA_PATH = next((p for p in (ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json",
                                ROOT / "tests" / "data" / "sarif-schema-2.1.0.json") if p.exists()), None)
REGISTRY = load_rules()


@pytest.fixture(scope="module")
def validator():
    assert SCHEMA_PATH is not None, "the SARIF schema is missing"
    schema = json.loads(SCHEMA_PATH.read_text())
    return jsonschema.Draft7Validator(schema)


def fixture_cases():
    return sorted(p for g in FIXTURES.iterdir() if g.is_dir() for p in g.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", fixture_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_sarif_is_valid(case, validator, monkeypatch):
    monkeypatch.chdir(case)
    result = check(Options(["."]), REGISTRY)
    doc = json.loads(render_sarif(result))
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, errors[0]


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
