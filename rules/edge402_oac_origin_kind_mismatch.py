from edgelint.model import awsdata
from edgelint.model.access import access_control_of
from edgelint.ruleset import rule

# Origin kinds no OAC can sign for.
_KINDS_WITHOUT_OAC = frozenset({awsdata.ALB, awsdata.API_GATEWAY, awsdata.S3_WEBSITE, awsdata.ELB,
                                awsdata.NLB, awsdata.CUSTOM})


@rule("EDGE402", "oac-origin-kind-mismatch", severity="high", tags=("cloudfront", "oac", "broken"))
def oac_origin_kind_mismatch(stack):
    """
    ## What it does
    Flags an origin whose origin access control cannot sign for it: any OAC on a load
    balancer, API Gateway, S3 website endpoint or custom origin, and an OAC of one
    type on an origin of another (an `s3` OAC on a Lambda function URL, a `lambda`
    OAC on a bucket). An OAC with a type CloudFront does not know at all is left to
    EDGE401.

    ## Why is this bad?
    CloudFront refuses the distribution ("The origin type and OAC origin type
    differ"), or, for origins that cannot check a signature, the OAC protects nothing.

    ## Example
    ```hcl
    origin {
      domain_name              = aws_lb.web.dns_name
      origin_id                = "web"
      origin_access_control_id = aws_cloudfront_origin_access_control.s3.id
    }
    ```

    ## Use instead
    Drop the OAC from origins that cannot verify it (restrict a load balancer to
    CloudFront with its security group and a secret header), and give each S3, Lambda
    URL, MediaStore or MediaPackage origin an OAC of its own type.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html
    """
    for o in stack.origins():
        if o.is_set("origin_access_control_id") is not True:
            continue
        oac = access_control_of(o)
        related = [oac.related(f"origin access control {oac.address}", at="origin_access_control_origin_type")] \
            if oac is not None else []
        if o.kind in _KINDS_WITHOUT_OAC:
            yield o.finding(f"{o.label} is {o.kind_label}, which no origin access control can sign for; "
                            "remove origin_access_control_id", at="origin_access_control_id", related=related)
            continue
        expected = awsdata.OAC_TYPE_FOR_KIND.get(o.kind)
        kind = oac.text("origin_access_control_origin_type") if oac is not None else None
        if expected is None or kind is None:
            continue
        if kind in awsdata.OAC_ORIGIN_TYPES and kind != expected:
            yield o.finding(f'{o.label} is {o.kind_label} but its origin access control {oac.address} has type '
                            f'"{kind}": CloudFront rejects the mismatch; use an OAC of type "{expected}"',
                            at="origin_access_control_id", related=related)
