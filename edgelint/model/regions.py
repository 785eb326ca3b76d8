"""The region an ARN names, for rules that ask where a resource lives.

CloudFront takes ACM certificates and Lambda@Edge functions from us-east-1 only. A
resource in the configuration answers with ``Node.region`` (its provider's region);
a literal or templated ARN answers here. Both give None/Unknown whenever the region
depends on something edgelint cannot see, and rules stay silent then.
"""

from __future__ import annotations

from edgelint.values import Partial, Value


def arn_region(value: Value, service: str) -> str | None:
    """The region an ARN of ``service`` names (``arn:aws:acm:eu-west-1:…`` →
    ``eu-west-1``), read from the known text before any unknown piece; None when
    the value is no such ARN or the region is not known."""
    if isinstance(value, Partial):
        text = value.prefix
    elif value.is_known and isinstance(value.known, str):
        text = value.known
    else:
        return None
    parts = text.split(":")
    # Five pieces at least: the region is only certain when the colon after it is known.
    if len(parts) < 5 or parts[0] != "arn" or parts[2] != service:
        return None
    return parts[3] or None


def known_region(value: Value) -> str | None:
    """A region Value (``Node.region``) as a string, when it is known."""
    return value.known if value.is_known and isinstance(value.known, str) and value.known else None
