from edgelint.ruleset import rule


@rule("EDGE215", "behavior-without-cache-settings", severity="high", tags=("cloudfront", "cache", "broken"))
def behavior_without_cache_settings(stack):
    """
    ## What it does
    Flags a default or ordered cache behavior of an `aws_cloudfront_distribution`
    that has neither a `cache_policy_id` nor a `forwarded_values` block. A
    `cache_policy_id` whose value edgelint cannot see counts as present, and so does
    a `dynamic "forwarded_values"` block over a collection that is not known.

    ## Why is this bad?
    Every cache behavior must carry a cache policy or the legacy forwarded values:
    the CloudFront API rejects the distribution otherwise, so `terraform apply`
    fails after a plan that looked fine (the provider declares both optional).

    ## Example
    ```hcl
    default_cache_behavior {
      target_origin_id       = "site"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
    }
    ```

    ## Use instead
    Name a cache policy (here the managed CachingOptimized policy).
    ```hcl
    default_cache_behavior {
      target_origin_id       = "site"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
    """
    for b in stack.behaviors():
        if b.distribution.is_multi_tenant:
            continue  # no forwarded_values in that schema; the provider requires what it needs
        if b.is_present("cache_policy_id") is False and b.has_block("forwarded_values") is False:
            yield b.finding(f"{b.label} of {b.distribution.address} has neither cache_policy_id nor forwarded_values: "
                            "CloudFront rejects a behavior without cache settings; set a cache policy")
