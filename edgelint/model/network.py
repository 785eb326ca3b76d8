"""Load balancers, their listeners, security groups and ingress rules."""

from __future__ import annotations

import functools

from edgelint import awsdata
from edgelint.model.base import Node, models, strings
from edgelint.values import Ref, Value


@models("aws_lb", "aws_alb")
class LoadBalancer(Node):
    @property
    def lb_type(self) -> str | None:
        """``application``, ``network``, ``gateway``; None when unknown."""
        v = self.value("load_balancer_type")
        if v.is_known:
            return v.known or "application"
        return None

    @property
    def internal(self) -> Value:
        return self.value("internal")

    @functools.cached_property
    def listeners(self) -> list["Listener"]:
        return [Listener(self.stack, r) for r in self.stack.referring(self.resource, "load_balancer_arn",
                                                                      ("aws_lb_listener", "aws_alb_listener"))]

    @functools.cached_property
    def security_groups(self) -> list["SecurityGroup"]:
        groups, _ = self._security_groups
        return groups

    @property
    def security_groups_complete(self) -> bool:
        return self._security_groups[1]

    @functools.cached_property
    def _security_groups(self) -> tuple[list["SecurityGroup"], bool]:
        value = self.value("security_groups")
        if not value.is_known:
            return [], False
        items = value.known or []
        if not isinstance(items, list):
            return [], False
        groups, complete = [], True
        for item in items:
            obj = self.stack.object_for(item) if isinstance(item, Ref) else None
            if isinstance(obj, SecurityGroup):
                groups.append(obj)
            else:
                complete = False
        return groups, complete


@models("aws_lb_listener", "aws_alb_listener")
class Listener(Node):
    @property
    def port(self) -> int | None:
        p = self.known("port")
        try:
            return int(p) if p is not None and not isinstance(p, bool) else None
        except (TypeError, ValueError):
            return None

    @property
    def protocol(self) -> Value:
        return self.value("protocol")


@models("aws_security_group")
class SecurityGroup(Node):
    @functools.cached_property
    def ingress_rules(self) -> list["IngressRule"]:
        rules = [IngressRule(n, "inline") for n in self.nested("ingress")]
        for r in self.stack.referring(self.resource, "security_group_id", ("aws_security_group_rule",)):
            node = Node(self.stack, r)
            if node.value("type").known == "ingress":
                rules.append(IngressRule(node, "rule"))
        for r in self.stack.referring(self.resource, "security_group_id", ("aws_vpc_security_group_ingress_rule",)):
            rules.append(IngressRule(Node(self.stack, r), "vpc"))
        return rules


class IngressRule:
    """An ingress rule in any of its three forms, normalised:

    ``inline`` (an ``ingress`` block), ``rule`` (``aws_security_group_rule``),
    ``vpc`` (``aws_vpc_security_group_ingress_rule``, one source per resource).
    """

    _CIDR_ATTRS = {"inline": ("cidr_blocks", "ipv6_cidr_blocks"), "rule": ("cidr_blocks", "ipv6_cidr_blocks"),
                   "vpc": ("cidr_ipv4", "cidr_ipv6")}

    def __init__(self, node: Node, form: str):
        self.node = node
        self.form = form

    def __repr__(self) -> str:
        return f"<IngressRule {self.form} {self.node.address} {self.node.path}>"

    @property
    def protocol(self) -> Value:
        return self.node.value("ip_protocol" if self.form == "vpc" else "protocol")

    def admits_port(self, port: int) -> bool | None:
        """Whether this rule admits TCP traffic to ``port``; None when unknown."""
        proto = self.protocol
        if not proto.is_known:
            return None
        text = str(proto.known).lower()
        if text in awsdata.ALL_PROTOCOLS:
            return True
        if text not in awsdata.TCP_PROTOCOLS:
            return False
        low, high = self.node.value("from_port"), self.node.value("to_port")
        if not (low.is_known and high.is_known):
            return None
        try:
            return int(low.known) <= port <= int(high.known)
        except (TypeError, ValueError):
            return None

    def internet_sources(self) -> list[str]:
        """The attributes that certainly admit 0.0.0.0/0 or ::/0."""
        found = []
        for attr in self._CIDR_ATTRS[self.form]:
            values, _ = strings(self.node.value(attr))
            if any(v in awsdata.INTERNET_CIDRS for v in values):
                found.append(attr)
        return found
