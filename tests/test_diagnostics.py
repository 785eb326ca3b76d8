"""System diagnostics (EDGE900-902): catalog entries like rules, produced by the stage
that knows them, never by running rules.

The fixtures in fixtures/EDGE90x pin where each fires; these tests pin the design:
the catalog is in every registry (listed, documented, selectable, re-rated), the rule
engine never runs an entry, and nothing runs the rules again to find a parse error."""

import pytest

from edgelint.findings import Finding
from edgelint.parse.syntax import Span
from edgelint.pipeline import Options, check
from edgelint.ruleset.diagnostics import (
    CATALOG,
    PARSE_ERROR,
    UNDECLARED_REFERENCE,
    UNRESOLVED_MODULE,
    UNUSED_SUPPRESSION,
)
from edgelint.ruleset.registry import Registry, Rule, RuleError, load_rules, section

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


def test_every_registry_holds_the_catalog_as_documented_entries_without_a_check():
    registry = load_rules()
    assert [r.id for r in CATALOG] == [PARSE_ERROR, UNUSED_SUPPRESSION, UNRESOLVED_MODULE, UNDECLARED_REFERENCE]
    for entry in CATALOG:
        assert registry.by_key(entry.id) is entry and registry.by_key(entry.name) is entry
        assert entry.is_diagnostic and entry.check is None and entry.default_enabled
        assert all(section(entry.doc, title) for title in SECTIONS), entry.id
    assert not any(r.is_diagnostic for r in registry.sorted() if r not in CATALOG)


def test_a_pack_cannot_redefine_a_system_diagnostic():
    registry = Registry()
    registry.add(CATALOG[0])
    with pytest.raises(RuleError, match="EDGE900 is defined twice"):
        registry.add(Rule(PARSE_ERROR, "mine", "low", (), lambda stack: iter(())))


def counting_registry(calls: list) -> Registry:
    """The catalog and one rule that records each stack it runs on (and finds nothing)."""

    def counting(stack):
        calls.append(stack)
        yield from ()

    registry = Registry()
    for entry in CATALOG:
        registry.add(entry)
    registry.add(Rule("X001", "counting", "low", (), counting))
    return registry


def test_a_parse_error_no_module_instance_reads_runs_no_rule(tmp_path, monkeypatch):
    """A broken file of a module called with ``count = 0`` is still EDGE900, and the
    rules run once, on the one root module: not again on an empty stack."""
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    (tmp_path / "main.tf").write_text('module "a" {\n  source = "./mod"\n  count  = 0\n}\n')
    monkeypatch.chdir(tmp_path)
    calls: list = []
    result = check(Options(["."]), counting_registry(calls))
    assert [(f.rule_id, f.span.file, f.module) for f in result.reported] == [(PARSE_ERROR, "mod/main.tf", "mod")]
    assert len(calls) == 1


def test_diagnostics_are_selected_ignored_and_rerated_like_rules(tmp_path, monkeypatch):
    (tmp_path / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    (tmp_path / "main.tf").write_text('module "cdn" {\n  source = "terraform-aws-modules/cloudfront/aws"\n}\n'
                                      "# edgelint:ignore EDGE101\n")
    monkeypatch.chdir(tmp_path)
    registry = load_rules()

    def reported(*select, **options):
        result = check(Options(["."], select=list(select), **options), registry)
        return [(f.rule_id, f.rule_name, f.severity) for f in result.reported]

    every = ("EDGE101", PARSE_ERROR, UNUSED_SUPPRESSION, UNRESOLVED_MODULE)
    assert reported("EDGE101") == []
    assert reported(*every) == [(PARSE_ERROR, "parse-error", "high"), (UNRESOLVED_MODULE, "unresolved-module", "info"),
                                (UNUSED_SUPPRESSION, "unused-suppression", "low")]
    assert reported(*every, ignore=["parse-error"], severity={UNRESOLVED_MODULE: "medium"}) == [
        (UNRESOLVED_MODULE, "unresolved-module", "medium"), (UNUSED_SUPPRESSION, "unused-suppression", "low")]
    # EDGE101 did not run: whether its suppression is needed is not known, so EDGE901 is silent.
    assert reported(PARSE_ERROR, UNUSED_SUPPRESSION) == [(PARSE_ERROR, "parse-error", "high")]


def test_a_stage_finding_has_no_rule_until_the_pipeline_names_it():
    """What parse and instances produce is a plain finding; only a selected catalog
    entry gives it an ID, a name and a severity."""
    from edgelint.parse.diagnostics import parse_error_findings
    from edgelint.parse.syntax import ParseError
    from edgelint.pipeline import diagnosed

    (plain,) = parse_error_findings([ParseError("unexpected end of file", Span("m/x.tf", 2, 1, 2, 1))])
    assert plain == Finding("cannot parse this file: unexpected end of file", Span("m/x.tf", 2, 1, 2, 1),
                            address="x.tf")
    assert diagnosed(None, [plain]) == []
    entry = CATALOG[0]
    assert diagnosed(entry, [plain]) == [plain.with_rule(PARSE_ERROR, "parse-error", "high")]


def test_undeclared_references_only_where_the_whole_folder_was_read(tmp_path):
    """A file checked on its own cannot know what its siblings declare; a folder
    with a file that does not parse may declare anything: no EDGE903 then."""
    import json

    from conftest import run_cli

    (tmp_path / "cdn.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n'
                                     '  comment = aws_lb.web.dns_name\n}\n')
    (tmp_path / "lb.tf").write_text('resource "aws_lb" "web" {}\n')

    def rules(*args):
        report = json.loads(run_cli("check", *args, "--format", "json", "--select", "EDGE903,EDGE900",
                                    cwd=tmp_path).stdout)
        return [f["rule"] for f in report["findings"]]

    assert rules(".") == []
    assert rules("cdn.tf") == []
    (tmp_path / "lb.tf").write_text('resource "aws_lb" "other" {}\n')
    assert rules(".") == ["EDGE903"]
    assert rules("cdn.tf") == []
    (tmp_path / "broken.tf").write_text('resource "aws_lb" "web" {\n')
    assert rules(".") == ["EDGE900"]


def _undeclared_in(folder) -> list[str]:
    result = check(Options([str(folder)], select=["EDGE903"]), load_rules())
    return [f.rule_id for f in result.findings], [n.message for n in result.notices]


@pytest.mark.parametrize("source", ['"../../..//modules/app"', '"git::https://example.com/infra.git//modules/app?ref=v1"'])
def test_edge903_is_silent_in_a_module_a_terragrunt_unit_elsewhere_in_the_repository_uses(tmp_path, source):
    """A Terragrunt unit (env/prod/app/terragrunt.hcl) generates files into the module it
    names as its source: checked on its own, that module's undeclared names are no finding."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    module = repo / "modules" / "app"
    module.mkdir(parents=True)
    (module / "main.tf").write_text('resource "aws_cloudfront_distribution" "cdn" {\n  comment = var.env\n}\n')
    assert _undeclared_in(module)[0] == ["EDGE903"]  # no Terragrunt: Terraform rejects it
    unit = repo / "env" / "prod" / "app"
    unit.mkdir(parents=True)
    (unit / "terragrunt.hcl").write_text(f"terraform {{\n  source = {source}\n}}\n")
    found, notices = _undeclared_in(module)
    assert found == [] and any("Terragrunt" in n for n in notices)
    (unit / "terragrunt.hcl").write_text('terraform {\n  source = "../../..//modules/other"\n}\n')
    assert _undeclared_in(module)[0] == ["EDGE903"]  # a unit of another module says nothing of this one
