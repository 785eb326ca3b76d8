"""CloudFront policies: cache, origin request and response headers policies.

A behavior names each policy by ID. Whatever form that ID takes, the model answers
with the same facts (``awsdata.CachePolicyFacts``, ``awsdata.OriginRequestPolicyFacts``):

- a literal managed ID (or one from a variable, tfvars, a local): the managed table
  in ``awsdata``, matched by ID, never by name;
- ``aws_cloudfront_cache_policy.x.id`` / ``aws_cloudfront_origin_request_policy.x.id``:
  the custom policy's own TTLs and header, cookie and query string settings;
- ``data.aws_cloudfront_cache_policy.x.id`` (and the origin request policy data
  source) looked up by a managed name (``Managed-CachingOptimized``) or ID: that
  managed policy.

Anything else (a custom policy made outside this configuration, an unknown variable)
gives a ``PolicyRef`` whose ``facts`` is None: rules that need the facts stay silent.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edgelint.evaluate.values import Ref, Value
from edgelint.model import awsdata
from edgelint.model.base import Node, models, strings

if TYPE_CHECKING:
    from edgelint.model.cloudfront import Behavior


@dataclass(frozen=True)
class PolicyRef:
    """A policy that a behavior names through one of its ``*_policy_id`` attributes."""

    kind: str  # awsdata.CACHE_POLICY, ORIGIN_REQUEST_POLICY or RESPONSE_HEADERS_POLICY
    attribute: str  # the behavior's attribute: cache_policy_id, …
    value: Value
    # CachePolicyFacts / OriginRequestPolicyFacts (a name alone for response headers
    # policies); None when unknown.
    facts: awsdata.CachePolicyFacts | awsdata.OriginRequestPolicyFacts | ResponseHeadersFacts | None = None
    source: Node | None = None  # the policy resource or data source in the configuration
    managed_id: str | None = None  # set when it is a managed policy

    @property
    def label(self) -> str:
        """How messages name the policy: ``managed cache policy CachingOptimized``,
        ``cache policy aws_cloudfront_cache_policy.api``."""
        name = getattr(self.facts, "name", None)
        if self.managed_id is not None and name:
            return f"managed {self.kind} policy {name}"
        if self.source is not None:
            return f"{self.kind} policy {self.source.address}"
        return f"{self.kind} policy"

    def related(self) -> list:
        """The policy's definition, as a related location, when it is in the config."""
        if self.source is None:
            return []
        verb = "looked up" if self.source.is_data_source else "defined"
        return [self.source.related(f"the {self.label} is {verb} here")]


def policy_ref(behavior: Behavior, attribute: str) -> PolicyRef | None:
    """The policy ``attribute`` names; None when the attribute is certainly unset."""
    kind = awsdata.POLICY_ATTRIBUTES[attribute]
    value = behavior.value(attribute)
    if value.is_known and value.known in (None, ""):
        return None
    if value.is_known and isinstance(value.known, str):
        return _managed(kind, attribute, value, value.known)
    if isinstance(value, Ref):
        source = behavior.stack.object_for(value)
        names_id = bool(value.path) and value.path[-1] == "id"  # aws_…_policy.x.id, also x[0].id
        if isinstance(source, (CachePolicy, OriginRequestPolicy)) and source.kind == kind and names_id:
            return PolicyRef(kind, attribute, value, source.facts, source)
        if source is not None and source.is_data_source and names_id:
            managed_id = _data_source_id(source, kind)
            if managed_id is not None:
                return PolicyRef(kind, attribute, value, _managed_facts(kind, managed_id), source, managed_id)
        return PolicyRef(kind, attribute, value, None, source)
    return PolicyRef(kind, attribute, value)


def _managed(kind: str, attribute: str, value: Value, policy_id: str) -> PolicyRef:
    facts = _managed_facts(kind, policy_id)
    if facts is None:
        return PolicyRef(kind, attribute, value)
    return PolicyRef(kind, attribute, value, facts, None, policy_id)


def _managed_facts(kind: str, policy_id: str):
    if kind == awsdata.CACHE_POLICY:
        return awsdata.MANAGED_CACHE_POLICIES.get(policy_id)
    if kind == awsdata.ORIGIN_REQUEST_POLICY:
        return awsdata.MANAGED_ORIGIN_REQUEST_POLICIES.get(policy_id)
    name = awsdata.MANAGED_RESPONSE_HEADERS_POLICIES.get(policy_id)
    return ResponseHeadersFacts(name) if name else None


@dataclass(frozen=True)
class ResponseHeadersFacts:
    """A managed response headers policy: only its name matters to the rules."""

    name: str


def _data_source_id(source: Node, kind: str) -> str | None:
    """The managed policy a policy data source finds, by ``name`` or ``id``."""
    if not any(cls.kind == kind and source.resource_type in cls.terraform_types for cls in _POLICY_CLASSES):
        return None
    name = source.known("name")
    if isinstance(name, str):
        return awsdata.managed_policy_id_by_name(kind, name)
    policy_id = source.known("id")
    if isinstance(policy_id, str) and policy_id in awsdata.managed_policy_names(kind):
        return policy_id
    return None


# --- custom policies ----------------------------------------------------------------------


@models("aws_cloudfront_cache_policy", standalone=False)
class CachePolicy(Node):
    kind = awsdata.CACHE_POLICY

    @functools.cached_property
    def facts(self) -> awsdata.CachePolicyFacts:
        params = self.single("parameters_in_cache_key_and_forwarded_to_origin")
        headers = params.single("headers_config") if params else None
        behavior = _behavior(headers, "header_behavior")
        if behavior == "none":
            key_headers: frozenset | None = frozenset()
        elif behavior == "whitelist":
            key_headers = _items(headers, "headers")
        else:
            key_headers = None
        return awsdata.CachePolicyFacts(
            self.address, _ttl(self, "min_ttl"), _ttl(self, "default_ttl"), _ttl(self, "max_ttl"), key_headers,
            _behavior(params.single("cookies_config") if params else None, "cookie_behavior"),
            _behavior(params.single("query_strings_config") if params else None, "query_string_behavior"),
            managed=False, compresses=_compresses(params))


@models("aws_cloudfront_origin_request_policy", standalone=False)
class OriginRequestPolicy(Node):
    kind = awsdata.ORIGIN_REQUEST_POLICY

    @functools.cached_property
    def facts(self) -> awsdata.OriginRequestPolicyFacts:
        headers = self.single("headers_config")
        behavior = _behavior(headers, "header_behavior")
        host: bool | None
        if behavior == "none":
            host, everything = False, False
        elif behavior in ("allViewer", "allViewerAndWhitelistCloudFront"):
            host, everything = True, True
        elif behavior == "whitelist":
            items = _items(headers, "headers")
            host, everything = (None if items is None else "host" in items), False
        elif behavior == "allExcept":
            items = _items(headers, "headers")
            host = None if items is None else "host" not in items
            everything = None if items is None else "authorization" not in items
        else:
            host, everything = None, None
        return awsdata.OriginRequestPolicyFacts(self.address, host, everything, managed=False)


@models("aws_cloudfront_response_headers_policy", standalone=False)
class ResponseHeadersPolicy(Node):
    """A custom response headers policy (only managed ones are read, by data source)."""

    kind = awsdata.RESPONSE_HEADERS_POLICY


_POLICY_CLASSES = (CachePolicy, OriginRequestPolicy, ResponseHeadersPolicy)


def _behavior(config: Node | None, attribute: str) -> str | None:
    """A ``*_behavior`` setting; an unset one is ``none`` (the API's only default)."""
    if config is None:
        return None
    if config.is_null(attribute):
        return "none"
    return config.text(attribute)


def _items(config: Node, block_type: str) -> frozenset[str] | None:
    """Lower-cased ``items`` of a ``headers``/``cookies`` block; None when unknown."""
    if config.has_block(block_type) is False:
        return frozenset()
    found = config.single(block_type)
    if found is None:
        return None
    values = found.strings("items")
    return frozenset(v.lower() for v in values) if values is not None else None


def _compresses(params: Node | None) -> bool | None:
    """Whether a custom cache policy enables Gzip or Brotli (both default to false)."""
    if params is None:
        return None
    found = [params.flag(a) if not params.is_null(a) else False
             for a in ("enable_accept_encoding_gzip", "enable_accept_encoding_brotli")]
    if True in found:
        return True
    return False if found == [False, False] else None


def _ttl(node: Node, attribute: str) -> int | None:
    if node.is_null(attribute):
        return awsdata.TTL_DEFAULTS[attribute]
    return node.integer(attribute)


# --- what a behavior does with these policies -------------------------------------------------


@dataclass(frozen=True)
class Ttls:
    """A behavior's effective TTLs; each None when unknown."""

    min: int | None
    default: int | None
    max: int | None

    @property
    def caches_by_default(self) -> bool | None:
        """Responses are cached even without Cache-Control: min or default TTL > 0."""
        if (self.min or 0) > 0 or (self.default or 0) > 0:
            return True
        return False if self.min is not None and self.default is not None else None

    @property
    def can_cache(self) -> bool | None:
        """Some response can be cached: the maximum TTL is > 0."""
        return None if self.max is None else self.max > 0


UNKNOWN_TTLS = Ttls(None, None, None)


def effective_ttls(behavior: Behavior) -> Ttls:
    """The cache policy's TTLs; with legacy ``forwarded_values`` and no cache policy,
    the behavior's own TTLs (unset ones at the API defaults)."""
    policy = behavior.cache_policy
    if policy is not None:
        facts = policy.facts
        return Ttls(facts.min_ttl, facts.default_ttl, facts.max_ttl) if facts is not None else UNKNOWN_TTLS
    if behavior.is_set("cache_policy_id") is not False or behavior.has_block("forwarded_values") is not True:
        return UNKNOWN_TTLS
    return Ttls(*(_ttl(behavior, name) for name in ("min_ttl", "default_ttl", "max_ttl")))


@dataclass(frozen=True)
class Forwarding:
    """One setting of a behavior that sends something to the origin: the attribute
    (or block) to change, and what it does in words."""

    attribute: str
    what: str
    policy: PolicyRef | None = None


def host_forwarding(behavior: Behavior) -> tuple[list[Forwarding], bool]:
    """The settings that certainly forward the viewer's Host header, and whether
    every setting that could forward it is known (so an empty list is a fact)."""
    found: list[Forwarding] = []
    complete = True
    request = behavior.origin_request_policy
    if request is not None:
        forwards = request.facts.forwards_host if request.facts is not None else None
        if forwards:
            found.append(Forwarding("origin_request_policy_id", f"the {request.label} forwards it", request))
        complete &= forwards is not None
    cache = behavior.cache_policy
    if cache is not None:
        keyed = cache.facts.key_has_header("host") if cache.facts is not None else None
        if keyed:
            found.append(Forwarding("cache_policy_id", f"the {cache.label} keys on it, which forwards it", cache))
        complete &= keyed is not None
    legacy = legacy_headers(behavior)
    if legacy is None:
        complete = False
    elif legacy & {"host", "*"}:
        found.append(Forwarding("forwarded_values", "forwarded_values.headers forwards it"))
    return found, complete


def legacy_headers(behavior: Behavior) -> frozenset[str] | None:
    """Lower-cased ``forwarded_values.headers``; empty without forwarded_values,
    None when unknown."""
    if behavior.has_block("forwarded_values") is False:
        return frozenset()
    legacy = behavior.single("forwarded_values")
    if legacy is None:
        return None
    values = legacy.strings("headers")
    return frozenset(v.lower() for v in values) if values is not None else None


def fragmenting_keys(behavior: Behavior) -> list[Forwarding]:
    """What puts viewer data S3 ignores into the cache key: all cookies, all query
    strings, or viewer headers other than the CORS ones S3 reads."""
    cache = behavior.cache_policy
    if cache is not None:
        facts = cache.facts
        if not isinstance(facts, awsdata.CachePolicyFacts):
            return []
        what = []
        if facts.key_cookies in ("all", "allExcept"):
            what.append("all cookies")
        if facts.key_query_strings in ("all", "allExcept"):
            what.append("all query strings")
        what += _header_keys(facts.key_headers)
        return [Forwarding("cache_policy_id", f"the {cache.label} keys on " + _and(what), cache)] if what else []
    legacy = behavior.single("forwarded_values")
    if legacy is None or behavior.is_set("cache_policy_id") is not False:
        return []
    what = []
    cookies = legacy.single("cookies")
    if cookies is not None and cookies.text("forward") == "all":
        what.append("all cookies")
    if legacy.flag("query_string") is True and not legacy.is_set("query_string_cache_keys"):
        what.append("all query strings")
    what += _header_keys(legacy_headers(behavior))
    return [Forwarding("forwarded_values", "forwarded_values keys on " + _and(what))] if what else []


def _header_keys(headers: frozenset[str] | None) -> list[str]:
    """The viewer headers of a cache key S3 ignores, in words."""
    if headers and "*" in headers:
        return ["all viewer headers"]
    names = sorted((headers or frozenset()) - awsdata.S3_CORS_HEADERS)
    return ["the viewer headers " + ", ".join(names)] if names else []


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def known_methods(value: Value) -> frozenset[str] | None:
    """A method list as a set, when every element is known."""
    values, complete = strings(value)
    return frozenset(values) if complete and value.is_known and value.known is not None else None
