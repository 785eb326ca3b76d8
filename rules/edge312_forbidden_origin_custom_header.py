from edgelint.ruleset import rule

# Source: "Custom headers that CloudFront can't add to origin requests", Amazon
# CloudFront Developer Guide (add-origin-custom-headers.html).
_FORBIDDEN_HEADERS = frozenset(h.lower() for h in (
    "Cache-Control", "Connection", "Content-Length", "Cookie", "Host", "If-Match", "If-Modified-Since",
    "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards", "Pragma", "Proxy-Authorization",
    "Proxy-Connection", "Range", "Request-Range", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Via",
    "X-Real-Ip",
))
_FORBIDDEN_HEADER_PREFIXES = ("x-amz-", "x-edge-")


@rule("EDGE312", "forbidden-origin-custom-header", severity="high", tags=("cloudfront", "origin", "broken"))
def forbidden_origin_custom_header(stack):
    """
    ## What it does
    Flags an origin `custom_header` whose name is one CloudFront refuses to add to
    origin requests: Cache-Control, Connection, Content-Length, Cookie, Host,
    If-Match, If-Modified-Since, If-None-Match, If-Range, If-Unmodified-Since,
    Max-Forwards, Pragma, Proxy-Authorization, Proxy-Connection, Range,
    Request-Range, TE, Trailer, Transfer-Encoding, Upgrade, Via, X-Real-Ip, and any
    name starting with X-Amz- or X-Edge-.

    ## Why is this bad?
    CloudFront rejects the distribution at apply time. Setting `Host` to make an API
    Gateway or ALB origin see the right name is the usual attempt; it cannot work.

    ## Example
    ```hcl
    custom_header {
      name  = "Host"
      value = "api.example.com"
    }
    ```

    ## Use instead
    Use a header of your own (for example a secret that the origin checks), and let
    an origin request policy decide whether the viewer's Host is forwarded:
    ```hcl
    custom_header {
      name  = "X-Origin-Verify"
      value = var.origin_secret
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html#add-origin-custom-headers-denylist
    """
    for o in stack.origins():
        for header in o.nested("custom_header"):
            name = header.text("name")
            if header.generated_unknown or name is None:
                continue
            lowered = name.strip().lower()
            if lowered in _FORBIDDEN_HEADERS or lowered.startswith(_FORBIDDEN_HEADER_PREFIXES):
                yield header.finding(f"{o.label}: CloudFront cannot add the custom header '{name}' to origin "
                                     "requests and rejects the distribution", at="name")
