"""Where an attribute's value is written: the trail from a resource's attribute back
through variables, locals and module inputs to the literal that decides it.

This reads syntax, not values: an attribute whose expression is exactly ``var.x`` or
``local.x`` is followed to where that name gets its value (the module call's
argument in the caller, the winning tfvars or ``--var-file`` entry, the variable's
default, the ``locals`` entry), and on from there while the value found is again a
plain ``var.x``/``local.x``. The evaluator already computed the value; the trail says
where a user reads (and the fix stage edits) it.

Each link of the chain is also checked for other readers: a name read by anything
else than the next link (another resource, an output, another local) is *shared*,
so editing its source would change more than the finding's attribute.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from edgelint.instances.references import iter_attributes, traversals
from edgelint.instances.tree import ModuleInstance, ModuleTree
from edgelint.parse.syntax import Attr, Attribute, Block, Lit, ParsedFile, Span, Template, Traversal, TupleExpr

MAX_STEPS = 32  # a chain longer than this is not followed (a cycle, or a stack nobody writes)
MAX_USERS_NAMED = 3


@dataclass(frozen=True, slots=True)
class Step:
    """One place the value passed through: where it is written, and what it is there."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Trail:
    """The chain of one attribute's value, source first, the attribute itself last.

    ``source`` is the attribute whose constant value (a literal, or a list of them)
    decides, when the chain ends at one; ``shared`` says why editing that source could
    change more than this attribute: for each name of the chain read elsewhere too,
    who else reads it (``var.policy is also used by
    aws_cloudfront_distribution.b.default_cache_behavior[0].viewer_protocol_policy``),
    and a module whose override files may replace what is written;
    ``unwritten`` says why there is no source to edit (a ``-var`` value) or ""."""

    steps: tuple[Step, ...]
    source: Attribute | None = None
    shared: tuple[str, ...] = ()
    unwritten: str = ""
    via_module_input: tuple[Step, ...] = ()  # the callers' arguments the value came through
    # The value is a called module's variable default: the call block (in the caller)
    # that does not pass the argument, and the argument's name.
    missing_argument: tuple[Block, str] | None = None


class Provenance:
    """The trails of one module tree's attributes. ``var_files`` are the root module's
    tfvars and ``--var-file`` files in Terraform's precedence order (last wins).
    Who reads which name is indexed once per module folder; ``index`` shares that
    between the roots of one check (a module folder's files are the same for all)."""

    def __init__(self, tree: ModuleTree, var_files: list[ParsedFile], cli_vars: Mapping[str, str],
                 index: dict | None = None):
        self.tree = tree
        self.tracer = _Tracer(var_files, cli_vars, {} if index is None else index)

    def trail(self, address: str, span: Span) -> Trail | None:
        """The trail of the attribute at ``span`` of resource ``address``, or None
        when its value is written there (a literal, an expression of several parts)
        or the attribute is not found."""
        resource = self.tree.resource(address)
        if resource is None:
            return None
        attr = _attribute_at(resource.block, span)
        if attr is None or plain_name(attr.expr) is None:
            return None
        return self.tracer.follow(resource.module, attr)


def is_constant(expr) -> bool:
    """A value written out in full: a literal or a list of literals."""
    return isinstance(expr, Lit) or (isinstance(expr, TupleExpr) and all(isinstance(i, Lit) for i in expr.items))


class _Tracer:
    def __init__(self, var_files: list[ParsedFile], cli_vars: Mapping[str, str], index: dict):
        self.var_files = var_files
        self.cli_vars = cli_vars
        self.index: dict[str, dict[tuple[str, str], list[tuple[str, Attribute]]]] = index

    def readers(self, module: ModuleInstance, kind: str, key: str, reader: Attribute) -> list[str]:
        """Every other place of ``module``'s files that reads ``kind.key`` (the
        variable's own block, where a validation reads it, does not count)."""
        index = self.index.get(module.dir)
        if index is None:
            index = self.index[module.dir] = _reads(module)
        return sorted({where for where, attr in index.get((kind, key), ())
                       if attr is not reader and attr.span != reader.span
                       and not (kind == "var" and where.split(".", 2)[:2] == ["var", key])})

    def follow(self, module: ModuleInstance, attr: Attribute) -> Trail:
        steps: list[Step] = [Step(attr.span, _text(attr, _lines_of(module, attr.span.file)))]
        inputs: list[Step] = []
        shared: list[str] = []
        reader: Attribute = attr
        expr = attr.expr
        missing: tuple[Block, str] | None = None
        for _ in range(MAX_STEPS):
            name = plain_name(expr)
            if name is None:
                return Trail(tuple(reversed(steps)), reader if is_constant(expr) else None, tuple(shared),
                             via_module_input=tuple(inputs), missing_argument=missing)
            kind, key = name
            others = self.readers(module, kind, key, reader)
            if others:
                shown = ", ".join(others[:MAX_USERS_NAMED]) + (" …" if len(others) > MAX_USERS_NAMED else "")
                shared.append(f"`{kind}.{key}` is also used by {shown}")
            found = self._source(module, kind, key)
            if _has_override_files(module):
                shared.append(f"`{kind}.{key}` is in a module with override files (*_override.tf), which "
                              "may replace what is written")
            if found is None:
                return Trail(tuple(reversed(steps)), None, tuple(shared), via_module_input=tuple(inputs))
            if isinstance(found, str):
                return Trail(tuple(reversed(steps)), None, tuple(shared), found, tuple(inputs))
            where, source, message, extra, missing = found
            if missing is not None:  # the caller's call block, which leaves the default
                call_step = Step(_head(missing[0], where.parent), f"module.{where.call_names[-1]} does not set {key}")
                extra = [*extra, call_step]
                inputs.append(call_step)
            steps.extend(extra)
            step = Step(source.span, message)
            steps.append(step)
            if where is not module:
                inputs.append(step)
            module, reader, expr = where, source, source.expr
        return Trail(tuple(reversed(steps)), None, tuple(shared), "the chain is too long to follow", tuple(inputs))

    def _source(self, module: ModuleInstance, kind: str, key: str):
        """Where ``kind.key`` of ``module`` gets its value: (the module whose scope its
        expression is in, the attribute, a message, steps passed on the way, the call
        block that leaves a called module's variable at its default); a sentence when
        it is not written anywhere a user can edit; None when unknown."""
        if kind == "local":
            for f in module.files:
                for block in f.blocks:
                    if block.type == "locals" and key in block.attributes:
                        found = block.attributes[key]
                        return module, found, f"local.{key} = {_value_text(found, f.lines)}", [], None
            return None
        declared = _variable_block(module, key)
        if declared is None:
            return None
        if module.parent is None:
            if key in self.cli_vars:
                return f"`var.{key}` is set on the command line"
            for f in reversed(self.var_files):
                found = f.attributes.get(key)
                if found is not None:
                    name = f.path.replace("\\", "/").rsplit("/", 1)[-1]
                    message = f"var.{key} = {_value_text(found, f.lines)} ({name})"
                    return module, found, message, [Step(_head(declared, module), f"var.{key}")], None
        else:
            call = module.parent.calls.get(module.call_names[-1]) if module.call_names else None
            passed = call.block.attributes.get(key) if call is not None else None
            if passed is not None:
                lines = _lines_of(module.parent, passed.span.file)
                message = f"module.{call.name} passes {key} = {_value_text(passed, lines)}"
                return module.parent, passed, message, [Step(_head(declared, module), f"var.{key}")], None
        default = declared.attributes.get("default")
        if default is None:
            return None
        lines = _lines_of(module, default.span.file)
        message = f"var.{key} defaults to {_value_text(default, lines)}"
        if module.parent is not None and call is not None:
            # A called module's default: the caller is where a value is given (editing
            # the default would change the module for every caller).
            return module, default, message, [], (call.block, key)
        return module, default, message, [], None


def plain_name(expr) -> tuple[str, str] | None:
    """("var", "x") for ``var.x`` (or ``"${var.x}"``, Terraform 0.11's spelling of the
    same value), ("local", "x") for ``local.x``; None for anything else."""
    if isinstance(expr, Template) and len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
        expr = expr.parts[0]
    if isinstance(expr, Traversal) and expr.root in ("var", "local") and len(expr.steps) == 1 \
            and isinstance(expr.steps[0], Attr):
        return expr.root, expr.steps[0].name
    return None


def _attribute_at(block: Block, span: Span) -> Attribute | None:
    for _path, attr, _bound in iter_attributes(block):
        if attr.span == span:
            return attr
    return None


def _has_override_files(module: ModuleInstance) -> bool:
    """Terraform merges ``override.tf`` and ``*_override.tf`` over the other files."""
    names = (f.path.replace("\\", "/").rsplit("/", 1)[-1] for f in module.files)
    return any(n in ("override.tf", "override.tf.json") or n.endswith(("_override.tf", "_override.tf.json"))
               for n in names)


def _variable_block(module: ModuleInstance, name: str) -> Block | None:
    for f in module.files:
        for block in f.blocks:
            if block.type == "variable" and block.labels[:1] == (name,):
                return block
    return None


def _reads(module: ModuleInstance) -> dict[tuple[str, str], list[tuple[str, Attribute]]]:
    """(kind, name) → [(where, attribute)] for every ``var.x``/``local.x`` read in
    ``module``'s files: ``where`` is ``aws_lb.api.name``, ``local.x``, ``output.url.value``."""
    found: dict[tuple[str, str], list[tuple[str, Attribute]]] = {}
    for owner, path, attr in _all_attributes(module):
        where = f"{owner}.{path}" if path else owner
        for root, steps in traversals(attr.expr):
            if root in ("var", "local") and steps and isinstance(steps[0], Attr):
                found.setdefault((root, steps[0].name), []).append((where, attr))
    return found


def _all_attributes(module: ModuleInstance) -> Iterator[tuple[str, str, Attribute]]:
    """(owner, attribute path, attribute) for every attribute of a module's files:
    owner ``aws_lb.api``, ``data.x.y``, ``module.cdn``, ``output.url``, ``local.name``."""
    for f in module.files:
        for block in f.blocks:
            if block.type == "locals":
                for name, attr in block.attributes.items():
                    yield f"local.{name}", "", attr
                continue
            owner = _owner(block)
            for path, attr, _bound in iter_attributes(block):
                yield owner, path, attr


def _owner(block: Block) -> str:
    labels = ".".join(block.labels)
    prefix = {"resource": "", "data": "data.", "module": "module.", "output": "output.",
              "variable": "var."}.get(block.type, f"{block.type}.")
    return f"{prefix}{labels}" if labels else block.type


def _lines_of(module: ModuleInstance, path: str) -> tuple[str, ...]:
    instance: ModuleInstance | None = module
    while instance is not None:
        for f in instance.files:
            if f.path == path:
                return f.lines
        instance = instance.parent
    return ()


def _head(block: Block, module: ModuleInstance) -> Span:
    """The first line of a block (``variable "x" {``): where a reader looks."""
    span = block.span
    lines = _lines_of(module, span.file)
    end = len(lines[span.line - 1].rstrip()) + 1 if 1 <= span.line <= len(lines) else span.col
    return Span(span.file, span.line, span.col, span.line, max(end, span.col))


def _value_text(attr: Attribute, lines: tuple[str, ...]) -> str:
    text = _text(attr, lines)
    _, _, value = text.partition(":" if attr.span.file.endswith(".json") else "=")
    return value.strip() or text


def _text(attr: Attribute, lines: tuple[str, ...]) -> str:
    """The attribute as written (its first line, with … when it goes on)."""
    span = attr.span
    if not (1 <= span.line <= len(lines)):
        return attr.name
    first = lines[span.line - 1]
    if span.end_line == span.line:
        return first[span.col - 1:span.end_col - 1].strip()
    return first[span.col - 1:].strip() + " …"
