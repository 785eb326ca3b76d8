from edgelint.model import WebAclLogging
from edgelint.ruleset import rule

# "The name that you give the destination must start with aws-waf-logs-" (AWS WAF API
# reference, LoggingConfiguration; AWS WAF Developer Guide, logging destinations).
_PREFIX = "aws-waf-logs-"


def _cannot_start_with_prefix(start: str) -> bool:
    """A name known to start with ``start`` cannot start with the prefix."""
    return not (start.startswith(_PREFIX) or _PREFIX.startswith(start))


@rule("EDGE708", "waf-logging-destination-invalid", severity="high", tags=("waf", "logging", "broken"))
def waf_logging_destination_invalid(stack):
    """
    ## What it does
    Flags a destination of an `aws_wafv2_web_acl_logging_configuration` (a CloudWatch
    Logs log group, an S3 bucket or a Firehose delivery stream, by reference or by
    ARN) whose name does not start with `aws-waf-logs-`. A name Terraform completes
    from a known prefix (`name_prefix`, `bucket_prefix`), or a templated ARN whose
    name starts with known text, counts when that start already rules the prefix
    out; names edgelint cannot see are left alone.

    ## Why is this bad?
    AWS WAF accepts only destinations whose name starts with `aws-waf-logs-`: the
    logging configuration fails to apply (WAFInvalidParameterException), and the web
    ACL in front of the distribution logs nothing, which is noticed only when the
    logs are needed.

    ## Example
    ```hcl
    resource "aws_cloudwatch_log_group" "waf" {
      name = "/waf/edge"
    }

    resource "aws_wafv2_web_acl_logging_configuration" "edge" {
      resource_arn            = aws_wafv2_web_acl.edge.arn
      log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
    }
    ```

    ## Use instead
    Name the destination with the `aws-waf-logs-` prefix.
    ```hcl
    resource "aws_cloudwatch_log_group" "waf" {
      name = "aws-waf-logs-edge"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/waf/latest/developerguide/logging-destinations.html
    - https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html
    """
    for logging in stack.all(WebAclLogging):
        for d in logging.destinations():
            if d.name is not None:
                wrong, shown = not d.name.startswith(_PREFIX), f"'{d.name}'"
            elif d.name_start:
                wrong, shown = _cannot_start_with_prefix(d.name_start), f"starting with '{d.name_start}'"
            else:
                continue
            if not wrong:
                continue
            related = [d.resource.related(f"the {d.kind} is named here", at=d.at)] if d.resource is not None else []
            yield logging.finding(f"the {d.kind} {shown} that {logging.address} logs to does not start with "
                                  f"'{_PREFIX}': AWS WAF rejects the destination", at="log_destination_configs",
                                  span=logging.element_span("log_destination_configs", d.index), related=related)
