from edgelint.model import awsdata
from edgelint.model.access import access_identity_setting
from edgelint.ruleset import rule


@rule("EDGE403", "s3-origin-without-access-control", severity="high", tags=("cloudfront", "s3", "oac", "security"))
def s3_origin_without_access_control(stack):
    """
    ## What it does
    Flags an S3 (REST endpoint) origin with neither an `origin_access_control_id`
    nor an origin access identity in `s3_origin_config`.

    ## Why is this bad?
    CloudFront then reads the bucket anonymously, which works only if the bucket is
    public: anyone can fetch the objects straight from S3, around the distribution's
    caching, WAF, signed URLs and logging.

    ## Example
    ```hcl
    origin {
      domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
      origin_id   = "assets"
    }
    ```

    ## Use instead
    Attach an origin access control and keep the bucket private:
    ```hcl
    origin {
      domain_name              = aws_s3_bucket.assets.bucket_regional_domain_name
      origin_id                = "assets"
      origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
    """
    for o in stack.origins():
        if o.kind != awsdata.S3 or o.is_set("origin_access_control_id") is not False:
            continue
        config = access_identity_setting(o)
        if config is not None and (config.generated_unknown or config.is_set("origin_access_identity") is not False):
            continue
        if o.has_block("s3_origin_config") is None:
            continue
        related = [o.target.related(f"bucket {o.target.address}")] if o.target is not None else []
        yield o.finding(f"{o.label} reads {o.kind_label} without an origin access control or identity: the bucket "
                        "must be public for CloudFront to read it; set origin_access_control_id", related=related)
