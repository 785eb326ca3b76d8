from edgelint.model import RestApi, awsdata
from edgelint.model.api import requires_header
from edgelint.model.waf import web_acls_of
from edgelint.ruleset import rule


@rule("EDGE302", "execute-api-origin-bypassable", severity="medium",
      tags=("cloudfront", "api-gateway", "security"))
def execute_api_origin_bypassable(stack):
    """
    ## What it does
    Flags an origin that is an API Gateway execute-api hostname when nothing ties the
    API to this distribution: the origin sends no `custom_header` that the API checks
    (a regional WAF ACL on the stage matching the header, methods with
    `api_key_required = true` fed by an `x-api-key` header, a resource policy
    conditioned on `aws:Referer` fed by a `Referer` header, or a Lambda authorizer on
    every method or route whose identity source is the header:
    `method.request.header.X` for a REST API, `$request.header.X` in an HTTP API's
    `identity_sources`; CORS preflight `OPTIONS` is left out). Private REST APIs are
    left to EDGE602, APIs whose default endpoint is disabled to EDGE603.

    ## Why is this bad?
    The API's default endpoint stays public. Anyone who finds it calls the API
    directly and skips the distribution's WAF, caching, geo restrictions and logging.

    ## Example
    ```hcl
    origin {
      domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
    }
    ```

    ## Use instead
    Send a secret header from CloudFront and require it at the API, for example as an
    API key:
    ```hcl
    origin {
      domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
      custom_header {
        name  = "x-api-key"
        value = aws_api_gateway_api_key.cloudfront.value
      }
    }
    # and api_key_required = true on the methods
    ```

    ## References
    - https://repost.aws/knowledge-center/api-gateway-cloudfront-distribution
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
    """
    for o in stack.origins():
        if o.kind != awsdata.API_GATEWAY:
            continue
        api = stack.api_of(o.target)
        if isinstance(api, RestApi) and api.is_private:
            continue
        if api is not None and api.flag("disable_execute_api_endpoint") is True:
            continue  # nobody can call the default endpoint: EDGE603's case
        headers = o.custom_headers()
        if headers is None:
            continue  # a header name we cannot read: maybe it is the tie
        if headers:
            if api is None:
                continue  # the API is not in this configuration: its checks are unknowable
            if _tied(stack, api, headers) is not False:
                continue
        related = [api.related(f"the API {api.address}")] if api is not None else []
        why = "no custom header from CloudFront is required by the API"
        yield o.finding(f"{o.label} is {o.kind_label} that can be called directly, bypassing this "
                        f"distribution: {why}", at="domain_name", related=related)


def _tied(stack, api, headers) -> bool | None:
    """Whether the API requires one of the headers; None when that cannot be known."""
    names = {n.lower() for n in headers}
    if api.is_set("body") is not False:
        return None  # an imported OpenAPI document may declare authorizers and methods
    by_authorizer = requires_header(api.methods if isinstance(api, RestApi) else api.routes, names)
    if by_authorizer is not False or not isinstance(api, RestApi):
        return by_authorizer
    if "x-api-key" in names:
        if any(m.flag("api_key_required") is True for m in api.methods):
            return True
        if any(not m.is_known("api_key_required") for m in api.methods):
            return None
    if "referer" in names:
        for document in api.policy_documents:
            conditioned = document.has_condition_on("aws:Referer") if document is not None else None
            if conditioned is not False:
                return conditioned
    for stage in api.stages:
        acls, complete = web_acls_of(stack, stage)
        for acl in acls:
            checked = acl.checked_headers()
            if checked is None:
                return None
            if names & checked:
                return True
        if not complete:
            return None
    return False
