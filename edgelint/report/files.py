"""``edgelint check --list-files``: what a check would read, and what it leaves out and why.

One line per path, sorted within each group::

    check  infra/cdn.tf
    vars   infra/terraform.tfvars
    lock   infra/.terraform.lock.hcl
    plan   plan.json
    skip   infra/.terraform/  (Terraform's working folder)

then a summary line. Paths from the scanned tree are made terminal-safe.
"""

from __future__ import annotations

from edgelint.escape import inert
from edgelint.parse.discover import Discovery


def render_file_list(found: Discovery) -> str:
    out: list[str] = []
    files = 0
    for module in found.modules:
        for path in module.files:
            out.append(f"check  {inert(path)}")
            files += 1
        out.extend(f"vars   {inert(path)}" for path in module.tfvars)
        if module.lock_file is not None:
            out.append(f"lock   {inert(module.lock_file)}")
    for path in found.plans:
        out.append(f"plan   {inert(path)}")
        files += 1
    left_out = sorted(set(found.skipped) | set(found.ignored))
    out.extend(f"skip   {inert(path)}  ({inert(why)})" for path, why in left_out)
    modules = len(found.modules)
    out.append(f"{files} {'file' if files == 1 else 'files'} in {modules} {'module' if modules == 1 else 'modules'} "
               f"to check; {len(left_out)} {'path' if len(left_out) == 1 else 'paths'} left out.")
    return "\n".join(out) + "\n"
