"""A pickled snapshot of a constructed Lark parser, for fast start-up.

Lark's own cache stores the grammar analysis in a portable form and rebuilds every
object from it when it loads, which costs about 0.2 s per process: more than the
whole check of a small stack. A pickle of the parser as constructed loads in about
a third of that. Lark compares its shift/reduce actions by identity, so those two
singletons (and modules, which do not pickle) are written as references.

The snapshot is an optimisation only: it is keyed by the versions of Python, Lark
and python-hcl2 and by the caller's flavour, written atomically, and anything that
does not load cleanly is ignored (the caller then builds the parser through Lark's
cache and writes a fresh snapshot). It lives in the same user cache folder as
Lark's table, which is trusted the same way (Lark's cache is a pickle too).
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import tempfile
import types
from pathlib import Path

_MAGIC = b"edgelint-lark-snapshot\x01"


def _tag(flavour: str) -> bytes:
    from importlib.metadata import version

    import lark

    return f"{flavour}|lark={lark.__version__}|hcl2={version('python-hcl2')}|py={sys.implementation.name}-{sys.version_info[:3]}".encode()


class _Pickler(pickle.Pickler):
    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from lark.parsers import lalr_analysis

        self._actions = {id(lalr_analysis.Shift): "Shift", id(lalr_analysis.Reduce): "Reduce"}

    def reducer_override(self, obj):
        # A string means "the global of that name in the object's module": one
        # reference to lark's own singleton, written once and memoised.
        name = self._actions.get(id(obj))
        return name if name is not None else NotImplemented

    def persistent_id(self, obj):
        return ("module", obj.__name__) if isinstance(obj, types.ModuleType) else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        kind, name = pid
        if kind == "module":
            return importlib.import_module(name)
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


def load(path: Path, flavour: str):
    """The parser stored at ``path`` for ``flavour``, or None. Only a file that this
    user owns and nobody else can write is loaded: a pickle runs code."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if (hasattr(os, "getuid") and st.st_uid != os.getuid()) or st.st_mode & 0o022:
                return None
            header = fh.read(len(_MAGIC))
            tag = fh.readline().rstrip(b"\n")
            if header != _MAGIC or tag != _tag(flavour):
                return None
            return _Unpickler(fh).load()
    except Exception:  # missing, stale, truncated, from another Lark: rebuild
        return None


def save(parser, path: Path, flavour: str) -> None:
    """Store a freshly constructed parser (before its first parse, so that the
    lexers it builds lazily stay out of the snapshot); silently nothing on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + _tag(flavour) + b"\n")
                _Pickler(fh).dump(parser)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:
        pass
