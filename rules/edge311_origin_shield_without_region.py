from edgelint.ruleset import rule


@rule("EDGE311", "origin-shield-without-region", severity="high", tags=("cloudfront", "origin", "broken"))
def origin_shield_without_region(stack):
    """
    ## What it does
    Flags an `origin_shield` block with `enabled = true` and no
    `origin_shield_region`.

    ## Why is this bad?
    Origin Shield needs the region of its caching layer (the one closest to the
    origin); CloudFront rejects an enabled shield without one at apply time.

    ## Example
    ```hcl
    origin_shield {
      enabled = true
    }
    ```

    ## Use instead
    Name the Origin Shield region closest to the origin:
    ```hcl
    origin_shield {
      enabled              = true
      origin_shield_region = "eu-west-1"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html#choose-origin-shield-region
    """
    for o in stack.origins():
        shield = o.single("origin_shield")
        if shield is None or shield.flag("enabled") is not True:
            continue
        if shield.is_set("origin_shield_region") is False:
            yield shield.finding(f"{o.label}: origin_shield is enabled without origin_shield_region; CloudFront "
                                 "rejects it (choose the region closest to the origin)")
