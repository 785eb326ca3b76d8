"""``edgelint check --format markdown``: the pull-request report."""

import textwrap

from conftest import ROOT, run_cli
from test_graph import EXAMPLE, hostile_stack, write_stack

from edgelint.ruleset.registry import load_rules


def test_markdown_report_of_the_example():
    r = run_cli("check", EXAMPLE, "--format", "markdown", cwd=ROOT)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "<!-- edgelint-report -->"
    assert lines[1].startswith("## edgelint: ") and "findings (" in lines[1]
    table = r.stdout.split("| severity | rule | name | findings |\n|---|---|---|---:|\n", 1)[1].split("\n\n", 1)[0]
    assert "| high | EDGE101 | viewer-http-allowed | 1 |" in table
    assert "| medium | EDGE302 | execute-api-origin-bypassable | 1 |" in table
    rows = [row.split(" | ")[0] for row in table.splitlines()[:-1]]
    assert rows == sorted(rows, key=lambda s: ["| critical", "| high", "| medium", "| low", "| info"].index(s))
    assert f"### Topology of `{EXAMPLE}`" in r.stdout
    mermaid = r.stdout.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert mermaid.startswith("flowchart LR") and "high: EDGE101, EDGE201" in mermaid
    findings = r.stdout.split("### Findings\n", 1)[1]
    assert "**high** [EDGE501 alb-origin-open-ingress](" in findings
    assert "at `fixtures/stacks/example/alb.tf:39:3`" in findings
    assert "**Fix:** Redirect HTTP to HTTPS (or refuse it)." in findings
    first_medium = findings.index("**medium**")
    assert all(findings.index(f"**high** [{rid}") < first_medium for rid in ("EDGE101", "EDGE201", "EDGE501"))


def test_clean_report_has_no_topology(tmp_path):
    write_stack(tmp_path / "s", {"main.tf": 'resource "aws_lb" "web" {\n  drop_invalid_header_fields = true\n}\n'})
    r = run_cli("check", "s", "--format", "markdown", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout == "<!-- edgelint-report -->\n## edgelint: No findings in 1 file.\n"


def test_text_from_the_configuration_is_inert(tmp_path):
    hostile_stack(tmp_path / "s")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "echo.py").write_text(textwrap.dedent('''
        from edgelint.ruleset import rule

        @rule("ACME002", "echo-pattern", severity="low", tags=("hygiene",))
        def echo_pattern(stack):
            """## What it does
            Repeats each path pattern in a message.

            ## Use instead
            Nothing to change."""
            for b in stack.behaviors():
                if not b.is_default:
                    yield b.finding(f"pattern {b.known('path_pattern')} @team", at="path_pattern")
        '''))
    r = run_cli("check", "s", "--format", "markdown", "--rules-dir", "rules", cwd=tmp_path)
    assert r.returncode == 1
    prose = r.stdout.split("### Findings", 1)[1]
    assert "ACME002" in prose
    assert "<script>" not in r.stdout and "&lt;script&gt;" in prose
    assert "\\`" in prose and "\\|" in prose  # no code span or table cell can be opened
    assert "@team" not in prose and "@\u200bteam" in prose  # nobody is mentioned


def test_rule_fix_is_one_line_for_every_rule():
    """Each rule's "Use instead" starts with a sentence: the report's one-line fix."""
    for rule in load_rules().sorted():
        assert rule.fix, f"{rule.id}: the docstring's 'Use instead' has no sentence before its example"
        assert "\n" not in rule.fix and "```" not in rule.fix, rule.id


def test_long_reports_stay_under_githubs_comment_limit(tmp_path):
    behaviors = "".join(textwrap.dedent(f"""
          ordered_cache_behavior {{
            path_pattern           = "/p{i}/{'x' * 200}/*"
            target_origin_id       = "o"
            viewer_protocol_policy = "allow-all"
          }}
        """) for i in range(300))
    write_stack(tmp_path / "s", {"main.tf": 'resource "aws_cloudfront_distribution" "d" {\n'
                                            '  origin {\n    domain_name = "o.example.com"\n    origin_id = "o"\n  }\n'
                                            + behaviors + "}\n"})
    r = run_cli("check", "s", "--format", "markdown", cwd=tmp_path)
    assert r.returncode == 1
    assert len(r.stdout) < 65_536
    assert "more findings: run `edgelint check` for the full list." in r.stdout
    assert "Trimmed to the paths with findings" in r.stdout or "Too large to draw here" in r.stdout
