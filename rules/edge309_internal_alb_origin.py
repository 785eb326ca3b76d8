from edgelint.model import LoadBalancer, awsdata
from edgelint.ruleset import rule


@rule("EDGE309", "internal-alb-origin", severity="high", tags=("cloudfront", "alb", "broken"))
def internal_alb_origin(stack):
    """
    ## What it does
    Flags a `custom_origin_config` origin that resolves to an `aws_lb` with
    `internal = true` (or whose known host name is an internal load balancer's,
    `internal-*.elb.amazonaws.com`).

    ## Why is this bad?
    An internal load balancer has only private addresses. CloudFront reaches custom
    origins over the internet, so every request fails with 502 or 504.

    ## Example
    ```hcl
    resource "aws_lb" "api" {
      internal = true
    }

    origin {
      domain_name = aws_lb.api.dns_name
      origin_id   = "api"
      custom_origin_config { /* ... */ }
    }
    ```

    ## Use instead
    Make the load balancer a CloudFront VPC origin:
    ```hcl
    resource "aws_cloudfront_vpc_origin" "api" {
      vpc_origin_endpoint_config {
        name                   = "api"
        arn                    = aws_lb.api.arn
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols { items = ["TLSv1.2"], quantity = 1 }
      }
    }

    origin {
      domain_name = aws_lb.api.dns_name
      origin_id   = "api"
      vpc_origin_config { vpc_origin_id = aws_cloudfront_vpc_origin.api.id }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
    """
    for o in stack.origins():
        if o.kind != awsdata.ALB or o.has_block("custom_origin_config") is not True:
            continue
        lb = o.target
        if isinstance(lb, LoadBalancer):
            if lb.flag("internal") is True:
                yield o.finding(f"{o.label} is the internal load balancer {lb.address}, which CloudFront cannot reach "
                                "over the internet; use a VPC origin (aws_cloudfront_vpc_origin)", at="domain_name",
                                related=[lb.related(f"{lb.address} is internal", at="internal")])
            continue
        domain = o.text("domain_name")
        if domain is not None and domain.lower().startswith("internal-"):
            yield o.finding(f"{o.label} is an internal load balancer ({domain}), which CloudFront cannot reach "
                            "over the internet; use a VPC origin (aws_cloudfront_vpc_origin)", at="domain_name")
