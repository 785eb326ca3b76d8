"""What HCL requires of a body's layout that the grammar cannot say, checked after
parsing, with Terraform's own wording (hclsyntax's parser): an argument set twice in
one body, a block whose ``{`` is not on the header's line, a single-line block with
anything but one argument, items not ended by a newline.

The checks read one neutral shape of a body (``NL`` and ``Item`` entries) built two
ways: from the Lark tree of the full parser (``check_tree``) and, while the recogniser
parses, by its callbacks (``SHAPE_CALLBACKS``), so both report the same error. When a
file has several, the first in the text is reported, as Terraform lists them.
"""

from __future__ import annotations


class StructureError(Exception):
    """A file Terraform rejects for its layout; ``message(path)`` is Terraform's text."""

    def __init__(self, line: int, col: int, summary: str, detail: str, first: tuple | None = None):
        super().__init__(summary)
        self.line, self.col = line, col
        self.summary, self.detail, self.first = summary, detail, first

    def message(self, path: str) -> str:
        detail = self.detail
        if self.first is not None:  # where the argument was first set, as Terraform writes it
            line, col, end = self.first
            detail = detail.format(at=f"{path}:{line},{col}-{end}")
        return f"{self.summary}: {detail}"


class NL:
    """A newline (or a line comment, which ends with one) between items."""

    __slots__ = ("line", "col")

    def __init__(self, line: int, col: int):
        self.line, self.col = line, col


class Item:
    """An attribute or a block of a body: where its name is, whether its text ends with
    a newline of its own (a heredoc does), and the first error inside it."""

    __slots__ = ("kind", "name", "line", "col", "end_col", "ends_line", "error")

    def __init__(self, kind: str, name: str, line: int, col: int, ends_line: bool = False,
                 error: StructureError | None = None):
        self.kind, self.name, self.line, self.col = kind, name, line, col
        self.end_col = col + len(name)
        self.ends_line, self.error = ends_line, error


def _first(*errors: StructureError | None) -> StructureError | None:
    found = [e for e in errors if e is not None]
    return min(found, key=lambda e: (e.line, e.col)) if found else None


def body_error(entries: list, closer: tuple | None) -> StructureError | None:
    """The first error of a multi-line body (or the file's top level, ``closer`` None):
    every item ends with a newline, no argument is set twice."""
    errors = [e.error for e in entries if isinstance(e, Item)]
    seen: dict[str, Item] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Item):
            continue
        if entry.kind == "attribute":
            first = seen.get(entry.name)
            if first is not None:
                errors.append(StructureError(
                    entry.line, entry.col, "Attribute redefined",
                    f'The argument "{entry.name}" was already set at {{at}}. Each argument may be set only once.',
                    (first.line, first.col, first.end_col)))
            else:
                seen[entry.name] = entry
        if entry.ends_line:
            continue
        after = entries[i + 1] if i + 1 < len(entries) else None
        if isinstance(after, NL):
            continue
        at = (after.line, after.col) if after is not None else closer
        if at is None:
            continue
        if entry.kind == "attribute":
            errors.append(StructureError(*at, "Missing newline after argument",
                                         "An argument definition must end with a newline."))
        else:
            errors.append(StructureError(*at, "Missing newline after block definition",
                                         "A block definition must end with a newline."))
        break  # Terraform stops reading the body here
    return _first(*errors)


def block_item(name: str, line: int, col: int, header_newline: NL | None, entries: list,
               closer: tuple) -> Item:
    """A block, its own layout checked: ``{`` on the header's line; a body that does not
    start with a newline is a single-line block and holds at most one argument."""
    if header_newline is not None:
        error = StructureError(header_newline.line, header_newline.col, "Invalid block definition",
                               'A block definition must have block content delimited by "{" and "}", '
                               "starting on the same line as the block header.")
        return Item("block", name, line, col, error=error)
    if entries and not isinstance(entries[0], NL):
        return Item("block", name, line, col, error=_single_line_error(entries))
    return Item("block", name, line, col, error=body_error(entries, closer))


def _single_line_error(entries: list) -> StructureError | None:
    only = entries[0]
    if only.kind == "block":
        return StructureError(
            only.line, only.col, "Argument definition required",
            "A single-line block definition can contain only a single argument. If you meant to define "
            f'argument "{only.name}", use an equals sign to assign it a value. To define a nested block, '
            "place it on a line of its own within its parent block.")
    if len(entries) == 1 or only.ends_line:
        return only.error
    after = entries[1]
    if isinstance(after, NL):
        detail = ("An argument definition on the same line as its containing block creates a single-line "
                  "block definition, which must also be closed on the same line. Place the block's closing "
                  "brace immediately after the argument definition.")
    else:
        detail = "A single-line block definition must end with a closing brace immediately after its single argument definition."
    return StructureError(after.line, after.col, "Invalid single-argument block definition", detail)


# --- from the full parser's tree -----------------------------------------------------


def check_tree(tree) -> None:
    """Raise the first ``StructureError`` of a parsed file (its Lark tree)."""
    error = body_error(_tree_entries(tree.children[0]), None)
    if error is not None:
        raise error


def _tree_entries(body) -> list:
    entries: list = []
    for child in body.children:
        kind = child.data
        if kind == "new_line_or_comment":
            tok = child.children[0]
            entries.append(NL(tok.line, tok.column))
        elif kind == "attribute":
            name = child.children[0]
            tok = name.children[0]
            entries.append(Item("attribute", str(tok), tok.line, tok.column,
                                ends_line=_ends_line(child)))
        elif kind == "block":
            entries.append(_tree_block(child))
    return entries


def _tree_block(node) -> Item:
    name = node.children[0]
    header_newline = None
    entries: list = []
    closer = None
    for part in node.children[1:]:
        data = getattr(part, "data", None)
        if data == "new_line_or_comment" and header_newline is None:
            tok = part.children[0]
            header_newline = NL(tok.line, tok.column)
        elif data == "body":
            entries = _tree_entries(part)
        elif data is None and part.type == "RBRACE":
            closer = (part.line, part.column)
    tok = name.children[0]
    return block_item(str(tok), tok.line, tok.column, header_newline, entries, closer)


_LINE_ENDERS = frozenset({"new_line_or_comment", "heredoc_template", "heredoc_template_trim"})


def _ends_line(node) -> bool:
    """Whether a node's text ends with a newline: a heredoc, or the newline (or line
    comment) that a binary operation's rule takes in after its right operand."""
    while hasattr(node, "data"):
        if node.data in _LINE_ENDERS:
            return True
        if not node.children:
            return False
        node = node.children[-1]
    return False


# --- from the recogniser's callbacks -------------------------------------------------


class _Name:
    """A name token (identifier, keyword or literal used as a name)."""

    __slots__ = ("token",)

    def __init__(self, token):
        self.token = token


class _Splice:
    """The result of an inlined rule (``_attribute_name``): Lark splices its children."""

    __slots__ = ("children",)

    def __init__(self, children):
        self.children = children


class _Body:
    __slots__ = ("entries",)

    def __init__(self, entries):
        self.entries = entries


class _EndsLine:
    """An expression whose text ends with a newline: a heredoc, or the newline (or line
    comment) that a binary operation's rule takes in after its right operand."""

    children: list = []


_ENDS_LINE = _EndsLine()


def passthrough_or_nothing(nothing, children):
    """Every other rule: nothing, unless its text ends with a newline."""
    return _ENDS_LINE if children and (children[-1] is _ENDS_LINE or isinstance(children[-1], NL)) else nothing


def _name(children):
    return _Name(children[0])


def _splice(children):
    return _Splice(children)


def _heredoc(children):
    from edgelint.parse.hcl import check_heredoc

    check_heredoc(children[0])
    return _ENDS_LINE


def _newline(children):
    tok = children[0]
    return NL(tok.line, tok.column)


def _attribute(children):
    name = children[0].token
    return Item("attribute", str(name), name.line, name.column, ends_line=children[-1] is _ENDS_LINE)


def _body(children):
    return _Body([c for c in children if isinstance(c, (NL, Item))])


def _block(children):
    name = children[0].token
    header_newline = None
    entries: list = []
    closer = None
    for part in children[1:]:
        if isinstance(part, NL) and header_newline is None:
            header_newline = part
        elif isinstance(part, _Body):
            entries = part.entries
        elif getattr(part, "type", None) == "RBRACE":
            closer = (part.line, part.column)
    return block_item(str(name), name.line, name.column, header_newline, entries, closer)


def _start(children):
    error = body_error(children[0].entries, None)
    if error is not None:
        raise error
    return None


SHAPE_CALLBACKS = {
    "identifier": _name, "keyword": _name, "literal_value": _name, "_attribute_name": _splice,
    "heredoc_template": _heredoc, "heredoc_template_trim": _heredoc, "new_line_or_comment": _newline,
    "attribute": _attribute, "body": _body, "block": _block, "start": _start,
}
