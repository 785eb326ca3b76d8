"""Reading files from a scanned tree without trusting it.

A scanned tree can hold anything under a ``.tf`` name: a FIFO (reading it blocks
forever), a device (``/dev/zero`` never ends), a file that grows or is swapped for
one of those between the discover stage's ``stat`` and the read. Every read of a
scanned file goes through ``read_regular_file``: it looks before it opens, opens
without blocking and without taking a controlling terminal, checks again what it
opened, and reads no more than it was allowed to.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from contextvars import ContextVar

# Contents that stand in for files on disk (absolute path → bytes): the fix stage
# re-checks what it would write without writing it.
_OVERLAY: ContextVar[dict[str, bytes] | None] = ContextVar("overlay", default=None)


@contextmanager
def overlay(files: dict[str, bytes]):
    """Reads of these paths (any spelling of them) return these bytes instead."""
    token = _OVERLAY.set({os.path.abspath(p): data for p, data in files.items()})
    try:
        yield
    finally:
        _OVERLAY.reset(token)


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: never read."""

    def __init__(self, path: str):
        super().__init__(errno.EINVAL, "not a regular file", path)


class TooLarge(OSError):
    def __init__(self, path: str, limit: int):
        super().__init__(errno.EFBIG, f"larger than {limit} bytes", path)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read_regular_file(path: str, max_size: int | None = None, *, head: int | None = None) -> bytes:
    """The bytes of a regular file (symlinks followed), or ``OSError``; with
    ``head``, only its first ``head`` bytes (to sniff what a file is).

    A FIFO or device is refused on ``stat`` and never opened; ``O_NONBLOCK`` and an
    ``fstat`` of the opened descriptor cover a swap between the two.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotRegularFile(path)
    replaced = (_OVERLAY.get() or {}).get(os.path.abspath(path))
    if replaced is not None:
        return replaced if head is None else replaced[:head]
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path)
        if max_size is not None and st.st_size > max_size:
            raise TooLarge(path, max_size)
        chunks: list[bytes] = []
        total = 0
        while head is None or total < head:
            chunk = os.read(fd, 1 << 20 if head is None else head - total)
            if not chunk:
                break
            total += len(chunk)
            if max_size is not None and total > max_size:  # it grew after the fstat
                raise TooLarge(path, max_size)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_inside(path: str, root: str) -> bool:
    """True when ``path``, with every symlink resolved, lies inside ``root`` (also
    resolved). A link inside the root that points out of it is outside."""
    real = os.path.realpath(path)
    base = os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)
