"""``edgelint graph``: the topology, its overlay of findings, and its text formats.

Goldens pin the bundled example in Mermaid and DOT. They run with the rules the
example is annotated for (``--select``), so that rules added later do not change
them; regenerate after a deliberate change with ``EDGELINT_UPDATE_GOLDEN=1 python -m
pytest tests/test_graph.py``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, ROOT, run_cli
from corpus import case_id, case_result, cases, every_rule_tree_result

from edgelint.pipeline import Options, check
from edgelint.ruleset.registry import load_rules
from edgelint.view import GRAPH_FORMATS, render_graph
from edgelint.view.topology import build_topology

EXAMPLE = "fixtures/stacks/example"
EXAMPLE_RULES = "EDGE101,EDGE201,EDGE302,EDGE501"
GOLDEN = ROOT / "tests" / "golden"
REGISTRY = load_rules()


def topology_of(path, **options):
    result = check(Options([str(path)], **options), REGISTRY)
    return build_topology(result.stacks, result.reported)


def write_stack(folder, files: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip())
    return folder


@pytest.mark.parametrize("fmt,golden", [("mermaid", "example.mmd"), ("dot", "example.dot")])
def test_golden_example(fmt, golden):
    r = run_cli("graph", EXAMPLE, "--format", fmt, "--select", EXAMPLE_RULES, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    path = GOLDEN / golden
    if os.environ.get("EDGELINT_UPDATE_GOLDEN"):
        path.write_text(r.stdout, encoding="utf-8")
    assert r.stdout == path.read_text(encoding="utf-8"), \
        f"graph output changed: if that is intended, regenerate {path.name} (see this module's docstring)"


def test_output_does_not_depend_on_file_order(tmp_path):
    """The same configuration read in another file order (other file names) draws the
    same Mermaid picture, and stacks and findings handed over in another order give
    byte-identical output in every format."""
    src = ROOT / EXAMPLE
    one = tmp_path / "one" / "stack"
    two = tmp_path / "two" / "stack"
    shutil.copytree(src, one)
    two.mkdir(parents=True)
    for i, f in enumerate(sorted(src.iterdir(), reverse=True)):  # read in the reverse order
        name = f.name if f.suffix == ".tfvars" else f"{i:02d}_{f.name}"
        shutil.copy(f, two / name)
    a = run_cli("graph", "stack", cwd=one.parent)
    b = run_cli("graph", "stack", cwd=two.parent)
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    assert a.stdout == b.stdout
    result = check(Options([str(one)]), REGISTRY)
    forward = build_topology(result.stacks, result.reported)
    backward = build_topology(list(reversed(result.stacks)), list(reversed(result.reported)))
    for fmt in GRAPH_FORMATS:
        assert render_graph(fmt, forward) == render_graph(fmt, backward), fmt
    again = run_cli("graph", "stack", "--format", "html", cwd=one.parent)
    assert again.stdout == run_cli("graph", "stack", "--format", "html", cwd=one.parent).stdout


def test_example_topology_and_overlay():
    t = topology_of(ROOT / EXAMPLE, select=EXAMPLE_RULES.split(","))
    kinds = {n.id: n.kind for n in t.nodes}
    assert kinds == {
        "viewers": "viewers",
        "aws_cloudfront_distribution_shop": "distribution",
        "aws_cloudfront_distribution_shop_default_cache_behavior_0": "behavior",
        "aws_cloudfront_distribution_shop_ordered_cache_behavior_0": "behavior",
        "aws_cloudfront_distribution_shop_origin_0": "origin",
        "aws_cloudfront_distribution_shop_origin_1": "origin",
        "aws_lb_web": "load-balancer",
        "aws_lb_listener_https": "listener",
        "aws_security_group_web": "security-group",
        "internet": "source",
        "aws_api_gateway_rest_api_api": "rest-api",
        "aws_api_gateway_stage_prod": "stage",
    }
    edges = {(e.source, e.target, e.label): e.rule_ids for e in t.edges}
    # The open ingress rule is the edge from the group to the internet, on the port it opens.
    assert edges[("aws_security_group_web", "internet", "tcp 443")] == ["EDGE501"]
    assert edges[("aws_security_group_web", "internet", "tcp 80")] == []
    # The origin's domain_name is the link to the API: that is where EDGE302 points.
    assert edges[("aws_cloudfront_distribution_shop_origin_1", "aws_api_gateway_rest_api_api",
                  "id (in a hostname)")] == ["EDGE302"]
    assert edges[("aws_cloudfront_distribution_shop_origin_0", "aws_lb_web", "dns_name")] == []
    assert ("aws_cloudfront_distribution_shop_default_cache_behavior_0", "aws_cloudfront_distribution_shop_origin_0",
            "target_origin_id") in edges
    assert ("aws_lb_web", "aws_security_group_web", "security_groups") in edges
    behavior = t.node("aws_cloudfront_distribution_shop_default_cache_behavior_0")
    assert behavior.rule_ids == ["EDGE101", "EDGE201"] and behavior.severity == "high"
    assert sorted(f.rule_id for f in t.findings) == ["EDGE101", "EDGE201", "EDGE302", "EDGE501"]


TOUR = {
    "cdn.tf": """
        variable "office_cidr" { type = string }

        data "aws_ec2_managed_prefix_list" "cloudfront" {
          name = "com.amazonaws.global.cloudfront.origin-facing"
        }

        resource "aws_s3_bucket" "assets" {
          bucket = "tour-assets"
        }

        resource "aws_cloudfront_origin_access_control" "assets" {
          name                              = "assets"
          origin_access_control_origin_type = "s3"
          signing_behavior                  = "always"
          signing_protocol                  = "sigv4"
        }

        resource "aws_wafv2_web_acl" "edge" {
          name  = "edge"
          scope = "CLOUDFRONT"
        }

        resource "aws_lambda_function" "auth" {
          function_name = "auth"
        }

        resource "aws_cloudfront_distribution" "tour" {
          enabled    = true
          aliases    = ["tour.example.com"]
          web_acl_id = aws_wafv2_web_acl.edge.arn

          origin {
            domain_name              = aws_s3_bucket.assets.bucket_regional_domain_name
            origin_id                = "assets"
            origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
          }

          origin {
            domain_name = "legacy.example.com"
            origin_id   = "legacy"
          }

          origin {
            domain_name = aws_lb.app.dns_name
            origin_id   = "app"
          }

          origin_group {
            origin_id = "static"
            failover_criteria {
              status_codes = [500, 502]
            }
            member {
              origin_id = "assets"
            }
            member {
              origin_id = "legacy"
            }
          }

          default_cache_behavior {
            target_origin_id       = "static"
            viewer_protocol_policy = "redirect-to-https"
            lambda_function_association {
              event_type = "viewer-request"
              lambda_arn = aws_lambda_function.auth.qualified_arn
            }
          }

          ordered_cache_behavior {
            path_pattern           = "/app/*"
            target_origin_id       = "app"
            viewer_protocol_policy = "https-only"
          }
        }
        """,
    "alb.tf": """
        resource "aws_lb" "app" {
          load_balancer_type = "application"
          security_groups    = [aws_security_group.app.id]
        }

        resource "aws_lb_listener" "https" {
          load_balancer_arn = aws_lb.app.arn
          port              = 443
          protocol          = "HTTPS"
        }

        resource "aws_security_group" "app" {
          ingress {
            from_port       = 443
            to_port         = 443
            protocol        = "tcp"
            prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id]
          }
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [var.office_cidr, "10.0.0.0/8"]
          }
        }

        resource "aws_security_group" "bastion" {}

        resource "aws_security_group_rule" "from_bastion" {
          type                     = "ingress"
          security_group_id        = aws_security_group.app.id
          source_security_group_id = aws_security_group.bastion.id
          from_port                = 0
          to_port                  = 65535
          protocol                 = "tcp"
        }

        resource "aws_wafv2_web_acl" "regional" {
          name  = "regional"
          scope = "REGIONAL"
        }

        resource "aws_wafv2_web_acl_association" "app" {
          resource_arn = aws_lb.app.arn
          web_acl_arn  = aws_wafv2_web_acl.regional.arn
        }

        resource "aws_globalaccelerator_accelerator" "ga" {
          name = "ga"
        }

        resource "aws_globalaccelerator_listener" "tcp" {
          accelerator_arn = aws_globalaccelerator_accelerator.ga.id
          protocol        = "TCP"
          port_range {
            from_port = 443
            to_port   = 443
          }
        }

        resource "aws_globalaccelerator_endpoint_group" "eu" {
          listener_arn = aws_globalaccelerator_listener.tcp.id
          endpoint_configuration {
            endpoint_id = aws_lb.app.arn
          }
        }
        """,
    "api.tf": """
        resource "aws_apigatewayv2_api" "http" {
          name          = "http"
          protocol_type = "HTTP"
        }

        resource "aws_apigatewayv2_stage" "live" {
          api_id = aws_apigatewayv2_api.http.id
          name   = "live"
        }

        resource "aws_lambda_function_url" "hook" {
          function_name      = aws_lambda_function.auth.function_name
          authorization_type = "NONE"
        }
        """,
}


def test_tour_of_what_is_drawn(tmp_path):
    t = topology_of(write_stack(tmp_path / "tour", TOUR))
    titles = {n.id: n.title for n in t.nodes}
    assert titles["aws_cloudfront_distribution_tour_origin_group_0"] == "origin group static"
    assert titles["data_aws_ec2_managed_prefix_list_cloudfront"] == "CloudFront origin-facing prefix list"
    assert titles["aws_wafv2_web_acl_edge"] == "web ACL (CLOUDFRONT)"
    assert titles["aws_lb_listener_https"] == "listener HTTPS:443"
    assert titles["aws_apigatewayv2_stage_live"] == "stage live"
    assert titles["aws_lambda_function_url_hook"] == "Lambda function URL (NONE)"
    assert titles["aws_globalaccelerator_accelerator_ga"] == "Global Accelerator"
    edges = {(e.source, e.target): e.label for e in t.edges}
    d = "aws_cloudfront_distribution_tour"
    assert edges[("viewers", d)] == "tour.example.com"
    assert edges[(d, "aws_wafv2_web_acl_edge")] == "web_acl_id"
    assert edges[(f"{d}_default_cache_behavior_0", f"{d}_origin_group_0")] == "target_origin_id"
    assert edges[(f"{d}_origin_group_0", f"{d}_origin_0")] == "primary"
    assert edges[(f"{d}_origin_group_0", f"{d}_origin_1")] == "failover"
    assert edges[(f"{d}_origin_0", "aws_s3_bucket_assets")] == "bucket_regional_domain_name"
    assert edges[(f"{d}_origin_0", "aws_cloudfront_origin_access_control_assets")] == "origin_access_control_id"
    assert edges[(f"{d}_origin_1", "host_legacy_example_com")] == "domain_name"
    assert edges[(f"{d}_origin_2", "aws_lb_app")] == "dns_name"
    assert edges[(f"{d}_default_cache_behavior_0", "aws_lambda_function_auth")] == "viewer-request"
    assert edges[("aws_security_group_app", "data_aws_ec2_managed_prefix_list_cloudfront")] == "tcp 443"
    assert edges[("aws_security_group_app", "cidr_10_0_0_0_8")] == "tcp 22"
    assert edges[("aws_security_group_app", "aws_security_group_bastion")] == "tcp 0-65535"
    assert edges[("aws_lb_app", "aws_wafv2_web_acl_regional")] == "web ACL association"
    assert edges[("viewers", "aws_globalaccelerator_accelerator_ga")] == ""
    assert edges[("aws_globalaccelerator_accelerator_ga", "aws_lb_app")] == "tcp 443"
    assert edges[("aws_apigatewayv2_api_http", "aws_apigatewayv2_stage_live")] == ""
    assert edges[("aws_lambda_function_url_hook", "aws_lambda_function_auth")] == "function_name"
    # var.office_cidr has no value: no source is made up for it.
    assert not [n for n in t.nodes if "office" in n.id]
    assert t.notices == []
    for fmt in GRAPH_FORMATS:  # and every format draws it
        assert render_graph(fmt, t)


def test_findings_only_keeps_the_paths_with_findings(tmp_path):
    write_stack(tmp_path / "s", {"main.tf": """
        resource "aws_cloudfront_distribution" "bad" {
          origin {
            domain_name = aws_lb.web.dns_name
            origin_id   = "web"
          }
          default_cache_behavior {
            target_origin_id       = "web"
            viewer_protocol_policy = "allow-all"
          }
        }

        resource "aws_cloudfront_distribution" "good" {
          logging_config {
            bucket = "logs.s3.amazonaws.com"
          }
          origin {
            domain_name = "static.example.com"
            origin_id   = "static"
            custom_origin_config {
              http_port              = 80
              https_port             = 443
              origin_protocol_policy = "https-only"
              origin_ssl_protocols   = ["TLSv1.2"]
            }
          }
          default_cache_behavior {
            target_origin_id       = "static"
            viewer_protocol_policy = "https-only"
          }
        }

        resource "aws_lb" "web" {}
        resource "aws_lb" "unrelated" {}
        """})
    full = run_cli("graph", "s", "--format", "json", cwd=tmp_path)
    trimmed = run_cli("graph", "s", "--format", "json", "--findings-only", "--select", "EDGE101", cwd=tmp_path)
    assert full.returncode == trimmed.returncode == 0, full.stderr + trimmed.stderr
    full_ids = {n["id"] for n in json.loads(full.stdout)["nodes"]}
    kept = json.loads(trimmed.stdout)
    kept_ids = {n["id"] for n in kept["nodes"]}
    assert {"aws_cloudfront_distribution_good", "aws_lb_unrelated", "host_static_example_com"} <= full_ids
    assert kept_ids == {"viewers", "aws_cloudfront_distribution_bad", "aws_cloudfront_distribution_bad_default_cache_behavior_0",
                        "aws_cloudfront_distribution_bad_origin_0", "aws_lb_web"}
    assert {(e["source"], e["target"]) for e in kept["edges"]} == {
        ("viewers", "aws_cloudfront_distribution_bad"),
        ("aws_cloudfront_distribution_bad", "aws_cloudfront_distribution_bad_default_cache_behavior_0"),
        ("aws_cloudfront_distribution_bad_default_cache_behavior_0", "aws_cloudfront_distribution_bad_origin_0"),
        ("aws_cloudfront_distribution_bad_origin_0", "aws_lb_web")}
    # With only a rule that finds nothing here (other rules flag "bad" too), nothing is left.
    clean = run_cli("graph", "s", "--findings-only", "--select", "EDGE201", cwd=tmp_path)
    assert clean.returncode == 0
    assert clean.stdout.splitlines()[-1] == '  empty["nothing to draw"]'


def test_findings_nothing_contains_still_show(tmp_path):
    """A finding on a resource the walk does not draw gets a node linked to what it
    refers to; a parse error gets a node for its file."""
    write_stack(tmp_path / "s", {
        "main.tf": """
            resource "aws_api_gateway_rest_api" "api" {
              name = "api"
            }

            resource "aws_api_gateway_method" "get" {
              rest_api_id   = aws_api_gateway_rest_api.api.id
              http_method   = "GET"
              authorization = "NONE"
            }
            """,
        "broken.tf": 'resource "aws_lb" "x" {\n  name = \n',
    })
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "acme.py").write_text(textwrap.dedent('''
        from edgelint.ruleset import rule

        @rule("ACME001", "open-method", severity="medium", tags=("security",))
        def open_method(stack):
            """## What it does
            Flags methods without authorization."""
            for m in stack.resources("aws_api_gateway_method"):
                if m.value("authorization").known == "NONE":
                    yield m.finding("method without authorization", at="authorization")
        '''))
    r = run_cli("graph", "s", "--format", "json", "--rules-dir", "rules", "--select", "ACME001,EDGE900", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes["aws_api_gateway_method_get"]["rules"] == ["ACME001"]
    assert nodes["aws_api_gateway_method_get"]["findings"][0]["line"] == 8
    assert {"source": "aws_api_gateway_method_get", "target": "aws_api_gateway_rest_api_api"} in [
        {"source": e["source"], "target": e["target"]} for e in doc["edges"]]
    broken = [n for n in doc["nodes"] if n["kind"] == "file"]
    assert [(n["title"], n["rules"]) for n in broken] == [("broken.tf", ["EDGE900"])]


HOSTILE = '/x"]; click viewers href "javascript:alert(1)" %% <script>alert(1)</script> `#amp; \\N |'


def hostile_stack(folder):
    return write_stack(folder, {"main.tf": """
        resource "aws_cloudfront_distribution" "d" {
          origin {
            domain_name = "o.example.com"
            origin_id   = "PATTERN"
          }
          default_cache_behavior {
            target_origin_id       = "PATTERN"
            viewer_protocol_policy = "allow-all"
          }
          ordered_cache_behavior {
            path_pattern           = "PATTERN"
            target_origin_id       = "PATTERN"
            viewer_protocol_policy = "https-only"
          }
        }
        """.replace("PATTERN", HOSTILE.replace("\\", "\\\\").replace('"', '\\"'))})


def test_text_from_the_configuration_cannot_change_the_structure(tmp_path):
    hostile_stack(tmp_path / "s")
    mermaid = run_cli("graph", "s", cwd=tmp_path).stdout
    # Every line is a declaration, an edge or a style statement; labels hold no raw quote.
    statement = re.compile(r'^(flowchart LR|  [A-Za-z]\w* ?(\(\[|\[\[|\[\(|\{\{|\[/|\(|\[)"[^"]*"(\]\)|\]\]|\)\]|\}\}|\\\]|/\]|\)|\])'
                           r'|  \w+ -->(\|"[^"]*"\|)? \w+|  classDef \w+ [^"]*|  class [\w,]+ \w+|  linkStyle [\d,]+ [^"]*)$')
    for line in mermaid.splitlines()[1:]:
        assert statement.match(line), line
    assert "<script>" not in mermaid
    assert "#34;" in mermaid and "#60;script#62;" in mermaid
    dot = run_cli("graph", "s", "--format", "dot", cwd=tmp_path).stdout
    assert '\\"]; click' in dot and "\\\\N" in dot  # quotes and backslashes escaped
    svg = run_cli("graph", "s", "--format", "svg", cwd=tmp_path).stdout
    ET.fromstring(svg)  # well-formed
    assert "<script>" not in svg
    html = run_cli("graph", "s", "--format", "html", cwd=tmp_path).stdout
    assert html.count("<script>") == 1 and "&lt;script&gt;alert(1)" in html
    embedded = html.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in embedded and ">" not in embedded  # cannot close the element it sits in
    assert any("<script>alert(1)" in n["title"] for n in json.loads(embedded)["nodes"].values())


def test_graph_json_schema():
    r = run_cli("graph", EXAMPLE, "--format", "json", "--select", EXAMPLE_RULES, cwd=ROOT)
    doc = json.loads(r.stdout)
    assert doc["version"] == 1 and doc["groups"] == [EXAMPLE]
    ids = [n["id"] for n in doc["nodes"]]
    assert len(ids) == len(set(ids))
    for n in doc["nodes"]:
        assert set(n) >= {"id", "kind", "title", "detail", "address", "group", "locations", "severity", "rules",
                          "findings"}
    for e in doc["edges"]:
        assert e["source"] in ids and e["target"] in ids
    flagged = [e for e in doc["edges"] if e["rules"] == ["EDGE501"]]
    assert flagged[0]["findings"][0]["file"] == "fixtures/stacks/example/alb.tf"
    assert flagged[0]["locations"][0]["line"] == 34  # the ingress rule resource


def test_several_stacks_are_grouped(tmp_path):
    for name in ("a", "b"):
        write_stack(tmp_path / name, {"main.tf": 'resource "aws_lb" "web" {}\n'})
    r = run_cli("graph", "a", "b", cwd=tmp_path)
    assert r.returncode == 0
    assert 'subgraph stack1["a"]' in r.stdout and 'subgraph stack2["b"]' in r.stdout
    assert "s1_aws_lb_web" in r.stdout and "s2_aws_lb_web" in r.stdout
    dot = run_cli("graph", "a", "b", "--format", "dot", cwd=tmp_path).stdout
    assert "subgraph cluster_1 {" in dot and "subgraph cluster_2 {" in dot


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_every_fixture_draws(case, monkeypatch):
    """Whatever the rule fixtures hold (and they grow with every rule), the graph
    draws it in every format and places every finding (each case as the harness
    checks it: ``corpus.case_result``); every node has a title for a reader, never a
    raw Terraform type."""
    monkeypatch.chdir(case)
    result = case_result(case)
    t = build_topology(result.stacks, result.reported)
    assert t.notices == []
    assert not [n.title for n in t.nodes if re.search(r"\baws_\w+", n.title)]
    assert set(t.findings) == set(result.reported)
    for fmt in GRAPH_FORMATS:
        assert render_graph(fmt, t)
        assert render_graph(fmt, t.trimmed_to_findings())


def test_every_finding_of_every_rule_on_the_fixture_tree_is_placed(monkeypatch):
    """The rules that are off by default fire in their own cases above (their
    ``edgelint.args`` select them); here every rule runs on every fixture at once."""
    monkeypatch.chdir(FIXTURES)
    result = every_rule_tree_result()
    assert {f.rule_id for f in result.reported} >= {r.id for r in REGISTRY.sorted() if not r.default_enabled}
    t = build_topology(result.stacks, result.reported)
    assert t.notices == []
    assert set(t.findings) == set(result.reported)


def test_graph_usage_errors(tmp_path):
    r = run_cli("graph", "missing", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("edgelint: error: ") and "Traceback" not in r.stderr
    r = run_cli("graph", ".", "--format", "png", cwd=tmp_path)
    assert r.returncode == 2
    r = run_cli("graph", str(ROOT / EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "g.mmd"))
    assert r.returncode == 2 and "cannot write" in r.stderr


def test_graph_writes_the_file_asked_for_and_nothing_else(tmp_path):
    stack = tmp_path / "stack"
    shutil.copytree(ROOT / EXAMPLE, stack)
    before = sorted(p.name for p in stack.iterdir())
    r = run_cli("graph", "stack", "--format", "html", "-o", "out.html", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == ""
    assert (tmp_path / "out.html").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in stack.iterdir()) == before


def test_readme_picture_is_the_example_drawn_by_edgelint():
    """The README shows docs/example-graph.svg at its natural size and the command that
    makes it; the picture is byte for byte what the command draws today, holds every
    node and edge, and fits a README column (at most 900 px wide, no wider than twice
    its height)."""
    readme = (ROOT / "README.md").read_text()
    command = "edgelint graph fixtures/stacks/example --format svg -o docs/example-graph.svg"
    assert command in readme and "](docs/example-graph.svg)" in readme
    regenerate = f"the picture is out of date: run `{command}`"
    drawn_now = run_cli("graph", EXAMPLE, "--format", "svg", cwd=ROOT)
    assert drawn_now.returncode == 0, drawn_now.stderr
    text = (ROOT / "docs" / "example-graph.svg").read_text()
    assert text == drawn_now.stdout, regenerate
    picture = ET.fromstring(text)
    width, height = float(picture.get("width")), float(picture.get("height"))
    assert picture.get("viewBox") == f"0 0 {picture.get('width')} {picture.get('height')}"
    assert 400 < width <= 900 and width <= 2 * height, (width, height)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    drawn = {g.get("data-id") for g in picture.iterfind(".//svg:g[@data-id]", ns)}
    links = {(g.get("data-source"), g.get("data-target")) for g in picture.iterfind(".//svg:g[@data-source]", ns)}
    t = topology_of(ROOT / EXAMPLE)
    assert drawn == {n.id for n in t.nodes}, regenerate
    assert links == {(e.source, e.target) for e in t.edges}, regenerate


def test_a_module_used_by_two_instances_paints_each_finding_on_its_own_instance(tmp_path):
    """One module called twice: the instance whose input is wrong has the finding on
    its origin's edge; the other instance, drawn separately from the same file, has none."""
    shutil.copytree(ROOT / "fixtures" / "stacks" / "module_twice" / "modules", tmp_path / "stack" / "modules")
    write_stack(tmp_path / "stack", {"main.tf": """
        module "good" {
          source        = "./modules/site"
          origin_domain = "good.example.com"
        }
        module "bad" {
          source        = "./modules/site"
          origin_domain = "http://bad.example.com"
        }
    """})
    topo = topology_of(tmp_path / "stack", select=("EDGE301",))
    origins = {n.instance: n for n in topo.nodes if n.kind == "origin"}
    assert set(origins) == {"module.good", "module.bad"}
    flagged = {(topo.node(e.source).instance, *e.rule_ids) for e in topo.edges if e.findings}
    assert flagged == {("module.bad", "EDGE301")}
    assert [f.instance for f in topo.findings] == ["module.bad"]
    # The page: one stack per instance; only the bad one's card and origin carry the finding.
    r = run_cli("graph", "stack", "--select", "EDGE301", "--format", "html", "-o", "g.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = _page_data(tmp_path / "g.html")
    counts = {v["key"]: len(v["findings"]) for v in data["views"]}
    assert counts == {"module.bad.aws_cloudfront_distribution.this": 1,
                      "module.good.aws_cloudfront_distribution.this": 0}
    assert {n["address"]: len(n["findings"]) for n in data["nodes"].values() if n["kind"] == "origin"} == \
        {"module.bad.aws_cloudfront_distribution.this": 1, "module.good.aws_cloudfront_distribution.this": 0}
    assert data["findings"][0]["message"].endswith("(in module.bad)")


def _page_data(page) -> dict:
    html = page.read_text()
    return json.loads(html.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_load_back_with_networkx(fmt, tmp_path):
    """What ``--format graphml`` / ``gexf`` writes is the topology: networkx reads back
    every node and edge, with the attributes yEd and Gephi show."""
    import networkx as nx

    out = tmp_path / f"example.{fmt}"
    r = run_cli("graph", EXAMPLE, "--format", fmt, "--select", EXAMPLE_RULES, "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    topo = topology_of(ROOT / EXAMPLE, select=tuple(EXAMPLE_RULES.split(",")))
    assert set(graph.nodes) == {n.id for n in topo.nodes}
    assert set(graph.edges) == {(e.source, e.target) for e in topo.edges}
    assert graph.is_directed()
    lb = graph.nodes["aws_lb_web"]
    assert (lb["kind"], lb["address"], lb["location"]) == ("load-balancer", "aws_lb.web", f"{EXAMPLE}/alb.tf:1")
    flagged = {k: v for k, v in graph.edges.items() if v["rules"]}
    assert any("EDGE501" in v["rules"] and v["severity"] for v in flagged.values())
    assert run_cli("graph", EXAMPLE, "--format", fmt, cwd=ROOT).stdout == \
        run_cli("graph", EXAMPLE, "--format", fmt, cwd=ROOT).stdout


def test_check_does_not_import_networkx():
    """networkx is for ``edgelint graph``; ``edgelint check`` runs without loading it."""
    probe = ("import sys\nfrom edgelint.launcher import main\nsys.argv = ['edgelint', 'check', %r]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nprint('NX' if 'networkx' in sys.modules else 'NONX')")
    out = subprocess.run([sys.executable, "-c", probe % EXAMPLE], capture_output=True, text=True, cwd=ROOT,
                         timeout=120).stdout
    assert out.rstrip().endswith("NONX"), out[-500:]


@pytest.mark.parametrize("resource_type,title", [
    ("aws_api_gateway_method", "API Gateway method"), ("aws_wafv2_ip_set", "WAF IP set"),
    ("aws_lambda_function_url", "Lambda function URL"), ("aws_cloudfront_response_headers_policy",
                                                          "CloudFront response headers policy"),
    ("aws_route53_record", "Route 53 record"), ("null_resource", "null resource")])
def test_friendly_titles_for_resources_without_a_kind(resource_type, title):
    from edgelint.view.topology import friendly_type

    assert friendly_type(resource_type) == title


def test_stack_draws_one_distribution_and_what_it_reaches(tmp_path):
    """``--stack`` takes an address (brackets and quotes as Terraform writes them), a
    resource name or a module instance, with shell wildcards; it draws that stack only,
    in every format; a name that matches nothing is a usage error naming the stacks."""
    twice = "fixtures/stacks/module_twice"
    one = run_cli("graph", twice, "--stack", 'module.regional["us"].aws_cloudfront_distribution.this',
                  "--format", "json", cwd=ROOT)
    assert one.returncode == 0, one.stderr
    nodes = json.loads(one.stdout)["nodes"]
    assert {n["kind"] for n in nodes} == {"viewers", "distribution", "behavior", "origin", "host"}
    assert {n["address"] for n in nodes if n["address"]} == {'module.regional["us"].aws_cloudfront_distribution.this'}
    wild = json.loads(run_cli("graph", twice, "--stack", "module.regional*", "--format", "json", cwd=ROOT).stdout)
    assert len([n for n in wild["nodes"] if n["kind"] == "distribution"]) == 2
    by_instance = json.loads(run_cli("graph", twice, "--stack", "module.shop", "--format", "json", cwd=ROOT).stdout)
    assert [n["address"] for n in by_instance["nodes"] if n["kind"] == "distribution"] == \
        ["module.shop.aws_cloudfront_distribution.this"]
    for fmt in GRAPH_FORMATS:
        r = run_cli("graph", EXAMPLE, "--stack", "shop", "--format", fmt, cwd=ROOT)
        assert r.returncode == 0 and "aws_lb" in r.stdout, (fmt, r.stderr)
    missing = run_cli("graph", twice, "--stack", "nope", cwd=ROOT)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "names no distribution" in missing.stderr and "module.shop.aws_cloudfront_distribution.this" in missing.stderr


def test_internet_paths_that_skip_the_distribution_are_highlighted(tmp_path):
    """The example's load balancer admits the Internet: the path from it through its
    security group to ``Internet`` is highlighted. An internal load balancer, or one
    that admits only CloudFront's prefix list, has no such path."""
    from edgelint.view.network import bypass_edges

    assert bypass_edges(topology_of(ROOT / EXAMPLE)) == {
        ("aws_lb_web", "aws_security_group_web"), ("aws_security_group_web", "internet")}
    svg = run_cli("graph", EXAMPLE, "--format", "svg", cwd=ROOT).stdout
    assert svg.count('class="edge bypass"') + svg.count('bypass" data-source') >= 2
    assert "Internet path that skips the distribution" in svg
    for name, lb, ingress in [
        ("internal", "internal = true", 'cidr_blocks = ["0.0.0.0/0"]'),
        ("prefix", "internal = false", "prefix_list_ids = [data.aws_ec2_managed_prefix_list.cf.id]"),
    ]:
        write_stack(tmp_path / name, {"main.tf": f"""
            data "aws_ec2_managed_prefix_list" "cf" {{
              name = "com.amazonaws.global.cloudfront.origin-facing"
            }}
            resource "aws_security_group" "web" {{
              ingress {{
                from_port = 443
                to_port   = 443
                protocol  = "tcp"
                {ingress}
              }}
            }}
            resource "aws_lb" "web" {{
              load_balancer_type = "application"
              {lb}
              security_groups    = [aws_security_group.web.id]
            }}
            resource "aws_cloudfront_distribution" "cdn" {{
              origin {{
                domain_name = aws_lb.web.dns_name
                origin_id   = "alb"
              }}
              default_cache_behavior {{
                target_origin_id       = "alb"
                viewer_protocol_policy = "https-only"
              }}
            }}
        """})
        topo = topology_of(tmp_path / name)
        assert any(n.kind == "load-balancer" for n in topo.nodes), name
        assert bypass_edges(topo) == set(), name
        assert "Internet path" not in render_graph("svg", topo)


def test_layout_ranks_come_from_networkx_and_share_a_row_in_a_cycle():
    """Rows are longest paths in the condensation: a cycle shares a row, and a node
    nothing leads to sits just above what it leads to."""
    from edgelint.view.network import layout_ranks

    #  0 -> 1 -> 2 <-> 3 -> 4 ;  5 -> 4 (5 has no predecessor: one row above 4)
    assert layout_ranks(6, [(0, 1), (1, 2), (2, 3), (3, 2), (3, 4), (5, 4)]) == [0, 1, 2, 2, 3, 2]
    assert layout_ranks(2, []) == [0, 0]


def _svg_size(text: str) -> tuple[float, float]:
    root = ET.fromstring(text)
    return float(root.get("width")), float(root.get("height"))


def test_a_distribution_with_many_behaviors_wraps_instead_of_growing_wide(tmp_path):
    """Twenty behaviors do not make a picture twenty boxes wide: the rank wraps, and
    the picture stays at most twice as wide as high and under 1,000 px."""
    behaviors = "".join(f"""
              ordered_cache_behavior {{
                path_pattern           = "/section{i}/*"
                target_origin_id       = "web"
                viewer_protocol_policy = "https-only"
              }}""" for i in range(20))
    write_stack(tmp_path / "wide", {"main.tf": f"""
        resource "aws_cloudfront_distribution" "cdn" {{
          origin {{
            domain_name = "www.example.com"
            origin_id   = "web"
          }}
          default_cache_behavior {{
            target_origin_id       = "web"
            viewer_protocol_policy = "https-only"
          }}{behaviors}
        }}
    """})
    width, height = _svg_size(run_cli("graph", "wide", "--format", "svg", cwd=tmp_path).stdout)
    assert width <= 2 * height and width < 1000, (width, height)


def test_long_text_is_cut_with_an_ellipsis_and_fits_its_box(tmp_path):
    """A long module address is cut with an ellipsis where the box would be wider than
    a box may be; the measured width of every line fits inside its box."""
    from edgelint.view.svg import MAX_TEXT, PAD_X, TEXT_SIZE
    from edgelint.view.text import fit_text, text_width

    cut = fit_text("x" * 400, TEXT_SIZE, 100.0)
    assert cut.endswith("…") and text_width(cut, TEXT_SIZE) <= 100.0
    assert fit_text("short", TEXT_SIZE, 100.0) == "short"
    tail = fit_text("module.a_long_module_name.aws_lb.web", TEXT_SIZE, 100.0, keep_end=True)
    assert tail.startswith("…") and tail.endswith("aws_lb.web") and text_width(tail, TEXT_SIZE) <= 100.0
    assert text_width("W", 12, bold=True) > text_width("i", 12)
    name = "a_really_long_resource_name" * 6
    write_stack(tmp_path / "long", {"main.tf": f'resource "aws_lb" "{name}" {{}}\n'})
    svg = ET.fromstring(run_cli("graph", "long", "--format", "svg", cwd=tmp_path).stdout)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    node = next(svg.iterfind(".//svg:g[@data-id]", ns))
    box = float(node.find("svg:rect", ns).get("width"))
    assert box <= MAX_TEXT + 2 * PAD_X + 0.1
    lines = node.findall("svg:text", ns)
    assert any(t.text.startswith("…") and t.text.endswith(name[-20:]) for t in lines)
    for t in lines:
        bold = t.get("font-weight") == "bold"
        assert text_width(t.text, float(t.get("font-size")), bold) <= box - 2 * PAD_X + 0.1
    assert name in node.get("data-address")


def test_stacks_hold_what_leads_into_them_and_the_rest_has_its_own_view(tmp_path):
    """The example's API method leads into its API only, so it is in the stack of the
    distribution; an API no distribution reaches is drawn on its own, under its folder."""
    from edgelint.view.network import stack_views

    views = stack_views(topology_of(ROOT / EXAMPLE))
    assert [v.root.address for v in views] == ["aws_cloudfront_distribution.shop"]
    assert "aws_api_gateway_method.get_orders" in {n.address for n in views[0].topology.nodes}
    write_stack(tmp_path / "apart", {"main.tf": """
        resource "aws_cloudfront_distribution" "cdn" {
          origin {
            domain_name = "www.example.com"
            origin_id   = "web"
          }
          default_cache_behavior {
            target_origin_id       = "web"
            viewer_protocol_policy = "https-only"
          }
        }
        resource "aws_api_gateway_rest_api" "alone" {
          name = "alone"
        }
    """})
    views = stack_views(topology_of(tmp_path / "apart"))
    assert [v.root.address if v.root else None for v in views] == ["aws_cloudfront_distribution.cdn", None]
    assert [n.address for n in views[1].topology.nodes] == ["aws_api_gateway_rest_api.alone"]


def test_a_folder_output_writes_one_picture_per_stack(tmp_path):
    """``-o DIR/`` writes one file per stack, named after it, each drawn alone and
    readable in a README column; nothing else is written."""
    twice = ROOT / "fixtures" / "stacks" / "module_twice"
    r = run_cli("graph", str(twice), "--format", "svg", "-o", "pictures/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "pictures").iterdir())
    expected = [f"module.{name}.aws_cloudfront_distribution.this.svg" for name in ("blog", "regional-eu",
                                                                                    "regional-us", "shop")]
    assert names == expected, names
    for name in names:
        text = (tmp_path / "pictures" / name).read_text()
        picture = ET.fromstring(text)
        kinds = [g.get("class").split()[1] for g in picture.iter("{http://www.w3.org/2000/svg}g")
                 if (g.get("class") or "").startswith("node ")]
        assert kinds.count("kind-distribution") == 1, name
        assert _svg_size(text)[0] <= 900, name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pictures"]


def test_a_load_balancer_two_distributions_share_is_in_both_stacks(tmp_path):
    """Two distributions in front of one ALB: each stack holds the ALB; the page lists
    both stacks for that node, and --stack draws each with it."""
    from edgelint.view.network import stack_views

    cdn = """
        resource "aws_cloudfront_distribution" "NAME" {
          origin {
            domain_name = aws_lb.web.dns_name
            origin_id   = "alb"
          }
          default_cache_behavior {
            target_origin_id       = "alb"
            viewer_protocol_policy = "https-only"
          }
        }
    """
    write_stack(tmp_path / "shared", {"main.tf": 'resource "aws_lb" "web" {}\n' + cdn.replace("NAME", "one")
                                      + cdn.replace("NAME", "two")})
    views = stack_views(topology_of(tmp_path / "shared"))
    assert [v.root.address for v in views] == ["aws_cloudfront_distribution.one", "aws_cloudfront_distribution.two"]
    assert all("aws_lb.web" in {n.address for n in v.topology.nodes} for v in views)
    assert "aws_cloudfront_distribution.two" not in {n.address for n in views[0].topology.nodes}
    r = run_cli("graph", "shared", "--format", "html", "-o", "g.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _page_data(tmp_path / "g.html")["nodes"]["aws_lb_web"]["views"] == [0, 1]
    for name in ("one", "two"):
        drawn = json.loads(run_cli("graph", "shared", "--stack", name, "--format", "json", cwd=tmp_path).stdout)
        assert {n["address"] for n in drawn["nodes"] if n["kind"] in ("distribution", "load-balancer")} == \
            {f"aws_cloudfront_distribution.{name}", "aws_lb.web"}
