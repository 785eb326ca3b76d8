from edgelint.model import Accelerator
from edgelint.ruleset import rule


@rule("EDGE801", "accelerator-without-flow-logs", severity="low", tags=("global-accelerator", "logging", "hygiene"))
def accelerator_without_flow_logs(stack):
    """
    ## What it does
    Flags an `aws_globalaccelerator_accelerator` whose `attributes` block is missing
    or has `flow_logs_enabled` unset or false.

    ## Why is this bad?
    Flow logs are the only record of the traffic that reaches the accelerator: who
    connected, to which listener and endpoint, accepted or rejected. Without them an
    incident or a flood cannot be investigated.

    ## Example
    ```hcl
    resource "aws_globalaccelerator_accelerator" "app" {
      name    = "app"
      enabled = true
    }
    ```

    ## Use instead
    Turn flow logs on and send them to an S3 bucket.
    ```hcl
    resource "aws_globalaccelerator_accelerator" "app" {
      name    = "app"
      enabled = true
      attributes {
        flow_logs_enabled   = true
        flow_logs_s3_bucket = aws_s3_bucket.flow_logs.bucket
        flow_logs_s3_prefix = "app/"
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/global-accelerator/latest/dg/monitoring-global-accelerator.flow-logs.html
    """
    for accelerator in stack.all(Accelerator):
        attributes = accelerator.attributes
        if attributes is None:
            if accelerator.has_block("attributes") is False:
                yield accelerator.finding(f"accelerator {accelerator.address} has no flow logs: add an attributes "
                                          "block with flow_logs_enabled = true")
            continue
        if attributes.is_null("flow_logs_enabled") or attributes.flag("flow_logs_enabled") is False:
            yield attributes.finding(f"accelerator {accelerator.address} has no flow logs: set flow_logs_enabled = "
                                     "true", at="flow_logs_enabled" if attributes.has("flow_logs_enabled") else None)
