from edgelint.findings import Related
from edgelint.model import ApiStage
from edgelint.ruleset import rule

# Removed from aws_api_gateway_deployment by AWS provider 6.0 (its upgrade guide).
_REMOVED = ("stage_name", "stage_description", "canary_settings")


@rule("EDGE608", "deployment-stage-arguments-removed", severity="high", tags=("api-gateway", "terraform", "broken"))
def deployment_stage_arguments_removed(stack):
    """
    ## What it does
    Flags `stage_name`, `stage_description` and `canary_settings` on an
    `aws_api_gateway_deployment` when the AWS provider is 6.0 or later: the version
    locked in `.terraform.lock.hcl`, or else the `required_providers` constraints
    when they admit no 5.x version. An undecided version (`>= 5.0`, no constraint)
    keeps the rule silent.

    ## Why is this bad?
    AWS provider 6.0 removed the arguments (a deployment no longer creates a stage),
    so Terraform rejects the configuration ("An argument named "stage_name" is not
    expected here") and nothing is planned until the stage is declared on its own.

    ## Example
    ```hcl
    resource "aws_api_gateway_deployment" "api" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = "prod"
    }
    ```

    ## Use instead
    Declare the stage as a resource that names the deployment.
    ```hcl
    resource "aws_api_gateway_deployment" "api" {
      rest_api_id = aws_api_gateway_rest_api.api.id
    }

    resource "aws_api_gateway_stage" "prod" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
      stage_name    = "prod"
    }
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade#resourceaws_api_gateway_deployment
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment
    """
    version = stack.provider_version("aws")
    if version.at_least(6) is not True:
        return
    related = [Related(version.span, f"the AWS provider is {version.origin}")] if version.span is not None else []
    for deployment in stack.all(ApiStage):
        if not deployment.is_deployment:
            continue
        for name in _REMOVED:
            if deployment.has(name) or deployment.has_block(name) is not False:
                yield deployment.finding(f"{deployment.address} sets {name}, which AWS provider 6 removed from "
                                         f"deployments (the provider is {version.origin}): Terraform rejects it; "
                                         "declare the stage as its own resource", at=name, related=related)
