from edgelint.model import LogDeliverySource
from edgelint.ruleset import rule


@rule("EDGE109", "no-access-logging", severity="low", tags=("cloudfront", "logging", "hygiene"))
def no_access_logging(stack):
    """
    ## What it does
    Flags a distribution with no `logging_config` block and no v2 log delivery (an
    `aws_cloudwatch_log_delivery_source` whose `resource_arn` is the distribution).
    It stays silent when a delivery source's `resource_arn` is not known, and when
    the distribution's ARN or ID goes into a module edgelint cannot read (that
    module may create the delivery).

    ## Why is this bad?
    Without access logs there is no record of who requested what: incident response,
    abuse investigations and cache tuning have nothing to work from.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      # no logging_config
    }
    ```

    ## Use instead
    Send access logs to a bucket (or set up v2 logging with CloudWatch log delivery):
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true

      logging_config {
        bucket = aws_s3_bucket.logs.bucket_domain_name
        prefix = "cloudfront/"
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
    """
    sources = stack.all(LogDeliverySource)
    if any(s.reference("resource_arn") is None for s in sources):
        return  # a delivery source for an unknown resource may be for any distribution
    logged = {stack.object_for(s.reference("resource_arn")) for s in sources}
    for d in stack.distributions:
        if d.is_multi_tenant:
            continue  # no logging_config in that schema: logs go through CloudWatch log delivery
        if d.has_block("logging_config") is False and d not in logged and d.opaque_flow is None:
            yield d.finding(f"{d.address} keeps no access logs: add logging_config or a CloudWatch log delivery")
