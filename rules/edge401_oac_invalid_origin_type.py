from edgelint.model import OriginAccessControl, awsdata
from edgelint.ruleset import rule

_VALID = ", ".join(sorted(awsdata.OAC_ORIGIN_TYPES))


@rule("EDGE401", "oac-invalid-origin-type", severity="high", tags=("cloudfront", "oac", "broken"))
def oac_invalid_origin_type(stack):
    """
    ## What it does
    Flags an `aws_cloudfront_origin_access_control` whose
    `origin_access_control_origin_type` is not one of `s3`, `mediastore`,
    `mediapackagev2` or `lambda` (the value is case-sensitive).

    ## Why is this bad?
    CloudFront rejects any other type when the OAC is created, so the apply fails.
    There is no origin access control for API Gateway or for load balancers: those
    origins are protected with a secret header, a WAF rule or a VPC origin instead.

    ## Example
    ```hcl
    resource "aws_cloudfront_origin_access_control" "api" {
      name                              = "api"
      origin_access_control_origin_type = "apigateway"
      signing_behavior                  = "always"
      signing_protocol                  = "sigv4"
    }
    ```

    ## Use instead
    Use an OAC only for an origin that can verify CloudFront's signature, with the
    type in lower case:
    ```hcl
    resource "aws_cloudfront_origin_access_control" "assets" {
      name                              = "assets"
      origin_access_control_origin_type = "s3"
      signing_behavior                  = "always"
      signing_protocol                  = "sigv4"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_origin_access_control
    """
    for oac in stack.all(OriginAccessControl):
        kind = oac.text("origin_access_control_origin_type")
        if kind is None or kind in awsdata.OAC_ORIGIN_TYPES:
            continue
        hint = f'; did you mean "{kind.lower()}"?' if kind.lower() in awsdata.OAC_ORIGIN_TYPES else ""
        yield oac.finding(f'origin_access_control_origin_type "{kind}" is not a type CloudFront accepts '
                          f"({_VALID}){hint}", at="origin_access_control_origin_type")
