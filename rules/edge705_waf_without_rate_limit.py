from edgelint.model import WebAcl
from edgelint.model.waf import distributions_protected_by, fronts_api
from edgelint.ruleset import rule


@rule("EDGE705", "waf-without-rate-limit", severity="medium", tags=("cloudfront", "waf", "security"))
def waf_without_rate_limit(stack):
    """
    ## What it does
    Flags a distribution's WAFv2 web ACL without a rate-based rule, when the
    distribution fronts an API (an API Gateway or Lambda function URL origin, or a
    behavior that allows POST). The rule is silent when the ACL's rules
    are not all visible (rule groups by reference or association, rules managed
    elsewhere through `lifecycle { ignore_changes = [rule] }`).

    ## Why is this bad?
    Without a rate limit one client can send as many requests as it likes: credential
    stuffing, scraping and application-level floods reach the API, and its bill.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      scope = "CLOUDFRONT"
      rule {
        name     = "common"
        priority = 1
        statement {
          managed_rule_group_statement {
            vendor_name = "AWS"
            name        = "AWSManagedRulesCommonRuleSet"
          }
        }
      }
    }
    ```

    ## Use instead
    Add a rate-based rule that blocks clients above a sensible request rate.
    ```hcl
    rule {
      name     = "rate"
      priority = 0
      action {
        block {}
      }
      statement {
        rate_based_statement {
          limit              = 2000
          aggregate_key_type = "IP"
        }
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
    """
    for acl in stack.all(WebAcl):
        distributions = [d for d in distributions_protected_by(stack, acl) if fronts_api(d)]
        if not distributions or acl.has_rate_based_rule() is not False:
            continue
        yield acl.finding(f"web ACL {acl.address} protects {', '.join(d.address for d in distributions)}, which "
                          "serves an API, but has no rate-based rule", related=[
                              d.related(f"{d.address} uses this web ACL", at="web_acl_id") for d in distributions])
