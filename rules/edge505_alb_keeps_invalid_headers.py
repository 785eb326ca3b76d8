from edgelint.ruleset import rule


@rule("EDGE505", "alb-keeps-invalid-headers", severity="low", tags=("alb", "security"),
      fix=("unsafe", "set `drop_invalid_header_fields = true` (targets no longer see invalid headers)"))
def alb_keeps_invalid_headers(stack):
    """
    ## What it does
    Flags an application load balancer with `drop_invalid_header_fields` unset or
    false.

    ## Why is this bad?
    The load balancer then passes headers whose names are not valid HTTP to the
    targets, which helps request smuggling and header-confusion attacks on back ends
    that parse them differently.

    ## Example
    ```hcl
    resource "aws_lb" "web" {
      name               = "web"
      load_balancer_type = "application"
    }
    ```

    ## Use instead
    Have the load balancer drop invalid header fields.
    ```hcl
    resource "aws_lb" "web" {
      name                       = "web"
      load_balancer_type         = "application"
      drop_invalid_header_fields = true
    }
    ```

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
    """
    for lb in stack.load_balancers:
        if not lb.is_application:
            continue
        if lb.is_null("drop_invalid_header_fields"):
            yield lb.finding(f"application load balancer {lb.address} passes invalid header fields to its targets; "
                             "set drop_invalid_header_fields = true",
                             edits=lb.fix_insert("drop_invalid_header_fields", "true"))
        elif lb.flag("drop_invalid_header_fields") is False:
            yield lb.finding(f"application load balancer {lb.address} passes invalid header fields to its targets",
                             at="drop_invalid_header_fields",
                             edits=lb.fix_value("drop_invalid_header_fields", "true"))
