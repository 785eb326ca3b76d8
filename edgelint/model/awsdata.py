"""AWS facts the model and more than one rule rest on (RULES.md "Reference data").

A fact only one rule reads lives in that rule's file, beside its reader.

Managed policies are matched by ID, never by name: a widely copied snippet carries
wrong IDs. The IDs were checked against AWS's service model and CDK constants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CachePolicyFacts:
    """What a cache policy does, as far as the rules care. ``None`` means unknown
    (a custom policy whose setting comes from a value edgelint cannot see)."""

    name: str
    min_ttl: int | None
    default_ttl: int | None
    max_ttl: int | None
    key_headers: frozenset[str] | None  # lower-cased header names in the cache key
    key_cookies: str | None  # cookie behavior: none, whitelist, allExcept, all
    key_query_strings: str | None  # query string behavior: none, whitelist, allExcept, all
    managed: bool = True
    # Gzip or Brotli enabled ("cache compressed objects"): only then does a behavior's
    # ``compress`` do anything. None when unknown.
    compresses: bool | None = None

    def key_has_header(self, name: str) -> bool | None:
        return None if self.key_headers is None else name.lower() in self.key_headers


@dataclass(frozen=True)
class OriginRequestPolicyFacts:
    """What an origin request policy forwards. ``None`` means unknown."""

    name: str
    forwards_host: bool | None  # the viewer's Host header reaches the origin
    forwards_all_headers: bool | None  # every viewer header, Authorization among them
    managed: bool = True


def _cache(name: str, ttls: tuple[int, int, int], headers: tuple[str, ...] = (), cookies: str = "none",
           query_strings: str = "none", compresses: bool = True) -> CachePolicyFacts:
    return CachePolicyFacts(name, *ttls, frozenset(h.lower() for h in headers), cookies, query_strings,
                            compresses=compresses)


_DAY, _YEAR = 86400, 31536000
_ORIGIN_CACHE_CONTROL_HEADERS = ("Host", "Origin", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")

# Source: "Use managed cache policies", Amazon CloudFront Developer Guide
# (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html).
# TTLs are (min, default, max) in seconds; the normalized Accept-Encoding header that
# compression adds to some keys is left out (it is not viewer data). Compressed objects
# are cached (Gzip and/or Brotli on) by every policy but CachingOptimizedForUncompressedObjects
# and CachingDisabled.
MANAGED_CACHE_POLICIES: dict[str, CachePolicyFacts] = {
    "658327ea-f89d-4fab-a63d-7e88639e58f6": _cache("CachingOptimized", (1, _DAY, _YEAR)),
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": _cache("CachingOptimizedForUncompressedObjects", (1, _DAY, _YEAR),
                                                   compresses=False),
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": _cache("CachingDisabled", (0, 0, 0), compresses=False),
    "2e54312d-136d-493c-8eb9-b001f22f67d2": _cache(
        "Amplify", (2, 2, 600), ("Authorization", "CloudFront-Viewer-Country", "Host"), "all", "all"),
    "08627262-05a9-4f76-9ded-b50ca2e3a84f": _cache(
        "Elemental-MediaPackage", (0, _DAY, _YEAR), ("Origin",), "none", "whitelist"),
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65": _cache(
        "UseOriginCacheControlHeaders", (0, 0, _YEAR), _ORIGIN_CACHE_CONTROL_HEADERS, "all", "none"),
    "4cc15a8a-d715-48a4-82b8-cc0b614638fe": _cache(
        "UseOriginCacheControlHeaders-QueryStrings", (0, 0, _YEAR), _ORIGIN_CACHE_CONTROL_HEADERS, "all", "all"),
}

# Source: "Use managed origin request policies", Amazon CloudFront Developer Guide
# (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html).
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

# The three policy kinds a behavior can name, by the attribute that names them.
CACHE_POLICY, ORIGIN_REQUEST_POLICY, RESPONSE_HEADERS_POLICY = "cache", "origin request", "response headers"
POLICY_ATTRIBUTES = {
    "cache_policy_id": CACHE_POLICY,
    "origin_request_policy_id": ORIGIN_REQUEST_POLICY,
    "response_headers_policy_id": RESPONSE_HEADERS_POLICY,
}


def managed_policy_names(kind: str) -> dict[str, str]:
    """Managed policy ID → name for one policy kind."""
    if kind == CACHE_POLICY:
        return {k: v.name for k, v in MANAGED_CACHE_POLICIES.items()}
    if kind == ORIGIN_REQUEST_POLICY:
        return {k: v.name for k, v in MANAGED_ORIGIN_REQUEST_POLICIES.items()}
    return dict(MANAGED_RESPONSE_HEADERS_POLICIES)


def managed_policy_id(kind: str, name: str) -> str | None:
    """The ID of the managed policy of ``kind`` called ``name`` (``CachingDisabled``)."""
    return next((pid for pid, n in managed_policy_names(kind).items() if n == name), None)


def managed_policy_id_by_name(kind: str, name: str) -> str | None:
    """The ID of the managed policy AWS names ``name`` (``Managed-CachingOptimized``):
    what a ``data "aws_cloudfront_cache_policy"`` lookup by name returns."""
    if not name.startswith("Managed-"):
        return None
    return managed_policy_id(kind, name[len("Managed-"):])


# --- cache behaviors -----------------------------------------------------------------------

# TTLs left unset: CloudFront's API defaults for a legacy (forwarded_values) behavior,
# and the same values are aws_cloudfront_cache_policy's provider defaults.
TTL_DEFAULTS = {"min_ttl": 0, "default_ttl": _DAY, "max_ttl": _YEAR}

# Headers S3 reads on a CORS request: keying or forwarding them is not fragmentation.
S3_CORS_HEADERS = frozenset({"origin", "access-control-request-headers", "access-control-request-method"})

# --- viewer side ---------------------------------------------------------------------------

PROVIDER_DEFAULT_VIEWER_TLS = "TLSv1"
CLOUDFRONT_REGION = "us-east-1"  # ACM certificates, Lambda@Edge functions and web ACLs live here

# --- origin kinds ------------------------------------------------------------------------

S3, S3_WEBSITE, ALB, API_GATEWAY, LAMBDA_URL = "s3", "s3-website", "alb", "api-gateway", "lambda-url"
ELB, NLB = "elb", "nlb"  # a Classic Load Balancer (aws_elb), a Network Load Balancer
MEDIASTORE, MEDIAPACKAGEV2, CUSTOM, UNKNOWN_KIND = "mediastore", "mediapackagev2", "custom", "unknown"
DYNAMIC_KINDS = frozenset({API_GATEWAY, LAMBDA_URL, ALB, ELB, NLB})

KIND_LABEL = {
    S3: "an S3 bucket (REST endpoint)",
    S3_WEBSITE: "an S3 website endpoint",
    ALB: "an application load balancer",
    ELB: "a Classic Load Balancer",
    NLB: "a network load balancer",
    API_GATEWAY: "an API Gateway execute-api endpoint",
    LAMBDA_URL: "a Lambda function URL",
    MEDIASTORE: "a MediaStore container",
    MEDIAPACKAGEV2: "a MediaPackage v2 endpoint",
    CUSTOM: "a custom origin",
    UNKNOWN_KIND: "an origin of unknown kind",
}

S3_WEBSITE_ATTRIBUTES = frozenset({"website_endpoint", "website_domain"})

# Hostname patterns; "*" stands for a piece of the name that is not known statically.
_L = r"[a-z0-9*][a-z0-9*-]*"  # one DNS label
HOST_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    (S3_WEBSITE, re.compile(rf"^[^/]+\.s3-website[.-]{_L}\.amazonaws\.com$")),
    (S3, re.compile(rf"^[^/]+\.s3(\.{_L})?\.amazonaws\.com$")),
    (ALB, re.compile(r"^[^/]+\.elb\.amazonaws\.com$")),
    # A network load balancer's name puts "elb" before the region
    # (my-nlb-0123456789abcdef.elb.us-west-2.amazonaws.com; ELB User Guide, "DNS name").
    (NLB, re.compile(rf"^[^/]+\.elb\.{_L}\.amazonaws\.com$")),
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
# Address space that is not the public internet (RFC 1918, CGNAT, loopback,
# link-local, IPv6 unique-local and link-local).
PRIVATE_NETWORKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                    "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128")

# --- CloudFront access to origins -----------------------------------------------------

CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com"
# origin_access_control_origin_type values (case-sensitive), and the origin kind each signs for.
OAC_TYPE_FOR_KIND = {S3: "s3", MEDIASTORE: "mediastore", MEDIAPACKAGEV2: "mediapackagev2", LAMBDA_URL: "lambda"}
OAC_ORIGIN_TYPES = frozenset(OAC_TYPE_FOR_KIND.values())
