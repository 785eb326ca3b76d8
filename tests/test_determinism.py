"""Determinism: the same input gives byte-identical output whatever the hash seed,
the cache state, the order of the arguments and (once the option exists) --jobs.
The order the file system lists files in is a property test (test_properties.py)."""

import shutil

import pytest
from conftest import FIXTURES, run_cli
from hostile import HOSTILE, crafted_tree, hostile_tree
from test_hostile import available_formats

FORMATS = tuple(available_formats())  # every report format, markdown and github included


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """Several modules with findings of many rules, parse errors, skip notices and
    crafted names: whatever an unstable order could shuffle."""
    root = tmp_path_factory.mktemp("determinism")
    shutil.copytree(FIXTURES / "stacks" / "example", root / "a" / "example")
    for group in ("EDGE101", "EDGE301", "EDGE501", "EDGE900"):
        shutil.copytree(FIXTURES / group, root / "b" / group)
    hostile_tree(root / "c", [h for h in HOSTILE if h.name in ("nul", "fifo", "nested", "dangling", "bom")])
    crafted_tree(root / "d")
    return root


def run(tree, *args, env=None):
    r = run_cli("check", *args, cwd=tree, env=env)
    assert r.returncode == 1, r.stderr
    return r.stdout


def jobs_supported() -> bool:
    return "--jobs" in run_cli("check", "--help").stdout


@pytest.fixture(scope="module")
def baseline(tree):
    return {fmt: run(tree, "a", "b", "c", "d", "--format", fmt, env={"PYTHONHASHSEED": "0"}) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_hash_seed(tree, baseline, fmt):
    assert run(tree, "a", "b", "c", "d", "--format", fmt, env={"PYTHONHASHSEED": "4242"}) == baseline[fmt]


@pytest.mark.slow
def test_cold_cache_warm_cache_and_argument_order(tree, baseline, tmp_path):
    cache = {"EDGELINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": "random"}
    cold = run(tree, "a", "b", "c", "d", "--format", "sarif", env=cache)  # nothing cached yet
    warm = run(tree, "a", "b", "c", "d", "--format", "sarif", env=cache)  # whatever was cached is used
    reordered = run(tree, "d", "c", "b", "a", "--format", "sarif", env=cache)
    assert cold == warm == reordered == baseline["sarif"]


@pytest.mark.slow
@pytest.mark.skipif(not jobs_supported(), reason="--jobs is not an option of this build (issue 7 adds it)")
@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs(tree, baseline, fmt):
    for jobs in ("1", "2", "4"):
        assert run(tree, "a", "b", "c", "d", "--format", fmt, "--jobs", jobs) == baseline[fmt]


@pytest.mark.parametrize("fmt", ["json", "mermaid", "svg"])
def test_graph_hash_seed(tree, fmt):
    """`edgelint graph` too (svg has a layout of its own); the title echoes the
    arguments, so their order is the same here."""
    outputs = {seed: run_cli("graph", "a", "b", "c", "d", "--format", fmt, cwd=tree, env={"PYTHONHASHSEED": seed})
               for seed in ("0", "4242")}
    assert outputs["0"].returncode == 0, outputs["0"].stderr
    assert outputs["0"].stdout == outputs["4242"].stdout
