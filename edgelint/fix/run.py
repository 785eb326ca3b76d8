"""Apply the fixes of a check's findings in passes, each verified by a re-check.

``check`` is the pipeline's check of the same options (passed in: this stage ranks
before the pipeline). Each pass takes the reported findings with a fix of an allowed
safety class, makes the first of any overlapping replacements (in file order; the
others wait for the next pass), and re-checks with the new contents in memory
(``safeio.overlay``). A file is rolled back when a fix in it did not remove its
finding, or it gained a finding or a parse error; that is a bug of edgelint's and is
reported as one. At most ``MAX_PASSES`` passes: fixes are idempotent, so a fixed
point comes quickly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from edgelint.findings import CheckResult, Finding, Notice
from edgelint.fix.edits import Replacement, apply, resolve
from edgelint.ruleset.diagnostics import PARSE_ERROR
from edgelint.safeio import overlay, read_regular_file

MAX_PASSES = 5


@dataclass
class FixOutcome:
    result: CheckResult  # the check of the fixed contents
    originals: dict[str, str] = field(default_factory=dict)  # path → text before, for every changed file
    fixed: dict[str, str] = field(default_factory=dict)  # path → text after
    applied: list[Finding] = field(default_factory=list)  # the findings the fixes removed

    @property
    def changed(self) -> dict[str, str]:
        return {p: t for p, t in sorted(self.fixed.items()) if t != self.originals[p]}


def applies(finding: Finding, unsafe: bool) -> bool:
    """A finding whose fix this run applies: a safe one, or an unsafe one with ``unsafe``."""
    return finding.fix_safety == "safe" or (unsafe and finding.fix_safety == "unsafe")


def replacements_of(finding: Finding, text_of: Callable[[str], str]) -> list[Replacement] | None:
    """The exact replacements of a finding's fix, or None when one of its edits does
    not match the file's text (then the fix is not applied)."""
    found = []
    for edit in finding.edits:
        r = resolve(edit, text_of(edit.span.file).splitlines())
        if r is None:
            return None
        found.append(r)
    return found


def run(check: Callable[[], CheckResult], unsafe: bool = False) -> FixOutcome:
    outcome = FixOutcome(check())
    refused: set[tuple] = set()  # findings whose fix was rolled back: not tried again

    def text_of(path: str) -> str:
        if path not in outcome.fixed:
            outcome.originals[path] = outcome.fixed[path] = read_regular_file(path).decode("utf-8")
        return outcome.fixed[path]

    for _ in range(MAX_PASSES):
        before = dict(outcome.fixed)
        chosen = _choose([f for f in outcome.result.reported if applies(f, unsafe) and f.identity() not in refused],
                         text_of)
        if not chosen:
            break
        by_file: dict[str, list[Replacement]] = {}
        for replacements in chosen.values():
            for r in replacements:
                by_file.setdefault(r.file, []).append(r)
        for path, replacements in by_file.items():
            outcome.fixed[path] = apply(text_of(path), sorted(set(replacements)))
        previous = outcome.result
        outcome.result = _recheck(check, outcome.fixed)
        failed = _failures(previous, outcome.result, chosen, set(by_file))
        for path, (finding, why) in sorted(failed.items()):
            outcome.fixed[path] = before.get(path, outcome.originals[path])
            refused.update(f.identity() for f in chosen if any(r.file == path for r in chosen[f]))
            outcome.result.notices.append(Notice(
                f"fix of {finding.rule_id} on {finding.address or path} rolled back: {why}; "
                "this is a bug of edgelint's, please report it", path, finding.rule_id, level="warning"))
        if failed:
            notices = outcome.result.notices
            outcome.result = _recheck(check, outcome.fixed)
            outcome.result.notices = notices
        outcome.applied.extend(f for f in chosen if f.identity() not in refused)
    outcome.result.notices.extend(not_applied(outcome.result, unsafe))
    return outcome


def not_applied(result: CheckResult, unsafe: bool) -> list[Notice]:
    """A note for each finding left as it is although its rule has a fix this run
    would apply: the value is written where editing it would change more than the
    finding (``Finding.fix_blocked``: "fix not applied: `var.x` is also used by …")."""
    classes = {r.id: r.fix_safety for r in result.rules}
    return [Notice(f"{f.rule_id} at line {f.span.line}: {f.fix_blocked}", f.span.file, f.rule_id,
                   level="note", address=f.address)
            for f in result.reported if f.fix_blocked and classes.get(f.rule_id)
            and (classes[f.rule_id] == "safe" or unsafe)]


def _choose(findings: list[Finding], text_of) -> dict[Finding, list[Replacement]]:
    """The findings to fix in this pass, each with its replacements: in file order,
    skipping one whose replacements overlap those already chosen (it waits)."""
    chosen: dict[Finding, list[Replacement]] = {}
    taken: list[Replacement] = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        replacements = replacements_of(f, text_of)
        if not replacements:
            continue
        fresh = [r for r in replacements if r not in taken]
        if any(r.overlaps(t) for r in fresh for t in taken):
            continue
        chosen[f] = replacements
        taken.extend(fresh)
    return chosen


def _recheck(check: Callable[[], CheckResult], contents: dict[str, str]) -> CheckResult:
    with overlay({p: t.encode("utf-8") for p, t in contents.items()}):
        return check()


def _failures(before: CheckResult, after: CheckResult, chosen: dict[Finding, list[Replacement]],
              changed: set[str]) -> dict[str, tuple[Finding, str]]:
    """Changed files to roll back, each with a finding whose fix failed and why."""
    old = {f.identity() for f in before.findings}
    new = {f.identity(): f for f in after.findings}
    failed: dict[str, tuple[Finding, str]] = {}
    for f, replacements in chosen.items():
        files = {r.file for r in replacements}
        if f.identity() in new:
            for path in files:
                failed.setdefault(path, (f, "its finding is still there"))
    for identity, g in new.items():
        if identity in old:
            continue
        why = "the file no longer parses" if g.rule_id == PARSE_ERROR else f"it added {g.rule_id} ({g.shown_message})"
        culprits = [g.span.file] if g.span.file in changed else sorted(changed)
        for path in culprits:
            f = next((f for f, rs in chosen.items() if any(r.file == path for r in rs)), None)
            if f is not None:
                failed.setdefault(path, (f, why))
    return failed
