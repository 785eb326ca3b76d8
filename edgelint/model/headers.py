"""Checks on a request header, wherever they are written (a load balancer listener
rule's ``http_header`` condition, a WAF ``byte_match_statement`` on a single header),
and whether a header that CloudFront sends would pass them.

This is how a secret origin header is recognised: the origin's ``custom_header`` and
the check must agree on the name and on the value. Values agree when both are known
and match, or when both are the same reference (``random_password.verify.result`` on
both sides). Anything else that cannot be compared is None: not knowable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edgelint.evaluate.values import Value
from edgelint.model.base import any_of

# How a check compares the header's value with each of its values.
WILDCARD = "wildcard"  # listener rules: * and ?, case-insensitive
EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS = "EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS"


@dataclass(frozen=True)
class HeaderCheck:
    name: Value
    values: tuple[Value, ...] | None  # None: the list of accepted values is unknown
    match: str | None  # one of the constants above; None: a comparison not modelled
    lowercase: bool = False  # the value is lower-cased before it is compared

    def accepts(self, name: str, value: Value) -> bool | None:
        """Whether a request carrying header ``name: value`` passes this check."""
        if not (self.name.is_known and isinstance(self.name.known, str)):
            return None
        if self.name.known.lower() != name.lower():
            return False
        if self.values is None:
            return None
        return any_of(self._compare(value, v) for v in self.values)

    def _compare(self, sent: Value, expected: Value) -> bool | None:
        if sent == expected and not sent.is_known:
            return True  # the same reference on both sides
        if not (sent.is_known and expected.is_known and isinstance(sent.known, str)
                and isinstance(expected.known, str)) or self.match is None:
            return None
        text, want = sent.known, expected.known
        if self.match == WILDCARD:
            regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in want)
            return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL) is not None
        if self.lowercase:
            text = text.lower()
        return {EXACTLY: text == want, STARTS_WITH: text.startswith(want), ENDS_WITH: text.endswith(want),
                CONTAINS: want in text}.get(self.match)
