from edgelint.model import Bucket, FunctionUrl, awsdata
from edgelint.model.access import bucket_policy, unscoped_cloudfront_reads
from edgelint.ruleset import rule

# The actions a function URL origin's OAC needs (EDGE406).
_FUNCTION_URL_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")


@rule("EDGE407", "oac-grant-not-scoped", severity="high", tags=("cloudfront", "oac", "s3", "lambda", "security"))
def oac_grant_not_scoped(stack):
    """
    ## What it does
    Flags a grant that an origin with an origin access control relies on when it
    names the CloudFront service principal `cloudfront.amazonaws.com` without a
    source condition:
    - a statement of the S3 origin's bucket policy (JSON, `jsonencode(...)` or an
      `aws_iam_policy_document`) that allows `s3:GetObject` to the service with no
      `AWS:SourceArn` condition (the key in any case);
    - an `aws_lambda_permission` on a function URL origin's function that lets the
      service call `lambda:InvokeFunctionUrl` or `lambda:InvokeFunction` with no
      `source_arn`.
    A statement whose conditions, or a permission whose `source_arn`, edgelint
    cannot see is left alone.

    ## Why is this bad?
    The service principal is every CloudFront distribution, in every AWS account.
    Without a condition on this distribution's ARN anyone can create a distribution
    with an origin access control that reads the bucket or calls the function, and
    serve it around this distribution's WAF, logging and access rules (the confused
    deputy problem). AWS's documented policies always condition on the ARN.

    ## Example
    ```hcl
    data "aws_iam_policy_document" "site" {
      statement {
        actions   = ["s3:GetObject"]
        resources = ["${aws_s3_bucket.site.arn}/*"]
        principals {
          type        = "Service"
          identifiers = ["cloudfront.amazonaws.com"]
        }
      }
    }
    ```

    ## Use instead
    Condition the grant on this distribution's ARN.
    ```hcl
    data "aws_iam_policy_document" "site" {
      statement {
        actions   = ["s3:GetObject"]
        resources = ["${aws_s3_bucket.site.arn}/*"]
        principals {
          type        = "Service"
          identifiers = ["cloudfront.amazonaws.com"]
        }
        condition {
          test     = "StringEquals"
          variable = "AWS:SourceArn"
          values   = [aws_cloudfront_distribution.site.arn]
        }
      }
    }
    ```
    and `source_arn = aws_cloudfront_distribution.site.arn` on an
    `aws_lambda_permission`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html#oac-permission-to-access-s3
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
    """
    reported: set = set()
    for o in stack.origins():
        if o.is_set("origin_access_control_id") is not True:
            continue
        target = o.target
        origin_end = [o.related(f"{o.label} of {o.distribution.address} relies on this grant through its origin "
                                "access control", at="origin_access_control_id")]
        if o.kind == awsdata.S3 and isinstance(target, Bucket):
            for holder in target.policy_holders:
                document = bucket_policy(holder)
                if holder in reported or document is None or not unscoped_cloudfront_reads(document):
                    continue
                reported.add(holder)
                yield holder.finding(f"the policy of bucket {target.address} lets cloudfront.amazonaws.com read "
                                     "objects with no AWS:SourceArn condition: any distribution in any account can "
                                     f"read the bucket; condition the grant on {o.distribution.address}'s ARN",
                                     at="policy", related=origin_end)
        elif o.kind == awsdata.LAMBDA_URL and isinstance(target, FunctionUrl):
            for permission in target.permissions()[0]:
                actions = [a for a in _FUNCTION_URL_ACTIONS if permission.unscoped_cloudfront_grant(a) is True]
                if permission in reported or not actions:
                    continue
                reported.add(permission)
                yield permission.finding(f"{permission.address} lets cloudfront.amazonaws.com call "
                                         f"{' and '.join(actions)} with no source_arn: any distribution in any "
                                         f"account can invoke the function; set source_arn to "
                                         f"{o.distribution.address}'s ARN", related=origin_end)
