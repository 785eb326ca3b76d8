"""The annotated-fixture harness: findings must equal the ``# expect:`` annotations.

Every folder ``fixtures/<group>/<case>/`` is one check run (recursively, as
``edgelint check <case>`` would do). A finding is expected on a line whose text
contains ``expect: EDGE101`` (several IDs comma-separated); in ``.tf.json`` files
the annotation sits in a ``"//"`` comment key on that line. Anything missing or
extra fails: both precision and recall. Each case is checked once per session
(``corpus.case_result``); the graph and pre-filter tests read the same result.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from corpus import case_id, case_result, cases

from edgelint.ruleset.registry import load_rules

EXPECT = re.compile(r"expect:\s*([A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)")
REGISTRY = load_rules()


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


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_fixture(case: Path):
    result = case_result(case)
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
