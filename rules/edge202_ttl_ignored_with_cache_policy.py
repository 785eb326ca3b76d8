from edgelint.ruleset import rule

_TTLS = ("min_ttl", "default_ttl", "max_ttl")


@rule("EDGE202", "ttl-ignored-with-cache-policy", severity="low", tags=("cloudfront", "cache", "hygiene"),
      fix=("safe", "remove the TTL attributes the cache policy overrides"))
def ttl_ignored_with_cache_policy(stack):
    """
    ## What it does
    Flags a cache behavior that sets `min_ttl`, `default_ttl` or `max_ttl` together
    with a `cache_policy_id`.

    ## Why is this bad?
    With a cache policy, the policy's TTLs apply and the behavior's are dropped
    silently. The configuration reads as if objects were cached for one duration
    while CloudFront uses another.

    ## Example
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
      default_ttl     = 60
    }
    ```

    ## Use instead
    Set the TTLs on the cache policy (a custom `aws_cloudfront_cache_policy`):
    ```hcl
    default_cache_behavior {
      cache_policy_id = aws_cloudfront_cache_policy.short.id
    }
    ```

    ## References
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#default_ttl-1
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
    """
    for b in stack.behaviors():
        if b.is_set("cache_policy_id") is not True:
            continue
        ttls = [name for name in _TTLS if b.is_set(name) is True]
        if not ttls:
            continue
        related = [b.related(f"{name} is ignored too", at=name) for name in ttls[1:]]
        related.append(b.related("the cache policy's TTLs apply", at="cache_policy_id"))
        yield b.finding(f"{b.label}: {', '.join(ttls)} {'is' if len(ttls) == 1 else 'are'} ignored because "
                        "cache_policy_id is set; the cache policy's TTLs apply", at=ttls[0], related=related,
                        edits=_removals(b, ttls))


def _removals(b, names: list[str]) -> tuple:
    """Every TTL's removal, or none when one of them cannot be removed."""
    edits = [b.fix_remove(name) for name in names]
    return sum(edits, ()) if all(edits) else ()
