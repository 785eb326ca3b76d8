"""Terraform's address grammar: absolute addresses, instance keys, and the object a
traversal names (``aws_lb.x.dns_name`` → ``aws_lb.x``).
"""

from __future__ import annotations

import json
from typing import Any

from edgelint.parse.syntax import Attr


def split_address(address: str) -> tuple[str, list[str]]:
    """An absolute address as (module path, local parts):
    ``module.cdn["a.b"].data.aws_lb.x[0]`` → (``module.cdn["a.b"]``, [``data``, ``aws_lb``, ``x[0]``]).
    Dots inside instance keys do not split."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(address):
        if quoted:
            if ch == '"' and address[i - 1] != "\\":
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "." and depth == 0:
            parts.append(address[start:i])
            start = i + 1
    parts.append(address[start:])
    n = 0
    while n + 1 < len(parts) and parts[n] == "module":
        n += 2
    return ".".join(parts[:n]), parts[n:]


def instance_key_text(key: Any) -> str:
    """An instance key as Terraform writes it in an address: ``[0]``, ``["blue"]``."""
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key)}]"


_RESOURCE_FREE_ROOTS = {"each", "count", "self", "terraform"}


def reference_address(root: str, steps: tuple) -> tuple[str, tuple] | None:
    """Split a traversal into (object address, remaining steps): ``aws_lb.x.dns_name``
    → (``aws_lb.x``, (dns_name,)); ``data.t.n.a`` → (``data.t.n``, (a,)); ``var.x`` →
    (``var.x``, ()); ``module.m.o`` → (``module.m``, (o,)). None for names that are no
    object (``each``, ``count``, iterator names)."""
    if root in _RESOURCE_FREE_ROOTS or root == "path":
        return None
    names: list[str] = []
    need = 2 if root == "data" else 1
    for step in steps[:need]:
        if not isinstance(step, Attr):
            return None
        names.append(step.name)
    if len(names) < need:
        return None
    return ".".join([root, *names]), steps[need:]
