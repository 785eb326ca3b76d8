from edgelint.model import Bucket, awsdata
from edgelint.model.access import bucket_policy, grants_cloudfront_read
from edgelint.model.base import any_of
from edgelint.ruleset import rule


@rule("EDGE405", "s3-bucket-policy-missing-oac-grant", severity="high", tags=("cloudfront", "s3", "oac", "broken"))
def s3_bucket_policy_missing_oac_grant(stack):
    """
    ## What it does
    Flags the bucket of an S3 origin with an origin access control when its bucket
    policy does not let CloudFront read objects. The origin is followed to its bucket
    (when the bucket is in the configuration) and the bucket's policy is read, written
    as JSON, `jsonencode(...)` or a `data "aws_iam_policy_document"`: some statement
    must allow `s3:GetObject` to the service principal `cloudfront.amazonaws.com`
    (where it has an `aws:SourceArn` condition, naming this distribution: a
    condition on another distribution of the configuration is no grant for this
    one). A bucket without any policy is flagged too, unless the bucket goes into a
    module edgelint cannot read, which may attach the policy. A literal ARN in the
    condition may be this distribution's (once it exists), so it is no finding.

    ## Why is this bad?
    With an OAC, CloudFront signs its requests as the CloudFront service; S3 allows
    them only if the bucket policy says so. Without the grant every request through
    the distribution answers 403 Access Denied.

    ## Example
    ```hcl
    resource "aws_s3_bucket_policy" "assets" {
      bucket = aws_s3_bucket.assets.id
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" },
                       Action = "s3:GetObject", Resource = "${aws_s3_bucket.assets.arn}/*" }]
      })
    }
    ```

    ## Use instead
    Grant `s3:GetObject` to the CloudFront service principal, conditioned on this
    distribution's ARN.
    ```hcl
    data "aws_iam_policy_document" "assets" {
      statement {
        actions   = ["s3:GetObject"]
        resources = ["${aws_s3_bucket.assets.arn}/*"]
        principals {
          type        = "Service"
          identifiers = ["cloudfront.amazonaws.com"]
        }
        condition {
          test     = "StringEquals"
          variable = "AWS:SourceArn"
          values   = [aws_cloudfront_distribution.cdn.arn]
        }
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html#create-oac-overview-s3
    """
    reported: set[tuple[str, str]] = set()
    for o in stack.origins():
        bucket = o.target
        if o.kind != awsdata.S3 or not isinstance(bucket, Bucket) or o.is_set("origin_access_control_id") is not True:
            continue
        key = (bucket.address, o.distribution.address)
        if key in reported:
            continue
        related = [o.related(f"{o.label} of {o.distribution.address} reads the bucket through an origin access "
                             "control", at="origin_access_control_id")]
        holders = bucket.policy_holders
        if not holders:
            if bucket.policies_complete:
                reported.add(key)
                yield bucket.finding(f"bucket {bucket.address} has no bucket policy, so the origin access control of "
                                     f"{o.distribution.address} cannot read it: S3 answers 403; grant s3:GetObject to "
                                     "cloudfront.amazonaws.com", related=related)
            continue
        documents = [bucket_policy(h) for h in holders]
        granted = any_of(grants_cloudfront_read(d, o.distribution) if d is not None else None for d in documents)
        if granted is False:
            reported.add(key)
            holder = holders[0]
            yield holder.finding(f"the policy of bucket {bucket.address} grants no s3:GetObject to "
                                 f"cloudfront.amazonaws.com for {o.distribution.address}: requests through its "
                                 "origin access control get 403", at="policy", related=related)
