from edgelint.model import WebAcl
from edgelint.model.waf import distributions_protected_by, fronts_api, fronts_dynamic_origin
from edgelint.ruleset import rule

# Managed rule groups that count as a baseline, matched on vendor AWS.
_BASELINE_RULE_GROUPS = frozenset({"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"})


@rule("EDGE706", "waf-without-managed-baseline", severity="low", tags=("cloudfront", "waf", "security"))
def waf_without_managed_baseline(stack):
    """
    ## What it does
    Flags a distribution's WAFv2 web ACL that uses no AWS baseline managed rule
    group. It applies to the ACL of a distribution that fronts a dynamic origin (API
    Gateway, Lambda function URL, application load balancer) or an API (a behavior
    that allows POST), and looks for `AWSManagedRulesCommonRuleSet` and
    `AWSManagedRulesKnownBadInputsRuleSet`, used directly or through an
    `aws_wafv2_web_acl_rule_group_association`.

    ## Why is this bad?
    Those groups block the common exploit patterns (OWASP Top 10 style payloads,
    Log4j and other known bad inputs) that an application behind CloudFront is
    otherwise left to handle itself.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      scope = "CLOUDFRONT"
      # only a rate-based rule
    }
    ```

    ## Use instead
    Add AWS's core rule set (and the known bad inputs set) to the web ACL.
    ```hcl
    rule {
      name     = "common"
      priority = 10
      override_action {
        none {}
      }
      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = "AWSManagedRulesCommonRuleSet"
        }
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
    """
    for acl in stack.all(WebAcl):
        distributions = [d for d in distributions_protected_by(stack, acl)
                         if fronts_dynamic_origin(d) or fronts_api(d)]
        if not distributions or acl.uses_managed_rule_group(_BASELINE_RULE_GROUPS) is not False:
            continue
        yield acl.finding(f"web ACL {acl.address} protects {', '.join(d.address for d in distributions)} without "
                          "AWSManagedRulesCommonRuleSet or AWSManagedRulesKnownBadInputsRuleSet", related=[
                              d.related(f"{d.address} uses this web ACL", at="web_acl_id") for d in distributions])
