import re

from edgelint.model import ClassicWebAcl
from edgelint.model.waf import distributions_protected_by
from edgelint.ruleset import rule

# WAF Classic web ACLs are given to CloudFront by ID, a UUID; WAFv2 ones by ARN.
_CLASSIC_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


@rule("EDGE707", "waf-classic", severity="high", tags=("waf", "security"))
def waf_classic(stack):
    """
    ## What it does
    Flags WAF Classic web ACLs. Each one the configuration declares
    (`aws_waf_web_acl`, `aws_wafregional_web_acl`) is reported once, and so is a
    distribution whose `web_acl_id` points at WAF Classic otherwise (a WAF Classic
    data source, or a literal web ACL ID rather than a WAFv2 ARN).

    ## Why is this bad?
    AWS ended support for WAF Classic on 30 September 2025: its rules get no updates
    and its resources can no longer be relied on to protect anything.

    ## Example
    ```hcl
    resource "aws_waf_web_acl" "edge" {
      name        = "edge"
      metric_name = "edge"
      default_action {
        type = "ALLOW"
      }
    }
    ```

    ## Use instead
    Migrate to an `aws_wafv2_web_acl` (scope `CLOUDFRONT` in us-east-1 for a
    distribution) and give its ARN as `web_acl_id`.

    ## References
    - https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html
    - https://docs.aws.amazon.com/waf/latest/developerguide/waf-migrating-from-classic.html
    """
    for acl in stack.all(ClassicWebAcl):
        yield acl.finding(f"{acl.address} is a WAF Classic web ACL; WAF Classic support ended on 2025-09-30: "
                          "migrate to aws_wafv2_web_acl", related=[
                              d.related(f"{d.address} uses this web ACL", at="web_acl_id")
                              for d in distributions_protected_by(stack, acl)])
    for d in stack.distributions:
        classic_data = any(ClassicWebAcl.named_by(r, resource=False, data_source=True)
                           for r in d.references("web_acl_id"))
        literal = d.text("web_acl_id")
        literal_id = literal is not None and _CLASSIC_ID.match(literal)
        if classic_data or literal_id:
            yield d.finding("web_acl_id points at a WAF Classic web ACL; WAF Classic support ended on 2025-09-30: "
                            "use the ARN of an aws_wafv2_web_acl", at="web_acl_id")
