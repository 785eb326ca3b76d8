from edgelint.ruleset import rule


@rule("EDGE207", "compression-disabled", severity="low", tags=("cloudfront", "cache", "performance"),
      fix=("unsafe", "set `compress = true` (responses change encoding for viewers that accept it)"))
def compression_disabled(stack):
    """
    ## What it does
    Flags a cache behavior that can cache (its effective maximum TTL is above 0)
    with `compress` unset or false (the provider's default is false) while its cache
    settings let CloudFront compress: legacy `forwarded_values`, or a cache policy with
    Gzip or Brotli enabled (the managed CachingOptimized; a custom policy's
    `enable_accept_encoding_gzip`/`_brotli`). Under CachingOptimizedForUncompressedObjects,
    or a policy with both encodings off, `compress` does nothing and nothing is reported.

    ## Why is this bad?
    CloudFront then serves text assets (HTML, CSS, JavaScript, JSON) uncompressed:
    several times more bytes per response, slower pages, a larger data transfer bill.

    ## Example
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    }
    ```

    ## Use instead
    Turn compression on:
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
      compress        = true
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html
    """
    for b in stack.behaviors():
        if not (b.is_null("compress") or b.flag("compress") is False):
            continue
        if b.ttls.can_cache is not True or b.settings_compress is not True:
            continue  # a policy with compression off: compress would do nothing
        at = "compress" if b.has("compress") else None
        yield b.finding(f"{b.label} caches responses but does not compress them (compress is "
                        f"{'false' if at else 'unset and defaults to false'}); set compress = true", at=at,
                        edits=b.fix_value("compress", "true") if at else b.fix_insert("compress", "true"))
