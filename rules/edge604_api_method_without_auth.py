from edgelint.model import ApiMethod, ApiRoute, HttpApi
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
    for method in stack.all(ApiMethod):
        if method.text("authorization") != "NONE" or not method.is_known("api_key_required") \
                or method.flag("api_key_required") is True:
            continue
        http_method = method.text("http_method")
        if http_method is None or http_method.upper() == "OPTIONS":
            continue
        yield method.finding(f"{http_method} method {method.address} requires no authorization and no API key",
                             at="authorization")
    for route in stack.all(ApiRoute):
        api = stack.object_for(route.reference("api_id"))
        if not isinstance(api, HttpApi) or api.text("protocol_type") != "HTTP":
            continue
        if not (route.is_null("authorization_type") or route.text("authorization_type") == "NONE"):
            continue
        key = route.text("route_key")
        if key is None or key.upper().startswith("OPTIONS "):
            continue
        yield route.finding(f"route \"{key}\" of HTTP API {api.address} requires no authorization",
                            at="authorization_type" if route.has("authorization_type") else None)
