"""What rules produce and reports consume: findings with exact locations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from edgelint.syntax import Span

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info=0 … critical=4


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding involves: the other end of a cross-resource finding,
    or one step of the path a request takes."""

    span: Span
    message: str


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

    def with_rule(self, rule_id: str, name: str, severity: str) -> "Finding":
        return replace(self, rule_id=rule_id, rule_name=name, severity=severity)

    @property
    def sort_key(self) -> tuple:
        return (self.span.file, self.span.line, self.span.col, self.rule_id, self.message)

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: rule, address and attribute path, not lines."""
        return f"{self.rule_id}:{self.address}:{self.attribute}"


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
        return [f for f in self.findings if f.suppressed is None]
