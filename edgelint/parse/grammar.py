"""python-hcl2's Lark grammar, built once and kept: the full parser (``parser()``)
and a recogniser that only says whether a file parses (``recognizer()``).

Lark's table lives in the user cache folder, with a pickled snapshot of the built
parser beside it (``snapshot``), never in the shared temp dir.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from edgelint.parse.cache import cache_dir


@functools.lru_cache(maxsize=1)
def parser():
    """python-hcl2's grammar with Lark's parser table cached in the user cache dir.

    python-hcl2 caches its table beside its own sources; in a read-only install every
    process would rebuild it (seconds). Here the table lands where we can write it, or
    in the temp dir when even that fails, with a snapshot of the built parser beside
    it that loads three times faster still (``parser_snapshot``).
    """
    return _lark(propagate_positions=True)


class _Nothing:
    """What the recogniser's rules return. Lark's child filters splice the children
    of inlined rules into their parent, so it offers a fresh, empty list."""

    @property
    def children(self) -> list:
        return []


_NOTHING = _Nothing()


def _nothing(_rule: str, _children: list) -> _Nothing:
    return _NOTHING


class _Discard:
    """Lark callbacks that build nothing: parsing with them only recognises the text.
    Every rule gets a ``partial`` of a module function, so that the parser pickles
    (``parser_snapshot``)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return functools.partial(_nothing, name)


@functools.lru_cache(maxsize=1)
def recognizer():
    """The same grammar, lexer and parser table as ``parser()``, without the tree:
    it raises exactly the errors the full parser raises, at about a third of the cost
    (used for files that no rule can read, where only a parse error can matter)."""
    return _lark(propagate_positions=False, transformer=_Discard(), flavour="check")


def _lark(propagate_positions: bool, transformer=None, flavour: str = ""):
    from edgelint.parse import snapshot as parser_snapshot

    try:
        from importlib.metadata import version

        tag = version("python-hcl2")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        tag = "unknown"
    # Lark keys its table on the options, so each flavour needs a file of its own.
    name = f"hcl2-{tag}-py{sys.version_info[0]}{sys.version_info[1]}{'-' + flavour if flavour else ''}.lark"
    folder = cache_dir()
    snapshot: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache = str(folder / name)
        if not os.access(folder, os.W_OK):
            raise OSError
        snapshot = Path(cache + ".pickle")  # in the user's own folder only, never in the shared temp dir
    except OSError:
        # No private folder: build the table in memory. Lark loads its cache file with
        # pickle, so a predictable file in the shared temp dir could be planted by
        # another local user; slower start-up is the price of never loading one.
        cache = False
    parser = parser_snapshot.load(snapshot, name) if snapshot is not None else None
    if parser is not None:
        return parser

    import hcl2.parser
    from hcl2.postlexer import PostLexer
    from lark import Lark

    parser = Lark.open(
        "hcl2.lark",
        rel_to=hcl2.parser.__file__,
        parser="lalr",
        cache=cache,
        propagate_positions=propagate_positions,
        postlex=PostLexer(),
        transformer=transformer,
    )
    if snapshot is not None:
        parser_snapshot.save(parser, snapshot, name)
    return parser
