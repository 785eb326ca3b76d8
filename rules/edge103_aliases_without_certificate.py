from edgelint.ruleset import rule


@rule("EDGE103", "aliases-without-certificate", severity="high", tags=("cloudfront", "tls", "broken"))
def aliases_without_certificate(stack):
    """
    ## What it does
    Flags a distribution that has `aliases` (alternate domain names) but serves the
    default CloudFront certificate: `cloudfront_default_certificate = true`, or no
    `acm_certificate_arn` / `iam_certificate_id`.

    ## Why is this bad?
    CloudFront must present a certificate that covers every alias. With the default
    `*.cloudfront.net` certificate the API rejects the distribution at apply time
    (InvalidViewerCertificate); `terraform plan` does not catch it.

    ## Example
    ```hcl
    aliases = ["www.example.com"]

    viewer_certificate {
      cloudfront_default_certificate = true
    }
    ```

    ## Use instead
    Attach an ACM certificate from us-east-1 that covers the aliases:
    ```hcl
    aliases = ["www.example.com"]

    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.www.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1.2_2021"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html#alternate-domain-names-requirements
    """
    for d in stack.distributions:
        if not d.length("aliases"):
            continue  # no aliases, or not known to have any
        cert = d.viewer_certificate
        if cert is None or cert.is_default is not True:
            continue
        at = "cloudfront_default_certificate" if cert.has("cloudfront_default_certificate") else None
        yield cert.finding(f"{d.address} has aliases but serves the default CloudFront certificate, which cannot "
                           "cover them: CloudFront rejects this at apply (InvalidViewerCertificate); set "
                           "acm_certificate_arn", at=at, related=[d.related("the aliases are set here", at="aliases")])
