from edgelint.model.paths import covers, overlaps, same_pattern
from edgelint.ruleset import rule


@rule("EDGE214", "ordered-behavior-unreachable", severity="medium", tags=("cloudfront", "cache", "broken"))
def ordered_behavior_unreachable(stack):
    """
    ## What it does
    Flags an ordered cache behavior that can never apply: its `path_pattern` is the
    same as an earlier behavior's (a leading `/` makes no difference), or every path
    it matches is matched by the earlier patterns, alone or together. CloudFront
    compares a request's path with the patterns in order and takes the first match;
    `*` matches any run of characters, `/` included, `?` exactly one, and the
    comparison is case-sensitive. Containment is decided exactly (an automaton
    product, not a prefix heuristic), and only over patterns edgelint knows.

    ## Why is this bad?
    The later behavior's settings (its origin, cache policy, functions, viewer
    protocol) never take effect: requests are served by the earlier behavior, which
    is rarely what the author meant. A common cause is a broad pattern such as
    `/api/*` listed before a narrower one such as `/api/v2/*`.

    ## Example
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/api/*"
      target_origin_id = "api"
      # ...
    }

    ordered_cache_behavior {
      path_pattern     = "/api/v2/*"   # never used: "/api/*" matches first
      target_origin_id = "api-v2"
      # ...
    }
    ```

    ## Use instead
    List the narrower pattern first.
    ```hcl
    ordered_cache_behavior {
      path_pattern     = "/api/v2/*"
      target_origin_id = "api-v2"
      # ...
    }

    ordered_cache_behavior {
      path_pattern     = "/api/*"
      target_origin_id = "api"
      # ...
    }
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
    """
    for d in stack.distributions:
        earlier: list[tuple[str, object]] = []  # (pattern, behavior) of the behaviors before
        for b in d.behaviors:
            if b.is_default:
                continue
            pattern = b.text("path_pattern")
            if pattern is None or b.generated_unknown:
                continue  # an unknown pattern shadows nothing for sure, and may not exist
            same = next((e for p, e in earlier if same_pattern(p, pattern)), None)
            if same is not None:
                yield b.finding(f"{b.label} of {d.address} has the same path pattern as {same.label} before it: "
                                "CloudFront applies the first match, so this behavior never applies",
                                at="path_pattern", related=[same.related(f"{same.label} matches first",
                                                                         at="path_pattern")])
            elif earlier and covers([p for p, _ in earlier], pattern) is True:
                shadowing = [e for p, e in earlier if overlaps(p, pattern) is True]
                names = ", ".join(e.label for e in shadowing)
                yield b.finding(f"{b.label} of {d.address} never applies: every path it matches is matched first by "
                                f"{names} (CloudFront applies the first behavior whose pattern matches)",
                                at="path_pattern", related=[e.related(f"{e.label} matches first", at="path_pattern")
                                                            for e in shadowing])
            earlier.append((pattern, b))
