from edgelint.model import Accelerator, Distribution
from edgelint.ruleset import rule


@rule("EDGE803", "accelerator-for-cacheable-http", severity="info", tags=("global-accelerator", "performance"),
      default_enabled=False)
def accelerator_for_cacheable_http(stack):
    """
    ## What it does
    Flags a Global Accelerator whose endpoints are all application load balancers,
    in a configuration without any CloudFront distribution. Off by default: enable
    it with `--extend-select EDGE803`.

    ## Why is this bad?
    Global Accelerator speeds up TCP and UDP, but for HTTP(S) it cannot cache, run
    a CloudFront-scope WAF at the edge or compress. CloudFront in front of the load
    balancers usually serves web traffic faster and cheaper.

    ## Example
    ```hcl
    resource "aws_globalaccelerator_endpoint_group" "app" {
      listener_arn = aws_globalaccelerator_listener.https.id
      endpoint_configuration {
        endpoint_id = aws_lb.app.arn
      }
    }
    ```

    ## Use instead
    Put a CloudFront distribution in front of the load balancers (a VPC origin for
    internal ones), or keep the accelerator for non-HTTP traffic.

    ## References
    - https://docs.aws.amazon.com/global-accelerator/latest/dg/introduction-benefits-of-migrating.html
    - https://aws.amazon.com/global-accelerator/faqs/
    """
    if stack.distributions or stack.data_sources(Distribution):
        return
    for accelerator in stack.all(Accelerator):
        endpoints, complete = accelerator.endpoints()
        if complete and endpoints and all(e.is_alb() is True for e in endpoints):
            yield accelerator.finding(f"accelerator {accelerator.address} serves only application load balancers "
                                      "and no CloudFront distribution is in front of them: CloudFront would add "
                                      "caching and an edge WAF for this HTTP traffic")
