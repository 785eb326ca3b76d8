"""The composite GitHub Action (action.yml), tested as far as it can be without GitHub:
its metadata, and its shell steps run in a fake runner environment (RUNNER_TEMP,
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ACTION_PATH)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step["name"]: step for step in ACTION["runs"]["steps"]}
EXAMPLE = FIXTURES / "stacks" / "example"


def test_action_metadata_is_valid_against_the_schema():
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("check-jsonschema is not installed (pip install -e '.[dev]')")
        pytest.skip("check-jsonschema is not installed: pip install -e '.[dev]'")
    r = subprocess.run([exe, "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_action_structure():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"paths", "args", "upload-sarif", "fail-on"}
    uses = [step.get("uses", "") for step in ACTION["runs"]["steps"]]
    assert any(u.startswith("actions/cache@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    names = list(STEPS)
    assert names.index("Check") < names.index("Upload to code scanning") < names.index("Fail according to fail-on")
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], f"{step['name']}: inputs go through env, never into the script"
            script = re.search(r'"\$GITHUB_ACTION_PATH/(action/[\w.]+\.sh)"', step["run"]).group(1)
            assert (ROOT / script).is_file()
    assert "steps.check.outputs.sarif-file" in STEPS["Upload to code scanning"]["if"]
    assert "inputs.upload-sarif == 'true'" in STEPS["Upload to code scanning"]["if"]


def _runner(tmp_path: Path) -> dict:
    for name in ("temp", "output", "summary", "path"):
        (tmp_path / name).mkdir(exist_ok=True) if name == "temp" else (tmp_path / name).write_text("")
    return {**os.environ, "RUNNER_TEMP": str(tmp_path / "temp"), "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"), "GITHUB_PATH": str(tmp_path / "path"),
            "GITHUB_ACTION_PATH": str(ROOT), "NO_COLOR": "1",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def _step(name: str, env: dict, inputs: dict, outputs: dict | None = None, cwd=ROOT):
    """Run a step's script with its ``env:`` as GitHub would expand it."""
    step_env = {}
    for key, value in STEPS[name].get("env", {}).items():
        def expand(m):
            expr = m.group(1).strip()
            if expr.startswith("inputs."):
                return inputs.get(expr[7:], ACTION["inputs"][expr[7:]].get("default", ""))
            if expr == "runner.temp":
                return env["RUNNER_TEMP"]
            if expr.startswith("steps.check.outputs."):
                return (outputs or {}).get(expr[len("steps.check.outputs."):], "")
            raise AssertionError(expr)
        step_env[key] = re.sub(r"\$\{\{(.*?)\}\}", expand, value)
    script = re.search(r'"\$GITHUB_ACTION_PATH/(action/[\w.]+\.sh)"', STEPS[name]["run"]).group(1)
    return subprocess.run(["bash", str(ROOT / script)], env={**env, **step_env}, cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def _outputs(tmp_path: Path) -> dict:
    return dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())


def test_check_step_writes_outputs_summary_and_sarif_then_the_verdict_fails(tmp_path):
    env = _runner(tmp_path)
    r = _step("Check", env, {"paths": str(EXAMPLE.relative_to(ROOT)), "fail-on": "high"})
    assert r.returncode == 0, r.stdout + r.stderr  # the upload must still run
    assert "12 findings (5 high, 5 medium, 2 low)" in r.stdout  # the text report in the log
    outputs = _outputs(tmp_path)
    assert outputs["exit-code"] == "1"
    assert Path(outputs["sarif-file"]).read_text().startswith("{")
    assert (tmp_path / "summary").read_text().startswith("<!-- edgelint-report -->\n## edgelint: 12 findings")
    verdict = _step("Fail according to fail-on", env, {"fail-on": "high"}, outputs)
    assert verdict.returncode == 1 and verdict.stdout.startswith("::error title=edgelint::findings")
    assert _step("Fail according to fail-on", env, {"fail-on": "never"}, outputs).returncode == 0


def test_fail_on_critical_passes_and_never_ignores_findings(tmp_path):
    env = _runner(tmp_path)
    assert _step("Check", env, {"paths": str(EXAMPLE.relative_to(ROOT)), "fail-on": "critical"}).returncode == 0
    outputs = _outputs(tmp_path)
    assert outputs["exit-code"] == "0"
    assert _step("Fail according to fail-on", env, {"fail-on": "critical"}, outputs).returncode == 0


def test_errors_fail_the_job_and_inputs_cannot_inject_shell(tmp_path):
    env = _runner(tmp_path)
    r = _step("Check", env, {"paths": "does-not-exist $(touch pwned)", "args": "; touch pwned2"}, cwd=tmp_path)
    assert r.returncode == 0
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    outputs = _outputs(tmp_path)
    assert outputs["exit-code"] == "2" and "sarif-file" not in outputs
    verdict = _step("Fail according to fail-on", env, {}, outputs)
    assert verdict.returncode == 2 and "did not complete" in verdict.stdout
    (tmp_path / "other").mkdir()
    r = _step("Check", _runner(tmp_path / "other"), {"fail-on": "sometimes"}, cwd=tmp_path)
    assert "fail-on must be" in r.stdout and _outputs(tmp_path / "other")["exit-code"] == "2"


def test_readme_shows_the_action():
    readme = (ROOT / "README.md").read_text()
    assert "uses: edgelint/edgelint@" in readme
    for name in ACTION["inputs"]:
        assert f"`{name}`" in readme, f"README does not document the input {name}"
