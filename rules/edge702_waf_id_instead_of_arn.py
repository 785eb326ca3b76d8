from edgelint.model import WebAcl
from edgelint.ruleset import rule


@rule("EDGE702", "waf-id-instead-of-arn", severity="high", tags=("cloudfront", "waf", "broken"),
      fix=("safe", "refer to the web ACL's `.arn` instead of its `.id`"))
def waf_id_instead_of_arn(stack):
    """
    ## What it does
    Flags a distribution whose `web_acl_id` is the `id` of an `aws_wafv2_web_acl`.

    ## Why is this bad?
    Despite the argument's name, CloudFront takes a WAFv2 web ACL by its ARN; only
    WAF Classic ACLs are given by ID. The apply fails (the ID is not a valid ARN), or
    the distribution is left without the intended WAF.

    ## Example
    ```hcl
    web_acl_id = aws_wafv2_web_acl.edge.id
    ```

    ## Use instead
    Give the web ACL's ARN.
    ```hcl
    web_acl_id = aws_wafv2_web_acl.edge.arn
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#web_acl_id-1
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html
    """
    for d in stack.distributions:
        acl = d.reference("web_acl_id")
        if not (acl is not None and WebAcl.named_by(acl, data_source=True) and acl.attribute == "id"):
            continue
        target = stack.object_for(acl)
        related = [target.related(f"web ACL {target.address}")] if target is not None else []
        yield d.finding(f"web_acl_id is {acl}, the ID of a WAFv2 web ACL: CloudFront needs its ARN "
                        f"({acl.address}.arn)", at="web_acl_id", related=related,
                        edits=d.fix_value("web_acl_id", f"{acl.address}.arn"))
