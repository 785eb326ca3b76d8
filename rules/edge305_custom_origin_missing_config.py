from edgelint.model import awsdata
from edgelint.ruleset import rule

_CUSTOM_KINDS = (awsdata.ALB, awsdata.API_GATEWAY, awsdata.LAMBDA_URL, awsdata.S3_WEBSITE, awsdata.ELB, awsdata.NLB,
                 awsdata.CUSTOM)


@rule("EDGE305", "custom-origin-missing-config", severity="high", tags=("cloudfront", "origin", "broken"))
def custom_origin_missing_config(stack):
    """
    ## What it does
    Flags an origin that is not an S3 bucket (a load balancer, API Gateway, a Lambda
    function URL, an S3 website endpoint or any other host) and has neither a
    `custom_origin_config` nor a `vpc_origin_config` block.

    ## Why is this bad?
    Without either block the provider sends the origin as an S3 origin, and the API
    rejects a domain that is not an S3 bucket's: the apply fails.

    ## Example
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"
    }
    ```

    ## Use instead
    Give every origin that is not an S3 bucket a `custom_origin_config`:
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#custom-origin-config-arguments
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    """
    for o in stack.origins():
        if o.kind not in _CUSTOM_KINDS:
            continue
        if o.has_block("custom_origin_config") is False and o.has_block("vpc_origin_config") is False:
            target = o.target
            related = [target.related(f"{target.address}")] if target is not None else []
            yield o.finding(f"{o.label} is {o.kind_label} but has no custom_origin_config (or vpc_origin_config): "
                            "it is sent as an S3 origin and CloudFront rejects it", related=related)
