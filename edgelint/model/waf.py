"""WAF: WAFv2 web ACLs, what their rules check, where they are attached; WAF Classic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edgelint.model import awsdata
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
