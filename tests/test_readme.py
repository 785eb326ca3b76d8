"""The README stays true: its test command is .ci/run's, its rule table the registry's."""

import re

from conftest import ROOT
from edgelint.cli import rules_markdown
from edgelint.registry import load_rules

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


def test_rule_table_matches_registry():
    table = README.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->", 1)[0]
    assert table == rules_markdown(load_rules().sorted()), "run: edgelint rules --format markdown"
