"""A ``variable`` block as Terraform reads it: its type constraint, ``nullable`` and
default, and what a value becomes when it enters the variable (a tfvars entry, a
``-var``, a module input, or the default itself).

Terraform's order: a null value of a ``nullable = false`` variable is replaced by
the default; the value is converted to the type constraint, which fills
``optional()`` attributes with their defaults at every depth; a value the type
refuses is an error (here: ``Unknown``, so nothing is decided on it).
"""

from __future__ import annotations

from dataclasses import dataclass

from edgelint.evaluate.evaluator import Evaluator, Scope
from edgelint.evaluate.types import ANY, Type, TypeSyntaxError, convert_value, parse_type
from edgelint.evaluate.values import Known, Unknown, Value
from edgelint.parse.syntax import Block


@dataclass(frozen=True)
class Variable:
    name: str
    type: Type
    nullable: bool
    default: Value | None  # None: the variable has no default (it is required)
    type_error: str | None = None  # a type expression edgelint does not read
    declared_any: bool = False  # no ``type`` argument at all

    @property
    def literal_cli_value(self) -> bool:
        """``-var name=value`` is taken as a literal string for an untyped or
        ``string`` variable and parsed as an HCL expression for any other type."""
        return self.type.kind == "string" or self.declared_any

    def enter(self, value: Value) -> Value:
        """The variable's value when ``value`` is passed to it."""
        if self.type_error is not None and value.is_known:
            return Unknown(f"var.{self.name}: {self.type_error}")
        if isinstance(value, Known) and value.value is None and not self.nullable:
            if self.default is None or isinstance(self.default, Known) and self.default.value is None:
                return Unknown(f"var.{self.name} is not nullable and null was passed")
            return self.default
        return convert_value(value, self.type)

    def unset(self, why: str) -> Value:
        """The variable's value when nothing is passed: its default, else Unknown."""
        return self.default if self.default is not None else Unknown(why)


def _constant(expr) -> Value:
    return Evaluator(Scope()).eval(expr)


def read_variable(block: Block) -> Variable:
    name = block.labels[0]
    type_, error, untyped = ANY, None, "type" not in block.attributes
    if not untyped:
        try:
            type_ = parse_type(block.attributes["type"].expr, _constant)
        except TypeSyntaxError as exc:
            error = f"type constraint not read ({exc})"
    nullable = True
    if "nullable" in block.attributes:
        flag = _constant(block.attributes["nullable"].expr)
        nullable = not (flag.is_known and flag.known is False)
    default = None
    if "default" in block.attributes:
        raw = _constant(block.attributes["default"].expr)
        default = raw if error is None else Unknown(f"var.{name}: {error}")
        if error is None and not (isinstance(raw, Known) and raw.value is None):
            default = convert_value(raw, type_)
    return Variable(name, type_, nullable, default, error, untyped)
