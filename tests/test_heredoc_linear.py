"""Every pattern over file text is linear in the input. The heredoc terminal was
quadratic (an unclosed ``<<EOT`` over 100k blank lines took minutes): the issue's
bound is a 100k-line unclosed heredoc parsed, with its error, in under 2 s here. CPU
time, not wall time, so a loaded machine does not fail it; speed itself is measured in
bench/."""

from __future__ import annotations

import time

import pytest

from edgelint.parse import grammar
from edgelint.parse.hcl import check_bytes, parse_text

LINES = 100_000

HOSTILE = {
    "unclosed heredoc, blank lines": "a = <<EOT\n" + "\n" * LINES,
    "unclosed heredoc, indented lines": "a = <<EOT\n" + "  x\n" * LINES,
    "unclosed trimmed heredoc": "a = <<-EOT\n" + "   \n" * LINES,
    "valid heredoc, blank lines": "a = <<EOT\n" + "\n" * LINES + "EOT\n",
    "heredoc openers": "a = <<EOT\n" * LINES,
    "unclosed inline comment": "a = 1\n/*" + "\n" * LINES,
    "unclosed string": 'a = "' + "x " * LINES,
    # a token each: as linear, but 100k tokens cost more than 2 s; 20k stay well below
    "escapes without braces": 'a = "' + "$${" * (LINES // 5) + '"\n',
}


@pytest.fixture(scope="module", autouse=True)
def _parsers_ready():
    grammar.parser(), grammar.recognizer()


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_parse_is_linear(text):
    start = time.process_time()
    full = parse_text(text, "x.tf")
    checked = check_bytes(text.encode(), "x.tf")
    spent = time.process_time() - start
    assert checked.error == full.error
    assert spent < 2.0, f"{spent:.2f} s of CPU for {len(text)} characters"


def test_an_unclosed_heredoc_says_so():
    f = parse_text("a = <<EOT\n" + "\n" * 10, "x.tf")
    assert f.error is not None and (f.error.span.line, f.error.span.col) == (1, 5)
    assert "Unterminated template string" in f.error.message
