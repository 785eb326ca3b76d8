"""The provider version capability (edgelint.instances.providers): constraints held
to a brute-force reading of Terraform's constraint syntax over a version universe
large enough that every set the generator can build is empty there exactly when it
is empty among all versions; the lock file over constraints; sources normalized."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edgelint.instances import providers
from edgelint.instances.providers import Requirement
from edgelint.parse.hcl import parse_bytes

UNIVERSE = list(itertools.product(range(6), repeat=3))
COMPONENT = st.integers(0, 3)
EXACT_OPS = [">=", "<", "~>"]  # read with 1-3 components
FULL_OPS = ["=", "", "!=", ">", "<="]  # read with 3 components only


@st.composite
def parts(draw):
    op = draw(st.sampled_from(EXACT_OPS + FULL_OPS))
    size = draw(st.integers(1, 3)) if op in EXACT_OPS else 3
    return op, tuple(draw(COMPONENT) for _ in range(size))


def reference(op: str, given: tuple, v: tuple) -> bool:
    """Terraform's documented meaning, one operator at a time."""
    padded = (given + (0, 0))[:3]
    if op in ("=", ""):
        return v == padded
    if op == "!=":
        return v != padded
    if op == ">":
        return v > padded
    if op == ">=":
        return v >= padded
    if op == "<":
        return v < padded
    if op == "<=":
        return v <= padded
    # ~>: at least the version given, and only the right-most given component may grow
    return v >= padded and v[: max(len(given) - 1, 1)] == padded[: max(len(given) - 1, 1)]


def text(part) -> str:
    op, given = part
    return f"{op} {'.'.join(map(str, given))}".strip()


@given(st.lists(parts(), min_size=1, max_size=4), st.tuples(COMPONENT, COMPONENT, COMPONENT))
@settings(max_examples=300, deadline=None)
def test_constraints_agree_with_brute_force(written, floor):
    constraint = ", ".join(text(p) for p in written)
    admitted = providers.constraint_set(constraint)
    truth = [v for v in UNIVERSE if all(reference(op, g, v) for op, g in written)]
    assert [v for v in UNIVERSE if v in admitted] == truth, constraint
    decided = providers.from_constraints("hashicorp/aws", [Requirement(constraint, None)]).at_least(*floor)
    if not truth:
        assert decided is None
    elif all(v >= floor for v in truth):
        assert decided is True
    elif all(v < floor for v in truth):
        assert decided is False
    else:
        assert decided is None


@pytest.mark.parametrize("constraint, expected", [
    ("~> 6.0", True), ("~> 6", True), (">= 6.0", True), ("6.2.0", True), (">= 6.0, < 7.0", True),
    ("~> 5.0", False), ("< 6.0", False), ("5.100.0", False), ("~> 5.99", False), ("<= 5.100.0", False),
    (">= 5.0", None), (">= 4.0, < 7.0", None), ("> 5.99.99", None), ("~> 5.0, ~> 6.0", None),
    # read loosely: only ever widens what is admitted
    ("= 6", None), ("> 5", None), (">= 6.0.0-beta1", None), ("junk", None), ("", None),
])
def test_what_a_constraint_decides_about_6_0(constraint, expected):
    assert providers.from_constraints("hashicorp/aws", [Requirement(constraint, None)]).at_least(6) is expected


def test_every_module_constraint_must_hold():
    both = [Requirement(">= 5.0", None), Requirement("< 6.0", None)]
    assert providers.from_constraints("hashicorp/aws", both).at_least(6) is False
    assert providers.from_constraints("hashicorp/aws", []).at_least(6) is None


LOCK = b'''# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "%s"
  constraints = ">= 5.0"
  hashes = [
    "h1:x=",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version = "3.6.0"
}
'''

VERSIONS = b'''terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    legacy = ">= 1.0"
    other  = { source = "example/aws", version = "~> 6.0" }
    nover  = { source = "hashicorp/nover" }
  }
}
'''


def test_the_lock_file_decides_over_constraints():
    versions = parse_bytes(VERSIONS, "versions.tf")
    locked = providers.provider_version("hashicorp/aws", parse_bytes(LOCK % b"6.2.0", ".terraform.lock.hcl"),
                                        [versions])
    assert locked.exact == (6, 2, 0) and locked.at_least(6) is True and locked.text == "6.2.0"
    assert locked.span.line == 3 and ".terraform.lock.hcl" in locked.origin
    five = providers.provider_version("hashicorp/aws", parse_bytes(LOCK % b"5.100.0", "l.hcl"), [])
    assert five.at_least(6) is False and five.at_least(5, 100) is True


def test_a_prerelease_or_broken_lock_decides_nothing():
    pre = providers.provider_version("hashicorp/aws", parse_bytes(LOCK % b"6.0.0-beta3", "l.hcl"), [])
    assert pre.at_least(6) is None
    broken = parse_bytes(b'provider "registry.terraform.io/hashicorp/aws" {\n', "l.hcl")
    assert broken.error is not None
    assert providers.provider_version("hashicorp/aws", broken, []).at_least(6) is None


def test_without_a_lock_the_constraints_decide():
    versions = parse_bytes(VERSIONS, "versions.tf")
    found = providers.provider_version("hashicorp/aws", None, [versions])
    assert found.at_least(6) is False and found.span.line == 3 and '"~> 5.0"' in found.origin
    assert providers.requirements([versions]) == {
        "hashicorp/aws": [Requirement("~> 5.0", found.span)],
        "hashicorp/legacy": [Requirement(">= 1.0", versions.blocks[0].blocks[0].attributes["legacy"].span)],
        "example/aws": [Requirement("~> 6.0", versions.blocks[0].blocks[0].attributes["other"].span)],
    }


@pytest.mark.parametrize("source, expected", [
    ("hashicorp/aws", "hashicorp/aws"), ("registry.terraform.io/hashicorp/aws", "hashicorp/aws"),
    ("HashiCorp/AWS", "hashicorp/aws"), ("registry.opentofu.org/hashicorp/aws", "hashicorp/aws"),
    ("example.com/hashicorp/aws", None), ("aws", None), ("a/b/c/d", None), ("/aws", None),
])
def test_sources_are_normalized(source, expected):
    assert providers.normalize_source(source) == expected


# --- through the pipeline: discovery finds the lock file, the tree decides -------------

def _stack_version(tmp_path, monkeypatch, files: dict[str, str], path: str = "."):
    from edgelint.pipeline import Options, check
    from edgelint.ruleset.registry import load_rules

    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    monkeypatch.chdir(tmp_path)
    result = check(Options([path]), load_rules())
    return [s.config.provider_version("hashicorp/aws") for s in result.stacks]


MAIN = 'resource "aws_cloudfront_origin_access_control" "o" {\n  name = "x"\n}\n'


def test_a_root_module_lock_file_is_read(tmp_path, monkeypatch):
    found = _stack_version(tmp_path, monkeypatch, {"main.tf": MAIN, ".terraform.lock.hcl": (LOCK % b"6.2.0").decode(),
                                                   "versions.tf": VERSIONS.decode()})
    assert [v.exact for v in found] == [(6, 2, 0)]


def test_constraints_of_a_called_module_count(tmp_path, monkeypatch):
    child = 'terraform {\n  required_providers {\n    aws = { version = "~> 6.0" }\n  }\n}\n'
    found = _stack_version(tmp_path, monkeypatch, {"main.tf": MAIN + 'module "m" {\n  source = "./m"\n}\n',
                                                   "m/versions.tf": child})
    assert [v.at_least(6) for v in found] == [True]


def test_list_files_names_the_lock_file(tmp_path):
    from test_cli import run_cli

    (tmp_path / "main.tf").write_text(MAIN)
    (tmp_path / ".terraform.lock.hcl").write_text((LOCK % b"5.100.0").decode())
    r = run_cli("check", ".", "--list-files", cwd=tmp_path)
    assert "lock   .terraform.lock.hcl" in r.stdout.splitlines(), r.stdout


def test_a_plan_gives_its_constraints(tmp_path, monkeypatch):
    import json

    plan = {"format_version": "1.2", "planned_values": {"root_module": {}},
            "configuration": {"provider_config": {"aws": {
                "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                "version_constraint": ">= 6.0.0, < 7.0.0"}}, "root_module": {}}}
    found = _stack_version(tmp_path, monkeypatch, {"plan.json": json.dumps(plan)}, "plan.json")
    assert [v.at_least(6) for v in found] == [True]
    assert found[0].span.file == "plan.json"
