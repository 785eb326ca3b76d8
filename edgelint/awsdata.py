"""AWS facts the rules rest on, in one place (RULES.md "Reference data").

Managed policies are matched by ID, never by name: a widely copied snippet carries
wrong IDs. The IDs were checked against AWS's service model and CDK constants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CachePolicyFacts:
    name: str
    min_ttl: int | None
    default_ttl: int | None
    max_ttl: int | None
    key_has_host: bool
    key_has_authorization: bool
    # What else the cache key holds, for EDGE213: all cookies / all query strings / headers.
    key_all_cookies: bool = False
    key_all_query_strings: bool = False
    key_headers: bool = False
    managed: bool = True


@dataclass(frozen=True)
class OriginRequestPolicyFacts:
    name: str
    forwards_host: bool
    forwards_all_headers: bool
    managed: bool = True


MANAGED_CACHE_POLICIES: dict[str, CachePolicyFacts] = {
    "658327ea-f89d-4fab-a63d-7e88639e58f6": CachePolicyFacts("CachingOptimized", 1, 86400, 31536000, False, False),
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": CachePolicyFacts(
        "CachingOptimizedForUncompressedObjects", 1, 86400, 31536000, False, False),
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": CachePolicyFacts("CachingDisabled", 0, 0, 0, False, False),
    "2e54312d-136d-493c-8eb9-b001f22f67d2": CachePolicyFacts(
        "Amplify", 2, 2, 31536000, True, True, key_all_query_strings=True, key_headers=True),
    "08627262-05a9-4f76-9ded-b50ca2e3a84f": CachePolicyFacts(
        "Elemental-MediaPackage", 0, 86400, 31536000, False, False, key_headers=True),
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65": CachePolicyFacts(
        "UseOriginCacheControlHeaders", 0, 0, 31536000, True, False, key_all_cookies=True, key_headers=True),
    "4cc15a8a-d715-48a4-82b8-cc0b614638fe": CachePolicyFacts(
        "UseOriginCacheControlHeaders-QueryStrings", 0, 0, 31536000, True, False,
        key_all_cookies=True, key_all_query_strings=True, key_headers=True),
}

MANAGED_ORIGIN_REQUEST_POLICIES: dict[str, OriginRequestPolicyFacts] = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": OriginRequestPolicyFacts("AllViewer", True, True),
    "33f36d7e-f396-46d9-90e0-52428a34d9dc": OriginRequestPolicyFacts("AllViewerAndCloudFrontHeaders-2022-06", True, True),
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": OriginRequestPolicyFacts("AllViewerExceptHostHeader", False, True),
    "bf0718e1-ba1e-49d1-88b1-f726733018ae": OriginRequestPolicyFacts("HostHeaderOnly", True, False),
    "59781a5b-3903-41f3-afcb-af62929ccde1": OriginRequestPolicyFacts("CORS-CustomOrigin", False, False),
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": OriginRequestPolicyFacts("CORS-S3Origin", False, False),
    "775133bc-15f2-49f9-abea-afb2e0bf67d2": OriginRequestPolicyFacts(
        "Elemental-MediaTailor-PersonalizedManifests", False, False),
    "acba4595-bd28-49b8-b9fe-13317c0390fa": OriginRequestPolicyFacts("UserAgentRefererHeaders", False, False),
}

MANAGED_RESPONSE_HEADERS_POLICIES: dict[str, str] = {
    "67f7725c-6f97-4210-82d7-5512b31e9d03": "SecurityHeadersPolicy",
    "e61eb60c-9c35-4d20-a928-2b84e02af89c": "CORS-and-SecurityHeadersPolicy",
    "5cc3b908-e619-4b99-88e5-2cf7f45965bd": "CORS-With-Preflight",
    "eaab4381-ed33-4a86-88ca-d9558dc6cd63": "CORS-with-preflight-and-SecurityHeadersPolicy",
    "60669652-455b-4ae9-85a4-c4c02393f86c": "SimpleCORS",
}

# --- origin kinds ------------------------------------------------------------------------

S3, S3_WEBSITE, ALB, API_GATEWAY, LAMBDA_URL = "s3", "s3-website", "alb", "api-gateway", "lambda-url"
MEDIASTORE, MEDIAPACKAGEV2, CUSTOM, UNKNOWN_KIND = "mediastore", "mediapackagev2", "custom", "unknown"
DYNAMIC_KINDS = frozenset({API_GATEWAY, LAMBDA_URL, ALB})

KIND_LABEL = {
    S3: "an S3 bucket (REST endpoint)",
    S3_WEBSITE: "an S3 website endpoint",
    ALB: "an application load balancer",
    API_GATEWAY: "an API Gateway execute-api endpoint",
    LAMBDA_URL: "a Lambda function URL",
    MEDIASTORE: "a MediaStore container",
    MEDIAPACKAGEV2: "a MediaPackage v2 endpoint",
    CUSTOM: "a custom origin",
    UNKNOWN_KIND: "an origin of unknown kind",
}

# The origin kind a reference implies, by the referenced resource type.
KIND_BY_TYPE: dict[str, str] = {
    "aws_lb": ALB, "aws_alb": ALB, "data.aws_lb": ALB, "data.aws_alb": ALB,
    "aws_s3_bucket": S3, "data.aws_s3_bucket": S3,
    "aws_s3_bucket_website_configuration": S3_WEBSITE,
    "aws_api_gateway_rest_api": API_GATEWAY, "data.aws_api_gateway_rest_api": API_GATEWAY,
    "aws_api_gateway_stage": API_GATEWAY, "aws_api_gateway_deployment": API_GATEWAY,
    "aws_apigatewayv2_api": API_GATEWAY, "data.aws_apigatewayv2_api": API_GATEWAY,
    "aws_apigatewayv2_stage": API_GATEWAY,
    "aws_lambda_function_url": LAMBDA_URL,
    "aws_media_store_container": MEDIASTORE,
}
S3_WEBSITE_ATTRIBUTES = frozenset({"website_endpoint", "website_domain"})

# Hostname patterns; "*" stands for a piece of the name that is not known statically.
_L = r"[a-z0-9*][a-z0-9*-]*"  # one DNS label
HOST_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    (S3_WEBSITE, re.compile(rf"^[^/]+\.s3-website[.-]{_L}\.amazonaws\.com$")),
    (S3, re.compile(rf"^[^/]+\.s3(\.{_L})?\.amazonaws\.com$")),
    (ALB, re.compile(r"^[^/]+\.elb\.amazonaws\.com$")),
    # d-xxxx.execute-api… is an API Gateway custom domain's target, which routes on the
    # custom domain's own Host: not the default endpoint.
    (API_GATEWAY, re.compile(rf"^(?!d-)[a-z0-9*]+\.execute-api\.{_L}\.amazonaws\.com$")),
    (LAMBDA_URL, re.compile(rf"^[a-z0-9*]+\.lambda-url\.{_L}\.on\.aws$")),
    (MEDIASTORE, re.compile(rf"^[^/]+\.data\.mediastore\.{_L}\.amazonaws\.com$")),
    (MEDIAPACKAGEV2, re.compile(rf"^[^/]+\.mediapackagev2\.{_L}\.amazonaws\.com$")),
)
_AWS_SUFFIXES = (".amazonaws.com", ".on.aws", ".amazonaws.com.cn", ".aws")
_DOMAIN_SUFFIX = re.compile(r"\.[a-z0-9-]+\.[a-z]{2,}$")


def kind_of_hostname(text: str, complete: bool) -> str:
    """The origin kind a hostname shows; ``complete`` is False when parts of it are
    unknown (they appear as ``*``)."""
    host = text.lower()
    for kind, pattern in HOST_PATTERNS:
        if pattern.match(host):
            return kind
    if complete:
        return CUSTOM
    if _DOMAIN_SUFFIX.search(host) and not host.endswith(_AWS_SUFFIXES) and "*" not in host.rsplit(".", 2)[-2]:
        return CUSTOM
    return UNKNOWN_KIND


# --- networks ------------------------------------------------------------------------------

INTERNET_CIDRS = frozenset({"0.0.0.0/0", "::/0"})
CLOUDFRONT_PREFIX_LIST_NAME = "com.amazonaws.global.cloudfront.origin-facing"
ALL_PROTOCOLS = frozenset({"-1", "all"})
TCP_PROTOCOLS = frozenset({"tcp", "6"})
CLOUDFRONT_IPV6_PREFIX_LIST_NAME = "com.amazonaws.global.ipv6.cloudfront.origin-facing"
# Each CloudFront origin-facing list counts as 55 rules against a security group's
# quota of 60 inbound rules, which is counted separately for IPv4 and IPv6 rules.
CLOUDFRONT_PREFIX_LIST_WEIGHT = 55
SECURITY_GROUP_RULE_QUOTA = 60
# Address space that is not the public internet (RFC 1918, CGNAT, loopback,
# link-local, IPv6 unique-local and link-local).
PRIVATE_NETWORKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                    "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128")

# --- CloudFront access to origins -----------------------------------------------------

CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com"
# origin_access_control_origin_type values (case-sensitive), and the origin kind each signs for.
OAC_TYPE_FOR_KIND = {S3: "s3", MEDIASTORE: "mediastore", MEDIAPACKAGEV2: "mediapackagev2", LAMBDA_URL: "lambda"}
OAC_ORIGIN_TYPES = frozenset(OAC_TYPE_FOR_KIND.values())
# Origin kinds no OAC can sign for.
KINDS_WITHOUT_OAC = frozenset({ALB, API_GATEWAY, S3_WEBSITE, CUSTOM})
# What a CloudFront OAC needs from a function URL's resource policy. The second action
# is required of function URLs since October 2025 (AWS Lambda "Control access to
# function URLs"; the exception for older URLs ended on 1 November 2026).
FUNCTION_URL_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")

# --- load balancers -------------------------------------------------------------------------

# HTTPS listener policies that still accept TLS 1.0 or 1.1. Unset, the API uses
# ELBSecurityPolicy-2016-08.
ELB_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
ELB_LEGACY_TLS_POLICIES = frozenset({
    "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08",
    "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06",
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09",
})

# --- WAF ------------------------------------------------------------------------------------

# Managed rule groups that count as a baseline (EDGE706), matched on vendor AWS.
WAF_BASELINE_RULE_GROUPS = frozenset({"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"})
CLOUDFRONT_WAF_REGION = "us-east-1"
