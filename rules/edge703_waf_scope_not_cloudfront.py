from edgelint.model import WebAcl, awsdata
from edgelint.ruleset import rule


@rule("EDGE703", "waf-scope-not-cloudfront", severity="high", tags=("cloudfront", "waf", "broken"))
def waf_scope_not_cloudfront(stack):
    """
    ## What it does
    Flags a distribution whose web ACL cannot serve CloudFront. That is a
    `web_acl_id` referring to an `aws_wafv2_web_acl` with `scope = "REGIONAL"`, or to
    one created under a provider (or with a `region` argument) whose region is known
    and is not us-east-1. A literal web ACL ARN that
    is regional or names another region is flagged too.

    ## Why is this bad?
    CloudFront accepts only web ACLs of scope CLOUDFRONT, and those exist only in
    us-east-1. The apply fails.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      name  = "edge"
      scope = "REGIONAL"
    }
    ```

    ## Use instead
    Create the web ACL with scope CLOUDFRONT under a provider configuration for
    us-east-1.
    ```hcl
    provider "aws" {
      alias  = "us_east_1"
      region = "us-east-1"
    }

    resource "aws_wafv2_web_acl" "edge" {
      provider = aws.us_east_1
      name     = "edge"
      scope    = "CLOUDFRONT"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html
    """
    for d in stack.distributions:
        acl = stack.object_for(d.reference("web_acl_id"))
        if isinstance(acl, WebAcl):
            problem = _problem_of(acl)
            if problem:
                yield d.finding(f"web_acl_id refers to {acl.address}, {problem}: CloudFront accepts only "
                                "CLOUDFRONT-scope web ACLs from us-east-1", at="web_acl_id",
                                related=[acl.related(f"web ACL {acl.address}", at="scope")])
        else:
            problem = _arn_problem(d.arn("web_acl_id"))
            if problem:
                yield d.finding(f"web_acl_id is a web ACL ARN {problem}: CloudFront accepts only CLOUDFRONT-scope "
                                "web ACLs from us-east-1", at="web_acl_id")


def _problem_of(acl: WebAcl) -> str | None:
    if acl.text("scope") == "REGIONAL":
        return "whose scope is REGIONAL"
    region = acl.region_name
    if region and region != awsdata.CLOUDFRONT_REGION:
        return f"created in {region}"
    return None


def _arn_problem(arn) -> str | None:
    if arn is None or arn.service != "wafv2":
        return None
    if arn.resource.startswith("regional/"):
        return "of a REGIONAL web ACL"
    if arn.region and arn.region != awsdata.CLOUDFRONT_REGION:
        return f"in {arn.region}"
    return None
