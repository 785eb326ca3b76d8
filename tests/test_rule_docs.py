"""The per-rule pages under docs/rules are generated (``edgelint rules --docs-dir``)
and kept equal to the rules' docstrings here."""

from conftest import ROOT, run_cli

from edgelint.ruleset.docs import doc_pages
from edgelint.ruleset.registry import load_rules

DOCS = ROOT / "docs" / "rules"


def test_docs_pages_are_generated_from_the_docstrings():
    pages = doc_pages(load_rules().sorted())
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in pages.keys() | on_disk.keys() if pages.get(name) != on_disk.get(name))
    assert not stale, f"docs/rules is out of date ({stale[:5]}…): run edgelint rules --docs-dir docs/rules"


def test_every_rule_has_a_page_and_the_index_links_it():
    rules = load_rules().sorted()
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for r in rules:
        page = (DOCS / f"{r.id}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {r.id} {r.name}\n")
        assert f"| [{r.id}]({r.id}.md) | {r.name} |" in index


def test_the_command_writes_the_pages_and_removes_stale_ones(tmp_path):
    (tmp_path / "EDGE999.md").write_text("gone")
    r = run_cli("rules", "--docs-dir", tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "EDGE999.md").exists()
    assert (tmp_path / "EDGE101.md").read_text() == (DOCS / "EDGE101.md").read_text()
