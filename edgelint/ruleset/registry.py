"""Rules stage plumbing: the ``@rule`` decorator, the registry, and rule loading.

The built-in pack (``rules/``, installed as ``edgelint_rules``) is found through the
same ``edgelint.rules`` entry-point group as any third-party pack; ``--rules-dir``
adds a folder of rule files. A rule is a generator function over the edge model
(``Stack``) whose docstring is its documentation. Every registry also holds the
system diagnostics (``diagnostics.CATALOG``): entries without a check, whose
findings the stages that know them produce.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edgelint.findings import SEVERITIES

KINDS = ("broken", "security", "performance", "cost", "reliability", "hygiene")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")
_PREFIX_RE = re.compile(r"^[A-Z]+\d{0,2}$")  # EDGE, EDGE5, EDGE50: a selection by ID prefix
# ``[project.urls] Repository`` of pyproject.toml (tests/test_rule_docs.py keeps them
# equal): the per-rule pages ``docs/rules/EDGEnnn.md`` are read there.
REPOSITORY_URL = "https://github.com/edgelint/edgelint"
DOCS_URL = REPOSITORY_URL + "/blob/main/docs/rules/{id}.md"
BUILTIN_SOURCES = ("edgelint_rules", "edgelint.ruleset")  # whose pages docs/rules holds


class RuleError(Exception):
    """A rule pack that cannot be loaded or a rule that is declared wrongly."""


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    tags: tuple[str, ...]
    check: Callable | None  # None: a system diagnostic (see ``diagnostics``), not run by the rule engine
    default_enabled: bool = True
    doc: str = ""
    source: str = ""  # the module that defined it
    fix_safety: str = ""  # "safe" or "unsafe": the rule's findings may carry a fix (ruff's sense); "" none
    fix_summary: str = ""  # what the fix does, one line
    docs_url: str = ""  # a plugin's own page for the rule (``@rule(help_uri=...)``)

    @property
    def fix_line(self) -> str:
        """The "Fix" line of the rule's docs: ``Fix (safe): remove ...``; "" without a fix."""
        if not self.fix_safety:
            return ""
        flags = "--fix" if self.fix_safety == "safe" else "--fix --unsafe-fixes"
        return f"Fix ({self.fix_safety}, with {flags}): {self.fix_summary}"

    @property
    def is_diagnostic(self) -> bool:
        """A system diagnostic: a stage of the pipeline reports it, no rule function."""
        return self.check is None

    @property
    def kind(self) -> str:
        return next((t for t in self.tags if t in KINDS), "")

    @property
    def summary(self) -> str:
        """First sentence of the "What it does" section."""
        text = section(self.doc, "What it does") or self.doc
        first = " ".join(text.split())
        return first.split(". ")[0].rstrip(".") + "." if first else self.name

    @property
    def fix(self) -> str:
        """One line: the first sentence of the "Use instead" prose, before any code."""
        text = section(self.doc, "Use instead")
        prose = []
        for line in text.splitlines():
            if line.strip().startswith("```") or line.startswith("    "):
                break
            prose.append(line.strip())
        first = " ".join(" ".join(prose).split())
        return first.split(". ")[0].rstrip(":.") if first else ""

    @property
    def is_builtin(self) -> bool:
        return any(self.source == s or self.source.startswith(s + ".") for s in BUILTIN_SOURCES)

    @property
    def help_uri(self) -> str:
        """The rule's documentation page: its own page in the repository for a
        built-in rule, the plugin's ``help_uri`` else ("" when it gives none: no
        link is better than a dead one)."""
        if self.docs_url:
            return self.docs_url
        return DOCS_URL.format(id=self.id) if self.is_builtin else ""


def section(doc: str, title: str) -> str:
    """The text under ``## title`` (or ``title:``) in a rule docstring."""
    lines = doc.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        heading = line.strip().lstrip("#").strip().rstrip(":").strip()
        if line.strip().startswith("##") or (heading in _SECTIONS and line.strip().endswith(":")):
            if inside:
                break
            inside = heading.lower() == title.lower()
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip("\n")


_SECTIONS = {"What it does", "Why is this bad?", "Example", "Use instead", "References"}


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, rule: Rule) -> None:
        if rule.id in self.rules and self.rules[rule.id].check is not rule.check:
            raise RuleError(f"rule {rule.id} is defined twice ({self.rules[rule.id].source} and {rule.source})")
        self.rules[rule.id] = rule

    def by_key(self, key: str) -> Rule | None:
        """A rule by ID or by name (as users write them in suppressions and configs)."""
        key = key.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        return next((r for r in self.rules.values() if r.name == key), None)

    def matching(self, key: str) -> list[Rule]:
        """The rules a selection names, as ruff reads ``--select``: an ID or a name,
        ``ALL`` (every rule, off-by-default ones too), or an ID prefix (``EDGE5``,
        ``EDGE50``: every rule whose ID starts so). Empty when it names none."""
        found = self.by_key(key)
        if found is not None:
            return [found]
        key = key.strip().upper()
        if key == "ALL":
            return self.sorted()
        if _PREFIX_RE.match(key):
            return [r for r in self.sorted() if r.id.startswith(key)]
        return []

    def sorted(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: r.id)


def check_declaration(id: str, severity: str) -> None:
    """An ID and a severity a rule (or a system diagnostic) may have, else RuleError."""
    if not ID_RE.match(id):
        raise RuleError(f"rule ID {id!r} must be letters followed by three digits")
    if severity not in SEVERITIES:
        raise RuleError(f"rule {id}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")


# Rules declared while a module is being imported land here, then in a Registry.
_DECLARED: list[Rule] = []


FIX_SAFETIES = ("safe", "unsafe")


def rule(id: str, name: str, *, severity: str, tags: Iterable[str] = (), default_enabled: bool = True,
         fix: tuple[str, str] | None = None, help_uri: str = ""):
    """Declare a rule: ``@rule("EDGE101", "viewer-http-allowed", severity="high", tags=(...))``.

    ``fix=("safe", "what it does")`` declares that the rule's findings may carry a fix
    (``Finding.edits``) of that safety class: **safe** cannot change what the user
    meant or break the apply; **unsafe** is right for nearly everyone but changes
    behaviour a user may rely on (applied only with ``--unsafe-fixes``).

    ``help_uri`` is the rule's documentation page (SARIF ``helpUri``, the Markdown
    report's links); built-in rules link to their page under ``docs/rules``."""
    check_declaration(id, severity)
    if help_uri and not help_uri.startswith(("https://", "http://")):
        raise RuleError(f"rule {id}: help_uri must be an http(s) URL, not {help_uri!r}")
    safety, summary = fix if fix is not None else ("", "")
    if fix is not None and (safety not in FIX_SAFETIES or not summary):
        raise RuleError(f"rule {id}: fix must be (\"safe\" or \"unsafe\", \"what it does\")")

    def wrap(fn: Callable) -> Callable:
        r = Rule(id, name, severity, tuple(tags), fn, default_enabled,
                 inspect.cleandoc(fn.__doc__ or ""), fn.__module__, safety, summary, help_uri)
        fn.edgelint_rule = r
        _DECLARED.append(r)
        return fn

    return wrap


def _collect(module) -> list[Rule]:
    """The rules declared by a module and its submodules (a pack's package imports them)."""
    prefix = module.__name__
    return [r for r in _DECLARED if r.source == prefix or r.source.startswith(prefix + ".")]


def load_rules(rules_dirs: Iterable[str] = ()) -> Registry:
    """The system diagnostics, the built-in pack and every installed pack (entry
    points), then ``rules_dirs``."""
    from importlib.metadata import entry_points

    from edgelint.ruleset.diagnostics import CATALOG

    registry = Registry()
    for r in CATALOG:
        registry.add(r)
    for ep in sorted(entry_points(group="edgelint.rules"), key=lambda e: (e.name != "builtin", e.name)):
        try:
            module = ep.load()
        except Exception as exc:
            raise RuleError(f"rule pack '{ep.name}' ({ep.value}) failed to load: {exc}") from exc
        for r in _collect(module):
            registry.add(r)
    if not any(r.source.startswith("edgelint_rules") for r in registry.rules.values()):
        # Running from a source tree without an install: load the pack directly.
        for r in _collect(importlib.import_module("edgelint_rules")):
            registry.add(r)
    for folder in rules_dirs:
        for r in load_rules_dir(folder):
            registry.add(r)
    return registry


def load_rules_dir(folder: str) -> list[Rule]:
    path = Path(folder)
    if not path.is_dir():
        raise RuleError(f"--rules-dir {folder}: not a folder")
    rules: list[Rule] = []
    for file in sorted(path.glob("*.py")):
        name = f"edgelint_local_rules.{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise RuleError(f"{file}: {type(exc).__name__}: {exc}") from exc
        rules.extend(_collect(module))
    return rules
