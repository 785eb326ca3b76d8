"""The fixture corpus, checked once per session.

Several test modules assert something about every fixture case: the harness
(``test_fixtures``: findings equal the annotations), the graph (``test_graph``: every
case draws), the pre-filter (``test_prefilter``). Each case is checked here once, as
the harness runs it, and those tests read the cached result; a test that needs other
options (the pre-filter's comparison) runs its own check. The whole fixture tree is
checked once with and once without the pre-filter, for the tests that compare whole
trees (``test_prefilter``, ``test_parallel``), and once with every rule for the one
SARIF document validated against the schema (``test_sarif``) and the graph's
placement of every finding (``test_graph``).

Cached results are shared: a test that wants to change one (mark findings as
baselined, say) changes a copy (``dataclasses.replace``).
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from conftest import FIXTURES
from speed_helpers import REGISTRY, render_reports

from edgelint.findings import CheckResult
from edgelint.pipeline import Options, check


def cases() -> list[Path]:
    """Every fixture case: ``fixtures/<group>/<case>/``."""
    return sorted(p for group in FIXTURES.iterdir() if group.is_dir()
                  for p in group.iterdir() if p.is_dir())


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def options_for(case: Path) -> Options:
    """A case may carry ``edgelint.args``: extra options, one ``--var k=v`` /
    ``--var-file F`` / ``--extend-select ID`` / ``--path P`` per line."""
    opts = Options([str(case)])
    args_file = case / "edgelint.args"
    if args_file.exists():
        for line in args_file.read_text().splitlines():
            flag, _, value = line.strip().partition(" ")
            if flag == "--var":
                k, _, v = value.partition("=")
                opts.cli_vars[k] = v
            elif flag == "--var-file":
                opts.var_files.append(str(case / value))
            elif flag == "--extend-select":
                opts.extend_select.append(value)
            elif flag == "--path":
                opts.paths.append(value)
    return opts


def harness_options(case: Path) -> Options:
    """The options the harness checks ``case`` with, from inside the case's folder."""
    opts = options_for(case)
    opts.paths = opts.paths or ["."]
    opts.var_files = [str(Path(v).relative_to(case)) for v in opts.var_files]
    return opts


@functools.cache
def case_result(case: Path) -> CheckResult:
    """The case checked as the harness runs it (from inside its folder): once per session."""
    with contextlib.chdir(case):
        return check(harness_options(case), REGISTRY)


@functools.cache
def tree_result(prefilter: bool) -> CheckResult:
    """Every fixture at once, ``edgelint check .`` from ``fixtures/``: once per session."""
    with contextlib.chdir(FIXTURES):
        return check(Options(["."], jobs=1, prefilter=prefilter), REGISTRY)


@functools.cache
def every_rule_tree_result() -> CheckResult:
    """Every fixture at once with every rule, those off by default too: once per session."""
    with contextlib.chdir(FIXTURES):
        return check(Options(["."], extend_select=[r.id for r in REGISTRY.sorted() if not r.default_enabled]),
                     REGISTRY)


@functools.cache
def tree_reports(prefilter: bool) -> dict[str, str]:
    """``tree_result``'s report in every format, rendered from ``fixtures/``."""
    with contextlib.chdir(FIXTURES):
        return render_reports(tree_result(prefilter))
