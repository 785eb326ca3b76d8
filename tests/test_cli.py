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
    assert lines[-1] == "12 findings (5 high, 5 medium, 2 low) in 3 files (5 checked). 1 fixable with --fix (2 more with --unsafe-fixes)."
    assert "\x1b[" not in r.stdout  # not a terminal: no colour


def test_clean_exit_0(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n'
                                      '  logging_config { bucket = "logs.s3.amazonaws.com" }\n'
                                      '  default_cache_behavior {\n    viewer_protocol_policy = "https-only"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "No findings in 1 file."


def test_files_and_folders_together(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    bad = 'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n'
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
                                    '    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
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
                                      '  logging_config { bucket = "logs.s3.amazonaws.com" }\n'
                                      '  default_cache_behavior {\n    viewer_protocol_policy = var.p\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0  # unknown: silent
    assert run_cli("check", ".", "--var", "p=allow-all", cwd=tmp_path).returncode == 1
    (tmp_path / "prod.tfvars").write_text('p = "allow-all"\n')
    assert run_cli("check", ".", "--var-file", "prod.tfvars", cwd=tmp_path).returncode == 1
    r = run_cli("check", ".", "--var-file", "prod.tfvars", "--var", "p=https-only", cwd=tmp_path)
    assert r.returncode == 0  # -var wins over --var-file, as in Terraform
    assert run_cli("check", ".", "--var", "novalue", cwd=tmp_path).returncode == 2


def test_skips_dot_terraform_and_hidden(tmp_path):
    bad = 'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n'
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
                                                    "EDGE502", "EDGE308", "EDGE302", "EDGE101", "EDGE206", "EDGE201"]
    f = doc["findings"][0]
    assert set(f) >= {"rule", "name", "severity", "message", "file", "line", "column", "end_line", "end_column",
                      "address", "attribute", "fingerprint", "related", "suppressed"}


def test_json_has_every_field_of_a_finding():
    """A field added to Finding must reach the JSON report (and its README table)."""
    import dataclasses

    from edgelint.findings import Finding

    json_key = {"message": "message", "span": "file", "address": "address", "attribute": "attribute",
                "related": "related", "flow": "flow", "rule_id": "rule", "rule_name": "name", "severity": "severity",
                "suppressed": "suppressed", "fix": "fix", "module": "module", "baselined": "baselined",
                "edits": "fixable", "fix_safety": "fix_safety",  # the edits themselves: SARIF's fixes
                "fix_blocked": "fix_blocked", "trail": "trail", "producers": "producers",
                "instance": "message"}  # the module instance is worded into the message (Finding.shown_message)
    assert {f.name for f in dataclasses.fields(Finding)} == set(json_key)
    doc = json.loads(run_cli("check", str(EXAMPLE), "--format", "json", cwd=ROOT).stdout)
    edge501 = next(f for f in doc["findings"] if f["rule"] == "EDGE501")
    assert set(json_key.values()) <= set(edge501)
    assert edge501["module"] == "fixtures/stacks/example"
    assert [step["message"] for step in edge501["flow"]][0] == "viewer requests reach aws_cloudfront_distribution.shop"
    assert edge501["baselined"] is False and edge501["suppressed"] is None
    readme = (ROOT / "README.md").read_text()
    for key in set(json_key.values()) | {"line", "column", "end_line", "end_column", "fingerprint"}:
        assert f"| `{key}` |" in readme, f"README's JSON table lacks {key}"


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
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[:3] == ["EDGE201 forwarded-values-with-cache-policy", "severity high · kind broken · on by default",
                         "Fix (safe, with --fix): remove the `forwarded_values` block (the cache policy decides what "
                         "is forwarded)"]
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead", "References"):
        assert heading in lines  # headings stand alone, without their ##
    assert "```" not in r.stdout and "##" not in r.stdout
    assert "\x1b[" not in r.stdout  # not a terminal
    assert "\x1b[1mWhat it does\x1b[0m" in run_cli("explain", "EDGE201", "--color", "always").stdout
    assert run_cli("explain", "forwarded-values-with-cache-policy").stdout == r.stdout  # by name too
    md = run_cli("explain", "EDGE201", "--format", "markdown").stdout
    assert md.startswith("# EDGE201 forwarded-values-with-cache-policy\n\nFix (safe, with --fix): remove the "
                         "`forwarded_values` block (the cache policy decides what is forwarded)\n\n## What it does")
    r = run_cli("explain", "EDGE999")
    assert r.returncode == 2 and r.stderr == "edgelint: error: unknown rule 'EDGE999' (see 'edgelint rules')\n"


def test_rules_json():
    from edgelint.ruleset.registry import load_rules

    r = run_cli("rules", "--format", "json")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert [d["id"] for d in doc] == [rule.id for rule in load_rules().sorted()]
    edge501 = next(d for d in doc if d["id"] == "EDGE501")
    assert edge501 == {"id": "EDGE501", "name": "alb-origin-open-ingress", "severity": "high", "kind": "security",
                       "tags": ["cloudfront", "alb", "network", "security"], "enabled": True,
                       "summary": edge501["summary"], "help_uri": edge501["help_uri"], "fix": None}
    assert edge501["summary"].startswith("Follows each CloudFront origin")


def test_list_files(tmp_path):
    (tmp_path / "infra" / ".terraform" / "modules").mkdir(parents=True)
    (tmp_path / "infra" / ".terraform" / "modules" / "x.tf").write_text("")
    (tmp_path / "infra" / "main.tf").write_text("")
    (tmp_path / "infra" / ".hidden.tf").write_text("")
    (tmp_path / "infra" / "terraform.tfvars").write_text("")
    (tmp_path / "infra" / "big.tf").write_text("x" * 100)
    (tmp_path / "notes.txt").write_text("")
    r = run_cli("check", "infra", "notes.txt", "--list-files", "--max-file-size", "50", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "check  infra/main.tf",
        "vars   infra/terraform.tfvars",
        "skip   infra/.hidden.tf  (hidden)",
        "skip   infra/.terraform/  (Terraform's working folder)",
        "skip   infra/big.tf  (larger than 50 bytes)",
        "skip   notes.txt  (not a Terraform file (.tf, .tf.json) or JSON plan)",
        "1 file in 1 module to check; 4 paths left out.",
    ]


def test_whole_modules_checks_the_folder_of_each_file(tmp_path):
    (tmp_path / "infra" / "sub").mkdir(parents=True)
    (tmp_path / "infra" / "cdn.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n'
                                               '    viewer_protocol_policy = var.p\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
    (tmp_path / "infra" / "vars.tf").write_text('variable "p" {\n  default = "allow-all"\n}\n')
    (tmp_path / "infra" / "sub" / "other.tf").write_text('resource "aws_cloudfront_distribution" "e" {\n'
                                                         '  default_cache_behavior {\n'
                                                         '    viewer_protocol_policy = "allow-all"\n    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n  }\n}\n')
    r = run_cli("check", "infra/vars.tf", "--whole-modules", cwd=tmp_path)
    assert r.returncode == 1
    assert [line.split(": ")[0] for line in r.stdout.splitlines() if "EDGE101" in line] == ["infra/cdn.tf:3:5"]
    r = run_cli("check", "infra/vars.tf", cwd=tmp_path)  # without it: the file alone, the variable unused
    assert r.returncode == 0, r.stdout
