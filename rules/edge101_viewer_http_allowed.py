from edgelint.ruleset import rule


@rule("EDGE101", "viewer-http-allowed", severity="high", tags=("cloudfront", "tls", "security"),
      fix=("unsafe", "set `viewer_protocol_policy = \"redirect-to-https\"` (plain-HTTP clients are redirected)"))
def viewer_http_allowed(stack):
    """
    ## What it does
    Flags cache behaviors with `viewer_protocol_policy = "allow-all"`.

    ## Why is this bad?
    Viewers can then reach the behavior over plain HTTP: requests, cookies and
    responses cross the network unencrypted and can be read or altered on the way.

    ## Example
    ```hcl
    default_cache_behavior {
      viewer_protocol_policy = "allow-all"
    }
    ```

    ## Use instead
    Redirect HTTP to HTTPS (or refuse it):
    ```hcl
    default_cache_behavior {
      viewer_protocol_policy = "redirect-to-https"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
    """
    for b in stack.behaviors():
        if b.text("viewer_protocol_policy") == "allow-all":
            yield b.finding(f"{b.label} lets viewers use plain HTTP (viewer_protocol_policy = \"allow-all\"); "
                            "use \"redirect-to-https\" or \"https-only\"", at="viewer_protocol_policy",
                            edits=b.fix_value("viewer_protocol_policy", '"redirect-to-https"'))
