from edgelint.model import Listener, awsdata
from edgelint.model.base import any_of
from edgelint.ruleset import rule


@rule("EDGE503", "alb-http-listener-no-redirect", severity="medium", tags=("alb", "tls", "security"))
def alb_http_listener_no_redirect(stack):
    """
    ## What it does
    Flags an HTTP listener of an internet-facing application load balancer whose
    default action is not a redirect to HTTPS (and whose rules redirect nothing to
    HTTPS); an internal load balancer between services is not an edge problem. The rule is
    silent where the only traffic is CloudFront's over HTTP (EDGE306 covers that
    path): for a load balancer that a CloudFront origin reaches with `http-only`, and
    for a listener that answers by itself by default (a fixed response) and forwards
    only requests carrying a header its rules require (CloudFront's secret header).

    ## Why is this bad?
    Clients that call the load balancer over plain HTTP send requests, cookies and
    tokens unencrypted and get responses that can be read or altered on the way.

    ## Example
    ```hcl
    resource "aws_lb_listener" "http" {
      load_balancer_arn = aws_lb.web.arn
      port              = 80
      protocol          = "HTTP"
      default_action {
        type             = "forward"
        target_group_arn = aws_lb_target_group.web.arn
      }
    }
    ```

    ## Use instead
    Redirect every HTTP request to HTTPS.
    ```hcl
    default_action {
      type = "redirect"
      redirect {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
    """
    for listener in stack.all(Listener):
        lb = listener.load_balancer
        if lb is None or not lb.is_application or listener.effective_protocol != "HTTP":
            continue
        if lb.internet_facing is not True:
            continue  # an internal load balancer between services: not an edge problem
        if listener.redirects_to_https() is not False:
            continue
        if any_of(r.may_redirect_to_https() for r in listener.rules) is not False:
            continue
        if _cloudfront_reaches_over_http(stack, lb) or listener.serves_only_header_checked_requests() is not False:
            continue
        yield listener.finding(f"HTTP listener of {lb.address} serves requests over plain HTTP; redirect them to "
                               "HTTPS", at="default_action")


def _cloudfront_reaches_over_http(stack, lb) -> bool:
    """True when an origin reaches the load balancer with http-only, or might."""
    for o in stack.origins():
        if o.kind != awsdata.ALB or o.target is not lb:
            continue
        config = o.first("custom_origin_config")
        if config is None or not config.is_known("origin_protocol_policy") \
                or config.text("origin_protocol_policy") == "http-only":
            return True
    return False
