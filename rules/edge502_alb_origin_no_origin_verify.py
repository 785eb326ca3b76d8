from edgelint.model import LoadBalancer, awsdata
from edgelint.model.base import Node, any_of
from edgelint.model.network import ListenerRule
from edgelint.model.waf import web_acls_of
from edgelint.ruleset import rule


@rule("EDGE502", "alb-origin-no-origin-verify", severity="medium", tags=("cloudfront", "alb", "network", "security"))
def alb_origin_no_origin_verify(stack):
    """
    ## What it does
    Flags an application load balancer origin that accepts requests from any
    CloudFront distribution. It fires when the load balancer's security groups admit
    the CloudFront origin-facing prefix list (or any public address) on a listener
    port and nothing checks that a request comes from this distribution: no origin
    `custom_header` is required by a listener rule (`aws_lb_listener_rule` with an
    `http_header` condition) or by a regional WAF ACL associated with the load
    balancer. The check counts only when the header name and value match what the
    origin sends (the same known text, or the same reference on both sides), and a
    header rule counts only when requests without the header cannot reach the same
    targets: the listener's default action does not forward to them (or a catch-all
    rule stands before it), and no other rule does. A private CIDR or a
    security-group reference alone keeps the rule silent, and so does a load balancer
    the internet cannot reach (`internal = true`, or reached through a VPC origin),
    or whose listeners go into a module edgelint cannot read (it may add the rule).

    ## Why is this bad?
    The prefix list admits every CloudFront distribution, not only yours: anyone can
    create a distribution with your load balancer as its origin and reach it without
    your WAF, geo restrictions, signed URLs or caching rules.

    ## Example
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"
    }
    # aws_security_group.alb admits data.aws_ec2_managed_prefix_list.cloudfront.id on 443
    ```

    ## Use instead
    Send a secret header from the origin and forward only requests that carry it:
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"
      custom_header {
        name  = "X-Origin-Verify"
        value = random_password.origin_verify.result
      }
    }

    resource "aws_lb_listener_rule" "from_cloudfront" {
      listener_arn = aws_lb_listener.https.arn
      action {
        type             = "forward"
        target_group_arn = aws_lb_target_group.web.arn
      }
      condition {
        http_header {
          http_header_name = "X-Origin-Verify"
          values           = [random_password.origin_verify.result]
        }
      }
    }
    # and a listener default action that answers 403
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
    """
    reported: set[tuple[str, str]] = set()
    for o in stack.origins():
        lb = o.target
        if o.kind != awsdata.ALB or not isinstance(lb, LoadBalancer):
            continue
        if lb.internet_facing is not True or o.through_vpc_origin is not False:
            continue  # other distributions cannot reach it
        key = (o.address, o.path)
        exposure = _exposure(lb)
        if exposure is None or key in reported:
            continue
        verified, bypass = _verified(stack, o, lb)
        if verified is not False:
            continue
        reported.add(key)
        group, ingress, what = exposure
        who = "any CloudFront distribution" if what == _PREFIX_LIST else "anyone"
        related = [lb.related(f"load balancer {lb.address}"),
                   ingress.related(f"security group {group.address} admits {what}")]
        if bypass is None:
            why = "no listener rule or regional WAF requires a secret header that this origin sends"
        else:
            where = bypass.address if isinstance(bypass, ListenerRule) else f"the default action of {bypass.address}"
            why = f"requests without the secret header that a listener rule requires reach its targets through {where}"
            related.append(bypass.related(f"{where} forwards requests without the header"))
        yield o.finding(f"{o.label} is {lb.address}, whose security group admits {what}, and {why}: requests "
                        f"from {who} pass as this distribution's", related=related)


_PREFIX_LIST = "the CloudFront origin-facing prefix list"


def _exposure(lb: LoadBalancer):
    """(group, ingress rule, description) of a rule that admits the CloudFront prefix
    list or a public CIDR on a listener port; None when there is none for sure."""
    ports = sorted({p for p in (listener.port for listener in lb.listeners) if p is not None})
    for group in lb.security_groups:
        for ingress in group.ingress_rules:
            if not any(ingress.admits_port(p) is True for p in ports):
                continue
            if ingress.cloudfront_prefix_lists():
                return group, ingress, _PREFIX_LIST
            if ingress.public_sources(ipv6=lb.has_ipv6):
                return group, ingress, "public addresses"
    return None


def _verified(stack, origin, lb) -> tuple[bool | None, Node | None]:
    """Whether a listener rule or a regional WAF ACL requires a header this origin
    sends, with no way around it; and, when a header rule is bypassed, where."""
    headers = origin.custom_headers()
    if headers is None:
        return None, None
    if not headers:
        return False, None
    checks = lb.listener_header_checks()
    acls, complete = web_acls_of(stack, lb)
    waf_checks: list = []
    for acl in acls:
        found = acl.header_checks()
        if found is None or checks is None:
            return None, None
        waf_checks.extend(found)
    if checks is None:
        return None, None
    if _accepts(headers, waf_checks) is True:
        return True, None
    by_rules = _accepts(headers, checks)
    if by_rules is True:
        return _not_bypassed(headers, lb)
    if by_rules is None or not complete:
        return None, None
    return False, None


def _accepts(headers, checks) -> bool | None:
    return any_of(check.accepts(name, value) for name, value in headers.items() for check in checks)


def _not_bypassed(headers, lb) -> tuple[bool | None, Node | None]:
    """Whether every listener whose rules require the origin's header sends requests
    without it elsewhere than that rule's targets."""
    results = []
    for listener in lb.listeners:
        accepting = [(r, _accepts(headers, r.header_checks() or [])) for r in listener.rules]
        if any(a is None for _, a in accepting):
            return None, None
        secret_rules = [r for r, a in accepting if a]
        if not secret_rules:
            continue
        targets = []
        for r in secret_rules:
            found = r.forward_targets()
            if found is None:
                return None, None
            targets.extend(found)
        bypass = listener.bypass(targets, secret_rules)
        if isinstance(bypass, Node):
            return False, bypass
        results.append(None if bypass is None else True)
    return any_of(results) if results else None, None
