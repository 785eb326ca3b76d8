"""Property tests (hypothesis) where they pay:

- any bytes, as a .tf or .tf.json file, give a ParsedFile: never an exception;
- generated Terraform (valid, and corrupted by cuts, insertions and deletions) never
  crashes the pipeline or a built-in rule, and its SARIF validates;
- generated expressions never crash the evaluator, and an expression that reads an
  unknown variable is Known only when every value of that variable gives the same
  (the rule of silence, checked at its root: a finding needs a Known value);
- shuffling the order the file system lists files in never changes a report;
- GitHub workflow-command escaping round-trips through the runner's unescaping.

Example counts are kept small (the suite runs on two shared cores); the database
in .hypothesis/ replays past failures first.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import jsonschema
from conftest import ROOT
from hostile import CRAFTED_VALUES, hcl_string
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from test_output_safety import DATA_MAPPINGS, PROPERTY_MAPPINGS, runner_unescape

from edgelint.escape import github_data, github_property, inert
from edgelint.evaluate.evaluator import Evaluator, Scope
from edgelint.evaluate.values import Invalid, Known, Partial, Unknown, fully_known
from edgelint.parse.hcl import parse_bytes, parse_expression
from edgelint.pipeline import Options, check
from edgelint.report import render
from edgelint.ruleset.registry import load_rules

REGISTRY = load_rules()
SCHEMA = jsonschema.Draft7Validator(json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text()))
# EDGELINT_FUZZ=50 python -m pytest tests/test_properties.py: a long hunt, off the suite.
SCALE = int(os.environ.get("EDGELINT_FUZZ", "1"))
QUICK = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])


# --- generated Terraform -----------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "web", "api", "x1"])
STRINGS = st.one_of(
    st.sampled_from(["allow-all", "https-only", "redirect-to-https", "", "0.0.0.0/0", "example.com",
                     "https://example.com/path", "abc.execute-api.us-east-1.amazonaws.com", "GET", "80"]),
    st.sampled_from(CRAFTED_VALUES),
    st.text(max_size=12),
)
FUNCTIONS = ["format", "join", "lookup", "concat", "merge", "jsonencode", "jsondecode", "tolist", "toset",
             "tomap", "coalesce", "length", "element", "contains", "one", "flatten", "tostring", "tonumber",
             "tobool", "lower", "upper", "trimspace", "trimprefix", "trimsuffix", "startswith", "replace",
             "split", "keys", "values", "compact", "distinct", "zipmap", "min", "max", "try", "can",
             "file", "templatefile", "nosuchfunction"]
REFERENCES = ["var.u", "var.k", "var.n", "var.l", "var.m", "local.a", "local.b", "aws_lb.web.dns_name",
              "aws_lb.web.arn", "aws_security_group.sg.id", "aws_cloudfront_distribution.a.arn",
              "aws_lambda_function.x.arn", "aws_lambda_function.x.qualified_arn", "aws_api_gateway_rest_api.x.id",
              "aws_api_gateway_stage.x.invoke_url", "aws_acm_certificate.x.arn", "aws.eu",
              "data.aws_region.r.name", "module.m.out", "each.value", "each.key", "count.index", "path.module",
              "nosuch.thing"]


def expressions(max_leaves: int = 12, references=tuple(REFERENCES)) -> st.SearchStrategy[str]:
    """HCL expression source text, built from literals, references and every
    construct the evaluator knows."""
    leaves = st.one_of(
        st.just("var.u"),  # the unknown under test: often
        STRINGS.map(hcl_string),
        st.integers(-5, 100).map(str),
        st.sampled_from(["true", "false", "null", "1.5"]),
        st.sampled_from(references),
    )

    def extend(inner):
        return st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(NAMES, inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}"),
            st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, max_size=3)).map(
                lambda fa: f"{fa[0]}({', '.join(fa[1])})"),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
            st.tuples(inner, st.sampled_from(["==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">="]),
                      inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda x: f"!({x})"),
            inner.map(lambda x: f"-({x})"),
            st.tuples(inner, inner).map(lambda t: f'"${{{t[0]}}}-x-${{{t[1]}}}"'),
            st.tuples(inner, st.sampled_from(["[0]", "[1]", '["a"]', ".a", "[*].a", ".*"])).map(
                lambda t: f"({t[0]}){t[1]}"),
            inner.map(lambda x: f"[for v in {x} : v]"),
            inner.map(lambda x: f"{{for k, v in {x} : k => v}}"),
            inner.map(lambda x: f"[for v in {x} : v if v != null]"),
        )

    return st.recursive(leaves, extend, max_leaves=max_leaves)


VARIABLES = ('variable "u" {}\nvariable "k" {\n  default = "allow-all"\n}\nvariable "n" {\n  default = 80\n}\n'
             'variable "l" {\n  default = ["a", "b"]\n}\nvariable "m" {\n  default = { a = "x" }\n}\n')


# The shape of the resources the rules read: block type → attributes, nested blocks.
# Every attribute gets a generated expression (or is left out); so does each block
# (zero to two of them, plain or ``dynamic``).
SHAPES = {
    "aws_cloudfront_distribution": (
        ["aliases", "enabled", "http_version", "web_acl_id", "is_ipv6_enabled"],
        {"origin": (["domain_name", "origin_id", "origin_path", "origin_access_control_id"], {
            "custom_origin_config": (["origin_protocol_policy", "origin_ssl_protocols", "http_port",
                                      "https_port"], {}),
            "custom_header": (["name", "value"], {}),
            "origin_shield": (["enabled", "origin_shield_region"], {}),
            "s3_origin_config": (["origin_access_identity"], {}),
            "vpc_origin_config": (["vpc_origin_id"], {})}),
         "origin_group": (["origin_id"], {"failover_criteria": (["status_codes"], {}),
                                          "member": (["origin_id"], {})}),
         "default_cache_behavior": "behavior",
         "ordered_cache_behavior": "behavior",
         "viewer_certificate": (["acm_certificate_arn", "cloudfront_default_certificate", "iam_certificate_id",
                                 "minimum_protocol_version", "ssl_support_method"], {}),
         "logging_config": (["bucket", "include_cookies"], {}),
         "restrictions": ([], {"geo_restriction": (["restriction_type", "locations"], {})})}),
    "behavior": (
        ["viewer_protocol_policy", "target_origin_id", "cache_policy_id", "origin_request_policy_id",
         "response_headers_policy_id", "allowed_methods", "cached_methods", "compress", "path_pattern",
         "min_ttl", "default_ttl", "max_ttl", "trusted_signers", "trusted_key_groups"],
        {"forwarded_values": (["query_string", "headers"], {"cookies": (["forward", "whitelisted_names"], {})}),
         "lambda_function_association": (["lambda_arn", "event_type", "include_body"], {}),
         "function_association": (["function_arn", "event_type"], {})}),
    "aws_cloudfront_cache_policy": (["name", "min_ttl", "default_ttl", "max_ttl"], {
        "parameters_in_cache_key_and_forwarded_to_origin": ([], {
            "headers_config": (["header_behavior"], {"headers": (["items"], {})}),
            "cookies_config": (["cookie_behavior"], {}),
            "query_strings_config": (["query_string_behavior"], {})})}),
    "aws_cloudfront_origin_request_policy": (["name"], {
        "headers_config": (["header_behavior"], {"headers": (["items"], {})})}),
    "aws_lb": (["internal", "load_balancer_type", "security_groups", "name"], {}),
    "aws_lb_listener": (["load_balancer_arn", "port", "protocol"], {"default_action": (["type"], {})}),
    "aws_security_group": (["name"], {"ingress": (["from_port", "to_port", "protocol", "cidr_blocks",
                                                    "ipv6_cidr_blocks", "prefix_list_ids"], {})}),
    "aws_security_group_rule": (["type", "security_group_id", "from_port", "to_port", "cidr_blocks"], {}),
    "aws_lambda_function": (["function_name", "publish", "provider"], {}),
    "aws_api_gateway_rest_api": (["name", "policy"], {"endpoint_configuration": (["types"], {})}),
    "aws_api_gateway_stage": (["stage_name", "rest_api_id"], {}),
    "aws_acm_certificate": (["domain_name", "provider"], {}),
    "aws_cloudfront_origin_access_control": (["name", "origin_access_control_origin_type", "signing_behavior"], {}),
    "aws_cloudfront_origin_access_identity": (["comment"], {}),
    "aws_s3_bucket": (["bucket"], {}),
    "aws_s3_bucket_policy": (["bucket", "policy"], {}),
    "aws_lambda_function_url": (["function_name", "authorization_type"], {}),
    "aws_lambda_permission": (["action", "function_name", "principal", "source_arn", "function_url_auth_type"], {}),
    "aws_lb_listener_rule": (["listener_arn", "priority"], {
        "condition": ([], {"http_header": (["http_header_name", "values"], {})}),
        "action": (["type"], {})}),
    "aws_api_gateway_method": (["rest_api_id", "http_method", "authorization", "api_key_required"], {}),
    "aws_api_gateway_method_settings": (["rest_api_id", "stage_name", "method_path"], {
        "settings": (["throttling_rate_limit", "throttling_burst_limit"], {})}),
    "aws_apigatewayv2_api": (["name", "protocol_type", "disable_execute_api_endpoint"], {}),
    "aws_apigatewayv2_stage": (["api_id", "name"], {"default_route_settings": (["throttling_rate_limit"], {}),
                                                   "access_log_settings": (["destination_arn"], {})}),
    "aws_apigatewayv2_route": (["api_id", "route_key", "authorization_type"], {}),
    "aws_wafv2_web_acl": (["name", "scope"], {"default_action": ([], {"allow": ([], {})}),
                                            "rule": (["name", "priority"], {"statement": ([], {
                                                "rate_based_statement": (["limit", "aggregate_key_type"], {}),
                                                "managed_rule_group_statement": (["name", "vendor_name"], {}),
                                                "byte_match_statement": (["search_string", "positional_constraint"], {
                                                    "field_to_match": ([], {"single_header": (["name"], {})})})})})}),
    "aws_wafv2_web_acl_association": (["resource_arn", "web_acl_arn"], {}),
    "aws_waf_web_acl": (["name"], {}),
    "aws_globalaccelerator_accelerator": (["name", "enabled"], {"attributes": (["flow_logs_enabled"], {})}),
    "aws_globalaccelerator_listener": (["accelerator_arn", "protocol"], {"port_range": (["from_port", "to_port"], {})}),
    "aws_globalaccelerator_endpoint_group": (["listener_arn"], {
        "endpoint_configuration": (["endpoint_id", "client_ip_preservation_enabled"], {})}),
}
REFERENCE_NAMES = {"aws_lb": "web", "aws_security_group": "sg", "aws_cloudfront_distribution": "a"}


@st.composite
def block_text(draw, shape, indent: str, expr, depth: int = 0) -> str:
    if isinstance(shape, str):
        shape = SHAPES[shape]
    attributes, blocks = shape
    lines = [f"{indent}{a} = {draw(expr)}\n" for a in attributes if draw(st.booleans())]
    for name, inner in blocks.items():
        for _ in range(draw(st.integers(0, 2 if depth < 2 else 1))):
            body = draw(block_text(inner, indent + "    ", expr, depth + 1))
            if draw(st.integers(0, 4)) == 0:  # now and then a dynamic block
                lines.append(f'{indent}dynamic "{name}" {{\n{indent}  for_each = {draw(expr)}\n'
                             f"{indent}  content {{\n{body}{indent}  }}\n{indent}}}\n")
            else:
                lines.append(f"{indent}{name} {{\n{body}{indent}}}\n")
    return "".join(lines)


# Values the rules look for, so that generated stacks reach their firing paths too.
REALISTIC = ['"allow-all"', '"https-only"', '"redirect-to-https"', '"http-only"', '"match-viewer"', '"TLSv1"',
             '"TLSv1.2_2021"', '["SSLv3", "TLSv1.2"]', '["GET", "HEAD"]', '["GET", "HEAD", "OPTIONS"]',
             '["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]', '["GET"]', "80", "443", "0",
             "86400", "true", "false", "null", '"o"', '"p"', '"/api"', '"api/"', '"/api/*"', '"Host"', '"x-api-key"',
             '"X-Amz-Foo"', '["*"]', '"all"', '"none"', '"whitelist"', '"allViewer"', '[403, 500]', '[200]',
             '"658327ea-f89d-4fab-a63d-7e88639e58f6"', '"4135ea2d-6df8-44a3-9df3-4b5a84be39ad"',
             '"216adef6-5c7f-47e4-b989-5492eafa07d3"', '"658327ea-0000-4fab-a63d-7e88639e58f6"',
             '"example.com"', '"https://example.com/x"', '"abc123.execute-api.us-east-1.amazonaws.com"',
             '"x.s3.amazonaws.com"', '"internal-x.us-east-1.elb.amazonaws.com"', '"arn:aws:lambda:eu-west-1:1:function:f:3"',
             '"arn:aws:lambda:us-east-1:1:function:f:$LATEST"', '["0.0.0.0/0"]', '["::/0"]', '"application"',
             '"sni-only"', '"vip"', '"http1.1"', '"origin-request"', '"sg-1"', '"prod"', "aws.eu", '["a.example.com"]',
             '"s3"', '"lambda"', '"mediastore"', '"NONE"', '"AWS_IAM"', '"CLOUDFRONT"', '"REGIONAL"', '"TCP"',
             '"HTTP"', '"lambda:InvokeFunctionUrl"', '"cloudfront.amazonaws.com"', '"ELBSecurityPolicy-2016-08"',
             '"HTTP_API"', '"REST"', '["EDGE"]', '["PRIVATE"]', '"AWS"', '"AWSManagedRulesCommonRuleSet"',
             '"X-Origin-Verify"', '"forward"', '"redirect"', '"secret"', '"IP"', '"EXACTLY"', '"ANY"', '"GET"',
             'jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "cloudfront.amazonaws.com"}, '
             'Action = "s3:GetObject", Resource = "${aws_s3_bucket.x.arn}/*", Condition = {StringEquals = '
             '{"AWS:SourceArn" = aws_cloudfront_distribution.a.arn}}}]})',
             *REFERENCES]


@st.composite
def documents(draw) -> str:
    """A small Terraform file over the resources the rules read: each value a
    realistic one or a generated expression."""
    expr = st.one_of(st.sampled_from(REALISTIC), st.sampled_from(REALISTIC), expressions(6))
    parts = [VARIABLES, f"locals {{\n  a = {draw(expr)}\n  b = local.a\n}}\n",
             'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias = "eu"\n'
             '  region = "eu-west-1"\n}\n']
    types = draw(st.lists(st.sampled_from([t for t in SHAPES if t != "behavior"]), min_size=1, max_size=6))
    for n, type_ in enumerate(["aws_cloudfront_distribution", *types]):
        name = REFERENCE_NAMES.get(type_, "x") if n == 0 or type_ not in REFERENCE_NAMES else f"r{n}"
        if n and type_ in REFERENCE_NAMES and f'"{type_}" "{REFERENCE_NAMES[type_]}"' not in "".join(parts):
            name = REFERENCE_NAMES[type_]
        parts.append(f'resource "{type_}" "{name}" {{\n{draw(block_text(type_, "  ", expr))}}}\n')
    return "".join(parts)


@st.composite
def corrupted(draw, source: str) -> str:
    """A document cut short, or with characters inserted or deleted."""
    text = source
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["cut", "insert", "delete"]))
        if edit == "cut":
            text = text[:at]
        elif edit == "insert":
            text = text[:at] + draw(st.sampled_from(list('{}[]()"=#\n\\$%<>*,.:?!') + ["${", "%{", "<<EOT\n"])) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
    return text


def run_pipeline(files: dict[str, str | bytes]) -> dict[str, str]:
    """Check a temporary module holding ``files``; every report, by format."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files.items():
            path = Path(tmp) / name
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            result = check(Options(["."]), REGISTRY)
            return {fmt: render(fmt, result) for fmt in ("text", "json", "sarif")}, result
        finally:
            os.chdir(cwd)


def assert_healthy(reports, result) -> None:
    failures = [n.message for n in result.notices if n.level == "error" or n.exception]
    assert not failures, failures
    sarif = json.loads(reports["sarif"])
    errors = list(SCHEMA.iter_errors(sarif))
    assert not errors, errors[0]
    json.loads(reports["json"])


# --- the properties ----------------------------------------------------------------------

@QUICK
@given(st.binary(max_size=3000), st.sampled_from(["x.tf", "x.tf.json", "terraform.tfvars"]))
def test_any_bytes_give_a_parsed_file(data, name):
    parsed = parse_bytes(data, name)
    assert parsed.path == name
    if parsed.error is not None:
        assert parsed.error.span.line >= 1 and parsed.error.span.col >= 1


@SLOW
@given(documents())
def test_generated_terraform_never_crashes_the_pipeline(source):
    reports, result = run_pipeline({"main.tf": source})
    assert_healthy(reports, result)


@SLOW
@given(documents().flatmap(corrupted))
def test_corrupted_terraform_is_an_edge900_or_checked(source):
    reports, result = run_pipeline({"main.tf": source, "good.tf": 'resource "aws_lb" "ok" {}\n'})
    assert_healthy(reports, result)
    parse_errors = [f for f in result.findings if f.rule_id == "EDGE900"]
    assert all(f.span.file.endswith("main.tf") for f in parse_errors)


CONCRETE = ["allow-all", "https-only", "", "a", "80", 0, 1, 2.5, True, False, None, ["a", "b"], ["a", "a"], [],
            {"a": "x"}, {}, [["x"], "y"]]


def evaluate(source: str, u) -> object:
    variables = {"u": u, "k": Known("allow-all"), "n": Known(80), "l": Known(["a", "b"]), "m": Known({"a": "x"})}
    return Evaluator(Scope(variables, {"a": parse_expression('"a"'), "b": parse_expression("local.a")})).eval(
        parse_expression(source))


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(expressions(), expressions(references=("var.u", "var.k", "var.l", "var.m", "local.a"))))
@example('length(toset([var.u, "a"]))')  # a set of [unknown, "a"] has one element or two
@example("jsonencode([var.u])")  # once a Known text with NUL placeholders in it
@example("jsonencode({a = var.u})")  # an unknown's JSON type is unknown: no quotes assumed
@example("can()")  # once an IndexError
def test_evaluator_never_raises_and_never_guesses(source):
    try:
        parse_expression(source)
    except Exception:
        assume(False)  # not an expression this grammar accepts: the parse tests cover it
    unknown = evaluate(source, Unknown("var.u has no value"))
    if isinstance(unknown, Known) and fully_known(unknown):
        for value in CONCRETE:
            concrete = evaluate(source, Known(value))
            # Known under an unknown means: the same for every value it may take (or
            # a value Terraform would reject, so no plan is ever made of it).
            assert _rejected(concrete) or concrete == unknown, (value, concrete, unknown)
    elif isinstance(unknown, Partial):
        for value in CONCRETE:
            concrete = evaluate(source, Known(value))
            if isinstance(concrete, Known) and isinstance(concrete.known, str):
                assert concrete.known.startswith(unknown.prefix), (value, concrete, unknown)
                assert concrete.known.endswith(unknown.suffix), (value, concrete, unknown)


def _rejected(value) -> bool:
    """A value Terraform would reject: Invalid itself, or a collection holding one
    (``[var.u ? "a" : "a"]`` with a string ``u``: Terraform errors on the element)."""
    if isinstance(value, Invalid):
        return True
    inner = value.value if isinstance(value, Known) else value
    if isinstance(inner, dict):
        return any(_rejected(v) for v in inner.values())
    if isinstance(inner, (list, tuple)):
        return any(_rejected(v) for v in inner)
    return False


class _Shuffled:
    """``os.scandir`` with its entries in a random order."""

    def __init__(self, real, path, rng):
        with real(path) as it:
            entries = list(it)
        rng.shuffle(entries)
        self.entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


@settings(max_examples=12 * SCALE, deadline=None)
@given(st.randoms(use_true_random=False))
def test_file_order_never_changes_a_report(rnd):
    tree = ROOT / "fixtures" / "stacks" / "example"
    cwd = os.getcwd()
    os.chdir(ROOT)
    real_scandir, real_listdir = os.scandir, os.listdir
    try:
        baseline = {fmt: render(fmt, check(Options([str(tree.relative_to(ROOT)), "fixtures/EDGE900"]), REGISTRY))
                    for fmt in ("text", "json", "sarif")}
        os.scandir = lambda path=".": _Shuffled(real_scandir, path, rnd)
        os.listdir = lambda path=".": rnd.sample(real_listdir(path), len(real_listdir(path)))
        args = [str(tree.relative_to(ROOT)), "fixtures/EDGE900"]
        rnd.shuffle(args)
        result = check(Options(args), REGISTRY)
    finally:
        os.scandir, os.listdir = real_scandir, real_listdir
        os.chdir(cwd)
    for fmt in ("text", "json", "sarif"):
        assert render(fmt, result) == baseline[fmt]


@QUICK
@given(st.text())
def test_github_escaping_round_trips(text):
    shown = inert(text, newlines=True)
    assert runner_unescape(github_data(text), DATA_MAPPINGS) == shown
    assert runner_unescape(github_property(text), PROPERTY_MAPPINGS) == shown
    assert "\n" not in github_data(text) and not set(",:\n\r") & set(github_property(text))
