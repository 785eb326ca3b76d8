"""Load balancers, their listeners and listener rules, security groups, ingress rules
and the managed prefix lists those rules admit."""

from __future__ import annotations

import functools
import ipaddress

from edgelint.evaluate.values import Known, Ref, Unknown, Value, wrap
from edgelint.model import awsdata
from edgelint.model.base import Node, all_of, any_of, models
from edgelint.model.headers import WILDCARD, HeaderCheck
from edgelint.parse.syntax import Span


@models("aws_lb", "aws_alb", origin=awsdata.ALB, data_sources=True, view="load-balancer")
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

    @property
    def is_application(self) -> bool:
        return self.lb_type == "application"

    @property
    def internet_facing(self) -> bool | None:
        """RULES.md "Reachable from the internet": ``internal`` unset or false. None
        when it is not known."""
        internal = self.value("internal")
        if not internal.is_known:
            return None
        if internal.known in (None, False) or str(internal.known).lower() == "false":
            return True
        return False if internal.known is True or str(internal.known).lower() == "true" else None

    @property
    def has_ipv6(self) -> bool | None:
        """Whether the load balancer has IPv6 addresses (``dualstack…``); unset is
        ``ipv4``. None when unknown."""
        kind = self.value("ip_address_type")
        if not kind.is_known:
            return None
        if kind.known is None:
            return False
        return str(kind.known).lower().startswith("dualstack")

    @functools.cached_property
    def listeners(self) -> list[Listener]:
        return [Listener(self.stack, r) for r in self.stack.referring(self, "load_balancer_arn", Listener)]

    def listener_header_checks(self) -> list[HeaderCheck] | None:
        """The ``http_header`` conditions of the rules of this load balancer's
        listeners; None when some are unreadable or some rule's listener is unknown
        (it might be one of these)."""
        checks: list[HeaderCheck] = []
        if self.opaque_flow or any(listener.opaque_flow for listener in self.listeners):
            return None  # rules may be made where edgelint cannot see
        for listener in self.listeners:
            for rule in listener.rules:
                found = rule.header_checks()
                if found is None:
                    return None
                checks.extend(found)
        for rule in self.stack.all(ListenerRule):
            listener = self.stack.object_for(rule.value("listener_arn"))
            if not isinstance(listener, Listener) or listener.load_balancer is None:
                return None
        return checks

    @functools.cached_property
    def security_groups(self) -> list[SecurityGroup]:
        groups, _ = self._security_groups
        return groups

    @property
    def security_groups_complete(self) -> bool:
        return self._security_groups[1]

    @functools.cached_property
    def _security_groups(self) -> tuple[list[SecurityGroup], bool]:
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


@models("aws_elb", origin=awsdata.ELB, data_sources=True, view="load-balancer", standalone=False)
class ClassicLoadBalancer(Node):
    """A Classic Load Balancer: a dynamic origin CloudFront reaches by its DNS name
    (no rule reads its listeners, which are blocks of its own)."""


@models("aws_lb_listener", "aws_alb_listener", view="listener")
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

    @property
    def load_balancer(self) -> LoadBalancer | None:
        lb = self.stack.object_for(self.value("load_balancer_arn"))
        return lb if isinstance(lb, LoadBalancer) else None

    @property
    def effective_protocol(self) -> str | None:
        """``HTTP``, ``HTTPS``, ``TCP``…; unset on an application load balancer is
        HTTP (the provider's default); None when not known."""
        proto = self.text("protocol")
        if proto is not None:
            return proto.upper()
        if self.is_null("protocol"):
            lb = self.load_balancer
            return "HTTP" if lb is not None and lb.is_application else None
        return None

    @functools.cached_property
    def rules(self) -> list[ListenerRule]:
        return [self.stack.node(r) for r in self.stack.referring(self, "listener_arn", ListenerRule)]

    def serves_only_header_checked_requests(self) -> bool | None:
        """Whether the listener serves nothing by default (a fixed response) and every
        rule requires an ``http_header``: the secret-header pattern of a listener that
        only CloudFront may use."""
        actions = self.nested("default_action")
        if not actions or any(not a.is_known("type") for a in actions):
            return None
        if any(a.text("type") != "fixed-response" for a in actions):
            return False
        checks = [rule.header_checks() for rule in self.rules]
        if any(c is None for c in checks):
            return None
        return bool(checks) and all(checks)

    def bypass(self, targets: list[Value], secret_rules: list[ListenerRule]) -> Node | bool | None:
        """Where a request that ``secret_rules`` (the rules that require the secret
        header) do not let in still reaches one of ``targets``: another rule of this
        listener that forwards there, or the default action when no catch-all rule
        stands before it. False when nowhere; None when that cannot be known."""
        others = [r for r in self.rules if r not in secret_rules]
        unknown = False
        for rule in others:
            reaches = forwards_to(rule.nested("action"), targets)
            if reaches is True:
                return rule
            unknown = unknown or reaches is None
        catch_all = any_of(r.catches_all() for r in others)
        if catch_all is not True:
            reaches = forwards_to(self.nested("default_action"), targets)
            if reaches is True and catch_all is False:
                return self.first("default_action")
            unknown = unknown or reaches is not False
        return None if unknown else False

    def redirects_to_https(self) -> bool | None:
        """Whether the default action redirects every request to HTTPS."""
        actions = self.nested("default_action")
        return any_of(_redirects_to_https(a) for a in actions) if actions else None


def forward_targets(action: Node) -> list[Value] | None:
    """The target groups an action forwards to (``target_group_arn`` or ``forward``
    blocks); empty for other actions; None when not known."""
    if action.generated_unknown or not action.is_known("type"):
        return None
    if (action.text("type") or "").lower() != "forward":
        return []
    found = [action.value("target_group_arn")] if action.is_set("target_group_arn") is not False else []
    for forward in action.nested("forward"):
        for group in forward.nested("target_group"):
            if group.generated_unknown:
                return None
            found.append(group.value("arn"))
    return found


def forwards_to(actions: list[Node], targets: list[Value]) -> bool | None:
    """Whether one of ``actions`` forwards to one of ``targets``."""
    results = []
    for action in actions:
        found = forward_targets(action)
        if found is None:
            results.append(None)
            continue
        results.extend(same_target(a, b) for a in found for b in targets)
    return any_of(results)


def same_target(a: Value, b: Value) -> bool | None:
    """Whether two target group values name the same group: the same resource
    referred to (by ``arn`` or ``id``), or the same known ARN."""
    if isinstance(a, Ref) and isinstance(b, Ref):
        return a.address == b.address
    if a.is_known and b.is_known:
        return a.known == b.known
    return None


def _redirects_to_https(action: Node) -> bool | None:
    if action.generated_unknown or not action.is_known("type"):
        return None
    if action.text("type") != "redirect":
        return False
    redirect = action.first("redirect")
    if redirect is None:
        return None
    if redirect.is_known("protocol"):  # unset keeps the request's own protocol ("#{protocol}")
        proto = redirect.text("protocol")
        return proto is not None and proto.upper() == "HTTPS"
    return None


@models("aws_lb_listener_rule", "aws_alb_listener_rule")
class ListenerRule(Node):
    def header_checks(self) -> list[HeaderCheck] | None:
        """The rule's ``http_header`` conditions; None when they are not all readable."""
        checks = []
        for condition in self.nested("condition"):
            if condition.generated_unknown:
                return None
            for header in condition.nested("http_header"):
                if header.generated_unknown:
                    return None
                values = header.value("values")
                listed = tuple(wrap(v) for v in values.known) \
                    if values.is_known and isinstance(values.known, list) else None
                if header.is_set("regex_values") is not False:
                    listed = None  # regular expressions are not evaluated here
                checks.append(HeaderCheck(header.value("http_header_name"), listed, WILDCARD))
        return checks

    def may_redirect_to_https(self) -> bool | None:
        return any_of(_redirects_to_https(a) for a in self.nested("action"))

    def forward_targets(self) -> list[Value] | None:
        """The target groups the rule's actions forward to; None when not known."""
        found: list[Value] = []
        for action in self.nested("action"):
            targets = forward_targets(action)
            if targets is None:
                return None
            found.extend(targets)
        return found

    def catches_all(self) -> bool | None:
        """Whether every request matches the rule: its only conditions are path or
        host patterns of ``*`` (or ``/*`` for a path)."""
        conditions = self.nested("condition")
        if not conditions:
            return None
        results = []
        for condition in conditions:
            if condition.generated_unknown:
                return None
            kinds = [c for c in condition.children()]
            if not kinds:
                return None
            for kind in kinds:
                if kind.block_type not in ("path_pattern", "host_header"):
                    results.append(False)
                    continue
                values = kind.strings("values")
                wild = ("*", "/*") if kind.block_type == "path_pattern" else ("*",)
                results.append(None if values is None else any(v in wild for v in values))
        return all_of(results)


@models("aws_security_group", view="security-group", standalone=False)
class SecurityGroup(Node):
    @functools.cached_property
    def ingress_rules(self) -> list[IngressRule]:
        rules = self.nested("ingress", IngressRule)
        for r in self.stack.referring(self, "security_group_id", (_RULE,)):
            rule = IngressRule(self.stack, r)
            if rule.text("type") == "ingress":
                rules.append(rule)
        for r in self.stack.referring(self, "security_group_id", (_VPC_INGRESS_RULE,)):
            rules.append(IngressRule(self.stack, r))
        return rules


# The resources that add a rule to a security group, and the form each gives.
_RULE, _VPC_INGRESS_RULE = "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"
_FORMS = {_RULE: "rule", _VPC_INGRESS_RULE: "vpc"}


class IngressRule(Node):
    """An ingress rule of a security group in any of its three forms, normalised:

    ``inline`` (an ``ingress`` block), ``rule`` (an ``aws_security_group_rule`` of
    type ``ingress``), ``vpc`` (``aws_vpc_security_group_ingress_rule``, one source
    per resource). ``SecurityGroup.ingress_rules`` makes them.
    """

    _CIDR_ATTRS = {"inline": ("cidr_blocks", "ipv6_cidr_blocks"), "rule": ("cidr_blocks", "ipv6_cidr_blocks"),
                   "vpc": ("cidr_ipv4", "cidr_ipv6")}
    _PREFIX_LIST_ATTR = {"inline": "prefix_list_ids", "rule": "prefix_list_ids", "vpc": "prefix_list_id"}

    @property
    def form(self) -> str:
        return "inline" if self.parent is not None else _FORMS[self.resource_type]

    @property
    def protocol(self) -> Value:
        return self.value("ip_protocol" if self.form == "vpc" else "protocol")

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
        low, high = self.value("from_port"), self.value("to_port")
        if not (low.is_known and high.is_known):
            return None
        try:
            return int(low.known) <= port <= int(high.known)
        except (TypeError, ValueError):
            return None

    def internet_sources(self, ipv6: bool | None = True) -> list[str]:
        """The attributes whose CIDRs certainly admit every IPv4 address (0.0.0.0/0, or
        CIDRs that together cover it, such as 0.0.0.0/1 and 128.0.0.0/1) or, when
        ``ipv6`` is True (the load balancer has IPv6 addresses), every IPv6 address."""
        return [attr for attr in self._attributes(ipv6) if covers_everything(self.known_strings(attr))]

    def internet_source_span(self, attribute: str) -> Span:
        """Where ``attribute`` admits the internet: the first ``0.0.0.0/0`` or ``::/0``
        element of the list it spells out, else the whole attribute."""
        value = self.value(attribute)
        items = value.known if value.is_known and isinstance(value.known, list) else []
        for i, item in enumerate(items):
            if isinstance(item, str) and item in awsdata.INTERNET_CIDRS:
                return self.element_span(attribute, i)
        return self.span(attribute)

    def public_sources(self, ipv6: bool | None = True) -> list[str]:
        """The attributes that certainly admit some public address space (IPv6 space
        only when ``ipv6`` is True)."""
        return [attr for attr in self._attributes(ipv6) if any(is_public_cidr(v) for v in self.known_strings(attr))]

    def _attributes(self, ipv6: bool | None) -> tuple[str, ...]:
        ipv4_attr, ipv6_attr = self._CIDR_ATTRS[self.form]
        return (ipv4_attr, ipv6_attr) if ipv6 is True else (ipv4_attr,)

    @property
    def prefix_list_attribute(self) -> str:
        return self._PREFIX_LIST_ATTR[self.form]

    def cloudfront_prefix_lists(self) -> set[str]:
        """Names of the CloudFront origin-facing prefix lists this rule certainly
        admits (``com.amazonaws.global.cloudfront.origin-facing`` and its IPv6 twin)."""
        values, _ = _items(self.value(self.prefix_list_attribute))
        found = set()
        for item in values:
            name = prefix_list_name(self.stack, item)
            if name.is_known and name.known in CLOUDFRONT_PREFIX_LISTS:
                found.add(name.known)
        return found


CLOUDFRONT_PREFIX_LISTS = frozenset({awsdata.CLOUDFRONT_PREFIX_LIST_NAME, awsdata.CLOUDFRONT_IPV6_PREFIX_LIST_NAME})
_PRIVATE = tuple(ipaddress.ip_network(n) for n in awsdata.PRIVATE_NETWORKS)


def covers_everything(cidrs: list[str]) -> bool:
    """True when the valid CIDRs together cover all of IPv4 or all of IPv6."""
    networks = []
    for text in cidrs:
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            continue
    for version in (4, 6):
        merged = list(ipaddress.collapse_addresses(n for n in networks if n.version == version))
        if any(n.prefixlen == 0 for n in merged):
            return True
    return False


def is_public_cidr(text: str) -> bool:
    """True for a valid CIDR that reaches beyond private address space."""
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return not any(net.version == p.version and net.subnet_of(p) for p in _PRIVATE)


def _items(value: Value) -> tuple[list[Value], bool]:
    """The elements of a list value (or the single value) as Values."""
    if not value.is_known:
        return ([value] if isinstance(value, Ref) else []), False
    data = value.known
    if data is None:
        return [], True
    if isinstance(data, list):
        return [wrap(x) for x in data], True
    return [wrap(data)], True


# Standalone: with the CloudFront origin-facing list, a folder's security groups can
# break their quota (EDGE506) though nothing else in it is an edge resource.
@models("aws_ec2_managed_prefix_list", view="source")
class ManagedPrefixList(Node):
    """A managed prefix list (usually looked up by ``data "aws_ec2_managed_prefix_list"``)."""


def prefix_list_name(stack, value: Value) -> Value:
    """The name of the managed prefix list a prefix-list ID refers to: read from the
    ``data "aws_ec2_managed_prefix_list"`` it comes from (its ``name``, or a
    ``prefix-list-name`` filter). A literal ``pl-…`` ID names no list we can see."""
    if not isinstance(value, Ref) or not ManagedPrefixList.named_by(value, data_source=True):
        return Unknown("a prefix list ID that is not a managed prefix list's")
    node = stack.object_for(value)
    if node is None:
        return Unknown("the prefix list is not in the configuration")
    name = node.value("name")
    if not (name.is_known and name.known is None):
        return name
    for f in node.nested("filter"):
        if f.text("name") == "prefix-list-name":
            values = f.strings("values")
            if values is not None and len(values) == 1:
                return Known(values[0])
    return Unknown("the prefix list is looked up by ID")
