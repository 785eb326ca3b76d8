"""Configuration files, through the CLI as users run it: found by walking up, every
key, clear errors, and command-line flags winning."""

import json
import os

import pytest
from conftest import run_cli

from edgelint.parse.exclude import ExcludePattern

BAD = '''resource "aws_cloudfront_distribution" "{name}" {{
  default_cache_behavior {{
    target_origin_id       = "web"
    viewer_protocol_policy = var.policy
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    forwarded_values {{
      query_string = false
    }}
    compress = true
  }}
  logging_config {{ bucket = "logs.s3.amazonaws.com" }}
}}

variable "policy" {{
  default = "allow-all"
}}
'''


@pytest.fixture
def project(tmp_path):
    """repo/infra/main.tf with an EDGE101 (line 4) and an EDGE201 (line 6)."""
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(BAD.format(name="d"))
    return tmp_path


def rules_found(r) -> list[str]:
    assert r.returncode in (0, 1), r.stderr
    return sorted(f["rule"] for f in json.loads(r.stdout)["findings"] if not f["suppressed"] and not f["baselined"])


def check(project, *args, cwd=None):
    return run_cli("check", "infra", "--format", "json", *args, cwd=cwd or project)


def test_no_config(project):
    assert rules_found(check(project)) == ["EDGE101", "EDGE201"]


def test_edgelint_toml_found_walking_up(project):
    (project / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    assert rules_found(check(project)) == ["EDGE201"]
    # from inside the module folder too: the walk starts at the first path
    r = run_cli("check", ".", "--format", "json", cwd=project / "infra")
    assert rules_found(r) == ["EDGE201"]


def test_pyproject_table_and_precedence(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.edgelint]\nignore = ["EDGE201"]\n')
    assert rules_found(check(project)) == ["EDGE101"]
    (project / "infra" / ".edgelint.toml").write_text('ignore = ["forwarded-values-with-cache-policy", "EDGE101"]\n')
    assert rules_found(check(project)) == []  # the nearest file wins, whole


def test_pyproject_without_table_is_skipped(project):
    (project / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    (project / "infra" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert rules_found(check(project)) == ["EDGE201"]


def test_config_flag_and_isolated(project, tmp_path_factory):
    (project / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    other = tmp_path_factory.mktemp("elsewhere") / "strict.toml"
    other.write_text('select = ["EDGE101"]\n')
    assert rules_found(check(project, "--config", other)) == ["EDGE101"]
    assert rules_found(check(project, "--isolated")) == ["EDGE101", "EDGE201"]
    r = check(project, "--isolated", "--config", other)
    assert r.returncode == 2 and "--isolated" in r.stderr


def test_select_extend_select_and_severity(project):
    (project / ".edgelint.toml").write_text(
        'select = ["EDGE201"]\nextend-select = ["viewer-http-allowed"]\n\n[severity]\nEDGE101 = "low"\n')
    doc = json.loads(check(project).stdout)
    assert {(f["rule"], f["severity"]) for f in doc["findings"]} == {("EDGE101", "low"), ("EDGE201", "high")}
    sarif = json.loads(run_cli("check", "infra", "--format", "sarif", cwd=project).stdout)
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert levels == {"EDGE101": "note", "EDGE201": "error"}


def test_fail_on_from_config_and_flag_wins(project):
    (project / ".edgelint.toml").write_text('fail-on = "critical"\n')
    assert check(project).returncode == 0
    assert check(project, "--fail-on", "high").returncode == 1


def test_command_line_select_wins_over_config_ignore(project):
    (project / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    assert rules_found(check(project, "--select", "EDGE101")) == ["EDGE101"]
    assert rules_found(check(project, "--extend-select", "EDGE101")) == ["EDGE101", "EDGE201"]


def test_exclude_globs(project):
    (project / "infra" / "legacy").mkdir()
    (project / "infra" / "legacy" / "old.tf").write_text(BAD.format(name="old"))
    (project / "infra" / "gen.generated.tf").write_text(BAD.format(name="gen").split("variable")[0])
    r = check(project)
    assert sorted({f["file"] for f in json.loads(r.stdout)["findings"]}) == [
        "infra/gen.generated.tf", "infra/legacy/old.tf", "infra/main.tf"]
    (project / ".edgelint.toml").write_text('exclude = ["infra/legacy/**", "*.generated.tf"]\n')
    r = check(project)
    assert {f["file"] for f in json.loads(r.stdout)["findings"]} == {"infra/main.tf"}
    listing = run_cli("check", "infra", "--list-files", cwd=project).stdout.splitlines()
    assert "skip   infra/legacy  (excluded by 'infra/legacy/**' (.edgelint.toml))" in listing
    assert "skip   infra/gen.generated.tf  (excluded by '*.generated.tf' (.edgelint.toml))" in listing
    # --exclude replaces the file's list
    r = check(project, "--exclude", "infra/main.tf")
    assert sorted({f["file"] for f in json.loads(r.stdout)["findings"]}) == ["infra/gen.generated.tf",
                                                                            "infra/legacy/old.tf"]


def test_var_files_relative_to_config_and_flag_replaces(project):
    (project / "envs").mkdir()
    (project / "envs" / "prod.tfvars").write_text('policy = "https-only"\n')
    (project / "envs" / "dev.tfvars").write_text('policy = "allow-all"\n')
    (project / ".edgelint.toml").write_text('var-files = ["envs/prod.tfvars"]\n')
    assert rules_found(check(project)) == ["EDGE201"]
    r = run_cli("check", ".", "--format", "json", cwd=project / "infra")  # another working directory
    assert rules_found(r) == ["EDGE201"]
    assert rules_found(check(project, "--var-file", "envs/dev.tfvars")) == ["EDGE101", "EDGE201"]


@pytest.mark.parametrize("name, text, message", [
    (".edgelint.toml", 'selct = ["EDGE101"]\n', ".edgelint.toml: 'selct' is not a known key"),
    ("pyproject.toml", '[tool.edgelint]\nfail_on = "high"\n', "pyproject.toml: 'tool.edgelint.fail_on' is not a known key"),
    (".edgelint.toml", 'select = ["EDGE999"]\n', ".edgelint.toml: 'select' names an unknown rule 'EDGE999'"),
    (".edgelint.toml", '[severity]\nno-such-rule = "low"\n', ".edgelint.toml: 'severity' names an unknown rule"),
    (".edgelint.toml", '[severity]\nEDGE101 = "urgent"\n', ".edgelint.toml: 'severity.EDGE101' must be one of"),
    (".edgelint.toml", 'ignore = "EDGE101"\n', ".edgelint.toml: 'ignore' must be a list of strings"),
    (".edgelint.toml", 'fail-on = "hgh"\n', ".edgelint.toml: 'fail-on' must be one of"),
    (".edgelint.toml", 'var-files = ["nope.tfvars"]\n', ".edgelint.toml: 'var-files' names a missing file 'nope.tfvars'"),
    (".edgelint.toml", 'select = [\n', ".edgelint.toml: not valid TOML"),
])
def test_bad_config_is_one_line_exit_2(project, name, text, message):
    (project / name).write_text(text)
    r = check(project)
    assert r.returncode == 2, r.stdout
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"edgelint: error: {message}"), r.stderr


def test_missing_config_file(project):
    r = check(project, "--config", "nope.toml")
    assert r.returncode == 2 and r.stderr.strip() == "edgelint: error: nope.toml: no such file"


@pytest.mark.parametrize("pattern, path, hit", [
    ("legacy", "infra/legacy/main.tf", True),
    ("legacy", "infra/legacy-v2/main.tf", False),
    ("*.generated.tf", "a/b/x.generated.tf", True),
    ("infra/legacy/**", "infra/legacy/a/b.tf", True),
    ("infra/legacy/**", "other/infra/legacy/a.tf", False),
    ("/infra/*.tf", "infra/main.tf", True),
    ("/infra/*.tf", "infra/sub/main.tf", False),
    ("**/old.tf", "x/y/old.tf", True),
    ("**/old.tf", "old.tf", True),
    ("envs/[!p]*/", "envs/dev/main.tf", True),
    ("envs/[!p]*/", "envs/prod/main.tf", False),
    ("infra", "../outside/infra/main.tf", False),
])
def test_exclude_pattern(tmp_path, pattern, path, hit):
    base = str(tmp_path / "root")
    assert ExcludePattern(pattern, base).matches(os.path.join(base, path)) is hit


def test_graph_sees_the_configuration(project):
    def rules_drawn():
        r = run_cli("graph", "infra", "--format", "json", cwd=project)
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        return sorted({rule for item in doc["nodes"] + doc["edges"] for rule in item["rules"]})

    assert rules_drawn() == ["EDGE101", "EDGE201"]
    (project / ".edgelint.toml").write_text('ignore = ["EDGE101"]\n')
    assert rules_drawn() == ["EDGE201"]
