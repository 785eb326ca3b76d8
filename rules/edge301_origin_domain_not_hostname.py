from edgelint.model import ApiStage, Bucket, FunctionUrl, HttpApi, LambdaFunction, LoadBalancer, RestApi
from edgelint.ruleset import rule

# Attributes of resources that are no hostname at all, and what to use instead.
_NOT_A_HOSTNAME = {
    RestApi: ({"id", "arn", "execution_arn", "root_resource_id"},
              '"${aws_api_gateway_rest_api.<name>.id}.execute-api.<region>.amazonaws.com"'),
    LoadBalancer: ({"arn", "id", "arn_suffix", "name"}, "dns_name"),
    Bucket: ({"id", "bucket", "arn"}, "bucket_regional_domain_name"),
    LambdaFunction: ({"arn", "invoke_arn", "qualified_arn", "function_name"},
                     "the host of an aws_lambda_function_url"),
}
# Attributes of resources that are URLs: a scheme (and maybe a path) around the hostname.
_URLS = {ApiStage: "invoke_url", HttpApi: "api_endpoint", FunctionUrl: "function_url"}


def _known_text_problem(text: str) -> str | None:
    if "://" in text:
        return "has a scheme"
    if "/" in text:
        return "has a path"
    if ":" in text:
        return "has a port"
    if any(c.isspace() for c in text):
        return "has white space"
    return None


@rule("EDGE301", "origin-domain-not-hostname", severity="high", tags=("cloudfront", "origin", "broken"))
def origin_domain_not_hostname(stack):
    """
    ## What it does
    Flags an origin whose `domain_name` is not a bare hostname: a known value with a
    scheme, a path or a port, or a reference to an attribute that is no hostname (an
    API ID or ARN, a load balancer ARN, a bucket name) or that is a URL (a stage's
    `invoke_url`, an HTTP API's `api_endpoint`, a function URL).

    ## Why is this bad?
    CloudFront accepts only a DNS name here. The API rejects the distribution at apply
    time, or, for an attribute that happens to look like a name, every request to the
    origin fails.

    ## Example
    ```hcl
    origin {
      domain_name = aws_api_gateway_stage.prod.invoke_url   # https://abc.execute-api.../prod
      origin_id   = "api"
    }
    ```

    ## Use instead
    Give the hostname alone, and the stage as `origin_path`:
    ```hcl
    origin {
      domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"
      origin_path = "/prod"
      origin_id   = "api"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesDomainName
    """
    for o in stack.origins():
        domain = o.reference("domain_name")
        if domain is not None:
            attribute = domain.attribute
            bad = next((v for cls, v in _NOT_A_HOSTNAME.items() if cls.named_by(domain)), None)
            if bad and attribute in bad[0]:
                yield o.finding(f"{o.label}: domain_name is {domain}, which is not a hostname; use {bad[1]}",
                                at="domain_name", related=_target(o))
            elif any(cls.named_by(domain) and attribute == url for cls, url in _URLS.items()):
                yield o.finding(f"{o.label}: domain_name is {domain}, a URL with a scheme, not a hostname; "
                                "give the host alone (and any path as origin_path)", at="domain_name",
                                related=_target(o))
            continue
        text = o.pattern("domain_name", hole="")  # the known text, where the domain has any
        if text is None:
            continue
        problem = _known_text_problem(text)
        if problem:
            yield o.finding(f"{o.label}: domain_name {problem}; CloudFront expects a bare hostname",
                            at="domain_name")


def _target(origin):
    target = origin.target
    return [target.related(f"{target.address} is referenced here")] if target is not None else []
