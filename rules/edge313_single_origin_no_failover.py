from edgelint.model import Origin, awsdata
from edgelint.ruleset import rule

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@rule("EDGE313", "single-origin-no-failover", severity="info", tags=("cloudfront", "origin", "reliability"),
      default_enabled=False)
def single_origin_no_failover(stack):
    """
    ## What it does
    Flags a distribution that serves a dynamic origin (API Gateway, a Lambda
    function URL, an application load balancer) and has no origin group to fail
    over to. Only behaviors that allow read methods alone (GET, HEAD, OPTIONS)
    count: CloudFront fails over for those methods only, and rejects an origin group
    behind a behavior that allows writes (EDGE209). Off by default: enable it with
    `--extend-select EDGE313`.

    ## Why is this bad?
    When the one origin (or its region) fails, every request fails with it. An
    origin group sends reads to a standby origin on connection errors and on the
    status codes you choose.

    ## Example
    ```hcl
    origin {
      domain_name = aws_lb.web.dns_name
      origin_id   = "web"
      custom_origin_config { /* ... */ }
    }

    default_cache_behavior {
      target_origin_id = "web"
      allowed_methods  = ["GET", "HEAD"]
    }
    ```

    ## Use instead
    Put a standby origin behind an origin group for read traffic:
    ```hcl
    origin_group {
      origin_id = "web-failover"
      failover_criteria { status_codes = [500, 502, 503, 504] }
      member { origin_id = "web" }
      member { origin_id = "web-standby" }
    }

    default_cache_behavior {
      target_origin_id = "web-failover"
      allowed_methods  = ["GET", "HEAD"]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
    """
    for d in stack.distributions:
        if d.has_block("origin_group") is not False:
            continue
        for b in d.behaviors:
            origin, methods = b.origin, b.allowed_methods
            if b.generated_unknown or not isinstance(origin, Origin) or origin.kind not in awsdata.DYNAMIC_KINDS:
                continue
            if methods is None or not methods <= _READ_METHODS:
                continue
            yield d.finding(f"{d.address} serves {origin.label}, which is {origin.kind_label}, with no origin group "
                            "to fail over to", related=[
                                origin.kind_related(),
                                b.related(f"{b.label} could fail over", at="target_origin_id")])
            break
