from edgelint.model import awsdata
from edgelint.ruleset import rule

_KINDS = (awsdata.CACHE_POLICY, awsdata.ORIGIN_REQUEST_POLICY, awsdata.RESPONSE_HEADERS_POLICY)


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _managed_ids() -> dict[str, tuple[str, str]]:
    """Every managed policy ID → (kind, name)."""
    return {pid: (kind, name) for kind in _KINDS for pid, name in awsdata.managed_policy_names(kind).items()}


@rule("EDGE210", "managed-policy-id-mismatch", severity="high", tags=("cloudfront", "cache", "broken"),
      fix=("safe", "replace a mistyped managed policy ID with the managed policy's ID (same kind only)"))
def managed_policy_id_mismatch(stack):
    """
    ## What it does
    Flags a known policy ID in `cache_policy_id`, `origin_request_policy_id` or
    `response_headers_policy_id` that is a mistyped managed policy ID (it shares its
    first group with a managed ID but differs elsewhere), or a managed ID of the
    wrong kind (an origin request policy's ID in `cache_policy_id`, and so on). The
    message names the managed policy probably meant and its right ID.

    ## Why is this bad?
    Managed policies are referenced by opaque IDs copied from documentation and blog
    posts, and some widely copied snippets carry wrong ones. CloudFront rejects an ID
    that names no policy of that kind, and the apply fails.

    ## Example
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f7"
    }
    ```

    ## Use instead
    Use the managed policy's right ID:
    ```hcl
    default_cache_behavior {
      cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # Managed-CachingOptimized
    }
    ```
    Or look the policy up by name:
    ```hcl
    data "aws_cloudfront_cache_policy" "optimized" {
      name = "Managed-CachingOptimized"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
    """
    managed = _managed_ids()
    for b in stack.behaviors():
        for attribute, kind in awsdata.POLICY_ATTRIBUTES.items():
            policy_id = b.text(attribute)
            if not policy_id:
                continue
            known = managed.get(policy_id)
            if known is not None:
                other_kind, name = known
                if other_kind != kind:
                    yield b.finding(f"{b.label}: {attribute} {policy_id} is the managed {other_kind} policy {name}, "
                                    f"not {_a(kind)} policy", at=attribute)
                continue
            group = policy_id.split("-", 1)[0].lower()
            meant = sorted((pid, k, n) for pid, (k, n) in managed.items() if pid.split("-", 1)[0] == group)
            if not meant:
                continue
            # Prefer a policy of the attribute's own kind.
            meant.sort(key=lambda m: m[1] != kind)
            right_id, meant_kind, name = meant[0]
            of_kind = "" if meant_kind == kind else f" ({_a(meant_kind)} policy, which does not belong here either)"
            yield b.finding(f"{b.label}: {attribute} {policy_id} is no managed {kind} policy; it looks like a "
                            f"mistyped ID of the managed {meant_kind} policy {name}{of_kind}, whose ID is {right_id}",
                            at=attribute, edits=b.fix_value(attribute, f'"{right_id}"') if not of_kind else ())
