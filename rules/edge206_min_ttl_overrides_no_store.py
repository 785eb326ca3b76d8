from edgelint.model import awsdata
from edgelint.ruleset import rule


@rule("EDGE206", "min-ttl-overrides-no-store", severity="medium", tags=("cloudfront", "cache", "security"))
def min_ttl_overrides_no_store(stack):
    """
    ## What it does
    Flags a cache behavior that targets a dynamic origin (API Gateway, a Lambda
    function URL, an application load balancer), allows POST, and uses a cache
    policy with a minimum TTL above 0 (the CachingOptimized family, Amplify, or a
    custom policy), or legacy `forwarded_values` with `min_ttl` above 0.

    ## Why is this bad?
    A minimum TTL overrides the origin: CloudFront caches responses for at least
    that long even when they say `Cache-Control: private`, `no-store` or `no-cache`.
    An API's per-user or fresh-on-every-call responses are then served from cache.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/api/*"
      target_origin_id = "api"
      allowed_methods  = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cache_policy_id  = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # CachingOptimized, min TTL 1
    }
    ```

    ## Use instead
    Use CachingDisabled (or a cache policy with a minimum TTL of 0) in front of an API:
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/api/*"
      target_origin_id = "api"
      allowed_methods  = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cache_policy_id  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CachePolicyConfig.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
    """
    for b in stack.behaviors():
        methods = b.allowed_methods
        origins = [o for o in b.target_origins if o.kind in awsdata.DYNAMIC_KINDS]
        if not origins or methods is None or "POST" not in methods:
            continue
        cache = b.cache_policy
        if cache is not None:
            min_ttl = cache.facts.min_ttl if cache.facts is not None else None
            at, what, related = "cache_policy_id", f"the {cache.label} has a minimum TTL of {min_ttl}s", cache.related()
        elif b.is_set("cache_policy_id") is False and b.has_block("forwarded_values") is True:
            min_ttl = b.integer("min_ttl")
            at, what, related = "min_ttl", f"min_ttl is {min_ttl}s", []
        else:
            continue
        if min_ttl is None or min_ttl <= 0:
            continue
        origin = origins[0]
        related = [o.kind_related() for o in origins] + related
        yield b.finding(
            f"{b.label} sends POST to {origin.label}, which is {origin.kind_label}, and {what}: responses marked "
            "private or no-store are cached anyway; use CachingDisabled or a policy with min TTL 0",
            at=at, related=related)
