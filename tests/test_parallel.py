"""Parallel parsing: ``--jobs N`` gives byte-identical reports to ``--jobs 1``."""

import pytest
from conftest import FIXTURES, run_cli
from corpus import tree_reports
from speed_helpers import reports, write_sample_corpus

from edgelint.parse import parallel as parsing
from edgelint.pipeline import Options


@pytest.mark.slow
@pytest.mark.parametrize("prefilter", [True, False])
def test_all_fixtures_in_worker_processes_match_one_process(monkeypatch, prefilter):
    monkeypatch.chdir(FIXTURES)
    serial = tree_reports(prefilter)  # Options(["."], jobs=1, prefilter=prefilter), once per session
    monkeypatch.setattr(parsing, "PARALLEL_MIN_BYTES", 0)  # workers even for this little
    monkeypatch.setattr(parsing, "_BATCH_BYTES", 2048)  # and many batches
    assert reports(Options(["."], jobs=3, prefilter=prefilter)) == serial


@pytest.mark.slow
def test_cli_jobs_on_a_generated_corpus(tmp_path):
    """Big enough for workers by default; the cache filled by workers gives the same again.
    (A parse cache of its own; the parser tables are the session's: their cold start
    is test_cache's.)"""
    write_sample_corpus(tmp_path / "corpus")
    cache = ("--cache-dir", tmp_path / "cache")
    one = run_cli("check", "corpus", "--format", "sarif", "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = run_cli("check", "corpus", "--format", "sarif", "--jobs", "2", *cache, cwd=tmp_path)
    filled = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
    again = run_cli("check", "corpus", "--format", "sarif", "--jobs", "2", *cache, cwd=tmp_path)
    assert one.returncode == two.returncode == again.returncode == 1, two.stderr
    assert filled and sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file()) == filled
    assert one.stdout == two.stdout == again.stdout
    assert '"EDGE900"' in one.stdout


def test_jobs_must_be_positive():
    r = run_cli("check", FIXTURES / "stacks" / "example", "--jobs", "0")
    assert r.returncode == 2
    assert r.stderr.startswith("edgelint: error:") and "--jobs" in r.stderr


def test_default_jobs_leaves_out_the_cpus_that_are_busy(monkeypatch):
    monkeypatch.setattr(parsing, "available_cpus", lambda: 4)
    monkeypatch.setattr(parsing.os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert parsing.default_jobs() == 4
    monkeypatch.setattr(parsing.os, "getloadavg", lambda: (2.6, 0.0, 0.0))
    assert parsing.default_jobs() == 1
    monkeypatch.setattr(parsing.os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert parsing.default_jobs() == 1


def test_available_cpus_is_the_affinity_mask_capped_by_the_cgroup_quota(monkeypatch, tmp_path):
    monkeypatch.delattr(parsing.os, "process_cpu_count", raising=False)
    monkeypatch.setattr(parsing.os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    cpu_max = tmp_path / "cpu.max"
    assert parsing.available_cpus(str(tmp_path / "absent")) == 64
    cpu_max.write_text("max 100000\n")
    assert parsing.available_cpus(str(cpu_max)) == 64
    cpu_max.write_text("150000 100000\n")  # one and a half CPUs: two workers
    assert parsing.available_cpus(str(cpu_max)) == 2
    cpu_max.write_text("50000 100000\n")
    assert parsing.available_cpus(str(cpu_max)) == 1
    cpu_max.write_text("garbage\n")
    assert parsing.available_cpus(str(cpu_max)) == 64
    monkeypatch.setattr(parsing.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    cpu_max.write_text("800000 100000\n")
    assert parsing.available_cpus(str(cpu_max)) == 2


def test_auto_jobs_gives_the_same_reports_as_one_process(monkeypatch):
    """What ``--jobs`` auto picks on an idle many-core runner (here: four workers,
    each on small batches) changes nothing in the output."""
    monkeypatch.chdir(FIXTURES / "stacks")
    serial = reports(Options(["."], jobs=1))
    monkeypatch.setattr(parsing, "available_cpus", lambda: 4)
    monkeypatch.setattr(parsing.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(parsing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parsing, "_BATCH_BYTES", 1024)
    assert parsing.default_jobs() == 4
    assert reports(Options(["."], jobs=parsing.default_jobs())) == serial
