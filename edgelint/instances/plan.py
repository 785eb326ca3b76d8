"""Plan input: the output of ``terraform show -json PLANFILE`` as a configuration.

A plan knows what static analysis cannot: every module and ``count``/``for_each``
expanded, variables set, and every value Terraform could compute before apply. It is
read into the same module instances and resources as HCL, so every rule runs on it:

- ``planned_values`` gives the resource instances (module paths and instance keys as
  Terraform wrote them) and their known values. Each instance becomes a ``Block``
  whose attributes are those values, located in the plan file itself: Terraform's
  JSON plan records no source positions, so a finding points at the attribute's
  planned value (or at the resource's entry when the value is unknown), and carries
  the resource address; fingerprints are the same as for the ``.tf`` files.
- ``resource_changes[].change.after_unknown`` says which values are known only
  after apply. Those stay Unknown, derived from the references the ``configuration``
  section records for the attribute (followed through module inputs and outputs),
  so an origin whose ``domain_name`` is a new load balancer's ``dns_name`` is still
  known to be that load balancer, while its text is not.
- A known string equal to exactly one resource instance's known ``arn``, ``id``
  (of an identifier's shape) or ``dns_name`` is a reference to it: that is how a
  plan links a listener to its load balancer once both exist.
- ``configuration.provider_config`` gives each resource's provider configuration,
  so regions are known where the configuration sets them, and each provider's
  ``version_constraint`` (a plan records no lock file, so only constraints decide
  the provider version).

Values inside ``dynamic`` blocks are in ``planned_values`` (expanded), but their
references are not in the configuration section (Terraform leaves them out).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edgelint.evaluate.evaluator import Scope
from edgelint.evaluate.values import Known
from edgelint.instances.builder import ModuleInputs, finish_tree, resolver
from edgelint.instances.providers import Requirement, normalize_source
from edgelint.instances.tree import (
    CallSite,
    InstanceGroup,
    ModuleInstance,
    ModuleTree,
    ProviderConfig,
    Resource,
)
from edgelint.parse.hcl import parse_expression
from edgelint.parse.json_syntax import read_json
from edgelint.parse.syntax import (
    Absolute,
    Attribute,
    Block,
    Lit,
    ObjectExpr,
    ParseError,
    Span,
    TupleExpr,
    Unsupported,
)
from edgelint.safeio import read_regular_file

_WRITE_PLAN = "write it with terraform show -json PLANFILE"
_ID_SHAPE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{7,}$")
_LINKED = ("arn", "id", "dns_name")


@dataclass
class PlanFile:
    path: str
    lines: tuple[str, ...]
    config: ModuleTree | None
    error: ParseError | None


def read_plan(path: str) -> PlanFile:
    """Read a JSON plan; a file that is not one is a ``ParseError`` (EDGE900)."""
    try:
        text = read_regular_file(path).decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        return PlanFile(path, (), None, ParseError(f"cannot read plan: {exc}", Span(path, 1, 1, 1, 1)))
    lines = tuple(text.split("\n"))
    if not text.strip():
        return PlanFile(path, lines, None, ParseError(f"empty file, not a Terraform plan: {_WRITE_PLAN}",
                                                      Span(path, 1, 1, 1, 1)))
    try:
        root = read_json(text, path)
    except ValueError as exc:  # Terraform's error text where the plan should be, too
        span = Span(path, exc.line, exc.col, exc.line, exc.col + 1)
        return PlanFile(path, lines, None, ParseError(f"{exc}: not a JSON plan ({_WRITE_PLAN})", span))
    version = str(_plain(_get(root, "format_version")) or "")
    if not isinstance(root.value, dict) or _get(root, "planned_values") is None:
        return PlanFile(path, lines, None, ParseError(
            f"not a Terraform plan (no planned_values): {_WRITE_PLAN}", root.span))
    if version and not version.startswith("1."):
        return PlanFile(path, lines, None, ParseError(
            f"plan format_version {version} is not supported (1.x is)", _get(root, "format_version").span))
    return PlanFile(path, lines, _Reader(path, root).config(), None)


# --- JSON helpers -----------------------------------------------------------------------


def _get(node, key: str):
    if node is None or not isinstance(node.value, dict):
        return None
    for k, v in node.value.items():
        if k.value == key:
            return v
    return None


def _items(node):
    if node is None or not isinstance(node.value, dict):
        return []
    return [(k.value, v) for k, v in node.value.items() if k.value != "//"]


def _plain(node) -> Any:
    if node is None:
        return None
    v = node.value
    if isinstance(v, dict):
        return {k.value: _plain(x) for k, x in v.items() if k.value != "//"}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _strip_keys(path: str) -> list[str]:
    """Module call names of a module instance path: module.a["x"].module.b → [a, b]."""
    return [part.split("[", 1)[0] for part in re.findall(r'module\.([^.\[]+(?:\[[^\]]*\])?)', path)]


# --- the reader ---------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: str, root):
        self.path = path
        self.root = root
        self.configuration = _get(root, "configuration")
        self.unknown: dict[str, Any] = {}
        for change in (_get(root, "resource_changes").value if _get(root, "resource_changes") else []):
            address = _plain(_get(change, "address"))
            after_unknown = _plain(_get(_get(change, "change"), "after_unknown"))
            if isinstance(address, str) and _get(change, "deposed") is None:
                self.unknown[address] = after_unknown or {}
        self.instances: list[ModuleInstance] = []
        self.calls: list[CallSite] = []
        self.linked: dict[str, list[tuple[str, str]]] = {}
        self.providers: dict[str, ProviderConfig] = {}

    def config(self) -> ModuleTree:
        modules = self._planned_modules(_get(_get(self.root, "planned_values"), "root_module"))
        for module in modules:
            for resource in module[1]:
                values = _plain(_get(resource, "values")) or {}
                for attr in _LINKED:
                    v = values.get(attr) if isinstance(values, dict) else None
                    if isinstance(v, str) and (attr != "id" or _ID_SHAPE.match(v)):
                        self.linked.setdefault(v, []).append((_plain(_get(resource, "address")), attr))
        variables = {name: Known(_plain(_get(v, "value"))) for name, v in _items(_get(self.root, "variables"))}
        root_config = _get(self.configuration, "root_module")
        self._instance("", modules, root_config, variables, None)
        return finish_tree(self.instances, self.calls, requirements=self._requirements())

    def _requirements(self) -> dict[str, list[Requirement]]:
        """Each provider's version constraints, from ``configuration.provider_config``
        (``full_name`` and ``version_constraint``); a plan holds no lock file."""
        out: dict[str, list[Requirement]] = {}
        for _key, config in _items(_get(self.configuration, "provider_config")):
            full_name, constraint = _plain(_get(config, "full_name")), _plain(_get(config, "version_constraint"))
            source = normalize_source(full_name) if isinstance(full_name, str) else None
            if source is not None and isinstance(constraint, str):
                out.setdefault(source, []).append(Requirement(constraint, _get(config, "version_constraint").span))
        return out

    def _planned_modules(self, node, out=None) -> list[tuple[str, list]]:
        """(module instance path, [resource nodes]) for every module in planned_values."""
        out = [] if out is None else out
        if node is None:
            return out
        address = _plain(_get(node, "address")) or ""
        resources = _get(node, "resources")
        out.append((address, list(resources.value) if resources is not None else []))
        for child in (_get(node, "child_modules").value if _get(node, "child_modules") else []):
            self._planned_modules(child, out)
        return out

    def _instance(self, path: str, modules, module_config, variables: Mapping,
                  parent: ModuleInstance | None) -> ModuleInstance:
        instance = ModuleInstance(path, self.path, [], Scope(), parent=parent, root_dir=self.path,
                                  call_names=tuple(_strip_keys(path)))
        instance.scope = Scope(variables, {}, ".", resolver(instance))
        self.instances.append(instance)
        for name, output in _items(_get(module_config, "outputs")):
            expr = self._expression(_get(output, "expression"), None)
            instance.output_attributes[name] = Attribute(name, expr, Span(self.path, 1, 1, 1, 1))
        resource_configs = {_plain(_get(r, "address")): r for r in (
            _get(module_config, "resources").value if _get(module_config, "resources") else [])}
        by_path = dict(modules)
        for node in by_path.get(path, []):
            self._resource(instance, node, resource_configs)
        for name, call_config in _items(_get(module_config, "module_calls")):
            self._call(instance, name, call_config, modules)
        return instance

    def _call(self, caller: ModuleInstance, name: str, call_config, modules) -> None:
        prefix = caller.address(f"module.{name}")
        paths = [p for p, _ in modules if p == prefix or (p.startswith(prefix + "[") and
                                                          "." not in p[len(prefix):].split("]", 1)[-1])]
        keyed = [p for p in paths if p != prefix]
        mode = None
        if keyed:
            mode = "count" if keyed[0][len(prefix) + 1:].split("]")[0].isdigit() else "for_each"
        source = _plain(_get(call_config, "source"))
        inputs = {n: Attribute(n, self._expression(e, None), Span(self.path, 1, 1, 1, 1))
                  for n, e in _items(_get(call_config, "expressions"))}
        block = Block("module", (name,), inputs, (), Span(self.path, 1, 1, 1, 1))
        call = CallSite(name, block, caller, source if isinstance(source, str) else None, mode)
        self.calls.append(call)
        caller.calls[name] = call
        child_config = _get(call_config, "module")
        declared = {n: Block("variable", (n,), {}, (), block.span) for n in inputs}
        for path in sorted(paths):
            variables = ModuleInputs(declared, call, {})
            call.instances.append(self._instance(path, modules, child_config, variables, caller))

    def _resource(self, instance: ModuleInstance, node, resource_configs) -> None:
        address = _plain(_get(node, "address"))
        type_, name = _plain(_get(node, "type")), _plain(_get(node, "name"))
        mode = _plain(_get(node, "mode")) or "managed"
        if not all(isinstance(x, str) for x in (address, type_, name)):
            return
        key = _plain(_get(node, "index"))
        local = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
        config = resource_configs.get(local)
        expressions = _get(config, "expressions")
        block = self._block(mode if mode == "data" else "resource", (type_, name), _get(node, "values"),
                            self.unknown.get(address, {}), expressions, node.span, instance)
        provider_key = _plain(_get(config, "provider_config_key"))
        if isinstance(provider_key, str):
            provider = self._provider(provider_key, instance)
            if provider is not None:
                instance.provider_map[provider_key] = provider
                block.attributes["provider"] = Attribute("provider", Lit(provider_key), node.span)
        base = instance.address(local)
        group = instance.groups.get(local)
        if key is not None:
            if group is None:
                group = instance.groups[local] = InstanceGroup(base, "count" if isinstance(key, int) else "for_each", [])
            group.keys.append(key)
        elif group is None:
            instance.groups[local] = InstanceGroup(base, None, None)
        instance.resources[address] = Resource(address, type_, name, mode, block, instance, key)

    def _provider(self, key: str, instance: ModuleInstance) -> ProviderConfig | None:
        if key in self.providers:
            return self.providers[key]
        config = _get(_get(self.configuration, "provider_config"), key)
        if config is None:
            return None
        root = self.instances[0] if self.instances else instance
        region = _get(_get(config, "expressions"), "region")
        attrs = {}
        if region is not None:
            attrs["region"] = Attribute("region", self._expression(region, None, follow=True), config.span)
        block = Block("provider", (_plain(_get(config, "name")) or key,), attrs, (), config.span)
        self.providers[key] = ProviderConfig(key, block, root)
        return self.providers[key]

    def _block(self, type_: str, labels: tuple, values, unknown, expressions, span: Span,
               instance: ModuleInstance) -> Block:
        attributes: dict[str, Attribute] = {}
        nested: list[Block] = []
        unknown = unknown if isinstance(unknown, dict) else {}
        for name, value in _items(values):
            config = _get(expressions, name)
            is_blocks = isinstance(value.value, list) and value.value and all(
                isinstance(v.value, dict) for v in value.value) and not _is_expression(config)
            if is_blocks:
                configs = config.value if config is not None and isinstance(config.value, list) else []
                marks = unknown.get(name) if isinstance(unknown.get(name), list) else []
                for i, item in enumerate(value.value):
                    mark = marks[i] if i < len(marks) else {}
                    nested.append(self._block(name, (), item, mark, _matching(item, configs), item.span, instance))
                continue
            attr_span = Span(self.path, value.span.line, value.span.col, value.span.end_line, value.span.end_col)
            for k, v in values.value.items():
                if v is value:
                    attr_span = Span(self.path, k.span.line, k.span.col, v.span.end_line, v.span.end_col)
            attributes[name] = Attribute(name, self._value(value.value, value, unknown.get(name), config), attr_span)
        for name, mark in unknown.items():
            if name not in attributes and _any_unknown(mark):
                attributes[name] = Attribute(name, self._from_marks(mark, _get(expressions, name)), span)
        return Block(type_, labels, attributes, tuple(nested), span)

    def _value(self, raw, node, unknown, config):
        """A planned value as a literal expression, its unknown leaves Unknown."""
        if unknown is True:
            return self._unknown(config)
        if isinstance(raw, list):
            marks = unknown if isinstance(unknown, list) else []
            return TupleExpr(tuple(self._value(item.value, item, marks[i] if i < len(marks) else None, config)
                                   for i, item in enumerate(raw)))
        if isinstance(raw, dict):
            marks = unknown if isinstance(unknown, dict) else {}
            return ObjectExpr(tuple((Lit(k.value), self._value(v.value, v, marks.get(k.value), config))
                                    for k, v in raw.items() if k.value != "//"))
        if isinstance(raw, str):
            targets = self.linked.get(raw, [])
            if len(targets) == 1:
                address, attr = targets[0]
                return Absolute(address, (attr,))
        return Lit(raw)

    def _from_marks(self, mark, config):
        """A value absent from the plan, built from its ``after_unknown`` marks."""
        if mark is True:
            return self._unknown(config)
        if isinstance(mark, list):
            return TupleExpr(tuple(self._from_marks(m, config) for m in mark))
        if isinstance(mark, dict):
            return ObjectExpr(tuple((Lit(k), self._from_marks(m, config)) for k, m in mark.items()))
        return Lit(None)

    def _unknown(self, config):
        return self._expression(config, "known only after apply")

    def _expression(self, config, unknown_reason: str | None, follow: bool = False):
        """A configuration expression: its constant, or an unknown value derived
        from its references (``follow``: the reference itself, when it is one)."""
        if config is None:
            return Unsupported(unknown_reason or "not recorded in the plan")
        constant = _get(config, "constant_value")
        if constant is not None and unknown_reason is None:
            return self._value(constant.value, constant, None, None)
        refs = [r for r in (_plain(_get(config, "references")) or []) if isinstance(r, str)]
        longest = [r for r in refs if not any(o != r and (o.startswith(r + ".") or o.startswith(r + "["))
                                              for o in refs)]
        parsed = []
        for ref in longest:
            try:
                parsed.append(parse_expression(ref))
            except Exception:
                continue
        if follow and len(parsed) == 1:
            return parsed[0]
        return Unsupported(unknown_reason or "an expression the plan does not spell out", tuple(parsed))


def _any_unknown(mark) -> bool:
    if mark is True:
        return True
    if isinstance(mark, list):
        return any(_any_unknown(m) for m in mark)
    if isinstance(mark, dict):
        return any(_any_unknown(m) for m in mark.values())
    return False


def _is_expression(config) -> bool:
    return config is not None and isinstance(config.value, dict) and (
        _get(config, "constant_value") is not None or _get(config, "references") is not None)


def _matching(item, configs: list):
    """The configuration block of a planned nested block: the only one whose
    constant arguments all equal the planned values (sets are reordered by plans)."""
    planned = _plain(item)
    found = []
    for config in configs:
        constants = {k: _plain(_get(v, "constant_value")) for k, v in _items(config)
                     if isinstance(v.value, dict) and _get(v, "constant_value") is not None}
        if all(planned.get(k) == v for k, v in constants.items()):
            found.append(config)
    return found[0] if len(found) == 1 else None
