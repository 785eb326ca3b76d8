from edgelint.model import RestApi
from edgelint.model.api import origins_by_api
from edgelint.ruleset import rule


@rule("EDGE602", "private-api-as-origin", severity="high", tags=("cloudfront", "api-gateway", "broken"))
def private_api_as_origin(stack):
    """
    ## What it does
    Flags a REST API with a `PRIVATE` endpoint type that is the origin of a
    distribution.

    ## Why is this bad?
    A private API answers only inside a VPC, through an interface endpoint.
    CloudFront reaches origins over the internet, so every request fails.

    ## Example
    ```hcl
    resource "aws_api_gateway_rest_api" "api" {
      name = "api"
      endpoint_configuration {
        types = ["PRIVATE"]
      }
    }
    ```

    ## Use instead
    Make the API `REGIONAL` (and tie it to the distribution, see EDGE302), or put a
    load balancer in the VPC in front of the private API and use it as a VPC origin.

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
    """
    for reached in origins_by_api(stack):
        api = reached.api
        if not isinstance(api, RestApi) or not api.is_private:
            continue
        yield api.finding(f"REST API {api.address} is PRIVATE, reachable only from a VPC, but it is the origin of "
                          f"{reached.distribution_names}: CloudFront cannot reach it", at="endpoint_configuration",
                          related=reached.origin_locations())
