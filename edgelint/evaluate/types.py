"""Terraform's type constraints and the conversions it applies to a value entering
a variable (a default, a tfvars entry, ``-var``, a module input).

``parse_type`` reads a ``variable`` block's ``type`` expression (``string``,
``list(number)``, ``map(object({ protocol = optional(string, "https-only") }))``,
``any``) into a ``Type``; ``convert`` gives the value Terraform would store, or
raises ``ConversionError`` where Terraform would refuse the value (the caller turns
that into ``Unknown``: never a guess).

What ``convert`` does, as cty's ``convert`` and ``typeexpr.Defaults`` do it:

- primitives: a number or bool becomes a string where a string is wanted, a string
  spelling a number or ``true``/``false`` becomes one; nothing else converts;
- ``list``/``set``/``tuple`` accept any sequence; a set is de-duplicated and, for
  strings, numbers and bools, sorted as cty sorts them;
- ``map``/``object`` accept any object; an object type drops attributes it does not
  declare, fills an omitted or null ``optional(T, default)`` with its default
  (converted, so nested defaults apply too) and refuses a missing required one;
- ``null`` stays null (``nullable = false`` is the caller's business).

Known simplification: elements of ``list(any)``/``map(any)`` are not unified to one
type (``["a", 1]`` stays as written; Terraform makes it ``["a", "1"]``) except where
every element is a primitive and one is a string (then all become strings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from edgelint.evaluate.values import Known, Partial, Ref, SetList, Unknown, Value, to_text
from edgelint.parse.syntax import Call, Lit, ObjectExpr, Template, Traversal, TupleExpr

PRIMITIVES = ("string", "number", "bool")


class ConversionError(ValueError):
    """Terraform would refuse this value for this type."""


class TypeSyntaxError(ValueError):
    """A ``type`` expression that is not a type constraint."""


@dataclass(frozen=True, slots=True)
class Type:
    """``kind`` is a primitive, ``any``, ``list``/``set``/``map`` (``element``),
    ``tuple`` (``elements``) or ``object`` (``attributes``: name → ``Attribute``)."""

    kind: str
    element: Type | None = None
    elements: tuple = ()
    attributes: tuple = ()  # of (name, ObjectAttribute), sorted by name

    def __str__(self) -> str:
        if self.kind in (*PRIMITIVES, "any"):
            return self.kind
        if self.kind in ("list", "set", "map"):
            return f"{self.kind}({self.element})"
        if self.kind == "tuple":
            return "tuple([" + ", ".join(map(str, self.elements)) + "])"
        return "object({" + ", ".join(f"{n} = {a}" for n, a in self.attributes) + "})"


@dataclass(frozen=True, slots=True)
class ObjectAttribute:
    type: Type
    optional: bool = False
    default: Any = None  # a Python value (already evaluated), None: no default

    def __str__(self) -> str:
        if not self.optional:
            return str(self.type)
        return f"optional({self.type})" if self.default is None else f"optional({self.type}, ...)"


ANY = Type("any")


def parse_type(expr, evaluate=None) -> Type:
    """A type constraint expression as a ``Type``; ``evaluate`` turns an
    ``optional()`` default expression into a Value (constant scope)."""
    if isinstance(expr, Traversal) and isinstance(expr.root, str) and not expr.steps:
        if expr.root in (*PRIMITIVES, "any"):
            return Type(expr.root)
        raise TypeSyntaxError(f"'{expr.root}' is not a type")
    if isinstance(expr, Lit) and expr.value in (*PRIMITIVES, "any"):  # pre-0.12 quoted types
        return Type(expr.value)
    if not isinstance(expr, Call) or len(expr.args) != 1 and expr.name != "optional":
        raise TypeSyntaxError("not a type constraint")
    (arg, *_rest) = expr.args
    if expr.name in ("list", "set", "map"):
        return Type(expr.name, element=parse_type(arg, evaluate))
    if expr.name == "tuple":
        if not isinstance(arg, TupleExpr):
            raise TypeSyntaxError("tuple() takes a list of types")
        return Type("tuple", elements=tuple(parse_type(e, evaluate) for e in arg.items))
    if expr.name == "object":
        if not isinstance(arg, ObjectExpr):
            raise TypeSyntaxError("object() takes an object of types")
        attributes = {}
        for key, value in arg.items:
            name = _attribute_name(key)
            attributes[name] = _object_attribute(value, evaluate)
        return Type("object", attributes=tuple(sorted(attributes.items())))
    raise TypeSyntaxError(f"{expr.name}() is not a type")


def _attribute_name(key) -> str:
    if isinstance(key, Lit) and isinstance(key.value, str):
        return key.value
    if isinstance(key, Traversal) and isinstance(key.root, str) and not key.steps:
        return key.root
    if isinstance(key, Template) and len(key.parts) == 1 and isinstance(key.parts[0], str):
        return key.parts[0]
    raise TypeSyntaxError("an object attribute name must be a name")


def _object_attribute(expr, evaluate) -> ObjectAttribute:
    if not (isinstance(expr, Call) and expr.name == "optional"):
        return ObjectAttribute(parse_type(expr, evaluate))
    if not 1 <= len(expr.args) <= 2:
        raise TypeSyntaxError("optional() takes a type and an optional default")
    type_ = parse_type(expr.args[0], evaluate)
    if len(expr.args) == 1:
        return ObjectAttribute(type_, optional=True)
    if evaluate is None:
        raise TypeSyntaxError("optional() default cannot be evaluated here")
    default = evaluate(expr.args[1])
    if not isinstance(default, Known):
        raise TypeSyntaxError("optional() default is not a constant")
    if default.value is None:
        return ObjectAttribute(type_, optional=True)
    return ObjectAttribute(type_, optional=True, default=convert(default.value, type_))


def convert_value(value: Value, type_: Type) -> Value:
    """A Value converted to ``type_``: Known stays Known (converted), a ``Ref`` or
    ``Partial`` wanted as a string stays as it is, anything else unknown stays
    Unknown; a value Terraform refuses becomes Unknown with the reason."""
    if type_.kind == "any":
        return value
    if isinstance(value, Known):
        try:
            return Known(convert(value.value, type_))
        except ConversionError as exc:
            return Unknown(f"Terraform rejects this value for type {type_}: {exc}")
    if isinstance(value, (Ref, Partial)) and type_.kind not in ("string", "any"):
        # A reference's value has the target attribute's type: keep the fact.
        return value
    return value


def convert(data: Any, type_: Type) -> Any:
    """A Python value (leaves may be Values) converted to ``type_``."""
    if isinstance(data, Value):
        if isinstance(data, Known):
            return convert(data.value, type_)
        return data  # an unknown leaf keeps its unknown value; its type is the constraint's
    if data is None or type_.kind == "any":
        return _unify_any(data) if type_.kind == "any" else None
    kind = type_.kind
    if kind == "string":
        text = to_text(data)
        if text is None:
            raise ConversionError(f"a {_type_name(data)} is not a string")
        return text
    if kind == "number":
        return _to_number(data)
    if kind == "bool":
        if isinstance(data, bool):
            return data
        if data in ("true", "false"):
            return data == "true"
        raise ConversionError(f"a {_type_name(data)} is not a bool")
    if kind in ("list", "set", "tuple"):
        if not isinstance(data, list):
            raise ConversionError(f"a {_type_name(data)} is not a {kind}")
        if kind == "tuple":
            if len(data) != len(type_.elements):
                raise ConversionError(f"a tuple of {len(type_.elements)} elements is required")
            return [convert(x, t) for x, t in zip(data, type_.elements)]
        items = [convert(x, type_.element) for x in data]
        if type_.element.kind == "any":
            items = _unify_elements(items)
        return items if kind == "list" else as_set(items)
    if kind == "map":
        if not isinstance(data, dict):
            raise ConversionError(f"a {_type_name(data)} is not a map")
        items = {k: convert(v, type_.element) for k, v in sorted(data.items())}
        if type_.element.kind == "any":
            items = dict(zip(items, _unify_elements(list(items.values()))))
        return items
    if kind == "object":
        if not isinstance(data, dict):
            raise ConversionError(f"a {_type_name(data)} is not an object")
        out = {}
        for name, attribute in type_.attributes:
            given = data.get(name)
            if isinstance(given, Known):
                given = given.value
            if given is None:
                if name not in data and not attribute.optional:
                    raise ConversionError(f"attribute '{name}' is required")
                out[name] = attribute.default
                continue
            out[name] = convert(given, attribute.type)
        return out
    raise ConversionError(f"unknown type {kind}")


def _to_number(data: Any) -> int | float:
    if isinstance(data, bool) or not isinstance(data, (int, float, str)):
        raise ConversionError(f"a {_type_name(data)} is not a number")
    if isinstance(data, str):
        text = data.strip()
        if text != data or not text:
            raise ConversionError(f"{data!r} is not a number")
        try:
            number = float(text)
        except ValueError:
            raise ConversionError(f"{data!r} is not a number") from None
        if text.lower() in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity") or "_" in text:
            raise ConversionError(f"{data!r} is not a number")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return data


def as_set(items: list) -> list:
    """cty's set order: strings and numbers sorted, ``false`` before ``true``;
    equal elements kept once. Unknown elements may equal others: refused."""
    if any(isinstance(x, Value) for x in items):
        if all(isinstance(x, Ref) for x in items) and len(set(items)) == len(items):
            return SetList(items)
        raise ConversionError("a set of unknown elements: which are distinct is not known")
    seen: set[str] = set()
    unique: list = []
    for x in items:
        key = json.dumps(x, sort_keys=True)  # true and 1 stay apart, as in cty
        if key not in seen:
            seen.add(key)
            unique.append(x)
    if all(isinstance(x, str) for x in unique) or all(
            isinstance(x, (int, float)) and not isinstance(x, bool) for x in unique) or all(
            isinstance(x, bool) for x in unique):
        unique.sort()
    return SetList(unique)


def _unify_any(data: Any) -> Any:
    return data


def _unify_elements(items: list) -> list:
    """Elements of ``list(any)``/``map(any)``: primitives mixed with strings all
    become strings, as cty unifies them."""
    known = [x for x in items if x is not None and not isinstance(x, Value)]
    if known and all(isinstance(x, (str, int, float, bool)) for x in known) and any(
            isinstance(x, str) for x in known):
        return [to_text(x) if x is not None and not isinstance(x, Value) else x for x in items]
    if known and all(isinstance(x, (int, float, bool)) for x in known) and {
            isinstance(x, bool) for x in known} == {True, False}:
        raise ConversionError("elements of a bool and a number have no common type")
    return items


def _type_name(data: Any) -> str:
    if isinstance(data, bool):
        return "bool"
    if isinstance(data, (int, float)):
        return "number"
    if isinstance(data, str):
        return "string"
    if isinstance(data, list):
        return "list"
    if isinstance(data, dict):
        return "object"
    return type(data).__name__
