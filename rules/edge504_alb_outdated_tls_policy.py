from edgelint.model import Listener
from edgelint.ruleset import rule

# HTTPS listener policies that still accept TLS 1.0 or 1.1. Unset, the API uses
# ELBSecurityPolicy-2016-08.
_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
_LEGACY_TLS_POLICIES = frozenset({
    "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08",
    "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06",
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09",
})


@rule("EDGE504", "alb-outdated-tls-policy", severity="medium", tags=("alb", "tls", "security"),
      fix=("unsafe", "set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (clients without TLS 1.2 are refused)"))
def alb_outdated_tls_policy(stack):
    """
    ## What it does
    Flags an HTTPS listener whose security policy accepts TLS 1.0 or 1.1. That is an
    unset `ssl_policy` (the API then uses `ELBSecurityPolicy-2016-08`) or one of
    `ELBSecurityPolicy-2016-08`, `-2015-05`, `-TLS-1-0-2015-04`, `-TLS-1-1-2017-01`,
    `-FS-2018-06`, `-FS-1-1-2019-08`, `-TLS13-1-0-2021-06`, `-TLS13-1-1-2021-06`,
    and their FIPS and post-quantum variants (`-TLS13-1-0-FIPS-2023-04`,
    `-TLS13-1-1-FIPS-2023-04`, `-TLS13-1-0-PQ-2025-09`, `-TLS13-1-0-FIPS-PQ-2025-09`).

    ## Why is this bad?
    TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak hashes and cipher
    modes, and compliance standards such as PCI DSS forbid them.

    ## Example
    ```hcl
    resource "aws_lb_listener" "https" {
      load_balancer_arn = aws_lb.web.arn
      port              = 443
      protocol          = "HTTPS"
      certificate_arn   = aws_acm_certificate.web.arn
    }
    ```

    ## Use instead
    Choose a policy that accepts TLS 1.2 and 1.3 only.
    ```hcl
    ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    ```

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
    - https://www.rfc-editor.org/rfc/rfc8996
    """
    for listener in stack.all(Listener):
        if listener.effective_protocol != "HTTPS":
            continue
        policy = listener.text("ssl_policy")
        if listener.is_null("ssl_policy"):
            yield listener.finding(f"HTTPS listener {listener.address} sets no ssl_policy, so AWS uses "
                                   f"{_DEFAULT_SSL_POLICY}, which accepts TLS 1.0 and 1.1",
                                   edits=listener.fix_insert("ssl_policy", _MODERN))
        elif policy in _LEGACY_TLS_POLICIES:
            yield listener.finding(f"ssl_policy {policy} accepts TLS 1.0 or 1.1; use "
                                   "ELBSecurityPolicy-TLS13-1-2-2021-06 or newer", at="ssl_policy",
                                   edits=listener.fix_value("ssl_policy", _MODERN))


_MODERN = '"ELBSecurityPolicy-TLS13-1-2-2021-06"'
