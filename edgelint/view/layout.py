"""A small layered (Sugiyama-style) layout, left to right, for drawing topologies as SVG.

Edge topologies are shallow and mostly tree-shaped (viewer → distribution → behavior →
origin → target → security group → source), so a compact version of the classic
method is enough and keeps edgelint free of a layout dependency:

1. break cycles (a DFS in input order reverses its back edges),
2. rank by longest path, then pull nodes without predecessors next to their successors,
3. split edges that span several ranks with dummy points,
4. order each rank by barycenters, sweeping down and up, keeping the order with the
   fewest crossings,
5. place ranks in columns and nodes at the mean of their neighbours, as far as the
   order and the spacing allow (the mean of a downward and an upward packing).

Pure geometry: sizes in, positions and edge polylines out. Deterministic: ties are
broken by input order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Box:
    width: float
    height: float
    x: float = 0.0  # centre, after layout
    y: float = 0.0


@dataclass
class Route:
    source: int
    target: int
    points: list[tuple[float, float]] = field(default_factory=list)  # source side first


@dataclass
class Layout:
    boxes: list[Box]
    routes: list[Route]
    width: float
    height: float


def layout(boxes: list[Box], edges: list[tuple[int, int]], label_widths: list[float] | None = None,
           gap_y: float = 18.0, min_gap_x: float = 56.0) -> Layout:
    """Lay ``boxes`` out with ``edges`` (index pairs) flowing left to right.

    ``label_widths`` (one per edge) widen the gap after the rank an edge leaves from,
    so that labels drawn on the first stretch of an edge have room.
    """
    n = len(boxes)
    label_widths = label_widths or [0.0] * len(edges)
    succ, pred = _acyclic(n, edges)
    rank = _ranks(n, succ, pred)

    # Chains of points per edge; dummies are extra entries in the rank lists.
    layers: dict[int, list[int]] = {}
    sizes: list[float] = [b.height for b in boxes]
    chains: list[list[int]] = []
    for s, t in edges:
        a, b = (s, t) if rank[s] <= rank[t] else (t, s)
        chain = [a]
        for r in range(rank[a] + 1, rank[b]):
            rank.append(r)
            sizes.append(2.0)
            chain.append(len(rank) - 1)
        chain.append(b)
        chains.append(chain if (a, b) == (s, t) else chain[::-1])
    up: dict[int, list[int]] = {}
    down: dict[int, list[int]] = {}
    for chain in chains:
        ordered = chain if rank[chain[0]] <= rank[chain[-1]] else chain[::-1]
        for u, v in zip(ordered, ordered[1:]):
            if u != v:
                down.setdefault(u, []).append(v)
                up.setdefault(v, []).append(u)
    for v in _initial_order(len(rank), rank, down):
        layers.setdefault(rank[v], []).append(v)
    order = _minimise_crossings(layers, up, down)

    # Columns.
    ranks = sorted(order)
    col_width = {r: max((boxes[v].width for v in order[r] if v < n), default=0.0) for r in ranks}
    gap_after = {r: min_gap_x for r in ranks}
    for (s, t), w in zip(edges, label_widths):
        first = min(rank[s], rank[t])
        gap_after[first] = max(gap_after[first], w + 36.0)
    x, col_x = 0.0, {}
    for r in ranks:
        col_x[r] = x + col_width[r] / 2
        x += col_width[r] + gap_after[r]
    width = x - gap_after[ranks[-1]] if ranks else 0.0

    y = _place_vertically(order, sizes, up, down, gap_y)
    top = min((y[v] - sizes[v] / 2 for v in y), default=0.0)
    height = max((y[v] + sizes[v] / 2 for v in y), default=0.0) - top
    for v in range(n):
        boxes[v].x, boxes[v].y = col_x[rank[v]], y[v] - top

    routes = []
    for (s, t), chain in zip(edges, chains):
        points = []
        for i, v in enumerate(chain):
            cx, cy = col_x[rank[v]], y[v] - top
            if v < n:
                forward = rank[chain[-1]] >= rank[chain[0]]
                leaving = i == 0
                right = leaving == forward
                cx += (boxes[v].width / 2) * (1 if right else -1)
            points.append((cx, cy))
        routes.append(Route(s, t, points))
    return Layout(boxes, routes, width, height)


def _acyclic(n: int, edges: list[tuple[int, int]]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Successor and predecessor lists with back edges reversed (DFS in input order)."""
    out: dict[int, list[int]] = {}
    for s, t in edges:
        if s != t:
            out.setdefault(s, []).append(t)
    state = [0] * n  # 0 new, 1 on the stack, 2 done
    succ: dict[int, list[int]] = {}
    pred: dict[int, list[int]] = {}
    for root in range(n):
        if state[root]:
            continue
        stack = [(root, iter(out.get(root, ())))]
        state[root] = 1
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                state[v] = 2
                stack.pop()
                continue
            a, b = (w, v) if state[w] == 1 else (v, w)
            succ.setdefault(a, []).append(b)
            pred.setdefault(b, []).append(a)
            if state[w] == 0:
                state[w] = 1
                stack.append((w, iter(out.get(w, ()))))
    return succ, pred


def _ranks(n: int, succ: dict[int, list[int]], pred: dict[int, list[int]]) -> list[int]:
    indegree = [len(pred.get(v, ())) for v in range(n)]
    queue = [v for v in range(n) if indegree[v] == 0]
    rank = [0] * n
    topo = []
    while queue:
        v = queue.pop(0)
        topo.append(v)
        for w in succ.get(v, ()):
            rank[w] = max(rank[w], rank[v] + 1)
            indegree[w] -= 1
            if indegree[w] == 0:
                queue.append(w)
    for v in reversed(topo):  # a node nothing leads to sits just before what it leads to
        if not pred.get(v) and succ.get(v):
            rank[v] = min(rank[w] for w in succ[v]) - 1
    low = min(rank, default=0)
    return [r - low for r in rank]


def _initial_order(count: int, rank: list[int], down: dict[int, list[int]]) -> list[int]:
    """Depth-first from the roots, in input order: subtrees start together."""
    has_up = {w for ws in down.values() for w in ws}
    seen: set[int] = set()
    out: list[int] = []
    for root in sorted(range(count), key=lambda v: (v in has_up, rank[v], v)):
        todo = [root]
        while todo:
            v = todo.pop()
            if v in seen:
                continue
            seen.add(v)
            out.append(v)
            todo.extend(reversed(down.get(v, ())))
    return out


def _crossings(order: dict[int, list[int]], down: dict[int, list[int]]) -> int:
    total = 0
    for r in sorted(order)[:-1]:
        pos = {v: i for i, v in enumerate(order.get(r + 1, ()))}
        pairs = [(i, pos[w]) for i, v in enumerate(order[r]) for w in down.get(v, ()) if w in pos]
        for a in range(len(pairs)):
            for b in range(a + 1, len(pairs)):
                (i1, j1), (i2, j2) = pairs[a], pairs[b]
                total += (i1 - i2) * (j1 - j2) < 0
    return total


def _minimise_crossings(layers: dict[int, list[int]], up: dict[int, list[int]],
                        down: dict[int, list[int]], sweeps: int = 6) -> dict[int, list[int]]:
    order = {r: list(vs) for r, vs in layers.items()}
    best, best_score = {r: list(vs) for r, vs in order.items()}, _crossings(order, down)
    ranks = sorted(order)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        for r in (ranks[1:] if downward else ranks[-2::-1]):
            neighbours = up if downward else down
            ref = {v: i for i, v in enumerate(order.get(r - 1 if downward else r + 1, ()))}

            def barycenter(item: tuple[int, int], ref: dict = ref, neighbours: dict = neighbours) -> tuple[float, int]:
                i, v = item
                ns = [ref[w] for w in neighbours.get(v, ()) if w in ref]
                return (sum(ns) / len(ns) if ns else float(i)), i

            order[r] = [v for _i, v in sorted(enumerate(order[r]), key=barycenter)]
        score = _crossings(order, down)
        if score < best_score:
            best, best_score = {r: list(vs) for r, vs in order.items()}, score
    return best


def _pack(order: list[int], size: list[float], want: dict[int, float], gap: float, forward: bool
          ) -> dict[int, float]:
    """Centres as close to ``want`` as the order and spacing allow, packed one way."""
    out: dict[int, float] = {}
    seq = order if forward else order[::-1]
    last = None
    for v in seq:
        y = want[v]
        if last is not None:
            limit = out[last] + (size[last] + size[v]) / 2 + gap
            y = max(y, limit) if forward else min(y, out[last] - (size[last] + size[v]) / 2 - gap)
        out[v] = y
        last = v
    return out


def _place_vertically(order: dict[int, list[int]], size: list[float], up: dict[int, list[int]],
                      down: dict[int, list[int]], gap: float, rounds: int = 4) -> dict[int, float]:
    y: dict[int, float] = {}
    for r in sorted(order):  # start stacked
        pos = 0.0
        for v in order[r]:
            y[v] = pos + size[v] / 2
            pos += size[v] + gap
    ranks = sorted(order)
    for i in range(rounds * 2):
        downward = i % 2 == 0
        for r in (ranks[1:] if downward else ranks[-2::-1]):
            neighbours = up if downward else down
            want = {}
            for v in order[r]:
                ys = [y[w] for w in neighbours.get(v, ())]
                want[v] = sum(ys) / len(ys) if ys else y[v]
            a = _pack(order[r], size, want, gap, True)
            b = _pack(order[r], size, want, gap, False)
            for v in order[r]:
                y[v] = (a[v] + b[v]) / 2
    return y
