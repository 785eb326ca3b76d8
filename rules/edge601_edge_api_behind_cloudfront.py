from edgelint.model import RestApi
from edgelint.model.api import origins_by_api
from edgelint.ruleset import rule


@rule("EDGE601", "edge-api-behind-cloudfront", severity="medium", tags=("cloudfront", "api-gateway", "performance"))
def edge_api_behind_cloudfront(stack):
    """
    ## What it does
    Flags a REST API that is the origin of a distribution while its endpoint type is
    `EDGE`, set explicitly or by default (no `endpoint_configuration`).

    ## Why is this bad?
    An edge-optimized API already sits behind an AWS-managed CloudFront distribution.
    Putting your own distribution in front routes every request through CloudFront
    twice: more latency, no caching benefit from the inner one, and headers such as
    Host and the viewer address mangled on the way.

    ## Example
    ```hcl
    resource "aws_api_gateway_rest_api" "api" {
      name = "api"
    }
    ```

    ## Use instead
    Make the API regional, with your distribution as its only edge.
    ```hcl
    resource "aws_api_gateway_rest_api" "api" {
      name = "api"
      endpoint_configuration {
        types = ["REGIONAL"]
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-endpoint-types.html
    - https://repost.aws/knowledge-center/api-gateway-cloudfront-distribution
    """
    for reached in origins_by_api(stack):
        api = reached.api
        if not isinstance(api, RestApi):
            continue
        if not api.has_endpoint_type("EDGE"):
            continue
        how = "its endpoint type is EDGE" if api.endpoint_configuration is not None \
            else "it has no endpoint_configuration, so its endpoint type is EDGE"
        yield api.finding(f"REST API {api.address} is the origin of {reached.distribution_names} but {how}: requests pass "
                          "through CloudFront twice; use REGIONAL", at="endpoint_configuration",
                          related=reached.origin_locations())

