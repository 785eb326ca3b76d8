"""Terraform's JSON syntax (``.tf.json``): a small reader that keeps the position
of every value, and the conversion of a document into the same blocks and
attributes as HCL.
"""

from __future__ import annotations

import json
import re

from edgelint.parse.hcl import NESTING_LIMIT, TooDeep, failed, template_from_text
from edgelint.parse.syntax import (
    Attribute,
    Block,
    Lit,
    ObjectExpr,
    ParsedFile,
    Span,
    TupleExpr,
)

# Block types whose JSON form has this many label levels before the body.
_JSON_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 0,
                "locals": 0, "terraform": 0}


def parse_json(text: str, path: str) -> ParsedFile:
    lines = tuple(text.split("\n"))
    try:
        root = _JsonReader(text, path).document()
    except _JsonError as exc:
        return failed(path, exc.message, exc.line, exc.col, lines)
    try:
        return _json_file(root, text, path, lines)
    except TooDeep as exc:
        return failed(path, exc.message, exc.line or 1, exc.col or 1, lines)
    except _JsonError as exc:
        return failed(path, exc.message, exc.line, exc.col, lines)


# The names Terraform gives each label level in its messages.
_LABEL_NAMES = {"resource": ("type", "name"), "data": ("type", "name")}


def _wrong_type(node: _JNode, detail: str) -> _JsonError:
    return _JsonError(f"Incorrect JSON value type: {detail}", node.span.line, node.span.col)


def _json_file(root: _JNode, text: str, path: str, lines: tuple) -> ParsedFile:
    if ".tfvars" in path:
        if not isinstance(root.value, dict):
            return failed(path, "a Terraform JSON file must hold an object", root.span.line, root.span.col, lines)
        attributes = {k.value: Attribute(k.value, _json_expr(v, path), Span(path, k.span.line, k.span.col, v.span.end_line, v.span.end_col))
                      for k, v in root.value.items()}
        return ParsedFile(path, (), attributes, (), None, lines)
    # Terraform's JSON syntax: the root is an object, or an array of objects each read
    # as one (as at every level where blocks are expected).
    if isinstance(root.value, list):
        bodies = root.value
        for body in bodies:
            if not isinstance(body.value, dict):
                raise _wrong_type(body, "A JSON object is required here, to define arguments and child blocks.")
    elif isinstance(root.value, dict):
        bodies = [root]
    else:
        return failed(path, "Root value must be object: The root value in a JSON-based configuration must be "
                      "either a JSON object or a JSON array of objects.", root.span.line, root.span.col, lines)
    blocks: list[Block] = []
    for body in bodies:
        for key, node in body.value.items():
            if key.value == "//":
                continue
            depth = _JSON_LABELS.get(key.value, 0)
            blocks.extend(_json_blocks(key.value, (), node, depth, path))
    return ParsedFile(path, tuple(blocks), {}, (), None, lines)


def read_json(text: str, path: str) -> _JNode:
    """A JSON document whose every value keeps its span (``.value``, ``.span``; object
    keys are nodes too). Raises ``ValueError`` with ``line`` and ``col`` attributes."""
    try:
        return _JsonReader(text, path).document()
    except _JsonError as exc:
        error = ValueError(exc.message)
        error.line, error.col = exc.line, exc.col
        raise error from None


def _json_blocks(type_: str, labels: tuple, node: _JNode, depth: int, path: str) -> list[Block]:
    """The blocks of one top-level key: at each of its ``depth`` label levels and at
    its body, an object, or an array of objects each read as one (Terraform's JSON
    syntax); anything else is Terraform's error, never silently nothing."""
    items = node.value if isinstance(node.value, list) else [node]
    if depth > 0:
        names = _LABEL_NAMES.get(type_, ("name",))
        which = names[max(0, len(names) - depth)]
        if not isinstance(node.value, (dict, list)):
            raise _wrong_type(node, "Either a JSON object or JSON array of objects is required here, "
                                    f"to specify {which} labels for this block.")
        out = []
        for item in items:
            if not isinstance(item.value, dict):
                raise _wrong_type(item, f"A JSON object is required here, to specify {which} labels for this block.")
            for k, v in item.value.items():
                out.extend(_json_blocks(type_, labels + (k.value,), v, depth - 1, path))
        return out
    if not isinstance(node.value, (dict, list)):
        raise _wrong_type(node, "Either a JSON object or a JSON array is required, representing the contents "
                                f'of one or more "{type_}" blocks.')
    for item in items:
        if not isinstance(item.value, dict):
            raise _wrong_type(item, "A JSON object is required here, setting the arguments for this block."
                              if not labels else "Either a JSON object or JSON array of objects is required here, "
                                                 "to define arguments and child blocks.")
    return [_json_block(type_, labels, body, path) for body in items]


# Attributes that hold nested blocks in JSON syntax (objects or lists of objects).
def _looks_like_blocks(node: _JNode) -> bool:
    if isinstance(node.value, dict):
        return True
    return isinstance(node.value, list) and bool(node.value) and all(isinstance(i.value, dict) for i in node.value)


_JSON_VALUE_OBJECTS = frozenset({"tags", "tags_all", "default", "variables", "environment", "triggers",
                                 "request_parameters", "request_templates", "response_parameters",
                                 "attributes", "labels", "value", "for_each", "locals", "inputs",
                                 "policy", "stage_variables", "metadata"})


def _json_block(type_: str, labels: tuple, body: _JNode, path: str) -> Block:
    attributes: dict[str, Attribute] = {}
    nested: list[Block] = []
    for key, value in body.value.items():
        name = key.value
        if name == "//":
            continue
        span = Span(path, key.span.line, key.span.col, value.span.end_line, value.span.end_col)
        if type_ in ("locals",) or name in _JSON_VALUE_OBJECTS or type_ in ("variable", "output") or not _looks_like_blocks(value):
            attributes[name] = Attribute(name, _json_expr(value, path), span)
        else:
            items = value.value if isinstance(value.value, list) else [value]
            if name == "dynamic":
                for k, v in value.value.items() if isinstance(value.value, dict) else ():
                    nested.append(_json_block("dynamic", (k.value,), v, path))
                continue
            for item in items:
                nested.append(_json_block(name, (), item, path))
    return Block(type_, labels, attributes, tuple(nested), body.span)


def _json_expr(node: _JNode, path: str):
    v = node.value
    if isinstance(v, str):
        try:
            return template_from_text(v, path, node.depth) if ("${" in v or "%{" in v) else Lit(v)
        except TooDeep as exc:
            raise exc.locate(node.span.line, node.span.col) from None
    if isinstance(v, list):
        return TupleExpr(tuple(_json_expr(i, path) for i in v))
    if isinstance(v, dict):
        return ObjectExpr(tuple((Lit(k.value), _json_expr(i, path)) for k, i in v.items()))
    return Lit(v)


class _JNode:
    __slots__ = ("value", "span", "depth")

    def __init__(self, value, span: Span, depth: int = 0):
        self.value = value
        self.span = span
        self.depth = depth  # how deeply nested the value is in the document

    def __hash__(self):  # keys are looked up by their string value
        return hash(self.value)

    def __eq__(self, other):
        return isinstance(other, _JNode) and other.value == self.value


class _JsonError(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class _JsonReader:
    """A small JSON reader that keeps the span of every value (the json module keeps none)."""

    _NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
    _WS = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str, path: str):
        self.text, self.path, self.pos = text, path, 0
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def where(self, pos: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def fail(self, message: str):
        raise _JsonError(message, *self.where(self.pos))

    def document(self) -> _JNode:
        node = self.value(0)
        self.skip()
        if self.pos != len(self.text):
            self.fail("unexpected text after the JSON value")
        return node

    def skip(self):
        self.pos = self._WS.match(self.text, self.pos).end()

    def node(self, value, start: int, depth: int = 0) -> _JNode:
        line, col = self.where(start)
        end_line, end_col = self.where(self.pos)
        return _JNode(value, Span(self.path, line, col, end_line, end_col), depth)

    def value(self, depth: int) -> _JNode:
        if depth > NESTING_LIMIT:
            self.skip()
            self.fail(TooDeep.message)
        self.skip()
        start = self.pos
        ch = self.text[self.pos: self.pos + 1]
        if ch == "{":
            self.pos += 1
            items: dict = {}
            self.skip()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return self.node(items, start, depth)
            while True:
                self.skip()
                if not self.text.startswith('"', self.pos):
                    self.fail("expected a string key")
                key = self.value(depth + 1)
                self.skip()
                if not self.text.startswith(":", self.pos):
                    self.fail("expected ':'")
                self.pos += 1
                items[key] = self.value(depth + 1)
                self.skip()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif self.text.startswith("}", self.pos):
                    self.pos += 1
                    return self.node(items, start, depth)
                else:
                    self.fail("expected ',' or '}'")
        if ch == "[":
            self.pos += 1
            values: list = []
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return self.node(values, start, depth)
            while True:
                values.append(self.value(depth + 1))
                self.skip()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif self.text.startswith("]", self.pos):
                    self.pos += 1
                    return self.node(values, start, depth)
                else:
                    self.fail("expected ',' or ']'")
        if ch == '"':
            try:
                value, end = json.decoder.scanstring(self.text, self.pos + 1)
            except json.JSONDecodeError as exc:
                self.pos = exc.pos
                self.fail(exc.msg)
            self.pos = end
            return self.node(value, start, depth)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return self.node(value, start, depth)
        m = self._NUMBER.match(self.text, self.pos)
        if m and m.group():
            self.pos = m.end()
            text = m.group()
            return self.node(float(text) if any(c in text for c in ".eE") else int(text), start, depth)
        self.fail("expected a JSON value" if ch else "unexpected end of file")
