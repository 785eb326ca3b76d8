from edgelint.model import Origin
from edgelint.ruleset import rule


@rule("EDGE216", "grpc-unsupported-settings", severity="high", tags=("cloudfront", "grpc", "broken"))
def grpc_unsupported_settings(stack):
    """
    ## What it does
    Flags a cache behavior with `grpc_config { enabled = true }` that CloudFront
    cannot serve gRPC through: the distribution's `http_version` is `http1.1`, the
    behavior's `allowed_methods` lack `POST`, or the origin it targets is reached with
    `origin_protocol_policy = "http-only"`. Values edgelint cannot see keep it silent.

    ## Why is this bad?
    gRPC runs over HTTP/2 and every call is a POST; CloudFront proxies it only when
    the distribution offers HTTP/2, the behavior allows POST, and the origin speaks
    HTTPS. Otherwise gRPC clients fail, however the rest of the configuration looks.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/grpc.Service/*"
      allowed_methods  = ["GET", "HEAD"]
      cached_methods   = ["GET", "HEAD"]
      target_origin_id = "grpc"
      # ...
      grpc_config {
        enabled = true
      }
    }
    ```

    ## Use instead
    Allow every method, keep HTTP/2 on the distribution (`http2`, `http2and3`) and
    reach the origin over HTTPS.
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/grpc.Service/*"
      allowed_methods  = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
      cached_methods   = ["GET", "HEAD"]
      target_origin_id = "grpc"
      # ...
      grpc_config {
        enabled = true
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-using-grpc.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_GrpcConfig.html
    """
    for b in stack.behaviors():
        grpc = b.single("grpc_config")
        if grpc is None or grpc.flag("enabled") is not True:
            continue
        d = b.distribution
        problems, related = [], []
        if d.text("http_version") == "http1.1":
            problems.append("the distribution serves HTTP/1.1 only (http_version = \"http1.1\")")
            related.append(d.related(f"{d.address} offers no HTTP/2", at="http_version"))
        methods = b.allowed_methods
        if methods is not None and "POST" not in methods:
            problems.append("its allowed_methods do not include POST")
            related.append(b.related(f"{b.label} allows no POST", at="allowed_methods"))
        for origin in b.target_origins:
            config = origin.single("custom_origin_config")
            if isinstance(origin, Origin) and config is not None and config.text("origin_protocol_policy") == "http-only":
                problems.append(f"{origin.label} is reached over HTTP (origin_protocol_policy = \"http-only\")")
                related.append(config.related(f"{origin.label} is reached over plain HTTP",
                                              at="origin_protocol_policy"))
        if problems:
            yield grpc.finding(f"{b.label} of {d.address} enables gRPC, which CloudFront cannot proxy here: "
                               f"{'; '.join(problems)} (gRPC needs HTTP/2, POST and an HTTPS origin)",
                               related=related)
