from edgelint.model import awsdata
from edgelint.model.policies import host_forwarding
from edgelint.ruleset import rule


def _aws_dns_name(origin) -> bool:
    """Whether the origin certainly uses the load balancer's own AWS DNS name."""
    ref = origin.reference("domain_name")
    if ref is not None:
        return ref.attribute == "dns_name"
    text = origin.pattern("domain_name")
    return text is not None and text.lower().endswith(".elb.amazonaws.com")


@rule("EDGE308", "https-origin-name-mismatch", severity="high", tags=("cloudfront", "alb", "tls", "broken"))
def https_origin_name_mismatch(stack):
    """
    ## What it does
    Flags an origin that reaches an application load balancer through its AWS DNS
    name (`*.elb.amazonaws.com`, or `aws_lb.*.dns_name`) over HTTPS
    (`origin_protocol_policy` `https-only` or `match-viewer`) when at least one
    behavior targeting it does not forward the viewer's Host header.

    ## Why is this bad?
    CloudFront checks that the origin's certificate matches the name it connects to:
    the origin's domain name, or the viewer's Host when that is forwarded. No
    certificate can be issued for a name under `elb.amazonaws.com`, so the TLS
    handshake fails and viewers get 502 Bad Gateway.

    ## Example
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"
      custom_origin_config {
        origin_protocol_policy = "https-only"
        # ...
      }
    }
    ```

    ## Use instead
    Point the origin at a name the load balancer's certificate covers:
    ```hcl
    origin {
      domain_name = aws_route53_record.origin.fqdn   # origin.example.com
      origin_id   = "web"
      custom_origin_config {
        origin_protocol_policy = "https-only"
        # ...
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for o in stack.origins():
        if o.kind != awsdata.ALB or not _aws_dns_name(o):
            continue
        config = o.single("custom_origin_config")
        policy = config.text("origin_protocol_policy") if config is not None else None
        if policy not in ("https-only", "match-viewer"):
            continue
        behavior = next((b for b in o.behaviors if not b.generated_unknown and host_forwarding(b) == ([], True)), None)
        if behavior is None:
            continue
        related = [behavior.related(f"{behavior.label} does not forward the viewer's Host")]
        lb = o.target
        if lb is not None:
            related.insert(0, lb.related(f"the load balancer {lb.address}"))
        yield config.finding(
            f"{o.label} is {o.kind_label} reached over HTTPS through its AWS DNS name, which no certificate can "
            f"cover: the TLS handshake fails with 502; point domain_name at a name the load balancer's certificate "
            "covers", at="origin_protocol_policy", related=related)
