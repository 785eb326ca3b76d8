"""IAM policy documents, read into one shape whatever form the configuration uses.

A policy reaches a resource as JSON text (a heredoc, a literal, ``jsonencode(...)``,
whose partly known result is a ``Partial`` with holes where the references sit) or as
a reference to a ``data "aws_iam_policy_document"``. All of them become a
``PolicyDocument`` of ``Statement``s whose leaves stay ``Value``s, so a condition on
``aws_cloudfront_distribution.cdn.arn`` is still recognisably that distribution.

Questions to a statement answer True, False, or None when the answer is not
knowable (an unknown action list, a negated element, a hole where a value should be).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from edgelint.evaluate.values import Known, Partial, Ref, Value, wrap
from edgelint.model.base import all_of, any_of

if TYPE_CHECKING:
    from edgelint.model.stack import Stack

_MAX_DEPTH = 8  # policy documents built from policy documents: stop a cycle


@dataclass(frozen=True)
class Condition:
    operator: str  # "StringEquals", "ArnLike", ...
    key: str  # "aws:SourceArn", as written
    values: tuple[Value, ...] | None  # None when the list itself is unknown

    @property
    def negated(self) -> bool:
        return "Not" in self.operator


@dataclass(frozen=True)
class Statement:
    effect: Value
    actions: tuple[Value, ...] | None  # None when not knowable
    not_action: bool
    principals: dict[str, tuple[Value, ...]] | None  # principal type → identifiers
    not_principal: bool
    conditions: tuple[Condition, ...] | None

    def allows(self) -> bool | None:
        if not (self.effect.is_known and isinstance(self.effect.known, str)):
            return None
        return self.effect.known == "Allow"

    def covers_action(self, action: str) -> bool | None:
        """Whether the statement's Action matches ``action`` (wildcards, any case)."""
        if self.not_action or self.actions is None:
            return None
        return any_of(_pattern_matches(v, action) for v in self.actions)

    def names_service(self, service: str, everyone: bool = True) -> bool | None:
        """Whether the principal includes the AWS service ``service`` (or, with
        ``everyone``, the principal ``*``)."""
        if self.not_principal or self.principals is None:
            return None
        results: list[bool | None] = []
        for kind, identifiers in self.principals.items():
            kind_l = kind.lower()
            for ident in identifiers:
                if not (ident.is_known and isinstance(ident.known, str)):
                    results.append(None)
                elif ident.known == "*" and kind_l in ("*", "aws"):
                    results.append(everyone)
                else:
                    results.append(kind_l == "service" and ident.known.lower() == service.lower())
        return any_of(results)

    def conditions_on(self, key: str) -> list[Condition] | None:
        """The conditions on a context key (compared case-insensitively, as IAM does)."""
        if self.conditions is None:
            return None
        return [c for c in self.conditions if c.key.lower() == key.lower()]


@dataclass(frozen=True)
class PolicyDocument:
    statements: tuple[Statement, ...]
    complete: bool  # False when some statements could not be read

    def has_condition_on(self, key: str) -> bool | None:
        """Whether some statement is conditioned on the context key ``key``."""
        return self.any_statement(lambda s: None if s.conditions_on(key) is None else bool(s.conditions_on(key)))

    def any_statement(self, test) -> bool | None:
        """``any_of`` over the statements, None instead of False when incomplete."""
        found = any_of(test(s) for s in self.statements)
        if found is False and not self.complete:
            return None
        return found


def read_policy(stack: Stack, value: Value, depth: int = 0) -> PolicyDocument | None:
    """The policy document a value holds, or None when it cannot be read."""
    if depth > _MAX_DEPTH:
        return None
    if value.is_known and value.known in (None, ""):
        return PolicyDocument((), True)  # no policy at all
    if isinstance(value, Ref):
        return _from_data_source(stack, value, depth)
    structure = decode_json(value)
    if structure is None or not isinstance(structure, dict):
        return None
    return _from_json(structure)


def decode_json(value: Value) -> Any:
    """JSON text (Known, or Partial with holes inside strings) as Python data whose
    unknown leaves are the holes' ``Value``s; None when it is not readable JSON."""
    if value.is_known:
        data = value.known
        if isinstance(data, dict):
            return data
        if not isinstance(data, str):
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None
    if not isinstance(value, Partial):
        return None
    text_parts = [p for p in value.parts if isinstance(p, str)]
    if any(_MARK in p for p in text_parts):
        return None
    holes = [p for p in value.parts if not isinstance(p, str)]
    text, n = [], 0
    for p in value.parts:
        if isinstance(p, str):
            text.append(p)
        else:
            text.append(f"{_MARK}{n}{_MARK}")
            n += 1
    try:
        data = json.loads("".join(text))
    except ValueError:
        return None  # a hole outside a JSON string: a list or number we cannot see
    return _restore(data, holes)


_MARK = "\ue001"
_MARKED = re.compile(f"{_MARK}(\\d+){_MARK}")


def _restore(data: Any, holes: list[Value]) -> Any:
    if isinstance(data, dict):
        return {k: _restore(v, holes) for k, v in data.items()}
    if isinstance(data, list):
        return [_restore(v, holes) for v in data]
    if isinstance(data, str) and _MARK in data:
        pieces: list = []
        pos = 0
        for m in _MARKED.finditer(data):
            if m.start() > pos:
                pieces.append(data[pos:m.start()])
            pieces.append(holes[int(m.group(1))])
            pos = m.end()
        if pos < len(data):
            pieces.append(data[pos:])
        return pieces[0] if len(pieces) == 1 else Partial(tuple(pieces))
    return data


# --- JSON documents ---


def _from_json(doc: dict) -> PolicyDocument:
    raw = doc.get("Statement")
    if isinstance(raw, dict):
        raw = [raw]
    if raw is None:
        return PolicyDocument((), True)
    if not isinstance(raw, list):
        return PolicyDocument((), False)
    statements = []
    complete = True
    for item in raw:
        if isinstance(item, dict):
            statements.append(_json_statement(item))
        else:
            complete = False
    return PolicyDocument(tuple(statements), complete)


def _json_statement(s: dict) -> Statement:
    action_key = "NotAction" if "NotAction" in s else "Action"
    principal_key = "NotPrincipal" if "NotPrincipal" in s else "Principal"
    return Statement(
        effect=wrap(s.get("Effect")),
        actions=_value_list(s.get(action_key)),
        not_action=action_key == "NotAction",
        principals=_json_principals(s.get(principal_key)),
        not_principal=principal_key == "NotPrincipal",
        conditions=_json_conditions(s.get("Condition")),
    )


def _value_list(raw: Any) -> tuple[Value, ...] | None:
    """A JSON "string or list of strings" element as values; None when unknowable."""
    if raw is None:
        return ()
    if isinstance(raw, list):
        return tuple(wrap(x) for x in raw)
    if isinstance(raw, Value) and not raw.is_known and not isinstance(raw, (Partial, Ref)):
        return None  # an unknown leaf may be a whole list
    # A reference stands for one element: whatever it holds is that resource's
    # attribute (a condition on another distribution's ARN is not on this one's).
    return (wrap(raw),)


def _json_principals(raw: Any) -> dict[str, tuple[Value, ...]] | None:
    if raw is None:
        return {}
    if raw == "*":
        return {"*": (Known("*"),)}
    if not isinstance(raw, dict):
        return None
    out: dict[str, tuple[Value, ...]] = {}
    for kind, identifiers in raw.items():
        values = _value_list(identifiers)
        if values is None:
            return None
        out[kind] = values
    return out


def _json_conditions(raw: Any) -> tuple[Condition, ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        return None
    out = []
    for operator, tests in raw.items():
        if not isinstance(tests, dict):
            return None
        for key, values in tests.items():
            out.append(Condition(operator, key, _value_list(values)))
    return tuple(out)


# --- data "aws_iam_policy_document" ---


def _from_data_source(stack: Stack, ref: Ref, depth: int) -> PolicyDocument | None:
    if ref.type != "data.aws_iam_policy_document" or ref.attribute not in ("json", "minified_json"):
        return None
    node = stack.object_for(ref)
    if node is None:
        return None
    statements: list[Statement] = []
    complete = True
    # Source and override documents are merged in; an override that replaces a
    # statement by Sid is read as an addition, which can only hide a missing grant.
    for attr in ("source_policy_documents", "override_policy_documents", "source_json", "override_json"):
        docs = node.value(attr)
        if docs.is_known and docs.known is None:
            continue
        items = docs.known if docs.is_known and isinstance(docs.known, list) else [docs]
        for item in items:
            sub = read_policy(stack, wrap(item), depth + 1)
            if sub is None:
                complete = False
            else:
                statements.extend(sub.statements)
                complete = complete and sub.complete
    for block in node.nested("statement"):
        statements.append(_block_statement(block))
    return PolicyDocument(tuple(statements), complete)


def _block_statement(block) -> Statement:
    effect = block.value("effect")
    if effect.is_known and effect.known is None:
        effect = Known("Allow")  # the data source's default
    not_action = block.is_set("not_actions") is True
    principal_blocks = block.nested("not_principals") or block.nested("principals")
    return Statement(
        effect=effect,
        actions=_list_attr(block.value("not_actions" if not_action else "actions")),
        not_action=not_action,
        principals=_block_principals(principal_blocks),
        not_principal=bool(block.nested("not_principals")),
        conditions=_block_conditions(block.nested("condition")),
    )


def _list_attr(value: Value) -> tuple[Value, ...] | None:
    if not value.is_known:
        return None
    data = value.known
    if data is None:
        return ()
    if isinstance(data, list):
        return tuple(wrap(x) for x in data)
    return (wrap(data),)


def _block_principals(blocks) -> dict[str, tuple[Value, ...]] | None:
    out: dict[str, tuple[Value, ...]] = {}
    for b in blocks:
        kind = b.text("type")
        identifiers = _list_attr(b.value("identifiers"))
        if b.generated_unknown or kind is None or identifiers is None:
            return None
        out[kind] = out.get(kind, ()) + identifiers
    return out


def _block_conditions(blocks) -> tuple[Condition, ...] | None:
    out = []
    for b in blocks:
        test, variable = b.value("test"), b.value("variable")
        if b.generated_unknown or not (test.is_known and variable.is_known):
            return None
        out.append(Condition(str(test.known), str(variable.known), _list_attr(b.value("values"))))
    return tuple(out)


# --- matching ---


def _pattern_matches(pattern: Value, text: str) -> bool | None:
    """IAM's case-insensitive wildcard match of an action pattern against ``text``."""
    if not (pattern.is_known and isinstance(pattern.known, str)):
        return None
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.known)
    return re.fullmatch(regex, text, re.IGNORECASE) is not None


def condition_holds(statement: Statement, key: str, test) -> bool | None:
    """Whether every condition on ``key`` is satisfied by a value ``test`` accepts
    (True when the statement has no condition on the key)."""
    conditions = statement.conditions_on(key)
    if conditions is None:
        return None
    results = []
    for c in conditions:
        if c.negated or c.values is None:
            results.append(None)
        else:
            results.append(any_of(test(v) for v in c.values))
    return all_of(results)
