from edgelint.model.api import all_stages
from edgelint.ruleset import rule


@rule("EDGE605", "api-without-throttling", severity="medium", tags=("api-gateway", "security"))
def api_without_throttling(stack):
    """
    ## What it does
    Flags an API stage without a throttling limit of its own. That is a REST stage (an
    `aws_api_gateway_stage`, or the stage an `aws_api_gateway_deployment` creates
    through `stage_name` under AWS provider 5; provider 6 removed it) that no `aws_api_gateway_method_settings` gives a
    `throttling_rate_limit` or `throttling_burst_limit` of 0 or more (−1, the
    default, means none), or an HTTP API stage whose `default_route_settings` set no
    throttling limit. A REST stage whose stage or API goes into a module edgelint
    cannot read is left alone: that module may hold its method settings.

    ## Why is this bad?
    The stage then shares the account-wide limit (10,000 requests per second per
    Region). One client or one flood of requests can use it up, throttle every other
    API in the account and run up the bill of the integrations behind it.

    ## Example
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
      stage_name    = "prod"
    }
    ```

    ## Use instead
    Give every stage a rate and burst limit.
    ```hcl
    resource "aws_api_gateway_method_settings" "all" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = aws_api_gateway_stage.prod.stage_name
      method_path = "*/*"
      settings {
        throttling_rate_limit  = 100
        throttling_burst_limit = 50
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
    """
    for stage in all_stages(stack):
        if stage.throttled() is not False:
            continue
        how = "its default_route_settings set no throttling limit" if stage.is_http else \
            "no aws_api_gateway_method_settings of the stage sets throttling_rate_limit or throttling_burst_limit"
        yield stage.finding(f"{stage.label} has no throttling of its own: {how}")
