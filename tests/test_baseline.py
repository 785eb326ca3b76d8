"""Baselines through the CLI: record today, report only what is new, survive moves."""

import json

from conftest import run_cli

CDN = '''resource "aws_cloudfront_distribution" "site" {{
  default_cache_behavior {{
    target_origin_id       = "web"
    viewer_protocol_policy = "{default}"
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }}
  logging_config {{ bucket = "logs.s3.amazonaws.com" }}
  ordered_cache_behavior {{
    path_pattern           = "/img/*"
    target_origin_id       = "web"
    viewer_protocol_policy = "{ordered}"
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }}
}}
'''


def findings(r) -> list[tuple[str, str, int]]:
    assert r.returncode in (0, 1), r.stderr
    return [(f["rule"], f["file"], f["line"]) for f in json.loads(r.stdout)["findings"] if not f["baselined"]]


def test_write_then_only_new_findings(tmp_path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="https-only"))
    r = run_cli("check", "infra", "--write-baseline", ".edgelint-baseline.json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == "edgelint: wrote 1 finding to the baseline .edgelint-baseline.json\n"
    assert r.stdout.strip() == "No findings in 1 file; 1 in the baseline."
    doc = json.loads((tmp_path / ".edgelint-baseline.json").read_text())
    assert doc["version"] == 1
    [entry] = doc["findings"]
    assert (entry["rule"], entry["module"], entry["address"], entry["attribute"], entry["file"]) == (
        "EDGE101", "infra", "aws_cloudfront_distribution.site", "default_cache_behavior[0].viewer_protocol_policy",
        "infra/cdn.tf")
    assert "line" not in entry

    baselined = run_cli("check", "infra", "--baseline", ".edgelint-baseline.json", cwd=tmp_path)
    assert baselined.returncode == 0, baselined.stdout

    # the same mistake on another behavior is new
    (tmp_path / "infra" / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="allow-all"))
    r = run_cli("check", "infra", "--baseline", ".edgelint-baseline.json", "--format", "json", cwd=tmp_path)
    assert r.returncode == 1
    assert findings(r) == [("EDGE101", "infra/cdn.tf", 11)]


def test_moving_code_keeps_it_baselined(tmp_path):
    (tmp_path / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="allow-all"))
    assert run_cli("check", ".", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    # lines shift, and the resource moves to another file of the module
    (tmp_path / "cdn.tf").unlink()
    (tmp_path / "edge.tf").write_text("# the CDN\n\n\nlocals {\n  x = 1\n}\n\n" + CDN.format(default="allow-all",
                                                                                             ordered="allow-all"))
    r = run_cli("check", ".", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert findings(r) == []
    # fix one, re-introduce it elsewhere: reported
    (tmp_path / "edge.tf").write_text(CDN.format(default="https-only", ordered="allow-all")
                                      + CDN.format(default="allow-all", ordered="https-only").replace('"site"', '"other"'))
    r = run_cli("check", ".", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert r.returncode == 1
    assert findings(r) == [("EDGE101", "edge.tf", 18)]


def test_baseline_works_from_another_directory(tmp_path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="https-only"))
    assert run_cli("check", "infra", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    r = run_cli("check", ".", "--baseline", "../base.json", cwd=tmp_path / "infra")
    assert r.returncode == 0, r.stdout


def test_baseline_from_config(tmp_path):
    (tmp_path / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="https-only"))
    (tmp_path / ".edgelint.toml").write_text('baseline = "base.json"\n')
    # writing does not need the baseline to exist yet
    assert run_cli("check", ".", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0


def test_sarif_marks_baselined_results(tmp_path):
    (tmp_path / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="https-only"))
    run_cli("check", ".", "--write-baseline", "base.json", cwd=tmp_path)
    (tmp_path / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="allow-all"))
    doc = json.loads(run_cli("check", ".", "--baseline", "base.json", "--format", "sarif", cwd=tmp_path).stdout)
    results = doc["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["baselineState"],
             r.get("suppressions")) for r in results] == [
        (4, "unchanged", [{"kind": "external", "justification": "recorded in the edgelint baseline"}]),
        (11, "new", None)]


def test_bad_baseline_is_one_line_exit_2(tmp_path):
    (tmp_path / "cdn.tf").write_text(CDN.format(default="allow-all", ordered="https-only"))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"version": 7, "findings": []}')
    for name, problem in (("missing.json", "no such file"), ("broken.json", "not valid JSON"),
                          ("other.json", "not an edgelint baseline")):
        r = run_cli("check", ".", "--baseline", name, cwd=tmp_path)
        assert r.returncode == 2
        assert r.stderr.startswith(f"edgelint: error: baseline {name}: {problem}") and r.stderr.count("\n") == 1


def test_written_baseline_is_deterministic(tmp_path):
    (tmp_path / "a.tf").write_text(CDN.format(default="allow-all", ordered="allow-all"))
    (tmp_path / "b.tf").write_text(CDN.format(default="allow-all", ordered="https-only").replace('"site"', '"b"'))
    run_cli("check", ".", "--write-baseline", "one.json", cwd=tmp_path)
    run_cli("check", "b.tf", "a.tf", "--write-baseline", "two.json", cwd=tmp_path,
            env={"PYTHONHASHSEED": "7"})
    assert (tmp_path / "one.json").read_text() == (tmp_path / "two.json").read_text()


def test_parse_error_baselined_from_another_directory(tmp_path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "broken.tf").write_text('resource "x" "y" {\n  a = \n')
    assert run_cli("check", "infra", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    r = run_cli("check", ".", "--baseline", "../base.json", cwd=tmp_path / "infra")
    assert r.returncode == 0, r.stdout
