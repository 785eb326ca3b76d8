"""Graph stage and the rule plugin mechanism."""

import textwrap

from conftest import FIXTURES, run_cli

from edgelint.instances.builder import build_tree
from edgelint.parse.hcl import parse_file
from edgelint.pipeline import Options, check
from edgelint.ruleset.registry import load_rules


def test_graph_has_a_node_per_address_and_labelled_reference_edges():
    folder = FIXTURES / "stacks" / "example"
    files = [parse_file(str(p)) for p in sorted(folder.glob("*.tf"))]
    config = build_tree([(str(folder), files, [])])
    g = config.graph
    assert {"aws_lb.web", "aws_security_group.web", "aws_cloudfront_distribution.shop", "var.region",
            "local.api_host"} <= set(g.nodes)
    labels = {label for _s, _t, label in g.edges("aws_cloudfront_distribution.shop", data="label")}
    assert "origin[0].domain_name" in labels
    assert ("aws_vpc_security_group_ingress_rule.web_https", "security_group_id") in {
        (r.address, label) for r, label in config.referrers("aws_security_group.web")}


def test_builtin_pack_loads_through_the_entry_point():
    from importlib.metadata import entry_points

    assert any(ep.value == "edgelint_rules" for ep in entry_points(group="edgelint.rules"))
    registry = load_rules()
    assert registry.rules["EDGE101"].source.startswith("edgelint_rules.")


def test_rules_dir_adds_a_rule(tmp_path):
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "acme.py").write_text(textwrap.dedent('''
        from edgelint.ruleset import rule

        @rule("ACME001", "no-comment", severity="low", tags=("hygiene",))
        def no_comment(stack):
            """## What it does
            Flags distributions without a comment."""
            for d in stack.distributions:
                if d.value("comment").known is None:
                    yield d.finding("distribution has no comment")
        '''))
    # logged, so that the plugin's finding is the only one: it alone makes the exit code 1
    (tmp_path / "main.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n'
                                      '  logging_config { bucket = "logs.s3.amazonaws.com" }\n}\n')
    r = run_cli("check", ".", "--rules-dir", "myrules", cwd=tmp_path)
    assert r.returncode == 1
    assert "main.tf:1:1: ACME001 [low] distribution has no comment" in r.stdout
    registry = load_rules([str(rules)])
    assert "ACME001" in registry.rules
    result = check(Options([str(tmp_path)], select=["ACME001"]), registry)
    assert [f.rule_id for f in result.findings] == ["ACME001"]


def test_rules_dir_with_a_broken_file_is_a_usage_error(tmp_path):
    (tmp_path / "bad.py").write_text("this is not python\n")
    r = run_cli("check", ".", "--rules-dir", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "bad.py" in r.stderr


def test_reference_graph_converts_to_an_equal_networkx_multidigraph():
    """The check path keeps networkx's import cost out (instances.references.ReferenceGraph); anything
    that wants networkx's algorithms gets the same graph as a networkx.MultiDiGraph."""
    import networkx as nx

    folder = FIXTURES / "stacks" / "example"
    files = [parse_file(str(p)) for p in sorted(folder.glob("*.tf"))]
    graph = build_tree([(str(folder), files, [])]).graph
    converted = graph.to_networkx()
    assert isinstance(converted, nx.MultiDiGraph)
    assert list(converted.nodes) == list(graph.nodes)
    assert sorted((s, t, d["label"]) for s, t, d in converted.edges(data=True)) == sorted(
        (s, t, d["label"]) for s, t, d in graph.edges(data=True))
    assert converted.number_of_edges() > 20
