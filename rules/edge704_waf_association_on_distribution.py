from edgelint.model import Distribution, WebAclAssociation
from edgelint.ruleset import rule


@rule("EDGE704", "waf-association-on-distribution", severity="high", tags=("cloudfront", "waf", "broken"))
def waf_association_on_distribution(stack):
    """
    ## What it does
    Flags an `aws_wafv2_web_acl_association` whose `resource_arn` is a CloudFront
    distribution (a reference to one, or a distribution ARN).

    ## Why is this bad?
    Web ACL associations are for regional resources (load balancers, API Gateway
    stages, AppSync, Cognito, App Runner). AWS rejects one for a distribution: a web
    ACL is attached to a distribution through the distribution's own `web_acl_id`.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl_association" "cdn" {
      resource_arn = aws_cloudfront_distribution.cdn.arn
      web_acl_arn  = aws_wafv2_web_acl.edge.arn
    }
    ```

    ## Use instead
    Drop the association and set the distribution's own `web_acl_id`.
    ```hcl
    resource "aws_cloudfront_distribution" "cdn" {
      web_acl_id = aws_wafv2_web_acl.edge.arn
    }
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl_association
    - https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html
    """
    for assoc in stack.all(WebAclAssociation):
        refs = [r for r in assoc.references("resource_arn") if Distribution.named_by(r, data_source=True)]
        arn = assoc.arn("resource_arn")
        literal = arn is not None and arn.service == "cloudfront" and arn.resource.startswith("distribution/")
        if not refs and not literal:
            continue
        distribution = stack.object_for(refs[0]) if refs else None
        related = [distribution.related(f"distribution {distribution.address}")] if distribution is not None else []
        yield assoc.finding("a web ACL association cannot target a CloudFront distribution: set web_acl_id on the "
                            "distribution instead", at="resource_arn", related=related)
