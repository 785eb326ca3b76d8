from edgelint.model import ApiDomainName
from edgelint.ruleset import rule


@rule("EDGE607", "api-domain-legacy-tls", severity="medium", tags=("api-gateway", "tls", "security"))
def api_domain_legacy_tls(stack):
    """
    ## What it does
    Flags an `aws_api_gateway_domain_name` whose `security_policy` is `TLS_1_0`.
    An unset policy, and one edgelint cannot see, are left alone.

    ## Why is this bad?
    The legacy `TLS_1_0` policy lets clients of the custom domain negotiate TLS 1.0
    and 1.1, deprecated protocols (RFC 8996) that fail PCI DSS and most compliance
    baselines; requests that reach the API through the domain, around or behind
    CloudFront, may use them.

    ## Example
    ```hcl
    resource "aws_api_gateway_domain_name" "api" {
      domain_name              = "api.example.com"
      regional_certificate_arn = aws_acm_certificate.api.arn
      security_policy          = "TLS_1_0"
    }
    ```

    ## Use instead
    Require TLS 1.2 (or an enhanced `SecurityPolicy_TLS13_*` policy, which needs
    `endpoint_access_mode`).
    ```hcl
    resource "aws_api_gateway_domain_name" "api" {
      domain_name              = "api.example.com"
      regional_certificate_arn = aws_acm_certificate.api.arn
      security_policy          = "TLS_1_2"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name#security_policy-1
    - https://datatracker.ietf.org/doc/html/rfc8996
    """
    for domain in stack.all(ApiDomainName):
        if domain.text("security_policy") == "TLS_1_0":
            yield domain.finding(f"{domain.label} accepts TLS 1.0 and 1.1 (security_policy = \"TLS_1_0\"); use "
                                 "\"TLS_1_2\"", at="security_policy")
