"""Terraform is the oracle: what edgelint calls Known is what Terraform computes.

The function oracle draws calls with hypothesis and evaluates them with edgelint
and with one ``terraform console`` process; a Known value that differs from
Terraform's, or an error where Terraform has a value, fails. Unknown claims
nothing. The whole run (>= 2,000 calls) is bench/oracle.py; this is a sample.
Skips where terraform is missing, fails then under CI=true.
"""

import os

import pytest
from terraform_oracle import compare_functions, generated_calls, missing_reason


def need_terraform(mirror: bool = False) -> None:
    reason = missing_reason(mirror)
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the Terraform oracle must run in CI: {reason}")
    pytest.skip(reason)


@pytest.mark.parametrize("expression", [
    'replace("https://app.example.com/", "/^https?://|/$/", "")', 'replace("abxd", "/x*/", "-")',
    'replace("a-b", "/(?P<x>[a-z])/", "<$${x}>")', 'regex("(a)(x)?", "abc")', 'regexall("[a-z]+", "a1b2")',
    'chomp("a\\r\\n\\n")', 'substr("hello", -2, -1)', 'substr("hello", 9, 2)', 'strcontains("abc", "b")',
    'can(regex("^a", "abc"))', 'nonsensitive(sensitive("x"))', '0.1 + 0.2', '-7 % 3', 'tostring(1.5)',
    'element(["a", "b"], -2)', 'tolist(toset(["b", "a", "b"]))', 'jsonencode({b = 1, a = [true]})',
    '"%{ if true }yes%{ else }no%{ endif }"', 'trimspace("\\t x \\n")', 'upper("ß")', 'length("é")',
])
def test_chosen_calls_agree_with_terraform(expression):
    need_terraform()
    result = compare_functions([expression])
    assert not result.disagreements, result.disagreements


def test_generated_calls_agree_with_terraform():
    need_terraform()
    calls = generated_calls(300, seed=3)
    result = compare_functions(calls)
    assert result.calls == 300
    assert not result.disagreements, result.disagreements[:20]
    assert result.known > 200  # the oracle must have something to compare
