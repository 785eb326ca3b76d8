"""WAF: web ACLs and what their statements check."""

from __future__ import annotations

from edgelint.model.base import Node, models
from edgelint.values import Value


@models("aws_wafv2_web_acl")
class WebAcl(Node):
    @property
    def scope(self) -> Value:
        return self.value("scope")

    def checked_headers(self) -> set[str] | None:
        """Lower-cased names of the headers the ACL's own statements match on; None
        when that is not knowable (rule groups by reference, unknown generated rules)."""
        names: set[str] = set()
        for node in self.descendants():
            if node.generated_unknown or node.block.type == "rule_group_reference_statement":
                return None
            if node.block.type == "single_header":
                name = node.value("name")
                if not (name.is_known and isinstance(name.known, str)):
                    return None
                names.add(name.known.lower())
        return names
