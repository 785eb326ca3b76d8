"""Transitive closure over a plain mapping, used by stages that must not depend on
each other (the parse stage's prefilter, the view's highlighted paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def reachable(start: str, links: Mapping[str, Iterable[str]]) -> set[str]:
    """``start`` and everything its links lead to, transitively (cycles are fine)."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
