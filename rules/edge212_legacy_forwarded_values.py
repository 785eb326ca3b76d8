from edgelint.ruleset import rule


@rule("EDGE212", "legacy-forwarded-values", severity="low", tags=("cloudfront", "cache", "hygiene"))
def legacy_forwarded_values(stack):
    """
    ## What it does
    Flags a cache behavior that uses `forwarded_values` without a cache policy.

    ## Why is this bad?
    `forwarded_values` (with the behavior's own TTLs) is CloudFront's legacy cache
    setting, deprecated by AWS. It ties the cache key to what reaches the origin, so
    forwarding a header to the origin also splits the cache on it; cache and origin
    request policies separate the two and are reusable across behaviors.

    ## Example
    ```hcl
    default_cache_behavior {
      forwarded_values {
        query_string = false
        cookies { forward = "none" }
      }
    }
    ```

    ## Use instead
    Use a cache policy (and an origin request policy for what the origin must receive):
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # Managed-CachingOptimized
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/working-with-policies.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#forwarded_values-1
    """
    for b in stack.behaviors():
        if b.has_block("forwarded_values") is True and b.is_set("cache_policy_id") is False:
            yield b.finding(f"{b.label} uses legacy forwarded_values; use a cache policy (and an origin request "
                            "policy for what the origin needs)", at="forwarded_values")
