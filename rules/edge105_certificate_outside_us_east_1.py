from edgelint.evaluate.values import Ref
from edgelint.model import arn_region, awsdata, known_region
from edgelint.ruleset import rule

_CERTIFICATES = ("aws_acm_certificate", "data.aws_acm_certificate")


@rule("EDGE105", "certificate-outside-us-east-1", severity="high", tags=("cloudfront", "tls", "broken"))
def certificate_outside_us_east_1(stack):
    """
    ## What it does
    Flags a `viewer_certificate.acm_certificate_arn` that is a known ARN outside
    us-east-1, or a reference to an `aws_acm_certificate` (resource or data source,
    directly or through `aws_acm_certificate_validation`) whose provider's region is
    known and is not us-east-1.

    ## Why is this bad?
    CloudFront only uses ACM certificates from US East (N. Virginia). A certificate
    requested in the stack's own region makes the apply fail; it is a classic mistake
    when the stack's default provider is another region.

    ## Example
    ```hcl
    provider "aws" {
      region = "eu-west-1"
    }

    resource "aws_acm_certificate" "site" {
      domain_name       = "www.example.com"
      validation_method = "DNS"
    }
    ```

    ## Use instead
    Request the certificate through a us-east-1 provider:
    ```hcl
    provider "aws" {
      alias  = "use1"
      region = "us-east-1"
    }

    resource "aws_acm_certificate" "site" {
      provider          = aws.use1
      domain_name       = "www.example.com"
      validation_method = "DNS"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer
    """
    for d in stack.distributions:
        cert = d.viewer_certificate
        if cert is None:
            continue
        arn = cert.value("acm_certificate_arn")
        certificate = _certificate(stack, arn)
        region = known_region(certificate.region) if certificate is not None else arn_region(arn, "acm")
        if region is None or region == awsdata.CLOUDFRONT_REGION:
            continue
        what = f"{certificate.address} is created in {region}" if certificate is not None \
            else f"the certificate is in {region}"
        related = [certificate.related(f"{certificate.address} is created in {region}")] if certificate else []
        yield cert.finding(f"{d.address}: {what}, but CloudFront only uses ACM certificates from us-east-1",
                           at="acm_certificate_arn", related=related)


def _certificate(stack, arn):
    """The certificate behind the ARN, following a validation resource to it."""
    if not isinstance(arn, Ref):
        return None
    target = stack.object_for(arn)
    if target is None:
        return None
    if arn.type == "aws_acm_certificate_validation":
        behind = target.value("certificate_arn")
        if isinstance(behind, Ref) and behind.type in _CERTIFICATES:
            return stack.object_for(behind) or target
        return target
    return target if arn.type in _CERTIFICATES else None
