"""edgelint's corrected copy of python-hcl2's Lark grammar (``hcl2.lark`` beside this
file), ready to parse: the full parser (``parser()``) and a recogniser that only says
whether a file parses (``recognizer()``).

The parser table ships in the package (``hcl2.lark.table``, Lark's own serialised
form, written by ``python -m edgelint.parse.grammar``), so no process ever builds it:
a first run on a fresh machine costs a load, not a build, and writes nothing. The
table is used only when it was made from this very grammar by this very Lark version
(its header says which; a test fails when the grammar changes and the table does not).
Otherwise, as with an unreleased Lark, the parser is built once and kept in the user
cache folder (Lark's table plus a pickled snapshot, ``parser_snapshot``), never in the
shared temp dir.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import sys
from pathlib import Path

from edgelint.parse.cache import cache_dir


def _hcl2_postlexer_module():
    """python-hcl2's ``postlexer`` module, loaded from its file: importing it as
    ``hcl2.postlexer`` would run the ``hcl2`` package first (its API, transformer and
    reconstructor: about 80 ms of start-up that parsing with the table never uses)."""
    import importlib.util

    name = "edgelint._hcl2_postlexer"
    if name in sys.modules:
        return sys.modules[name]
    package = importlib.util.find_spec("hcl2")
    spec = importlib.util.spec_from_file_location(name, Path(package.origin).with_name("postlexer.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_Hcl2PostLexer = _hcl2_postlexer_module().PostLexer

GRAMMAR = Path(__file__).with_name("hcl2.lark")
TABLE = Path(__file__).with_name("hcl2.lark.table")
_TABLE_MAGIC = b"edgelint-lark-table\x01"


class PostLexer(_Hcl2PostLexer):
    """python-hcl2's post-lexer, plus inline comments: ``BLOCK_COMMENT`` is accepted
    in every lexer state (``always_accept``) and taken out of the stream here, so it
    is whitespace wherever it stands, as HCL says. The comments of the latest parse
    are kept in ``block_comments`` (for suppressions); a process parses one text at a
    time.

    Both passes run in one generator: every token of every file goes through here,
    and each generator layer costs a resumption per token (python-hcl2's ``process``
    is two layers around its merge pass; with ours before it, four)."""

    always_accept = ("BLOCK_COMMENT",)

    def __init__(self):
        self.block_comments: list = []

    def process(self, stream):
        """python-hcl2's ``_merge_newlines_into_operators`` over the stream without
        its block comments: a newline before a binary operator (or ``?``) joins the
        operator's token, so that LALR can tell a continued line from a new one."""
        comments: list = []
        self.block_comments = comments
        operators = _OPERATOR_TYPES
        pending_nl = None
        for token in stream:
            type_ = token.type
            if type_ == "NL_OR_COMMENT":
                if pending_nl is not None:
                    yield pending_nl
                pending_nl = token
            elif type_ == "BLOCK_COMMENT":
                comments.append(token)
            else:
                if pending_nl is not None:
                    if type_ in operators:
                        token = token.update(value=str(pending_nl) + str(token))
                    else:
                        yield pending_nl
                    pending_nl = None
                yield token
        if pending_nl is not None:
            yield pending_nl


_OPERATOR_TYPES = _hcl2_postlexer_module().OPERATOR_TYPES


@functools.lru_cache(maxsize=1)
def parser():
    """The grammar, building Lark's tree. Without ``propagate_positions``: the
    converter takes positions from tokens (a third of the parse time saved)."""
    return _lark(propagate_positions=False)


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
    """Lark callbacks that build nothing but what the structural checks read
    (``structure.Shape``): parsing with them only recognises the text. Every rule
    gets a ``partial`` of a module function, so that the parser pickles."""

    def __getattr__(self, name: str):
        if name.startswith("__") or name.isupper():
            # Lark would call a terminal's namesake on every token (lexer callbacks):
            # the checks need the tokens as they are.
            raise AttributeError(name)
        from edgelint.parse import structure

        shaped = structure.SHAPE_CALLBACKS.get(name)
        if shaped is not None:
            return shaped
        return functools.partial(structure.passthrough_or_nothing, _NOTHING)


@functools.lru_cache(maxsize=1)
def recognizer():
    """The same grammar, lexer and parser table as ``parser()``, without the tree:
    it raises exactly the errors the full parser raises (the structural ones too), at
    about a third of the cost (used for files that no rule can read, where only a
    parse error can matter)."""
    return _lark(propagate_positions=False, transformer=_Discard(), flavour="check")


def _grammar_tag() -> str:
    import lark

    digest = hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()[:24]
    return f"grammar={digest}|lark={lark.__version__}|always_accept={','.join(PostLexer.always_accept)}"


def _packaged(propagate_positions: bool, transformer):
    """The parser from the table shipped in the package, or None when there is none
    or it was made from another grammar or Lark. Read from this package's own folder
    only (it is as trusted as this code)."""
    try:
        with open(TABLE, "rb") as fh:
            if fh.read(len(_TABLE_MAGIC)) != _TABLE_MAGIC or fh.readline().rstrip(b"\n") != _grammar_tag().encode():
                return None
            from lark import Lark

            return Lark.__new__(Lark)._load(fh, postlex=PostLexer(), transformer=transformer,
                                            propagate_positions=propagate_positions)
    except Exception:  # missing, truncated, from another Lark: build instead
        return None


def write_table(path: Path = TABLE) -> None:
    """Build the parser from the grammar and store Lark's table for shipping."""
    from lark import Lark

    built = Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", postlex=PostLexer(), propagate_positions=True)
    buf = io.BytesIO()
    built.save(buf, exclude_options={"postlex", "transformer", "propagate_positions"})
    path.write_bytes(_TABLE_MAGIC + _grammar_tag().encode() + b"\n" + buf.getvalue())


def _lark(propagate_positions: bool, transformer=None, flavour: str = ""):
    packaged = _packaged(propagate_positions, transformer)
    if packaged is not None:
        return packaged
    return _built(propagate_positions, transformer, flavour)


def _built(propagate_positions: bool, transformer, flavour: str):
    from edgelint.parse import snapshot as parser_snapshot

    digest = hashlib.sha256(_grammar_tag().encode()).hexdigest()[:16]
    # Lark keys its table on the options, so each flavour needs a file of its own.
    name = f"hcl2-{digest}-py{sys.version_info[0]}{sys.version_info[1]}{'-' + flavour if flavour else ''}.lark"
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

    from lark import Lark

    parser = Lark(
        GRAMMAR.read_text(encoding="utf-8"),
        parser="lalr",
        cache=cache,
        propagate_positions=propagate_positions,
        postlex=PostLexer(),
        transformer=transformer,
    )
    if snapshot is not None:
        parser_snapshot.save(parser, snapshot, name)
    return parser


def parse(lark, text: str):
    """``lark.parse(text)``, with Lark's own lexer, table and callbacks, in one loop.

    Lark's LALR driver calls ``ParserState.feed_token`` per token, which re-reads the
    table, the callbacks and the end state each time and compares every reduced rule
    with the end state (an ``assert`` on a ``Rule``, a Python-level ``__eq__``). This
    loop (measured on the 1x corpus: 10% off a parse check, 3% off a full parse; the
    rest is Lark's contextual lexer, see bench/RESULTS.md) does the same shifts and reductions with all of
    that looked up once per file and each rule's arity, callback and left side looked
    up once per process (``_reductions``). It raises the very ``UnexpectedToken`` that
    Lark raises (a ``ParserState`` is kept up to date for the contextual lexer, which
    reads the current state from it, and for the error). The final reductions, at the
    end of input, are Lark's own ``feed_token``."""
    from lark.exceptions import UnexpectedToken
    from lark.lexer import Token
    from lark.parsers.lalr_analysis import Shift
    from lark.parsers.lalr_parser_state import ParserState

    frontend = lark.parser
    table_parser = frontend.parser.parser
    state = ParserState(_parse_conf(table_parser), frontend._make_lexer_thread(text))
    states = state.parse_conf.states
    reductions = _reductions(table_parser)
    state_stack = state.state_stack
    value_stack = state.value_stack
    token = None
    for token in state.lexer.lex(state):
        type_ = token.type
        while True:
            row = states[state_stack[-1]]
            try:
                action, arg = row[type_]
            except KeyError:
                raise UnexpectedToken(token, {s for s in row if s.isupper()}, state=state,
                                      interactive_parser=None) from None
            if action is Shift:
                state_stack.append(arg)
                value_stack.append(token)
                break
            size, callback, origin = reductions[arg]
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            state_stack.append(states[state_stack[-1]][origin][1])
            value_stack.append(callback(children))
    end = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
    return state.feed_token(end, True)


def _parse_conf(table_parser):
    from lark.parsers.lalr_parser_state import ParseConf

    conf = table_parser.__dict__.get("_edgelint_conf")
    if conf is None:
        conf = table_parser._edgelint_conf = ParseConf(table_parser.parse_table, table_parser.callbacks, "start")
    return conf


def _reductions(table_parser) -> dict:
    """Per rule of the table: how many values it pops, its callback, its left side."""
    found = table_parser.__dict__.get("_edgelint_reductions")
    if found is None:
        callbacks = table_parser.callbacks
        if any(isinstance(key, str) for key in callbacks):
            raise AssertionError("terminal callbacks are not supported")  # none of ours has any
        found = {rule: (len(rule.expansion), callback, rule.origin.name) for rule, callback in callbacks.items()}
        table_parser._edgelint_reductions = found
    return found


def block_comments(parser_) -> list:
    """The inline comments (tokens) that the latest parse with ``parser_`` took out."""
    return parser_.options.postlex.block_comments


if __name__ == "__main__":  # python -m edgelint.parse.grammar: regenerate the shipped table
    write_table()
    print(f"wrote {TABLE} ({TABLE.stat().st_size} bytes) for {_grammar_tag()}")
