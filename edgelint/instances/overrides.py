"""Override files (``override.tf``, ``*_override.tf`` and their ``.tf.json`` forms)
merged into a module's other files as Terraform merges them.

Terraform reads the primary files first, then each override file in lexical order
of its name. A block in an override file changes the block with the same type and
labels; it never adds one (Terraform refuses an override with nothing to override,
and so is it dropped here). Within the block:

- each argument replaces the original's (or adds it);
- each nested block type the override writes (``origin``, or ``dynamic "origin"``)
  replaces every nested block of that type in the original, whole; a nested
  ``lifecycle`` block is merged argument by argument instead;
- ``locals`` are overridden one name at a time, whichever block declared the name;
- ``variable``, ``output``, ``module``, ``provider`` (by name and alias) are merged
  the same way as resources and data sources.

``terraform`` blocks of override files are kept as they are, after the primary
ones: their ``required_providers`` entries are read in order, so the later one wins
as Terraform's merge would have it (its ``backend`` rules do not matter here).

Merged attributes keep their own spans, so a finding on an argument points at the
file that set the final value; a merged block keeps the original's span.
"""

from __future__ import annotations

import dataclasses
import os

from edgelint.parse.syntax import Block, Lit, ParsedFile

_MERGED_BY_NAME = ("resource", "data", "module", "variable", "output", "provider")


def is_override_file(path: str) -> bool:
    name = os.path.basename(path)
    for suffix in (".tf.json", ".tf"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem == "override" or stem.endswith("_override")
    return False


def merge_overrides(files: list[ParsedFile]) -> list[ParsedFile]:
    """The module's files with every override applied: primary files hold the
    merged blocks, override files keep only their ``terraform`` blocks."""
    overrides = sorted((f for f in files if is_override_file(f.path)), key=lambda f: os.path.basename(f.path))
    if not overrides:
        return files
    primary = [f for f in files if not is_override_file(f.path)]
    blocks = [list(f.blocks) for f in primary]
    where: dict[tuple, tuple[int, int]] = {}
    local_owner: dict[str, tuple[int, int]] = {}
    for fi, f in enumerate(primary):
        for bi, block in enumerate(f.blocks):
            if block.type == "locals":
                for name in block.attributes:
                    local_owner.setdefault(name, (fi, bi))
            elif block.type in _MERGED_BY_NAME:
                where.setdefault(_block_key(block), (fi, bi))
    for override in overrides:
        for block in override.blocks:
            if block.type == "locals":
                for name, attr in block.attributes.items():
                    if name in local_owner:
                        fi, bi = local_owner[name]
                        base = blocks[fi][bi]
                        blocks[fi][bi] = dataclasses.replace(base, attributes={**base.attributes, name: attr})
            elif block.type in _MERGED_BY_NAME and _block_key(block) in where:
                fi, bi = where[_block_key(block)]
                blocks[fi][bi] = merge_block(blocks[fi][bi], block)
    merged = [dataclasses.replace(f, blocks=tuple(b)) for f, b in zip(primary, blocks)]
    kept = [dataclasses.replace(f, blocks=tuple(b for b in f.blocks if b.type == "terraform")) for f in overrides]
    return merged + kept


def merge_block(base: Block, override: Block) -> Block:
    """One block with an override applied (arguments, then nested block types)."""
    attributes = {**base.attributes, **override.attributes}
    replaced = {nested_type(b) for b in override.blocks if nested_type(b) != "lifecycle"}
    nested = [b for b in base.blocks if nested_type(b) not in replaced]
    for b in override.blocks:
        if nested_type(b) == "lifecycle":
            index = next((i for i, n in enumerate(nested) if n.type == "lifecycle"), None)
            if index is not None:
                nested[index] = dataclasses.replace(
                    nested[index], attributes={**nested[index].attributes, **b.attributes})
                continue
        nested.append(b)
    return dataclasses.replace(base, attributes=attributes, blocks=tuple(nested))


def nested_type(block: Block) -> str:
    """The block type a nested block stands for: ``dynamic "origin"`` is ``origin``."""
    if block.type == "dynamic" and block.labels:
        return block.labels[0]
    return block.type


def _block_key(block: Block) -> tuple:
    if block.type == "provider":
        alias = block.attributes.get("alias")
        name = alias.expr.value if alias is not None and isinstance(alias.expr, Lit) else None
        return ("provider", *block.labels, name)
    return (block.type, *block.labels)
