"""Evaluate stage: expressions to ``Known``, ``Ref``, ``Partial`` or ``Unknown`` values.

The rule of silence starts here: anything this module cannot compute with certainty
becomes ``Unknown`` with a reason, never a guess. A ``Ref`` is a strong fact (the
value *is* that resource's attribute) even though its runtime value is unknown.
``Partial`` is a string template whose known pieces are kept, so that
``"${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"`` is
still recognisably an execute-api hostname.

A ``Known`` collection may hold non-Known leaves (``["a.com", var.unset]`` is a
Known list of two elements, the second Unknown); ``fully_known`` tells the two apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


class _UnknownSentinel:
    """What ``.known`` gives for a value that is not Known: equal to nothing, and
    with no truth value, so a rule cannot mistake it for ``False`` or ``""``."""

    __slots__ = ()

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError("an unknown value has no truth value: test value.is_known first")

    def __contains__(self, item):
        return False

    def __repr__(self):
        return "UNKNOWN"


UNKNOWN = _UnknownSentinel()


class Value:
    __slots__ = ()
    is_known = False

    @property
    def known(self) -> Any:
        """The Python value when Known, else ``UNKNOWN``."""
        return UNKNOWN

    def refs(self) -> Iterator[Ref]:
        return iter(())


@dataclass(frozen=True, slots=True)
class Known(Value):
    value: Any
    is_known = True

    @property
    def known(self) -> Any:
        return self.value

    def refs(self) -> Iterator[Ref]:
        yield from _refs_in(self.value)


@dataclass(frozen=True, slots=True)
class Ref(Value):
    """A reference to an object's attribute: ``aws_lb.api`` + ``("dns_name",)``."""

    address: str
    path: tuple = ()

    @property
    def type(self) -> str:
        """The resource type (``data.`` kept for data sources), whatever the module path."""
        from edgelint.evaluate.addresses import split_address

        parts = split_address(self.address)[1]
        return ".".join(parts[:2]) if parts[0] == "data" else parts[0]

    @property
    def attribute(self) -> str | None:
        return self.path[0] if self.path and isinstance(self.path[0], str) else None

    def refs(self) -> Iterator[Ref]:
        yield self

    def __str__(self) -> str:
        return ".".join([self.address, *map(str, self.path)])


@dataclass(frozen=True, slots=True)
class Partial(Value):
    """A string of known text and unknown pieces (``Ref`` or ``Unknown``)."""

    parts: tuple

    @property
    def prefix(self) -> str:
        return self.parts[0] if isinstance(self.parts[0], str) else ""

    @property
    def suffix(self) -> str:
        return self.parts[-1] if isinstance(self.parts[-1], str) else ""

    def refs(self) -> Iterator[Ref]:
        for p in self.parts:
            if isinstance(p, Value):
                yield from p.refs()

    def pattern_text(self, hole: str = "*") -> str:
        """The known text with each unknown piece replaced by ``hole``."""
        return "".join(p if isinstance(p, str) else hole for p in self.parts)


@dataclass(frozen=True, slots=True)
class Unknown(Value):
    """A value edgelint cannot know. ``sources`` are the references it was computed
    from (``split("/", aws_lambda_function_url.x.function_url)[2]``): its value is
    unknown, but what it derives from is a fact."""

    reason: str
    sources: tuple = ()

    def refs(self) -> Iterator[Ref]:
        yield from self.sources


@dataclass(frozen=True, slots=True)
class Invalid(Unknown):
    """An expression Terraform itself would reject (missing key, bad types):
    ``try``/``can`` skip it, everything else treats it as Unknown."""


# Budgets: no evaluated string is longer, no collection has more elements, and no
# expression (a local, an attribute) takes more evaluation steps. Beyond them a value
# is Unknown(TOO_LARGE): doubling locals, nested joins over large lists and the like
# finish in a fraction of a second and the module's other values are untouched.
MAX_TEXT = 1_000_000
MAX_ELEMENTS = 100_000
MAX_STEPS = 200_000
TOO_LARGE = "too large to evaluate"


def too_large(data: Any) -> bool:
    """Whether a Python value is over the size budget (its own length only)."""
    if isinstance(data, str):
        return len(data) > MAX_TEXT
    if isinstance(data, (list, dict)):
        return len(data) > MAX_ELEMENTS
    return False


def within_leaves(data: Any, limit: int = MAX_ELEMENTS) -> bool:
    """Whether a nested value has at most ``limit`` leaves (counted with an early
    stop: ``[l, l]`` nested forty deep shares its lists but would print 2^40)."""
    stack, seen = [data], 0
    while stack:
        x = stack.pop()
        if isinstance(x, Known):
            x = x.value
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        else:
            seen += 1
        if seen + len(stack) > limit:
            return False
    return True


class SetList(list):
    """A Terraform set as edgelint holds it: a list in cty's order (strings and
    numbers sorted). It behaves as a list everywhere; iterating it (``for``,
    ``dynamic``) gives each element as its own key, as Terraform does for sets."""

    __slots__ = ()


def iteration_items(data: Any) -> list[tuple[Any, Any]] | None:
    """(key, value) pairs as ``for`` and ``dynamic`` iterate a collection: a map or
    object in lexical key order, a set with each element its own key, a list or
    tuple with its indexes. None for a value that is no collection."""
    if isinstance(data, dict):
        return sorted(data.items())
    if isinstance(data, SetList):
        return [(x, x) for x in data]
    if isinstance(data, list):
        return list(enumerate(data))
    return None


def fully_known(value: Any) -> bool:
    """True when a Value (or a Python value from inside one) holds no unknown leaf."""
    if isinstance(value, Known):
        return fully_known(value.value)
    if isinstance(value, Value):
        return False
    if isinstance(value, dict):
        return all(fully_known(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(fully_known(v) for v in value)
    return True


def wrap(value: Any) -> Value:
    """A Python value or a Value leaf from inside a collection, as a Value."""
    return value if isinstance(value, Value) else Known(value)


def _refs_in(value: Any) -> Iterator[Ref]:
    if isinstance(value, Value):
        yield from value.refs()
    elif isinstance(value, dict):
        for v in value.values():
            yield from _refs_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _refs_in(v)


def to_text(value: Any) -> str | None:
    """Terraform's string conversion of a known primitive, or None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        # Terraform writes numbers in plain decimal notation, never with an exponent.
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, str):
        return value
    return None


def unwrap(value: Value) -> Any:
    """A Value as an element of a Known collection: Known → its Python value."""
    return value.known if isinstance(value, Known) else value


def partial_or_known(parts: list) -> Value:
    merged: list = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        elif not (isinstance(p, str) and p == ""):
            merged.append(p)
    if all(isinstance(p, str) for p in merged):
        return Known("".join(merged))
    return Partial(tuple(merged))
