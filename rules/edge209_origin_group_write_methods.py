from edgelint.model import OriginGroup
from edgelint.ruleset import rule

_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@rule("EDGE209", "origin-group-write-methods", severity="high", tags=("cloudfront", "origin", "broken"))
def origin_group_write_methods(stack):
    """
    ## What it does
    Flags a cache behavior whose target is an origin group and whose
    `allowed_methods` include POST, PUT, PATCH or DELETE.

    ## Why is this bad?
    Origin failover works only for GET, HEAD and OPTIONS, and CloudFront rejects a
    behavior that sends an origin group anything else ("AllowedMethods cannot
    include POST, PUT, PATCH, or DELETE for a cached behavior associated with an
    origin group"). Terraform's plan accepts it; the apply fails.

    ## Example
    ```hcl
    default_cache_behavior {
      target_origin_id = "failover-group"
      allowed_methods  = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods   = ["GET", "HEAD"]
    }
    ```

    ## Use instead
    Read-only methods for the group, and a separate behavior (targeting one origin)
    for writes:
    ```hcl
    default_cache_behavior {
      target_origin_id = "failover-group"
      allowed_methods  = ["GET", "HEAD", "OPTIONS"]
      cached_methods   = ["GET", "HEAD"]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
    """
    for b in stack.behaviors():
        group = b.origin
        methods = b.allowed_methods
        if not isinstance(group, OriginGroup) or methods is None:
            continue
        writes = sorted(methods & _WRITE_METHODS)
        if writes:
            yield b.finding(f"{b.label} targets {group.label} but allows {', '.join(writes)}: CloudFront rejects "
                            "write methods on a behavior whose target is an origin group",
                            at="allowed_methods", related=[group.related(f"{group.label} is defined here")])
