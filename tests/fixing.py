"""Shared by the fix tests: run ``--fix`` over a copy of a fixture case, in process."""

import contextlib
import shutil
from dataclasses import replace
from pathlib import Path

from corpus import REGISTRY, harness_options

from edgelint.fix.run import FixOutcome, run
from edgelint.pipeline import check

FIXABLE = sorted(r.id for r in REGISTRY.sorted() if r.fix_safety)


def fix_copy(case: Path, dest: Path, unsafe: bool = True) -> FixOutcome:
    """Copy ``case`` (without its ``.fixed`` files) to ``dest``, fix it there in
    memory and return the outcome (nothing is written)."""
    shutil.copytree(case, dest, ignore=shutil.ignore_patterns("*.fixed"))
    with contextlib.chdir(dest):
        options = replace(harness_options(dest), cache_dir=None, prefilter=False)
        return run(lambda: check(options, REGISTRY), unsafe)


def expected_text(case: Path, rel: str) -> str:
    """What the fixed file ``rel`` must hold: its ``.fixed`` twin, else the original."""
    fixed = case / (rel + ".fixed")
    return (fixed if fixed.exists() else case / rel).read_text(encoding="utf-8")
