"""Parse stage: a Terraform file (HCL or JSON syntax) to blocks with spans.

python-hcl2's ``loads()`` drops every position, so this module runs its Lark grammar
(``parses_to_tree`` path) and converts the raw tree into the plain data types of
``edgelint.syntax``, keeping a span on every block and attribute and every comment
with its line, for suppressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edgelint.parse import grammar, structure
from edgelint.parse.syntax import (
    Attr,
    Attribute,
    BinaryOp,
    Block,
    Call,
    Comment,
    Conditional,
    ForExpr,
    Index,
    Lit,
    ObjectExpr,
    ParsedFile,
    ParseError,
    Span,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
    Unsupported,
)
from edgelint.safeio import read_regular_file


def parse_file(path: str, max_size: int | None = None) -> ParsedFile:
    """Read and parse one file; an unreadable or unparsable file is a ``ParsedFile``
    carrying a ``ParseError`` (never an exception). Only a regular file is read
    (see ``edgelint.safeio``), and never more than ``max_size`` bytes."""
    try:
        data = read_regular_file(path, max_size)
    except OSError as exc:
        return failed(path, f"cannot read file: {exc.strerror or exc}", 1, 1)
    return parse_bytes(data, path)


def parse_bytes(data: bytes, path: str) -> ParsedFile:
    text = _decode(data, path)
    if isinstance(text, ParsedFile):
        return text
    if path.endswith(".json"):
        from edgelint.parse.json_syntax import parse_json

        return parse_json(text, path)
    return parse_text(text, path)


def check_bytes(data: bytes, path: str) -> ParsedFile:
    """Only find out whether a file parses: a ``ParsedFile`` with no blocks (and no
    lines), or the very ``ParseError`` that ``parse_bytes`` would report."""
    text = _decode(data, path)
    if isinstance(text, ParsedFile):
        return text
    if path.endswith(".json") or _nesting(text) > _RECOGNIZER_MAX_NESTING:
        # JSON is read by our own reader either way; deep nesting can fail in the
        # converter (RecursionError), which the recogniser never runs.
        found = parse_bytes(data, path)
        return found if found.error is not None else ParsedFile(path)
    try:
        grammar.parse(grammar.recognizer(), text if text.endswith("\n") else text + "\n")
    except Exception as exc:
        return _syntax_error(exc, path, tuple(text.split("\n")))
    return ParsedFile(path)


def _decode(data: bytes, path: str) -> str | ParsedFile:
    """The text of a file, or the ``ParsedFile`` that says why it has none."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return failed(path, "file contains a NUL byte (binary?)", *_position(data, nul))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return failed(path, "file is not valid UTF-8", *_position(exc.object, exc.start))
    return text.replace("\r\n", "\n")


_RECOGNIZER_MAX_NESTING = 40
_BRACKETS = re.compile(r"[\[\]{}()]")
_DEPTH = {"[": 1, "{": 1, "(": 1, "]": -1, "}": -1, ")": -1}


def _nesting(text: str) -> int:
    """An upper bound of how deeply brackets nest (brackets inside strings count too)."""
    depth = deepest = 0
    for ch in _BRACKETS.findall(text):
        depth += _DEPTH[ch]
        if depth > deepest:
            deepest = depth
    return deepest


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as everywhere else) of a byte offset; the
    bytes before it are valid UTF-8 (the first bad byte is at ``offset``)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", "replace")
    if line_start == 0:
        before = before.removeprefix("\ufeff")  # the BOM is no column
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def parse_text(text: str, path: str) -> ParsedFile:
    lines = tuple(text.split("\n"))
    try:
        # The grammar ends comments at a newline: give the last line one.
        lark = grammar.parser()
        tree = grammar.parse(lark, text if text.endswith("\n") else text + "\n")
        inline_comments = grammar.block_comments(lark)
        converter = _Converter(path)
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        # Conversion first, then the layout: the order in which the recogniser meets
        # heredoc and layout errors (check_bytes reports the same error).
        converter.body_into(tree.children[0], attributes, blocks)
        structure.check_tree(tree)
    except TooDeep as exc:
        return failed(path, exc.message, exc.line or 1, exc.col or 1, lines)
    except RecursionError:  # a last resort: TooDeep should always come first
        return failed(path, "nested too deeply to parse", 1, 1, lines)
    except Exception as exc:  # lark's UnexpectedInput and friends
        return _syntax_error(exc, path, lines)
    comments = converter.comments
    if inline_comments:
        comments = sorted(comments + [Comment(t.line, t.column, str(t)) for t in inline_comments],
                          key=lambda c: (c.line, c.col))
    return ParsedFile(path, tuple(blocks), attributes, tuple(comments), None, lines)


def _syntax_error(exc: Exception, path: str, lines: tuple) -> ParsedFile:
    if isinstance(exc, structure.StructureError):
        return failed(path, exc.message(path), exc.line, exc.col, lines)
    if isinstance(exc, HeredocError):
        return failed(path, exc.message, exc.line, exc.col, lines)
    if isinstance(exc, RecursionError):
        return failed(path, "expression nested too deeply to parse", 1, 1, lines)
    line = getattr(exc, "line", None)
    col = getattr(exc, "column", None)
    if not isinstance(line, int) or line < 1:
        line = len(lines) if lines else 1
        col = max(1, len(lines[line - 1]) + 1) if lines else 1
    col = col if isinstance(col, int) and col > 0 else 1
    message = _describe(exc)
    if line <= len(lines) and _HEREDOC_OPENER.match(lines[line - 1], col - 1):
        # Terraform's words; the position stays at the opener, where the fix is.
        message = "Unterminated template string: No closing marker was found for the string."
    return failed(path, message, line, col, lines)


# A heredoc opener alone on the rest of its line: where one is the error, its closing
# marker is missing (the heredoc terminal did not match).
_HEREDOC_OPENER = re.compile(r"<<-?[^\W\d][\w-]*[ \t]*$")


def parse_expression(source: str, path: str = "<expr>", depth: int = 0) -> object:
    """Parse one expression (used for templates inside heredocs and JSON strings).
    ``depth`` is how deeply nested the text already is where it was found. The text is
    a piece of a file, so positions inside it are not the file's: its expressions
    carry no spans."""
    tree = grammar.parse(grammar.parser(), f"x = {source}\n")
    body = tree.children[0]
    for child in body.children:
        if getattr(child, "data", None) == "attribute":
            return _Converter(path, depth, locate=False).expression(child.children[-1])
    raise ValueError("no expression")


# How deeply blocks and expressions may nest. Real configurations stay far below
# (a JSON policy inside a nested block is about 20 levels); the limit keeps every
# recursive stage (conversion, evaluation, the graph walk) far from Python's
# recursion limit, and makes the outcome independent of how deep the caller's own
# stack is (a worker process, a test runner).
NESTING_LIMIT = 128


class TooDeep(Exception):
    """A file nests blocks or expressions beyond ``NESTING_LIMIT``. Raised without a
    position from an inner parse (a heredoc's interpolation); the enclosing node
    fills in its own."""

    message = f"nested more than {NESTING_LIMIT} levels deep; edgelint reads no deeper"

    def __init__(self, line: int | None = None, col: int | None = None):
        super().__init__(self.message)
        self.line, self.col = line, col

    def locate(self, line: int, col: int) -> TooDeep:
        if self.line is None:
            self.line, self.col = line, col
        return self


def _describe(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    token = getattr(exc, "token", None)
    if token is not None and getattr(token, "type", None) == "$END":
        return "unexpected end of file (unclosed block, string or bracket?)"
    if token is not None:
        text = str(token)
        if text.strip() == "" and "\n" in text:
            return "unexpected end of line"
        return f"unexpected {text.strip()[:40]!r}"
    char = getattr(exc, "char", None)
    if char is not None:
        return f"unexpected character {char!r}"
    return text[:200]


def failed(path: str, message: str, line: int, col: int, lines: tuple = ()) -> ParsedFile:
    return ParsedFile(path, error=ParseError(message, Span(path, line, col, line, col + 1)), lines=lines)


# --- Lark tree → syntax ---------------------------------------------------------------

_PUNCTUATION = frozenset("( ) [ ] { } , . ? : = => ... ::".split())
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _unescape(raw: str) -> str:
    def repl(m: re.Match) -> str:
        s = m.group(1)
        if s[0] in "uU":
            return chr(int(s[1:], 16))
        return _ESCAPES.get(s, "\\" + s)

    return _ESCAPE_RE.sub(repl, raw) if "\\" in raw else raw


class _Converter:
    """Turns one file's Lark tree into ``Block``s, collecting comments on the way."""

    def __init__(self, path: str, depth: int = 0, locate: bool = True):
        self.path = path
        self.comments: list[Comment] = []
        self.depth = depth
        self.locate = locate  # give expressions their spans (positions are the file's)

    def enter(self, node) -> None:
        """Count one level of nesting; past ``NESTING_LIMIT``, stop at this node."""
        self.depth += 1
        if self.depth > NESTING_LIMIT:
            raise TooDeep(*self.start(node))

    # Positions come from the tokens at a node's two ends (the parser is built without
    # Lark's propagate_positions, which costs about a third of a parse to fill in a
    # position on every node; few nodes need theirs). tests/test_parse_positions.py
    # proves the spans equal propagate_positions' on every fixture and corpus file.

    def span(self, node) -> Span:
        first, last = _edge_token(node, last=False), _edge_token(node, last=True)
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)

    def start(self, node) -> tuple[int | None, int | None]:
        first = _edge_token(node, last=False)
        return (first.line, first.column) if first is not None else (None, None)

    def has_text(self, node) -> bool:
        return _edge_token(node, last=False) is not None

    def collect_comments(self, node) -> None:
        for tok in node.children:
            value = str(tok)
            stripped = value.lstrip("\n\t ")
            if stripped[:1] == "#" or stripped[:2] in ("//", "/*"):
                skipped = value[: len(value) - len(stripped)]
                line = tok.line + skipped.count("\n")
                col = tok.column + len(skipped) if "\n" not in skipped else len(skipped) - skipped.rfind("\n")
                self.comments.append(Comment(line, col, stripped.rstrip("\n")))

    def body_into(self, body, attributes: dict, blocks: list) -> None:
        for child in body.children:
            kind = child.data
            if kind == "new_line_or_comment":
                self.collect_comments(child)
            elif kind == "attribute":
                name = _name(child.children[0])
                expr_node = child.children[-1]
                attributes[name] = Attribute(name, self.expression(expr_node), self.span(child))
            elif kind == "block":
                blocks.append(self.block(child))

    def block(self, node) -> Block:
        self.enter(node)
        try:
            return self._block(node)
        finally:
            self.depth -= 1

    def _block(self, node) -> Block:
        parts = [c for c in node.children if not _is_token(c) or c.type not in ("LBRACE", "RBRACE")]
        type_ = _name(parts[0])
        labels = []
        body = None
        for part in parts[1:]:
            data = getattr(part, "data", None)
            if data == "body":
                body = part
            elif data == "new_line_or_comment":
                self.collect_comments(part)
            elif data == "string":
                labels.append("".join(_unescape(str(p.children[0])) for p in part.children if getattr(p, "data", None) == "string_part"))
            else:
                labels.append(_name(part))
        attributes: dict[str, Attribute] = {}
        nested: list[Block] = []
        if body is not None:
            self.body_into(body, attributes, nested)
        return Block(type_, tuple(labels), attributes, tuple(nested), self.span(node))

    # expressions

    def expression(self, node):
        if _is_token(node):
            raise ValueError(f"unexpected token {node!r}")
        kind = node.data
        method = getattr(self, "x_" + kind, None)
        if method is None:
            return Unsupported(f"syntax '{kind}'")
        self.enter(node)
        try:
            return self.located(method(node), node)
        except TooDeep as exc:
            line, col = self.start(node)
            raise exc.locate(line or 1, col or 1) from None
        finally:
            self.depth -= 1

    def located(self, expr, node):
        """``expr`` with the span of the text it was read from. An expression that
        already has one keeps it: ``(x)`` and ``"${x}"`` are ``x``, located where ``x``
        is written. Set in place on the new, not yet shared object (the dataclasses
        are frozen for everyone else)."""
        if self.locate and getattr(expr, "span", False) is None and self.has_text(node):
            object.__setattr__(expr, "span", self.span(node))
        return expr

    def _subexprs(self, node) -> list:
        return [c for c in node.children if not _is_token(c) and c.data != "new_line_or_comment"]

    def x_expr_term(self, node):
        (inner,) = self._subexprs(node)
        return self.expression(inner)

    def x_int_lit(self, node):
        return Lit(int(str(node.children[0])))

    def x_float_lit(self, node):
        return Lit(float(str(node.children[0])))

    def x_literal_value(self, node):
        return Lit({"true": True, "false": False, "null": None}[str(node.children[0])])

    def x_identifier(self, node):
        return Traversal(str(node.children[0]), ())

    def x_string(self, node):
        parts: list = []
        strip_next = False  # a `~}` before: the next literal loses its leading whitespace
        for part in node.children:
            if getattr(part, "data", None) != "string_part":
                continue
            (piece,) = part.children
            if _is_token(piece):
                if piece.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    text = str(piece)[1:]
                else:
                    text = _unescape(str(piece))
                parts.append(text.lstrip() if strip_next else text)
                strip_next = False
            elif piece.data == "interpolation":
                # Strip markers: `${~` trims the whitespace before, `~}` the whitespace after.
                markers = [i for i, c in enumerate(piece.children) if _is_token(c) and c.type == "STRIP_MARKER"]
                if markers and markers[0] == 1 and parts and isinstance(parts[-1], str):
                    parts[-1] = parts[-1].rstrip()
                strip_next = bool(markers) and markers[-1] == len(piece.children) - 2
                parts.append(self.expression(self._subexprs(piece)[0]))
            else:
                directive = self._directive(piece)
                if directive is None:
                    return Unsupported("template directive")
                parts.append(directive)
        return assemble_template(parts)

    def _directive(self, node) -> _Piece | None:
        """A flat directive node of the grammar (template_if_start …) as a piece."""
        kind = {"template_if_start": "if", "template_else": "else", "template_endif": "endif",
                "template_for_start": "for", "template_endfor": "endfor"}.get(node.data)
        if kind is None:
            return None
        tokens = [c for c in node.children if _is_token(c)]
        # [%{, ~?, keyword, ~?, }]: the keyword token always stands between the markers.
        strip_before = len(tokens) > 1 and tokens[1].type == "STRIP_MARKER"
        strip_after = len(tokens) > 2 and tokens[-2].type == "STRIP_MARKER" and len(tokens) - 2 != 1
        if kind in ("else", "endif", "endfor"):
            return _Piece(kind, strip_before, strip_after)
        exprs = self._subexprs(node)
        if kind == "if":
            return _Piece("if", strip_before, strip_after, self.expression(exprs[-1]))
        names = [str(c.children[0]) for c in node.children if getattr(c, "data", None) == "identifier"]
        key, value = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return _Piece("for", strip_before, strip_after, self.expression(exprs[-1]), key, value)

    def x_template_string(self, node):
        return Lit(_unescape(str(node.children[0])[2:-2]))

    def x_heredoc_template(self, node, trim: bool = False):
        if self.locate:  # the file's own heredoc (positions are the file's)
            check_heredoc(node.children[0])
        raw = str(node.children[0])
        first_nl = raw.index("\n")
        body = raw[first_nl + 1:]
        body = body[: body.rstrip().rfind("\n") + 1] if "\n" in body.rstrip() else ""
        if trim:
            if _STRIP_MARKER.search(body):
                # Terraform strips around ~ before it removes the indentation, which
                # then no longer starts a line: not modelled (checked with terraform console).
                return Unsupported("strip markers in an indented heredoc")
            lines = body.split("\n")
            indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
            cut = min(indents) if indents else 0
            body = "\n".join(ln[cut:] for ln in lines)
        return template_from_text(body, self.path, self.depth)

    def x_heredoc_template_trim(self, node):
        return self.x_heredoc_template(node, trim=True)

    def x_tuple(self, node):
        return TupleExpr(tuple(self.expression(c) for c in self._subexprs(node)))

    def x_object(self, node):
        items = []
        for elem in self._subexprs(node):
            key_node, value_node = self._subexprs(elem)
            (key_inner,) = key_node.children
            if _is_token(key_inner) or key_inner.data == "keyword":
                key = self.located(Lit(_name(key_inner)), key_node)
            else:
                key = self.expression(key_inner)
                # A bare identifier key is a literal name, as Terraform reads it.
                if isinstance(key, Traversal) and isinstance(key.root, str) and not key.steps:
                    key = self.located(Lit(key.root), key_node)
            items.append((key, self.expression(value_node)))
        return ObjectExpr(tuple(items))

    def x_function_call(self, node):
        names = [str(c.children[0]) for c in node.children if getattr(c, "data", None) == "identifier"]
        args_node = next((c for c in node.children if getattr(c, "data", None) == "arguments"), None)
        args: tuple = ()
        expand = False
        if args_node is not None:
            args = tuple(self.expression(c) for c in self._subexprs(args_node))
            expand = any(_is_token(c) and c.type == "ELLIPSIS" for c in args_node.children)
        return Call("::".join(names), args, expand)

    def x_conditional(self, node):
        cond, then, otherwise = self._subexprs(node)
        return Conditional(self.expression(cond), self.expression(then), self.expression(otherwise))

    def x_binary_op(self, node):
        left, term = self._subexprs(node)[:2]
        operator, right = self._subexprs(term)
        op = str(operator.children[0]).strip()
        return BinaryOp(op, self.expression(left), self.expression(right))

    def x_unary_op(self, node):
        op = str(node.children[0])
        operand = self.expression(node.children[1])
        if op == "-" and isinstance(operand, Lit) and isinstance(operand.value, (int, float)):
            return Lit(-operand.value)
        return UnaryOp(op, operand)

    def _extend(self, base_node, steps: list):
        base = self.expression(base_node)
        if isinstance(base, Traversal):
            return Traversal(base.root, base.steps + tuple(steps))
        return Traversal(base, tuple(steps))

    def _step(self, node):
        if node.data == "get_attr":
            return Attr(_name(node.children[-1]))
        if node.data == "braces_index":
            return Index(self.expression(self._subexprs(node)[0]))
        if node.data == "short_index":
            return Index(Lit(int(str(node.children[-1]))))
        raise ValueError(node.data)

    def x_get_attr_expr_term(self, node):
        base, step = node.children
        return self._extend(base, [self._step(step)])

    def x_index_expr_term(self, node):
        base, step = node.children
        return self._extend(base, [self._step(step)])

    def x_full_splat_expr_term(self, node):
        base, splat = node.children
        return self._extend(base, [Splat()] + [self._step(s) for s in splat.children if not _is_token(s)])

    def x_attr_splat_expr_term(self, node):
        """The legacy splat ``a.*.b[0]`` applies only the attribute names after it to
        each element; the first index and what follows apply to the resulting list
        (HCL's spec; the grammar reads them into the splat, so they are split off)."""
        base, splat = node.children
        steps = [self._step(s) for s in splat.children if not _is_token(s)]
        cut = next((i for i, step in enumerate(steps) if isinstance(step, Index)), len(steps))
        inner = self._extend(base, [Splat(), *steps[:cut]])
        return inner if cut == len(steps) else Traversal(inner, tuple(steps[cut:]))

    def _for(self, node, is_object: bool):
        intro = next(c for c in node.children if getattr(c, "data", None) == "for_intro")
        names = [str(c.children[0]) for c in intro.children if getattr(c, "data", None) == "identifier"]
        collection = self._subexprs(intro)[-1]
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        body = [c for c in self._subexprs(node) if c.data not in ("for_intro", "for_cond")]
        cond_node = next((c for c in node.children if getattr(c, "data", None) == "for_cond"), None)
        cond = self.expression(self._subexprs(cond_node)[0]) if cond_node is not None else None
        grouping = any(_is_token(c) and c.type == "ELLIPSIS" for c in node.children)
        key = self.expression(body[0]) if is_object else None
        value = self.expression(body[-1])
        return ForExpr(key_var, value_var, self.expression(collection), key, value, cond, grouping)

    def x_for_tuple_expr(self, node):
        return self._for(node, False)

    def x_for_object_expr(self, node):
        return self._for(node, True)


def _is_token(node) -> bool:
    return not hasattr(node, "data")


def _edge_token(node, last: bool):
    """The first (or last) token of a node's text, or None when it has none: the node's
    own if it is one, else a depth-first search from that end (no recursion)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if not hasattr(n, "data"):
            return n
        children = n.children
        stack.extend(children if last else reversed(children))
    return None


def _name(node) -> str:
    if _is_token(node):
        return str(node)
    if node.data == "string":
        return "".join(str(p.children[0]) for p in node.children if getattr(p, "data", None) == "string_part")
    return str(node.children[0])


def _template(parts: list):
    merged: list = []
    for p in parts:
        if isinstance(p, str) and not p:
            continue
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    if not merged:
        return Lit("")
    if len(merged) == 1 and isinstance(merged[0], str):
        return Lit(merged[0])
    if len(merged) == 1:
        # "${x}" alone is x itself in Terraform (no conversion to string).
        return merged[0]
    return Template(tuple(merged))


_STRIP_MARKER = re.compile(r"[$%]\{~|~\}")
_INTERP_START = re.compile(r"(\$\$\{|%%\{|\$\{|%\{)")


def template_from_text(text: str, path: str = "<template>", depth: int = 0):
    """A template whose literal parts are raw text (heredoc bodies, JSON strings)."""
    parts: list = []
    pos = 0
    while True:
        m = _INTERP_START.search(text, pos)
        if not m:
            parts.append(text[pos:])
            break
        parts.append(text[pos:m.start()])
        marker = m.group(1)
        if marker in ("$${", "%%{"):
            parts.append(marker[1:])
            pos = m.end()
            continue
        end = _matching_brace(text, m.end())
        if end < 0:
            return Unsupported("unterminated interpolation")
        inner = text[m.end():end]
        strip_before, strip_after = inner.startswith("~"), inner.endswith("~")
        inner = inner[1 if strip_before else 0: len(inner) - (1 if strip_after else 0)]
        try:
            if marker == "%{":
                parts.append(_directive_from_text(inner.strip(), strip_before, strip_after, path, depth))
            else:
                parts.append(_Piece("expr", strip_before, strip_after, parse_expression(inner, path, depth)))
        except TooDeep as exc:
            raise TooDeep() from exc  # its position is inside the inner text: the caller's is right
        except Exception:
            return Unsupported("interpolation that does not parse")
        pos = end + 1
    return assemble_template(parts, by_line=True)


_FOR_DIRECTIVE = re.compile(r"for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+(.*)\Z", re.S)


@dataclass(frozen=True)
class _Piece:
    """A template interpolation or directive, before the directives are nested."""

    kind: str  # expr, if, else, endif, for, endfor
    strip_before: bool = False
    strip_after: bool = False
    expr: object = None  # the interpolation, the if condition, the for collection
    key: str | None = None  # for: the key variable (with two names)
    value: str | None = None  # for: the value variable


class _BadTemplate(ValueError):
    pass


def _directive_from_text(body: str, strip_before: bool, strip_after: bool, path: str, depth: int) -> _Piece:
    if body in ("else", "endif", "endfor"):
        return _Piece(body, strip_before, strip_after)
    if body.startswith("if") and body[2:3].isspace():
        return _Piece("if", strip_before, strip_after, parse_expression(body[3:], path, depth))
    m = _FOR_DIRECTIVE.match(body)
    if m:
        first, second, collection = m.groups()
        key, value = (first, second) if second else (None, first)
        return _Piece("for", strip_before, strip_after, parse_expression(collection, path, depth), key, value)
    raise _BadTemplate(body)


def _strip_line_right(text: str) -> str:
    """``%{~`` in line-based text (heredocs, template files): Terraform's literal
    tokens end at each newline, so only the current line (or, at its start, the
    previous line's newline and trailing blanks) is stripped."""
    cut = text.rfind("\n")
    if text[cut + 1:]:
        return text[:cut + 1] + text[cut + 1:].rstrip()
    return text[:cut].rstrip(" \t\r") if cut >= 0 else text


def _strip_line_left(text: str) -> str:
    """``~}`` in line-based text: blanks and at most one newline."""
    rest = text.lstrip(" \t")
    if rest.startswith("\r\n"):
        return rest[2:]
    return rest[1:] if rest.startswith("\n") else rest


def assemble_template(pieces: list, by_line: bool = False):
    """Literal text, interpolations and directives as one expression: ``%{ if c }a
    %{ else }b%{ endif }`` is ``c ? "a" : "b"`` and ``%{ for x in l }t%{ endfor }``
    is ``join("", [for x in l : "t"])`` (the same value in Terraform); ``~`` strip
    markers remove the whitespace of the literal text beside them (``by_line``: as
    Terraform does in heredocs and template files, within the line)."""
    out = list(pieces)
    for i, p in enumerate(out):
        if isinstance(p, _Piece):
            if p.strip_before and i > 0 and isinstance(out[i - 1], str):
                out[i - 1] = _strip_line_right(out[i - 1]) if by_line else out[i - 1].rstrip()
            if p.strip_after and i + 1 < len(out) and isinstance(out[i + 1], str):
                out[i + 1] = _strip_line_left(out[i + 1]) if by_line else out[i + 1].lstrip()

    def sequence(pos: int, ends: tuple) -> tuple[list, int, str | None]:
        parts: list = []
        while pos < len(out):
            p = out[pos]
            if not isinstance(p, _Piece) or p.kind == "expr":
                parts.append(p.expr if isinstance(p, _Piece) else p)
                pos += 1
                continue
            if p.kind in ends:
                return parts, pos, p.kind
            if p.kind == "if":
                then, pos, end = sequence(pos + 1, ("else", "endif"))
                otherwise: list = []
                if end == "else":
                    otherwise, pos, end = sequence(pos + 1, ("endif",))
                if end != "endif":
                    raise _BadTemplate("if without endif")
                parts.append(Conditional(p.expr, _template(then), _template(otherwise)))
            elif p.kind == "for":
                body, pos, end = sequence(pos + 1, ("endfor",))
                if end != "endfor":
                    raise _BadTemplate("for without endfor")
                loop = ForExpr(p.key, p.value, p.expr, None, _template(body), None)
                parts.append(Call("join", (Lit(""), loop)))
            else:
                raise _BadTemplate(f"{p.kind} without its directive")
            pos += 1
        if ends:
            raise _BadTemplate("unterminated directive")
        return parts, pos, None

    try:
        parts, _, _ = sequence(0, ())
    except _BadTemplate:
        return Unsupported("template directive that does not parse")
    return _template(parts)


class HeredocError(Exception):
    """An interpolation in a heredoc that does not parse: Terraform parses heredoc
    templates with the file, so the file is rejected."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def check_heredoc(token) -> None:
    """Raise ``HeredocError`` for the first interpolation of a heredoc token that is
    certainly invalid: unclosed, or one line that does not parse as an expression.
    An interpolation over several lines is not judged (Terraform ignores newlines
    inside ``${ }``, the grammar does not), nor is anything after a ``%{`` directive
    (which edgelint does not read): no error without certainty. Used by the converter
    and by the recogniser alike."""
    raw = str(token)
    body_start = raw.index("\n") + 1
    pos = body_start
    while True:
        m = _INTERP_START.search(raw, pos)
        if not m or m.group(1) == "%{":
            return
        if m.group(1) in ("$${", "%%{"):
            pos = m.end()
            continue
        end = _matching_brace(raw, m.end())
        if end < 0:
            raise HeredocError(*_token_position(token, raw, m.start()),
                               'unclosed interpolation in a heredoc ("${" without "}")')
        inner = raw[m.end():end]
        if "\n" not in inner:
            # strip markers: the same length, so columns stay right
            stripped = inner.strip()
            if stripped.startswith("~"):
                inner = inner.replace("~", " ", 1)
            if stripped.endswith("~"):
                cut = inner.rindex("~")
                inner = inner[:cut] + " " + inner[cut + 1:]
            try:
                grammar.parse(grammar.recognizer(), f"x = {inner}\n")
            except Exception as exc:
                col = getattr(exc, "column", None)
                at = m.end() + (min(max(col - 5, 0), len(inner)) if isinstance(col, int) else len(inner))
                why = _describe(exc) if getattr(getattr(exc, "token", None), "type", None) != "$END" else "incomplete expression"
                raise HeredocError(*_token_position(token, raw, at), f"in a heredoc's interpolation: {why}") from None
        pos = end + 1


def _token_position(token, raw: str, offset: int) -> tuple[int, int]:
    line = token.line + raw.count("\n", 0, offset)
    line_start = raw.rfind("\n", 0, offset) + 1
    col = offset - line_start + 1 if line_start > 0 else token.column + offset
    return line, col


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    in_string = False
    i = start
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1
