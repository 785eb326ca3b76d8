"""WAF: WAFv2 web ACLs, what their rules check, where they are attached, where they
log; WAF Classic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from edgelint.evaluate.values import Partial, Ref
from edgelint.model import awsdata
from edgelint.model.arns import parse_arn
from edgelint.model.base import Node, any_of, models, refers_to
from edgelint.model.headers import CONTAINS, ENDS_WITH, EXACTLY, STARTS_WITH, HeaderCheck
from edgelint.parse.syntax import Lit, Traversal, TupleExpr

if TYPE_CHECKING:
    from edgelint.model.cloudfront import Distribution
    from edgelint.model.stack import Stack

_POSITIONS = {EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS}


@models("aws_wafv2_web_acl", view="web-acl")
class WebAcl(Node):
    def checked_headers(self) -> set[str] | None:
        """Lower-cased names of the headers the ACL's own statements match on; None
        when that is not knowable (rule groups by reference, unknown generated rules)."""
        names: set[str] = set()
        for node in self.descendants():
            if node.generated_unknown or node.block_type == "rule_group_reference_statement":
                return None
            if node.block_type == "single_header":
                name = node.text("name")
                if name is None:
                    return None
                names.add(name.lower())
        return names

    def header_checks(self) -> list[HeaderCheck] | None:
        """Each byte or regex match on a single header, as a ``HeaderCheck``; None
        when the ACL's rules are not all visible."""
        if not self.rules_visible():
            return None
        checks = []
        for node in self.descendants():
            if node.block_type not in ("byte_match_statement", "regex_match_statement"):
                continue
            header = next((n for n in node.descendants() if n.block_type == "single_header"), None)
            if header is None:
                continue
            if node.block_type == "regex_match_statement":
                checks.append(HeaderCheck(header.value("name"), None, None))
                continue
            position = node.known("positional_constraint")
            transforms = {t.known("type") for t in node.nested("text_transformation")}
            lowercase = transforms == {"LOWERCASE"}
            comparable = position in _POSITIONS and (transforms <= {"NONE"} or lowercase)
            checks.append(HeaderCheck(header.value("name"), (node.value("search_string"),),
                                      position if comparable else None, lowercase))
        return checks

    def rules_visible(self) -> bool:
        """False when rules come from elsewhere: a rule group by reference, rule groups
        added by ``aws_wafv2_web_acl_rule_group_association``, rules ignored through
        ``lifecycle.ignore_changes`` (Firewall Manager), or a dynamic block over an
        unknown collection."""
        if self._ignores_rule_changes():
            return False
        if self.stack.referring(self, "web_acl_arn", RuleGroupAssociation):
            return False
        return not any(n.generated_unknown or n.block_type == "rule_group_reference_statement"
                       for n in self.descendants())

    def has_rate_based_rule(self) -> bool | None:
        if any(n.block_type == "rate_based_statement" for n in self.descendants() if not n.generated_unknown):
            return True
        return False if self.rules_visible() else None

    def uses_managed_rule_group(self, names: frozenset[str]) -> bool | None:
        """Whether one of the AWS managed rule groups ``names`` is used, directly or
        through a rule group association."""
        results: list[bool | None] = []
        for node in self.descendants():
            if node.generated_unknown:
                results.append(None)
            elif node.block_type == "managed_rule_group_statement":
                results.append(_is_aws_group(node, names))
        for assoc in self.stack.referring(self, "web_acl_arn", RuleGroupAssociation):
            # A rule group of the account's own cannot nest a managed group: only
            # an associated managed group can be the baseline.
            results.extend(_is_aws_group(g, names) for g in self.stack.node(assoc).nested("managed_rule_group"))
        if self._ignores_rule_changes():
            results.append(None)
        return any_of(results)

    def _ignores_rule_changes(self) -> bool:
        for lifecycle in self._block.blocks_of("lifecycle"):
            attr = lifecycle.attributes.get("ignore_changes")
            if attr is None:
                continue
            items = attr.expr.items if isinstance(attr.expr, TupleExpr) else (attr.expr,)
            for item in items:
                name = item.root if isinstance(item, Traversal) else item.value if isinstance(item, Lit) else None
                if name in ("rule", "all"):
                    return True
        return False


def _is_aws_group(node: Node, names: frozenset[str]) -> bool | None:
    if not (node.is_known("name") and node.is_known("vendor_name")):
        return None
    return node.text("vendor_name") == "AWS" and node.text("name") in names


@models("aws_wafv2_web_acl_rule_group_association", standalone=False)
class RuleGroupAssociation(Node):
    """Rule groups added to a web ACL from outside its own definition."""


@models("aws_waf_web_acl", "aws_wafregional_web_acl", view="web-acl")
class ClassicWebAcl(Node):
    """A WAF Classic web ACL (global or regional)."""


@models("aws_wafv2_web_acl_association")
class WebAclAssociation(Node):
    @property
    def web_acl(self) -> WebAcl | None:
        acl = self.stack.object_for(self.value("web_acl_arn"))
        return acl if isinstance(acl, WebAcl) else None


@models("aws_wafregional_web_acl_association")
class ClassicWebAclAssociation(Node):
    """A WAF Classic regional web ACL attached to a load balancer or an API stage."""


def web_acls_of(stack: Stack, target: Node) -> tuple[list[WebAcl], bool]:
    """The regional web ACLs associated with ``target`` (a load balancer, a stage),
    and whether that list is certain."""
    found: list[WebAcl] = []
    complete = True
    for assoc in stack.all(WebAclAssociation):
        attached = refers_to(assoc.value("resource_arn"), target)
        if attached is False:
            continue
        acl = assoc.web_acl
        if attached is True and acl is not None:
            found.append(acl)
        else:
            complete = False
    return found, complete



def distributions_protected_by(stack: Stack, acl: Node) -> list[Distribution]:
    """The distributions whose ``web_acl_id`` refers to ``acl``."""
    return [d for d in stack.distributions if refers_to(d.value("web_acl_id"), acl)]


def fronts_api(distribution: Distribution) -> bool:
    """Certainly serves an API: an API Gateway or Lambda URL origin, or a behavior
    that allows POST."""
    if any(o.kind in (awsdata.API_GATEWAY, awsdata.LAMBDA_URL) for o in distribution.origins):
        return True
    return any("POST" in b.known_strings("allowed_methods") for b in distribution.behaviors)


def fronts_dynamic_origin(distribution: Distribution) -> bool:
    return any(o.kind in awsdata.DYNAMIC_KINDS for o in distribution.origins)


# --- logging ---------------------------------------------------------------------------

# What names a WAF log destination, by the destination's resource type: the attribute
# that holds its name and the one that holds a prefix Terraform completes.
_DESTINATION_NAMES = {
    "aws_cloudwatch_log_group": ("CloudWatch log group", "name", "name_prefix"),
    "aws_s3_bucket": ("S3 bucket", "bucket", "bucket_prefix"),
    "aws_kinesis_firehose_delivery_stream": ("Firehose delivery stream", "name", None),
}
_HOLE = "\x00"


@dataclass(frozen=True)
class LogDestination:
    """One element of ``log_destination_configs``: the destination's kind, and its
    name as far as it is known (``name``, else a known start of it, ``name_start``);
    ``resource`` is the destination in the configuration, when it is."""

    index: int
    kind: str
    name: str | None
    name_start: str | None
    resource: Node | None
    at: str | None  # the resource's attribute that names it


@models("aws_wafv2_web_acl_logging_configuration")
class WebAclLogging(Node):
    """Where a WAFv2 web ACL sends its logs: ``log_destination_configs`` holds ARNs of
    a CloudWatch Logs log group (``arn:aws:logs:REGION:ACCOUNT:log-group:NAME``,
    optionally ``:*``), an S3 bucket (``arn:aws:s3:::NAME``) or a Firehose delivery
    stream (``arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME``); AWS WAF API
    reference, ``LoggingConfiguration``."""

    def destinations(self) -> list[LogDestination]:
        """The destinations whose kind is known (a reference to a log group, bucket or
        stream, or an ARN of one), in the order they are written."""
        value = self.value("log_destination_configs")
        items = value.known if value.is_known and isinstance(value.known, list) else []
        found = []
        for index, item in enumerate(items):
            destination = self._destination(index, item)
            if destination is not None:
                found.append(destination)
        return found

    def _destination(self, index: int, item) -> LogDestination | None:
        if isinstance(item, Ref):
            target = self.stack.object_for(item)
            described = _DESTINATION_NAMES.get(target.resource_type) if target is not None else None
            if described is None or item.attribute != "arn":
                return None
            kind, name_attr, prefix_attr = described
            name = target.text(name_attr)
            start = None
            if name is None and prefix_attr and target.is_null(name_attr):
                start = target.text(prefix_attr)
            return LogDestination(index, kind, name, start, target, name_attr if name is not None else prefix_attr)
        if isinstance(item, str):
            text = item
        elif isinstance(item, Partial):
            text = item.pattern_text(_HOLE)
        else:
            return None
        arn = parse_arn(text)
        named = _arn_name(arn) if arn is not None else None
        if named is None:
            return None
        kind, name = named
        if _HOLE in name:
            return LogDestination(index, kind, None, name.split(_HOLE, 1)[0], None, None)
        return LogDestination(index, kind, name, None, None, None)


def _arn_name(arn) -> tuple[str, str] | None:
    """The kind and name of a log destination ARN (the name may hold holes)."""
    if arn.service == "logs" and arn.resource.startswith("log-group:"):
        name = arn.resource[len("log-group:"):]
        return "CloudWatch log group", name[:-2] if name.endswith(":*") else name
    if arn.service == "s3" and arn.resource and "/" not in arn.resource:
        return "S3 bucket", arn.resource
    if arn.service == "firehose" and arn.resource.startswith("deliverystream/"):
        return "Firehose delivery stream", arn.resource[len("deliverystream/"):]
    return None
