"""Origin access: who may read an origin besides its CloudFront distribution.

Origin access controls (OAC) and identities (OAI), S3 buckets with their bucket
policies, Lambda function URLs with their ``aws_lambda_permission`` grants, and the
questions the EDGE4xx rules ask of them: which OAC does an origin use, does a bucket
policy let this distribution's OAC read objects, may CloudFront invoke a function URL.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from edgelint.evaluate.values import Value
from edgelint.model import awsdata
from edgelint.model.arns import lambda_function, parse_arn
from edgelint.model.base import Node, all_of, any_of, models, refers_to
from edgelint.model.iam import PolicyDocument, Statement, condition_holds, read_policy
from edgelint.model.lambda_edge import LambdaFunction

if TYPE_CHECKING:
    from edgelint.model.cloudfront import Distribution, Origin


@models("aws_cloudfront_origin_access_control", view="access-control")
class OriginAccessControl(Node):
    pass


@models("aws_cloudfront_origin_access_identity", view="access-control", standalone=False)
class OriginAccessIdentity(Node):
    pass


def access_control_of(origin: Origin) -> OriginAccessControl | None:
    """The OAC an origin's ``origin_access_control_id`` refers to, when in the config."""
    obj = origin.stack.object_for(origin.value("origin_access_control_id"))
    return obj if isinstance(obj, OriginAccessControl) else None


def access_identity_setting(origin: Origin) -> Node | None:
    """The ``s3_origin_config`` block holding the origin's OAI, when there is one."""
    return next(iter(origin.nested("s3_origin_config")), None)


# --- S3 ---


@models("aws_s3_bucket", origin=awsdata.S3, data_sources=True, view="bucket", standalone=False)
class Bucket(Node):
    @property
    def name(self) -> Value:
        return self.value("bucket")

    @functools.cached_property
    def _policies(self) -> tuple[list[Node], bool]:
        """Nodes holding a ``policy`` for this bucket (its own legacy inline ``policy``
        and each ``aws_s3_bucket_policy`` naming it) and whether that list is certain."""
        found: list[Node] = []
        complete = self.opaque_flow is None
        inline = self.is_set("policy")
        if inline:
            found.append(self)
        elif inline is None:
            complete = False
        for policy in self.stack.all(BucketPolicy):
            names = _names_bucket(policy.value("bucket"), self)
            if names is True:
                found.append(policy)
            elif names is None:
                complete = False
        return found, complete

    @property
    def policy_holders(self) -> list[Node]:
        return self._policies[0]

    @property
    def policies_complete(self) -> bool:
        return self._policies[1]


@models("aws_s3_bucket_policy", standalone=False)
class BucketPolicy(Node):
    """The policy of a bucket, as a resource of its own."""


@models("aws_s3_bucket_website_configuration", origin=awsdata.S3_WEBSITE, view="bucket", standalone=False)
class BucketWebsite(Node):
    """A bucket's website configuration: its website endpoint is an S3 website origin."""


def _names_bucket(value: Value, bucket: Bucket) -> bool | None:
    """Whether a bucket policy's ``bucket`` argument is this bucket."""
    by_ref = refers_to(value, bucket)
    if by_ref is not None:
        return by_ref
    if any(True for _ in value.refs()):
        return None  # built from something else: a data source, another module
    name = bucket.name
    if value.is_known and isinstance(value.known, str) and name.is_known and isinstance(name.known, str):
        return value.known == name.known
    return None


def grants_cloudfront_read(document: PolicyDocument, distribution: Distribution) -> bool | None:
    """Whether a bucket policy lets ``distribution`` read objects through its OAC:
    an Allow of ``s3:GetObject`` to ``cloudfront.amazonaws.com`` whose
    ``aws:SourceArn`` condition, if any, names this distribution."""

    def grants(s: Statement) -> bool | None:
        return all_of([s.allows(), s.covers_action("s3:GetObject"),
                       s.names_service(awsdata.CLOUDFRONT_SERVICE),
                       condition_holds(s, "aws:SourceArn", lambda v: refers_to(v, distribution))])

    return document.any_statement(grants)


def unscoped_cloudfront_reads(document: PolicyDocument) -> list[Statement]:
    """The statements that certainly allow ``s3:GetObject`` to the CloudFront service
    principal itself with no ``aws:SourceArn`` condition (the key in any case): any
    distribution, in any account, may use them."""

    def unscoped(s: Statement) -> bool:
        conditions = s.conditions_on("aws:SourceArn")
        return all_of([s.allows(), s.covers_action("s3:GetObject"),
                       s.names_service(awsdata.CLOUDFRONT_SERVICE, everyone=False)]) is True and conditions == []

    return [s for s in document.statements if unscoped(s)]


def bucket_policy(holder: Node) -> PolicyDocument | None:
    return read_policy(holder.stack, holder.value("policy"))


# --- Lambda function URLs ---


@models("aws_lambda_function_url", origin=awsdata.LAMBDA_URL, view="lambda-url")
class FunctionUrl(Node):
    def permissions(self) -> tuple[list[LambdaPermission], bool]:
        """The ``aws_lambda_permission``s on this URL's function, and whether that
        list is certain: not when a permission's function is unknown, nor when the
        URL or its function flows into code edgelint cannot read)."""
        function = self.stack.object_for(self.value("function_name"))
        found, complete = [], self.opaque_flow is None and (function is None or function.opaque_flow is None)
        for p in self.stack.all(LambdaPermission):
            same = same_function(p.value("function_name"), self.value("function_name"))
            if same is True:
                found.append(p)
            elif same is None:
                complete = False
        return found, complete

    def grants_cloudfront(self, action: str, distribution: Distribution) -> bool | None:
        """Whether a permission lets ``distribution`` (CloudFront) call ``action``."""
        permissions, complete = self.permissions()
        found = any_of(p.grants(action, distribution) for p in permissions)
        return None if found is False and not complete else found


    def grants_everyone(self, action: str) -> bool | None:
        """Whether a permission lets anyone (principal ``"*"``) call ``action``: a URL
        with ``authorization_type = "NONE"`` answers no request without one (AWS Lambda
        DG, "Control access to Lambda function URLs"), so only then is it public."""
        permissions, complete = self.permissions()
        found = any_of(p.grants_everyone(action) for p in permissions)
        return None if found is False and not complete else found


@models("aws_lambda_permission", standalone=False)
class LambdaPermission(Node):
    def grants(self, action: str, distribution: Distribution) -> bool | None:
        return all_of([_equals_or_wildcard(self.value("action"), action, ("lambda:*", "*")),
                       _equals_or_wildcard(self.value("principal"), awsdata.CLOUDFRONT_SERVICE, ("*",)),
                       self._source_is(distribution)])

    def grants_everyone(self, action: str) -> bool | None:
        return all_of([_equals_or_wildcard(self.value("action"), action, ("lambda:*", "*")),
                       _equals_or_wildcard(self.value("principal"), "*", ())])

    def unscoped_cloudfront_grant(self, action: str) -> bool | None:
        """Whether this permission lets the CloudFront service principal call
        ``action`` with no ``source_arn``: from any distribution of any account."""
        return all_of([_equals_or_wildcard(self.value("action"), action, ("lambda:*", "*")),
                       _equals_or_wildcard(self.value("principal"), awsdata.CLOUDFRONT_SERVICE, ()),
                       self.is_null("source_arn")])

    def _source_is(self, distribution: Distribution) -> bool | None:
        source = self.value("source_arn")
        if source.is_known and source.known is None:
            return True  # no source condition: any distribution may call
        return refers_to(source, distribution)


def _equals_or_wildcard(value: Value, want: str, wildcards: tuple[str, ...]) -> bool | None:
    if not (value.is_known and isinstance(value.known, str)):
        return None
    return value.known.lower() == want.lower() or value.known in wildcards


def same_function(a: Value, b: Value) -> bool | None:
    """Whether two ``function_name`` values (a name, an ARN, or a reference) name the
    same function; None when that cannot be told."""
    refs_a, refs_b = list(a.refs()), list(b.refs())
    if refs_a and refs_b:
        if {r.address for r in refs_a} & {r.address for r in refs_b}:
            return True
        return False if all(LambdaFunction.named_by(r) for r in [*refs_a, *refs_b]) else None
    if a.is_known and b.is_known and isinstance(a.known, str) and isinstance(b.known, str):
        return _function_name(a.known) == _function_name(b.known)
    return None


def _function_name(text: str) -> str:
    function = lambda_function(parse_arn(text))
    return function[0] if function else text
