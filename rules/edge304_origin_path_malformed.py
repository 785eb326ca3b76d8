from edgelint.ruleset import rule


@rule("EDGE304", "origin-path-malformed", severity="medium", tags=("cloudfront", "origin", "broken"),
      fix=("safe", "write `origin_path` as `/path`: one leading slash, no trailing one"))
def origin_path_malformed(stack):
    """
    ## What it does
    Flags an `origin_path` that does not start with `/` or that ends with `/`. With a
    template (`"/${var.stage}"`) the known start and end are checked.

    ## Why is this bad?
    CloudFront requires the origin path to begin with a slash and not end with one,
    and rejects the distribution otherwise; `terraform plan` accepts it.

    ## Example
    ```hcl
    origin {
      domain_name = "abc123.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
      origin_path = "prod/"
    }
    ```

    ## Use instead
    Start the path with a slash and end it without one:
    ```hcl
    origin {
      domain_name = "abc123.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
      origin_path = "/prod"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginPath
    """
    for o in stack.origins():
        ends = o.text_ends("origin_path")
        if ends is None:
            continue
        start, end = ends
        problems = []
        if start and not start.startswith("/"):
            problems.append("does not start with /")
        if end and end.endswith("/"):
            problems.append("ends with /")
        if problems:
            yield o.finding(f"{o.label}: origin_path {' and '.join(problems)}; CloudFront expects \"/path\"",
                            at="origin_path", edits=_normalized(o))


def _normalized(origin) -> tuple:
    """The written origin_path with one leading slash and no trailing one."""
    path = origin.text("origin_path")
    if path is None or "${" in path or "%{" in path or '"' in path or "\\" in path:
        return ()
    inner = path.strip("/")
    return origin.fix_value("origin_path", f'"/{inner}"' if inner else '""')
