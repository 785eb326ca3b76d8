from edgelint.model import HttpApi
from edgelint.ruleset import rule


@rule("EDGE604", "api-method-without-auth", severity="medium", tags=("api-gateway", "security"))
def api_method_without_auth(stack):
    """
    ## What it does
    Flags API methods and routes that anyone may call. That is a REST API method
    (`aws_api_gateway_method`) with `authorization = "NONE"` that does not require an
    API key either, and an HTTP API route
    (`aws_apigatewayv2_route`) with `authorization_type` unset or `NONE`. CORS
    preflight (`OPTIONS`) methods and routes are left alone.

    ## Why is this bad?
    Anyone who can reach the API can call the method: no IAM signature, no Cognito
    or Lambda authorizer, no JWT, no key. Behind CloudFront that usually means the
    whole internet, and API Gateway's default endpoint is reachable directly as well.

    ## Example
    ```hcl
    resource "aws_api_gateway_method" "orders" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      resource_id   = aws_api_gateway_resource.orders.id
      http_method   = "POST"
      authorization = "NONE"
    }
    ```

    ## Use instead
    Require an authorizer, IAM, or at least an API key on every method that is not a
    CORS preflight.
    ```hcl
    resource "aws_api_gateway_method" "orders" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      resource_id   = aws_api_gateway_resource.orders.id
      http_method   = "POST"
      authorization = "COGNITO_USER_POOLS"
      authorizer_id = aws_api_gateway_authorizer.users.id
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
    """
    for method in stack.resources("aws_api_gateway_method"):
        http_method, key_required = method.value("http_method"), method.value("api_key_required")
        if method.value("authorization").known != "NONE" or not key_required.is_known or key_required.known is True:
            continue
        if not (http_method.is_known and isinstance(http_method.known, str)) or http_method.known.upper() == "OPTIONS":
            continue
        yield method.finding(f"{http_method.known} method {method.address} requires no authorization and no API key",
                             at="authorization")
    for route in stack.resources("aws_apigatewayv2_route"):
        api = stack.object_for(route.value("api_id"))
        if not isinstance(api, HttpApi) or api.protocol_type.known != "HTTP":
            continue
        auth, key = route.value("authorization_type"), route.value("route_key")
        if not (auth.is_known and auth.known in (None, "NONE")):
            continue
        if not (key.is_known and isinstance(key.known, str)) or key.known.upper().startswith("OPTIONS "):
            continue
        yield route.finding(f"route \"{key.known}\" of HTTP API {api.address} requires no authorization",
                            at="authorization_type" if route.has("authorization_type") else None)
