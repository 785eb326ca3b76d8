"""The evaluator: an expression in a scope to a ``Value``.

The rule of silence starts here: anything this module cannot compute with certainty
becomes ``Unknown`` with a reason, never a guess. ``Scope`` says what names mean in
one module instance (variables already resolved, locals evaluated lazily, every other
root resolved by the instances stage's callback).
"""

from __future__ import annotations

import math
import operator
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from edgelint.evaluate.addresses import reference_address
from edgelint.evaluate.conversions import equal, to_bool, to_number
from edgelint.evaluate.functions import (
    FILE_FUNCTIONS,
    FUNCTIONS,
    NeedsKnown,
    call_can,
    call_templatestring,
    call_try,
)
from edgelint.evaluate.values import (
    MAX_STEPS,
    TOO_LARGE,
    Invalid,
    Known,
    Partial,
    Ref,
    Unknown,
    Value,
    fully_known,
    iteration_items,
    partial_or_known,
    to_text,
    too_large,
    unwrap,
    wrap,
)
from edgelint.parse.syntax import (
    Absolute,
    Attr,
    BinaryOp,
    Call,
    Conditional,
    ForExpr,
    Index,
    Lit,
    ObjectExpr,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
    Unsupported,
)
from edgelint.safeio import is_inside, read_regular_file

# A partly known string of more pieces says nothing more (and grows like its text).
MAX_PARTS = 1000

# The path that asks a resolver for every instance of an object, as a list (a splat).
SPLAT = "*"

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

    def template_scope(self) -> Scope:
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
        # A local has its own step budget, whoever asks first: its value (and so the
        # cache) never depends on the order values are asked for.
        steps, _nesting.steps = _nesting.steps, 0
        try:
            value = Evaluator(self).eval(self.local_exprs[name])
        finally:
            self._evaluating.discard(name)
            _nesting.steps = steps
        if _nesting.cuts == cuts:
            # Only an exact value is kept: one cut short by the depth limit depends
            # on where the evaluation started, and caching it would make the result
            # depend on the order rules ask.
            self._locals[name] = value
        return value


def _default_resolve(root: str, steps: tuple) -> Value:
    return Unknown(f"{root} is not resolved")


class _Nesting(threading.local):
    """How deep evaluation is, across every evaluator of this thread: a chain of
    locals (``a = local.b``, ``b = local.c`` …) starts a new ``Evaluator`` per hop,
    so the count cannot live in one. ``cuts`` counts evaluations stopped by the limit."""

    depth = 0
    cuts = 0
    steps = 0  # evaluation steps of the current top-level expression (or local)


_nesting = _Nesting()


class Evaluator:
    """Evaluates one expression in a scope plus local bindings (iterators, ``each``)."""

    # Far below Python's recursion limit (each level is at most a few frames); the
    # parse stage already refuses syntax nested deeper than hcl.NESTING_LIMIT.
    MAX_DEPTH = 100

    def __init__(self, scope: Scope, bindings: dict[str, Value] | None = None):
        self.scope = scope
        self.bindings = bindings or {}

    def child(self, extra: dict[str, Value]) -> Evaluator:
        return Evaluator(self.scope, {**self.bindings, **extra})

    def eval(self, expr) -> Value:
        _nesting.depth += 1
        if _nesting.depth == 1:
            _nesting.steps = 0  # each top-level expression has its own budget
        _nesting.steps += 1
        try:
            if _nesting.depth > self.MAX_DEPTH:
                _nesting.cuts += 1
                return Unknown("expression nested too deeply")
            if _nesting.steps > MAX_STEPS:
                return Unknown(TOO_LARGE)
            method = _DISPATCH.get(type(expr))
            if method is None:
                return Unknown(f"unsupported expression {type(expr).__name__}")
            if _nesting.depth > 1:
                return _bounded(method(self, expr))
            try:
                return _bounded(method(self, expr))
            except RecursionError:  # a last resort, caught once the stack is unwound
                _nesting.cuts += 1
                return Unknown("expression nested too deeply")
            except MemoryError:  # a last resort too: this value is lost, the module's others are not
                return Unknown(TOO_LARGE)
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
            elif isinstance(value, Invalid) or isinstance(value, Unknown) and value.reason == TOO_LARGE:
                return value
            elif isinstance(value, (Ref, Unknown)):
                parts.append(value)
            else:
                return Invalid("a collection cannot be interpolated into a string")
        return partial_or_known(parts)

    def _tuple(self, expr: TupleExpr) -> Value:
        return Known([unwrap(self.eval(item)) for item in expr.items])

    def _object(self, expr: ObjectExpr) -> Value:
        result: dict = {}
        for key_expr, value_expr in expr.items:
            key = self.eval(key_expr)
            text = to_text(key.known) if key.is_known else None
            if text is None:
                return Unknown("an object key is not known")
            result[text] = unwrap(self.eval(value_expr))
        return Known(result)

    def _conditional(self, expr: Conditional) -> Value:
        cond = _as_bool(self.eval(expr.cond))
        if cond.is_known and isinstance(cond.known, bool):
            return self.eval(expr.then if cond.known else expr.otherwise)
        if isinstance(cond, Invalid):
            return cond
        then, otherwise = self.eval(expr.then), self.eval(expr.otherwise)
        if then.is_known and otherwise.is_known and fully_known(then) and then == otherwise:
            return then
        return Unknown("condition is not known")

    def _unary(self, expr: UnaryOp) -> Value:
        v = self.eval(expr.operand)
        if expr.op == "!":
            v = _as_bool(v)
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
        if expr.op in ("&&", "||"):
            left = _as_bool(left)
            if left.is_known and isinstance(left.known, bool):
                if left.known is (expr.op == "||"):
                    return left
                right = _as_bool(self.eval(expr.right))
                return right if right.is_known and isinstance(right.known, bool) else Unknown("operand is not known")
        right = self.eval(expr.right)
        if not (left.is_known and right.is_known and fully_known(left) and fully_known(right)):
            return Unknown("operand is not known")
        a, b = left.known, right.known
        try:
            return Known(_BINARY[expr.op](a, b))
        except InexactNumber as exc:
            return Unknown(str(exc))
        except ZeroDivisionError:
            return Unknown("division by zero gives infinity in Terraform, which edgelint does not hold")
        except (KeyError, TypeError, ValueError):
            return Invalid(f"cannot apply {expr.op}")

    def _for(self, expr: ForExpr) -> Value:
        coll = self.eval(expr.collection)
        if not coll.is_known:
            return Unknown("for expression over an unknown collection")
        items = iteration_items(coll.known)
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
                out_list.append(unwrap(ev.eval(expr.value)))
                continue
            k = ev.eval(expr.key)
            text = to_text(k.known) if k.is_known else None
            if text is None:
                return Unknown("for expression key is not known")
            v = unwrap(ev.eval(expr.value))
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
        if rest and isinstance(rest[0], Splat):
            # aws_lb.web[*].dns_name: the splat is over the object's instances (one
            # for a single resource), which the resolver gives for the path ("*",).
            return self.apply_steps(self.scope.resolve_other(address, (SPLAT,)), rest)
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
                results = [self.apply_steps(wrap(item), rest) for item in data]
                invalid = next((r for r in results if isinstance(r, Invalid)), None)
                return invalid or Known([unwrap(r) for r in results])
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
            return call_try(self, expr.args) if expr.name == "try" else call_can(self, expr.args)
        if expr.name == "templatestring":
            return call_templatestring(self, expr.args)
        if expr.name in FILE_FUNCTIONS:
            if expr.expand_last:
                return Unknown(f"{expr.name}() with expanded arguments is not evaluated")
            return FILE_FUNCTIONS[expr.name](self, [self.eval(a) for a in expr.args])
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
        # A function's own work counts against the budget: one step per element or
        # per 64 characters of its arguments (join over a 1,000-element list in a
        # loop over it is a million steps, not a thousand).
        _nesting.steps += sum(_weight(a) for a in args)
        if _nesting.steps > MAX_STEPS:
            return Unknown(TOO_LARGE)
        try:
            return fn(*args)
        except NeedsKnown:
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


_BINARY: dict[str, Callable] = {
    "==": equal,
    "!=": lambda a, b: not equal(a, b),
    "<": lambda a, b: to_number(a) < to_number(b),
    ">": lambda a, b: to_number(a) > to_number(b),
    "<=": lambda a, b: to_number(a) <= to_number(b),
    ">=": lambda a, b: to_number(a) >= to_number(b),
    "+": lambda a, b: exact(operator.add, a, b),
    "-": lambda a, b: exact(operator.sub, a, b),
    "*": lambda a, b: exact(operator.mul, a, b),
    "/": lambda a, b: exact(operator.truediv, a, b),
    "%": lambda a, b: exact(lambda x, y: x - y * math.trunc(x / y), a, b),
    "&&": lambda a, b: to_bool(a) and to_bool(b),
    "||": lambda a, b: to_bool(a) or to_bool(b),
}


class InexactNumber(ArithmeticError):
    """A number edgelint cannot hold exactly as Terraform does."""


def exact(op: Callable, a, b):
    """Arithmetic as Terraform does it (arbitrary precision, decimal literals
    exact): on fractions of the numbers as written. A result that is not a
    finite decimal (1/3) has more digits than edgelint can write: an error here,
    so the value is Unknown rather than rounded differently."""
    result = op(_fraction(to_number(a)), _fraction(to_number(b)))
    if result.denominator == 1:
        return int(result)
    d = result.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        raise InexactNumber("a result with an infinite decimal expansion")
    return float(result)


def _fraction(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or isinstance(x, float) and not math.isfinite(x):
        raise TypeError("not a finite number")
    return Fraction(x) if isinstance(x, int) else Fraction(Decimal(repr(x)))


def _weight(value: Value) -> int:
    if not isinstance(value, Known):
        return 0
    data = value.value
    if isinstance(data, str):
        return len(data) // 64
    return len(data) if isinstance(data, (list, dict)) else 0


def _bounded(value: Value) -> Value:
    """A value over the size budget is Unknown."""
    if isinstance(value, Known) and too_large(value.value) or \
            isinstance(value, Partial) and len(value.parts) > MAX_PARTS:
        return Unknown(TOO_LARGE)
    return value


def _as_bool(value: Value) -> Value:
    """A value where Terraform wants a bool (a condition, ``!``, ``&&``): the
    strings ``"true"`` and ``"false"`` convert, any other known non-bool is an error."""
    if not isinstance(value, Known) or isinstance(value.value, bool):
        return value
    if value.value in ("true", "false"):
        return Known(value.value == "true")
    return Invalid("a condition that is not a bool")


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

