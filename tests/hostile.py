"""Hostile input for tests: files that must never crash, hang or fool edgelint, and
crafted names that must never reach a terminal, a log or GitHub as anything but text.

Shared by test_hostile.py, test_soak.py, test_output_safety.py and any report format
that needs checking against the same input (``CRAFTED_VALUES``, ``crafted_tree``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# One distribution that EDGE101 flags on line 3, column 5.
BAD = ('resource "aws_cloudfront_distribution" "d" {\n'
       '  default_cache_behavior {\n'
       '    viewer_protocol_policy = "allow-all"\n'
       '  }\n'
       '}\n')
BAD_LINE, BAD_COL = 3, 5
# The rules these tests expect findings of: other rules may also flag BAD's bare
# distribution, and more rules arrive over time.
PINNED = ("--select", "EDGE101,EDGE900,EDGE902")
REMOTE_MODULE = 'module "cdn" {\n  source = "terraform-aws-modules/cloudfront/aws"\n}\n'


@dataclass(frozen=True)
class Hostile:
    """A hostile thing made in its own module folder ``name/``, and exactly what
    edgelint must report there: ``findings`` as (file, rule, line, column, part of
    the message) and ``skipped`` as (file, part of the reason)."""

    name: str
    findings: tuple = ()
    skipped: tuple = ()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _nested(n: int) -> bytes:
    return ("locals {\n  x = " + "[" * n + "]" * n + "\n}\n").encode()


def make(item: Hostile, folder: Path, big_size: int = 20 * 1024 * 1024) -> Path:
    """Create ``item`` in ``folder`` (a fresh module folder); return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "x.tf"
    builders = {
        "bom": lambda: _write(target, b"\xef\xbb\xbf" + BAD.encode()),
        "crlf": lambda: _write(target, BAD.replace("\n", "\r\n").encode()),
        "bom_crlf": lambda: _write(target, b"\xef\xbb\xbf" + BAD.replace("\n", "\r\n").encode()),
        "invalid_utf8": lambda: _write(target, b'resource "aws_lb" "x" {\n  name = "caf\xe9"\n}\n'),
        "nul": lambda: _write(target, b'resource "aws_lb" "x" {\n  name = "a\x00b"\n}\n'),
        "binary": lambda: _write(target, bytes(range(256)) * 64),
        "empty": lambda: _write(target, b""),
        "big": lambda: _write(target, b"# padding\n" * (big_size // 10 + 1)),
        "nested": lambda: _write(target, _nested(10_000)),
        "nested_json": lambda: _write(folder / "x.tf.json", ('{"locals": {"a": ' + "[" * 10_000 + "]" * 10_000
                                                             + "}}").encode()),
        "long_line": lambda: _write(target, ('resource "aws_lb" "x" {\n  name = "' + "a" * (1024 * 1024)
                                             + '"\n}\n' + BAD.replace('"d"', '"long"')).encode()),
        "fifo": lambda: os.mkfifo(target),
        "fifo_tfvars": lambda: (_write(target, BAD.encode()), os.mkfifo(folder / "terraform.tfvars")),
        "device": lambda: os.symlink("/dev/zero", target),
        "file_loop": lambda: (os.symlink("y.tf", target), os.symlink("x.tf", folder / "y.tf")),
        "dir_loop": lambda: (_write(target, BAD.encode()), os.symlink("..", folder / "up"),
                             os.symlink(".", folder / "self")),
        "dangling": lambda: os.symlink(folder / "no-such-file.tf", target),
        "fifo_manifest": lambda: (_write(target, (BAD + REMOTE_MODULE).encode()),
                                  (folder / ".terraform" / "modules").mkdir(parents=True),
                                  os.mkfifo(folder / ".terraform" / "modules" / "modules.json")),
        "fifo_plan": lambda: os.mkfifo(folder / "plan.json"),  # read only when named as an argument
    }
    builders[item.name]()
    return folder


_EDGE101 = "lets viewers use plain HTTP"

# Every item of the issue's list that lives in a plain folder (the unreadable
# folder and the non-UTF-8 path have tests of their own).
HOSTILE = [
    Hostile("bom", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101),)),
    Hostile("crlf", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101),)),
    Hostile("bom_crlf", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101),)),
    Hostile("invalid_utf8", findings=(("x.tf", "EDGE900", 2, 14, "not valid UTF-8"),)),
    Hostile("nul", findings=(("x.tf", "EDGE900", 2, 12, "NUL byte"),)),
    Hostile("binary", findings=(("x.tf", "EDGE900", 1, 1, "NUL byte"),)),
    Hostile("empty"),
    Hostile("big", skipped=(("x.tf", "larger than 5242880 bytes"),)),
    Hostile("nested", findings=(("x.tf", "EDGE900", 2, 70, "nested more than 128 levels deep"),)),
    Hostile("nested_json", findings=(("x.tf.json", "EDGE900", 1, 145, "nested more than 128 levels deep"),)),
    Hostile("long_line", findings=(("x.tf", "EDGE101", 6, 5, _EDGE101),)),
    Hostile("fifo", skipped=(("x.tf", "not a regular file"),)),
    Hostile("fifo_tfvars", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101),),
            skipped=(("terraform.tfvars", "not a regular file"),)),
    Hostile("device", skipped=(("x.tf", "not a regular file"),)),
    Hostile("file_loop", skipped=(("x.tf", "cannot read: Too many levels of symbolic links"),
                                  ("y.tf", "cannot read: Too many levels of symbolic links"))),
    Hostile("dir_loop", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101),)),
    Hostile("dangling", skipped=(("x.tf", "cannot read: No such file or directory"),)),
    # .terraform/modules/modules.json is read to find downloaded modules: a FIFO there
    # is as good as no download.
    Hostile("fifo_manifest", findings=(("x.tf", "EDGE101", 3, 5, _EDGE101), ("x.tf", "EDGE902", 7, 3, "not downloaded"))),
    Hostile("fifo_plan"),
]


def hostile_tree(root: Path, items=HOSTILE, big_size: int = 20 * 1024 * 1024) -> dict[str, Path]:
    """One module folder per item under ``root``, plus ``good/`` with an ordinary
    finding; returns item name → folder."""
    (root / "good").mkdir(parents=True, exist_ok=True)
    (root / "good" / "main.tf").write_text(BAD)
    return {item.name: make(item, root / item.name, big_size) for item in items}


# --- crafted names and values ------------------------------------------------------------

# Strings an attacker controls (resource names, values quoted in messages, file
# names) that try to escape their place in a report.
CRAFTED_VALUES = [
    "x\n::error file=evil.tf,line=1::injected",  # a second workflow command
    "x\r\n::add-mask::secret",
    "%0A::warning::already-escaped",  # must not be unescaped by the runner
    "##[add-mask]legacy ##[stop-commands]token",  # the runner's legacy marker, anywhere in a line
    "a,b:c=d",  # property separators
    "\x1b[31mred\x1b[0m\x1b]0;title\x07",  # ANSI colour and an OSC title
    "\x1b[2J\x1b[Hclear",
    "bidi\u202eexe.tf\u202c",  # right-to-left override ("Trojan Source")
    "zero\u200bwidth",
    "line\u2028separator",
    "nul\x00byte",
    "tab\tok",
    'quote"back\\slash',
    "</script><img src=x onerror=alert(1)>",
    "\u00e9\u4e2d\U0001f600",  # ordinary non-ASCII stays as it is
]


def hcl_string(value: str) -> str:
    """An HCL string literal (with \\uNNNN escapes) that evaluates to ``value``."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out).replace("${", "$${").replace("%{", "%%{") + '"'


# File names an attacker controls: each holds one finding.
CRAFTED_FILE_NAMES = [
    "::error::starts-a-line.tf",
    "##[error]legacy.tf",
    "evil\n::error::x.tf",
    "pct%0A,comma:colon.tf",
    "esc\x1b[2J.tf",
    "hash#and space?.tf",
]


def crafted_tree(root: Path) -> dict:
    """A module whose resource names and quoted values are ``CRAFTED_VALUES`` (each
    gives an EDGE301 finding whose message quotes the value and whose address holds
    it), plus one file per ``CRAFTED_FILE_NAMES`` entry with an EDGE101 finding.
    Returns what must survive, exactly, in a JSON report."""
    root.mkdir(parents=True, exist_ok=True)
    blocks = []
    for i, value in enumerate(CRAFTED_VALUES):
        blocks.append(
            f'resource "aws_cloudfront_distribution" {hcl_string("d" + str(i) + value)} {{\n'
            f"  origin {{\n"
            f'    domain_name = {hcl_string("https://" + value)}\n'
            f'    origin_id   = "o"\n'
            f"  }}\n"
            f"}}\n")
    (root / "crafted.tf").write_text("".join(blocks), encoding="utf-8")
    for name in CRAFTED_FILE_NAMES:
        (root / name).write_text(BAD.replace('"d"', json.dumps("f" + str(CRAFTED_FILE_NAMES.index(name)))))
    return {"addresses": [f"aws_cloudfront_distribution.d{i}{v}" for i, v in enumerate(CRAFTED_VALUES)],
            "files": CRAFTED_FILE_NAMES}


# --- rule packs for --rules-dir ---------------------------------------------------------

ECHO_RULE = '''
from edgelint.ruleset import rule


@rule("ACME900", "echo-names", severity="low", tags=("hygiene",))
def echo_names(stack):
    """## What it does
    Repeats each distribution's address and its first origin's domain in a message
    (a test rule: it puts crafted text where a message goes)."""
    for d in stack.distributions:
        origin = d.first("origin")
        domain = origin.value("domain_name").known if origin is not None else None
        yield d.finding(f"{d.address} serves {domain}")
'''

RAISING_RULE = '''
from edgelint.ruleset import rule


@rule("ACME001", "raises-on-second", severity="high", tags=("hygiene",))
def raises_on_second(stack):
    """## What it does
    Flags the first distribution of a module, then raises on the next one (a test
    rule: a rule pack with a bug)."""
    for n, d in enumerate(sorted(stack.distributions, key=lambda d: d.address)):
        if n == 1:
            raise ZeroDivisionError("boom \\x1b[31m" + d.address)
        yield d.finding("first distribution")
'''


def rule_pack(folder: Path, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.py").write_text(source)
    return folder


# --- permissions that bind even root -------------------------------------------------------

def _drop_permission_bypass() -> None:  # pragma: no cover - runs in the child process
    """In a child about to exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from
    the bounding set, so that root (whose capabilities are recomputed at exec from
    it) is bound by file modes like any user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def permission_preexec(probe_dir: Path):
    """``(preexec_fn, None)`` that makes ``chmod 0`` really deny reading in a child
    process, or ``(None, reason)`` when this machine cannot (then skip, saying why)."""
    import subprocess

    if not hasattr(os, "geteuid"):
        return None, "no POSIX permissions on this platform"
    if os.geteuid() != 0:
        return (lambda: None), None
    probe = probe_dir / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        r = subprocess.run(["cat", str(probe)], preexec_fn=_drop_permission_bypass, capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"running as root and cannot drop CAP_DAC_OVERRIDE: {exc}"
    finally:
        probe.unlink()
    if r.returncode == 0:
        return None, "running as root and file modes do not bind even without CAP_DAC_OVERRIDE"
    return _drop_permission_bypass, None
