"""Evaluate stage: Known, Ref, Partial, Unknown — and never a guess."""

import pytest

from edgelint.evaluate.evaluator import Evaluator, Scope
from edgelint.evaluate.values import UNKNOWN, Known, Partial, Ref, Unknown
from edgelint.parse.hcl import parse_text


def ev(expr_src: str, variables=None, locals_src: str = "") -> object:
    f = parse_text(f"{locals_src}\nx = {expr_src}\n", "t.tf")
    assert f.error is None, f.error
    local_exprs = {k: a.expr for k, a in f.attributes.items() if k != "x"}
    scope = Scope(variables or {}, local_exprs, ".", lambda addr, path: Ref(addr, path))
    return Evaluator(scope).eval(f.attributes["x"].expr)


@pytest.mark.parametrize("src, want", [
    ('"a"', "a"), ("1", 1), ("-2", -2), ("true", True), ("null", None), ('["a", 1]', ["a", 1]),
    ('{a = 1, "b" = 2}', {"a": 1, "b": 2}),
    ('format("%s-%d", "a", 3)', "a-3"), ('join(",", ["a", "b"])', "a,b"),
    ('lookup({a = 1}, "a", 2)', 1), ('lookup({a = 1}, "b", 2)', 2),
    ('concat(["a"], ["b"])', ["a", "b"]), ('merge({a = 1}, {b = 2})', {"a": 1, "b": 2}),
    ('jsonencode({a = [1]})', '{"a":[1]}'), ('tolist(["a"])', ["a"]), ('toset(["b", "a", "b"])', ["a", "b"]),
    ('try(lookup({}, "x"), "fallback")', "fallback"), ('coalesce("", null, "c")', "c"),
    ('1 == 1 ? "y" : "n"', "y"), ('[for s in ["a", "b"] : upper(s) if s != "b"]', ["A"]),
    ('{for k, v in {a = 1} : v => k}', {"1": "a"}), ('"${1 + 2}x"', "3x"),
])
def test_known(src, want):
    assert ev(src) == Known(want)


def test_variables_and_locals():
    v = ev("local.name", {"env": Known("prod")}, 'name = "shop-${var.env}"')
    assert v == Known("shop-prod")


def test_reference_is_a_ref():
    assert ev("aws_lb.api.dns_name") == Ref("aws_lb.api", ("dns_name",))
    assert ev("data.aws_lb.x.arn") == Ref("data.aws_lb.x", ("arn",))


def test_template_keeps_known_parts():
    v = ev('"${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"',
           {"region": Unknown("no default")})
    assert isinstance(v, Partial)
    assert v.pattern_text() == "*.execute-api.*.amazonaws.com"
    assert Ref("aws_api_gateway_rest_api.api", ("id",)) in list(v.refs())


def test_unknown_stays_unknown_and_never_guesses():
    unknown = {"x": Unknown("no default")}
    for src in ('var.x == "a" ? "allow-all" : "https-only"', "upper(var.x)", "var.x[0]",
                'lookup(var.x, "k", "d")', "timestamp()", "var.x + 1"):
        v = ev(src, unknown)
        assert not v.is_known, src
        assert v.known != "allow-all"


def test_unknown_sentinel_refuses_truth():
    assert UNKNOWN != "allow-all" and not (UNKNOWN == None)  # noqa: E711
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_known_list_with_unknown_element():
    v = ev('["0.0.0.0/0", var.x]', {"x": Unknown("no default")})
    assert v.is_known and "0.0.0.0/0" in v.known and len(v.known) == 2


def test_conditional_with_equal_branches_is_known():
    assert ev('var.x ? "same" : "same"', {"x": Unknown("?")}) == Known("same")


def test_function_on_reference_keeps_its_source():
    v = ev('split("/", aws_lambda_function_url.fn.function_url)[2]')
    assert not v.is_known
    assert [r.address for r in v.refs()] == ["aws_lambda_function_url.fn"]


def test_self_referencing_local_is_unknown():
    assert not ev("local.a", {}, "a = local.b\nb = local.a").is_known


def test_jsonencode_of_a_partly_known_value_keeps_its_holes():
    v = ev('jsonencode({Resource = "${aws_s3_bucket.b.arn}/*", Arn = aws_cloudfront_distribution.d.arn, '
           'Note = "say \\"hi\\""})')
    assert isinstance(v, Partial)
    # Terraform writes the keys in lexical order
    assert v.parts == ('{"Arn":"', Ref("aws_cloudfront_distribution.d", ("arn",)), '","Note":"say \\"hi\\"","Resource":"',
                       Ref("aws_s3_bucket.b", ("arn",)), '/*"}')


@pytest.mark.parametrize("src, want", [
    ('[for k, v in {b = 1, a = 2} : k]', ["a", "b"]),
    ('[for k, v in toset(["b", "a"]) : k]', ["a", "b"]),
    ('[for k, v in ["b", "a"] : k]', [0, 1]),
    ('[{n = "x"}, {n = "y"}].*.n[0]', "x"),
    ('{n = "x"}.*.n', ["x"]), ('{n = "x"}[*].n', ["x"]), ("null[*]", []),
    ('jsonencode({b = 1, a = 2})', '{"a":2,"b":1}'),
])
def test_iteration_and_splat_follow_terraform(src, want):
    """Checked with terraform console: maps iterate in lexical key order, a set's key
    is its element, a legacy splat ends at the first index."""
    assert ev(src) == Known(want)


def test_full_splat_applies_an_index_to_each_element():
    assert isinstance(ev('[{n = "x"}, {n = "y"}][*].n[0]'), Unknown)


@pytest.mark.parametrize("src, want", [
    ('"%{ if true }yes%{ else }no%{ endif }"', "yes"),
    ('"a %{~ if false ~} b %{~ else ~} c %{~ endif ~} d"', "acd"),
    ('"%{ for k, v in {b = 1, a = 2} }${k}=${v};%{ endfor }"', "a=2;b=1;"),
    ('<<EOT\n%{ for x in ["a", "b"] ~}\n  ${x}\n%{ endfor ~}\n!\nEOT\n', "  a\n  b\n!\n"),
])
def test_template_directives_as_terraform_renders_them(src, want):
    """Values checked with terraform console (tests/test_terraform_oracle.py)."""
    assert ev(src) == Known(want)


def test_an_unterminated_directive_is_unknown():
    assert isinstance(ev('"%{ if true }x"'), Unknown)
