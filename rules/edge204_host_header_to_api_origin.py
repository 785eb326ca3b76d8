from edgelint.model import awsdata
from edgelint.model.policies import host_forwarding
from edgelint.ruleset import rule

_HOST_ROUTED = (awsdata.API_GATEWAY, awsdata.LAMBDA_URL)
_ALL_VIEWER_EXCEPT_HOST = awsdata.managed_policy_id(awsdata.ORIGIN_REQUEST_POLICY, "AllViewerExceptHostHeader")
_CACHING_DISABLED = awsdata.managed_policy_id(awsdata.CACHE_POLICY, "CachingDisabled")
_FIX = {
    "origin_request_policy_id": f"use the managed origin request policy AllViewerExceptHostHeader "
                                f"({_ALL_VIEWER_EXCEPT_HOST})",
    "cache_policy_id": f"use a cache policy whose key leaves Host out (CachingDisabled, {_CACHING_DISABLED}) "
                       f"with AllViewerExceptHostHeader ({_ALL_VIEWER_EXCEPT_HOST})",
    "forwarded_values": "remove Host and * from forwarded_values.headers, or move to CachingDisabled with "
                        f"AllViewerExceptHostHeader ({_ALL_VIEWER_EXCEPT_HOST})",
}


@rule("EDGE204", "host-header-to-api-origin", severity="high", tags=("cloudfront", "cache", "api-gateway", "broken"),
      fix=("unsafe", "replace the managed AllViewer origin request policy with AllViewerExceptHostHeader"))
def host_header_to_api_origin(stack):
    """
    ## What it does
    Flags a cache behavior that sends the viewer's `Host` header to an API Gateway
    execute-api or Lambda function URL origin: through an origin request policy that
    forwards Host (AllViewer, AllViewerAndCloudFrontHeaders-2022-06, HostHeaderOnly,
    or a custom policy with `allViewer`, `allViewerAndWhitelistCloudFront`, `allExcept`
    without Host, or Host in its list), a cache policy whose key holds Host (Amplify,
    UseOriginCacheControlHeaders, UseOriginCacheControlHeaders-QueryStrings, or a
    custom one), or legacy `forwarded_values.headers` with `Host` or `*`.

    ## Why is this bad?
    These origins find the API or function by the Host header. With the
    distribution's own domain name there, they answer every request with 403
    Forbidden: the deployment succeeds and the site is down.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern             = "/api/*"
      target_origin_id         = "api"   # an execute-api origin
      cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      origin_request_policy_id = "216adef6-5c7f-47e4-b989-5492eafa07d3"  # AllViewer
    }
    ```

    ## Use instead
    Forward every viewer header except Host:
    ```hcl
    ordered_cache_behavior {
      path_pattern             = "/api/*"
      target_origin_id         = "api"
      cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
      origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html#managed-origin-request-policy-all-viewer-except-host-header
    - https://repost.aws/knowledge-center/api-gateway-cloudfront-distribution
    """
    for b in stack.behaviors():
        origins = [o for o in b.target_origins if o.kind in _HOST_ROUTED]
        if not origins:
            continue
        forwarders, _complete = host_forwarding(b)
        origin = origins[0]
        for forwarding in forwarders:
            related = [o.kind_related() for o in origins]
            related += forwarding.policy.related() if forwarding.policy is not None else []
            yield b.finding(
                f"{b.label} forwards the viewer's Host header to {origin.label}, which is {origin.kind_label} "
                f"and routes on Host, so every request gets 403 ({forwarding.what}); {_FIX[forwarding.attribute]}",
                at=forwarding.attribute, related=related, edits=_except_host(b, forwarding.attribute))


_ALL_VIEWER = awsdata.managed_policy_id(awsdata.ORIGIN_REQUEST_POLICY, "AllViewer")


def _except_host(behavior, attribute: str) -> tuple:
    """The managed AllViewer origin request policy → AllViewerExceptHostHeader; no
    other forwarding has one certain repair."""
    if attribute != "origin_request_policy_id" or behavior.text(attribute) != _ALL_VIEWER:
        return ()
    return behavior.fix_value(attribute, f'"{_ALL_VIEWER_EXCEPT_HOST}"')
