"""Terraform's type constraints: parsed from ``variable`` blocks and applied to every
value that enters a variable, as Terraform converts it (cty's rules)."""

import pytest

from edgelint.evaluate.types import ConversionError, convert, parse_type
from edgelint.evaluate.values import Known, Unknown
from edgelint.instances.builder import build_tree, resolve_variables
from edgelint.parse.hcl import parse_expression, parse_text


def typ(src: str):
    from edgelint.evaluate.evaluator import Evaluator, Scope

    return parse_type(parse_expression(src), lambda e: Evaluator(Scope()).eval(e))


@pytest.mark.parametrize("src, text", [
    ("string", "string"), ("list(number)", "list(number)"), ("map(any)", "map(any)"),
    ("set(string)", "set(string)"), ("tuple([string, bool])", "tuple([string, bool])"),
    ('object({ b = number, a = optional(string, "x") })', "object({a = optional(string, ...), b = number})"),
])
def test_type_constraints_parse(src, text):
    assert str(typ(src)) == text


@pytest.mark.parametrize("type_src, value, want", [
    ("string", 5, "5"), ("string", True, "true"), ("number", "0", 0), ("number", "1.5", 1.5),
    ("bool", "false", False), ("bool", "true", True), ("set(string)", ["b", "a", "b"], ["a", "b"]),
    ("set(number)", [3, 1, 2, 1], [1, 2, 3]), ("list(string)", [1, True], ["1", "true"]),
    ("map(number)", {"b": "2", "a": 1}, {"a": 1, "b": 2}),
    ('object({ p = optional(string, "https-only") })', {}, {"p": "https-only"}),
    ('object({ p = optional(string, "https-only") })', {"p": None}, {"p": "https-only"}),
    ("object({ p = optional(string) })", {"q": 1}, {"p": None}),
    ('map(object({ o = optional(object({ p = optional(string, "d") }), {}) }))', {"x": {}},
     {"x": {"o": {"p": "d"}}}),
    ('list(object({ a = string, n = optional(number, 1) }))', [{"a": "x"}], [{"a": "x", "n": 1}]),
    ("any", {"b": 1, "a": 2}, {"b": 1, "a": 2}), ("string", None, None),
])
def test_conversions_follow_terraform(type_src, value, want):
    assert convert(value, typ(type_src)) == want


@pytest.mark.parametrize("type_src, value", [
    ("number", "abc"), ("number", True), ("bool", 1), ("bool", "yes"), ("string", ["a"]),
    ("list(string)", {"a": 1}), ("map(string)", ["a"]), ("object({ a = string })", {}),
    ("tuple([string])", ["a", "b"]),
])
def test_conversions_terraform_rejects(type_src, value):
    with pytest.raises(ConversionError):
        convert(value, typ(type_src))


def variables(tf: str, tfvars: str = "", cli=None):
    files = [parse_text(tf, "main.tf")]
    var_files = [parse_text(tfvars, "terraform.tfvars")] if tfvars else []
    from edgelint.instances.builder import declared_variables

    return resolve_variables(declared_variables(files), var_files, cli or {})


def test_cli_bool_converts_for_a_typed_variable_and_stays_a_string_untyped():
    tf = 'variable "https" { type = bool }\nvariable "raw" {}\nvariable "s" { type = string }\n'
    got = variables(tf, cli={"https": "true", "raw": "true", "s": "[1]"})
    assert got["https"] == Known(True)
    assert got["raw"] == Known("true")
    assert got["s"] == Known("[1]")


def test_tfvars_values_and_defaults_are_converted():
    tf = ('variable "enabled" { type = bool }\nvariable "name" {\n  type = string\n  default = 5\n}\n'
          'variable "s" {\n  type = set(string)\n  default = ["b", "a"]\n}\n')
    got = variables(tf, 'enabled = "false"\n')
    assert got == {"enabled": Known(False), "name": Known("5"), "s": Known(["a", "b"])}


def test_a_value_terraform_rejects_is_unknown_never_a_guess():
    got = variables('variable "n" { type = number }\n', 'n = "many"\n')
    assert isinstance(got["n"], Unknown) and "rejects" in got["n"].reason


def test_set_is_sorted_before_tolist_indexes_it():
    tree = build_tree([(".", [parse_text(
        'variable "s" {\n  type = set(string)\n  default = ["c", "a", "b"]\n}\n'
        'locals { second = tolist(var.s)[1] }\n', "main.tf")], [])])
    assert tree.modules[0].scope.local("second") == Known("b")


def test_null_to_a_non_nullable_module_variable_gives_its_default(tmp_path):
    from edgelint.instances.sources import ModuleSources
    from edgelint.parse.hcl import parse_file

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "v.tf").write_text(
        'variable "v" {\n  type = string\n  default = "d"\n  nullable = false\n}\n'
        'variable "w" {\n  type = string\n  default = "d"\n}\noutput "v" { value = var.v }\n'
        'output "w" { value = var.w }\n')
    main = tmp_path / "main.tf"
    main.write_text('module "m" {\n  source = "./m"\n  v = null\n  w = null\n}\n')
    sources = ModuleSources(parse_file)
    tree = build_tree([(str(tmp_path), [parse_file(str(main))], [])], load_module=sources)
    child = tree.modules[1]
    assert child.output("v") == Known("d")
    assert child.output("w") == Known(None)


@pytest.mark.parametrize("count, instances", [('"0"', 0), ('"2"', 2), ("1e9", 1), ('var.off ? 1 : 0', 0)])
def test_count_converts_and_a_huge_count_is_one_symbolic_instance(count, instances):
    tree = build_tree([(".", [parse_text(
        f'variable "off" {{ default = "false" }}\nresource "aws_lb" "x" {{ count = {count} }}\n', "main.tf")], [])])
    assert len(tree.of_type("aws_lb")) == instances
