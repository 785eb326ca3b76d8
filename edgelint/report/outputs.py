"""Which reports a check writes, and where: ``--format``, ``-o`` and ``--output FORMAT=FILE``.

``--format F -o FILE`` is the one report of earlier versions; ``--output FORMAT=FILE``
(repeatable, as Checkov's ``-o cli -o sarif``) adds reports in one run, and
``--output FORMAT`` or ``FORMAT=-`` sends one to stdout. A value of ``-o`` is a
format only when it is a format's name, alone or before ``=``: a file called
``sarif`` is written ``./sarif``. Nothing is silently last-wins: a second
``--format``, a second plain ``-o FILE``, two reports on stdout or two into one file
are errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from edgelint.report import FORMATS


class OutputError(ValueError):
    """Report options that contradict each other (the CLI's exit 2)."""


@dataclass(frozen=True)
class Output:
    fmt: str
    path: str  # "-": stdout


def _typed(value: str) -> Output | None:
    """``FORMAT``, ``FORMAT=FILE`` or ``FORMAT=-``; None for a plain file name."""
    name, sep, path = value.partition("=")
    if name in FORMATS and (not sep or path):
        return Output(name, path if sep else "-")
    return None


def plan_outputs(formats: tuple[str, ...] | list[str], values: tuple[str, ...] | list[str]) -> list[Output]:
    if len(formats) > 1:
        raise OutputError(f"--format given {len(formats)} times ({', '.join(formats)}): give it once, and "
                          "--output FORMAT=FILE for each further report")
    typed = [t for t in map(_typed, values) if t is not None]
    plain = [v for v in values if _typed(v) is None]
    if len(plain) > 1:
        raise OutputError(f"-o/--output FILE given {len(plain)} times ({', '.join(plain)}): one file takes "
                          "the --format report; write further reports with --output FORMAT=FILE")
    reports = []
    if formats or plain or not typed:
        reports.append(Output(formats[0] if formats else "text", plain[0] if plain else "-"))
    reports += typed
    on_stdout = [r.fmt for r in reports if r.path == "-"]
    if len(on_stdout) > 1:
        raise OutputError(f"{len(on_stdout)} reports on stdout ({', '.join(on_stdout)}): write all but one "
                          "to a file with --output FORMAT=FILE")
    seen: dict[str, str] = {}
    for r in reports:
        if r.path == "-":
            continue
        key = os.path.abspath(r.path)
        if key in seen:
            raise OutputError(f"{r.path} would receive two reports ({seen[key]} and {r.fmt})")
        seen[key] = r.fmt
    return reports
