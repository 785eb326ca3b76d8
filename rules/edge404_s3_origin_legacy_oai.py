from edgelint.model import awsdata
from edgelint.model.access import access_identity_setting
from edgelint.ruleset import rule


@rule("EDGE404", "s3-origin-legacy-oai", severity="low", tags=("cloudfront", "s3", "oac", "hygiene"))
def s3_origin_legacy_oai(stack):
    """
    ## What it does
    Flags an S3 origin that uses a legacy origin access identity (a non-empty
    `s3_origin_config.origin_access_identity`).

    ## Why is this bad?
    Origin access identities are the legacy mechanism. Origin access control signs
    every request with SigV4, works in every AWS Region (including those opened after
    December 2022), supports SSE-KMS encrypted objects and lets CloudFront send PUT
    and DELETE to the bucket. AWS recommends migrating.

    ## Example
    ```hcl
    origin {
      domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
      origin_id   = "assets"
      s3_origin_config {
        origin_access_identity = aws_cloudfront_origin_access_identity.assets.cloudfront_access_identity_path
      }
    }
    ```

    ## Use instead
    Replace the identity with an origin access control.
    ```hcl
    origin {
      domain_name              = aws_s3_bucket.assets.bucket_regional_domain_name
      origin_id                = "assets"
      origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
    }
    ```
    and grant `cloudfront.amazonaws.com` in the bucket policy, conditioned on the
    distribution's ARN.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html#migrate-from-oai-to-oac
    """
    for o in stack.origins():
        config = access_identity_setting(o)
        if o.kind != awsdata.S3 or config is None or config.is_set("origin_access_identity") is not True:
            continue
        yield config.finding(f"{o.label} uses a legacy origin access identity; migrate to an origin access "
                             "control (origin_access_control_id)", at="origin_access_identity")
