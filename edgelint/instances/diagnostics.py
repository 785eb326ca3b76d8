"""What the instances stage reports itself: EDGE902, a ``module`` block whose code
is not read (a remote source not downloaded, a missing folder, an unknown source),
and EDGE903, a reference to something its module does not declare.

The catalog entry (ID, name, severity, documentation) is ``ruleset.diagnostics``;
the pipeline gives these findings its ID and severity when it is selected.
"""

from __future__ import annotations

from edgelint.evaluate.addresses import reference_address
from edgelint.findings import Finding
from edgelint.instances.references import iter_attributes, named_traversals
from edgelint.instances.tree import ModuleInstance, ModuleTree
from edgelint.parse.syntax import Attr, Index, Traversal


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


# Attributes that hold no references: names of providers, attribute names, types.
_NOT_REFERENCES = frozenset({"provider", "providers", "source", "version", "type", "ignore_changes"})
_CHECKED_BLOCKS = frozenset({"resource", "data", "module", "output", "locals", "provider", "variable"})


def undeclared_reference_findings(tree: ModuleTree, folders: set[str] | None = None) -> list[Finding]:
    """EDGE903: each reference to a resource, data source, variable, local, module
    call or module output that its module does not declare, once per place it is
    written. Only in modules whose folder was read whole (``ModuleInstance.complete``),
    and a module output only where the called module was read whole too;
    ``folders`` (when given) limits it to those module folders."""
    found: dict = {}
    for instance in tree.modules:
        if not instance.complete or folders is not None and instance.dir not in folders:
            continue
        for f in instance.files:
            for block in f.blocks:
                if block.type not in _CHECKED_BLOCKS:
                    continue
                for _path, attr, bound in iter_attributes(block):
                    if attr.name in _NOT_REFERENCES:
                        continue
                    for t in named_traversals(attr.expr, bound):
                        problem = _undeclared(instance, t)
                        if problem is not None and t.span is not None and t.span not in found:
                            found[t.span] = Finding(f"Terraform rejects this: {problem}", t.span,
                                                    instance.path, attr.name, instance=instance.path)
    return [found[span] for span in sorted(found)]


def _undeclared(instance: ModuleInstance, t: Traversal) -> str | None:
    """What Terraform says of the reference, or None when it names something declared."""
    steps = t.steps
    if t.root in ("var", "local") and steps and isinstance(steps[0], Attr):
        name = steps[0].name
        if t.root == "var" and name not in _variable_names(instance):
            return f'Reference to undeclared input variable "{name}"'
        if t.root == "local" and name not in instance.scope.local_exprs:
            return f'Reference to undeclared local value "{name}"'
        return None
    if t.root == "module" and steps and isinstance(steps[0], Attr):
        name = steps[0].name
        if name not in instance.call_blocks:
            return f'Reference to undeclared module "{name}"'
        return _undeclared_output(instance, name, steps[1:])
    split = reference_address(t.root, steps)
    if split is None or t.root in ("path", "each", "count", "self", "terraform"):
        return None
    address = split[0]
    if address not in instance.declared:
        kind = "data source" if t.root == "data" else "resource"
        return f'Reference to undeclared {kind} "{address}"'
    return None


def _variable_names(instance: ModuleInstance) -> set[str]:
    return {b.labels[0] for f in instance.files for b in f.blocks if b.type == "variable" and b.labels}


def _undeclared_output(instance: ModuleInstance, name: str, steps: tuple) -> str | None:
    call = instance.calls.get(name)
    if call is None or call.unresolved is not None or not call.instances:
        return None  # an opaque module may have any output
    child = call.instances[0]
    if not child.complete:
        return None
    rest = steps[1:] if steps and isinstance(steps[0], Index) and call.mode is not None else steps
    if rest and isinstance(rest[0], Attr) and rest[0].name not in child.output_attributes:
        return f'Unsupported attribute: module "{name}" has no output "{rest[0].name}"'
    return None
