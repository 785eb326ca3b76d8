from edgelint.ruleset import rule


@rule("EDGE106", "dedicated-ip-ssl", severity="medium", tags=("cloudfront", "tls", "cost"),
      fix=("unsafe", "set `ssl_support_method = \"sni-only\"` (viewers without SNI can no longer connect)"))
def dedicated_ip_ssl(stack):
    """
    ## What it does
    Flags `viewer_certificate.ssl_support_method = "vip"`.

    ## Why is this bad?
    Dedicated-IP custom SSL serves the certificate from dedicated IP addresses at
    every edge location, for a large monthly charge (hundreds of US dollars per
    distribution). Every browser in use today supports SNI, which is free.

    ## Example
    ```hcl
    viewer_certificate {
      acm_certificate_arn = aws_acm_certificate.site.arn
      ssl_support_method  = "vip"
    }
    ```

    ## Use instead
    Serve the certificate with SNI, which every browser in use supports and which costs nothing extra:
    ```hcl
    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.site.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1.2_2021"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html
    - https://aws.amazon.com/cloudfront/pricing/
    """
    for d in stack.distributions:
        cert = d.viewer_certificate
        if cert is not None and cert.text("ssl_support_method") == "vip":
            yield cert.finding(f"{d.address} uses dedicated-IP SSL (ssl_support_method = \"vip\"), billed monthly; "
                               "use \"sni-only\"", at="ssl_support_method",
                               edits=cert.fix_value("ssl_support_method", '"sni-only"'))
