from edgelint.model import awsdata
from edgelint.ruleset import rule


@rule("EDGE104", "default-certificate-ignores-tls-policy", severity="low", tags=("cloudfront", "tls", "hygiene"),
      fix=("safe", "remove `minimum_protocol_version` (the default certificate ignores it)"))
def default_certificate_ignores_tls_policy(stack):
    """
    ## What it does
    Flags `cloudfront_default_certificate = true` together with a
    `minimum_protocol_version` other than `TLSv1`.

    ## Why is this bad?
    With the default `*.cloudfront.net` certificate CloudFront always uses the TLSv1
    security policy, whatever the configuration says. The setting suggests a
    protection the distribution does not have.

    ## Example
    ```hcl
    viewer_certificate {
      cloudfront_default_certificate = true
      minimum_protocol_version       = "TLSv1.2_2021"
    }
    ```

    ## Use instead
    Serve your own certificate to enforce the policy, or drop the setting:
    ```hcl
    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.site.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1.2_2021"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
    """
    for d in stack.distributions:
        cert = d.viewer_certificate
        if cert is None or cert.flag("cloudfront_default_certificate") is not True:
            continue
        version = cert.text("minimum_protocol_version")
        if version is not None and version != awsdata.PROVIDER_DEFAULT_VIEWER_TLS:
            yield cert.finding(f"{d.address}: minimum_protocol_version = \"{version}\" has no effect with the "
                               "default CloudFront certificate, which always uses TLSv1", at="minimum_protocol_version",
                               edits=cert.fix_remove("minimum_protocol_version"))
