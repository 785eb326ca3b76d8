"""Which AWS region a resource lives in: its provider's region, or the one an ARN names.

CloudFront takes ACM certificates and Lambda@Edge functions from us-east-1 only, and
a WAF ACL for CloudFront must be made there too, so several rules ask "in which
region is this resource created?". The answer is ``None`` whenever it depends on
something edgelint cannot see (a provider without a known ``region``, which then
comes from the environment or a profile), and rules stay silent on ``None``.
"""

from __future__ import annotations

from edgelint.graph import Resource
from edgelint.syntax import Attr, Traversal
from edgelint.values import Partial, Value


def provider_region(resource: Resource) -> str | None:
    """The region ``resource`` is created in, when it is known.

    In order: the resource's own ``region`` argument (AWS provider 6 lets every
    regional resource set one); else the provider it names with ``provider =
    aws.<alias>`` (the ``provider "aws" { alias = ... }`` block of its module), or
    the module's default ``provider "aws"`` block; that block's ``region`` when it
    evaluates to a known string (a literal, a variable default, tfvars).
    """
    block = resource.block
    if "region" in block.attributes:
        return _known_text(resource.module.evaluate(block.attributes["region"].expr))
    key = _provider_key(resource)
    if key is None:
        return None
    provider = resource.module.providers.get(key)
    if provider is None or "region" not in provider.attributes:
        return None
    return _known_text(resource.module.evaluate(provider.attributes["region"].expr))


def _provider_key(resource: Resource) -> str | None:
    """``aws`` or ``aws.<alias>``: the key of ``ModuleInstance.providers``."""
    attr = resource.block.attributes.get("provider")
    if attr is None:
        return resource.type.split("_", 1)[0]
    expr = attr.expr
    if isinstance(expr, Traversal) and isinstance(expr.root, str) and all(isinstance(s, Attr) for s in expr.steps):
        return ".".join([expr.root, *(s.name for s in expr.steps)])
    return None


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


def _known_text(value: Value) -> str | None:
    return value.known if value.is_known and isinstance(value.known, str) and value.known else None
