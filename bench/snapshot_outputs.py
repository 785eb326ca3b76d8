"""Every output edgelint produces, written to a folder, for before/after comparisons.

A refactoring that must not change behaviour is proved by running this script on
the commit before it and on the commit after it, and comparing the two folders::

    python bench/snapshot_outputs.py save /tmp/before      # on the old commit
    python bench/snapshot_outputs.py save /tmp/after       # on the new commit
    python bench/snapshot_outputs.py compare /tmp/before /tmp/after

It runs the installed ``edgelint`` command, as a user does, over every fixture case
(with the case's ``edgelint.args``), the example stack and the generated corpus
(``bench/gen_corpus.py``), in every report format of ``edgelint check`` and every
picture format of ``edgelint graph``, and records stdout, stderr and the exit code.
Only formats both commits know are compared, so a commit that adds a format can
still be compared with one that does not.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK_FORMATS = ("text", "json", "github", "sarif", "markdown")
GRAPH_FORMATS = ("mermaid", "dot", "json", "svg", "html")


def cases() -> list[Path]:
    fixtures = ROOT / "fixtures"
    return sorted(p for group in fixtures.iterdir() if group.is_dir() for p in group.iterdir() if p.is_dir())


def case_args(case: Path) -> list[str]:
    args_file = case / "edgelint.args"
    out: list[str] = []
    if args_file.exists():
        for line in args_file.read_text().splitlines():
            flag, _, value = line.strip().partition(" ")
            if flag == "--path":
                out.append(value)
            elif flag:
                out += [flag, value]
    return out


def edgelint() -> str:
    exe = shutil.which("edgelint", path=str(Path(sys.executable).parent)) or shutil.which("edgelint")
    if not exe:
        sys.exit("edgelint is not installed: pip install -e '.[dev]'")
    return exe


def run(out: Path, name: str, argv: list[str], cwd: Path, env: dict) -> None:
    proc = subprocess.run([edgelint(), *argv], cwd=cwd, env=env, capture_output=True, timeout=600)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.stdout").write_bytes(proc.stdout)
    (out / f"{name}.stderr").write_bytes(proc.stderr)
    (out / f"{name}.rc").write_text(str(proc.returncode))


def targets(corpus: Path | None) -> list[tuple[str, Path, list[str]]]:
    found = [(f"fixtures/{c.parent.name}/{c.name}", c, [".", *case_args(c)]) for c in cases()]
    found.append(("example", ROOT / "fixtures" / "stacks" / "example", ["."]))
    if corpus is not None:
        found.append(("corpus", corpus, ["."]))
    return found


def save(dest: Path, with_corpus: bool) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    env = {**os.environ, "NO_COLOR": "1", "EDGELINT_CACHE_DIR": tempfile.mkdtemp(prefix="edgelint-snap-")}
    corpus = None
    if with_corpus:
        corpus = Path(tempfile.mkdtemp(prefix="edgelint-corpus-")) / "corpus"
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--out", str(corpus)],
                       check=True, capture_output=True)
    dest.mkdir(parents=True)
    # Absolute paths differ between checkouts (SARIF's originalUriBaseIds): recorded,
    # so that compare can tell them apart from real differences.
    (dest / "roots.txt").write_text("\n".join(str(p) for p in (ROOT, corpus) if p is not None) + "\n")
    for name, cwd, base in targets(corpus):
        where = dest / name
        for fmt in CHECK_FORMATS:
            run(where, f"check.{fmt}", ["check", "--format", fmt, *base], cwd, env)
        for fmt in GRAPH_FORMATS:
            run(where, f"graph.{fmt}", ["graph", "--format", fmt, *base], cwd, env)
    print(f"saved {sum(1 for _ in dest.rglob('*.stdout'))} outputs under {dest}")


def _roots(snapshot: Path) -> list[bytes]:
    listed = snapshot / "roots.txt"
    roots = listed.read_text().split() if listed.exists() else []
    return sorted((r.encode() for r in roots), key=len, reverse=True)


def _normalized(path: Path, roots: list[bytes]) -> bytes:
    data = path.read_bytes()
    for i, root in enumerate(roots):
        data = data.replace(root, b"<root%d>" % i)
    return data


def compare(before: Path, after: Path) -> int:
    """Every file both snapshots have, byte for byte once each checkout's absolute
    paths (the only thing that may differ between two checkouts) are replaced."""
    differ: list[str] = []
    compared = 0
    old_roots, new_roots = _roots(before), _roots(after)
    for old in sorted(before.rglob("*")):
        if not old.is_file() or old.name == "roots.txt":
            continue
        new = after / old.relative_to(before)
        if not new.exists():
            continue
        compared += 1
        if not filecmp.cmp(old, new, shallow=False) and _normalized(old, old_roots) != _normalized(new, new_roots):
            differ.append(str(old.relative_to(before)))
    for name in differ:
        print(f"differs: {name}")
    print(f"{compared} files compared, {len(differ)} differ")
    return 1 if differ or not compared else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save")
    s.add_argument("dest", type=Path)
    s.add_argument("--no-corpus", action="store_true", help="leave out the generated 1,000-file corpus")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "save":
        save(args.dest, not args.no_corpus)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
