"""System diagnostics: the catalog entries of what edgelint's own stages report.

EDGE900 to EDGE903 are listed, explained, selected, ignored, re-rated and
suppressed like any rule: each has an ID, a name, a severity, tags and a five-section
docstring, and sits in the same ``Registry``. But no rule function produces them and
the rule engine never runs them (their ``check`` is None): the stage that knows the
fact does, and the pipeline gives its findings the entry's ID, name and configured
severity when the entry is selected.

=======  ===================  ==========================================================
ID       produced by          from
=======  ===================  ==========================================================
EDGE900  parse                ``parse.diagnostics.parse_error_findings``: each ``ParseError``
EDGE901  filter               ``filter.suppress.apply``: each key that suppressed nothing
EDGE902  instances            ``instances.diagnostics.unresolved_module_findings``:
                              each call site whose source is not read (``CallSite.unresolved``)
EDGE903  instances            ``instances.diagnostics.undeclared_reference_findings``:
                              each reference to an undeclared object, in folders read whole
=======  ===================  ==========================================================
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from edgelint.ruleset.registry import Rule, check_declaration

PARSE_ERROR = "EDGE900"
UNUSED_SUPPRESSION = "EDGE901"
UNRESOLVED_MODULE = "EDGE902"
UNDECLARED_REFERENCE = "EDGE903"


def diagnostic(id: str, name: str, *, severity: str, tags: Iterable[str], doc: str) -> Rule:
    """A catalog entry: a rule's metadata and documentation, without a check."""
    check_declaration(id, severity)
    return Rule(id, name, severity, tuple(tags), None, doc=inspect.cleandoc(doc), source=__name__)


CATALOG: tuple[Rule, ...] = (
    diagnostic(PARSE_ERROR, "parse-error", severity="high", tags=("edgelint", "broken"), doc="""
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
    """),
    diagnostic(UNUSED_SUPPRESSION, "unused-suppression", severity="low", tags=("edgelint", "hygiene"), doc="""
    ## What it does
    Reports an `edgelint:ignore` or `edgelint:ignore-file` comment that suppresses
    nothing: each rule ID or name in it that covers no finding of that rule, a name
    that is no rule at all, and a comment without IDs that covers no finding. A
    rule that did not run (not selected, or ignored) is never reported: whether
    its suppression is needed cannot be known. A comment that looks like a
    suppression but does not parse as one (`# edgelint: ignore EDGE605`,
    `# edgelint-ignore: EDGE605`, `# EDGELINT:IGNORE EDGE605`) is reported too,
    with the accepted syntax.

    ## Why is this bad?
    A suppression outlives the finding it was written for. Left in place, it hides
    the next, unrelated finding of that rule on the same line or block without
    anyone deciding so, and a mistyped ID silences nothing while looking as if it
    does.

    ## Example
    ```hcl
    default_cache_behavior {
      # edgelint:ignore EDGE101,EDGE207 -- legacy clients
      viewer_protocol_policy = "redirect-to-https"
      compress               = false
    }
    ```
    (`EDGE101` no longer fires on that line.)

    ## Use instead
    Keep only the IDs that still suppress a finding:
    ```hcl
    default_cache_behavior {
      viewer_protocol_policy = "redirect-to-https"
      # edgelint:ignore EDGE207 -- legacy clients
      compress               = false
    }
    ```

    ## References
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """),
    diagnostic(UNRESOLVED_MODULE, "unresolved-module", severity="info", tags=("edgelint", "modules", "hygiene"),
               doc="""
    ## What it does
    Reports a `module` block whose source edgelint cannot read locally: a registry,
    git or other remote source that `terraform init` has not downloaded into
    `.terraform/modules`, a local folder that does not exist, or a source that is
    not a known string. Reported once per `module` block, however many instances it has.

    ## Why is this bad?
    Nothing inside the module is checked, and its outputs are unknown, so every
    finding that would depend on them stays silent. The report is incomplete
    without saying so otherwise.

    ## Example
    ```hcl
    module "cdn" {
      source  = "terraform-aws-modules/cloudfront/aws"
      version = "~> 3.4"
    }
    ```

    ## Use instead
    Run `terraform init` before `edgelint check`, so that `.terraform/modules/modules.json`
    maps the module to its downloaded copy, or vendor the module as a local folder
    (`source = "./modules/cdn"`).

    ## References
    - https://developer.hashicorp.com/terraform/language/modules/sources
    - https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation
    """),
    diagnostic(UNDECLARED_REFERENCE, "undeclared-reference", severity="high", tags=("edgelint", "broken"),
               doc="""
    ## What it does
    Reports a reference to a resource, data source, input variable, local value or
    module that its module does not declare, or to an output the called module does
    not have. Only where edgelint read every file of the module's folder: a file
    checked on its own cannot know what its siblings declare, and a file that does
    not parse, or a module that is not read, may declare anything. Nor in a folder a
    Terragrunt configuration may generate files into (a `terragrunt.hcl` in the folder
    or above it, or one in the same git repository naming the folder as its source):
    Terragrunt adds `.tf` files before Terraform runs.

    ## Why is this bad?
    Terraform rejects the configuration ("Reference to undeclared resource"), so
    nothing is planned. edgelint never follows such a reference: an origin whose
    `domain_name` names a load balancer that does not exist is not a load-balancer
    origin, and no other finding is decided on it.

    ## Example
    ```hcl
    origin {
      domain_name = aws_lb.my_lb.dns_name  # no resource "aws_lb" "my_lb" anywhere
      origin_id   = "app"
    }
    ```

    ## Use instead
    Refer to the resource that is declared (or declare it):
    ```hcl
    origin {
      domain_name = aws_lb.app.dns_name
      origin_id   = "app"
    }
    ```

    ## References
    - https://developer.hashicorp.com/terraform/language/expressions/references
    - https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#generate
    """),
)
