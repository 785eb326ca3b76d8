from edgelint.model.api import origins_by_api
from edgelint.ruleset import rule


@rule("EDGE603", "execute-api-endpoint-disabled", severity="high", tags=("cloudfront", "api-gateway", "broken"))
def execute_api_endpoint_disabled(stack):
    """
    ## What it does
    Flags a REST or HTTP API with `disable_execute_api_endpoint = true` whose
    default `execute-api` hostname is the domain of a CloudFront origin.

    ## Why is this bad?
    With the default endpoint disabled, the execute-api hostname answers 403 to
    everyone, CloudFront included: every request through the distribution fails.

    ## Example
    ```hcl
    resource "aws_api_gateway_rest_api" "api" {
      name                         = "api"
      disable_execute_api_endpoint = true
    }
    # origin domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
    ```

    ## Use instead
    Point the origin at the API's custom domain name (`aws_api_gateway_domain_name`),
    or keep the default endpoint enabled.

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html
    """
    for reached in origins_by_api(stack):
        api = reached.api
        if api.flag("disable_execute_api_endpoint") is not True:
            continue
        yield api.finding(f"{api.address} disables its execute-api endpoint, which {reached.distribution_names} uses as its "
                          "origin: every request through the distribution gets 403",
                          at="disable_execute_api_endpoint",
                          related=reached.origin_locations())
