"""Topology: the edge model drawn as a small typed graph, with findings overlaid.

``build_topology`` walks each checked stack's edge model the way a request travels
(viewers → distribution → behaviors → origins / origin groups → load balancers, APIs,
buckets, function URLs → listeners, stages, security groups → what those admit) and
adds what stands on the side (web ACLs, origin access controls, edge functions,
Global Accelerator). Each node and edge keeps the source spans that declare it; a
finding lands on the element with the smallest span that contains the finding's
location, so an open ingress rule colours the edge from its security group to
``Internet`` and a bad ``viewer_protocol_policy`` colours its behavior. A finding
no element contains gets a node of its own (the resource, linked to what it refers
to, or its file), so every finding shows somewhere.

Renderers (``edgelint.report.mermaid``, ``dot``, ``svg``, ``html``, ``graph_json``)
read ``Topology`` only: no format knows the edge model, and this module knows no format.
Everything is sorted, so the same configuration gives the same topology whatever
the file order.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from edgelint.closure import reachable
from edgelint.evaluate.addresses import split_address
from edgelint.evaluate.values import Known, Partial, Ref, Value
from edgelint.findings import SEVERITY_RANK, Finding
from edgelint.model import (
    Accelerator,
    ApiStage,
    Behavior,
    ClassicWebAcl,
    ClassicWebAclAssociation,
    Distribution,
    FunctionUrl,
    HttpApi,
    IngressRule,
    LoadBalancer,
    Node,
    Origin,
    OriginGroup,
    RestApi,
    SecurityGroup,
    Stack,
    WebAcl,
    WebAclAssociation,
    awsdata,
    strings,
)
from edgelint.parse.syntax import Span

# What each kind of node is called in a picture.
KIND_NAMES = {
    "viewers": "Viewers",
    "distribution": "CloudFront distribution",
    "behavior": "cache behavior",
    "origin": "origin",
    "origin-group": "origin group",
    "access-control": "origin access control",
    "edge-function": "edge function",
    "load-balancer": "load balancer",
    "vpc-origin": "VPC origin",
    "instance": "EC2 instance",
    "listener": "listener",
    "rest-api": "REST API",
    "http-api": "HTTP API",
    "stage": "API stage",
    "bucket": "S3 bucket",
    "lambda-url": "Lambda function URL",
    "function": "Lambda function",
    "security-group": "security group",
    "source": "traffic source",
    "web-acl": "web ACL",
    "accelerator": "Global Accelerator",
    "host": "host outside the configuration",
    "resource": "resource",
    "file": "file",
}

# How AWS writes the words of a Terraform type; the others are read as lowercase words.
_TYPE_WORDS = {
    "api_gateway": "API Gateway", "apigatewayv2": "API Gateway v2", "cloudfront": "CloudFront",
    "cloudwatch": "CloudWatch", "lambda": "Lambda", "s3": "S3", "wafv2": "WAF", "waf": "WAF Classic",
    "wafregional": "WAF Classic regional", "lb": "load balancer", "alb": "load balancer", "elb": "Classic Load Balancer",
    "iam": "IAM", "acm": "ACM", "acmpca": "ACM PCA", "route53": "Route 53", "vpc": "VPC", "ec2": "EC2",
    "globalaccelerator": "Global Accelerator", "kms": "KMS", "sns": "SNS", "sqs": "SQS", "ecs": "ECS",
    "eks": "EKS", "ssm": "SSM", "dynamodb": "DynamoDB", "url": "URL", "acl": "ACL", "arn": "ARN",
    "oac": "OAC", "tls": "TLS", "ip": "IP", "cidr": "CIDR", "id": "ID", "http": "HTTP", "https": "HTTPS",
}


def friendly_type(resource_type: str) -> str:
    """A Terraform type as a reader names it: ``aws_api_gateway_method`` → "API Gateway
    method", ``aws_wafv2_ip_set`` → "WAF IP set"."""
    rest = resource_type.removeprefix("aws_")
    words = []
    while rest:
        head = next((w for w in sorted(_TYPE_WORDS, key=len, reverse=True)
                     if rest == w or rest.startswith(w + "_")), None)
        if head is None:
            head = rest.split("_", 1)[0]
        words.append(_TYPE_WORDS.get(head, head))
        rest = rest[len(head) + 1:]
    return " ".join(words) or resource_type


# Where each form of ingress rule names what it admits: (attribute, what it holds).
_INGRESS_SOURCES = {
    "inline": (("cidr_blocks", "cidr"), ("ipv6_cidr_blocks", "cidr"), ("prefix_list_ids", "prefix-list"),
               ("security_groups", "group")),
    "rule": (("cidr_blocks", "cidr"), ("ipv6_cidr_blocks", "cidr"), ("prefix_list_ids", "prefix-list"),
             ("source_security_group_id", "group")),
    "vpc": (("cidr_ipv4", "cidr"), ("cidr_ipv6", "cidr"), ("prefix_list_id", "prefix-list"),
            ("referenced_security_group_id", "group")),
}


class _Overlaid:
    """What nodes and edges share: the findings placed on them."""

    findings: list[Finding]

    @property
    def severity(self) -> str | None:
        return highest_severity(self.findings)

    @property
    def rule_ids(self) -> list[str]:
        return sorted({f.rule_id for f in self.findings})


@dataclass
class TopoNode(_Overlaid):
    key: str  # identity inside the topology: "<stack>|<address>|<path>"
    kind: str
    title: str
    detail: str = ""  # the address, or what the node is
    address: str = ""
    group: str = ""  # the stack (root module folder) it belongs to
    spans: tuple[Span, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    id: str = ""  # a stable identifier safe in every output format, set by build_topology

    @property
    def instance(self) -> str:
        """The module instance the node's resource is in (``module.cdn["a"]``), "" in the
        root module: a module called twice draws each instance's nodes separately."""
        return split_address(self.address)[0] if self.address else ""


@dataclass
class TopoEdge(_Overlaid):
    source: str  # node ids (keys while building)
    target: str
    label: str = ""
    spans: tuple[Span, ...] = ()
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Topology:
    nodes: list[TopoNode]  # sorted by (group, id)
    edges: list[TopoEdge]  # sorted by (source, target, label)
    groups: list[str]  # the stacks, sorted
    notices: list[str] = field(default_factory=list)  # what could not be drawn

    def by_group(self) -> list[tuple[str, list[TopoNode]]]:
        """Each stack with its nodes, in order."""
        return [(g, [n for n in self.nodes if n.group == g]) for g in self.groups]

    def node(self, node_id: str) -> TopoNode:
        return self._by_id[node_id]

    @property
    def _by_id(self) -> dict[str, TopoNode]:
        return {n.id: n for n in self.nodes}

    @property
    def findings(self) -> list[Finding]:
        out = [f for n in self.nodes for f in n.findings] + [f for e in self.edges for f in e.findings]
        return sorted(set(out), key=lambda f: f.sort_key)

    def trimmed_to_findings(self) -> Topology:
        """Only the paths that have findings: for each node or edge with a finding,
        what leads to it and what it leads to."""
        succ: dict[str, list[str]] = {}
        pred: dict[str, list[str]] = {}
        for e in self.edges:
            succ.setdefault(e.source, []).append(e.target)
            pred.setdefault(e.target, []).append(e.source)
        upstream: set[str] = set()  # nodes on a path into a finding
        downstream: set[str] = set()  # nodes on a path out of a finding
        flagged_edges = [e for e in self.edges if e.findings]
        for n in self.nodes:
            if n.findings:
                upstream |= reachable(n.id, pred)
                downstream |= reachable(n.id, succ)
        for e in flagged_edges:
            upstream |= reachable(e.source, pred)
            downstream |= reachable(e.target, succ)
        keep = upstream | downstream
        edges = [e for e in self.edges if e.findings
                 or (e.source in upstream and e.target in upstream)
                 or (e.source in downstream and e.target in downstream)]
        nodes = [n for n in self.nodes if n.id in keep]
        return Topology(nodes, edges, sorted({n.group for n in nodes}), self.notices)


    def only_group(self, group: str) -> Topology:
        """The part of the picture that belongs to one stack."""
        nodes = [n for n in self.nodes if n.group == group]
        ids = {n.id for n in nodes}
        edges = [e for e in self.edges if e.source in ids and e.target in ids]
        return Topology(nodes, edges, [group] if nodes else [], self.notices)


def highest_severity(findings: Iterable[Finding]) -> str | None:
    ranked = [f.severity for f in findings]
    return max(ranked, key=lambda s: SEVERITY_RANK.get(s, -1)) if ranked else None


# --- building ----------------------------------------------------------------------------


def build_topology(stacks: Iterable[Stack], findings: Iterable[Finding] = ()) -> Topology:
    """The topology of every stack, with ``findings`` placed on its nodes and edges."""
    nodes: dict[str, TopoNode] = {}
    edges: dict[tuple[str, str, str], TopoEdge] = {}
    notices: list[str] = []
    drawings = []
    for stack in sorted(stacks, key=stack_name):
        drawing = _StackDrawing(stack, nodes, edges, notices)
        drawing.draw()
        drawings.append(drawing)
    _place_findings(sorted(findings, key=lambda f: f.sort_key), drawings, nodes, edges)
    ids = _assign_ids(nodes, multiple_groups=len({n.group for n in nodes.values()}) > 1)
    out_nodes = sorted((replace(n, id=ids[n.key]) for n in nodes.values()), key=lambda n: (n.group, n.id))
    out_edges = sorted((replace(e, source=ids[e.source], target=ids[e.target]) for e in edges.values()),
                       key=lambda e: (e.source, e.target, e.label))
    return Topology(out_nodes, out_edges, sorted({n.group for n in out_nodes}), notices)


def stack_name(stack: Stack) -> str:
    """The folder of the stack's root module, as the user named it."""
    return os.path.normpath(stack.root_dir) if stack.root_dir else ""


def _once(draw):
    """Each object is drawn once; a later call returns its node."""

    @functools.wraps(draw)
    def wrapper(self: _StackDrawing, obj: Node) -> str:
        key = self.key(obj.address, obj.path)
        return key if key in self.nodes else draw(self, obj, key)

    return wrapper


class _StackDrawing:
    """Draws one stack into the shared node and edge tables."""

    def __init__(self, stack: Stack, nodes: dict[str, TopoNode], edges: dict, notices: list[str]):
        self.stack = stack
        self.group = stack_name(stack)
        self.nodes = nodes
        self.edges = edges
        self.notices = notices

    def guarded(self, step, obj: Node) -> None:
        """Draw one top-level object; a model the drawing does not expect leaves that
        object out with a notice instead of losing the whole picture."""
        try:
            step(obj)
        except Exception as exc:  # fault isolation, as for rules
            self.notices.append(f"{obj.address}: left out of the graph ({type(exc).__name__}: {exc})")

    # -- primitives --

    def key(self, address: str, path: str = "") -> str:
        return f"{self.group}|{address}|{path.rstrip('.')}"

    def add(self, key: str, kind: str, title: str, detail: str = "", address: str = "",
            spans: Iterable[Span] = ()) -> str:
        if key not in self.nodes:
            self.nodes[key] = TopoNode(key, kind, title, detail, address, self.group, tuple(spans))
        return key

    def link(self, source: str | None, target: str | None, label: str = "", spans: Iterable[Span] = ()) -> None:
        if source is None or target is None or source == target:
            return
        k = (source, target, label)
        if k in self.edges:
            merged = tuple(sorted(set(self.edges[k].spans) | set(spans)))
            self.edges[k] = replace(self.edges[k], spans=merged)
        else:
            self.edges[k] = TopoEdge(source, target, label, tuple(sorted(set(spans))))

    def resource(self, obj: Node) -> str:
        """The node of a whole resource, whatever its type."""
        kind = obj.view_kind or "resource"
        handler = {
            "load-balancer": self.load_balancer, "rest-api": self.api, "http-api": self.api,
            "stage": self.stage, "security-group": self.security_group, "web-acl": self.web_acl,
            "lambda-url": self.lambda_url, "distribution": self.distribution,
        }.get(kind)
        if handler is not None:
            return handler(obj)
        return self.plain(obj, kind)

    def plain(self, obj: Node, kind: str | None = None, title: str | None = None) -> str:
        kind = kind or obj.view_kind or "resource"
        if title is None:
            title = KIND_NAMES[kind] if kind != "resource" else friendly_type(obj.resource_type)
            if obj.is_data_source:
                title += " (data source)"
        return self.add(self.key(obj.address), kind, title, obj.address, obj.address, [obj.span()])

    def target_of(self, value: Value) -> str | None:
        """The node a reference (or a list of them) points at, when it is in the configuration."""
        for ref in value.refs():
            obj = self.stack.object_for(ref)
            if obj is not None:
                return self.resource(obj)
        return None

    def referenced(self, obj: Node) -> str:
        """A resource outside the walk, linked by the references between it and the drawn ones."""
        key = self.plain(obj)
        drawn = {n.address: k for k, n in self.nodes.items() if n.address and k == self.key(n.address)}
        for target, label in self.stack.references_from(obj.address):
            self.link(key, drawn.get(target), _attribute_name(label))
        for source, label in self.stack.references_to(obj.address):
            self.link(drawn.get(source), key, _attribute_name(label))
        return key

    # -- the walk --

    def draw(self) -> None:
        viewers = self.add(self.key("viewers"), "viewers", "Viewers")
        for d in self.stack.distributions:
            self.guarded(lambda obj: self.link(viewers, self.distribution(obj), _aliases(obj)), d)
        for acc in self.stack.all(Accelerator):
            self.guarded(lambda obj: self.link(viewers, self.accelerator(obj)), acc)
        standalone = [*self.stack.load_balancers, *self.stack.all(RestApi), *self.stack.all(HttpApi),
                      *self.stack.all(WebAcl), *self.stack.all(ClassicWebAcl), *self.stack.all(FunctionUrl)]
        for obj in standalone:
            self.guarded(self.resource, obj)
        for assoc in [*self.stack.all(WebAclAssociation), *self.stack.all(ClassicWebAclAssociation)]:
            self.guarded(self.web_acl_association, assoc)

    def web_acl_association(self, assoc: Node) -> None:
        protected = self.target_of(assoc.value("resource_arn"))
        acl = self.target_of(assoc.value("web_acl_arn" if assoc.has("web_acl_arn") else "web_acl_id"))
        self.link(protected, acl, "web ACL association", [assoc.span()])

    @_once
    def distribution(self, d: Node, key: str) -> str:
        if not isinstance(d, Distribution):
            return self.plain(d, "distribution")
        self.add(key, "distribution", KIND_NAMES["distribution"], d.address, d.address, [d.span()])
        for b in d.behaviors:
            self.link(key, self.behavior(b))
        for g in d.origin_groups:
            self.origin_group(g)
        for o in d.origins:
            self.origin(o)
        acl = d.value("web_acl_id")
        self.link(key, self.target_of(acl) or self._external_acl(acl), "web_acl_id", [d.span("web_acl_id")])
        return key

    def behavior(self, b: Behavior) -> str:
        if b.is_default:
            title = "default behavior (*)"
        else:
            pattern = b.known("path_pattern")
            title = f"behavior {pattern}" if isinstance(pattern, str) else "ordered behavior"
        policy = b.known("viewer_protocol_policy")
        detail = f"viewer: {policy}" if isinstance(policy, str) else ""
        key = self.add(self.key(b.address, b.path), "behavior", title, detail, b.address, [b.span()])
        target = b.origin
        if target is not None:
            self.link(key, self.origin_like(target), "target_origin_id", [b.span("target_origin_id")])
        for assoc in [*b.nested("lambda_function_association"), *b.nested("function_association")]:
            attr = "lambda_arn" if assoc.block_type == "lambda_function_association" else "function_arn"
            event = assoc.known("event_type")
            label = f"{event}" if isinstance(event, str) else assoc.block_type
            self.link(key, self.target_of(assoc.value(attr)), label, [assoc.span()])
        return key

    def origin_like(self, o: Origin | OriginGroup) -> str:
        return self.origin_group(o) if isinstance(o, OriginGroup) else self.origin(o)

    @_once
    def origin(self, o: Origin, key: str) -> str:
        oid = o.origin_id.known
        title = f"origin {oid}" if isinstance(oid, str) else "origin"
        self.add(key, "origin", title, o.kind_label.removeprefix("an ").removeprefix("a "), o.address, [o.span()])
        domain = o.domain
        target = self.resource(o.target) if o.target is not None else self._external_host(domain)
        vpc = o.vpc_origin
        if vpc is not None:  # CloudFront reaches the target through the VPC origin
            config = o.single("vpc_origin_config")
            vpc_key = self.plain(vpc, "vpc-origin")
            self.link(key, vpc_key, "vpc_origin_id", [config.span("vpc_origin_id")] if config else [])
            self.link(vpc_key, target, "endpoint arn", [vpc.span("vpc_origin_endpoint_config")])
        else:
            self.link(key, target, _domain_label(domain), [o.span("domain_name")])
        for attr in ("origin_access_control_id",):
            self.link(key, self.target_of(o.value(attr)), attr, [o.span(attr)])
        s3 = o.first("s3_origin_config")
        if s3 is not None:
            self.link(key, self.target_of(s3.value("origin_access_identity")), "origin_access_identity",
                      [s3.span("origin_access_identity")])
        return key

    @_once
    def origin_group(self, g: OriginGroup, key: str) -> str:
        oid = g.origin_id.known
        title = f"origin group {oid}" if isinstance(oid, str) else "origin group"
        self.add(key, "origin-group", title, "failover", g.address, [g.span()])
        members = g.nested("member")
        for i, m in enumerate(members):
            mid = m.value("origin_id").known
            target = g.distribution.origin_by_id(mid) if isinstance(mid, str) else None
            if isinstance(target, Origin):
                self.link(key, self.origin(target), "primary" if i == 0 else "failover", [m.span()])
        return key

    @_once
    def load_balancer(self, lb: Node, key: str) -> str:
        if not isinstance(lb, LoadBalancer):
            return self.plain(lb, "load-balancer", "load balancer (data source)")
        lb_type = {"application": "ALB", "network": "NLB", "gateway": "GWLB"}.get(lb.lb_type or "", "load balancer")
        internal = lb.internal.known
        scheme = " internal" if internal is True else " internet-facing" if internal in (False, None) else ""
        self.add(key, "load-balancer", f"{lb_type}{scheme}", lb.address, lb.address, [lb.span()])
        for listener in lb.listeners:
            port, proto = listener.port, listener.protocol.known
            title = "listener " + ":".join(str(x) for x in (proto if isinstance(proto, str) else "?",
                                                                port if port is not None else "?"))
            lk = self.add(self.key(listener.address), "listener", title, listener.address, listener.address,
                          [listener.span()])
            self.link(key, lk, "", [listener.span("load_balancer_arn")])
        for sg in lb.security_groups:
            self.link(key, self.security_group(sg), "security_groups", [lb.span("security_groups")])
        return key

    @_once
    def security_group(self, sg: Node, key: str) -> str:
        self.add(key, "security-group", KIND_NAMES["security-group"], sg.address, sg.address, [sg.span()])
        if isinstance(sg, SecurityGroup):
            for rule in sg.ingress_rules:
                self.ingress(key, rule)
        return key

    def ingress(self, group: str, rule: IngressRule) -> None:
        ports = _port_label(rule)
        span = rule.span()
        for attr, what in _INGRESS_SOURCES[rule.form]:
            value = rule.value(attr)
            if what == "group":
                for ref in value.refs():
                    obj = self.stack.object_for(ref)
                    if obj is not None:
                        self.link(group, self.security_group(obj), ports, [span])
                continue
            items, _complete = strings(value)
            for item in items:
                self.link(group, self._source(what, item), ports, [span])
            for ref in value.refs():
                self.link(group, self._prefix_list(ref) if what == "prefix-list" else None, ports, [span])

    def _source(self, what: str, text: str) -> str:
        if text in awsdata.INTERNET_CIDRS:
            return self.add(self.key("internet"), "source", "Internet", "0.0.0.0/0, ::/0")
        title = "prefix list" if what == "prefix-list" else "CIDR"
        return self.add(self.key(f"{what}:{text}"), "source", f"{title} {text}")

    def _prefix_list(self, ref: Ref) -> str | None:
        obj = self.stack.object_for(ref)
        if obj is None:
            return None
        name = obj.known("name")
        if name == awsdata.CLOUDFRONT_PREFIX_LIST_NAME:
            title = "CloudFront origin-facing prefix list"
        else:
            title = f"prefix list {name}" if isinstance(name, str) else "prefix list"
        return self.add(self.key(obj.address), "source", title, obj.address, obj.address, [obj.span()])

    @_once
    def api(self, api: Node, key: str) -> str:
        kind = api.view_kind or "rest-api"
        title = KIND_NAMES[kind]
        if isinstance(api, RestApi):
            types, complete = strings(api.endpoint_types)
            if types and complete:
                title += f" ({', '.join(types)})"
        elif api.is_data_source:
            title += " (data source)"
        self.add(key, kind, title, api.address, api.address, [api.span()])
        if isinstance(api, (RestApi, HttpApi)):
            stages: list[Node] = list(api.stages)
            if isinstance(api, RestApi):
                stages += [d for d in api.deployments if d.is_set("stage_name")]
            for stage in stages:
                attr = "rest_api_id" if stage.has("rest_api_id") else "api_id"
                self.link(key, self.stage(stage), "", [stage.span(attr)])
        return key

    @_once
    def stage(self, stage: Node, key: str) -> str:
        name = stage.known("stage_name") if stage.has("stage_name") else stage.known("name")
        title = f"stage {name}" if isinstance(name, str) else "stage"
        self.add(key, "stage", title, stage.address, stage.address, [stage.span()])
        if isinstance(stage, ApiStage) and stage.api is not None:
            self.api(stage.api)
        return key

    @_once
    def lambda_url(self, url: Node, key: str) -> str:
        auth = url.known("authorization_type")
        title = KIND_NAMES["lambda-url"] + (f" ({auth})" if isinstance(auth, str) else "")
        self.add(key, "lambda-url", title, url.address, url.address, [url.span()])
        self.link(key, self.target_of(url.value("function_name")), "function_name", [url.span("function_name")])
        return key

    @_once
    def web_acl(self, acl: Node, key: str) -> str:
        scope = acl.known("scope")
        title = KIND_NAMES["web-acl"] + (f" ({scope})" if isinstance(scope, str) else "")
        if acl.resource_type not in WebAcl.terraform_types:
            title += " (WAF Classic)"
        return self.add(key, "web-acl", title, acl.address, acl.address, [acl.span()])

    def accelerator(self, acc: Node) -> str:
        key = self.plain(acc, "accelerator")
        for ln in acc.listeners:
            label = _accelerator_ports(ln)
            for gn in ln.endpoint_groups:
                for endpoint in gn.nested("endpoint_configuration"):
                    self.link(key, self.target_of(endpoint.value("endpoint_id")), label,
                              [ln.span(), gn.span(), endpoint.span()])
        return key

    def _external_host(self, domain: Value) -> str | None:
        if isinstance(domain, Known) and isinstance(domain.known, str) and domain.known:
            return self.add(self.key(f"host:{domain.known}"), "host", domain.known, KIND_NAMES["host"])
        return None

    def _external_acl(self, acl: Value) -> str | None:
        if isinstance(acl, Known) and isinstance(acl.known, str) and acl.known:
            name = acl.known.rsplit("/", 2)[-2] if acl.known.count("/") >= 2 else acl.known
            return self.add(self.key(f"acl:{acl.known}"), "web-acl", f"{KIND_NAMES['web-acl']} {name}", acl.known)
        return None


def _aliases(d: Distribution) -> str:
    names, complete = strings(d.value("aliases"))
    if not names:
        return ""
    shown = ", ".join(names[:2]) + (", …" if len(names) > 2 or not complete else "")
    return shown


def _domain_label(domain: Value) -> str:
    """How an origin names its target: the referenced attribute (``dns_name``), or
    "domain_name" for a hostname written out."""
    ref = next(iter(domain.refs()), None)
    if isinstance(domain, Ref) and ref is not None and ref.attribute:
        return ref.attribute
    if isinstance(domain, Partial) and ref is not None and ref.attribute:
        return f"{ref.attribute} (in a hostname)"
    return "domain_name"


def _port_label(rule: IngressRule) -> str:
    proto = rule.protocol.known
    if not isinstance(proto, (str, int)) or isinstance(proto, bool):
        return "ports ?"
    text = str(proto).lower()
    if text in awsdata.ALL_PROTOCOLS:
        return "all traffic"
    name = {"6": "tcp", "17": "udp", "1": "icmp"}.get(text, text)
    low, high = rule.known("from_port"), rule.known("to_port")
    if name == "icmp":
        return "icmp"
    if low is None or high is None:
        return f"{name} ?"
    return f"{name} {low}" if str(low) == str(high) else f"{name} {low}-{high}"


def _accelerator_ports(listener: Node) -> str:
    proto = listener.known("protocol")
    ranges = []
    for r in listener.nested("port_range"):
        low, high = r.known("from_port"), r.known("to_port")
        if low is not None:
            ranges.append(f"{low}" if low == high or high is None else f"{low}-{high}")
    proto_text = proto.lower() if isinstance(proto, str) else "?"
    return f"{proto_text} {', '.join(ranges) or '?'}"


# --- findings ----------------------------------------------------------------------------


def _contains(outer: Span, inner: Span) -> bool:
    return (outer.file == inner.file and (outer.line, outer.col) <= (inner.line, inner.col)
            and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col))


def _size(span: Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_col - span.col)


def _place_findings(findings: list[Finding], drawings: list[_StackDrawing], nodes: dict[str, TopoNode],
                    edges: dict) -> None:
    """Each finding onto the elements with the smallest span that contains it, among
    the elements of the stack and module instance that produced it: a module's file
    is shared by all its instances, its findings are not."""
    by_file: dict[str, list[tuple[Span, object]]] = {}
    for element in [*nodes.values(), *edges.values()]:
        for span in element.spans:
            by_file.setdefault(os.path.normpath(span.file), []).append((span, element))
    for f in findings:
        span = replace(f.span, file=os.path.normpath(f.span.file))
        holders = [(_size(s), id(e), e) for s, e in by_file.get(span.file, ())
                   if _contains(replace(s, file=span.file), span) and _produced_by(f, e, nodes)]
        if holders:
            best = min(h[0] for h in holders)
            for element in {h[1]: h[2] for h in holders if h[0] == best}.values():
                element.findings.append(f)
        elif drawings:
            _place_elsewhere(f, drawings).findings.append(f)


def _produced_by(f: Finding, element: TopoNode | TopoEdge, nodes: dict[str, TopoNode]) -> bool:
    """Whether ``element`` belongs to the stack and module instance ``f`` was found in
    (an edge belongs where its source node does)."""
    node = element if isinstance(element, TopoNode) else nodes[element.source]
    if f.module and os.path.normpath(f.module) != node.group:
        return False
    return node.instance == f.instance


def _place_elsewhere(f: Finding, drawings: list[_StackDrawing]) -> TopoNode:
    """A node for a finding that no drawn element contains: its resource, linked to
    the drawn resources it refers to and that refer to it, or else its file."""
    own = [d for d in drawings if not f.module or d.group == os.path.normpath(f.module)]
    for d in own or drawings:
        obj = d.stack.object_at(f.address) if f.address else None
        if obj is not None:
            return d.nodes[d.referenced(obj)]
    path = os.path.normpath(f.span.file)
    owner = next((d for d in drawings if path.startswith(d.group.rstrip(os.sep) + os.sep)), drawings[0])
    return owner.nodes[owner.add(owner.key(f"file:{path}"), "file", os.path.basename(path), path)]


def _attribute_name(label: str) -> str:
    """``origin[0].domain_name`` → ``domain_name``."""
    return re.sub(r"\[\d+\]", "", label).rsplit(".", 1)[-1]


# --- identifiers --------------------------------------------------------------------------


def _assign_ids(nodes: dict[str, TopoNode], multiple_groups: bool) -> dict[str, str]:
    """Readable identifiers from each node's key (``aws_lb_web``, ``..._origin_1``),
    letters, digits and underscores only, unique, independent of the order of work."""
    groups = sorted({n.group for n in nodes.values()})
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(nodes):
        node = nodes[key]
        _group, address, path = key.split("|", 2)
        base = re.sub(r"[^A-Za-z0-9]+", "_", f"{address}_{path}" if path else address).strip("_") or "node"
        if multiple_groups:
            base = f"s{groups.index(node.group) + 1}_{base}"
        if not base[0].isalpha():
            base = "n_" + base
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        out[key] = candidate
    return out
