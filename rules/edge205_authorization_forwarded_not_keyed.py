from edgelint.ruleset import rule


@rule("EDGE205", "authorization-forwarded-not-keyed", severity="high", tags=("cloudfront", "cache", "security"))
def authorization_forwarded_not_keyed(stack):
    """
    ## What it does
    Flags a cache behavior that caches by default (its effective minimum or default
    TTL is above 0) while its origin request policy forwards all viewer headers,
    `Authorization` among them, and its cache key does not hold `Authorization`.

    ## Why is this bad?
    The origin answers each request for the user its `Authorization` header names,
    but CloudFront stores the answer under a key that does not tell users apart. The
    next viewer asking for the same URL gets the first user's response, authorized
    data included, even with no credentials at all.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern             = "/account/*"
      cache_policy_id          = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # CachingOptimized
      origin_request_policy_id = "216adef6-5c7f-47e4-b989-5492eafa07d3"  # AllViewer
    }
    ```

    ## Use instead
    Do not cache per-user responses (or key the cache on Authorization with a custom
    cache policy):
    ```hcl
    ordered_cache_behavior {
      path_pattern             = "/account/*"
      cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
      origin_request_policy_id = "216adef6-5c7f-47e4-b989-5492eafa07d3"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html#add-origin-custom-headers-forward-authorization
    - https://repost.aws/knowledge-center/cloudfront-authorization-header
    """
    for b in stack.behaviors():
        request, cache = b.origin_request_policy, b.cache_policy
        if request is None or request.facts is None or request.facts.forwards_all_headers is not True:
            continue
        if cache is None or cache.facts is None or cache.facts.key_has_header("authorization") is not False:
            continue
        if b.ttls.caches_by_default is not True:
            continue
        related = [o.related(f"{o.label} receives the Authorization header", at="domain_name")
                   for o in b.target_origins]
        related += cache.related() + request.related()
        yield b.finding(
            f"{b.label} forwards every viewer header, Authorization included ({request.label}), but the "
            f"{cache.label} caches by default without Authorization in its key: one user's authorized response "
            "can be served to others", at="origin_request_policy_id", related=related)
