from edgelint.model import FunctionUrl, awsdata
from edgelint.ruleset import rule

# What a CloudFront OAC needs from a function URL's resource policy. The second action
# is required of function URLs since October 2025 (AWS Lambda "Control access to
# function URLs"; the exception for older URLs ended on 1 November 2026).
_FUNCTION_URL_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")


@rule("EDGE406", "lambda-url-origin-unprotected", severity="high", tags=("cloudfront", "lambda", "oac", "security"))
def lambda_url_origin_unprotected(stack):
    """
    ## What it does
    Flags a Lambda function URL origin that anyone can call, or that CloudFront
    cannot. The origin is followed to its `aws_lambda_function_url`, and the rule
    fires:
    - without an origin access control, a URL with `authorization_type = "NONE"`
      whose function's `aws_lambda_permission`s let anyone (`principal = "*"`) call
      both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`: the URL is public
      and anyone can call it around the distribution (without both grants a `NONE`
      URL answers every request with 403);
    - with an origin access control, a URL whose `authorization_type` is not
      `AWS_IAM`, or a function whose `aws_lambda_permission`s do not let
      `cloudfront.amazonaws.com` (from this distribution, where `source_arn` is set)
      call both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` — function
      URLs need both since October 2025 — so CloudFront's signed requests get 403.
      A missing permission is not reported when the URL or its function goes into
      a module edgelint cannot read, which may grant it.

    ## Why is this bad?
    A public function URL skips the distribution's WAF, caching and logging; a URL
    that CloudFront may not invoke breaks every request through the distribution.

    ## Example
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = "NONE"
    }
    ```

    ## Use instead
    Require IAM authorization on the URL, sign CloudFront's requests with an origin
    access control, and let this distribution invoke the function.
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = "AWS_IAM"
    }

    resource "aws_lambda_permission" "cloudfront_url" {
      action        = "lambda:InvokeFunctionUrl"
      function_name = aws_lambda_function.api.function_name
      principal     = "cloudfront.amazonaws.com"
      source_arn    = aws_cloudfront_distribution.cdn.arn
    }
    # and the same with action = "lambda:InvokeFunction"
    ```
    with an origin access control of type `lambda` on the origin.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html
    - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
    """
    for o in stack.origins():
        url = o.target
        if o.kind != awsdata.LAMBDA_URL or not isinstance(url, FunctionUrl):
            continue
        with_oac = o.is_set("origin_access_control_id")
        auth = url.text("authorization_type")
        origin_end = [o.related(f"{o.label} of {o.distribution.address}", at="domain_name")]
        public = all(url.grants_everyone(action) is True for action in _FUNCTION_URL_ACTIONS)
        if with_oac is False and auth == "NONE" and public:
            yield url.finding(f"function URL {url.address} is public (authorization_type = \"NONE\") and {o.label} of "
                              f"{o.distribution.address} has no origin access control: anyone can call the function "
                              "around the distribution", at="authorization_type", related=origin_end)
        if with_oac is not True:
            continue
        if url.is_known("authorization_type") and auth != "AWS_IAM":
            yield url.finding(f"{o.label} of {o.distribution.address} signs its requests with an origin access control, "
                              f"but function URL {url.address} does not require IAM authorization: set "
                              "authorization_type = \"AWS_IAM\"", at="authorization_type" if url.has("authorization_type")
                              else None, related=origin_end)
        missing = [a for a in _FUNCTION_URL_ACTIONS if url.grants_cloudfront(a, o.distribution) is False]
        if missing:
            yield o.finding(f"no aws_lambda_permission lets cloudfront.amazonaws.com call {' and '.join(missing)} on "
                            f"the function behind {url.address} for {o.distribution.address}: requests signed by the "
                            "origin access control get 403", at="origin_access_control_id",
                            related=[url.related(f"function URL {url.address}")])
