from edgelint.ruleset import rule


@rule("EDGE110", "lambda-edge-unversioned", severity="high", tags=("cloudfront", "lambda", "broken"))
def lambda_edge_unversioned(stack):
    """
    ## What it does
    Flags a `lambda_function_association` whose `lambda_arn` is not a numbered
    function version: a reference to `aws_lambda_function.*.arn` or `.invoke_arn`,
    `.qualified_arn` of a function without `publish = true` (which ends in
    `$LATEST`), an `aws_lambda_alias`, or a known ARN that ends in `$LATEST`, an
    alias, or no qualifier at all.

    ## Why is this bad?
    Lambda@Edge replicates one immutable version of the function to the edge, so
    CloudFront accepts only an ARN that ends in a version number. Anything else
    makes the apply fail ("The function ARN must reference a specific function
    version").

    ## Example
    ```hcl
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.auth.arn
    }
    ```

    ## Use instead
    Publish versions and use the qualified ARN:
    ```hcl
    resource "aws_lambda_function" "auth" {
      publish = true
      # ...
    }

    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.auth.qualified_arn
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-function-restrictions.html#lambda-cloudfront-trigger-restrictions
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#qualified_arn-1
    """
    for b in stack.behaviors():
        for association in b.lambda_associations:
            if association.generated_unknown:
                continue
            problem = association.unversioned()
            if problem is None:
                continue
            function = association.function
            related = [function.related(f"the function {function.address}")] if function is not None else []
            yield association.finding(f"{b.label}: lambda_arn must name a numbered function version, but {problem}: "
                                      "Lambda@Edge rejects it at apply", at=association.arn_attribute, related=related)
