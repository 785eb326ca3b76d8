from edgelint.ruleset import rule

# The only method sets CloudFront accepts (API_AllowedMethods / CachedMethods).
_ALLOWED_METHOD_SETS = (
    frozenset({"GET", "HEAD"}),
    frozenset({"GET", "HEAD", "OPTIONS"}),
    frozenset({"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}),
)
_CACHED_METHOD_SETS = _ALLOWED_METHOD_SETS[:2]


def _show(methods) -> str:
    return "[" + ", ".join(sorted(methods)) + "]"


@rule("EDGE208", "invalid-method-set", severity="high", tags=("cloudfront", "cache", "broken"))
def invalid_method_set(stack):
    """
    ## What it does
    Flags a cache behavior whose `allowed_methods` is not exactly one of
    {GET, HEAD}, {GET, HEAD, OPTIONS} or all seven methods (GET, HEAD, OPTIONS, PUT,
    POST, PATCH, DELETE); or whose `cached_methods` is not {GET, HEAD} or
    {GET, HEAD, OPTIONS}, or not a subset of `allowed_methods`.

    ## Why is this bad?
    CloudFront accepts only those sets, and `terraform plan` accepts any list: the
    apply fails. Adding just POST to GET and HEAD is the usual slip.

    ## Example
    ```hcl
    default_cache_behavior {
      allowed_methods = ["GET", "HEAD", "POST"]
      cached_methods  = ["GET", "HEAD"]
    }
    ```

    ## Use instead
    Use one of the accepted sets:
    ```hcl
    default_cache_behavior {
      allowed_methods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods  = ["GET", "HEAD"]
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_AllowedMethods.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesAllowedHTTPMethods
    """
    for b in stack.behaviors():
        allowed, cached = b.allowed_methods, b.cached_methods
        if allowed is not None and allowed not in _ALLOWED_METHOD_SETS:
            yield b.finding(f"{b.label}: allowed_methods {_show(allowed)} is not a set CloudFront accepts "
                            "([GET, HEAD], [GET, HEAD, OPTIONS] or all seven methods)", at="allowed_methods")
        if cached is None:
            continue
        if cached not in _CACHED_METHOD_SETS:
            yield b.finding(f"{b.label}: cached_methods {_show(cached)} is not a set CloudFront accepts "
                            "([GET, HEAD] or [GET, HEAD, OPTIONS])", at="cached_methods")
        elif allowed is not None and not cached <= allowed:
            yield b.finding(f"{b.label}: cached_methods {_show(cached)} is not a subset of allowed_methods "
                            f"{_show(allowed)}", at="cached_methods",
                            related=[b.related("allowed_methods is set here", at="allowed_methods")])
