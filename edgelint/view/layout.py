"""A small layered (Sugiyama-style) layout, top to bottom, for drawing topologies as SVG.

Edge topologies are shallow and mostly tree-shaped (viewer → distribution → behavior →
origin → target → security group → source), so a compact version of the classic
method is enough:

1. ranks come from the caller (``network.layout_ranks``: longest paths in networkx's
   condensation of the graph) or, without them, from a DFS that breaks cycles,
2. split edges that span several ranks with dummy points,
3. order each rank by barycenters, sweeping down and up, keeping the order with the
   fewest crossings,
4. a rank wider than ``max_width`` wraps onto several rows (a distribution with twenty
   behaviors stays readable instead of twenty boxes wide),
5. place rows one below the other and nodes at the mean of their neighbours, as far as
   the order and the spacing allow (the mean of a leftward and a rightward packing).

networkx has no layout of its own that does steps 3 to 5 with boxes of different sizes
(``multipartite_layout`` stacks layers without ordering them; Graphviz would be a new
dependency), so this part is edgelint's. Pure geometry: sizes in, positions and edge
polylines out. Deterministic: ties are broken by input order.
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


def layout(boxes: list[Box], edges: list[tuple[int, int]], ranks: list[int] | None = None,
           gap_x: float = 24.0, gap_y: float = 40.0, max_width: float = 860.0) -> Layout:
    """Lay ``boxes`` out with ``edges`` (index pairs) flowing top to bottom, each edge
    leaving the bottom of its source and entering the top of its target."""
    n = len(boxes)
    succ, pred = _acyclic(n, edges)
    rank = list(ranks) if ranks is not None else _ranks(n, succ, pred)

    # Chains of points per edge; dummies are extra entries in the rank lists.
    sizes: list[float] = [b.width for b in boxes]
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
            if u != v and rank[u] != rank[v]:
                down.setdefault(u, []).append(v)
                up.setdefault(v, []).append(u)
    layers: dict[int, list[int]] = {}
    for v in _initial_order(len(rank), rank, down):
        layers.setdefault(rank[v], []).append(v)
    order = _minimise_crossings(layers, up, down)
    # Wrap wide ranks, tighter while the picture is more than twice as wide as high.
    for attempt in range(4):
        rows = _wrap(order, sizes, gap_x, max_width * 0.75 ** attempt)
        row_of, row_y, height, x, left, width = _place_rows(rows, boxes, sizes, up, down, gap_x, gap_y)
        if width <= 2 * height or all(len([v for v in row if v < n]) <= 1 for row in rows):
            break
    for v in range(n):
        boxes[v].x, boxes[v].y = x[v] - left, row_y[row_of[v]]

    routes = []
    for (s, t), chain in zip(edges, chains):
        forward = row_of[chain[-1]] >= row_of[chain[0]]
        points = []
        for i, v in enumerate(chain):
            px, py = x[v] - left, row_y[row_of[v]]
            if v < n:
                leaving = i == 0
                below = leaving == forward
                py += (boxes[v].height / 2) * (1 if below else -1)
            points.append((px, py))
        routes.append(Route(s, t, points))
    return Layout(boxes, routes, width, height)


def _place_rows(rows: list[list[int]], boxes: list[Box], sizes: list[float], up: dict[int, list[int]],
                down: dict[int, list[int]], gap_x: float, gap_y: float):
    """Rows one below the other, and positions along them."""
    n = len(boxes)
    row_of = {v: i for i, row in enumerate(rows) for v in row}
    row_height = [max((boxes[v].height for v in row if v < n), default=0.0) for row in rows]
    row_y, y = [], 0.0
    for h in row_height:
        row_y.append(y + h / 2)
        y += h + gap_y
    height = y - gap_y if rows else 0.0
    x = _place_across(rows, sizes, up, down, gap_x)
    left = min((x[v] - sizes[v] / 2 for v in x), default=0.0)
    width = max((x[v] + sizes[v] / 2 for v in x), default=0.0) - left
    return row_of, row_y, height, x, left, width


def _wrap(order: dict[int, list[int]], size: list[float], gap: float, max_width: float) -> list[list[int]]:
    """Each rank's nodes as one or more rows no wider than ``max_width``."""
    rows = []
    for r in sorted(order):
        row: list[int] = []
        used = 0.0
        for v in order[r]:
            needed = size[v] + (gap if row else 0.0)
            if row and used + needed > max_width:
                rows.append(row)
                row, used, needed = [], 0.0, size[v]
            row.append(v)
            used += needed
        rows.append(row)
    return rows


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


def _place_across(rows: list[list[int]], size: list[float], up: dict[int, list[int]],
                  down: dict[int, list[int]], gap: float, rounds: int = 4) -> dict[int, float]:
    """Positions along each row: at the mean of the neighbours in the rows above (going
    down) or below (going up), as close as the order and the spacing allow."""
    x: dict[int, float] = {}
    for row in rows:  # start packed from the left
        pos = 0.0
        for v in row:
            x[v] = pos + size[v] / 2
            pos += size[v] + gap
    for i in range(rounds * 2):
        downward = i % 2 == 0
        for row in (rows[1:] if downward else rows[-2::-1]):
            neighbours = up if downward else down
            want = {}
            for v in row:
                xs = [x[w] for w in neighbours.get(v, ())]
                want[v] = sum(xs) / len(xs) if xs else x[v]
            a = _pack(row, size, want, gap, True)
            b = _pack(row, size, want, gap, False)
            for v in row:
                x[v] = (a[v] + b[v]) / 2
    return x
