from edgelint.model import awsdata
from edgelint.ruleset import rule


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
        certificate = cert.certificate
        region = certificate.region_name if certificate is not None \
            else cert.arn_region("acm_certificate_arn", "acm")
        if region is None or region == awsdata.CLOUDFRONT_REGION:
            continue
        what = f"{certificate.address} is created in {region}" if certificate is not None \
            else f"the certificate is in {region}"
        related = [certificate.related(f"{certificate.address} is created in {region}")] if certificate else []
        yield cert.finding(f"{d.address}: {what}, but CloudFront only uses ACM certificates from us-east-1",
                           at="acm_certificate_arn", related=related)

