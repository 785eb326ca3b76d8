from edgelint.ruleset import rule


@rule("EDGE203", "origin-request-policy-without-cache-policy", severity="high",
      tags=("cloudfront", "cache", "broken"))
def origin_request_policy_without_cache_policy(stack):
    """
    ## What it does
    Flags a cache behavior with an `origin_request_policy_id` and no
    `cache_policy_id`.

    ## Why is this bad?
    CloudFront uses an origin request policy only together with a cache policy and
    rejects the behavior at apply time; `terraform plan` does not catch it.

    ## Example
    ```hcl
    default_cache_behavior {
      origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
      forwarded_values {
        query_string = true
        cookies { forward = "all" }
      }
    }
    ```

    ## Use instead
    Add a cache policy (CachingDisabled for a dynamic origin) and drop
    `forwarded_values`:
    ```hcl
    default_cache_behavior {
      cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-how-origin-request-policies-and-cache-policies-work-together.html
    """
    for b in stack.behaviors():
        if b.is_set("origin_request_policy_id") is True and b.is_set("cache_policy_id") is False:
            yield b.finding(f"{b.label} has an origin request policy but no cache policy: CloudFront uses origin "
                            "request policies only with a cache policy and rejects this", at="origin_request_policy_id")
