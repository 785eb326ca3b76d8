from edgelint.ruleset import rule


@rule("EDGE902", "unresolved-module", severity="info", tags=("edgelint", "modules", "hygiene"))
def unresolved_module(stack):
    """
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
    """
    seen = set()
    for call in stack.module_calls:
        if call.unresolved is None:
            continue
        span = call.span("source")
        if span in seen:
            continue
        seen.add(span)
        yield call.finding(f"{call.address} is not checked: {call.unresolved}", at="source")
