from edgelint.ruleset import rule


@rule("EDGE201", "forwarded-values-with-cache-policy", severity="high", tags=("cloudfront", "cache", "broken"),
      fix=("safe", "remove the `forwarded_values` block (the cache policy decides what is forwarded)"))
def forwarded_values_with_cache_policy(stack):
    """
    ## What it does
    Flags a cache behavior that has both a `forwarded_values` block and a
    `cache_policy_id`.

    ## Why is this bad?
    CloudFront rejects the pair at apply time ("ForwardedValues cannot be used when a
    cache policy is associated"), and `terraform plan` does not catch it: the change
    looks fine in review and fails in the pipeline.

    ## Example
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
      forwarded_values {
        query_string = false
        cookies { forward = "none" }
      }
    }
    ```

    ## Use instead
    Keep the cache policy and drop `forwarded_values` (use an origin request policy
    for what must reach the origin):
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    }
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#forwarded_values-1
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
    """
    for b in stack.behaviors():
        if b.is_set("cache_policy_id") and b.has_block("forwarded_values"):
            yield b.finding(
                f"{b.label}: forwarded_values cannot be combined with cache_policy_id: CloudFront rejects this at apply",
                at="forwarded_values", related=[b.related("the cache policy is set here", at="cache_policy_id")],
                edits=b.fix_remove("forwarded_values"))
