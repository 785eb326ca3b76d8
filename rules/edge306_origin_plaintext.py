from edgelint.model import awsdata
from edgelint.ruleset import rule


@rule("EDGE306", "origin-plaintext", severity="high", tags=("cloudfront", "origin", "tls", "security"))
def origin_plaintext(stack):
    """
    ## What it does
    Flags a `custom_origin_config` whose `origin_protocol_policy` is `http-only`, or
    `match-viewer` while a behavior targeting the origin lets viewers use HTTP, for
    any origin but an S3 website endpoint (which speaks only HTTP). Origins of
    unknown kind are left alone.

    ## Why is this bad?
    Requests and responses between CloudFront and the origin cross the internet
    unencrypted, cookies and authorization headers included, even when viewers use
    HTTPS.

    ## Example
    ```hcl
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    ```

    ## Use instead
    Reach the origin over HTTPS:
    ```hcl
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for o in stack.origins():
        if o.kind in (awsdata.S3_WEBSITE, awsdata.UNKNOWN_KIND):
            continue
        config = o.single("custom_origin_config")
        if config is None:
            continue
        policy = config.text("origin_protocol_policy")
        if policy == "http-only":
            yield config.finding(f"{o.label} ({o.kind_label}) is reached over plain HTTP "
                                 "(origin_protocol_policy = \"http-only\"); use \"https-only\"",
                                 at="origin_protocol_policy")
        elif policy == "match-viewer":
            plain = [b for b in o.behaviors if not b.generated_unknown
                     and b.text("viewer_protocol_policy") == "allow-all"]
            if plain:
                yield config.finding(f"{o.label} ({o.kind_label}) is reached over plain HTTP whenever a viewer "
                                     f"uses HTTP: origin_protocol_policy is \"match-viewer\" and {plain[0].label} "
                                     "allows HTTP viewers; use \"https-only\"", at="origin_protocol_policy",
                                     related=[plain[0].related("viewers may use HTTP here",
                                                               at="viewer_protocol_policy")])
