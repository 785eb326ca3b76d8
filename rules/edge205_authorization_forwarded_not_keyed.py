from edgelint.model.policies import OriginRequestPolicy
from edgelint.ruleset import rule


@rule("EDGE205", "authorization-forwarded-not-keyed", severity="high", tags=("cloudfront", "cache", "broken"))
def authorization_forwarded_not_keyed(stack):
    """
    ## What it does
    Flags a custom origin request policy whose header whitelist names `Authorization`:
    a header forwarded to the origin without being part of the cache key.

    ## Why is this bad?
    CloudFront refuses it: `Authorization` reaches the origin only through the cache
    key (a cache policy), so that one user's authorized response is never served to
    another. Creating the origin request policy fails with HTTP 400 at apply;
    `terraform plan` does not catch it.

    An origin request policy that forwards all viewer headers (AllViewer, `allViewer`,
    `allExcept`) is not flagged: CloudFront leaves `Authorization` out of it unless the
    behavior's caching is disabled, and then nothing is cached that could leak.

    ## Example
    ```hcl
    resource "aws_cloudfront_origin_request_policy" "api" {
      name = "api"
      headers_config {
        header_behavior = "whitelist"
        headers {
          items = ["Authorization", "Accept-Language"]
        }
      }
      cookies_config { cookie_behavior = "none" }
      query_strings_config { query_string_behavior = "all" }
    }
    ```

    ## Use instead
    Key the cache on `Authorization` with a cache policy (or use CachingDisabled with
    the AllViewer origin request policy) and leave it out of the origin request policy:
    ```hcl
    resource "aws_cloudfront_cache_policy" "per_user" {
      name        = "per-user"
      default_ttl = 60
      parameters_in_cache_key_and_forwarded_to_origin {
        headers_config {
          header_behavior = "whitelist"
          headers {
            items = ["Authorization"]
          }
        }
        cookies_config { cookie_behavior = "none" }
        query_strings_config { query_string_behavior = "none" }
      }
    }
    ```

    ## References
    - https://repost.aws/knowledge-center/cloudfront-authorization-header
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html#add-origin-custom-headers-forward-authorization
    """
    for policy in stack.all(OriginRequestPolicy):
        headers = policy.single("headers_config")
        if headers is None or headers.text("header_behavior") != "whitelist":
            continue
        listed = headers.single("headers")
        items = listed.known_strings("items") if listed is not None else []
        if "authorization" not in (item.lower() for item in items):
            continue
        yield listed.finding(
            f"{policy.address} forwards the Authorization header to the origin without keying the cache on it: "
            "CloudFront rejects this origin request policy (HTTP 400); put Authorization in a cache policy's key "
            "instead", at="items")
