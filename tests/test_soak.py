"""Soak: a generated tree of a few thousand files with the hostile ones sprinkled in.
Every good file's finding must be reported, every hostile one accounted for, and
nothing else: no lost module, no traceback, no extra notice."""

import json

import pytest
from conftest import run_cli
from hostile import BAD, HOSTILE, PINNED, make

MODULES = 300
FILES_PER_MODULE = 10
BIG = 2_500_000  # "big" files stay smaller on disk: the limit is lowered to match
LIMIT = 2_000_000  # above the 1 MB line of "long_line"


@pytest.fixture(scope="module")
def soak(tmp_path_factory):
    root = tmp_path_factory.mktemp("soak")
    expected: set[tuple[str, str, int, int]] = set()
    hostile: dict[str, object] = {}
    for m in range(MODULES):
        folder = root / "envs" / f"e{m // 30:02d}" / f"m{m:03d}"
        folder.mkdir(parents=True)
        for n in range(FILES_PER_MODULE):
            (folder / f"f{n}.tf").write_text(BAD.replace('"d"', f'"d{n}"'))
            expected.add((f"envs/e{m // 30:02d}/m{m:03d}/f{n}.tf", "EDGE101", 3, 5))
        if m % 17 == 0:  # every hostile item, more than once, in modules with good files
            item = HOSTILE[(m // 17) % len(HOSTILE)]
            make(item, folder / "odd", BIG)
            hostile[f"envs/e{m // 30:02d}/m{m:03d}/odd/"] = item
    return root, expected, hostile


@pytest.mark.slow
def test_every_good_finding_is_reported(soak):
    root, expected, hostile = soak
    r = run_cli("check", "envs", "--format", "json", "--max-file-size", LIMIT, *PINNED, cwd=root)
    assert r.returncode == 1 and r.stderr == ""
    doc = json.loads(r.stdout)
    got = {(f["file"], f["rule"], f["line"], f["column"]) for f in doc["findings"]}
    good = {g for g in got if "/odd/" not in g[0]}
    assert good == expected  # nothing lost, nothing invented
    assert len(doc["findings"]) == len(got)  # and nothing twice

    for prefix, item in hostile.items():
        want = {(prefix + f, rule, line, col) for f, rule, line, col, _ in item.findings}
        assert {g for g in got if g[0].startswith(prefix)} == want, item.name
        skipped = {(prefix + f) for f, _ in item.skipped}
        assert {n["path"] for n in doc["notices"] if n["path"].startswith(prefix)} == skipped, item.name
    assert all(any(n["path"].startswith(p) for p in hostile) for n in doc["notices"])
    assert doc["summary"]["files"] >= MODULES * FILES_PER_MODULE
