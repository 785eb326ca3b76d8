from edgelint.model import awsdata
from edgelint.ruleset import rule


@rule("EDGE111", "lambda-edge-outside-us-east-1", severity="high", tags=("cloudfront", "lambda", "broken"))
def lambda_edge_outside_us_east_1(stack):
    """
    ## What it does
    Flags a `lambda_function_association` whose function is created under a
    provider whose region is known and is not us-east-1, or whose known ARN names
    another region.

    ## Why is this bad?
    Lambda@Edge functions must be created in US East (N. Virginia); CloudFront
    replicates them from there. A function in any other region makes the apply fail.

    ## Example
    ```hcl
    provider "aws" {
      region = "eu-west-1"
    }

    resource "aws_lambda_function" "auth" {
      publish = true
      # ...
    }
    ```

    ## Use instead
    Create the function with a us-east-1 provider:
    ```hcl
    provider "aws" {
      alias  = "use1"
      region = "us-east-1"
    }

    resource "aws_lambda_function" "auth" {
      provider = aws.use1
      publish  = true
      # ...
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-function-restrictions.html#lambda-function-restrictions-regions
    """
    for b in stack.behaviors():
        for association in b.lambda_associations:
            if association.generated_unknown:
                continue
            function = association.function
            if function is not None:
                region, where = function.region_name, f"{function.address} is created in"
            else:
                region, where = association.arn_region(association.arn_attribute, "lambda"), "the function is in"
            if region is None or region == awsdata.CLOUDFRONT_REGION:
                continue
            related = [function.related(f"{function.address} is created in {region}")] if function else []
            yield association.finding(f"{b.label}: {where} {region}, but Lambda@Edge functions must be in us-east-1",
                                      at=association.arn_attribute, related=related)
