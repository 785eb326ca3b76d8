from edgelint.filter.suppress import UNUSED_SUPPRESSION
from edgelint.ruleset import rule


@rule(UNUSED_SUPPRESSION, "unused-suppression", severity="low", tags=("edgelint", "hygiene"))
def unused_suppression(stack):
    """
    ## What it does
    Reports an `edgelint:ignore` or `edgelint:ignore-file` comment that suppresses
    nothing: each rule ID or name in it that covers no finding of that rule, a name
    that is no rule at all, and a comment without IDs that covers no finding. A
    rule that did not run (not selected, or ignored) is never reported: whether
    its suppression is needed cannot be known.

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
    """
    # The suppression filter (edgelint/suppress.py) reports this rule: only it
    # knows which comments suppressed a finding. Declaring the rule here gives it
    # an ID, documentation and a place in rule selection like every other rule.
    yield from ()
