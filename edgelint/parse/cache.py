"""The parse cache: parsed files stored by the hash of their content.

An entry is keyed by the file's bytes, what was asked of the parser (the full
syntax, or only whether it parses), and the parser itself: edgelint's version, the
versions of python-hcl2 and Lark, and the source of the parse stage (``hcl.py`` and
``syntax.py``), so that a changed parser never reads an old entry. Entries hold no
path: the file's path is written as a placeholder and put back on load, so a file
that moves or is copied is still a hit.

Entries live under the user cache folder (``$XDG_CACHE_HOME/edgelint/parse-v4``,
``--cache-dir``), never in the scanned tree. Writes are atomic (a temporary file
renamed into place), so two edgelint processes can share the folder: they write the
same bytes for the same key and a reader sees a whole entry or none. An entry that is
truncated, corrupt, or not ours (wrong magic, another key, a class outside
``edgelint.syntax``) is ignored and rebuilt; a folder we cannot write only costs
speed.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import operator
import os
import pickle
import tempfile
from pathlib import Path

from edgelint import __version__
from edgelint.parse import syntax
from edgelint.parse.syntax import ParsedFile

FORMAT = "parse-v4"  # v3: expressions carry their spans; v4: the path as class stand-ins
_MAGIC = b"edgelint-parse\x01"
_CLASSES = [obj for obj in vars(syntax).values() if isinstance(obj, type) and obj.__module__ == syntax.__name__]
_ALLOWED = frozenset(cls.__name__ for cls in _CLASSES)


def cache_dir() -> Path:
    """The per-user cache folder (``$XDG_CACHE_HOME/edgelint``), never the scanned tree."""
    base = os.environ.get("EDGELINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "edgelint"


def _reducer(cls):
    """Pickle a syntax dataclass as ``cls(*fields)``: loading then runs its
    ``__init__`` instead of the generic (and ten times slower) slots-dataclass
    ``__setstate__``, which looks the fields up again for every object."""
    names = [f.name for f in dataclasses.fields(cls)]
    if not names:
        return lambda obj: (cls, ())
    if len(names) == 1:
        getter = operator.attrgetter(names[0])
        return lambda obj: (cls, (getter(obj),))
    getter = operator.attrgetter(*names)
    return lambda obj: (cls, getter(obj))


_DISPATCH = {**copyreg.dispatch_table,
             **{cls: _reducer(cls) for cls in _CLASSES if dataclasses.is_dataclass(cls)}}


def _parser_fingerprint() -> bytes:
    """What a cached entry depends on besides the file: every version and the parse
    stage's own source."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [FORMAT, __version__]
    for dist in ("python-hcl2", "lark"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:  # pragma: no cover - odd installs
            parts.append(f"{dist}=?")
    digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=16)
    here = Path(__file__).resolve().parent
    for module in ("grammar.py", "hcl2.lark", "hcl.py", "json_syntax.py", "structure.py", "syntax.py"):
        try:
            digest.update((here / module).read_bytes())
        except OSError:  # pragma: no cover - zipped installs: versions only
            pass
    return digest.digest()


def entry_key(salt: bytes, data: bytes, full: bool) -> str:
    """The cache key of a file's bytes: full parse or parse check."""
    h = hashlib.blake2b(salt, digest_size=20)
    h.update(b"F" if full else b"C")
    h.update(data)
    return h.hexdigest()


def dumps(parsed: ParsedFile) -> bytes:
    """A ``ParsedFile`` as bytes, with its path left out (see ``loads``)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = _dispatch_for(parsed.path)
    pickler.dump(parsed)
    return out.getvalue()


def loads(payload: bytes, path: str) -> ParsedFile:
    """The ``ParsedFile`` that ``dumps`` wrote, now at ``path``. Raises on anything
    that is not such an entry."""
    found = _SyntaxUnpickler(io.BytesIO(payload), path).load()
    if not isinstance(found, ParsedFile):
        raise pickle.UnpicklingError("not a parsed file")
    return found


# The file's path is left out of an entry by reducing each object that begins with it
# (a ``Span`` in the file, the ``ParsedFile``) to a stand-in for its class, called with
# the other fields: the unpickler resolves the stand-in to the class with the new path
# already bound. (A ``persistent_id`` hook did the same at the cost of a Python call
# for every object pickled: half of the time spent writing a cache entry.) A string
# that merely equals the path, or a span in another file, is stored as it is.
_HERE_CLASSES = {cls: f"_{cls.__name__}_here" for cls in _CLASSES
                 if dataclasses.is_dataclass(cls) and dataclasses.fields(cls)
                 and dataclasses.fields(cls)[0].name in ("path", "file")}


def _stand_in(name: str):
    def stand_in(*_fields):
        raise pickle.UnpicklingError("a parse cache stand-in is only resolved by the unpickler")

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


globals().update({name: _stand_in(name) for name in _HERE_CLASSES.values()})
_STAND_INS = {name: cls for cls, name in _HERE_CLASSES.items()}


def _dispatch_for(path: str) -> dict:
    table = dict(_DISPATCH)
    for cls, name in _HERE_CLASSES.items():
        table[cls] = _here_reducer(cls, globals()[name], path)
    return table


def _here_reducer(cls, stand_in, path: str):
    getter = operator.attrgetter(*[f.name for f in dataclasses.fields(cls)])
    several = len(dataclasses.fields(cls)) > 1

    def reduce(obj):
        fields = getter(obj) if several else (getter(obj),)
        if fields[0] == path:
            return stand_in, fields[1:]
        return cls, fields

    return reduce


class _SyntaxUnpickler(pickle.Unpickler):
    """Loads only ``edgelint.syntax`` data: a foreign pickle cannot run code."""

    def __init__(self, file, path: str):
        super().__init__(file)
        self._path = path

    def find_class(self, module, name):
        if module == syntax.__name__ and name in _ALLOWED:
            return getattr(syntax, name)
        if module == __name__ and name in _STAND_INS:
            return functools.partial(_STAND_INS[name], self._path)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the parse cache")


class ParseCache:
    """Parsed files on disk, one entry per key, in ``root/parse-v4/ab/abcdef…``."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root) / FORMAT
        self.salt = _parser_fingerprint()
        self._writable: bool | None = None

    def key(self, data: bytes, full: bool) -> str:
        return entry_key(self.salt, data, full)

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, path: str) -> ParsedFile | None:
        """The entry for ``key`` as a file at ``path``, or None (missing, corrupt,
        foreign)."""
        try:
            with open(self._file(key), "rb") as fh:
                blob = fh.read()
        except OSError:
            return None
        header = _MAGIC + key.encode()
        if not blob.startswith(header):
            return None
        try:
            return loads(memoryview(blob)[len(header):], path)
        except Exception:  # truncated or corrupt: rebuilt by the caller
            return None

    def put(self, key: str, payload: bytes) -> None:
        """Store ``dumps(...)`` bytes atomically; silently nothing when the folder
        cannot be written."""
        if self._writable is False:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(_MAGIC + key.encode())
                    fh.write(payload)
                os.replace(tmp, target)
            except BaseException:
                _unlink(tmp)
                raise
            self._writable = True
        except OSError:
            self._writable = False


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
