from edgelint.model import SecurityGroup
from edgelint.ruleset import rule

# Each CloudFront origin-facing list counts as 55 rules against a security group's
# quota of 60 inbound rules, which is counted separately for IPv4 and IPv6 rules.
_PREFIX_LIST_WEIGHT = 55
_RULE_QUOTA = 60


@rule("EDGE506", "cloudfront-prefix-list-quota", severity="high", tags=("network", "cloudfront", "broken"))
def cloudfront_prefix_list_quota(stack):
    """
    ## What it does
    Flags a security group that references the CloudFront origin-facing managed
    prefix list in more than one ingress rule. Rules of all three forms count
    (inline `ingress`, `aws_security_group_rule`,
    `aws_vpc_security_group_ingress_rule`); the list is recognised through the
    `data "aws_ec2_managed_prefix_list"` it comes from. The IPv4 list
    (`com.amazonaws.global.cloudfront.origin-facing`) and its IPv6 twin are counted
    apart, as the quota is.

    ## Why is this bad?
    Each reference to the list counts as 55 rules against the default quota of 60
    inbound rules per security group. A second reference exceeds it and the apply
    fails with RulesPerSecurityGroupLimitExceeded.

    ## Example
    ```hcl
    ingress {
      from_port       = 80
      to_port         = 80
      protocol        = "tcp"
      prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id]
    }
    ingress {
      from_port       = 443
      to_port         = 443
      protocol        = "tcp"
      prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id]
    }
    ```

    ## Use instead
    Admit the list once (only the port CloudFront uses, or a port range), or split
    the rules over two security groups.

    ## References
    - https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html#aws-managed-prefix-list-weights
    - https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
    """
    for group in stack.all(SecurityGroup):
        by_list: dict[str, list] = {}
        for ingress in group.ingress_rules:
            for name in sorted(ingress.cloudfront_prefix_lists()):
                by_list.setdefault(name, []).append(ingress)
        for name, rules in sorted(by_list.items()):
            if len(rules) < 2:
                continue
            rules.sort(key=lambda r: r.span(r.prefix_list_attribute))  # report the second in the file
            second = rules[1]
            weight = _PREFIX_LIST_WEIGHT * len(rules)
            yield second.finding(
                f"security group {group.address} references {name} in {len(rules)} ingress rules: they count as "
                f"{weight} rules against the quota of {_RULE_QUOTA}, and the apply fails with "
                "RulesPerSecurityGroupLimitExceeded", at=second.prefix_list_attribute,
                related=[r.related("the prefix list is also referenced here", at=r.prefix_list_attribute)
                         for r in rules if r is not second])
