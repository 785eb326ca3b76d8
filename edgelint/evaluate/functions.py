"""Terraform's built-in functions that edgelint evaluates (``FUNCTIONS``), the two
that read files (``FILE_FUNCTIONS``, contained to the checked folder) and the two that
catch errors (``call_try``, ``call_can``). A function whose argument is not fully known
raises ``NeedsKnown``, which the evaluator turns into ``Unknown``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from edgelint.evaluate.conversions import to_bool, to_number
from edgelint.evaluate.types import ConversionError, as_set
from edgelint.evaluate.values import (
    Invalid,
    Known,
    Partial,
    Ref,
    SetList,
    Unknown,
    Value,
    fully_known,
    partial_or_known,
    to_text,
    wrap,
)

if TYPE_CHECKING:
    from edgelint.evaluate.evaluator import Evaluator


class NeedsKnown(Exception):
    pass


def _k(value: Value) -> Any:
    """The fully known Python value of an argument, or stop the call as Unknown."""
    if not value.is_known or not fully_known(value):
        raise NeedsKnown
    return value.known


def call_try(ev: Evaluator, args: tuple) -> Value:
    for arg in args:
        value = ev.eval(arg)
        if isinstance(value, Invalid):
            continue
        return value
    return Invalid("no argument of try() is valid")


def call_can(ev: Evaluator, args: tuple) -> Value:
    if len(args) != 1:
        return Invalid("can() takes one argument")
    value = ev.eval(args[0])
    if isinstance(value, Invalid):
        return Known(False)
    if isinstance(value, Unknown):
        return Unknown("can() of an unknown value")
    return Known(True)


def _file(ev: Evaluator, args: list[Value]) -> Value:
    if len(args) != 1:
        return Invalid("file() takes one argument")
    (path,) = args
    if not (path.is_known and isinstance(path.known, str)):
        return path if isinstance(path, Invalid) else Unknown("file() of an unknown path")
    return ev.scope.read_file(path.known)


def _templatefile(ev: Evaluator, args: list[Value]) -> Value:
    """The template is read like ``file()`` and evaluated with only the variables
    passed in; directives (``%{ for }``) and anything unknown make it Unknown."""
    from edgelint.parse.hcl import TooDeep, template_from_text

    if len(args) != 2:
        return Invalid("templatefile() takes two arguments")
    if ev.scope.in_template:
        return Invalid("templatefile() cannot be called from inside a template")
    text = _file(ev, args[:1])
    if not isinstance(text, Known):
        return text
    variables = args[1]
    if not (variables.is_known and isinstance(variables.known, dict)):
        return variables if isinstance(variables, Invalid) else Unknown("templatefile() with unknown variables")
    try:
        template = template_from_text(text.known, args[0].known)
    except TooDeep:
        return Unknown("template nested too deeply")
    bindings = {name: wrap(value) for name, value in variables.known.items()}
    return type(ev)(ev.scope.template_scope(), bindings).eval(template)


FILE_FUNCTIONS: dict[str, Callable[[Evaluator, list[Value]], Value]] = {
    "file": _file,
    "templatefile": _templatefile,
}


def _coalesce(*args: Value) -> Value:
    for a in args:
        if not a.is_known:
            return Unknown("coalesce() reached an unknown value")
        if a.known is not None and a.known != "":
            return a
    return Invalid("coalesce() has no non-null argument")


def _lookup(m: Value, key: Value, *default: Value) -> Value:
    if not m.is_known or not key.is_known:
        return Unknown("lookup() of an unknown value")
    data = m.known
    if not isinstance(data, dict):
        return Invalid("lookup() on a non-map")
    text = to_text(key.known)
    if text in data:
        return wrap(data[text])
    if default:
        return default[0]
    return Invalid(f"lookup(): no key {text!r}")


def _concat(*args: Value) -> Value:
    out: list = []
    for a in args:
        if not a.is_known or not isinstance(a.known, list):
            return Unknown("concat() of an unknown list")
        out.extend(a.known)
    return Known(out)


def _merge(*args: Value) -> Value:
    out: dict = {}
    for a in args:
        if not a.is_known:
            return Unknown("merge() of an unknown map")
        if a.known is None:
            continue
        if not isinstance(a.known, dict):
            return Invalid("merge() of a non-map")
        out.update(a.known)
    return Known(out)


def _tolist(a: Value) -> Value:
    if not a.is_known:
        return a if isinstance(a, Unknown) else Unknown("tolist() of an unknown value")
    if isinstance(a.known, list):
        return a
    return Invalid("tolist() of a non-list")


def _toset(a: Value) -> Value:
    if not a.is_known:
        return a if isinstance(a, Unknown) else Unknown("toset() of an unknown value")
    data = a.known
    if not isinstance(data, list):
        return Invalid("toset() of a non-list")
    if not fully_known(data):
        # How many elements a set keeps depends on which are equal. References to
        # objects' attributes are told apart by address; any other unknown element
        # might equal another, so the set's size is not known.
        if len(data) > 1 and not all(isinstance(x, Ref) for x in data if isinstance(x, Value)):
            return Unknown("toset() of unknown elements: how many are distinct is not known")
        return Known(SetList(x for i, x in enumerate(data) if x not in data[:i]))
    try:
        return Known(as_set(data))
    except ConversionError as exc:
        return Unknown(f"toset(): {exc}")


def _format(fmt: Value, *args: Value) -> Value:
    if not fmt.is_known or not isinstance(fmt.known, str):
        return Unknown("format() with an unknown format")
    text = fmt.known
    parts: list = []
    i = 0
    arg_i = 0
    while i < len(text):
        ch = text[i]
        if ch != "%":
            parts.append(ch)
            i += 1
            continue
        if text[i + 1: i + 2] == "%":
            parts.append("%")
            i += 2
            continue
        j = i + 1
        while j < len(text) and not text[j].isalpha():
            j += 1
        verb = text[j: j + 1]
        if verb not in ("s", "d", "v", "q") or j > i + 1 or arg_i >= len(args):
            return Unknown("format() verb is not evaluated")
        arg = args[arg_i]
        arg_i += 1
        if arg.is_known:
            s = to_text(arg.known)
            if s is None:
                return Unknown("format() of a collection")
            parts.append(json.dumps(s) if verb == "q" else s)
        elif isinstance(arg, (Ref, Unknown)) and verb in ("s", "v"):
            parts.append(arg)
        elif isinstance(arg, Partial) and verb in ("s", "v"):
            parts.extend(arg.parts)
        else:
            return Unknown("format() of an unknown value")
        i = j + 1
    return partial_or_known(parts)


def _join(sep: Value, *lists: Value) -> Value:
    if not sep.is_known:
        return Unknown("join() with an unknown separator")
    parts: list = []
    first = True
    for lst in lists:
        if not lst.is_known or not isinstance(lst.known, list):
            return Unknown("join() of an unknown list")
        for item in lst.known:
            if not first:
                parts.append(sep.known)
            first = False
            if isinstance(item, Value):
                if isinstance(item, Partial):
                    parts.extend(item.parts)
                else:
                    parts.append(item)
            else:
                text = to_text(item)
                if text is None:
                    return Invalid("join() of a collection")
                parts.append(text)
    return partial_or_known(parts)


def _jsonencode(a: Value) -> Value:
    if not a.is_known:
        return a if isinstance(a, Unknown) else Unknown("jsonencode() of an unknown value")
    data = a.known
    if fully_known(data):  # non-ASCII stays as it is, as Terraform writes it, and as below
        # Terraform writes object keys in lexical order, whatever order they were written in.
        return Known(json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False))
    # Keep the structure: a JSON text whose holes are the unknown leaves, so that a
    # policy document with a reference to a distribution ARN is still readable. Each
    # hole is written as a marker string first; the marker is a private-use character
    # that json.dumps leaves alone (with ensure_ascii=False), so the text can be cut at
    # the markers afterwards. A reference (an ARN, an ID) and a partial string stay
    # between the quotes; of an Unknown not even the JSON type is known, so they go.
    if _contains_text(data, _HOLE):
        return Unknown("jsonencode() of text holding edgelint's hole marker")
    holes: list[Value] = []

    def replace(x):
        if isinstance(x, Value):
            holes.append(x)
            return f"{_HOLE}{len(holes) - 1}{_HOLE}"
        if isinstance(x, dict):
            return {k: replace(v) for k, v in x.items()}
        if isinstance(x, list):
            return [replace(v) for v in x]
        return x

    pieces = json.dumps(replace(data), separators=(",", ":"), sort_keys=True, ensure_ascii=False).split(_HOLE)
    parts: list = []
    for n, piece in enumerate(pieces):
        if n % 2 == 0:
            parts.append(piece)
            continue
        hole = holes[int(piece)]
        if isinstance(hole, Partial):  # its known text lands inside a JSON string: escape it
            parts.extend(json.dumps(p, ensure_ascii=False)[1:-1] if isinstance(p, str) else p for p in hole.parts)
        elif isinstance(hole, Ref):
            parts.append(hole)
        else:
            parts[-1] = parts[-1][:-1]  # the quote before the hole
            pieces[n + 1] = pieces[n + 1][1:]  # and the one after it
            parts.append(hole)
    return partial_or_known(parts)


_HOLE = "\ue000"


def _contains_text(data: Any, marker: str) -> bool:
    if isinstance(data, str):
        return marker in data
    if isinstance(data, dict):
        return any(marker in k or _contains_text(v, marker) for k, v in data.items())
    if isinstance(data, list):
        return any(_contains_text(v, marker) for v in data)
    return False


def _jsondecode(a: Value) -> Value:
    return Known(json.loads(_k(a)))


def _length(a: Value) -> Value:
    if not a.is_known:
        return Unknown("length() of an unknown value")
    return Known(len(a.known))


def _element(lst: Value, idx: Value) -> Value:
    data, i = lst.known, _k(idx)
    if not lst.is_known:
        raise NeedsKnown
    if not data:
        return Invalid("element() of an empty list")
    return wrap(data[int(i) % len(data)])


def _contains(lst: Value, item: Value) -> Value:
    return Known(_k(item) in _k(lst))


def _string_fn(fn: Callable[..., Any]) -> Callable[..., Value]:
    def call(*args: Value) -> Value:
        return Known(fn(*(_k(a) for a in args)))

    return call


def _one(a: Value) -> Value:
    data = _k(a) if not (a.is_known and isinstance(a.known, list)) else a.known
    if len(data) > 1:
        return Invalid("one() of more than one element")
    return wrap(data[0]) if data else Known(None)


def _flatten(a: Value) -> Value:
    out: list = []

    def walk(x):
        for item in x:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item)

    if not a.is_known or not isinstance(a.known, list):
        return Unknown("flatten() of an unknown value")
    walk(a.known)
    return Known(out)


def _tostring(a: Value) -> Value:
    if isinstance(a, (Partial, Ref)):
        return a
    text = to_text(_k(a))
    return Known(text) if text is not None or a.known is None else Invalid("tostring() of a collection")


def _tonumber(a: Value) -> Value:
    return Known(to_number(_k(a)))


def _tobool(a: Value) -> Value:
    return Known(to_bool(_k(a)))


FUNCTIONS: dict[str, Callable[..., Value]] = {
    "format": _format,
    "join": _join,
    "lookup": _lookup,
    "concat": _concat,
    "merge": _merge,
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "tolist": _tolist,
    "toset": _toset,
    "tomap": lambda a: a,
    "coalesce": _coalesce,
    "length": _length,
    "element": _element,
    "contains": _contains,
    "one": _one,
    "flatten": _flatten,
    "tostring": _tostring,
    "tonumber": _tonumber,
    "tobool": _tobool,
    "lower": _string_fn(str.lower),
    "upper": _string_fn(str.upper),
    "trimspace": _string_fn(str.strip),
    "trimprefix": _string_fn(lambda s, p: s[len(p):] if s.startswith(p) else s),
    "trimsuffix": _string_fn(lambda s, p: s[: -len(p)] if p and s.endswith(p) else s),
    "startswith": _string_fn(str.startswith),
    "endswith": _string_fn(str.endswith),
    "replace": _string_fn(lambda s, a, b: s.replace(a, b)),
    "split": _string_fn(lambda sep, s: s.split(sep)),
    "keys": _string_fn(lambda m: sorted(m)),
    "values": _string_fn(lambda m: [m[k] for k in sorted(m)]),
    "compact": _string_fn(lambda lst: [x for x in lst if x not in (None, "")]),
    "distinct": _string_fn(lambda lst: [x for i, x in enumerate(lst) if x not in lst[:i]]),
    "zipmap": _string_fn(lambda ks, vs: dict(zip(ks, vs))),
    "min": _string_fn(min),
    "max": _string_fn(max),
}
