"""The base of every model object: one block of a resource, read as values.

**Declarations.** A model class declares, with ``@models``, the Terraform resource
types it stands for, and with them everything else that is said about those types:
the origin kind a reference to one implies, what the view draws it as, and whether
rules read it on its own. The lists other stages need are derived from these
declarations, never written out again: ``ORIGIN_KINDS`` (``cloudfront.origin_kind``),
``VIEW_KINDS`` (``Node.view_kind``, the view) and ``edge_words()`` (the words the
parse stage's pre-filter looks for; ``pipeline`` hands them over, as parse must not
import the model). Rules ask the stack for a class (``stack.all(Listener)``), never
for a type name.

**Typed reading.** A rule asks a node for a plain Python value and gets ``None`` when
that value is not known (``text``, ``flag``, ``integer``, ``strings``…), the way
tflint's runner only hands rules known values; ``None`` is also what an unset
attribute gives, so ``is_null`` says when an attribute is certainly unset. ``value``
keeps the raw ``Value`` for what only it can say (a reference to a resource, the
known pieces of a template): ``reference``, ``pattern`` and ``text_ends`` answer the
usual questions about those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeVar

from edgelint.evaluate.placeholders import is_placeholder, without_placeholder
from edgelint.evaluate.values import Known, Partial, Ref, Unknown, Value, fully_known, iteration_items, wrap
from edgelint.findings import Edit, Finding, Related
from edgelint.instances.references import dynamic_iterator
from edgelint.instances.trail import plain_name
from edgelint.instances.tree import Resource
from edgelint.model.arns import Arn, arn_region, known_arn, known_region
from edgelint.parse.syntax import Attr, Block, Call, Conditional, Lit, Span, Template, Traversal, TupleExpr

if TYPE_CHECKING:
    from edgelint.model.stack import Stack

_NULL = Known(None)

# The address of the resource whose object a rule touched last (its address, an
# attribute value): when the rule raises, the pipeline names it as the resource the
# rule was reading. The pipeline resets it before each rule.
READING: ContextVar[str] = ContextVar("edgelint_reading", default="")

# Filled by @models on each class.
RESOURCE_CLASSES: dict[str, type[Node]] = {}  # resource type → model class
ORIGIN_KINDS: dict[str, str] = {}  # referenced type as Ref.type spells it (data. kept) → origin kind
VIEW_KINDS: dict[str, str] = {}  # resource or data source type → what the view draws it as
_STANDALONE_TYPES: set[str] = set()

N = TypeVar("N", bound="Node")


def models(*resource_types: str, origin: str | None = None, data_sources: bool = False, view: str | None = None,
           standalone: bool = True):
    """Declare the Terraform resource types a model class stands for, and what follows:

    - ``origin``: the origin kind (``awsdata.ALB``…) of a CloudFront origin whose domain
      refers to such a resource; with ``data_sources``, to a ``data`` block of one too;
    - ``view``: what the view draws such a resource or data source as (``"listener"``);
    - ``standalone``: whether a module folder that mentions one of these types can hold
      a finding or a drawing with no other edge resource in it (a listener is checked
      by itself, a bucket only as the target of an origin). ``edgelint check`` reads
      such folders in full, and only parse-checks folders that mention none
      (``edge_words``). When unsure, leave it True: that costs speed, never a finding.
    """

    def register(cls):
        cls.terraform_types = resource_types
        for t in resource_types:
            RESOURCE_CLASSES[t] = cls
            if origin is not None:
                ORIGIN_KINDS[t] = origin
                if data_sources:
                    ORIGIN_KINDS[f"data.{t}"] = origin
            if view is not None:
                VIEW_KINDS[t] = view
        if standalone:
            _STANDALONE_TYPES.update(resource_types)
        return cls

    return register


def edge_words() -> tuple[str, ...]:
    """The resource types whose mention makes a module folder one that rules read: the
    standalone types of every model class (sorted)."""
    return tuple(sorted(_STANDALONE_TYPES))


class Node:
    """One block of a resource (the resource block itself, or a nested block)."""

    terraform_types: tuple[str, ...] = ()  # set by @models

    def __init__(self, stack: Stack, resource: Resource, block: Block | None = None, path: str = "",
                 bindings: dict | None = None, generated: bool = False, parent: Node | None = None,
                 nested_type: str = ""):
        self.stack = stack
        self._resource = resource
        self._block = block if block is not None else resource.block
        self.path = path  # attribute path prefix inside the resource: "origin[1]."
        # each / count of the resource instance, plus dynamic block iterators.
        self._bindings = bindings if bindings is not None else resource.bindings
        # Made by a dynamic block over an unknown collection: contents are unknown.
        self.generated_unknown = generated
        self.parent = parent  # the node this block is nested in; None for a resource
        # The block type it was read as (a dynamic block's label for its content); "" for a resource.
        self.nested_type = nested_type

    @classmethod
    def named_by(cls, ref: Ref, resource: bool = True, data_source: bool = False) -> bool:
        """Whether ``ref`` names a resource (``resource``) or a data source
        (``data_source``) of a type this class declares."""
        kind = ref.type
        if kind.startswith("data."):
            return data_source and kind[len("data."):] in cls.terraform_types
        return resource and kind in cls.terraform_types

    # --- identity ---

    @property
    def address(self) -> str:
        READING.set(self._resource.address)
        return self._resource.address

    @property
    def module_path(self) -> str:
        return self._resource.module.path

    @property
    def resource_type(self) -> str:
        """The Terraform type of the resource or data source (``aws_lb``), without ``data.``."""
        return self._resource.type

    @property
    def is_data_source(self) -> bool:
        return self._resource.mode == "data"

    @property
    def block_type(self) -> str:
        """The type of the block as Terraform reads it: a ``dynamic "rule"`` block's
        content is a ``rule`` (the ``content`` block it is written as says nothing)."""
        return self.nested_type or self._block.type

    @property
    def view_kind(self) -> str | None:
        """What the view draws the resource as (``@models(view=…)``); None when undeclared."""
        return VIEW_KINDS.get(self.resource_type)

    @property
    def label(self) -> str:
        """How messages name this object."""
        return self.address

    @property
    def opaque_flow(self) -> str | None:
        """Where this resource's identity flows into code edgelint cannot read (an
        opaque module, an unknown ``for_each``), or None: a rule that fires on an
        absence stays silent when it is set (``Stack.opaque_flow``)."""
        return self.stack.opaque_flow(self)

    # Identity is not reading: these do not record the object in READING.
    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._resource.address} {self.path}>"

    def __eq__(self, other) -> bool:
        return (type(other) is type(self) and other._resource.address == self._resource.address
                and other.path == self.path)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._resource.address, self.path))

    # --- values ---

    def has(self, name: str) -> bool:
        return name in self._block.attributes

    def value(self, name: str) -> Value:
        """The attribute's value; an unset attribute is ``Known(None)``. Everything in
        a block that a ``dynamic`` block generates over an unknown collection is
        Unknown: whether any such block exists is not known."""
        READING.set(self._resource.address)
        if self.generated_unknown:
            return Unknown("generated by a dynamic block over a collection that is not known")
        attr = self._block.attributes.get(name)
        if attr is None:
            return _NULL
        value = self._resource.module.evaluate(attr.expr, self._bindings)
        return without_placeholder(self._resource.type, self.path + name, value)

    @property
    def region(self) -> Value:
        """The region of the provider configuration the resource is created with
        (``provider = aws.use1``, a configuration passed into its module, or the
        default one); Unknown where no configuration sets it."""
        return self._resource.region()

    @property
    def region_name(self) -> str | None:
        """``region`` as a string, when it is known."""
        return known_region(self.region)

    def is_set(self, name: str) -> bool | None:
        """True when the attribute certainly holds a non-null, non-empty value (a
        reference counts), False when it is certainly unset, null or empty, None when
        that is not known."""
        v = self.value(name)
        if isinstance(v, (Ref, Partial)):
            return True
        if v.is_known:
            return v.known not in (None, "", [], {})
        return None

    def is_present(self, name: str) -> bool | None:
        """Like ``is_set``, but a value edgelint cannot see counts as present when the
        expression cannot give null (RULES.md: "the argument is present, whatever its
        value"): a required variable, an opaque module's output, a reference. An
        expression that may give null (a conditional, a ``null`` literal among its
        parts) is None, except ``lookup`` of a key that a known map holds. A
        placeholder (``""`` where AWS needs a value: a caller's slot) is None too."""
        found = self.is_set(name)
        if found is not None or self.generated_unknown:
            return found
        if is_placeholder(self.value(name)):
            return None
        attr = self._block.attributes.get(name)
        return None if attr is None or _may_be_null(self, attr.expr) else True

    def known(self, name: str, default=None):
        """The fully known Python value of an attribute, or ``default``."""
        v = self.value(name)
        if v.is_known and fully_known(v):
            return v.known if v.known is not None else default
        return default

    # --- typed reading: a plain value, or None when it is not known ---

    def text(self, name: str) -> str | None:
        """The attribute as a known string."""
        v = self.value(name)
        return v.known if v.is_known and isinstance(v.known, str) else None

    def flag(self, name: str) -> bool | None:
        """The attribute as a known bool."""
        v = self.value(name)
        return v.known if v.is_known and isinstance(v.known, bool) else None

    def integer(self, name: str) -> int | None:
        """The attribute as a known whole number (``86400`` or ``"86400"``)."""
        return as_int(self.value(name))

    def integers(self, name: str) -> list[int | None] | None:
        """The elements of a known list as whole numbers (None for an element that is
        not one, or not known); None when the list is not known."""
        v = self.value(name)
        if not (v.is_known and isinstance(v.known, list)):
            return None
        return [as_int(wrap(item)) for item in v.known]

    def strings(self, name: str) -> list[str] | None:
        """The attribute as a list of strings, every one known (a single string counts
        as a list of one, null as the empty list)."""
        found, complete = strings(self.value(name))
        return found if complete else None

    def known_strings(self, name: str) -> list[str]:
        """The strings among the known elements of a list (a single string counts),
        even when other elements are not known; empty when the list is not known."""
        return strings(self.value(name))[0]

    def length(self, name: str) -> int | None:
        """The number of elements of a known list (its elements may be unknown)."""
        v = self.value(name)
        return len(v.known) if v.is_known and isinstance(v.known, list) else None

    def is_null(self, name: str) -> bool:
        """True when the attribute is certainly null: unset, or set to null."""
        v = self.value(name)
        return v.is_known and v.known is None

    def is_known(self, name: str) -> bool:
        """True when the attribute's value is known (null included)."""
        return self.value(name).is_known

    def reference(self, name: str) -> Ref | None:
        """The reference the attribute is (``aws_lb.api.dns_name``), when it is one."""
        v = self.value(name)
        return v if isinstance(v, Ref) else None

    def references(self, name: str) -> list[Ref]:
        """Every reference the attribute's value is built from."""
        return list(self.value(name).refs())

    def pattern(self, name: str, hole: str = "*") -> str | None:
        """The attribute's text with each unknown piece of a template replaced by
        ``hole`` (a known string as it is); None when no piece of it is known text."""
        v = self.value(name)
        if isinstance(v, Partial):
            return v.pattern_text(hole)
        return v.known if v.is_known and isinstance(v.known, str) else None

    def text_ends(self, name: str) -> tuple[str, str] | None:
        """The known start and end of the attribute's text: a known string twice, a
        template's known prefix and suffix (empty where a piece is unknown)."""
        v = self.value(name)
        if isinstance(v, Partial):
            return v.prefix, v.suffix
        if v.is_known and isinstance(v.known, str):
            return v.known, v.known
        return None

    def arn(self, name: str) -> Arn | None:
        """The attribute as a known ARN."""
        return known_arn(self.value(name))

    def arn_region(self, name: str, service: str) -> str | None:
        """The region the attribute's ARN of ``service`` names, read from its known
        text before any unknown piece (``arns.arn_region``)."""
        return arn_region(self.value(name), service)

    # --- nested blocks ---

    def nested(self, type_: str, cls: type[N] | None = None) -> list[N]:
        """Nested blocks of a type, static and ``dynamic`` ones expanded, read as ``cls``."""
        cls = cls or Node
        return [cls(self.stack, self._resource, b, p, bn, g, self, type_) for b, p, bn, g in self._expand(type_)]

    def _expand(self, type_: str) -> Iterator[tuple[Block, str, dict, bool]]:
        n = 0
        for b in self._block.blocks:
            if b.type == type_:
                yield b, f"{self.path}{type_}[{n}].", self._bindings, self.generated_unknown
                n += 1
            elif b.type == "dynamic" and b.labels and b.labels[0] == type_:
                content = next(iter(b.blocks_of("content")), None)
                if content is None:
                    continue
                iterator = dynamic_iterator(b)
                for_each = self._resource.module.evaluate(b.attributes["for_each"].expr, self._bindings) \
                    if "for_each" in b.attributes else Unknown("no for_each")
                items = _collection_items(for_each)
                if items is None:
                    symbol = Unknown(f"{iterator} of a dynamic block over an unknown collection")
                    yield content, f"{self.path}{type_}[{n}].", {**self._bindings, iterator: symbol}, True
                    n += 1
                    continue
                for key, item in items:
                    binding = Known({"key": key, "value": item})
                    yield content, f"{self.path}{type_}[{n}].", {**self._bindings, iterator: binding}, False
                    n += 1

    def children(self) -> list[Node]:
        """Every nested block, of every type, dynamic ones expanded."""
        types = dict.fromkeys(b.labels[0] if b.type == "dynamic" and b.labels else b.type for b in self._block.blocks)
        return [n for t in types for n in self.nested(t)]

    def descendants(self) -> Iterator[Node]:
        for child in self.children():
            yield child
            yield from child.descendants()

    def has_block(self, type_: str) -> bool | None:
        """True when a ``type_`` block certainly exists, False when certainly not,
        None when only a dynamic block over an unknown collection could make one."""
        found = self.nested(type_)
        if any(not n.generated_unknown for n in found):
            return True
        return None if found else False

    def single(self, type_: str, cls: type[N] | None = None) -> N | None:
        """The one nested block of a type, when exactly one certainly exists (none
        made by a dynamic block over an unknown collection)."""
        found = self.nested(type_, cls)
        return found[0] if len(found) == 1 and not found[0].generated_unknown else None

    def first(self, type_: str, cls: type[N] | None = None) -> N | None:
        found = self.nested(type_, cls)
        return found[0] if found else None

    # --- locations ---

    def span(self, name: str | None = None) -> Span:
        """The attribute's span, or the nested block's, or this block's."""
        if name:
            attr = self._block.attributes.get(name)
            if attr is not None:
                return attr.span
            for b in self._block.blocks:
                if b.type == name or (b.type == "dynamic" and b.labels[:1] == (name,)):
                    return b.span
        return self._block.span

    def element_span(self, name: str, index: int) -> Span:
        """The span of element ``index`` of the list the attribute spells out
        (``"0.0.0.0/0"`` in ``cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]``); the
        attribute's span when it spells no such list (a reference, a function call, a
        ``for`` expression), so that a finding is never placed on the wrong element."""
        attr = self._block.attributes.get(name)
        value = self.value(name)
        if (attr is not None and isinstance(attr.expr, TupleExpr) and value.is_known
                and isinstance(value.known, list) and len(value.known) == len(attr.expr.items)
                and 0 <= index < len(attr.expr.items)):
            found = getattr(attr.expr.items[index], "span", None)
            if found is not None:
                return found
        return self.span(name)

    def related(self, message: str, at: str | None = None) -> Related:
        return Related(self.span(at), message)

    def finding(self, message: str, at: str | None = None, related: Iterable[Related] = (),
                flow: Iterable[Related] = (), edits: Iterable[Edit] = (), span: Span | None = None) -> Finding:
        """A finding on this object, at attribute ``at`` when given; ``span`` places it
        more exactly inside that attribute (an element of a list, ``element_span``);
        ``edits`` is its fix (see ``fix_value``, ``fix_remove``, ``fix_insert``), for a
        rule that declares one."""
        attribute = self.path + (at or "")
        return Finding(message, span or self.span(at), self.address, attribute.rstrip("."),
                       tuple(related), tuple(flow), instance=self.module_path, edits=tuple(edits))

    # --- fixes: edits of what is written in this block, or none when that is not certain ---

    def _editable(self) -> bool:
        """This block is written by the user where it stands: not generated by a
        ``dynamic`` block, not inside ``.terraform/`` (downloaded, remote modules)."""
        if self.generated_unknown or self._block.type in ("dynamic", "content"):
            return False
        return ".terraform" not in self._block.span.file.replace("\\", "/").split("/")

    def fix_value(self, name: str, text: str) -> tuple[Edit, ...]:
        """Replace the value of attribute ``name`` with the HCL ``text``, when that
        value is a literal written here (a string, number, bool or a list of them).
        A value that is exactly ``var.x`` or ``local.x`` (``trail.plain_name``) gets a ``travelled`` edit,
        which the pipeline moves to where the value is written or drops; any other
        expression gets no fix."""
        attr = self._block.attributes.get(name)
        if attr is None:
            return ()
        if plain_name(attr.expr) is not None and not (self.generated_unknown or self._block.type in ("dynamic", "content")):
            # Written elsewhere (maybe by the caller of a downloaded module): the
            # pipeline moves this edit to where the value is written
            # (``instances.trail``), or drops it when that is not certain.
            return (Edit("value", attr.span, text, name, travelled=True),)
        if not self._editable() or not _is_literal(attr.expr):
            return ()
        return (Edit("value", attr.span, text, name),)

    def fix_remove(self, name: str) -> tuple[Edit, ...]:
        """Remove attribute or nested block ``name`` (the first one) from this block."""
        if not self._editable():
            return ()
        attr = self._block.attributes.get(name)
        if attr is not None:
            return (Edit("remove", attr.span, name=name),)
        found = next((b for b in self._block.blocks if b.type == name), None)
        return (Edit("remove", found.span, name=name),) if found is not None else ()

    def fix_insert(self, name: str, text: str) -> tuple[Edit, ...]:
        """Add ``name = text`` to this block, which does not set ``name``."""
        if not self._editable() or name in self._block.attributes:
            return ()
        return (Edit("insert", self._block.span, text, name),)


def _is_literal(expr) -> bool:
    """A value written here: a literal, a list of literals, or a plain reference to a
    resource's attribute (``aws_wafv2_web_acl.x.id``: no index, no variable)."""
    if isinstance(expr, Lit):
        return True
    if isinstance(expr, Traversal):
        return isinstance(expr.root, str) and expr.root not in ("var", "local", "module", "each", "count", "self") \
            and all(isinstance(s, Attr) for s in expr.steps)
    return isinstance(expr, TupleExpr) and all(isinstance(i, Lit) for i in expr.items)


def _may_be_null(node: Node, expr) -> bool:
    """Whether an expression whose value is unknown might evaluate to null."""
    if isinstance(expr, Conditional):
        return True
    if isinstance(expr, Lit):
        return expr.value is None
    if isinstance(expr, Call):
        if expr.name == "lookup" and len(expr.args) >= 2:
            table = node._resource.module.evaluate(expr.args[0], node._bindings)
            key = node._resource.module.evaluate(expr.args[1], node._bindings)
            if table.is_known and key.is_known and isinstance(table.known, dict) and key.known in table.known:
                return False  # the default is not used
        return any(_may_be_null(node, a) for a in expr.args)
    if isinstance(expr, Template):
        return False  # a string, whatever its parts
    if isinstance(expr, Traversal):
        return not isinstance(expr.root, str) and _may_be_null(node, expr.root)
    return True  # anything else: not worth guessing


def _collection_items(value: Value):
    """A ``dynamic`` block's iterations: ``key`` is the index for a list, the
    element for a set, the key for a map (evaluate's ``iteration_items``)."""
    return iteration_items(value.known) if value.is_known else None


def strings(value: Value) -> tuple[list[str], bool]:
    """The known strings of a list value (or a single string) and whether that is all."""
    if not value.is_known:
        return [], False
    data = value.known
    if data is None:
        return [], True
    if isinstance(data, str):
        return [data], True
    if not isinstance(data, list):
        return [], False
    out = [x for x in data if isinstance(x, str)]
    return out, len(out) == len(data)


def as_int(value: Value) -> int | None:
    """A known whole number (``86400`` or ``"86400"``), else None."""
    if not value.is_known or isinstance(value.known, bool):
        return None
    try:
        number = float(value.known)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


# --- three-valued logic: True, False, or None for "not knowable" ---


def any_of(results: Iterable[bool | None]) -> bool | None:
    """True when one result is True; False when all are False; else None."""
    unknown = False
    for r in results:
        if r is True:
            return True
        if r is None:
            unknown = True
    return None if unknown else False


def all_of(results: Iterable[bool | None]) -> bool | None:
    """False when one result is False; True when all are True; else None."""
    some_false = any_of(None if r is None else not r for r in results)
    return None if some_false is None else not some_false


def refers_to(value: Value, target: Node) -> bool | None:
    """Whether a value is (or is built from) a reference to ``target``: True when it
    names it, False when it names only other resources of the same type, None when it
    names no such resource (a literal ARN, an unknown variable, a data source that may
    look the target up)."""
    resource = target._resource
    own_type = resource.type if resource.mode == "managed" else f"data.{resource.type}"
    same_type = [r for r in value.refs() if r.type == own_type]
    if any(target.stack.config.resource(r.address) is resource for r in same_type):
        return True
    return False if same_type else None
