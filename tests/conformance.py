"""Terraform as the oracle of what parses: the same files given to edgelint's parse
stage and to Terraform, every disagreement listed.

- HCL files (``.tf``, ``.tfvars``): ``terraform fmt -check`` parses them exactly as
  Terraform loads them (no init, no provider). One ``fmt`` run covers a whole batch:
  the files are copied into a scratch folder under numbered names and its report
  ("on NNNN.tf line L") says which ones it rejects.
- JSON files (``.tf.json``): ``terraform validate -json`` without init, one folder per
  file; a file is rejected when any diagnostic is more than the missing provider (or
  module) that an un-initialised folder always reports.

Used by tests/test_conformance.py (a fast sample) and bench/conformance.py (the whole
corpus). Needs only ``terraform`` on PATH: neither command reads a provider.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from edgelint.parse.hcl import parse_bytes

_REJECTED = re.compile(r"^\s*on (\d{5})\.(tf|tfvars) line \d+", re.MULTILINE)
_UNINITIALISED = frozenset({"Missing required provider", "Module not installed"})


def terraform() -> str | None:
    return shutil.which("terraform")


@dataclass(frozen=True)
class Sample:
    """One input: its name in reports, its file suffix, its bytes."""

    name: str
    suffix: str
    data: bytes


@dataclass(frozen=True)
class Disagreement:
    name: str
    terraform_accepts: bool
    edgelint_error: str | None

    def __str__(self) -> str:
        if self.terraform_accepts:
            return f"{self.name}: Terraform accepts it, edgelint says {self.edgelint_error}"
        return f"{self.name}: Terraform rejects it, edgelint parses it"


def _env(scratch: Path) -> dict:
    rc = scratch / "terraformrc"
    rc.write_text("")  # no user CLI config (its warnings), no plugin cache
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update({"TF_CLI_CONFIG_FILE": str(rc), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
                "TF_DATA_DIR": str(scratch / "data")})
    return env


def terraform_accepts(samples: list[Sample]) -> list[bool]:
    """Terraform's verdict on each sample (True: it parses)."""
    tf = terraform()
    assert tf is not None, "terraform is not on PATH"
    verdicts: list[bool | None] = [None] * len(samples)
    with tempfile.TemporaryDirectory(prefix="edgelint-conformance-") as tmp:
        scratch = Path(tmp)
        env = _env(scratch)
        hcl = scratch / "hcl"
        hcl.mkdir()
        batch = [i for i, s in enumerate(samples) if s.suffix in (".tf", ".tfvars")]
        for i in batch:
            (hcl / f"{i:05d}{samples[i].suffix}").write_bytes(samples[i].data)
        if batch:
            r = subprocess.run([tf, "fmt", "-check", "-no-color", "."], cwd=hcl, env=env,
                               capture_output=True, text=True, errors="replace", timeout=600)
            rejected = {int(m.group(1)) for m in _REJECTED.finditer(r.stderr)}
            for i in batch:
                verdicts[i] = i not in rejected
        for i, s in enumerate(samples):
            if verdicts[i] is None:
                verdicts[i] = _validate_json(tf, s, scratch / f"json{i:05d}", env)
    return verdicts  # type: ignore[return-value]


def _validate_json(tf: str, sample: Sample, folder: Path, env: dict) -> bool:
    folder.mkdir()
    (folder / f"main{sample.suffix}").write_bytes(sample.data)
    r = subprocess.run([tf, "validate", "-json", "-no-color"], cwd=folder, env=env,
                       capture_output=True, text=True, errors="replace", timeout=120)
    report = json.loads(r.stdout)
    return all(d.get("summary") in _UNINITIALISED for d in report.get("diagnostics", [])
               if d.get("severity") == "error")


def edgelint_error(sample: Sample) -> str | None:
    """edgelint's parse verdict: None, or its error (message and position)."""
    parsed = parse_bytes(sample.data, f"{sample.name}{sample.suffix}" if not sample.name.endswith(sample.suffix)
                         else sample.name)
    if parsed.error is None:
        return None
    e = parsed.error
    return f"{e.message} at {e.span.line}:{e.span.col}"


# edgelint's own limits, not disagreements about the language: a file with a NUL byte
# is taken for a binary, and nesting deeper than edgelint.parse.hcl.NESTING_LIMIT is
# refused (both EDGE900 on purpose, with their own fixtures).
LIMITS = ("file contains a NUL byte", "nested more than", "nested too deeply", "expression nested too deeply")


def compare(samples: list[Sample]) -> tuple[list[Disagreement], list[Disagreement]]:
    """The disagreements, and the files Terraform reads that are beyond edgelint's limits."""
    accepted = terraform_accepts(samples)
    found, limits = [], []
    for sample, ok in zip(samples, accepted):
        error = edgelint_error(sample)
        if ok != (error is None):
            (limits if ok and error.startswith(LIMITS) else found).append(Disagreement(sample.name, ok, error))
    return found, limits


def disagreements(samples: list[Sample]) -> list[Disagreement]:
    return compare(samples)[0]


def suffix_of(path: Path) -> str:
    return ".tf.json" if path.name.endswith(".tf.json") else path.suffix


def samples_from(paths, root: Path | None = None) -> list[Sample]:
    out = []
    for p in paths:
        name = str(p.relative_to(root)) if root is not None else str(p)
        out.append(Sample(name, suffix_of(p), p.read_bytes()))
    return out
