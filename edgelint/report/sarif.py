"""SARIF 2.1.0 report, built with sarif-om and valid against the OASIS schema.

Columns are counted in Unicode code points, as python-hcl2 counts them, and the run
says so (``columnKind``) instead of converting to UTF-16 units. URIs are relative to
``root`` (the working directory unless ``--sarif-root``) with ``uriBaseId``
``%SRCROOT%`` and percent-encoded (a ``#`` or a byte that is not UTF-8 in a file name
stays part of the path). A URI never points outside the root: a location there is
an ``OutsideRoot`` error (the CLI's exit 2), not a ``../`` path.

What edgelint could not do (a skipped file, a rule that raised) is a
``toolExecutionNotification`` of the invocation; a rule's carries the rule as
``associatedRule`` and the exception's type and message.
"""

from __future__ import annotations

import os
import pathlib
import urllib.parse

import attr
import sarif_om as om

from edgelint import __version__
from edgelint.findings import CheckResult, Finding, Notice, Related
from edgelint.registry import SARIF_LEVEL, SECURITY_SEVERITY, Rule, section
from edgelint.report import OutsideRoot
from edgelint.report.escape import json_document
from edgelint.syntax import Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/edgelint/edgelint"


def render_sarif(result: CheckResult, root: str | None = None) -> str:
    rules = sorted(result.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    base = os.path.abspath(root or os.getcwd())
    driver = om.ToolComponent(
        name="edgelint", version=__version__, semantic_version=__version__,
        information_uri=INFORMATION_URI, rules=[_descriptor(r) for r in rules])
    run = om.Run(
        tool=om.Tool(driver=driver),
        column_kind="unicodeCodePoints",
        original_uri_base_ids={"%SRCROOT%": om.ArtifactLocation(uri=_root_uri(base))},
        results=[_result(f, index, base) for f in result.findings if f.rule_id in index],
        invocations=[_invocation(result, index, base)],
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    return json_document(_to_json(log))


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    tags = sorted(set(rule.tags) | ({"security"} if rule.kind == "security" else set()))
    what = " ".join(section(rule.doc, "What it does").split()) or rule.summary
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary),
        full_description=om.MultiformatMessageString(text=what),
        help=om.MultiformatMessageString(text=rule.doc or rule.summary, markdown=_markdown(rule)),
        help_uri=rule.help_uri,
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
    if not (absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep)):
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


def _result(f: Finding, index: dict[str, int], base: str) -> om.Result:
    result = om.Result(
        rule_id=f.rule_id, rule_index=index[f.rule_id],
        level=SARIF_LEVEL.get(f.severity, "warning"),
        message=om.Message(text=f.message),
        locations=[_location(f.span, base)],
        partial_fingerprints={"edgelint/v1": f.fingerprint},
    )
    if f.related:
        result.related_locations = [_location(r.span, base, r.message, i + 1) for i, r in enumerate(f.related)]
    if f.flow:
        result.code_flows = [_code_flow(f.flow, base)]
    if f.suppressed is not None:
        result.suppressions = [om.Suppression(kind="inSource", justification=f.suppressed or None)]
    return result


def _code_flow(steps: tuple[Related, ...], base: str) -> om.CodeFlow:
    locations = [om.ThreadFlowLocation(location=_location(s.span, base, s.message), nesting_level=0,
                                       execution_order=i) for i, s in enumerate(steps)]
    return om.CodeFlow(thread_flows=[om.ThreadFlow(locations=locations)])


def _invocation(result: CheckResult, index: dict[str, int], base: str) -> om.Invocation:
    notes = [_notification(n, index, base) for n in result.notices]
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
