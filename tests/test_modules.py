"""Module instances, count/for_each, providers and data sources in the graph and
model (what the fixture stacks cannot observe through a rule yet)."""

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from edgelint.evaluate.addresses import split_address
from edgelint.evaluate.values import Known, Ref, Unknown
from edgelint.instances.builder import build_tree
from edgelint.instances.sources import ModuleSources
from edgelint.model import Stack
from edgelint.parse.hcl import parse_file, parse_text

STACKS = FIXTURES / "stacks"


def stack_of(folder: Path) -> Stack:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        sources = ModuleSources(parse_file)
        files = sources.files(sorted(p.name for p in folder.glob("*.tf")))
        return Stack(build_tree([(".", files, [])], load_module=sources))
    finally:
        os.chdir(cwd)


def stack_from_text(text: str) -> Stack:
    return Stack(build_tree([(".", [parse_text(text, "main.tf")], [])]))


def test_provider_regions_follow_aliases_and_module_provider_maps():
    stack = stack_of(STACKS / "providers_waf")
    regions = {n.address: n.region for n in stack.resources("aws_wafv2_web_acl", "aws_s3_bucket")}
    assert regions == {
        "aws_wafv2_web_acl.edge": Known("us-east-1"),
        "aws_wafv2_web_acl.misplaced": Known("eu-west-1"),  # default provider, region from var default
        "module.waf_us.aws_wafv2_web_acl.this": Known("us-east-1"),  # providers = { aws = aws.use1 }
        "module.waf_default.aws_wafv2_web_acl.this": Known("eu-west-1"),  # inherited default
        "module.edge.module.acl.aws_wafv2_web_acl.this": Known("us-east-1"),  # aws.edge passed on, nested
        "module.edge.aws_s3_bucket.logs": Known("eu-west-1"),
    }


def test_region_unknown_without_a_provider_block():
    stack = stack_from_text('resource "aws_wafv2_web_acl" "a" {\n  scope = "CLOUDFRONT"\n}\n')
    (acl,) = stack.resources("aws_wafv2_web_acl")
    assert isinstance(acl.region, Unknown)


def test_own_region_argument_wins_and_null_means_the_providers():
    stack = stack_from_text('provider "aws" {\n  region = "eu-west-1"\n}\n'
                            'variable "r" {\n  type = string\n}\n'
                            'resource "aws_acm_certificate" "own" {\n  region = "us-east-1"\n}\n'
                            'resource "aws_acm_certificate" "null" {\n  region = null\n}\n'
                            'resource "aws_acm_certificate" "unknown" {\n  region = var.r\n}\n'
                            'resource "aws_wafv2_web_acl" "null" {\n  region = null\n}\n')
    regions = {n.address: n.region for n in stack.resources("aws_acm_certificate", "aws_wafv2_web_acl")}
    assert regions["aws_acm_certificate.own"] == Known("us-east-1")
    assert regions["aws_acm_certificate.null"] == Known("eu-west-1")
    assert isinstance(regions["aws_acm_certificate.unknown"], Unknown)
    assert regions["aws_wafv2_web_acl.null"] == Known("eu-west-1")


def test_data_sources_have_module_addresses_and_known_arguments():
    stack = stack_of(STACKS / "data_sources")
    (dist,) = stack.distributions
    assert dist.address == "module.cdn.aws_cloudfront_distribution.this"
    behavior = dist.behaviors[0]
    policy = stack.object_for(behavior.value("cache_policy_id"))  # passed in through a module input
    assert policy.address == "data.aws_cloudfront_cache_policy.optimized"
    assert policy.known("name") == "Managed-CachingOptimized"
    headers = stack.object_for(behavior.value("response_headers_policy_id"))
    assert headers.address == "module.cdn.data.aws_cloudfront_response_headers_policy.security"
    assert headers.known("name") == "Managed-SecurityHeadersPolicy"
    cert = stack.object_for(dist.first("viewer_certificate").value("acm_certificate_arn"))
    assert cert.address == 'module.cdn.data.aws_acm_certificate.site["example.com"]'
    assert cert.known("domain") == "example.com"
    (prefix_list,) = stack.resources("data.aws_ec2_managed_prefix_list")
    assert prefix_list.known("name") == "com.amazonaws.global.cloudfront.origin-facing"
    assert dist.origins[0].kind == "alb" and dist.origins[0].target.address == "data.aws_lb.existing"
    assert stack.object_for(dist.value("web_acl_id")).known("scope") == "CLOUDFRONT"


def test_module_instances_and_count_zero():
    stack = stack_of(STACKS / "module_twice")
    assert sorted(d.address for d in stack.distributions) == [
        "module.blog.aws_cloudfront_distribution.this",
        'module.regional["eu"].aws_cloudfront_distribution.this',
        'module.regional["us"].aws_cloudfront_distribution.this',
        "module.shop.aws_cloudfront_distribution.this",
    ]
    assert {c.address: c.instances for c in stack.module_calls}["module.retired"] == []


def test_each_and_count_evaluate_per_instance():
    stack = stack_from_text('''
resource "aws_lb" "api" {
  for_each = { blue = "b", green = "g" }
  name     = "${each.key}-${each.value}"
}
resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "logs-${count.index}"
}
resource "aws_lb" "unknown" {
  for_each = var.nope
  name     = each.key
  internal = true
}
''')
    names = {n.address: n.value("name") for n in stack.resources("aws_lb")}
    assert names['aws_lb.api["blue"]'] == Known("blue-b")
    assert names['aws_lb.api["green"]'] == Known("green-g")
    assert isinstance(names["aws_lb.unknown"], Unknown)  # the symbolic instance
    assert stack.config.resources["aws_lb.unknown"].symbolic
    assert stack.config.resources["aws_lb.unknown"].block.attributes  # same block
    (unknown,) = [n for n in stack.resources("aws_lb") if n.address == "aws_lb.unknown"]
    assert unknown.value("internal") == Known(True)  # instance-independent values stay known
    assert [n.value("bucket") for n in stack.resources("aws_s3_bucket")] == [Known("logs-0"), Known("logs-1")]


def test_references_to_instances_and_outputs():
    stack = stack_from_text('''
resource "aws_lb" "api" {
  count = 1
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.api[0].arn
}
''')
    (listener,) = stack.resources("aws_lb_listener")
    assert listener.value("load_balancer_arn") == Ref("aws_lb.api[0]", ("arn",))
    (lb,) = stack.load_balancers
    assert [listener.address for listener in lb.listeners] == ["aws_lb_listener.l"]


def test_split_address_keeps_dots_inside_keys():
    assert split_address('module.a["x.y"].module.b.data.aws_lb.x[0]') == (
        'module.a["x.y"].module.b', ["data", "aws_lb", "x[0]"])
    assert Ref('module.cdn["a.b"].aws_lb.api', ("dns_name",)).type == "aws_lb"
    assert Ref("module.cdn.data.aws_lb.api").type == "data.aws_lb"


def test_a_module_that_calls_itself_is_opaque(tmp_path):
    (tmp_path / "main.tf").write_text('module "again" {\n  source = "./"\n}\nresource "aws_s3_bucket" "b" {}\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    finally:
        os.chdir(cwd)
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["findings"]] == ["EDGE902"]
    assert "calls itself" in report["findings"][0]["message"]


def test_a_called_folder_is_not_checked_again_as_a_root():
    result = run_cli("check", STACKS / "module_inputs", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    in_module = [f for f in findings if f["file"].endswith("modules/cdn/main.tf")]
    # Two EDGE101 (one through the caller's input), EDGE308 (the caller's ALB over HTTPS),
    # EDGE502 (that ALB checks no secret header) and EDGE701 (no WAF in front of it).
    assert sorted(f["rule"] for f in in_module) == ["EDGE101", "EDGE101", "EDGE308", "EDGE502", "EDGE701"]
    assert all(f["address"].startswith("module.cdn.") for f in in_module)
    assert len({(f["rule"], f["line"], f["column"]) for f in in_module}) == len(in_module)  # none twice
    # Checked on its own, the module folder is a root: its inputs are unknown, so only
    # the literal allow-all is reported.
    alone = json.loads(run_cli("check", STACKS / "module_inputs" / "modules" / "cdn", "--format", "json").stdout)
    assert [(f["line"], f["address"]) for f in alone["findings"]] == [(39, "aws_cloudfront_distribution.this")]


def test_module_findings_name_the_instance_in_message_and_sarif_fingerprint():
    result = run_cli("check", STACKS / "module_twice", "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    prints = {r["partialFingerprints"]["edgelint/v1"] for r in results if r["ruleId"] == "EDGE301"}
    assert len(prints) == 2  # one per instance
    report = json.loads(run_cli("check", STACKS / "module_twice", "--format", "json").stdout)
    readable = sorted(f["fingerprint"].split(":", 2)[2] for f in report["findings"] if f["rule"] == "EDGE301")
    assert readable == [
        "module.blog.aws_cloudfront_distribution.this:origin[0].domain_name",
        'module.regional["us"].aws_cloudfront_distribution.this:origin[0].domain_name',
    ]
    assert all(r["message"]["text"].endswith(")") and "(in module." in r["message"]["text"] for r in results)


def test_parse_error_in_a_module_is_reported_once(tmp_path):
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    (tmp_path / "main.tf").write_text('module "a" {\n  source = "./mod"\n}\nmodule "b" {\n  source = "./mod"\n}\n')
    report = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert [(f["rule"], f["file"]) for f in report["findings"]] == [("EDGE900", "mod/main.tf")]


@pytest.mark.parametrize("count", ["0", "var.n"])
def test_parse_error_in_a_module_without_instances_is_still_reported(tmp_path, count):
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    (tmp_path / "main.tf").write_text(f'variable "n" {{}}\nmodule "a" {{\n  source = "./mod"\n  count  = {count}\n}}\n')
    report = json.loads(run_cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert [(f["rule"], f["file"]) for f in report["findings"]] == [("EDGE900", "mod/main.tf")]


# --- plan JSON --------------------------------------------------------------------------


def plan_stack() -> Stack:
    from edgelint.instances.plan import read_plan

    plan = read_plan(str(STACKS / "plan_multi_module" / "plan.json"))
    assert plan.error is None
    return Stack(plan.config)


def test_plan_modules_instances_and_regions():
    stack = plan_stack()
    assert sorted(d.address for d in stack.distributions) == [
        "module.beta[0].aws_cloudfront_distribution.this", "module.cdn.aws_cloudfront_distribution.this"]
    regions = {n.address: n.region for n in stack.resources("aws_wafv2_web_acl", "aws_lb")}
    assert regions == {"module.cdn.module.waf.aws_wafv2_web_acl.this": Known("us-east-1"),
                       "aws_lb.api": Known("eu-west-1"), "aws_lb.beta": Known("eu-west-1")}
    assert [c.address for c in stack.module_calls] == ["module.beta", "module.cdn", "module.cdn.module.waf"]


def test_plan_known_values_link_resources_and_unknown_ones_keep_their_references():
    stack = plan_stack()
    by_address = {d.address: d for d in stack.distributions}
    known_origin = by_address["module.cdn.aws_cloudfront_distribution.this"].origins[0]
    assert known_origin.target.address == "aws_lb.api"  # the planned dns_name is aws_lb.api's
    (listener,) = known_origin.target.listeners
    assert listener.address == "aws_lb_listener.https"  # linked by the load balancer's ARN
    unknown_origin = by_address["module.beta[0].aws_cloudfront_distribution.this"].origins[0]
    assert isinstance(unknown_origin.domain, Unknown)  # known only after apply...
    assert unknown_origin.kind == "alb" and unknown_origin.target.address == "aws_lb.beta"  # ...but whose it is
    beta = unknown_origin.target
    assert beta.security_groups == [] and not beta.security_groups_complete  # unknown IDs: no link claimed


@pytest.mark.parametrize("text, message", [
    ('{"format_version": "1.2", "planned_values": {', "expected a string key"),
    ('{"format_version": "1.0"}', "not a Terraform plan"),
    ('{"format_version": "2.0", "planned_values": {}}', "format_version 2.0 is not supported"),
])
def test_a_bad_plan_is_a_parse_error(tmp_path, text, message):
    (tmp_path / "plan.json").write_text(text)
    result = run_cli("check", "plan.json", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["EDGE900"] and message in findings[0]["message"]


def test_a_json_file_named_that_is_no_plan_is_edge900(tmp_path):
    """A .json file named on the command line is read as a plan: one that is no plan
    is EDGE900, never skipped in silence (issue 14: a failed `terraform show -json`
    must not turn a CI job green). Folders are searched for .tf and .tf.json only."""
    (tmp_path / "package.json").write_text('{"name": "x"}')
    result = run_cli("check", "package.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [("EDGE900", 1)]
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0  # in a folder, a .json file is not looked at
