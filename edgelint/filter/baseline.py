"""Filter stage, last step: baselines (``--write-baseline FILE``, ``--baseline FILE``).

A baseline records the findings a team accepts today so that only new ones are
reported. It holds each finding's identity (rule, module folder, resource address,
attribute path; see ``Finding.identity``), never a line number: moving code, within
a file or to another file of the module, keeps a baselined finding baselined, while
the same mistake made on another resource or attribute is new. Paths are relative
to the baseline file's folder, so it works from any working directory. Each entry
absorbs one finding: two identical findings against one entry report the second.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from edgelint import __version__
from edgelint.escape import json_document
from edgelint.findings import Finding
from edgelint.parse.discover import display_path
from edgelint.safeio import read_regular_file

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written."""


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def render_baseline(findings: Iterable[Finding], path: str) -> str:
    """The baseline file for ``findings`` (the inline-suppressed ones are left out:
    their comment already accepts them)."""
    root = _folder(path)
    entries = []
    for f in findings:
        if f.suppressed is not None:
            continue
        rule, module, address, attribute = f.identity(root)
        entries.append({"fingerprint": f.hashed_identity(root), "rule": rule, "module": module,
                        "address": address, "attribute": attribute,
                        "file": os.path.relpath(os.path.abspath(f.span.file), root).replace(os.sep, "/"),
                        "message": f.shown_message})
    entries.sort(key=lambda e: (e["file"], e["rule"], e["address"], e["attribute"], e["message"]))
    doc = {"version": BASELINE_VERSION, "tool": {"name": "edgelint", "version": __version__}, "findings": entries}
    return json_document(doc)  # valid UTF-8 whatever the names hold


def write_baseline(findings: Iterable[Finding], path: str) -> int:
    text = render_baseline(findings, path)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {display_path(path)}: {exc.strerror}") from None
    return len(json.loads(text)["findings"])


@dataclass
class Baseline:
    path: str
    fingerprints: Counter  # fingerprint → how many findings it absorbs

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """``findings`` with those the baseline holds marked ``baselined``."""
        remaining = Counter(self.fingerprints)
        root = _folder(self.path)
        out = []
        for f in findings:
            if f.suppressed is None:
                fp = f.hashed_identity(root)
                if remaining[fp] > 0:
                    remaining[fp] -= 1
                    f = replace(f, baselined=True)
            out.append(f)
        return out


def load_baseline(path: str) -> Baseline:
    """A baseline file: the fingerprints it holds, with their counts."""
    shown = display_path(path)
    try:
        doc = json.loads(read_regular_file(path).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline {shown}: no such file (write one with --write-baseline)") from None
    except OSError as exc:
        raise BaselineError(f"baseline {shown}: cannot read: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {shown}: not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"baseline {shown}: not an edgelint baseline (version {BASELINE_VERSION})")
    fingerprints = [e.get("fingerprint") for e in doc["findings"] if isinstance(e, dict)]
    if not all(isinstance(fp, str) for fp in fingerprints):
        raise BaselineError(f"baseline {shown}: an entry has no fingerprint")
    return Baseline(path, Counter(fingerprints))
