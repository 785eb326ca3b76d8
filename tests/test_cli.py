"""The CLI as a user runs it: the installed entry point in a subprocess."""

import json
import os
import sys

import pytest

from conftest import FIXTURES, ROOT, run_cli

EXAMPLE = FIXTURES / "stacks" / "example"


def test_version():
    from edgelint import __version__

    r = run_cli("--version")
    assert r.returncode == 0
    assert r.stdout == f"edgelint {__version__}\n"


def test_findings_exit_1_with_text_report(tmp_path):
    r = run_cli("check", EXAMPLE.relative_to(ROOT), cwd=ROOT)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert "fixtures/stacks/example/cdn.tf:40:5: EDGE201 [high] the default cache behavior: forwarded_values " \
           "cannot be combined with cache_policy_id: CloudFront rejects this at apply" in lines
    i = lines.index(next(line for line in lines if ":40:5: EDGE201" in line))
    assert lines[i + 1] == "   40 |     forwarded_values { # expect: EDGE201"
    assert lines[i + 2] == "      |     ^^^^^^^^^^^^^^^^"
    assert lines[-1] == "10 findings (4 high, 4 medium, 2 low) in 5 files."
    assert "\x1b[" not in r.stdout  # not a terminal: no colour


def test_clean_exit_0(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n'
                                      '  default_cache_behavior {\n    viewer_protocol_policy = "https-only"\n  }\n}\n')
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "No findings in 1 file."


def test_files_and_folders_together(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    bad = 'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n  }\n}\n'
    (tmp_path / "a" / "main.tf").write_text(bad)
    (tmp_path / "b" / "cdn.tf").write_text(bad)
    (tmp_path / "b" / "other.tf").write_text(bad.replace('"d"', '"e"'))
    r = run_cli("check", "a/main.tf", "b", cwd=tmp_path)
    assert r.returncode == 1
    heads = [line.split(": ")[0] for line in r.stdout.splitlines() if "EDGE101" in line]
    assert heads == ["a/main.tf:3:5", "b/cdn.tf:3:5", "b/other.tf:3:5"]


def test_parse_error_reported_and_rest_checked(tmp_path):
    (tmp_path / "broken.tf").write_text('resource "x" "y" {\n  a = \n')
    (tmp_path / "ok.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
                                    '    viewer_protocol_policy = "allow-all"\n  }\n}\n')
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert "broken.tf:2:7: EDGE900 [high] cannot parse this file: unexpected end of line" in r.stdout
    assert "ok.tf:3:5: EDGE101" in r.stdout
    assert "Traceback" not in r.stderr


def test_missing_path_is_usage_error(tmp_path):
    r = run_cli("check", "does-not-exist", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == "edgelint: error: no such file or folder: does-not-exist"
    assert r.stdout == ""


def test_bad_flag_one_line_exit_2(tmp_path):
    r = run_cli("check", ".", "--no-such-flag", cwd=tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "--no-such-flag" in r.stderr


def test_unknown_rule_in_select_exit_2(tmp_path):
    r = run_cli("check", ".", "--select", "EDGE999", cwd=tmp_path)
    assert r.returncode == 2
    assert "EDGE999" in r.stderr


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads anything; permissions cannot make a file unreadable")
def test_unreadable_file_is_reported_not_crashed(tmp_path):
    f = tmp_path / "secret.tf"
    f.write_text('resource "a" "b" {}\n')
    f.chmod(0)
    r = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert "secret.tf" in r.stdout


def test_unreadable_output_path_exit_2(tmp_path):
    r = run_cli("check", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "out.txt"), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("edgelint: error: cannot write")


def test_empty_folder_and_folder_without_terraform(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# hi\n")
    for folder in ("empty", "docs"):
        r = run_cli("check", folder, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == "No findings in 0 files."


def test_var_and_var_file_flags(tmp_path):
    (tmp_path / "main.tf").write_text('variable "p" {\n  type = string\n}\nresource "aws_cloudfront_distribution" "d" {\n'
                                      '  default_cache_behavior {\n    viewer_protocol_policy = var.p\n  }\n}\n')
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0  # unknown: silent
    assert run_cli("check", ".", "--var", "p=allow-all", cwd=tmp_path).returncode == 1
    (tmp_path / "prod.tfvars").write_text('p = "allow-all"\n')
    assert run_cli("check", ".", "--var-file", "prod.tfvars", cwd=tmp_path).returncode == 1
    r = run_cli("check", ".", "--var-file", "prod.tfvars", "--var", "p=https-only", cwd=tmp_path)
    assert r.returncode == 0  # -var wins over --var-file, as in Terraform
    assert run_cli("check", ".", "--var", "novalue", cwd=tmp_path).returncode == 2


def test_skips_dot_terraform_and_hidden(tmp_path):
    bad = 'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n  }\n}\n'
    for sub in (".terraform/modules/x", ".hidden"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "main.tf").write_text(bad)
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_json_format(tmp_path):
    r = run_cli("check", str(EXAMPLE), "--format", "json", cwd=ROOT)
    doc = json.loads(r.stdout)
    assert doc["version"] == 1
    assert [f["rule"] for f in doc["findings"]] == ["EDGE505", "EDGE501", "EDGE604", "EDGE605", "EDGE606", "EDGE701",
                                                    "EDGE502", "EDGE302", "EDGE101", "EDGE201"]
    f = doc["findings"][0]
    assert set(f) >= {"rule", "name", "severity", "message", "file", "line", "column", "end_line", "end_column",
                      "address", "attribute", "fingerprint", "related", "suppressed"}


def test_colour_only_when_forced_or_tty():
    r = run_cli("check", str(EXAMPLE), "--color", "always", cwd=ROOT)
    assert "\x1b[" in r.stdout


def test_help_does_not_import_heavy_modules():
    code = ("import sys; sys.argv=['edgelint','--help']\n"
            "from edgelint import cli\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('networkx','hcl2','lark','sarif_om','edgelint_rules','edgelint.model') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    import subprocess

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_rules_and_explain():
    r = run_cli("rules")
    assert r.returncode == 0
    assert any(line.startswith("EDGE101  viewer-http-allowed") for line in r.stdout.splitlines())
    r = run_cli("explain", "EDGE201")
    assert r.returncode == 0 and "## Why is this bad?" in r.stdout
    assert run_cli("explain", "EDGE999").returncode == 2
