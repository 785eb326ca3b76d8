from edgelint.model import LoadBalancer, awsdata
from edgelint.ruleset import rule


@rule("EDGE501", "alb-origin-open-ingress", severity="high", tags=("cloudfront", "alb", "network", "security"))
def alb_origin_open_ingress(stack):
    """
    ## What it does
    Follows each CloudFront origin to the application load balancer behind it, the
    load balancer to its security groups, and flags every ingress rule that admits
    every IPv4 address (`0.0.0.0/0`, or CIDRs of the rule that together cover it, such
    as `0.0.0.0/1` and `128.0.0.0/1`) or, on a load balancer with IPv6 addresses
    (`ip_address_type = "dualstack"`), every IPv6 address, on a port one of its
    listeners uses. Inline `ingress` blocks, `aws_security_group_rule` and
    `aws_vpc_security_group_ingress_rule` are all read. A load balancer the internet
    cannot reach (`internal = true`, or an origin reached through a VPC origin) is left
    alone.

    ## Why is this bad?
    CloudFront is supposed to be the only way in, but anyone on the internet can call
    the load balancer directly and skip the distribution's WAF, caching, geo
    restrictions and logging.

    ## Example
    ```hcl
    resource "aws_security_group" "alb" {
      ingress {
        from_port   = 443
        to_port     = 443
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    ```

    ## Use instead
    Admit only CloudFront's origin-facing servers, through the AWS-managed prefix list
    (or make the ALB a CloudFront VPC origin):
    ```hcl
    data "aws_ec2_managed_prefix_list" "cloudfront" {
      name = "com.amazonaws.global.cloudfront.origin-facing"
    }

    resource "aws_security_group" "alb" {
      ingress {
        from_port       = 443
        to_port         = 443
        protocol        = "tcp"
        prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id]
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list
    """
    reported: set[tuple[str, str, str]] = set()
    for origin in stack.origins():
        lb = origin.target
        if origin.kind != awsdata.ALB or not isinstance(lb, LoadBalancer):
            continue
        if lb.internet_facing is not True or origin.through_vpc_origin is not False:
            continue  # nobody on the internet reaches it, whatever its groups admit
        ports = sorted({p for p in (listener.port for listener in lb.listeners) if p is not None})
        for group in lb.security_groups:
            for ingress in group.ingress_rules:
                open_ports = [p for p in ports if ingress.admits_port(p) is True]
                if not open_ports:
                    continue
                for attr in ingress.internet_sources(ipv6=lb.has_ipv6):
                    key = (ingress.address, ingress.path, attr)
                    if key in reported:
                        continue
                    reported.add(key)
                    port_text = ", ".join(map(str, open_ports))
                    yield ingress.finding(
                        f"security group {group.address} admits the internet on port {port_text} of "
                        f"{lb.address}, which is {origin.label} of {origin.distribution.address}: "
                        "anyone can reach the load balancer without CloudFront",
                        at=attr, span=ingress.internet_source_span(attr),
                        related=[origin.related(f"{origin.label} of {origin.distribution.address}", at="domain_name"),
                                 lb.related(f"load balancer {lb.address}", at="security_groups")],
                        flow=_path(origin, lb, group))


def _path(origin, lb, group):
    distribution = origin.distribution
    steps = [distribution.related(f"viewer requests reach {distribution.address}")]
    behavior = next(iter(origin.behaviors), None)
    if behavior is not None:
        steps.append(behavior.related(f"{behavior.label} targets {origin.label}", at="target_origin_id"))
    steps.append(origin.related(f"{origin.label} is {lb.address}", at="domain_name"))
    steps.append(lb.related(f"{lb.address} uses {group.address}", at="security_groups"))
    steps.append(group.related(f"{group.address}"))
    return steps
