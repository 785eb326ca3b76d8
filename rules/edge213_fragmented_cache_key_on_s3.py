from edgelint.model import awsdata
from edgelint.model.policies import fragmenting_keys
from edgelint.ruleset import rule


@rule("EDGE213", "fragmented-cache-key-on-s3", severity="low", tags=("cloudfront", "cache", "s3", "performance"))
def fragmented_cache_key_on_s3(stack):
    """
    ## What it does
    Flags a caching behavior whose target is an S3 bucket origin and whose cache key
    holds viewer data S3 ignores: all cookies, all query strings, or viewer headers
    other than the CORS ones (`Origin`, `Access-Control-Request-*`). Both cache
    policies and legacy `forwarded_values` (`cookies.forward = "all"`,
    `query_string = true`, `headers`) are read.

    ## Why is this bad?
    S3 returns the same object whatever the cookies, query strings or most headers
    say, but CloudFront stores one copy per variant: the hit ratio drops and more
    requests reach (and are billed by) S3.

    ## Example
    ```hcl
    default_cache_behavior {
      target_origin_id = "assets"   # an S3 bucket
      forwarded_values {
        query_string = true
        cookies { forward = "all" }
      }
    }
    ```

    ## Use instead
    Keep viewer data out of the cache key of an S3 origin:
    ```hcl
    default_cache_behavior {
      target_origin_id = "assets"
      cache_policy_id  = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # Managed-CachingOptimized
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cache-hit-ratio.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
    """
    for b in stack.behaviors():
        origins = b.target_origins
        if not origins or any(o.kind != awsdata.S3 for o in origins) or b.ttls.can_cache is not True:
            continue
        for key in fragmenting_keys(b):
            origin = origins[0]
            related = [o.kind_related() for o in origins]
            related += key.policy.related() if key.policy is not None else []
            yield b.finding(f"{b.label} caches {origin.label}, which is {origin.kind_label}, under a key S3 "
                            f"ignores: {key.what}; every variant is a separate cache entry for the same object",
                            at=key.attribute, related=related)
