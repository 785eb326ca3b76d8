from edgelint.model.api import all_stages
from edgelint.ruleset import rule


@rule("EDGE606", "api-stage-without-access-logs", severity="low", tags=("api-gateway", "logging", "hygiene"))
def api_stage_without_access_logs(stack):
    """
    ## What it does
    Flags an API stage without `access_log_settings`. That is a REST or HTTP API
    stage resource without the block, and every stage an `aws_api_gateway_deployment`
    creates through `stage_name` (such a stage cannot have access logs; under AWS
    provider 6 a deployment creates no stage).

    ## Why is this bad?
    Without access logs there is no record of who called the API, from where, with
    what result: incidents cannot be investigated and abuse goes unnoticed.

    ## Example
    ```hcl
    resource "aws_api_gateway_deployment" "api" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = "prod"
    }
    ```

    ## Use instead
    Declare the stage as a resource of its own, with access logs to CloudWatch Logs or
    Firehose.
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
      stage_name    = "prod"
      access_log_settings {
        destination_arn = aws_cloudwatch_log_group.api.arn
        format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    """
    for stage in all_stages(stack):
        if stage.has_access_logs() is not False:
            continue
        if stage.is_deployment:
            yield stage.finding(f"{stage.label} has no access logs: a stage created by a deployment cannot have any; "
                                "declare an aws_api_gateway_stage with access_log_settings")
        else:
            yield stage.finding(f"{stage.label} has no access_log_settings")
