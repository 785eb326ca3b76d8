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

import json
import math
import os
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from edgelint.safeio import is_inside, read_regular_file
from edgelint.syntax import (
    Absolute, Attr, BinaryOp, Call, Conditional, ForExpr, Index, Lit, ObjectExpr, Splat, Template,
    Traversal, TupleExpr, UnaryOp, Unsupported,
)


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

    def refs(self) -> Iterator["Ref"]:
        return iter(())


@dataclass(frozen=True, slots=True)
class Known(Value):
    value: Any
    is_known = True

    @property
    def known(self) -> Any:
        return self.value

    def refs(self) -> Iterator["Ref"]:
        yield from _refs_in(self.value)


@dataclass(frozen=True, slots=True)
class Ref(Value):
    """A reference to an object's attribute: ``aws_lb.api`` + ``("dns_name",)``."""

    address: str
    path: tuple = ()

    @property
    def type(self) -> str:
        """The resource type (``data.`` kept for data sources), whatever the module path."""
        parts = split_address(self.address)[1]
        return ".".join(parts[:2]) if parts[0] == "data" else parts[0]

    @property
    def attribute(self) -> str | None:
        return self.path[0] if self.path and isinstance(self.path[0], str) else None

    def refs(self) -> Iterator["Ref"]:
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

    def refs(self) -> Iterator["Ref"]:
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

    def refs(self) -> Iterator["Ref"]:
        yield from self.sources


@dataclass(frozen=True, slots=True)
class Invalid(Unknown):
    """An expression Terraform itself would reject (missing key, bad types):
    ``try``/``can`` skip it, everything else treats it as Unknown."""


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
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


# --- scope ------------------------------------------------------------------------------


# file() and templatefile() read no larger file (the default of --max-file-size).
FILE_FUNCTION_LIMIT = 5 * 1024 * 1024


class Scope:
    """What names mean inside one module instance.

    ``variables`` are already resolved (defaults, tfvars, ``-var``); ``locals`` are
    expressions evaluated on first use (cycles become Unknown); ``resolve_other``
    turns every other root (``aws_lb``, ``data``, ``module``) into a Value.

    ``module_dir`` is the module's folder and ``root_dir`` the root module's (where
    Terraform runs, so relative ``file()`` paths start there), both as edgelint
    reaches them. ``scan_root`` is the folder the user asked to check: ``file()``
    and ``templatefile()`` read only inside it (symlinks resolved), and nothing at
    all when it is None.
    """

    def __init__(self, variables: dict[str, Value] | None = None, locals_: dict | None = None,
                 module_dir: str = ".", resolve_other: Callable[[str, tuple], Value] | None = None,
                 *, root_dir: str | None = None, scan_root: str | None = None, in_template: bool = False):
        self.variables = variables or {}
        self.local_exprs = locals_ or {}
        self.module_dir = module_dir
        self.root_dir = module_dir if root_dir is None else root_dir
        self.scan_root = scan_root
        self.in_template = in_template  # Terraform refuses templatefile() inside a template
        self.resolve_other = resolve_other or _default_resolve
        self._locals: dict[str, Value] = {}
        self._evaluating: set[str] = set()
        self._files: dict[str, Value] = {}

    def path_value(self, name: str) -> Value:
        """``path.module`` and ``path.root`` as Terraform gives them: relative to the
        root module (``.`` there). ``path.cwd`` is an absolute path of the machine
        Terraform runs on: not known here, and never to be copied into a report."""
        if name == "root":
            return Known(".")
        if name == "module":
            return Known(os.path.relpath(self.module_dir, self.root_dir).replace(os.sep, "/"))
        return Unknown(f"path.{name} depends on where Terraform runs")

    def read_file(self, path: str) -> Value:
        """The text of a file for ``file()``: Known only for a regular UTF-8 file
        inside the scan root; a path that leaves the root (``..``, an absolute path,
        a symlink out) is Unknown, as is one that cannot be read now (it may be
        generated before ``terraform plan``)."""
        if self.scan_root is None:
            return Unknown("file() is not read outside a checked folder")
        full = os.path.normpath(os.path.join(self.root_dir, path))
        cached = self._files.get(full)
        if cached is not None:
            return cached
        if not is_inside(full, self.scan_root):
            value: Value = Unknown("file() of a path outside the checked folder")
        else:
            try:
                value = Known(read_regular_file(full, FILE_FUNCTION_LIMIT).decode("utf-8"))
            except OSError:
                value = Unknown("file() of a file that cannot be read here")
            except UnicodeDecodeError:
                value = Invalid("file() of a file that is not UTF-8")
        self._files[full] = value
        return value

    def template_scope(self) -> "Scope":
        """Where a ``templatefile()`` template is evaluated: its variables are the
        ones passed in (bound by the evaluator), nothing of the module."""
        return Scope(module_dir=self.module_dir, root_dir=self.root_dir, scan_root=self.scan_root,
                     in_template=True)

    def local(self, name: str) -> Value:
        if name in self._locals:
            return self._locals[name]
        if name not in self.local_exprs:
            return Invalid(f"local.{name} is not declared")
        if name in self._evaluating:
            return Unknown(f"local.{name} refers to itself")
        self._evaluating.add(name)
        cuts = _nesting.cuts
        try:
            value = Evaluator(self).eval(self.local_exprs[name])
        finally:
            self._evaluating.discard(name)
        if _nesting.cuts == cuts:
            # Only an exact value is kept: one cut short by the depth limit depends
            # on where the evaluation started, and caching it would make the result
            # depend on the order rules ask.
            self._locals[name] = value
        return value


def _default_resolve(root: str, steps: tuple) -> Value:
    return Unknown(f"{root} is not resolved")


def split_address(address: str) -> tuple[str, list[str]]:
    """An absolute address as (module path, local parts):
    ``module.cdn["a.b"].data.aws_lb.x[0]`` → (``module.cdn["a.b"]``, [``data``, ``aws_lb``, ``x[0]``]).
    Dots inside instance keys do not split."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(address):
        if quoted:
            if ch == '"' and address[i - 1] != "\\":
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "." and depth == 0:
            parts.append(address[start:i])
            start = i + 1
    parts.append(address[start:])
    n = 0
    while n + 1 < len(parts) and parts[n] == "module":
        n += 2
    return ".".join(parts[:n]), parts[n:]


def instance_key_text(key: Any) -> str:
    """An instance key as Terraform writes it in an address: ``[0]``, ``["blue"]``."""
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key)}]"


_RESOURCE_FREE_ROOTS = {"each", "count", "self", "terraform"}


def reference_address(root: str, steps: tuple) -> tuple[str, tuple] | None:
    """Split a traversal into (object address, remaining steps): ``aws_lb.x.dns_name``
    → (``aws_lb.x``, (dns_name,)); ``data.t.n.a`` → (``data.t.n``, (a,)); ``var.x`` →
    (``var.x``, ()); ``module.m.o`` → (``module.m``, (o,)). None for names that are no
    object (``each``, ``count``, iterator names)."""
    if root in _RESOURCE_FREE_ROOTS or root == "path":
        return None
    names: list[str] = []
    need = 2 if root == "data" else 1
    for step in steps[:need]:
        if not isinstance(step, Attr):
            return None
        names.append(step.name)
    if len(names) < need:
        return None
    return ".".join([root, *names]), steps[need:]


# --- evaluator ----------------------------------------------------------------------------


class _Nesting(threading.local):
    """How deep evaluation is, across every evaluator of this thread: a chain of
    locals (``a = local.b``, ``b = local.c`` …) starts a new ``Evaluator`` per hop,
    so the count cannot live in one. ``cuts`` counts evaluations stopped by the limit."""

    depth = 0
    cuts = 0


_nesting = _Nesting()


class Evaluator:
    """Evaluates one expression in a scope plus local bindings (iterators, ``each``)."""

    # Far below Python's recursion limit (each level is at most a few frames); the
    # parse stage already refuses syntax nested deeper than hcl.NESTING_LIMIT.
    MAX_DEPTH = 100

    def __init__(self, scope: Scope, bindings: dict[str, Value] | None = None):
        self.scope = scope
        self.bindings = bindings or {}

    def child(self, extra: dict[str, Value]) -> "Evaluator":
        return Evaluator(self.scope, {**self.bindings, **extra})

    def eval(self, expr) -> Value:
        _nesting.depth += 1
        try:
            if _nesting.depth > self.MAX_DEPTH:
                _nesting.cuts += 1
                return Unknown("expression nested too deeply")
            method = _DISPATCH.get(type(expr))
            if method is None:
                return Unknown(f"unsupported expression {type(expr).__name__}")
            if _nesting.depth > 1:
                return method(self, expr)
            try:
                return method(self, expr)
            except RecursionError:  # a last resort, caught once the stack is unwound
                _nesting.cuts += 1
                return Unknown("expression nested too deeply")
        finally:
            _nesting.depth -= 1

    def _lit(self, expr: Lit) -> Value:
        return Known(expr.value)

    def _unsupported(self, expr: Unsupported) -> Value:
        sources = tuple(dict.fromkeys(r for s in expr.sources for r in self.eval(s).refs()))
        return Unknown(expr.reason, sources)

    def _absolute(self, expr: Absolute) -> Value:
        return Ref(expr.address, expr.path)

    def _template(self, expr: Template) -> Value:
        parts: list = []
        for part in expr.parts:
            if isinstance(part, str):
                parts.append(part)
                continue
            value = self.eval(part)
            text = to_text(value.known) if value.is_known else None
            if text is not None:
                parts.append(text)
            elif isinstance(value, Partial):
                parts.extend(value.parts)
            elif isinstance(value, Invalid):
                return value
            elif isinstance(value, (Ref, Unknown)):
                parts.append(value)
            else:
                return Invalid("a collection cannot be interpolated into a string")
        return _partial_or_known(parts)

    def _tuple(self, expr: TupleExpr) -> Value:
        return Known([_unwrap(self.eval(item)) for item in expr.items])

    def _object(self, expr: ObjectExpr) -> Value:
        result: dict = {}
        for key_expr, value_expr in expr.items:
            key = self.eval(key_expr)
            text = to_text(key.known) if key.is_known else None
            if text is None:
                return Unknown("an object key is not known")
            result[text] = _unwrap(self.eval(value_expr))
        return Known(result)

    def _conditional(self, expr: Conditional) -> Value:
        cond = self.eval(expr.cond)
        if cond.is_known and isinstance(cond.known, bool):
            return self.eval(expr.then if cond.known else expr.otherwise)
        then, otherwise = self.eval(expr.then), self.eval(expr.otherwise)
        if then.is_known and otherwise.is_known and fully_known(then) and then == otherwise:
            return then
        return Unknown("condition is not known")

    def _unary(self, expr: UnaryOp) -> Value:
        v = self.eval(expr.operand)
        if not v.is_known:
            return v if isinstance(v, Unknown) else Unknown("operand is not known")
        x = v.known
        if expr.op == "!" and isinstance(x, bool):
            return Known(not x)
        if expr.op == "-" and isinstance(x, (int, float)) and not isinstance(x, bool):
            return Known(-x)
        return Invalid(f"bad operand for {expr.op}")

    def _binary(self, expr: BinaryOp) -> Value:
        left = self.eval(expr.left)
        if expr.op in ("&&", "||") and left.is_known and isinstance(left.known, bool):
            if left.known is (expr.op == "||"):
                return left
            right = self.eval(expr.right)
            return right if right.is_known and isinstance(right.known, bool) else Unknown("operand is not known")
        right = self.eval(expr.right)
        if not (left.is_known and right.is_known and fully_known(left) and fully_known(right)):
            return Unknown("operand is not known")
        a, b = left.known, right.known
        try:
            return Known(_BINARY[expr.op](a, b))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return Invalid(f"cannot apply {expr.op}")

    def _for(self, expr: ForExpr) -> Value:
        coll = self.eval(expr.collection)
        if not coll.is_known:
            return Unknown("for expression over an unknown collection")
        items = _items(coll.known)
        if items is None:
            return Invalid("for expression over a non-collection")
        out_list: list = []
        out_map: dict = {}
        for key, value in items:
            names = {expr.value_var: wrap(value)}
            if expr.key_var:
                names[expr.key_var] = Known(key)
            ev = self.child(names)
            if expr.cond is not None:
                cond = ev.eval(expr.cond)
                if not (cond.is_known and isinstance(cond.known, bool)):
                    return Unknown("for expression condition is not known")
                if not cond.known:
                    continue
            if expr.key is None:
                out_list.append(_unwrap(ev.eval(expr.value)))
                continue
            k = ev.eval(expr.key)
            text = to_text(k.known) if k.is_known else None
            if text is None:
                return Unknown("for expression key is not known")
            v = _unwrap(ev.eval(expr.value))
            if expr.grouping:
                out_map.setdefault(text, []).append(v)
            elif text in out_map:
                return Invalid("duplicate key in for expression")
            else:
                out_map[text] = v
        return Known(out_list if expr.key is None else out_map)

    def _traversal(self, expr: Traversal) -> Value:
        root = expr.root
        steps = expr.steps
        if not isinstance(root, str):
            return self.apply_steps(self.eval(root), steps)
        if root in self.bindings:
            return self.apply_steps(self.bindings[root], steps)
        if root == "var" and steps and isinstance(steps[0], Attr):
            name = steps[0].name
            value = self.scope.variables.get(name, Invalid(f"var.{name} is not declared"))
            return self.apply_steps(value, steps[1:])
        if root == "local" and steps and isinstance(steps[0], Attr):
            return self.apply_steps(self.scope.local(steps[0].name), steps[1:])
        if root == "path" and steps and isinstance(steps[0], Attr) and steps[0].name in ("module", "root", "cwd"):
            return self.apply_steps(self.scope.path_value(steps[0].name), steps[1:])
        if root in ("each", "count", "self", "terraform"):
            return Unknown(f"{root}.* is not known here")
        split = reference_address(root, steps)
        if split is None:
            return Unknown(f"'{root}' is not resolved")
        address, rest = split
        path: list = []
        for step in rest:
            if isinstance(step, Attr):
                path.append(step.name)
            elif isinstance(step, Index):
                key = self.eval(step.key)
                if not key.is_known:
                    path.append("*")
                else:
                    path.append(key.known)
            else:
                path.append("*")
        return self.scope.resolve_other(address, tuple(path))

    def apply_steps(self, value: Value, steps: tuple) -> Value:
        for i, step in enumerate(steps):
            if isinstance(value, Ref):
                rest = []
                for s in steps[i:]:
                    if isinstance(s, Attr):
                        rest.append(s.name)
                    elif isinstance(s, Index):
                        key = self.eval(s.key)
                        rest.append(key.known if key.is_known else "*")
                    else:
                        rest.append("*")
                return Ref(value.address, value.path + tuple(rest))
            if not value.is_known:
                return value if isinstance(value, Unknown) else Unknown(
                    "attribute of an unknown value", tuple(value.refs()))
            data = value.known
            if isinstance(step, Splat):
                if data is None:
                    data = []
                elif not isinstance(data, list):
                    data = [data]
                rest = steps[i + 1:]
                return Known([_unwrap(self.apply_steps(wrap(item), rest)) for item in data])
            if isinstance(step, Attr):
                key: Any = step.name
            else:
                key_value = self.eval(step.key)
                if not key_value.is_known:
                    return Unknown("index is not known")
                key = key_value.known
            value = _index(data, key)
        return value

    def _call(self, expr: Call) -> Value:
        fn = FUNCTIONS.get(expr.name)
        if expr.name in ("try", "can"):
            return _try(self, expr.args) if expr.name == "try" else _can(self, expr.args)
        if expr.name in _FILE_FUNCTIONS:
            if expr.expand_last:
                return Unknown(f"{expr.name}() with expanded arguments is not evaluated")
            return _FILE_FUNCTIONS[expr.name](self, [self.eval(a) for a in expr.args])
        if fn is None:
            return Unknown(f"function {expr.name}() is not evaluated")
        args = [self.eval(a) for a in expr.args]
        if expr.expand_last and args:
            last = args.pop()
            if not (last.is_known and isinstance(last.known, list)):
                return Unknown("expanded argument is not a known list")
            args.extend(wrap(v) for v in last.known)
        for a in args:
            if isinstance(a, Invalid):
                return a
        try:
            return fn(*args)
        except _NeedsKnown:
            sources = tuple(dict.fromkeys(r for a in args for r in a.refs()))
            return Unknown(f"{expr.name}() of an unknown value", sources)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            return Invalid(f"{expr.name}(): {exc}")


_DISPATCH: dict[type, Callable] = {
    Lit: Evaluator._lit,
    Template: Evaluator._template,
    TupleExpr: Evaluator._tuple,
    ObjectExpr: Evaluator._object,
    Conditional: Evaluator._conditional,
    UnaryOp: Evaluator._unary,
    BinaryOp: Evaluator._binary,
    ForExpr: Evaluator._for,
    Traversal: Evaluator._traversal,
    Call: Evaluator._call,
    Unsupported: Evaluator._unsupported,
    Absolute: Evaluator._absolute,
}


def _num(x):
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, str):
        return float(x) if any(c in x for c in ".eE") else int(x)
    return x


def _eq(a, b) -> bool:
    return a == b and type(a) is type(b) or (
        isinstance(a, (int, float)) and isinstance(b, (int, float))
        and not isinstance(a, bool) and not isinstance(b, bool) and a == b)


_BINARY: dict[str, Callable] = {
    "==": _eq,
    "!=": lambda a, b: not _eq(a, b),
    "<": lambda a, b: _num(a) < _num(b),
    ">": lambda a, b: _num(a) > _num(b),
    "<=": lambda a, b: _num(a) <= _num(b),
    ">=": lambda a, b: _num(a) >= _num(b),
    "+": lambda a, b: _num(a) + _num(b),
    "-": lambda a, b: _num(a) - _num(b),
    "*": lambda a, b: _num(a) * _num(b),
    "/": lambda a, b: _num(a) / _num(b),
    "%": lambda a, b: math.fmod(_num(a), _num(b)),
    "&&": lambda a, b: _bool(a) and _bool(b),
    "||": lambda a, b: _bool(a) or _bool(b),
}


def _bool(x) -> bool:
    if isinstance(x, bool):
        return x
    if x in ("true", "false"):
        return x == "true"
    raise TypeError("not a bool")


def _unwrap(value: Value) -> Any:
    """A Value as an element of a Known collection: Known → its Python value."""
    return value.known if isinstance(value, Known) else value


def _index(data: Any, key: Any) -> Value:
    if isinstance(data, dict):
        text = to_text(key)
        if text is None or text not in data:
            return Invalid(f"no key {key!r}")
        return wrap(data[text])
    if isinstance(data, list):
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        if not isinstance(key, int) or isinstance(key, bool) or not 0 <= key < len(data):
            return Invalid(f"no index {key!r}")
        return wrap(data[key])
    return Invalid("index into a value that is not a collection")


def _items(data: Any):
    if isinstance(data, dict):
        return list(data.items())
    if isinstance(data, list):
        return list(enumerate(data))
    return None


def _partial_or_known(parts: list) -> Value:
    merged: list = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        elif not (isinstance(p, str) and p == ""):
            merged.append(p)
    if all(isinstance(p, str) for p in merged):
        return Known("".join(merged))
    return Partial(tuple(merged))


# --- functions ---------------------------------------------------------------------------


class _NeedsKnown(Exception):
    pass


def _k(value: Value) -> Any:
    """The fully known Python value of an argument, or stop the call as Unknown."""
    if not value.is_known or not fully_known(value):
        raise _NeedsKnown
    return value.known


def _try(ev: Evaluator, args: tuple) -> Value:
    for arg in args:
        value = ev.eval(arg)
        if isinstance(value, Invalid):
            continue
        return value
    return Invalid("no argument of try() is valid")


def _can(ev: Evaluator, args: tuple) -> Value:
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
    from edgelint.hcl import TooDeep, template_from_text

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
    return Evaluator(ev.scope.template_scope(), bindings).eval(template)


_FILE_FUNCTIONS: dict[str, Callable[[Evaluator, list[Value]], Value]] = {
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
        return Known([x for i, x in enumerate(data) if x not in data[:i]])
    out: list = []
    for item in data:
        if item not in out:
            out.append(item)
    if all(isinstance(i, str) for i in out):
        out.sort()
    return Known(out)


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
    return _partial_or_known(parts)


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
    return _partial_or_known(parts)


def _jsonencode(a: Value) -> Value:
    if not a.is_known:
        return a if isinstance(a, Unknown) else Unknown("jsonencode() of an unknown value")
    data = a.known
    if fully_known(data):  # non-ASCII stays as it is, as Terraform writes it, and as below
        return Known(json.dumps(data, separators=(",", ":"), sort_keys=False, ensure_ascii=False))
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

    pieces = json.dumps(replace(data), separators=(",", ":"), ensure_ascii=False).split(_HOLE)
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
    return _partial_or_known(parts)


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
        raise _NeedsKnown
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
    return Known(_num(_k(a)))


def _tobool(a: Value) -> Value:
    return Known(_bool(_k(a)))


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
