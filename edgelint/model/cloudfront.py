"""CloudFront: distributions, their cache behaviors, origins and origin groups, and
what a distribution uses besides them (CloudFront functions, a CloudWatch log
delivery source, MediaStore containers as origins)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from edgelint.evaluate.values import Partial, Ref, Unknown, Value
from edgelint.model import awsdata, policies
from edgelint.model.arns import parse_arn
from edgelint.model.base import ORIGIN_KINDS, Node, models
from edgelint.model.lambda_edge import LambdaAssociation
from edgelint.model.viewer import ViewerCertificate

if TYPE_CHECKING:
    from edgelint.model.stack import Stack


@models("aws_cloudfront_distribution", view="distribution")
class Distribution(Node):
    # How this schema spells what the multi-tenant one spells differently.
    is_multi_tenant = False
    ORDERED_BEHAVIOR = "ordered_cache_behavior"
    ORIGIN_ID = "origin_id"  # of an origin and of an origin group
    HEADER_NAME, HEADER_VALUE = "name", "value"  # of an origin's custom_header

    @functools.cached_property
    def origins(self) -> list[Origin]:
        return self.nested("origin", Origin)

    @functools.cached_property
    def origin_groups(self) -> list[OriginGroup]:
        return self.nested("origin_group", OriginGroup)

    @functools.cached_property
    def behaviors(self) -> list[Behavior]:
        return [*self.nested("default_cache_behavior", Behavior), *self.nested(self.ORDERED_BEHAVIOR, Behavior)]

    @functools.cached_property
    def viewer_certificate(self) -> ViewerCertificate | None:
        return self.single("viewer_certificate", ViewerCertificate)

    def origin_by_id(self, origin_id: str) -> Origin | OriginGroup | None:
        for o in self.origins:
            if o.origin_id.known == origin_id:
                return o
        for g in self.origin_groups:
            if g.origin_id.known == origin_id:
                return g
        return None

    @property
    def origin_ids_complete(self) -> bool:
        """True when every origin's ID is a known string (so a missing ID is a certainty;
        a number or a list there is something Terraform converts or rejects)."""
        return all(o.text(self.ORIGIN_ID) is not None and not o.generated_unknown
                   for o in [*self.origins, *self.origin_groups])


@models("aws_cloudfront_multitenant_distribution", view="distribution")
class MultiTenantDistribution(Distribution):
    """A multi-tenant distribution (AWS provider 6.28+, SaaS Manager for Amazon
    CloudFront), read into the same model: its ordered behaviors are ``cache_behavior``
    blocks, an origin's and an origin group's identifier is ``id``, a custom header is
    ``header_name``/``header_value``, a behavior's methods are an ``allowed_methods {
    items, cached_methods }`` block, a Lambda@Edge association names
    ``lambda_function_arn``. The schema has no ``aliases`` (tenants and connection
    groups hold the domains), ``logging_config``, ``forwarded_values``, TTLs,
    ``iam_certificate_id``, ``trusted_signers`` or ``grpc_config``; ``web_acl_id`` is
    WAFv2 only and a tenant may override it and the certificate. Rules that rest on
    those skip it (``is_multi_tenant``). Sources: the provider's
    ``internal/service/cloudfront/multitenant_distribution.go`` and
    ``website/docs/r/cloudfront_multitenant_distribution.html.markdown``
    (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_multitenant_distribution);
    CloudFront Developer Guide, "Unsupported features for SaaS Manager for Amazon
    CloudFront" (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-config-options.html#unsupported-saas)."""

    is_multi_tenant = True
    ORDERED_BEHAVIOR = "cache_behavior"
    ORIGIN_ID = "id"
    HEADER_NAME, HEADER_VALUE = "header_name", "header_value"


@models("aws_cloudfront_distribution_tenant", "aws_cloudfront_connection_group", standalone=False)
class DistributionTenant(Node):
    """A tenant of a multi-tenant distribution (``distribution_id``; its domains, and
    customizations that may replace the distribution's web ACL and certificate), or
    a connection group (routing for tenants). No rule reads them yet; they are
    declared so that the view and the pre-filter know them."""


class _InDistribution(Node):
    """A block nested in a distribution."""

    parent: Distribution

    @property
    def distribution(self) -> Distribution:
        return self.parent


class Behavior(_InDistribution):
    """A ``default_cache_behavior`` or ``ordered_cache_behavior`` block."""

    @property
    def is_default(self) -> bool:
        return self.nested_type == "default_cache_behavior"

    @property
    def label(self) -> str:
        if self.is_default:
            return "the default cache behavior"
        pattern = self.known("path_pattern")
        return f"behavior '{pattern}'" if pattern else "an ordered cache behavior"

    @functools.cached_property
    def origin(self) -> Origin | OriginGroup | None:
        target = self.text("target_origin_id")
        return self.distribution.origin_by_id(target) if target is not None else None

    @property
    def target_origins(self) -> list[Origin]:
        """The origins requests can reach: the target origin, or its group's members."""
        target = self.origin
        if isinstance(target, Origin):
            return [target]
        return list(target.members) if isinstance(target, OriginGroup) else []

    # policies and caching (edgelint.model.policies)

    @functools.cached_property
    def cache_policy(self) -> policies.PolicyRef | None:
        return policies.policy_ref(self, "cache_policy_id")

    @functools.cached_property
    def origin_request_policy(self) -> policies.PolicyRef | None:
        return policies.policy_ref(self, "origin_request_policy_id")

    @functools.cached_property
    def response_headers_policy(self) -> policies.PolicyRef | None:
        return policies.policy_ref(self, "response_headers_policy_id")

    @functools.cached_property
    def ttls(self) -> policies.Ttls:
        """Effective TTLs: ``ttls.caches_by_default``, ``ttls.can_cache`` (RULES.md)."""
        return policies.effective_ttls(self)

    @property
    def settings_compress(self) -> bool | None:
        """Whether the behavior's cache settings let CloudFront compress: legacy
        ``forwarded_values`` do; a cache policy does when it enables Gzip or Brotli
        (CachingOptimizedForUncompressedObjects does not). None when unknown."""
        policy = self.cache_policy
        if policy is None:
            return True
        return policy.facts.compresses if isinstance(policy.facts, awsdata.CachePolicyFacts) else None

    @property
    def allowed_methods(self) -> frozenset[str] | None:
        return policies.known_methods(self._methods("items"))

    @property
    def cached_methods(self) -> frozenset[str] | None:
        return policies.known_methods(self._methods("cached_methods"))

    def _methods(self, name: str) -> Value:
        """The attribute of this schema (``allowed_methods``, ``cached_methods``), or
        the multi-tenant ``allowed_methods { items, cached_methods }`` block's."""
        if not self.distribution.is_multi_tenant:
            return self.value("allowed_methods" if name == "items" else name)
        block = self.single("allowed_methods")
        return block.value(name) if block is not None else Unknown("no single allowed_methods block")

    @functools.cached_property
    def lambda_associations(self) -> list[LambdaAssociation]:
        return self.nested("lambda_function_association", LambdaAssociation)


class Origin(_InDistribution):
    """An ``origin`` block of a distribution."""

    @property
    def origin_id(self) -> Value:
        return self.value(self.distribution.ORIGIN_ID)

    @property
    def label(self) -> str:
        oid = self.origin_id
        return f"origin '{oid.known}'" if oid.is_known else "an origin"

    @property
    def domain(self) -> Value:
        return self.value("domain_name")

    @property
    def through_vpc_origin(self) -> bool | None:
        """Whether CloudFront reaches the origin through a VPC origin (inside the VPC,
        not over the internet)."""
        return self.has_block("vpc_origin_config")

    @functools.cached_property
    def vpc_origin(self) -> VpcOrigin | None:
        """The ``aws_cloudfront_vpc_origin`` that ``vpc_origin_config.vpc_origin_id``
        refers to, when it is in the configuration."""
        config = self.single("vpc_origin_config")
        found = self.stack.object_for(config.value("vpc_origin_id")) if config is not None else None
        return found if isinstance(found, VpcOrigin) else None

    @functools.cached_property
    def _kind_and_ref(self) -> tuple[str, Ref | None]:
        """Through a VPC origin, the kind of what its endpoint ARN names (the load
        balancer or instance behind it); otherwise what the domain name shows."""
        vpc = self.vpc_origin
        if vpc is not None:
            kind, ref = vpc.endpoint_kind
            if kind != awsdata.UNKNOWN_KIND:
                return kind, ref
        return origin_kind(self.stack, self.domain)

    @property
    def kind(self) -> str:
        """One of the kinds in ``awsdata`` (``alb``, ``api-gateway``, … ``unknown``)."""
        return self._kind_and_ref[0]

    @property
    def kind_label(self) -> str:
        return awsdata.KIND_LABEL[self.kind]

    def kind_related(self):
        """This origin as a related location that names its kind (for cross-resource
        findings whose reason is what the origin is)."""
        return self.related(f"{self.label} is {self.kind_label}", at="domain_name")

    @functools.cached_property
    def target(self) -> Node | None:
        """The resource behind the domain name: a LoadBalancer, RestApi, HttpApi,
        Bucket, FunctionUrl… or None when it is not in the configuration."""
        ref = self._kind_and_ref[1]
        return self.stack.object_for(ref) if ref is not None else None

    @property
    def behaviors(self) -> list[Behavior]:
        return [b for b in self.distribution.behaviors if b.origin is self
                or (isinstance(b.origin, OriginGroup) and self in b.origin.members)]

    def custom_headers(self) -> dict[str, Value] | None:
        """Header name (as written) → value; None when a header name is unknown."""
        out: dict[str, Value] = {}
        d = self.distribution
        for h in self.nested("custom_header"):
            name = h.text(d.HEADER_NAME)
            if h.generated_unknown or name is None:
                return None
            out[name] = h.value(d.HEADER_VALUE)
        return out


class OriginGroup(_InDistribution):
    """An ``origin_group`` block of a distribution."""

    @property
    def origin_id(self) -> Value:
        return self.value(self.distribution.ORIGIN_ID)

    @property
    def label(self) -> str:
        oid = self.origin_id
        return f"origin group '{oid.known}'" if oid.is_known else "an origin group"

    @property
    def failover_criteria(self) -> Node | None:
        return self.single("failover_criteria")

    @functools.cached_property
    def members(self) -> list[Origin]:
        out = []
        for m in self.nested("member"):
            oid = m.value("origin_id")
            if oid.is_known:
                o = self.distribution.origin_by_id(oid.known)
                if isinstance(o, Origin):
                    out.append(o)
        return out


def origin_kind(stack: Stack, domain: Value) -> tuple[str, Ref | None]:
    """RULES.md "Origin kinds": the referenced resource's type first, then the
    hostname pattern, else unknown."""
    refs = list(domain.refs())
    for ref in refs:
        kind = ORIGIN_KINDS.get(ref.type)
        if kind is None:
            continue
        if kind == awsdata.S3 and ref.attribute in awsdata.S3_WEBSITE_ATTRIBUTES:
            kind = awsdata.S3_WEBSITE
        if kind == awsdata.ALB:
            from edgelint.model.network import LoadBalancer

            lb = stack.object_for(ref)
            if isinstance(lb, LoadBalancer) and lb.lb_type != "application":
                kind = {"network": awsdata.NLB, None: awsdata.UNKNOWN_KIND}.get(lb.lb_type, awsdata.CUSTOM)
        return kind, ref
    if isinstance(domain, Partial):
        return awsdata.kind_of_hostname(domain.pattern_text(), complete=False), None
    if domain.is_known and isinstance(domain.known, str):
        return awsdata.kind_of_hostname(domain.known, complete=True), None
    return awsdata.UNKNOWN_KIND, None


@models("aws_cloudfront_vpc_origin", view="vpc-origin", standalone=False)
class VpcOrigin(Node):
    """A CloudFront VPC origin: CloudFront reaches an application or network load
    balancer, or an EC2 instance, in private subnets through it. Its
    ``vpc_origin_endpoint_config.arn`` names that target; an origin uses it through
    ``vpc_origin_config { vpc_origin_id }`` (AWS provider, ``aws_cloudfront_vpc_origin``;
    CloudFront Developer Guide, "Restrict access with VPC origins",
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html)."""

    @property
    def endpoint_arn(self) -> Value:
        config = self.single("vpc_origin_endpoint_config")
        return config.value("arn") if config is not None else Unknown("no single vpc_origin_endpoint_config")

    @property
    def endpoint_kind(self) -> tuple[str, Ref | None]:
        """The origin kind of the endpoint (``alb``, ``nlb``, ``custom`` for an
        instance) and the reference to it; ``unknown`` when the ARN says nothing."""
        arn = self.endpoint_arn
        if any(True for _ in arn.refs()):
            return origin_kind(self.stack, arn)
        return _kind_of_endpoint_arn(arn.known if arn.is_known and isinstance(arn.known, str) else ""), None

    @property
    def target(self) -> Node | None:
        """The load balancer or instance behind the VPC origin, when in the configuration."""
        ref = self.endpoint_kind[1]
        return self.stack.object_for(ref) if ref is not None else None


def _kind_of_endpoint_arn(text: str) -> str:
    """The kind a literal VPC origin endpoint ARN names."""
    found = parse_arn(text)
    if found is None:
        return awsdata.UNKNOWN_KIND
    if found.service == "elasticloadbalancing":
        if found.resource.startswith("loadbalancer/app/"):
            return awsdata.ALB
        if found.resource.startswith("loadbalancer/net/"):
            return awsdata.NLB
    if found.service == "ec2" and found.resource.startswith("instance/"):
        return awsdata.CUSTOM
    return awsdata.UNKNOWN_KIND


@models("aws_instance", origin=awsdata.CUSTOM, data_sources=True, view="instance", standalone=False)
class Instance(Node):
    """An EC2 instance: a custom origin (by its DNS name, or behind a VPC origin)."""


@models("aws_media_store_container", origin=awsdata.MEDIASTORE, standalone=False)
class MediaStoreContainer(Node):
    """A MediaStore container: an origin CloudFront reaches by its data endpoint."""


@models("aws_cloudfront_function", view="edge-function", standalone=False)
class CloudFrontFunction(Node):
    """A CloudFront function, which a behavior runs through ``function_association``."""


@models("aws_cloudwatch_log_delivery_source", standalone=False)
class LogDeliverySource(Node):
    """A CloudWatch log delivery source: a distribution's access logs delivered
    through CloudWatch Logs instead of ``logging_config``."""
