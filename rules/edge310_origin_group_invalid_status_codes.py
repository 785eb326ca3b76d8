from edgelint.ruleset import rule

# Source: "Optimize high availability with CloudFront origin failover".
_FAILOVER_STATUS_CODES = frozenset({400, 403, 404, 416, 500, 502, 503, 504})


@rule("EDGE310", "origin-group-invalid-status-codes", severity="high", tags=("cloudfront", "origin", "broken"))
def origin_group_invalid_status_codes(stack):
    """
    ## What it does
    Flags an origin group whose `failover_criteria.status_codes` holds a code
    CloudFront cannot fail over on: anything but 400, 403, 404, 416, 500, 502, 503
    and 504.

    ## Why is this bad?
    CloudFront rejects the distribution at apply time. A 429 or a 2xx/3xx code is the
    common slip.

    ## Example
    ```hcl
    origin_group {
      origin_id = "failover"
      failover_criteria {
        status_codes = [429, 500, 503]
      }
    }
    ```

    ## Use instead
    Fail over only on the codes CloudFront accepts:
    ```hcl
    origin_group {
      origin_id = "failover"
      failover_criteria {
        status_codes = [500, 502, 503, 504]
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html#concept_origin_groups.creating
    """
    for d in stack.distributions:
        for g in d.origin_groups:
            criteria = None if g.generated_unknown else g.failover_criteria
            if criteria is None:
                continue
            numbers = criteria.integers("status_codes")
            if numbers is None:
                continue
            bad = sorted({n for n in numbers if n is not None and n not in _FAILOVER_STATUS_CODES})
            if bad:
                allowed = ", ".join(map(str, sorted(_FAILOVER_STATUS_CODES)))
                yield criteria.finding(f"{g.label}: CloudFront cannot fail over on {', '.join(map(str, bad))}; "
                                       f"status_codes may hold only {allowed}", at="status_codes")
