from edgelint.ruleset import rule

_LEGACY_ORIGIN_TLS = frozenset({"SSLv3", "TLSv1", "TLSv1.1"})


@rule("EDGE307", "origin-legacy-tls", severity="medium", tags=("cloudfront", "origin", "tls", "security"),
      fix=("unsafe", "set `origin_ssl_protocols = [\"TLSv1.2\"]` (an origin without TLS 1.2 becomes unreachable)"))
def origin_legacy_tls(stack):
    """
    ## What it does
    Flags a `custom_origin_config.origin_ssl_protocols` that contains `SSLv3`,
    `TLSv1` or `TLSv1.1`. An origin reached with `http-only` is left alone (it never
    uses TLS; EDGE306 covers it).

    ## Why is this bad?
    CloudFront will then negotiate those protocols with the origin when the origin
    offers nothing better, so a downgraded or misconfigured origin is reached over
    broken cryptography without anyone noticing.

    ## Example
    ```hcl
    custom_origin_config {
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.1", "TLSv1.2"]
    }
    ```

    ## Use instead
    Allow TLS 1.2 only:
    ```hcl
    custom_origin_config {
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginSSLProtocols
    """
    for o in stack.origins():
        config = o.single("custom_origin_config")
        if config is None or config.text("origin_protocol_policy") == "http-only":
            continue
        legacy = [p for p in config.known_strings("origin_ssl_protocols") if p in _LEGACY_ORIGIN_TLS]
        if legacy:
            yield config.finding(f"{o.label} may be reached over {', '.join(legacy)} (origin_ssl_protocols); "
                                 "allow TLSv1.2 only", at="origin_ssl_protocols",
                                 edits=config.fix_value("origin_ssl_protocols", '["TLSv1.2"]'))
