"""The package layout is the pipeline: data flows one way, and no module reaches into
another's private names. Every module of ``edgelint/`` (and the built-in pack in
``rules/``, which belongs to the rules stage) is parsed with ``ast``; every import
counts, at module level or inside a function, under ``TYPE_CHECKING`` or not.

Stage order (a module may import its own stage and earlier ones, never a later one)::

    parse < evaluate < instances < model < ruleset (+ rules/) < filter < fix < view < report
          < pipeline < settings < cli < launcher < __main__

Exceptions, each kept because a stage boundary would be wrong for it:

- Shared leaves, importable by every stage: ``edgelint`` (the version),
  ``edgelint.findings`` (what rules produce, the filter marks, the view places and the
  reports render), ``edgelint.escape`` (text from scanned files, made inert for each
  destination), ``edgelint.safeio`` (reading a hostile tree), ``edgelint.closure`` (a
  graph closure the parse stage's prefilter and the view both need). A leaf imports
  only leaves, and ``edgelint.parse.syntax``.
- ``edgelint.parse.syntax``: the plain data types of a parsed file (``Span``,
  ``Block``, expressions) that every later stage reads and ``findings`` points into.
  Importable by all; it imports no edgelint module itself.
- ``evaluate`` is a service rather than a pass (instances and the model call it), so
  it ranks right after parse: it reads expressions (and ``parse.hcl``'s template
  parser for ``templatefile``), and the stages that call it come after it.
- ``settings`` (``.edgelint.toml``) ranks with the CLI, which is its only caller: it
  shapes the options the CLI hands to the pipeline, from parse-stage types
  (``ExcludePattern``, display paths).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

STAGES = ("parse", "evaluate", "instances", "model", "ruleset", "filter", "fix", "view", "report",
          "pipeline", "settings", "cli", "launcher", "__main__")
LEAVES = {"edgelint", "edgelint.findings", "edgelint.escape", "edgelint.safeio", "edgelint.closure"}
SYNTAX = "edgelint.parse.syntax"
STAGE_PACKAGES = ("parse", "evaluate", "instances", "model", "ruleset", "filter", "fix", "view", "report")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "rules":
        parts[0] = "edgelint_rules"
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = {module_name(p): p for folder in ("edgelint", "rules") for p in sorted((ROOT / folder).rglob("*.py"))}


def stage_of(module: str) -> str | None:
    """The stage a module belongs to; None for a leaf (or a module outside edgelint)."""
    if module in LEAVES or module == SYNTAX:
        return None
    if module == "edgelint_rules" or module.startswith("edgelint_rules."):
        return "ruleset"
    parts = module.split(".")
    return parts[1] if parts[0] == "edgelint" and len(parts) > 1 else None


def imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every edgelint import of a module."""
    path = SOURCES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found += [(base, a.name, node.lineno) for a in node.names]
    return [(m, n, line) for m, n, line in found if m.split(".")[0] in ("edgelint", "edgelint_rules")]


def target(imported: str, name: str) -> str:
    """The module an import reaches: ``from edgelint.filter import suppress`` is the
    module ``edgelint.filter.suppress``, ``from edgelint.model import Stack`` the package."""
    return f"{imported}.{name}" if f"{imported}.{name}" in SOURCES else imported


def test_the_modules_are_found():
    assert {"edgelint.pipeline", "edgelint.parse.syntax", "edgelint.view.topology", "edgelint_rules"} <= set(SOURCES)
    assert {stage_of(m) for m in SOURCES} - {None} == set(STAGES)


def test_no_module_imports_a_later_stage():
    wrong = []
    for module in SOURCES:
        own = stage_of(module)
        for imported, name, line in imports(module):
            other = stage_of(target(imported, name))
            if other is None or own is None:
                continue
            if STAGES.index(other) > STAGES.index(own):
                wrong.append(f"{module}:{line} ({own}) imports {target(imported, name)} ({other})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("leaf", sorted(LEAVES | {SYNTAX}))
def test_leaves_import_only_leaves(leaf):
    allowed = LEAVES | ({SYNTAX} if leaf != SYNTAX else set())
    reached = {target(m, n) for m, n, _line in imports(leaf)}
    assert reached <= allowed | {leaf}, reached - allowed


def test_no_module_imports_a_private_name_of_another():
    wrong = []
    for module in SOURCES:
        for imported, name, line in imports(module):
            if any(part.startswith("_") and not part.startswith("__") for part in [*imported.split("."), name]):
                wrong.append(f"{module}:{line} imports {name or imported} from {imported}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", STAGE_PACKAGES)
def test_each_stage_package_says_what_it_does(package):
    doc = ast.get_docstring(ast.parse((ROOT / "edgelint" / package / "__init__.py").read_text()))
    assert doc and len(doc.split()) >= 20, f"edgelint/{package}/__init__.py needs a docstring: its input and output"


def test_the_view_reads_only_the_model():
    """The pictures are drawn from the edge model and the findings: no view module
    imports the instances stage or the parser (beyond ``syntax``), or reaches under
    the model into its module tree (``stack.config``)."""
    wrong = []
    for module in (m for m in SOURCES if stage_of(m) == "view"):
        for imported, name, line in imports(module):
            if stage_of(target(imported, name)) in ("parse", "instances"):
                wrong.append(f"{module}:{line} imports {target(imported, name)}")
        tree = ast.parse(SOURCES[module].read_text())
        wrong += [f"{module}:{n.lineno} reads .config" for n in ast.walk(tree)
                  if isinstance(n, ast.Attribute) and n.attr == "config"]
    assert not wrong, "\n".join(wrong)
