"""Terraform's built-in functions that edgelint evaluates (``FUNCTIONS``), the two
that read files (``FILE_FUNCTIONS``, contained to the checked folder) and the two that
catch errors (``call_try``, ``call_can``). A function whose argument is not fully known
raises ``NeedsKnown``, which the evaluator turns into ``Unknown``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from edgelint.evaluate import regex
from edgelint.evaluate.conversions import to_bool, to_number
from edgelint.evaluate.types import ConversionError, as_set
from edgelint.evaluate.values import (
    TOO_LARGE,
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
    within_leaves,
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
    if not within_leaves(data):
        return Unknown(TOO_LARGE)
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
    if isinstance(a.known, str) and not _simple_text(a.known):
        return Unknown("length() counts grapheme clusters, which are not counted here")
    if isinstance(a.known, (bool, int, float)) or a.known is None:
        return Invalid("length() of a value that is no string or collection")
    return Known(len(a.known))


# Go's unicode.IsSpace, which strings.TrimSpace uses (Python's isspace() adds \x1c-\x1f).
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000"


def _ascii_case(fn: Callable[[str], str]) -> Callable[[str], str]:
    """Go's simple case mapping and Python's full one differ outside ASCII (ß)."""
    def call(s: str) -> str:
        if not s.isascii():
            raise NeedsKnown
        return fn(s)

    return call


def _split(sep: str, s: str) -> list[str]:
    if sep == "":
        if not _simple_text(s):
            raise NeedsKnown
        return list(s)
    return s.split(sep)


def _element(lst: Value, idx: Value) -> Value:
    data, i = lst.known, _k(idx)
    if not lst.is_known:
        raise NeedsKnown
    if not data:
        return Invalid("element() of an empty list")
    i = int(to_number(i))
    if i < 0:  # Go's remainder keeps the sign: only a multiple of the length wraps to 0
        return wrap(data[0]) if i % len(data) == 0 else Invalid("element() with a negative index")
    return wrap(data[int(i) % len(data)])


def _contains(lst: Value, item: Value) -> Value:
    return Known(_k(item) in _k(lst))


def _string_fn(fn: Callable[..., Any]) -> Callable[..., Value]:
    def call(*args: Value) -> Value:
        return Known(fn(*(_k(a) for a in args)))

    return call


def _sort_text(x) -> str:
    """sort() compares strings (UTF-8 byte order is code point order); numbers and
    bools are converted, null is an error."""
    text = to_text(x)
    if text is None:
        raise TypeError("sort() of a value that is not a string")
    return text


def _raise(exc):
    raise exc


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
    if not within_leaves(a.known):
        return Unknown(TOO_LARGE)
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


def _replace(text: Value, substr: Value, replacement: Value) -> Value:
    """``replace()``: a substring wrapped in slashes is an RE2 pattern, its
    replacement a Go template (``$1``)."""
    s, sub, rep = _text(text), _text(substr), _text(replacement)
    if len(sub) > 1 and sub.startswith("/") and sub.endswith("/"):
        try:
            return Known(regex.replace_all(regex.compile_re2(sub[1:-1], s), s, rep))
        except regex.NotExact as exc:
            return Unknown(f"replace(): {exc}")
    return Known(s.replace(sub, rep))


def _match_value(rx, m) -> Any:
    """What ``regex()`` gives for one match: the text without groups, a list of the
    groups, or an object of named groups (unmatched groups are null)."""
    if rx.groups == 0:
        return m.group(0)
    if rx.groupindex:
        if len(rx.groupindex) != rx.groups:
            raise ValueError("a pattern with both named and unnamed groups")
        return {name: m.group(name) for name in sorted(rx.groupindex)}
    return list(m.groups())


def _regex(pattern: Value, text: Value) -> Value:
    p, s = _text(pattern), _text(text)
    try:
        rx = regex.compile_re2(p, s)
    except regex.NotExact as exc:
        return Unknown(f"regex(): {exc}")
    m = rx.search(s)
    if m is None:
        return Invalid("regex(): the pattern does not match")
    return Known(_match_value(rx, m))


def _regexall(pattern: Value, text: Value) -> Value:
    p, s = _text(pattern), _text(text)
    try:
        rx = regex.compile_re2(p, s)
    except regex.NotExact as exc:
        return Unknown(f"regexall(): {exc}")
    if rx.groupindex and len(rx.groupindex) != rx.groups:
        return Invalid("regexall(): a pattern with both named and unnamed groups")  # even without a match
    return Known([_match_value(rx, m) for m in regex.find_all(rx, s)])


def _text(value: Value) -> str:
    """A string argument (numbers and bools convert, as Terraform does)."""
    text = to_text(_k(value))
    if text is None:
        raise TypeError("a string is required")
    return text


_CHOMP = re.compile(r"(?:\r\n?|\n)*\Z")


def _chomp(text: Value) -> Value:
    return Known(_CHOMP.sub("", _text(text), count=1))


def _simple_text(s: str) -> bool:
    """Each code point is its own grapheme cluster (substr() and strrev() count
    clusters): no combining marks, joiners, variation selectors or CR LF."""
    return s.isascii() and "\r\n" not in s or all(
        unicodedata.category(c)[0] not in "MC" and c not in "\u200d\r" and not 0x1F000 <= ord(c) for c in s)


def _substr(text: Value, offset: Value, length: Value) -> Value:
    s = _text(text)
    start, count = to_number(_k(offset)), to_number(_k(length))
    if not _simple_text(s) or not all(isinstance(x, int) for x in (start, count)):
        return Unknown("substr() of text whose grapheme clusters are not counted here")
    # As terraform console computes it: a negative offset counts from the end (and
    # stops at the start), any negative length means "to the end", length 0 is ""
    # except after a negative offset, where Terraform returns more (not modelled).
    if count == 0:
        return Known("") if start >= 0 else Unknown("substr() of length 0 after a negative offset")
    if start < 0:
        start = max(0, start + len(s))
    return Known(s[start:] if count < 0 else s[start:start + count])


def call_templatestring(ev: Evaluator, args: tuple) -> Value:
    """``templatestring(ref, vars)``: the template comes from a reference (Terraform
    refuses a literal one) and is evaluated like a ``templatefile()`` template."""
    from edgelint.parse.hcl import TooDeep, template_from_text
    from edgelint.parse.syntax import Lit, Template

    if len(args) != 2:
        return Invalid("templatestring() takes two arguments")
    if isinstance(args[0], (Lit, Template)):
        return Invalid("templatestring() does not take a literal template")
    template, variables = ev.eval(args[0]), ev.eval(args[1])
    if not (template.is_known and isinstance(template.known, str)):
        return template if isinstance(template, Invalid) else Unknown("templatestring() of an unknown template")
    if not (variables.is_known and isinstance(variables.known, dict)):
        return variables if isinstance(variables, Invalid) else Unknown("templatestring() with unknown variables")
    try:
        parsed = template_from_text(template.known, "<templatestring>")
    except TooDeep:
        return Unknown("template nested too deeply")
    bindings = {name: wrap(value) for name, value in variables.known.items()}
    return type(ev)(ev.scope.template_scope(), bindings).eval(parsed)


def _yamldecode(text: Value) -> Value:
    return Unknown("yamldecode() is not evaluated: edgelint carries no YAML parser with Terraform's exact semantics")


def _identity(value: Value) -> Value:
    return value


def _number_fn(fn: Callable[..., Any]) -> Callable[..., Value]:
    def call(*args: Value) -> Value:
        numbers = [to_number(_k(a)) for a in args]
        return Known(fn(*numbers))

    return call


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
    "lower": _string_fn(_ascii_case(str.lower)),
    "upper": _string_fn(_ascii_case(str.upper)),
    "trimspace": _string_fn(lambda s: s.strip(_GO_SPACE)),
    "trimprefix": _string_fn(lambda s, p: s[len(p):] if s.startswith(p) else s),
    "trimsuffix": _string_fn(lambda s, p: s[: -len(p)] if p and s.endswith(p) else s),
    "startswith": _string_fn(str.startswith),
    "endswith": _string_fn(str.endswith),
    "replace": _replace,
    "regex": _regex,
    "regexall": _regexall,
    "chomp": _chomp,
    "substr": _substr,
    "strcontains": _string_fn(lambda s, sub: sub in s),
    "sensitive": _identity,
    "nonsensitive": _identity,
    "yamldecode": _yamldecode,
    "abs": _number_fn(abs),
    "ceil": _number_fn(lambda x: math.ceil(x)),
    "floor": _number_fn(lambda x: math.floor(x)),
    "signum": _number_fn(lambda x: (x > 0) - (x < 0) if isinstance(x, int) else _raise(ValueError("not whole"))),
    "strrev": _string_fn(lambda s: s[::-1] if _simple_text(s) else _raise(NeedsKnown)),
    "trim": _string_fn(lambda s, cut: s.strip(cut)),
    "reverse": _string_fn(lambda lst: list(reversed(lst))),
    "sort": _string_fn(lambda lst: sorted(_sort_text(x) for x in lst)),
    "alltrue": _string_fn(lambda lst: all(to_bool(x) for x in lst)),
    "anytrue": _string_fn(lambda lst: any(to_bool(x) for x in lst)),
    "base64encode": _string_fn(lambda s: base64.b64encode(s.encode()).decode()),
    "base64decode": _string_fn(lambda s: base64.b64decode(s, validate=True).decode()),
    "md5": _string_fn(lambda s: hashlib.md5(s.encode()).hexdigest()),
    "sha1": _string_fn(lambda s: hashlib.sha1(s.encode()).hexdigest()),
    "sha256": _string_fn(lambda s: hashlib.sha256(s.encode()).hexdigest()),
    "sha512": _string_fn(lambda s: hashlib.sha512(s.encode()).hexdigest()),
    "split": _string_fn(_split),
    "keys": _string_fn(lambda m: sorted(m)),
    "values": _string_fn(lambda m: [m[k] for k in sorted(m)]),
    "compact": _string_fn(lambda lst: [x for x in lst if x not in (None, "")]),
    "distinct": _string_fn(lambda lst: [x for i, x in enumerate(lst) if x not in lst[:i]]),
    "zipmap": _string_fn(lambda ks, vs: dict(zip(ks, vs))),
    "min": _string_fn(min),
    "max": _string_fn(max),
}
