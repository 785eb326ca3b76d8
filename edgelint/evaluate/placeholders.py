"""Placeholders: values that AWS or Terraform would reject for the argument they
are given to, so they cannot be what is applied. ``variable "origin_domain_name"
{ default = "" }`` whose real value sits in a tfvars file Terraform does not load
automatically is the common case: ``""`` says nothing about the origin's kind.

For the rules' purposes such a value is ``Unknown("placeholder value")``. Listed
are arguments that must be non-empty (the provider's validation or the API
refuses ``""``); an argument where ``""`` means "unset" (``web_acl_id``,
``origin_path``) is not a placeholder and is not listed.
"""

from __future__ import annotations

import re

from edgelint.evaluate.values import Known, Unknown, Value

PLACEHOLDER = "placeholder value"

# (resource type, attribute path without indexes) → "" cannot be applied.
REQUIRED_NON_EMPTY: frozenset[tuple[str, str]] = frozenset({
    ("aws_cloudfront_distribution", "origin.domain_name"),
    ("aws_cloudfront_distribution", "origin.origin_id"),
    ("aws_cloudfront_distribution", "default_cache_behavior.lambda_function_association.lambda_arn"),
    ("aws_cloudfront_distribution", "ordered_cache_behavior.lambda_function_association.lambda_arn"),
    ("aws_cloudfront_distribution", "default_cache_behavior.function_association.function_arn"),
    ("aws_cloudfront_distribution", "ordered_cache_behavior.function_association.function_arn"),
    ("aws_cloudfront_distribution", "origin.vpc_origin_config.vpc_origin_id"),
    ("aws_lb_listener", "load_balancer_arn"),
    ("aws_lb_listener_rule", "listener_arn"),
    ("aws_lb_listener_certificate", "listener_arn"),
    ("aws_lb_listener_certificate", "certificate_arn"),
    ("aws_lb_target_group_attachment", "target_group_arn"),
    ("aws_wafv2_web_acl_association", "resource_arn"),
    ("aws_wafv2_web_acl_association", "web_acl_arn"),
    ("aws_lambda_function_url", "function_name"),
    ("aws_lambda_permission", "function_name"),
    ("aws_cloudfront_vpc_origin", "vpc_origin_endpoint_config.arn"),
    # The provider reads "" as unset, so "" names no certificate, custom or default:
    # ``acm_certificate_arn = var.certificate_arn`` with ``default = ""`` is a caller's slot.
    ("aws_cloudfront_distribution", "viewer_certificate.acm_certificate_arn"),
    ("aws_cloudfront_distribution", "viewer_certificate.iam_certificate_id"),
})

# (resource type, attribute path) → a list whose "" element cannot be applied
# (CloudFront rejects an empty alternate domain name): the list is a placeholder.
NO_EMPTY_ELEMENT: frozenset[tuple[str, str]] = frozenset({
    ("aws_cloudfront_distribution", "aliases"),
})

_INDEX = re.compile(r"\[[^\]]*\]")


def without_placeholder(resource_type: str, path: str, value: Value) -> Value:
    """``value`` of the argument at ``path`` (``origin[0].domain_name``), or
    Unknown when it is a placeholder Terraform or AWS would reject."""
    if not isinstance(value, Known):
        return value
    key = (resource_type, _INDEX.sub("", path))
    if value.value == "" and key in REQUIRED_NON_EMPTY:
        return Unknown(PLACEHOLDER)
    if isinstance(value.value, list) and key in NO_EMPTY_ELEMENT and any(_is_empty(e) for e in value.value):
        return Unknown(PLACEHOLDER)
    return value


def is_placeholder(value: Value) -> bool:
    """True for the Unknown that ``without_placeholder`` makes of a placeholder."""
    return isinstance(value, Unknown) and value.reason == PLACEHOLDER


def _is_empty(element) -> bool:
    return isinstance(element, Known) and element.value == "" or element == ""
