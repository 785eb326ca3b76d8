from edgelint.model import EndpointGroup
from edgelint.ruleset import rule


@rule("EDGE802", "accelerator-client-ip-not-preserved", severity="low",
      tags=("global-accelerator", "alb", "hygiene"))
def accelerator_client_ip_not_preserved(stack):
    """
    ## What it does
    Flags an endpoint of a Global Accelerator endpoint group that is an application
    load balancer and sets `client_ip_preservation_enabled = false`.

    ## Why is this bad?
    The load balancer and its targets then see Global Accelerator's addresses instead
    of the client's: security group rules, WAF rules, rate limits and access logs that
    rely on the client address stop working.

    ## Example
    ```hcl
    endpoint_configuration {
      endpoint_id                    = aws_lb.app.arn
      client_ip_preservation_enabled = false
    }
    ```

    ## Use instead
    Keep client IP preservation on (the default for ALB endpoints).
    ```hcl
    endpoint_configuration {
      endpoint_id                    = aws_lb.app.arn
      client_ip_preservation_enabled = true
    }
    ```

    ## References
    - https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html
    """
    for group in stack.all(EndpointGroup):
        for endpoint in group.endpoints:
            if endpoint.flag("client_ip_preservation_enabled") is False and endpoint.is_alb() is True:
                yield endpoint.finding(f"endpoint group {group.address} hides the client address from its load "
                                       "balancer", at="client_ip_preservation_enabled")
