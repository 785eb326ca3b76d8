"""What rules produce and reports consume: findings with exact locations."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace

from edgelint.parse.syntax import Span

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info=0 … critical=4


def span_dict(span: Span) -> dict:
    """A location as the JSON outputs write it."""
    return {"file": span.file, "line": span.line, "column": span.col,
            "end_line": span.end_line, "end_column": span.end_col}


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding involves: the other end of a cross-resource finding,
    or one step of the path a request takes."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Edit:
    """One change of a rule's fix, stated on the syntax the rule read; the fix stage
    (``edgelint.fix``) turns it into an exact text replacement.

    ``kind``: ``"value"`` replaces the value of the attribute at ``span`` with
    ``text``; ``"remove"`` removes the attribute or block at ``span`` (its lines,
    when nothing else is on them); ``"insert"`` adds ``name = text`` to the block at
    ``span``."""

    kind: str
    span: Span
    text: str = ""
    name: str = ""
    # The attribute is ``var.x``/``local.x``: the value is written elsewhere. Never
    # applied as it is; the pipeline moves it to the value's source (or drops it).
    travelled: bool = False


@dataclass(frozen=True)
class Finding:
    message: str
    span: Span
    address: str = ""  # the resource (with module path) the finding is about
    attribute: str = ""  # attribute path inside it: default_cache_behavior.viewer_protocol_policy
    related: tuple[Related, ...] = ()
    flow: tuple[Related, ...] = ()  # viewer → distribution → behavior → origin → target …
    rule_id: str = ""
    rule_name: str = ""
    severity: str = "info"
    suppressed: str | None = None  # the justification, when an inline comment suppresses it
    fix: str = ""
    module: str = ""  # the root module folder that was checked (as displayed)
    baselined: bool = False  # recorded in the baseline: known, not new
    instance: str = ""  # the module instance it is in: module.cdn["a"]; "" in the root module
    edits: tuple[Edit, ...] = ()  # the rule's fix, when it has one for this finding
    fix_safety: str = ""  # "safe" or "unsafe" when ``edits`` is a fix the rule declares; else ""
    # Where the deciding value travelled, source first: terraform.tfvars:2 → var.policy →
    # cdn.tf:34. Filled by the pipeline (not by rules); reports show it.
    trail: tuple[Related, ...] = ()
    # Why the rule's fix is not applied though the rule has one: "fix not applied:
    # `var.viewer_policy` is also used by …"; "" otherwise.
    fix_blocked: str = ""
    # A finding that several checked roots produce at one place: every (root module
    # folder, instance) pair, sorted; () when one root produced it.
    producers: tuple[tuple[str, str], ...] = ()

    def with_rule(self, rule_id: str, name: str, severity: str) -> Finding:
        return replace(self, rule_id=rule_id, rule_name=name, severity=severity)

    @property
    def shown_message(self) -> str:
        """The message as every output shows it (reports, pictures, the baseline
        file): ``message (in module.cdn)`` for a finding inside a module instance.
        Rules and the model write ``message`` only; this wording is added here, once."""
        if len(self.producers) > 1:
            return f"{self.message} (in {_producers_text(self.producers)})"
        return f"{self.message} (in {self.instance})" if self.instance else self.message

    @property
    def sort_key(self) -> tuple:
        return (self.span.file, self.span.line, self.span.col, self.rule_id, self.shown_message)

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: rule, module folder, resource address and
        attribute path, never lines or columns."""
        return ":".join(self.identity())

    def identity(self, root: str | None = None) -> tuple[str, str, str, str]:
        """What makes this finding the same finding from one run to the next: its
        rule, the module folder (relative to ``root`` when given, so that the
        identity does not depend on where edgelint was run from), the resource
        address and the attribute path."""
        module = self.module
        if root is not None and module:
            module = _relative(module, root)
        return (self.rule_id, module, self.address, self.attribute)

    def as_dict(self) -> dict:
        """The finding as the JSON outputs write it (the JSON report's schema, version 1)."""
        return {
            "rule": self.rule_id, "name": self.rule_name, "severity": self.severity, "message": self.shown_message,
            **span_dict(self.span),
            "module": self.module, "address": self.address, "attribute": self.attribute,
            "fingerprint": self.fingerprint,
            "related": [{**span_dict(r.span), "message": r.message} for r in self.related],
            "flow": [{**span_dict(r.span), "message": r.message} for r in self.flow],
            "fix": self.fix,
            "fixable": bool(self.fix_safety),
            "fix_safety": self.fix_safety or None,
            "fix_blocked": self.fix_blocked or None,
            "trail": [{**span_dict(r.span), "message": r.message} for r in self.trail],
            "producers": [{"module": m, "instance": i} for m, i in self.producers],
            "suppressed": self.suppressed,
            "baselined": self.baselined,
        }

    def hashed_identity(self, root: str | None = None) -> str:
        """``identity`` as a short, fixed-length hash (SARIF fingerprints, baselines)."""
        return hashlib.sha256("\0".join(self.identity(root)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class Notice:
    """Something edgelint could not do (a rule that raised, a file it skipped)."""

    message: str
    path: str = ""
    rule_id: str = ""
    level: str = "warning"
    address: str = ""  # the resource a rule was reading when it raised
    exception: str = ""  # the type of the exception it raised


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rules: list = field(default_factory=list)  # the rules that ran (registry.Rule)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)  # file → lines
    stacks: list = field(default_factory=list)  # the edge model of each checked module (model.Stack)

    @property
    def reported(self) -> list[Finding]:
        """The findings to show and count: neither suppressed nor in the baseline."""
        return [f for f in self.findings if f.suppressed is None and not f.baselined]


def _producers_text(producers: tuple[tuple[str, str], ...]) -> str:
    """``module.cdn of examples/complete, examples/wordpress``: each instance name
    once, with the root folders that produce it."""
    roots: dict[str, list[str]] = {}
    for module, instance in producers:
        roots.setdefault(instance, []).append(module.replace(os.sep, "/") or ".")
    parts = [f"{instance} of {', '.join(folders)}" if instance else f"the root module of {', '.join(folders)}"
             for instance, folders in roots.items()]
    return "; ".join(parts)


def _relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive (Windows): keep it as it is
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
