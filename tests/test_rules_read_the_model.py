"""Rules read the typed edge model, and every list of resource types comes from the
model's declarations.

The source checks walk each rule file's syntax tree: no raw ``Value`` handling
(``.known``, ``.is_known``), no Terraform type names (a rule asks the stack for a
model class), no import from the stages before the model. The declaration checks
show that one ``@models`` line is all a new resource type needs: the pre-filter's
words, the origin kinds and the drawing kinds follow from it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from edgelint.evaluate.values import Known, Ref, Unknown
from edgelint.instances.builder import build_tree
from edgelint.model import Listener, Node, Stack, base, edge_words, models
from edgelint.parse.discover import discover
from edgelint.parse.hcl import parse_text
from edgelint.parse.prefilter import relevant_modules

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").glob("*.py"))
AWSDATA = ROOT / "edgelint" / "model" / "awsdata.py"
# Stages before the model: a rule that needs something from them needs a model accessor.
FORBIDDEN_IMPORTS = ("edgelint.parse", "edgelint.instances", "edgelint.evaluate")
TYPE_NAME = re.compile(r"^(data\.)?aws_[a-z0-9_]+$")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def _string_constants(tree: ast.Module):
    """String literals, docstrings left out (their examples are Terraform)."""
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings:
            yield n


def test_the_rule_files_are_found():
    assert len(RULE_FILES) > 60


def test_no_rule_handles_raw_values():
    found = [f"{path.relative_to(ROOT)}: is_known and isinstance" for path in RULE_FILES
             if "is_known and isinstance" in path.read_text()]
    for path in RULE_FILES:
        tree = _tree(path)
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for n in ast.walk(tree):
            # node.is_known("name") is an accessor; value.is_known / value.known are raw.
            if isinstance(n, ast.Attribute) and (n.attr == "known" or (n.attr == "is_known" and id(n) not in called)):
                found.append(f"{_where(path, n)}: .{n.attr}")
    assert not found, "rules read typed values (node.text(...), node.flag(...)…):\n" + "\n".join(found)


def test_no_rule_names_a_terraform_type():
    declared = set(base.RESOURCE_CLASSES) | {f"data.{t}" for t in base.RESOURCE_CLASSES}
    found = [f"{_where(path, n)}: {n.value!r}" for path in RULE_FILES for n in _string_constants(_tree(path))
             if n.value in declared or TYPE_NAME.match(n.value)]
    assert not found, "rules ask the stack for a model class (stack.all(Listener)):\n" + "\n".join(found)


def test_rules_import_nothing_from_the_stages_before_the_model():
    found = []
    for path in RULE_FILES:
        for n in ast.walk(_tree(path)):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else \
                [n.module or ""] if isinstance(n, ast.ImportFrom) else []
            found += [f"{_where(path, n)}: {name}" for name in names
                      if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_IMPORTS)]
    assert not found, "\n".join(found)


def test_a_fact_only_one_rule_reads_lives_in_that_rule():
    targets = [t for n in _tree(AWSDATA).body if isinstance(n, ast.Assign) for t in n.targets]
    targets += [n.target for n in _tree(AWSDATA).body if isinstance(n, ast.AnnAssign)]
    names = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t]) if isinstance(e, ast.Name)]
    constants = [n.id for n in names if n.id.isupper() and not n.id.startswith("_")]
    assert "MANAGED_CACHE_POLICIES" in constants and "ALB" in constants
    readers: dict[str, set[str]] = {c: set() for c in constants}
    for path in [*sorted((ROOT / "edgelint").rglob("*.py")), *RULE_FILES]:
        tree = _tree(path)
        for n in ast.walk(tree):
            name = n.attr if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) \
                and n.value.id == "awsdata" else n.id if path == AWSDATA and isinstance(n, ast.Name) \
                and isinstance(n.ctx, ast.Load) else None
            if name in readers:
                readers[name].add(path.parent.name if path.parent.name != "rules" else path.name)
    single = {c: r for c, r in readers.items() if len(r) == 1 and next(iter(r)).startswith("edge")}
    assert not single, f"move these into the rule that reads them: {single}"


# --- declarations --------------------------------------------------------------------------


@pytest.fixture
def scratch_registry():
    """Declarations made by a test are forgotten after it."""
    saved = [(d, dict(d)) for d in (base.RESOURCE_CLASSES, base.ORIGIN_KINDS, base.VIEW_KINDS)]
    standalone = set(base._STANDALONE_TYPES)
    yield
    for registry, content in saved:
        registry.clear()
        registry.update(content)
    base._STANDALONE_TYPES.clear()
    base._STANDALONE_TYPES.update(standalone)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_one_declaration_gives_a_type_its_edge_word_origin_kind_and_drawing(scratch_registry, tmp_path,
                                                                           monkeypatch):
    @models("aws_example_gateway", origin="custom", data_sources=True, view="host")
    class ExampleGateway(Node):
        pass

    @models("aws_example_helper", standalone=False)
    class ExampleHelper(Node):
        pass

    assert "aws_example_gateway" in edge_words() and "aws_example_helper" not in edge_words()
    assert base.ORIGIN_KINDS["aws_example_gateway"] == base.ORIGIN_KINDS["data.aws_example_gateway"] == "custom"
    assert "aws_example_helper" not in base.ORIGIN_KINDS
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"gw/main.tf": 'resource "aws_example_gateway" "g" {}\n',
                      "helper/main.tf": 'resource "aws_example_helper" "h" {}\n'})
    assert relevant_modules(discover(["."]).modules, edge_words()) == {"gw"}
    stack = Stack(build_tree([(".", [parse_text('resource "aws_example_gateway" "g" {}\n', "main.tf")], [])]))
    (gateway,) = stack.all(ExampleGateway)
    assert isinstance(gateway, ExampleGateway) and gateway.view_kind == "host"
    assert ExampleGateway.named_by(Ref("data.aws_example_gateway.x", ("id",)), data_source=True)
    assert not ExampleGateway.named_by(Ref("data.aws_example_gateway.x", ("id",)))


def test_all_lists_the_declared_types_in_declaration_order():
    stack = Stack(build_tree([(".", [parse_text(
        'resource "aws_alb_listener" "b" {}\nresource "aws_lb_listener" "a" {}\n', "main.tf")], [])]))
    assert [n.address for n in stack.all(Listener)] == ["aws_lb_listener.a", "aws_alb_listener.b"]
    with pytest.raises(TypeError):
        stack.all(Node)


# --- typed reading ------------------------------------------------------------------------

_TYPED = """
variable "unknown" {}
resource "aws_lb" "web" {
  name             = "web"
  internal         = false
  idle_timeout     = "60"
  subnets          = ["a", var.unknown]
  security_groups  = ["sg-1", "sg-2"]
  ip_address_type  = var.unknown
  customer_owned_ipv4_pool = null
  access_logs {
    bucket = aws_s3_bucket.logs.id
    prefix = "lb/${var.unknown}/x"
  }
}
"""


def _node() -> Node:
    stack = Stack(build_tree([(".", [parse_text(_TYPED, "main.tf")], [])]))
    (lb,) = stack.load_balancers
    return lb


def test_typed_accessors_give_plain_values_or_none_when_not_known():
    lb = _node()
    assert (lb.text("name"), lb.text("internal"), lb.text("ip_address_type"), lb.text("unset")) == \
        ("web", None, None, None)
    assert (lb.flag("internal"), lb.flag("name"), lb.flag("ip_address_type")) == (False, None, None)
    assert (lb.integer("idle_timeout"), lb.integer("name"), lb.integer("ip_address_type")) == (60, None, None)
    assert lb.strings("security_groups") == ["sg-1", "sg-2"]
    assert lb.strings("subnets") is None and lb.known_strings("subnets") == ["a"]
    assert lb.length("subnets") == 2 and lb.length("name") is None
    assert (lb.is_null("unset"), lb.is_null("customer_owned_ipv4_pool"), lb.is_null("ip_address_type"),
            lb.is_null("name")) == (True, True, False, False)
    assert (lb.is_known("name"), lb.is_known("unset"), lb.is_known("ip_address_type")) == (True, True, False)


def test_reference_and_template_accessors_keep_what_only_a_value_can_say():
    logs = _node().single("access_logs")
    assert logs.reference("bucket") == Ref("aws_s3_bucket.logs", ("id",))
    assert logs.reference("prefix") is None and logs.text("prefix") is None
    assert [r.address for r in logs.references("bucket")] == ["aws_s3_bucket.logs"]
    assert logs.pattern("prefix") == "lb/*/x" and logs.pattern("prefix", hole="") == "lb//x"
    assert logs.text_ends("prefix") == ("lb/", "/x")
    assert isinstance(logs.value("bucket"), Ref) and logs.value("unset") == Known(None)
    assert isinstance(_node().value("ip_address_type"), Unknown)
