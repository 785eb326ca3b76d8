"""The plain data that the parse stage hands to the rest of the pipeline.

Everything here is a frozen dataclass of strings, numbers and tuples: picklable (the
parse cache and parallel parsing store and ship it) and independent of python-hcl2's
own tree types, so that a parser upgrade touches ``hcl.py`` alone.

Every expression carries the ``span`` of its text (a literal in a list, a key or a
value in an object, an argument of a call), so that a finding can point at
``"0.0.0.0/0"`` inside ``cidr_blocks`` and not only at the attribute; expressions no
file spells (a plan's values, ``Unsupported`` stand-ins) have ``None``. The span takes
no part in comparisons: two expressions that say the same thing are equal wherever
they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of a file: 1-based lines and columns (columns count characters),
    the end column exclusive, as SARIF expects."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int


# --- expressions ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: string, number, bool or null (``None``)."""

    value: object
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Template:
    """A string with interpolations: parts are literal ``str`` or expressions."""

    parts: tuple
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Attr:
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    key: Expr


@dataclass(frozen=True, slots=True)
class Splat:
    """``.*`` or ``[*]``."""


@dataclass(frozen=True, slots=True)
class Traversal:
    """``root.step[step]...``: root is a name (``var``, ``aws_lb``, ``each``) or an
    expression for traversals of computed values (``(x).y``, ``f()[0]``)."""

    root: str | Expr
    steps: tuple
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple  # of (key expression, value expression)
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple
    expand_last: bool = False
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Conditional:
    cond: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Expr
    right: Expr
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str
    operand: Expr
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expr
    key: Expr | None  # set for object comprehensions
    value: Expr
    cond: Expr | None
    grouping: bool = False
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Syntax the evaluator does not model (template directives): always Unknown.
    ``sources`` are references the unknown value is known to derive from (a plan's
    record of an expression it does not spell out)."""

    reason: str
    sources: tuple = ()


@dataclass(frozen=True, slots=True)
class Absolute:
    """A reference by absolute address (``module.cdn.aws_lb.api`` and an attribute
    path), made by a reader that already knows the target (a plan's value that is
    another resource's ARN); it means the same in every module."""

    address: str
    path: tuple = ()


Expr = (
    Lit | Template | Traversal | TupleExpr | ObjectExpr | Call | Conditional | BinaryOp | UnaryOp | ForExpr | Unsupported | Absolute
)


# --- structure ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    span: Span  # the whole attribute, name to end of value


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    attributes: dict[str, Attribute]
    blocks: tuple[Block, ...]
    span: Span  # from the type keyword to the closing brace

    def blocks_of(self, type_: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == type_)


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    col: int
    text: str  # with its marker (#, //, /* */)


@dataclass(frozen=True, slots=True)
class ParseError:
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One file's blocks and comments, or the error that stopped its parse."""

    path: str
    blocks: tuple[Block, ...] = ()
    attributes: dict = field(default_factory=dict)  # top-level ones: tfvars files
    comments: tuple[Comment, ...] = ()
    error: ParseError | None = None
    lines: tuple[str, ...] = field(default=(), repr=False)
