"""The domain pre-filter never changes results: every fixture case where it sends a
folder to the parse check only, or that is a module tree, the fixture tree as a
whole, and a generated corpus with edge stacks, module calls and a broken file, give
byte-identical reports with and without it."""

import contextlib
from pathlib import Path

import pytest
from conftest import FIXTURES
from corpus import case_id, cases, options_for, tree_reports
from speed_helpers import REGISTRY, reports, write_sample_corpus

from edgelint.model import edge_words
from edgelint.parse.discover import discover
from edgelint.parse.prefilter import relevant_modules
from edgelint.pipeline import Options, discover_files


def prefilter_options(case: Path) -> Options:
    """The case's options (its plan path aside), from inside its folder."""
    opts = options_for(case)
    opts.paths = ["."]
    opts.var_files = [str(Path(v).relative_to(case)) for v in opts.var_files]
    return opts


def folders_and_relevant(case: Path) -> tuple[set[str], set[str]]:
    """The case's module folders, and those the pre-filter sends to the full pipeline."""
    with contextlib.chdir(case):
        modules = discover_files(prefilter_options(case)).modules
        return {m.dir for m in modules}, relevant_modules(modules, edge_words())


def cases_the_prefilter_can_change() -> list[Path]:
    """Where every folder of a case gets the full pipeline, the run with the pre-filter
    is the run without it (the same parse requests): nothing to compare. The others,
    and every module tree (a folder calling modules: its relevance follows the calls),
    are compared below."""
    found = []
    for case in cases():
        folders, relevant = folders_and_relevant(case)
        if relevant != folders or len(folders) > 1:
            found.append(case)
    return found


CHANGED = cases_the_prefilter_can_change()


@pytest.mark.parametrize("case", CHANGED, ids=case_id)
def test_fixture_reports_are_the_same_with_and_without_the_prefilter(case: Path, monkeypatch):
    monkeypatch.chdir(case)
    with_filter = prefilter_options(case)
    without = Options(**{**vars(with_filter), "prefilter": False})
    # JSON holds every field of every finding; SARIF is compared on the whole tree below.
    assert reports(with_filter, formats=("json", "text")) == reports(without, formats=("json", "text"))


def test_the_compared_cases_hold_folders_without_edge_words_and_module_trees():
    """The selection above is not empty by accident: it holds a case whose only folder
    has no edge word, a module tree with a folder no rule reads, and one read in full."""
    assert {"EDGE900/near_miss_empty", "EDGE902/near_miss_local", "stacks/module_inputs"} <= set(map(case_id, CHANGED))
    folders, relevant = folders_and_relevant(FIXTURES / "EDGE900" / "near_miss_empty")
    assert folders == {"."} and relevant == set()
    folders, relevant = folders_and_relevant(FIXTURES / "EDGE902" / "near_miss_local")
    assert len(folders) > 1 and relevant < folders
    folders, relevant = folders_and_relevant(FIXTURES / "stacks" / "module_inputs")
    assert len(folders) > 1 and relevant == folders


def test_all_fixtures_as_one_tree_are_the_same_with_and_without_the_prefilter():
    assert tree_reports(True) == tree_reports(False)


@pytest.mark.slow
def test_generated_corpus_is_the_same_with_and_without_the_prefilter(tmp_path, monkeypatch):
    write_sample_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    with_filter = reports(Options(["."]))
    assert with_filter == reports(Options(["."], prefilter=False))
    assert "EDGE900" in with_filter["text"]  # the broken file in an ordinary module is still reported
    assert "EDGE101" in with_filter["text"]  # and the edge stacks are checked


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_relevance_follows_edge_types_and_module_calls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {
        "modules/cdn/main.tf": 'resource "aws_cloudfront_distribution" "d" {}\n',
        "modules/vpc/main.tf": 'resource "aws_vpc" "v" {}\n',
        "modules/db/main.tf": 'resource "aws_db_instance" "d" {}\n',
        "modules/dns/main.tf": 'resource "aws_route53_zone" "z" {}\n',
        "modules/ignored/main.tf": '# edgelint:ignore-file EDGE107\nresource "aws_s3_bucket" "b" {}\n',
        # calls an edge module: the whole tree it reaches is relevant
        "envs/prod/main.tf": 'module "cdn" {\n  source = "../../modules/cdn"\n}\n'
                             'module "vpc" {\n  source = "../../modules/vpc"\n}\n',
        # calls only ordinary modules: only the caller (its module calls may be reported)
        "envs/dev/main.tf": 'module "db" {\n  source = "../../modules/db"\n}\n'
                            'module "reg" {\n  source  = "terraform-aws-modules/vpc/aws"\n}\n',
        "alb/main.tf": 'resource "aws_lb" "web" {}\n',
        "json/main.tf.json": '{"module": {"x": {"source": "../modules/dns"}}}\n',
    })
    found = discover(["."])
    assert relevant_modules(found.modules, edge_words()) == {
        "modules/cdn", "modules/vpc", "envs/prod", "envs/dev", "alb", "json", "modules/ignored"}


def test_rules_from_other_packs_turn_the_prefilter_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bucket_probe.py").write_text(
        'from edgelint.ruleset import rule\n\n'
        '@rule("PROBE001", "any-bucket", severity="low", tags=("hygiene",))\n'
        'def any_bucket(stack):\n'
        '    """## What it does\n    Flags buckets."""\n'
        '    for b in stack.resources("aws_s3_bucket"):\n'
        '        yield b.finding("a bucket")\n')
    _tree(tmp_path, {"infra/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'})
    from edgelint.ruleset.registry import load_rules

    registry = load_rules([str(rules)])
    result = reports(Options(["infra"]), registry)
    assert "PROBE001" in result["text"]
    assert REGISTRY.by_key("PROBE001") is None
