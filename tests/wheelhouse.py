"""An offline wheelhouse for tests that install edgelint the way users do.

``pre-commit`` installs a hook into a fresh virtualenv with ``pip install .``; with
no network, pip must find every distribution locally. This module repacks the
distributions installed in the test environment (edgelint's runtime dependencies,
found through their metadata) as wheels, and adds a setuptools wheel for the build
from virtualenv's bundled seed wheels.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import zipfile
from importlib.metadata import Distribution, distribution
from pathlib import Path

SKIP_IN_DIST_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(names: list[str]) -> dict[str, Distribution]:
    """The installed distributions ``names`` need at run time, them included."""
    found: dict[str, Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if _normal(name) in found:
            continue
        dist = distribution(name)
        found[_normal(name)] = dist
        for requirement in dist.requires or []:
            marker = requirement.partition(";")[2]
            if "extra" in marker:
                continue
            todo.append(re.match(r"[A-Za-z0-9_.-]+", requirement).group())
    return found


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def repack(dist: Distribution, into: Path) -> Path:
    """A wheel of an installed distribution (its files under site-packages)."""
    files = [f for f in dist.files or [] if not str(f).startswith("..") and "__pycache__" not in str(f)]
    info_dir = next(str(f).split("/")[0] for f in files if str(f).split("/")[0].endswith(".dist-info"))
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")] or ["py3-none-any"]
    parts = [t.split("-") for t in tags]
    tag = "-".join(".".join(dict.fromkeys(p[i] for p in parts)) for i in range(3))
    name = re.sub(r"[-.]+", "_", dist.metadata["Name"])
    wheel = into / f"{name}-{dist.version}-{tag}.whl"
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(files, key=str):
            rel = str(f)
            if rel.startswith(info_dir + "/") and rel.split("/", 1)[1] in SKIP_IN_DIST_INFO:
                continue
            path = Path(dist.locate_file(f))
            if not path.is_file():
                continue
            data = path.read_bytes()
            zf.writestr(rel, data)
            writer.writerow([rel, _record_hash(data), len(data)])
        writer.writerow([f"{info_dir}/RECORD", "", ""])
        zf.writestr(f"{info_dir}/RECORD", record.getvalue())
    return wheel


def build_wheelhouse(into: Path, project_root: Path) -> Path:
    """Wheels for edgelint's dependencies and its build backend, in ``into``."""
    import tomllib

    import virtualenv

    into.mkdir(parents=True, exist_ok=True)
    project = tomllib.loads((project_root / "pyproject.toml").read_text())
    names = [re.match(r"[A-Za-z0-9_.-]+", r).group() for r in project["project"]["dependencies"]]
    for dist in runtime_closure(names).values():
        repack(dist, into)
    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    newest = max(embedded.glob("setuptools-*.whl"),
                 key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name.split("-")[1])))
    (into / newest.name).write_bytes(newest.read_bytes())
    return into
