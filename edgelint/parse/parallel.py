"""Parse stage for a whole check: every file once, from the parse cache when it can,
else parsed, in worker processes when there is enough to parse to pay for them.

Each request says whether the full syntax is needed (``full``) or only whether the
file parses (files that no rule can read, see ``prefilter``). Workers receive the
bytes the caller read and hashed, so a file edited during the check can never put
one version's parse under another version's key. Results do not depend on which
worker parsed what, or in which order: the output is the same with any ``jobs``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from edgelint.parse import cache as cache_format
from edgelint.parse.cache import ParseCache
from edgelint.parse.syntax import ParsedFile

# Below this many bytes to parse, starting processes costs more than it saves
# (python-hcl2 parses roughly 0.25 MB/s; a worker costs a fork and a result copy).
PARALLEL_MIN_BYTES = 192 * 1024
_BATCH_BYTES = 48 * 1024


@dataclass(frozen=True)
class Request:
    path: str
    full: bool = True  # False: only whether it parses


def default_jobs() -> int:
    """``--jobs`` auto: the CPUs this process may use (``available_cpus``) that other
    work is not already using (as ``make -l`` does). On an idle runner that is every
    core; on a machine that is busy anyway a second worker only waits for a CPU and
    adds the cost of shipping results (measured in bench/RESULTS.md: on 2 CPUs at
    load 3, ``-j1`` took 9 s where ``-j2`` took 11-13 s). Whether the work is big
    enough for workers at all is ``parse_all``'s ``PARALLEL_MIN_BYTES``."""
    try:
        busy = int(os.getloadavg()[0] + 0.5)
    except (AttributeError, OSError):  # pragma: no cover - no load average
        busy = 0
    return max(1, available_cpus() - busy)


def available_cpus(cgroup: str = "/sys/fs/cgroup/cpu.max") -> int:
    """The CPUs this process may run on: its affinity mask (``os.process_cpu_count``
    where Python has it, which also honours ``PYTHON_CPU_COUNT``), capped by a cgroup
    v2 CPU quota (a container limited to 2 CPUs on a 64-core host sees 64 in its
    mask, and more workers than its quota only take turns)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        cpus = counter() or 1
    else:
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # pragma: no cover - not Linux
            cpus = os.cpu_count() or 1
    quota = _cgroup_cpu_quota(cgroup)
    return max(1, min(cpus, quota)) if quota is not None else cpus


def _cgroup_cpu_quota(path: str) -> int | None:
    """CPUs allowed by a cgroup v2 ``cpu.max`` (``"QUOTA PERIOD"``, or ``"max ..."``
    for none), rounded up; None without a limit or a readable file."""
    try:
        with open(path, encoding="ascii") as fh:
            quota, period = fh.read().split()[:2]
        if quota == "max":
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError, ZeroDivisionError):
        return None


def parse_all(requests: list[Request], *, cache: ParseCache | None = None, jobs: int = 1) -> dict[str, ParsedFile]:
    """``ParsedFile`` per requested path (each path once)."""
    from edgelint.parse import hcl
    from edgelint.safeio import read_regular_file

    results: dict[str, ParsedFile] = {}
    todo: list[tuple[str, bytes, bool, str]] = []  # path, bytes, full, key
    for req in requests:
        try:
            data = read_regular_file(req.path)  # never a FIFO or device (safeio)
        except OSError:
            results[req.path] = hcl.parse_file(req.path)  # the same "cannot read" error
            continue
        key = cache.key(data, req.full) if cache is not None else ""
        hit = cache.get(key, req.path) if cache is not None else None
        if hit is not None:
            results[req.path] = hit
        else:
            todo.append((req.path, data, req.full, key))

    if not todo:
        return results
    pending = sum(len(data) for _p, data, _f, _k in todo)
    if jobs > 1 and pending >= PARALLEL_MIN_BYTES:
        for path, key, payload in _in_workers(todo, jobs):
            if cache is not None:
                cache.put(key, payload)
            results[path] = cache_format.loads(payload, path)
    else:
        for path, data, full, key in todo:
            parsed = results[path] = _parse(path, data, full)
            if cache is not None:
                cache.put(key, cache_format.dumps(parsed))
    return results


def _parse(path: str, data: bytes, full: bool) -> ParsedFile:
    from edgelint.parse import hcl

    return hcl.parse_bytes(data, path) if full else hcl.check_bytes(data, path)


def _parse_batch(batch: list[tuple[str, bytes, bool, str]]) -> list[tuple[str, str, bytes]]:
    """In a worker: parse, and send back the cache's bytes (compact, and written
    to the cache as they are)."""
    return [(path, key, cache_format.dumps(_parse(path, data, full))) for path, data, full, key in batch]


def _batches(todo: list, jobs: int) -> list[list]:
    """Files in batches of about ``_BATCH_BYTES``, biggest first, so that workers
    finish together."""
    ordered = sorted(todo, key=lambda t: (-len(t[1]), t[0]))
    size = max(_BATCH_BYTES, sum(len(t[1]) for t in todo) // (jobs * 8))
    batches: list[list] = []
    current: list = []
    weight = 0
    for item in ordered:
        current.append(item)
        weight += len(item[1])
        if weight >= size:
            batches.append(current)
            current, weight = [], 0
    if current:
        batches.append(current)
    return batches


def _in_workers(todo: list, jobs: int) -> list:
    import multiprocessing

    from edgelint.parse import grammar

    # Load the parsers before forking, so that every worker inherits them.
    if any(full for _p, _d, full, _k in todo):
        grammar.parser()
    if not all(full for _p, _d, full, _k in todo):
        grammar.recognizer()
    batches = _batches(todo, jobs)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    out: list = []
    with context.Pool(min(jobs, len(batches))) as pool:
        for done in pool.imap_unordered(_parse_batch, batches):
            out.extend(done)
    return out
