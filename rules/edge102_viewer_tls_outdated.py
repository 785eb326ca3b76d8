from edgelint.model import awsdata
from edgelint.ruleset import rule

# minimum_protocol_version values that still allow TLS 1.0 or 1.1 (or SSLv3).
_OUTDATED_VIEWER_TLS = frozenset({"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"})


@rule("EDGE102", "viewer-tls-outdated", severity="high", tags=("cloudfront", "tls", "security"),
      fix=("unsafe", "set `minimum_protocol_version = \"TLSv1.2_2021\"` (viewers without TLS 1.2 are refused)"))
def viewer_tls_outdated(stack):
    """
    ## What it does
    Flags a distribution with its own certificate (`acm_certificate_arn` or
    `iam_certificate_id`) whose `viewer_certificate.minimum_protocol_version` is unset
    (the provider's default is `TLSv1`) or one of `SSLv3`, `TLSv1`, `TLSv1_2016`,
    `TLSv1.1_2016`. The certificate argument being present is enough: an ARN from a
    variable nobody sets is still a custom certificate (an expression that may give
    null, such as a conditional, is not).

    ## Why is this bad?
    Viewers can then connect with TLS 1.0 or 1.1 (or SSLv3), protocols with known
    weaknesses that PCI DSS and most security baselines forbid.

    ## Example
    ```hcl
    viewer_certificate {
      acm_certificate_arn = aws_acm_certificate.site.arn
      ssl_support_method  = "sni-only"
    }
    ```

    ## Use instead
    Set a TLS 1.2 (or newer) security policy:
    ```hcl
    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.site.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1.2_2021"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#minimum_protocol_version-1
    """
    for d in stack.distributions:
        cert = d.viewer_certificate
        if cert is None or cert.custom is not True:
            continue
        version = cert.text("minimum_protocol_version")
        if cert.is_null("minimum_protocol_version"):
            yield cert.finding(f"{d.address} allows viewers TLS 1.0: minimum_protocol_version is unset and the "
                               f"provider default is {awsdata.PROVIDER_DEFAULT_VIEWER_TLS}; "
                               "set \"TLSv1.2_2021\"",
                               edits=cert.fix_insert("minimum_protocol_version", '"TLSv1.2_2021"'))
        elif version in _OUTDATED_VIEWER_TLS:
            yield cert.finding(f"{d.address} allows viewers outdated TLS (minimum_protocol_version = "
                               f"\"{version}\"); use \"TLSv1.2_2021\"", at="minimum_protocol_version",
                               edits=cert.fix_value("minimum_protocol_version", '"TLSv1.2_2021"'))
