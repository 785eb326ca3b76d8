from edgelint.ruleset import rule


@rule("EDGE107", "http1-only", severity="low", tags=("cloudfront", "performance"),
      fix=("unsafe", "set `http_version = \"http2and3\"`"))
def http1_only(stack):
    """
    ## What it does
    Flags a distribution with `http_version = "http1.1"`.

    ## Why is this bad?
    Viewers lose HTTP/2 and HTTP/3: no multiplexing, no header compression, one
    connection per parallel request. Pages load slower, above all on mobile networks.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      http_version = "http1.1"
    }
    ```

    ## Use instead
    Offer HTTP/2 and HTTP/3 (or drop the setting: the default is HTTP/2):
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      http_version = "http2and3"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesGeneral.html#DownloadDistValues-supported-HTTP-versions
    """
    for d in stack.distributions:
        if d.text("http_version") == "http1.1":
            yield d.finding(f"{d.address} serves viewers HTTP/1.1 only (http_version = \"http1.1\"); "
                            "use \"http2and3\"", at="http_version",
                            edits=d.fix_value("http_version", '"http2and3"'))
