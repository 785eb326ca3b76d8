"""What the instances stage reports itself: EDGE902, a ``module`` block whose code
is not read (a remote source not downloaded, a missing folder, an unknown source).

The catalog entry (ID, name, severity, documentation) is ``ruleset.diagnostics``;
the pipeline gives these findings its ID and severity when it is selected.
"""

from __future__ import annotations

from edgelint.findings import Finding
from edgelint.instances.tree import ModuleTree


def unresolved_module_findings(tree: ModuleTree) -> list[Finding]:
    """One finding per opaque ``module`` block, at its ``source``, however many
    instances its callers have: the first call site in address order speaks for it."""
    found: list[Finding] = []
    seen = set()
    for call in sorted(tree.calls, key=lambda c: c.address):
        if call.unresolved is None:
            continue
        source = call.block.attributes.get("source")
        span = source.span if source is not None else call.block.span
        if span in seen:
            continue
        seen.add(span)
        found.append(Finding(f"{call.address} is not checked: {call.unresolved}", span, call.address, "source",
                             instance=call.caller.path))
    return found
