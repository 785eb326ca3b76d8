from edgelint.ruleset import rule


@rule("EDGE108", "legacy-trusted-signers", severity="medium", tags=("cloudfront", "security"))
def legacy_trusted_signers(stack):
    """
    ## What it does
    Flags a cache behavior that sets `trusted_signers`.

    ## Why is this bad?
    Trusted signers are AWS accounts whose CloudFront key pairs sign URLs and cookies.
    Those key pairs can only be created with the root user, cannot be managed with
    IAM, and AWS recommends moving off them. Key groups use public keys managed
    through the API, without root credentials.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern    = "/private/*"
      trusted_signers = ["self"]
    }
    ```

    ## Use instead
    Sign with a key group:
    ```hcl
    ordered_cache_behavior {
      path_pattern       = "/private/*"
      trusted_key_groups = [aws_cloudfront_key_group.signers.id]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html
    """
    for b in stack.behaviors():
        if b.is_set("trusted_signers") is True:
            yield b.finding(f"{b.label} uses trusted_signers (root-account CloudFront key pairs); "
                            "use trusted_key_groups", at="trusted_signers")
