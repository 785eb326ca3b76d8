"""The benchmark tools keep working (they are never timed here): the corpus generator
is deterministic, and a smoke run of the harness on the example stack writes a report."""

import subprocess
import sys

import pytest
from conftest import ROOT
from speed_helpers import gen_corpus


def test_corpus_is_deterministic_and_the_same_repository_at_every_scale(tmp_path):
    assert gen_corpus.repository(3) == gen_corpus.repository(3)
    small = gen_corpus.generate(0.07, tmp_path / "a")
    stats = gen_corpus.describe(small)
    assert stats["files"] > 40 and stats["edge_folders"] >= 1
    again = gen_corpus.generate(0.07, tmp_path / "b")
    files = sorted(p.relative_to(small) for p in small.rglob("*.tf"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.tf"))
    assert all((small / f).read_bytes() == (again / f).read_bytes() for f in files)


@pytest.mark.slow
def test_smoke_run_of_the_harness(tmp_path):
    out = tmp_path / "RESULTS.md"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    report = out.read_text()
    for expected in ("# edgelint benchmarks", "| example | edgelint cold | 1 |", "| example | edgelint warm | 1 |",
                     "`edgelint --version`", "Machine: "):
        assert expected in report, expected
