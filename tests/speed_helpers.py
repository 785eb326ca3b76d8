"""Shared by the tests of the speed features: every report of a check, to compare
runs byte for byte, and a small generated corpus."""

import sys
from pathlib import Path

from conftest import ROOT

from edgelint.findings import CheckResult
from edgelint.pipeline import Options, check
from edgelint.report import FORMATS, render
from edgelint.ruleset.registry import load_rules

REGISTRY = load_rules()
sys.path.insert(0, str(ROOT / "bench"))

import gen_corpus  # noqa: E402

# Repositories of the generated corpus that hold edge stacks (some calling modules),
# ordinary modules, environments with local and registry modules, and a broken file.
SAMPLE_REPOS = (3, 5, 7)


def reports(options: Options, registry=REGISTRY, formats=FORMATS) -> dict[str, str]:
    """The check's report in every format (or in ``formats``)."""
    return render_reports(check(options, registry), formats)


def render_reports(result: CheckResult, formats=FORMATS) -> dict[str, str]:
    return {fmt: render(fmt, result, sarif_root=".") for fmt in formats}


def write_sample_corpus(root: Path) -> Path:
    for index in SAMPLE_REPOS:
        for rel, text in gen_corpus.repository(index).items():
            path = root / f"repo{index:04d}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root
