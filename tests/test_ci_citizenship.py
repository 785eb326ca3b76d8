"""Issue 14: no silent passes, the conventions CI and terminal users expect.

Each test names the item of the issue it proves; every one failed before the change.
"""

import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, ROOT, edgelint_exe, run_cli
from hostile import permission_preexec

EXAMPLE = FIXTURES / "stacks" / "example"
HTTP = ('resource "aws_cloudfront_distribution" "d" {\n'
        '  logging_config { bucket = "logs.s3.amazonaws.com" }\n'
        '  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n'
        '    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
CLEAN = HTTP.replace("allow-all", "https-only")
REMOTE_MODULE = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'


# --- 1. a plan file that is not a plan is EDGE900 -----------------------------------


@pytest.mark.parametrize(("content", "line", "col"), [
    ("", 1, 1),
    ("{not json", 1, 2),
    ("[]", 1, 1),
    ("\nError: Failed to load plugin schemas\n", 2, 1),
])
def test_item1_plan_that_is_not_a_plan_is_edge900(tmp_path, content, line, col):
    (tmp_path / "plan.json").write_text(content)
    r = run_cli("check", "plan.json", cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.startswith(f"plan.json:{line}:{col}: EDGE900 [high] cannot parse this file: "), r.stdout
    assert "terraform show -json" in r.stdout.splitlines()[0]
    assert "skipped" not in r.stdout


# --- 2. an invalid pyproject.toml found walking up is exit 2 -------------------------


def test_item2_invalid_pyproject_found_walking_up_is_exit_2(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.edgelint\nselect = ["EDGE101"]\n')
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stderr.startswith("edgelint: error: pyproject.toml: not valid TOML:"), r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert run_cli("check", ".", "--isolated", cwd=tmp_path).returncode == 1  # the way out it names


# --- 3. each path under its own configuration, or refused ----------------------------


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_item3_paths_under_different_configurations_are_refused_in_either_order(tmp_path, order):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(HTTP)
    (tmp_path / "b" / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    r = run_cli("check", *order, cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert "different configuration files" in r.stderr
    assert "a uses no configuration file" in r.stderr and "b uses b/.edgelint.toml" in r.stderr
    # --config decides for all of them, whatever the order.
    for args in (("a", "b"), ("b", "a")):
        decided = run_cli("check", *args, "--config", "b/.edgelint.toml", cwd=tmp_path)
        assert decided.returncode == 0, decided.stdout + decided.stderr


def test_item3_paths_under_one_configuration_are_checked_together(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(HTTP)
    assert run_cli("check", "b", "a", cwd=tmp_path).returncode == 0


# --- 4. near-miss suppression comments are reported ----------------------------------


@pytest.mark.parametrize("comment", ["# edgelint: ignore EDGE101", "# edgelint-ignore: EDGE101",
                                     "# EDGELINT:IGNORE EDGE101", "// edgelint ignore EDGE101"])
def test_item4_near_miss_suppression_is_reported(tmp_path, comment):
    (tmp_path / "main.tf").write_text(HTTP.replace("    viewer_protocol_policy", f"    {comment}\n"
                                                   "    viewer_protocol_policy"))
    r = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    found = {(f["rule"], f["line"]) for f in json.loads(r.stdout)["findings"]}
    assert found == {("EDGE901", 4), ("EDGE101", 5)}, found
    edge901 = next(f for f in json.loads(r.stdout)["findings"] if f["rule"] == "EDGE901")
    assert "not a suppression" in edge901["message"] and "edgelint:ignore RULES -- reason" in edge901["message"]
    assert edge901["column"] == 5 + comment.lower().index("edgelint")


def test_item4_prose_that_mentions_edgelint_is_no_near_miss(tmp_path):
    (tmp_path / "main.tf").write_text("# edgelint: the checks run in CI\n# edgelint:ignore-file EDGE101\n" + HTTP)
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0 and "EDGE901" not in r.stdout, r.stdout


# --- 5. an unreadable file is skipped with a notice ----------------------------------


def test_item5_unreadable_file_is_skipped_with_a_notice(tmp_path):
    preexec, why = permission_preexec(tmp_path)
    if preexec is None:
        pytest.skip(why)
    (tmp_path / "main.tf").write_text(HTTP)
    (tmp_path / "secret.tf").write_text(HTTP)
    (tmp_path / "secret.tf").chmod(0)
    r = subprocess.run([*edgelint_exe(), "check", "secret.tf", "main.tf"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=120, preexec_fn=preexec, env={**os.environ, "NO_COLOR": "1"})
    assert "secret.tf: warning: skipped: cannot read: Permission denied" in r.stdout.splitlines()
    assert "EDGE900" not in r.stdout


# --- 6. repeated --format / -o are errors, not last-wins -----------------------------


@pytest.mark.parametrize(("args", "says"), [
    (("--format", "json", "--format", "sarif"), "--format given 2 times"),
    (("-o", "a.txt", "-o", "b.txt"), "-o/--output FILE given 2 times"),
    (("--output", "json", "--output", "sarif"), "2 reports on stdout"),
    (("--output", "json=r.out", "--output", "sarif=r.out"), "would receive two reports"),
])
def test_item6_repeated_report_options_are_refused(tmp_path, args, says):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", *args, cwd=tmp_path)
    assert r.returncode == 2 and says in r.stderr, r.stderr
    assert not (tmp_path / "a.txt").exists() and not (tmp_path / "r.out").exists()


# --- 7. bare edgelint prints the help -------------------------------------------------


def test_item7_bare_edgelint_prints_the_help():
    r = run_cli()
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Usage: edgelint [OPTIONS] COMMAND [ARGS]...\n\n")
    assert "check" in r.stdout and r.stderr == ""


# --- 8. EDGE902 is a notice about coverage, not a failure ----------------------------


def test_item8_unresolved_module_does_not_fail_by_default(tmp_path):
    (tmp_path / "main.tf").write_text(REMOTE_MODULE)
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert "EDGE902 [info]" in r.stdout
    assert r.stdout.splitlines()[-1] == "No findings in 1 file. 1 module not checked: source not found locally (EDGE902)."
    assert run_cli("check", ".", "--fail-on", "info", cwd=tmp_path).returncode == 1
    doc = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert doc["summary"]["modules_not_checked"] == 1
    sarif = json.loads(run_cli("check", ".", "--format", "sarif", cwd=tmp_path).stdout)
    assert [r["level"] for r in sarif["runs"][0]["results"]] == ["note"]
    github = run_cli("check", ".", "--format", "github", cwd=tmp_path).stdout
    assert github.startswith("::notice file=main.tf")


def test_item8_real_findings_still_fail_beside_edge902(tmp_path):
    (tmp_path / "main.tf").write_text(REMOTE_MODULE + HTTP)
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1].startswith("1 finding (1 high) in 1 file.")
    assert "1 module not checked" in r.stdout.splitlines()[-1]


# --- 9. helpUri and report links open a page -----------------------------------------


def test_item9_help_uri_points_at_the_rules_page():
    from edgelint.ruleset.registry import load_rules

    registry = load_rules()
    for r in registry.sorted():
        assert r.help_uri == f"https://github.com/edgelint/edgelint/blob/main/docs/rules/{r.id}.md"
        assert (ROOT / "docs" / "rules" / f"{r.id}.md").is_file(), r.id
    sarif = json.loads(run_cli("check", EXAMPLE, "--format", "sarif", cwd=ROOT).stdout)
    uris = {d["helpUri"] for d in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert all("/docs/rules/EDGE" in u and "#" not in u for u in uris)
    markdown = run_cli("check", EXAMPLE, "--format", "markdown", cwd=ROOT).stdout
    assert "](https://github.com/edgelint/edgelint/blob/main/docs/rules/EDGE101.md)" in markdown


def test_item9_plugin_rule_help_uri(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "acme.py").write_text(
        "from edgelint.ruleset.registry import rule\n\n"
        "@rule('ACME101', 'acme-own-page', severity='low', help_uri='https://acme.example/rules/ACME101')\n"
        "def own(stack):\n    '''## What it does\\nNothing.'''\n    return []\n\n"
        "@rule('ACME102', 'acme-no-page', severity='low')\n"
        "def none(stack):\n    '''## What it does\\nNothing.'''\n    return []\n")
    (tmp_path / "main.tf").write_text(CLEAN)
    r = run_cli("check", ".", "--rules-dir", "rules", "--select", "ACME", "--format", "sarif", cwd=tmp_path)
    rules = {d["id"]: d for d in json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ACME101"]["helpUri"] == "https://acme.example/rules/ACME101"
    assert "helpUri" not in rules["ACME102"]  # no link rather than a dead one


def test_item9_the_base_url_is_the_repository_of_pyproject():
    import tomllib

    from edgelint.ruleset.registry import REPOSITORY_URL

    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Repository"] == REPOSITORY_URL


# --- 10. JSON fix comes from the rule docs --------------------------------------------


def test_item10_json_fix_is_the_rules_use_instead_sentence():
    doc = json.loads(run_cli("check", EXAMPLE, "--format", "json", cwd=ROOT).stdout)
    from edgelint.ruleset.registry import load_rules

    registry = load_rules()
    for f in doc["findings"]:
        assert f["fix"] == registry.by_key(f["rule"]).fix
    assert all(f["fix"] for f in doc["findings"]), [f["rule"] for f in doc["findings"] if not f["fix"]]
    assert all("\n" not in f["fix"] and len(f["fix"]) < 300 for f in doc["findings"])


# --- 11. related locations and the trail of the deciding value ------------------------


def _result_with_trail():
    from edgelint.findings import CheckResult, Finding, Related
    from edgelint.parse.syntax import Span

    finding = Finding(
        "the default cache behavior lets viewers use plain HTTP", Span("cdn.tf", 34, 5, 34, 47),
        address="aws_cloudfront_distribution.shop", rule_id="EDGE101", rule_name="viewer-http-allowed",
        severity="high",
        related=(Related(Span("cdn.tf", 7, 3, 7, 9), "origin 'alb' is an application load balancer"),),
        trail=(Related(Span("terraform.tfvars", 2, 1, 2, 30), '"allow-all"'),
               Related(Span("variables.tf", 1, 1, 1, 20), "var.viewer_policy"),
               Related(Span("cdn.tf", 34, 5, 34, 47), "")))
    from edgelint.ruleset.registry import load_rules

    return CheckResult(findings=[finding], files=["cdn.tf"], rules=[load_rules().by_key("EDGE101")])


def test_item11_text_shows_the_trail_and_related_locations():
    from edgelint.report.text import render_text

    lines = render_text(_result_with_trail()).splitlines()
    assert lines[1] == '   = value: "allow-all" from terraform.tfvars:2 → var.viewer_policy → cdn.tf:34'
    assert lines[2] == "   = note: origin 'alb' is an application load balancer at cdn.tf:7:3"


def test_item11_json_and_sarif_carry_the_trail(tmp_path, monkeypatch):
    from edgelint.report.json import render_json
    from edgelint.report.sarif import render_sarif

    monkeypatch.chdir(tmp_path)
    result = _result_with_trail()
    finding = json.loads(render_json(result))["findings"][0]
    assert [(t["file"], t["line"], t["message"]) for t in finding["trail"]] == [
        ("terraform.tfvars", 2, '"allow-all"'), ("variables.tf", 1, "var.viewer_policy"), ("cdn.tf", 34, "")]
    sarif = json.loads(render_sarif(result))["runs"][0]["results"][0]
    related = [(loc["physicalLocation"]["artifactLocation"]["uri"], loc["message"]["text"])
               for loc in sarif["relatedLocations"]]
    assert related[1:] == [("terraform.tfvars", 'value: "allow-all"'), ("variables.tf", "value: var.viewer_policy"),
                           ("cdn.tf", "value passes here")]


def test_item11_text_shows_related_locations_of_the_example():
    r = run_cli("check", EXAMPLE.relative_to(ROOT), cwd=ROOT)
    lines = r.stdout.splitlines()
    i = next(i for i, line in enumerate(lines) if ":39:3: EDGE501" in line)
    assert lines[i + 3] == ("   = note: origin 'alb' of aws_cloudfront_distribution.shop at "
                            "fixtures/stacks/example/cdn.tf:8:5")


# --- 12. options CI and editors expect ------------------------------------------------


def test_item12_summary_on_stderr_when_the_report_goes_to_a_file(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", "--format", "sarif", "-o", "out.sarif", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == "edgelint: 1 finding (1 high) in 1 file. 1 fixable with --fix --unsafe-fixes.\n"


def test_item12_quiet_prints_findings_only(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", "-q", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("main.tf:4:5: EDGE101")
    assert "finding" not in r.stdout.splitlines()[-1] and r.stderr == ""
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "main.tf").write_text(CLEAN)
    assert run_cli("check", "clean", "-q", cwd=tmp_path).stdout == ""
    assert run_cli("check", ".", "-q", "-o", "r.txt", cwd=tmp_path).stderr == ""


def test_item12_verbose_names_the_config_the_files_and_the_stage_times(tmp_path):
    (tmp_path / ".edgelint.toml").write_text('ignore = ["EDGE207"]\n')
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", "-v", cwd=tmp_path)
    err = r.stderr.splitlines()
    assert "edgelint: configuration: .edgelint.toml" in err
    assert "edgelint: checked main.tf" in err
    times = next(line for line in err if line.startswith("edgelint: time: "))
    for stage in ("discover", "parse", "instances", "rules", "filter", "report"):
        assert f"{stage} " in times, times
    assert r.stdout.splitlines()[-1].startswith("1 finding")  # the report is unchanged


def test_item12_exit_zero(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP)
    assert run_cli("check", ".", "--exit-zero", cwd=tmp_path).returncode == 0
    assert run_cli("check", "missing", "--exit-zero", cwd=tmp_path).returncode == 2  # errors are still errors


@pytest.mark.parametrize(("select", "expected"), [("EDGE1", "EDGE101"), ("EDGE10", "EDGE101"), ("ALL", "EDGE101"),
                                                  ("EDGE2", None)])
def test_item12_select_all_and_prefixes(tmp_path, select, expected):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", "--select", select, "--format", "json", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    rules = {f["rule"] for f in json.loads(r.stdout)["findings"]}
    assert (expected in rules) if expected else ("EDGE101" not in rules), rules


def test_item12_prefix_selection_in_config_and_unknown_prefix(tmp_path):
    from edgelint.ruleset.registry import load_rules

    registry = load_rules()
    assert {r.id for r in registry.matching("EDGE9")} == {"EDGE900", "EDGE901", "EDGE902", "EDGE903"}
    assert len(registry.matching("all")) == len(registry.rules)
    assert registry.matching("EDGE7777") == [] and registry.matching("NOPE") == []
    (tmp_path / "main.tf").write_text(HTTP)
    (tmp_path / ".edgelint.toml").write_text('ignore = ["EDGE1"]\n')
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0
    r = run_cli("check", ".", "--select", "XYZ9", cwd=tmp_path)
    assert r.returncode == 2 and "unknown rule 'XYZ9'" in r.stderr


def test_item12_several_outputs_in_one_run(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("check", ".", "--output", "sarif=out.sarif", "--output", "json=out.json", "--output", "text",
                cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("main.tf:4:5: EDGE101"), r.stderr
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["findings"] == 1
    both = run_cli("check", ".", "--format", "json", "-o", "main.json", "--output", "github=-", cwd=tmp_path)
    assert both.stdout.startswith("::error file=main.tf") and json.loads((tmp_path / "main.json").read_text())


def test_item12_junit(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP)
    (tmp_path / "ok.tf").write_text("")
    r = run_cli("check", ".", "--format", "junit", "--select", "EDGE101,EDGE207", cwd=tmp_path)
    root = ET.fromstring(r.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"main.tf", "ok.tf"}
    cases = {c.get("name"): c for c in suites["main.tf"].iter("testcase")}
    assert set(cases) == {"EDGE101 viewer-http-allowed", "EDGE207 compression-disabled"}
    [failure] = cases["EDGE101 viewer-http-allowed"].findall("failure")
    assert failure.text.startswith("main.tf:4:5: EDGE101 [high]")
    assert suites["main.tf"].get("failures") == "1" and suites["ok.tf"].get("failures") == "0"
    assert root.get("tests") == "4" and root.get("failures") == "1"


def test_item12_gitlab_code_quality(tmp_path):
    (tmp_path / "main.tf").write_text(HTTP + HTTP.replace('"d"', '"e"'))
    doc = json.loads(run_cli("check", ".", "--format", "gitlab", "--select", "EDGE101", cwd=tmp_path).stdout)
    assert [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in doc] == [("EDGE101 viewer-http-allowed", "critical", "main.tf", 4),
                              ("EDGE101 viewer-http-allowed", "critical", "main.tf", 11)]
    assert len({i["fingerprint"] for i in doc}) == 2
    assert all(set(i) >= {"description", "check_name", "fingerprint", "severity", "location"} for i in doc)
    moved = json.loads(run_cli("check", ".", "--format", "gitlab", "--select", "EDGE101", cwd=tmp_path).stdout)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in doc]


def test_item12_stdin_with_stdin_filename(tmp_path):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(CLEAN)
    (tmp_path / "infra" / "vars.tf").write_text('variable "policy" {\n  default = "allow-all"\n}\n')
    edited = CLEAN.replace('"https-only"', "var.policy")  # the unsaved buffer, using the folder's variable
    r = run_cli("check", "-", "--stdin-filename", "infra/main.tf", input=edited, cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.startswith("infra/main.tf:4:5: EDGE101"), r.stdout
    assert (tmp_path / "infra" / "main.tf").read_text() == CLEAN  # never written
    assert run_cli("check", "infra/main.tf", cwd=tmp_path).returncode == 0
    bad = run_cli("check", "-", cwd=tmp_path, input=edited)
    assert bad.returncode == 2 and "--stdin-filename" in bad.stderr
    fix = run_cli("check", "-", "--stdin-filename", "infra/main.tf", "--fix", "--unsafe-fixes", input=edited,
                  cwd=tmp_path)
    assert fix.returncode == 2 and "not on stdin" in fix.stderr
    assert (tmp_path / "infra" / "main.tf").read_text() == CLEAN


# --- 13. the summary counts the files that have findings -----------------------------


def test_item13_summary_counts_files_with_findings():
    r = run_cli("check", EXAMPLE.relative_to(ROOT), cwd=ROOT)
    assert r.stdout.splitlines()[-1].startswith("12 findings (5 high, 5 medium, 2 low) in 3 files (5 checked).")


def test_item12_progress_line_on_a_terminal_only_when_the_run_is_long(monkeypatch):
    import io

    from edgelint import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    now = [0.0]
    for terminal, expect_progress in ((True, True), (False, False)):
        err = Terminal() if terminal else io.StringIO()
        monkeypatch.setattr("sys.stderr", err)
        log = cli._Log(verbose=False, quiet=False, ticker=False)  # the ticker thread calls tick()
        log.clock = lambda: now[0]
        log.started = 0.0
        log.stage("discover")
        log.stage("parse")
        assert err.getvalue() == ""  # a quick run stays silent
        now[0] = 3.0
        log.tick()  # within the long parse stage
        assert ("edgelint: parse… 3 s" in err.getvalue()) is expect_progress
        now[0] = 4.0
        log.stage("instances")
        assert ("edgelint: instances… 4 s" in err.getvalue()) is expect_progress
        log.stage("report")  # cleared before the report is written
        assert err.getvalue().endswith("\r\x1b[K") is expect_progress
        log.tick()
        assert err.getvalue().endswith("\r\x1b[K") is expect_progress  # and stays cleared
        now[0] = 0.0


def test_item12_the_progress_ticker_refreshes_a_long_stage(monkeypatch):
    import io
    import time

    from edgelint import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(cli._Log, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(cli._Log, "TICK", 0.01)
    log = cli._Log(verbose=False, quiet=False)
    log.current = "parse"  # no stage() call: the thread alone shows it
    deadline = time.monotonic() + 5
    while "edgelint: parse…" not in err.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "edgelint: parse…" in err.getvalue()
    log.stage("report")
    assert err.getvalue().endswith("\r\x1b[K")


# --- 14. ready for an index -----------------------------------------------------------


def test_item14_package_metadata_is_complete_and_ci_builds_it():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")
    assert project["readme"] == "README.md"
    assert any(c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"])
    assert {"Homepage", "Repository", "Documentation", "Issues"} <= set(project["urls"])
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    package = ci.index("bash .ci/package")
    assert package < next(i for i, line in enumerate(ci) if "python -m pytest" in line)
    script = (ROOT / ".ci" / "package").read_text()
    for step in ("-m build", "twine\" check --strict", "edgelint-*.whl", "edgelint\" check"):
        assert step in script, step


@pytest.mark.parametrize("args", [("--format", "dot", "--format", "json"), ("-o", "a.mmd", "-o", "b.mmd")])
def test_item6_graph_options_given_twice_are_refused(tmp_path, args):
    (tmp_path / "main.tf").write_text(HTTP)
    r = run_cli("graph", ".", *args, cwd=tmp_path)
    assert r.returncode == 2 and "given 2 times" in r.stderr, r.stderr
    assert run_cli("graph", ".", cwd=tmp_path).stdout.startswith(("flowchart", "%%", "---"))


def test_item8_junit_skips_what_could_not_be_checked(tmp_path):
    (tmp_path / "main.tf").write_text(REMOTE_MODULE)
    root = ET.fromstring(run_cli("check", ".", "--format", "junit", cwd=tmp_path).stdout)
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("EDGE902"))
    assert case.find("failure") is None and "vpc" in case.find("skipped").get("message")
    assert root.get("failures") == "0"


def test_item3_a_configuration_deeper_in_the_tree_is_not_ignored_in_silence(tmp_path):
    (tmp_path / "infra" / "prod").mkdir(parents=True)
    (tmp_path / "infra" / "main.tf").write_text(HTTP)
    (tmp_path / "infra" / "prod" / "main.tf").write_text(HTTP)
    (tmp_path / "infra" / "prod" / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    r = run_cli("check", "infra", cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert r.stderr.startswith("edgelint: error: infra/prod is governed by infra/prod/.edgelint.toml, but this "
                               "run uses no configuration file")
    assert run_cli("check", "infra/prod", cwd=tmp_path).returncode == 0  # its own run uses it
    assert run_cli("check", "infra", "--isolated", cwd=tmp_path).returncode == 1


def test_item2_an_invalid_pyproject_deeper_in_the_tree_is_exit_2(tmp_path):
    (tmp_path / "infra" / "prod").mkdir(parents=True)
    (tmp_path / "infra" / "prod" / "main.tf").write_text(HTTP)
    (tmp_path / "infra" / "prod" / "pyproject.toml").write_text("[tool.edgelint\n")
    r = run_cli("check", "infra", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("edgelint: error: infra/prod/pyproject.toml: not valid TOML")


def test_item11_markdown_shows_the_trail():
    from edgelint.report.markdown import render_markdown

    text = render_markdown(_result_with_trail())
    assert '   Value: `"allow-all"` from `terraform.tfvars:2` → `var.viewer_policy` → `cdn.tf:34`' in text
