from edgelint.model import awsdata
from edgelint.ruleset import rule

_KINDS = awsdata.DYNAMIC_KINDS | {awsdata.CUSTOM}


@rule("EDGE701", "dynamic-origin-without-waf", severity="high", tags=("cloudfront", "waf", "security"))
def dynamic_origin_without_waf(stack):
    """
    ## What it does
    Flags a distribution with a dynamic origin but no WAF web ACL. Dynamic origins
    are API Gateway, Lambda function URLs, application, network and Classic load
    balancers (reached directly or through a VPC origin) and custom origins; no web
    ACL means `web_acl_id` unset, empty, or resolving to `""` (for example a
    variable whose default is `""` and that no tfvars file sets). A multi-tenant distribution is left alone: each of
    its tenants may attach a web ACL of its own.

    ## Why is this bad?
    Requests reach the application with no filtering at the edge: no rate limiting,
    no protection against common exploits, bots or known bad inputs. Static S3
    content needs little of that; an application does.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "app" {
      origin {
        domain_name = aws_lb.app.dns_name
        origin_id   = "app"
      }
    }
    ```

    ## Use instead
    Attach a WAFv2 web ACL of scope CLOUDFRONT to the distribution.
    ```hcl
    resource "aws_cloudfront_distribution" "app" {
      web_acl_id = aws_wafv2_web_acl.edge.arn
      origin {
        domain_name = aws_lb.app.dns_name
        origin_id   = "app"
      }
    }
    ```
    with an `aws_wafv2_web_acl` of scope `CLOUDFRONT` created in us-east-1.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html
    """
    for d in stack.distributions:
        if d.is_multi_tenant:
            continue  # each tenant may attach its own web ACL (customizations.web_acl)
        dynamic = [o for o in d.origins if o.kind in _KINDS]
        if not dynamic or not (d.is_null("web_acl_id") or d.text("web_acl_id") == ""):
            continue
        kinds = ", ".join(dict.fromkeys(o.kind for o in dynamic))
        yield d.finding(f"distribution {d.address} serves dynamic origins ({kinds}) without a WAF web ACL; set "
                        "web_acl_id to a CLOUDFRONT-scope aws_wafv2_web_acl", at="web_acl_id" if d.has("web_acl_id")
                        else None, related=[o.related(f"{o.label} is {o.kind_label}", at="domain_name") for o in dynamic])
