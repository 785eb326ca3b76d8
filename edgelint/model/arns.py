"""ARNs: the pieces of an Amazon Resource Name, and the region a resource lives in.

Rules ask what a literal ARN names (a function and its version, a load balancer of
some type, a distribution, a regional web ACL) and where it lives: CloudFront takes
ACM certificates, Lambda@Edge functions and web ACLs from us-east-1 only. A resource
in the configuration answers with ``Node.region`` (its own ``region`` argument, else its
provider's region); a literal or templated ARN answers here. Both give None/Unknown
whenever the answer depends on something edgelint cannot see, and rules stay silent then.
"""

from __future__ import annotations

from dataclasses import dataclass

from edgelint.evaluate.values import Partial, Value


@dataclass(frozen=True)
class Arn:
    """``arn:<partition>:<service>:<region>:<account>:<resource>``; ``resource`` is
    everything after the fifth colon (``function:name:7``, ``loadbalancer/app/…``)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(text: str) -> Arn | None:
    """The pieces of a complete ARN, or None when ``text`` is no ARN."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return Arn(*parts[1:])


def known_arn(value: Value) -> Arn | None:
    """The pieces of a known ARN value, or None."""
    return parse_arn(value.known) if value.is_known and isinstance(value.known, str) else None


def lambda_function(arn: Arn | None) -> tuple[str, str | None] | None:
    """A Lambda function ARN's function name and qualifier (a version or an alias;
    None when it has none), or None when the ARN names no function."""
    if arn is None or arn.service != "lambda":
        return None
    pieces = arn.resource.split(":")
    if pieces[0] != "function" or len(pieces) not in (2, 3) or not pieces[1]:
        return None
    return pieces[1], pieces[2] if len(pieces) == 3 else None


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
