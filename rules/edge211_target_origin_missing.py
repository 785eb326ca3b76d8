from edgelint.ruleset import rule


@rule("EDGE211", "target-origin-missing", severity="high", tags=("cloudfront", "origin", "broken"))
def target_origin_missing(stack):
    """
    ## What it does
    Flags a cache behavior whose `target_origin_id` names no `origin_id` and no
    origin group of its distribution, an origin group member that names no origin,
    and two origins (or groups) that share an `origin_id`. It stays silent while any
    origin's ID is unknown.

    ## Why is this bad?
    CloudFront rejects the distribution at apply time. It happens when an origin is
    renamed or removed and a behavior still points at the old ID.

    ## Example
    ```hcl
    origin {
      domain_name = "assets.example.com"
      origin_id   = "assets"
    }

    default_cache_behavior {
      target_origin_id = "static"
    }
    ```

    ## Use instead
    Point the behavior at an origin that exists:
    ```hcl
    default_cache_behavior {
      target_origin_id = "assets"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesTargetOriginId
    """
    for d in stack.distributions:
        if not d.origins and not d.origin_groups:
            continue  # a partial configuration: terraform validate asks for an origin
        seen = {}
        id_attribute = d.ORIGIN_ID  # "id" in a multi-tenant distribution
        for o in [*d.origins, *d.origin_groups]:
            oid = o.text(id_attribute)
            if o.generated_unknown or oid is None:
                continue
            if oid in seen:
                first = seen[oid]
                yield o.finding(f"{d.address}: {id_attribute} '{oid}' is used twice; CloudFront needs unique IDs",
                                at=id_attribute, related=[first.related(f"'{oid}' is first used here",
                                                                        at=id_attribute)])
            else:
                seen[oid] = o
        if not d.origin_ids_complete:
            continue
        names = ", ".join(f"'{k}'" for k in sorted(seen))
        for b in d.behaviors:
            target = b.text("target_origin_id")
            if b.generated_unknown or target is None:
                continue
            if target not in seen:
                yield b.finding(f"{b.label}: target_origin_id '{target}' names no origin or origin group "
                                f"of {d.address} (known: {names})", at="target_origin_id")
        origin_ids = {o.text(id_attribute) for o in d.origins} - {None}
        for g in d.origin_groups:
            for m in g.nested("member"):
                member = m.text("origin_id")
                if not m.generated_unknown and member is not None and member not in origin_ids:
                    yield m.finding(f"{g.label}: member '{member}' names no origin of {d.address}",
                                    at="origin_id")
