"""The fix stage's output: a unified diff (``--diff``) or the files written (``--fix``).

The diff's paths are ``a/PATH`` and ``b/PATH`` with PATH relative to the working
directory, so ``patch -p1`` in that directory makes exactly what ``--fix`` writes.
"""

from __future__ import annotations

import difflib
import os
import shutil


def unified_diff(originals: dict[str, str], changed: dict[str, str]) -> str:
    out: list[str] = []
    for path in sorted(changed):
        name = os.path.relpath(path).replace(os.sep, "/")
        for line in difflib.unified_diff(originals[path].splitlines(keepends=True),
                                         changed[path].splitlines(keepends=True), f"a/{name}", f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_files(changed: dict[str, str]) -> None:
    """Write each file's new text (UTF-8, its own line ends kept), replacing it whole."""
    for path, text in sorted(changed.items()):
        tmp = f"{path}.edgelint-fix.tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
