import os

from edgelint.findings import Finding
from edgelint.ruleset import rule


@rule("EDGE900", "parse-error", severity="high", tags=("edgelint", "broken"))
def parse_error(stack):
    """
    ## What it does
    Reports a file that edgelint cannot read or parse, at the line and column of the
    error. The other files are still checked.

    ## Why is this bad?
    Terraform will refuse the file as well, and nothing in it was checked: a finding
    it would have produced is missing from this report.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "cdn" {
      enabled = true
    # the closing brace is missing
    ```

    ## Use instead
    Fix the syntax (`terraform validate` shows the same error).

    ## References
    - https://developer.hashicorp.com/terraform/language/syntax/configuration
    """
    for error in stack.parse_errors:
        # The file's name within its module folder: a fingerprint that does not
        # depend on the working directory (baselines, SARIF).
        yield Finding(f"cannot parse this file: {error.message}", error.span,
                      address=os.path.basename(error.span.file))
