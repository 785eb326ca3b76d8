"""The annotated-fixture harness: findings must equal the ``# expect:`` annotations.

Every folder ``fixtures/<group>/<case>/`` is one check run (recursively, as
``edgelint check <case>`` would do). A finding is expected on a line whose text
contains ``expect: EDGE101`` (several IDs comma-separated); in ``.tf.json`` files
the annotation sits in a ``"//"`` comment key on that line. Anything missing or
extra fails: both precision and recall.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES

from edgelint.pipeline import Options, check
from edgelint.ruleset.registry import load_rules

EXPECT = re.compile(r"expect:\s*([A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)")
REGISTRY = load_rules()


def cases() -> list[Path]:
    return sorted(p for group in FIXTURES.iterdir() if group.is_dir()
                  for p in group.iterdir() if p.is_dir())


def expected(case: Path) -> Counter:
    out = Counter()
    for path in sorted(case.rglob("*")):
        if path.suffix not in (".tf", ".json", ".tfvars") or not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8-sig", errors="replace").splitlines(), 1):
            m = EXPECT.search(line)
            if m:
                for rule_id in m.group(1).split(","):
                    out[(path.relative_to(case).as_posix(), n, rule_id.strip())] += 1
    return out


def options_for(case: Path) -> Options:
    """A case may carry ``edgelint.args``: extra options, one ``--var k=v`` /
    ``--var-file F`` / ``--extend-select ID`` per line."""
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


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path, monkeypatch):
    monkeypatch.chdir(case)
    opts = options_for(case)
    opts.paths = opts.paths or ["."]
    opts.var_files = [str(Path(v).relative_to(case)) for v in opts.var_files]
    result = check(opts, REGISTRY)
    errors = [n.message for n in result.notices if n.level == "error"]
    assert not errors, errors
    got = Counter((f.span.file, f.span.line, f.rule_id) for f in result.reported)
    want = expected(case)
    missing = want - got
    extra = got - want
    messages = {(f.span.file, f.span.line, f.rule_id): f.message for f in result.reported}
    assert not missing and not extra, (
        f"missing: {sorted(missing)}\nextra: {[(k, messages.get(k)) for k in sorted(extra)]}")


def test_every_rule_has_a_firing_case_and_a_near_miss():
    fires: set[str] = set()
    for case in cases():
        fires.update(rule_id for (_f, _l, rule_id) in expected(case))
    silent_groups = {case.parent.name for case in cases() if case.name.startswith("near_miss")}
    for rule in REGISTRY.sorted():
        assert rule.id in fires, f"{rule.id} fires in no fixture"
        assert rule.id in silent_groups or rule.id == "EDGE900", f"{rule.id} has no near_miss* case"
