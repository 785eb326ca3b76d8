"""SARIF 2.1.0 report, built with sarif-om and valid against the OASIS schema.

Columns are counted in Unicode code points, as python-hcl2 counts them, and the run
says so (``columnKind``) instead of converting to UTF-16 units. URIs are relative to
``root`` (the working directory unless ``--sarif-root``) with ``uriBaseId``
``%SRCROOT%`` and percent-encoded (a ``#`` or a byte that is not UTF-8 in a file name
stays part of the path). A URI never points outside the root: a location there is
an ``OutsideRoot`` error (the CLI's exit 2), not a ``../`` path.

For GitHub code scanning: ``partialFingerprints`` hash the finding's identity (rule,
module folder relative to the root, resource address, attribute path), so an alert
survives lines moving; an inline-suppressed finding is kept with a ``suppressions``
entry (``inSource``, with the comment's justification) and a baselined one with an
``external`` suppression and ``baselineState``, so code scanning shows them as
suppressed instead of fixed; the run stays within GitHub's limits (``GITHUB_LIMITS``).

What edgelint could not do (a skipped file, a rule that raised, results left out)
is a ``toolExecutionNotification`` of the invocation; a rule's carries the rule as
``associatedRule`` and the exception's type and message. EDGE902 (a module whose
source is not on disk) stays a ``note``-level result rather than a notification:
code scanning shows results, not notifications, and a result keeps its fingerprint,
so it can be suppressed, baselined and dismissed like any other.

``relatedLocations`` hold the other ends of a cross-resource finding, then the trail
of its deciding value (``Finding.trail``, source first: a tfvars file, a variable's
default, a module input, a local), each message starting ``value:``; ``codeFlows``
hold the path a viewer request takes (``Finding.flow``).
"""

from __future__ import annotations

import os
import pathlib
import urllib.parse
from typing import TYPE_CHECKING

from edgelint import __version__
from edgelint.escape import json_document
from edgelint.findings import SEVERITY_RANK, CheckResult, Finding, Notice, Related
from edgelint.parse.syntax import Span
from edgelint.report import OutsideRoot
from edgelint.ruleset.docs import render_doc
from edgelint.ruleset.registry import REPOSITORY_URL as INFORMATION_URI
from edgelint.ruleset.registry import Rule, section

if TYPE_CHECKING:
    import attr
    import sarif_om as om

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

FINGERPRINT_KEY = "edgelint/v1"

# A finding's severity as a SARIF result level (the GitHub report's commands map the
# same way) and as the ``security-severity`` score GitHub code scanning ranks alerts by.
SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}

# What GitHub code scanning accepts in one run (docs: "SARIF results exceed limits").
GITHUB_LIMITS = {"results": 25_000, "locations": 1_000, "thread_flow_locations": 10_000, "tags": 20}


def render_sarif(result: CheckResult, root: str | None = None) -> str:
    _import_sarif_om()
    rules = sorted(result.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    base = os.path.abspath(root or os.getcwd())
    driver = om.ToolComponent(
        name="edgelint", full_name=f"edgelint {__version__}", version=__version__, semantic_version=__version__,
        information_uri=INFORMATION_URI, rules=[_descriptor(r) for r in rules])
    findings, left_out = _within_limit([f for f in result.findings if f.rule_id in index])
    with_baseline = any(f.baselined for f in findings)
    run = om.Run(
        tool=om.Tool(driver=driver),
        column_kind="unicodeCodePoints",
        original_uri_base_ids={"%SRCROOT%": om.ArtifactLocation(uri=_root_uri(base))},
        results=[_result(f, index, base, with_baseline, result.sources) for f in findings],
        invocations=[_invocation(result, index, base, left_out)],
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    return json_document(_to_json(log))


def _import_sarif_om() -> None:
    """sarif-om (and attrs) on first use, not on import: the GitHub report reads
    ``SARIF_LEVEL`` from this module and must not pay for them."""
    global attr, om
    import attr
    import sarif_om as om


def _within_limit(findings: list[Finding]) -> tuple[list[Finding], int]:
    """At most GitHub's number of results, the most severe first; the rest are
    counted in a notification rather than making GitHub reject the whole file."""
    limit = GITHUB_LIMITS["results"]
    if len(findings) <= limit:
        return findings, 0
    kept = sorted(findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.sort_key))[:limit]
    return sorted(kept, key=lambda f: f.sort_key), len(findings) - limit


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    # The kind first (GitHub shows a limited number of tags; "security" files the
    # alert under security), then the rule's other tags.
    first = [rule.kind] if rule.kind else []
    tags = (first + sorted(set(rule.tags) - set(first)))[: GITHUB_LIMITS["tags"]]
    what = " ".join(section(rule.doc, "What it does").split()) or rule.summary
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary),
        full_description=om.MultiformatMessageString(text=what),
        help=om.MultiformatMessageString(text=render_doc(rule), markdown=_markdown(rule)),
        help_uri=rule.help_uri or None,
        default_configuration=om.ReportingConfiguration(
            level=SARIF_LEVEL[rule.severity], enabled=rule.default_enabled),
        properties={"tags": tags, "security-severity": SECURITY_SEVERITY[rule.severity],
                    "precision": "very-high" if rule.kind == "broken" else "high",
                    "problem.severity": {"high": "error", "critical": "error", "medium": "warning"}
                    .get(rule.severity, "recommendation")},
    )


def _markdown(rule: Rule) -> str:
    return f"# {rule.id} {rule.name}\n\n{rule.doc}" if rule.doc else rule.summary


def _uri(path: str, base: str) -> str:
    """``path`` relative to ``base``, percent-encoded; never outside ``base``."""
    absolute = os.path.abspath(path)
    if not (absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep)):  # another drive too
        raise OutsideRoot(f"{path} is outside the SARIF root {base}: check from the repository root "
                          "or pass --sarif-root")
    rel = os.path.relpath(absolute, base).replace(os.sep, "/")
    return urllib.parse.quote(os.fsencode(rel), safe="/")


def _root_uri(base: str) -> str:
    return pathlib.Path(base).as_uri().rstrip("/") + "/"


def _artifact(path: str, base: str) -> om.ArtifactLocation:
    return om.ArtifactLocation(uri=_uri(path, base), uri_base_id="%SRCROOT%")


def _location(span: Span, base: str, message: str | None = None, id_: int | None = None) -> om.Location:
    region = om.Region(start_line=span.line, start_column=span.col,
                       end_line=max(span.end_line, span.line), end_column=max(span.end_col, 1))
    return om.Location(
        id=-1 if id_ is None else id_,
        physical_location=om.PhysicalLocation(artifact_location=_artifact(span.file, base), region=region),
        message=om.Message(text=message) if message else None)


def _result(f: Finding, index: dict[str, int], base: str, with_baseline: bool,
            sources: dict[str, tuple[str, ...]]) -> om.Result:
    location = _location(f.span, base)
    if f.address:
        location.logical_locations = [om.LogicalLocation(fully_qualified_name=f.address, kind="resource")]
    result = om.Result(
        rule_id=f.rule_id, rule_index=index[f.rule_id],
        level=SARIF_LEVEL.get(f.severity, "warning"),
        message=om.Message(text=f.shown_message),
        locations=[location],
        partial_fingerprints={FINGERPRINT_KEY: f.hashed_identity(base)},
    )
    if f.related or f.trail:
        # The trail of the deciding value (source first) follows the related places;
        # codeFlows hold the request's path (``flow``).
        trail = [Related(r.span, f"value: {r.message}" if r.message else "value passes here") for r in f.trail]
        related = [*f.related, *trail][: GITHUB_LIMITS["locations"] - 1]
        result.related_locations = [_location(r.span, base, r.message, i + 1) for i, r in enumerate(related)]
    if f.flow:
        result.code_flows = [_code_flow(f, base)]
    fix = _fix(f, sources, base)
    if fix is not None:
        result.fixes = [fix]
    suppressions = []
    if f.suppressed is not None:
        suppressions.append(om.Suppression(kind="inSource", justification=f.suppressed or None))
    if f.baselined:
        suppressions.append(om.Suppression(kind="external", justification="recorded in the edgelint baseline"))
    if suppressions:
        result.suppressions = suppressions
    if with_baseline:
        result.baseline_state = "unchanged" if f.baselined else "new"
    return result


def _fix(f: Finding, sources: dict[str, tuple[str, ...]], base: str) -> om.Fix | None:
    """The finding's fix as ``--fix`` would make it: per file, the exact regions
    replaced (``deletedRegion``) and the text put there (``insertedContent``)."""
    from edgelint.fix.edits import resolve

    if not f.fix_safety:
        return None
    by_file: dict[str, list] = {}
    for edit in f.edits:
        r = resolve(edit, sources.get(edit.span.file, ()))
        if r is None:
            return None
        by_file.setdefault(r.file, []).append(om.Replacement(
            deleted_region=om.Region(start_line=r.line, start_column=r.col, end_line=r.end_line, end_column=r.end_col),
            inserted_content=om.ArtifactContent(text=r.text) if r.text else None))
    flags = "--fix" if f.fix_safety == "safe" else "--fix --unsafe-fixes"
    return om.Fix(description=om.Message(text=f"{f.fix_safety} fix ({flags})"),
                  artifact_changes=[om.ArtifactChange(artifact_location=_artifact(path, base), replacements=rs)
                                    for path, rs in sorted(by_file.items())])


def _code_flow(f: Finding, base: str) -> om.CodeFlow:
    """The path a request takes to the finding (viewer → distribution → behavior →
    origin → target → …), ending at the result's own location."""
    steps = list(f.flow[: GITHUB_LIMITS["thread_flow_locations"] - 1])
    if steps[-1].span != f.span:
        steps.append(Related(f.span, f.shown_message))
    locations = [om.ThreadFlowLocation(location=_location(s.span, base, s.message), nesting_level=0,
                                       execution_order=i) for i, s in enumerate(steps)]
    return om.CodeFlow(message=om.Message(text=f"how a viewer request reaches {f.address}"),
                       thread_flows=[om.ThreadFlow(locations=locations)])


def _invocation(result: CheckResult, index: dict[str, int], base: str, left_out: int) -> om.Invocation:
    notes = [_notification(n, index, base) for n in result.notices]
    if left_out:
        notes.append(om.Notification(level="warning", message=om.Message(
            text=f"{left_out} less severe results left out: GitHub code scanning accepts at most "
                 f"{GITHUB_LIMITS['results']} results per run")))
    # A rule that raised means the run did not do all it should, --keep-going or not.
    failed = any(n.level == "error" or n.exception for n in result.notices)
    return om.Invocation(execution_successful=not failed,
                         tool_execution_notifications=notes or None)


def _notification(n: Notice, index: dict[str, int], base: str) -> om.Notification:
    note = om.Notification(message=om.Message(text=n.message),
                           level=n.level if n.level in ("error", "warning", "note") else "note")
    if n.path:
        note.locations = [om.Location(physical_location=om.PhysicalLocation(artifact_location=_artifact(n.path, base)))]
    if n.rule_id:
        note.associated_rule = om.ReportingDescriptorReference(id=n.rule_id, index=index.get(n.rule_id, -1))
    if n.exception:
        note.exception = om.Exception(kind=n.exception, message=n.message)
    return note


_ALWAYS = frozenset({"level", "version"})


def _to_json(obj):
    """sarif-om objects to plain JSON data under their schema names, leaving out
    every property that still has its default."""
    if attr.has(type(obj)):
        out = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            default = field.default
            if isinstance(default, attr.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if value is None or (value == default and field.default is not attr.NOTHING
                                 and field.name not in _ALWAYS):
                continue
            out[field.metadata["schema_property_name"]] = _to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: _to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_json(v) for v in obj]
    return obj
