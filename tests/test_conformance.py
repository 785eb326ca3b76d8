"""edgelint parses exactly what Terraform parses (tests/conformance.py): every
fixture, the constructs of the issue in both directions, hostile inputs, and
hypothesis-generated files, valid and corrupted, each compared with ``terraform fmt``
(HCL) or ``terraform validate`` (JSON). bench/conformance.py runs the whole corpus."""

from __future__ import annotations

import conformance
import pytest
from conformance import Sample, disagreements, samples_from
from conftest import FIXTURES, require_tool
from hcl_strategies import corrupted, hcl_files
from hypothesis import HealthCheck, given, settings


@pytest.fixture(scope="module", autouse=True)
def _terraform():
    require_tool(conformance.terraform() is not None, "terraform", "install Terraform 1.11 and put it on PATH")


def assert_agree(samples: list[Sample]) -> None:
    found = disagreements(samples)
    assert not found, f"{len(found)} of {len(samples)} disagree:\n" + "\n".join(map(str, found))


def fixture_files():
    return sorted(p for p in FIXTURES.rglob("*")
                  if p.is_file() and p.name.endswith((".tf", ".tfvars", ".tf.json")))


@pytest.mark.slow
def test_every_fixture_agrees():
    samples = samples_from(fixture_files(), FIXTURES)
    assert len(samples) > 300
    assert_agree(samples)


def test_the_issues_constructs_agree():
    from test_parse_grammar import REJECTED, VALID
    from test_parse_json import ACCEPTED as JSON_ACCEPTED
    from test_parse_json import REJECTED as JSON_REJECTED

    samples = [Sample(f"hcl-{name}", ".tf", text.encode()) for name, (text, *_rest) in {**VALID, **REJECTED}.items()]
    samples += [Sample(f"json-{name}", ".tf.json", text.encode())
                for name, (text, *_rest) in {**JSON_ACCEPTED, **JSON_REJECTED}.items()]
    samples += [Sample(f"minus-{i}", ".tf", t.encode()) for i, t in enumerate(
        ["a = 10-2.5\n", "a = var.x -0.5\n", "a = 1 -1e3\n", 'a = "hello ${~ "world" }"\n',
         'resource "aws_lb" /* c */ "x" {}\n', 'locals {\n  café = "x"\n}\n', "a = <<_EOT\nx\n_EOT\n"])]
    assert_agree(samples)


def test_hostile_inputs_agree():
    from test_heredoc_linear import HOSTILE

    samples = [Sample(f"hostile-{name}", ".tf", text[:20_000].encode()) for name, text in HOSTILE.items()]
    assert_agree(samples)


def generated(strategy, count: int) -> list[str]:
    """``count`` files drawn from ``strategy``, the same ones on every run."""
    drawn: list[str] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(text):
        drawn.append(text)

    collect()
    return drawn


@pytest.mark.parametrize("kind", ["valid", "corrupted"])
def test_generated_files_agree(kind):
    texts = generated(hcl_files() if kind == "valid" else corrupted(), 150)
    assert_agree([Sample(f"{kind}-{i}", ".tf", t.encode()) for i, t in enumerate(texts)])
