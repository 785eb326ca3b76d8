"""The README stays true: its test command is .ci/run's, its rule table the registry's."""

import re

from conftest import ROOT

from edgelint.cli import fixes_markdown, rules_markdown
from edgelint.ruleset.registry import load_rules

README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "edgelint check fixtures/stacks/example" in commands[0]
    assert (ROOT / "fixtures" / "stacks" / "example").is_dir()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert quick_start_commands()[1] in ci


def test_ci_runs_the_slow_tests_too():
    """The ``slow`` marker lets a developer leave tests out (``-m "not slow"``); CI's
    command and the default options select nothing away."""
    import tomllib

    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in pytest_options["markers"])
    assert "-m" not in pytest_options["addopts"].split()
    _, runs_pytest, after = quick_start_commands()[1].partition("python -m pytest")
    assert runs_pytest
    pytest_arguments = after.split()
    assert "-m" not in pytest_arguments and "slow" not in " ".join(pytest_arguments)
    assert '-m "not slow"' in README


def test_rule_table_matches_registry():
    table = README.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->", 1)[0]
    assert table == rules_markdown(load_rules().sorted()), "run: edgelint rules --format markdown"


def test_workflow_in_readme_is_the_shipped_example():
    block = README.split("<!-- github-workflow:start -->\n```yaml\n", 1)[1].split("```\n<!-- github-workflow:end -->")[0]
    assert block == (ROOT / "examples" / "github-workflow.yml").read_text()


def test_shipped_workflow_steps():
    import yaml

    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    job = workflow["jobs"]["edgelint"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert any("pip install" in s.get("run", "") for s in steps)
    check = next(s for s in steps if s.get("run", "").startswith("edgelint check"))
    assert "--format sarif -o edgelint.sarif" in check["run"]
    upload = steps[-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "edgelint.sarif"
    assert "!cancelled()" in upload["if"]  # findings (exit 1) are still uploaded


def test_readme_config_example_is_accepted(tmp_path):
    """The configuration example in the README is a working configuration."""
    from conftest import run_cli

    section = README.split("### Configuration", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(example)
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "prod.tfvars").write_text("")
    (tmp_path / "main.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
                                      '    viewer_protocol_policy = "allow-all"\n  }\n}\n')
    r = run_cli("check", ".", "--write-baseline", ".edgelint-baseline.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0


def test_fixes_table_matches_registry():
    table = README.split("<!-- fixes-table:start -->\n", 1)[1].split("<!-- fixes-table:end -->", 1)[0]
    assert table == fixes_markdown(load_rules().sorted()), "the Fixes table is edgelint.cli.fixes_markdown's output"
