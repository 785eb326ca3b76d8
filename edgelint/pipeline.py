"""The pipeline of ``edgelint check``, stage after stage: discover → parse → instances
→ model → rules → filter (evaluate is the service instances and model call).

The rule engine (``run_rules``) runs the selected rules on each root module's model.
The system diagnostics (``ruleset.diagnostics``) come from the stages that know them:
EDGE900 from the parse errors of the files a root module used (and of files no module
instance used), EDGE902 from the module tree's opaque calls, EDGE901 from the filter;
``diagnosed`` gives them their selected catalog entry's ID, name and severity.

Provenance (``with_provenance``, ``merge_producers``): each rule finding gets the
trail of its deciding value (``instances.trail``) and its fix moved to where that
value is written; the same finding from several checked roots becomes one, naming
them all.

The filter stage runs inline suppressions (``filter.suppress``), then the baseline
(``filter.baseline``); the configuration file (``settings``) has already shaped the
options: which rules run, at which severity, which files are excluded.

The CLI builds ``Options`` and renders the ``CheckResult``; this module neither
prints nor exits, so tests and other tools can call ``check`` directly.

Speed without changing results: the domain pre-filter (``prefilter``) sends folders
that no rule reads through a parse check only, and every file is parsed once, from
the parse cache when there is one, in ``jobs`` processes when there is enough to
parse (``parse.parallel``).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from edgelint.filter import suppress
from edgelint.filter.baseline import Baseline, BaselineError, load_baseline
from edgelint.findings import CheckResult, Edit, Finding, Notice, Related
from edgelint.fix.edits import confirmed
from edgelint.parse.discover import Discovery, TerragruntConfigs, discover, is_tfvars_file
from edgelint.parse.hcl import parse_file
from edgelint.parse.parallel import Request, parse_all
from edgelint.parse.syntax import ParsedFile
from edgelint.ruleset.diagnostics import (
    PARSE_ERROR,
    UNDECLARED_REFERENCE,
    UNRESOLVED_MODULE,
    UNUSED_SUPPRESSION,
)
from edgelint.ruleset.registry import Registry, Rule


class UsageError(Exception):
    """Bad input from the user (paths, var files, rule selection): exit 2."""


@dataclass
class Options:
    paths: list[str]
    var_files: list[str] = field(default_factory=list)
    cli_vars: dict[str, str] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)  # empty: every rule enabled by default
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    max_file_size: int | None = 5 * 1024 * 1024
    # A rule that raises is reported either way; keep_going makes that a warning
    # (the exit code then follows the findings) instead of an error (exit 2).
    keep_going: bool = False
    config_rules: object | None = None  # config.RuleSelection: the file's layer, under the flags above
    severity: dict[str, str] = field(default_factory=dict)  # rule ID or name → severity
    exclude: list = field(default_factory=list)  # exclude.ExcludePattern
    whole_modules: bool = False  # a file argument stands for its whole module folder
    baseline: str | None = None  # report only findings this baseline file does not hold
    jobs: int = 1  # worker processes for parsing
    cache_dir: str | None = None  # the parse cache's folder; None: no cache
    prefilter: bool = True  # parse-check only the folders no rule reads
    # Told the name of each stage as the check enters it (discover, parse, instances,
    # rules, filter): the CLI's progress line and --verbose timings. Stages interleave
    # (one root module after another), so a stage may be entered more than once.
    progress: Callable[[str], None] | None = None
    # Called with the module folders discovery found, before anything is parsed; raises
    # UsageError to refuse the check (the CLI: a folder governed by another config file).
    check_modules: Callable[[list[str]], None] | None = None


def select_rules(registry: Registry, options: Options) -> list[Rule]:
    """Rules enabled by default, then the configuration file's selection, then the
    command line's (``--select`` starts over), each at its configured severity."""

    def resolve(keys: list[str]) -> list[Rule]:
        found = []
        for key in keys:
            matched = registry.matching(key)
            if not matched:
                raise UsageError(f"unknown rule '{key}' (see 'edgelint rules')")
            found.extend(matched)
        return found

    chosen = {r.id: r for r in registry.sorted() if r.default_enabled}
    layers = [options.config_rules] if options.config_rules is not None else []
    layers.append(options)
    for layer in layers:
        if layer.select:
            chosen = {r.id: r for r in resolve(layer.select)}
        chosen.update((r.id, r) for r in resolve(layer.extend_select))
        for r in resolve(layer.ignore):
            chosen.pop(r.id, None)
    for key, severity in options.severity.items():
        for target in resolve([key]):
            if target.id in chosen:
                chosen[target.id] = replace(target, severity=severity)
    return [chosen[k] for k in sorted(chosen)]


def discover_files(options: Options) -> Discovery:
    found = discover(options.paths, options.max_file_size, options.exclude, options.whole_modules)
    if found.missing:
        raise UsageError(f"no such file or folder: {found.missing[0]}")
    return found


def check(options: Options, registry: Registry) -> CheckResult:
    stage = options.progress or (lambda _name: None)
    stage("discover")
    rules = select_rules(registry, options)
    checks = [r for r in rules if not r.is_diagnostic]
    diagnostics = {r.id: r for r in rules if r.is_diagnostic}
    found = discover_files(options)
    if options.check_modules is not None:
        options.check_modules([m.dir for m in found.modules])
    extra_var_files = [_parse_var_file(p) for p in options.var_files]
    baseline = _load_baseline(options.baseline)

    result = CheckResult(rules=rules)
    for path, why in found.skipped:
        # Unreadable is a warning (something the user meant to check was not); a
        # FIFO, a device or a file over --max-file-size is skipped by design.
        level = "warning" if why.startswith("cannot read") else "note"
        result.notices.append(Notice(f"skipped: {why}", path, level=level))

    from edgelint.instances.builder import build_tree
    from edgelint.instances.diagnostics import undeclared_reference_findings, unresolved_module_findings
    from edgelint.instances.plan import read_plan
    from edgelint.instances.sources import ModuleSources, local_calls, root_modules
    from edgelint.model import Stack
    from edgelint.parse.diagnostics import parse_error_findings

    failure_level = "warning" if options.keep_going else "error"
    readers_index: dict = {}  # provenance: who reads which variable/local, per module folder

    def check_stack(config, errors: list, folder: str, var_files: list | None = None) -> None:
        """One root module (or plan): the rules' findings on its model (with where
        their values came from, when ``var_files`` says the module's were read), then
        its parse errors and its opaque module calls."""
        stage("rules")
        stack = Stack(config)
        result.stacks.append(stack)
        checked = run_rules(stack, checks, result.notices, failure_level)
        if var_files is not None:
            checked = with_provenance(checked, config, var_files, options.cli_vars, readers_index)
        found = [*checked,
                 *diagnosed(diagnostics.get(PARSE_ERROR), parse_error_findings(errors)),
                 *diagnosed(diagnostics.get(UNRESOLVED_MODULE), unresolved_module_findings(config)),
                 *diagnosed(diagnostics.get(UNDECLARED_REFERENCE),
                            undeclared_references(config))]
        result.findings.extend(replace(f, module=folder) for f in found)

    terragrunt = TerragruntConfigs(found.terragrunt, [m.root for m in found.modules])
    silenced_by: list[str] = []  # the Terragrunt configurations that silenced EDGE903

    def undeclared_references(config) -> list[Finding]:
        """EDGE903, except in folders a Terragrunt configuration may generate into."""
        kept, governed = [], {}
        for f in undeclared_reference_findings(config, edge_folders):
            folder = os.path.dirname(f.span.file) or "."
            if folder not in governed:
                governed[folder] = terragrunt.governing(folder)
            if governed[folder] is None:
                kept.append(f)
            elif governed[folder] not in silenced_by:
                silenced_by.append(governed[folder])
        return kept
    stage("parse")
    # EDGE903 is reported in these folders only, with or without the pre-filter, so
    # that the pre-filter never changes the findings.
    edge_folders = _edge_folders(found.modules)
    parse, in_full = _parse_modules(found.modules, checks, options, edge_folders)
    sources = ModuleSources(parse, options.max_file_size, in_full)
    parsed = {m.dir: sources.files(m.files) for m in found.modules}
    roots = root_modules(found.modules, {d: local_calls(d, files) for d, files in parsed.items()})
    reported_errors: set[str] = set()
    for module in roots:
        stage("instances")
        files = parsed[module.dir]
        tfvars = sources.files(module.tfvars)
        try:
            lock = parse_file(module.lock_file, options.max_file_size) if module.lock_file else None
            config = build_tree([(module.dir, [f for f in files if f.error is None], tfvars)],
                                  options.cli_vars, extra_var_files, sources, scan_root=module.root, lock=lock)
        except Exception as exc:  # a bug of edgelint's: this module is lost, the others are not
            result.notices.append(Notice(f"internal error reading this module, not checked: {_summary(exc)}",
                                         module.dir, level=failure_level, exception=type(exc).__name__))
            continue
        result.notices.extend(Notice(message, path, level="note") for message, path in config.notices)
        used = [*files, *tfvars, *(f for d in sorted({i.dir for i in config.modules[1:]})
                                  for f in sources.parsed_in(d))]
        errors = [f.error for f in used if f.error is not None and f.path not in reported_errors]
        reported_errors.update(e.span.file for e in errors)
        check_stack(config, errors, module.dir, [*tfvars, *extra_var_files])
    for plan_path in found.plans:
        stage("instances")
        plan = read_plan(plan_path)
        result.sources[plan.path] = plan.lines
        result.files.append(plan.path)
        check_stack(plan.config if plan.config is not None else build_tree([]),
                    [plan.error] if plan.error else [], _folder_of(plan.path))
    # Files of a folder that is called but never instantiated (count = 0) still parse or not.
    leftover = [f.error for f in sources.parsed.values() if f.error is not None and f.path not in reported_errors]
    result.findings.extend(replace(f, module=_folder_of(f.span.file))
                           for f in diagnosed(diagnostics.get(PARSE_ERROR), parse_error_findings(leftover)))

    for f in sources.parsed.values():
        result.sources[f.path] = f.lines
        if not is_tfvars_file(f.path):
            result.files.append(f.path)
    for f in extra_var_files:  # a trail (and a fix) may lead into a --var-file
        result.sources.setdefault(f.path, f.lines)
    if silenced_by:
        result.notices.append(Notice(
            "EDGE903 not reported where Terragrunt generates and copies Terraform files before Terraform runs: "
            "a name no file declares may be declared then", sorted(silenced_by)[0], level="note"))
    stage("filter")
    result.notices = once_per_rule(result.notices)
    directives = [d for path, f in sorted(sources.parsed.items()) for d in suppress.scan(f, _folder_of(path))]
    result.findings = filter_findings(merge_producers(result.findings), directives, rules, registry, baseline)
    result.findings = [confirmed(f, result.sources) for f in result.findings]  # fix stage: fixes that apply
    result.findings.sort(key=lambda f: f.sort_key)
    result.files.sort()
    return result


def _edge_folders(modules) -> set[str]:
    """The folders the domain pre-filter gives the full pipeline (``parse.prefilter``)."""
    from edgelint.model import edge_words
    from edgelint.parse import prefilter

    return prefilter.relevant_modules(modules, edge_words())


def _parse_modules(modules, rules: list[Rule], options: Options, edge_folders: set[str]):
    """Parse every file of the checked folders at once (from the cache, in workers):
    in full where a rule can read it, else only checked for parse errors (its
    ``ParsedFile`` has no blocks). Returns the two parse functions ``ModuleSources``
    takes: one for any file (the module sources outside these folders are parsed one by
    one), one giving a parse-checked file's blocks when a module call needs them."""
    from edgelint.parse import prefilter

    cache = None
    if options.cache_dir is not None:
        from edgelint.parse.cache import ParseCache

        cache = ParseCache(options.cache_dir)
    relevant = edge_folders if options.prefilter and prefilter.applies_to(rules) else {m.dir for m in modules}
    requests = [Request(path, module.dir in relevant) for module in modules for path in module.files + module.tfvars]
    checked_only = {r.path for r in requests if not r.full}
    parsed = parse_all(requests, cache=cache, jobs=options.jobs)

    def parse(path: str) -> ParsedFile:
        found = parsed.pop(path, None)
        return found if found is not None else parse_all([Request(path)], cache=cache)[path]

    def in_full(path: str) -> ParsedFile | None:
        """The file with its blocks, where it was only parse-checked above (else None):
        a module call reads the called folder's blocks, whatever the pre-filter decided."""
        if path not in checked_only:
            return None
        checked_only.discard(path)
        return parse_all([Request(path)], cache=cache)[path]

    return parse, in_full


def filter_findings(findings: list[Finding], directives: list, rules: list[Rule], registry: Registry,
                    baseline: Baseline | None) -> list[Finding]:
    """The filter stage: inline suppressions (and EDGE901 for those that suppress
    nothing), then the baseline."""
    def resolve(key: str) -> str | None:
        r = registry.by_key(key)
        return r.id if r is not None else None

    outcome = suppress.apply(findings, directives, resolve, {r.id for r in rules})
    unused = next((r for r in rules if r.id == UNUSED_SUPPRESSION), None)
    kept = outcome.findings + diagnosed(unused, outcome.unused)
    return baseline.apply(kept) if baseline is not None else kept


def diagnosed(entry: Rule | None, findings: Iterable[Finding]) -> list[Finding]:
    """A stage's findings of a system diagnostic, with its catalog entry's ID, name
    and (configured) severity; none when the entry is not selected."""
    if entry is None:
        return []
    return [f.with_rule(entry.id, entry.name, entry.severity) for f in findings]


def _load_baseline(path: str | None) -> Baseline | None:
    if path is None:
        return None
    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


# --- provenance: where a finding's value came from, and one finding per place (issues 15, 17) ---

def with_provenance(findings: list[Finding], config, var_files: list[ParsedFile],
                    cli_vars: dict[str, str], index: dict | None = None) -> list[Finding]:
    """Each finding of one root module with its trail (``instances.trail``), the
    callers' arguments it came through as related locations, and its fix moved to
    where the value is written: a ``travelled`` edit becomes an edit of the source
    when that source is a constant, outside ``.terraform/``, and feeds nothing else;
    otherwise the fix is dropped and ``fix_blocked`` says why."""
    from edgelint.instances.trail import Provenance

    provenance = Provenance(config, var_files, cli_vars, index)
    out = []
    for f in findings:
        def trace(span, address=f.address):
            return provenance.trail(address, span) if address else None

        trail = trace(f.span)
        if trail is not None:
            inputs = tuple(Related(s.span, s.message) for s in trail.via_module_input)
            f = replace(f, trail=tuple(Related(s.span, s.message) for s in trail.steps),
                        related=f.related + tuple(r for r in inputs if r not in f.related))
        if any(e.travelled for e in f.edits):
            edits, blocked = _edits_at_source(f.edits, trace)
            f = replace(f, edits=edits) if blocked is None else \
                replace(f, edits=(), fix_safety="", fix_blocked=f"fix not applied: {blocked}")
        out.append(f)
    return out


def _edits_at_source(edits, trace) -> tuple[tuple, str | None]:
    """The edits with each ``travelled`` one moved to its value's source, or why not."""
    from edgelint.instances.trail import is_constant

    moved = []
    for e in edits:
        if not e.travelled:
            moved.append(e)
            continue
        trail = trace(e.span)
        source = trail.source if trail is not None else None
        if trail is not None and (trail.unwritten or trail.shared):
            return (), trail.unwritten or "; ".join(trail.shared)
        if source is None or not is_constant(source.expr):
            return (), "the value is not written as a constant anywhere edgelint can edit"
        if _downloaded(source.span.file):
            return (), "the value is written in a downloaded module (.terraform/)"
        if source.span.file.endswith(".json"):
            return (), f"the value is written in {os.path.basename(source.span.file)}, and --fix does not edit JSON"
        if trail.missing_argument is not None:
            call, argument = trail.missing_argument
            if _downloaded(call.span.file):
                return (), "the value is written in a downloaded module (.terraform/)"
            moved.append(Edit("insert", call.span, e.text, argument))  # pass it, in the caller
        else:
            moved.append(Edit("value", source.span, e.text, source.name))
    return tuple(moved), None


def _downloaded(path: str) -> bool:
    return ".terraform" in path.replace("\\", "/").split("/")


def merge_producers(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, place, object and message. A module that two checked
    roots call gives the same finding in each: it is reported once, naming every
    root that produces it (``producers``), with the related locations of all (each
    caller's argument that decided it). Its identity is that of the first root in
    sorted order, so the fingerprint does not depend on the order of the paths. Its
    fix is kept only when every root's finding has the same one (a value each caller
    passes is fixed in each caller, which one edit cannot do)."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.span, f.address, f.attribute, f.message, f.instance), []).append(f)
    out = []
    for group in groups.values():
        roots = sorted({(f.module, f.instance) for f in group})
        if len(roots) < 2:
            out.append(group[0])
            continue
        group = sorted(group, key=lambda f: f.module)
        first = group[0]
        related = list(first.related)
        for f in group[1:]:
            related += [r for r in f.related if r not in related]
        merged = replace(first, producers=tuple(roots), related=tuple(related))
        if any(f.edits != first.edits or f.fix_blocked != first.fix_blocked for f in group[1:]):
            merged = replace(merged, edits=(), fix_safety="",
                             fix_blocked=first.fix_blocked or "fix not applied: each root passes its own value")
        out.append(merged)
    return out


def _folder_of(path: str) -> str:
    return os.path.dirname(path) or "."


def run_rules(stack, rules: list[Rule], notices: list[Notice], level: str = "error") -> list[Finding]:
    """Run each rule; a rule that raises is reported (rule, the resource it was
    reading, the exception) and the others go on. What it yielded before it raised
    is kept: each finding is a fact on its own. The resource is the one the model
    recorded in ``READING`` as the rule read it last."""
    from edgelint.model.base import READING

    out: list[Finding] = []
    for rule in rules:
        reading = READING.set("")
        try:
            for finding in rule.check(stack) or ():
                out.append(declared_fix(finding.with_rule(rule.id, rule.name, rule.severity), rule))
        except Exception as exc:  # fault isolation: one broken rule must not stop the check
            address = READING.get()  # the resource the model saw it read last
            on = f" on {address}" if address else ""
            notices.append(Notice(
                f"rule {rule.id} ({rule.name}) failed{on}: {_summary(exc)}; its findings may be incomplete",
                rule_id=rule.id, level=level, address=address, exception=type(exc).__name__))
        finally:
            READING.reset(reading)
    return out


def declared_fix(finding: Finding, rule: Rule) -> Finding:
    """The finding with its fix's safety class; edits of a rule that declares no fix
    are dropped (a fix is part of the rule's declaration and docs)."""
    if finding.edits and rule.fix_safety:
        return replace(finding, fix_safety=rule.fix_safety)
    return replace(finding, edits=()) if finding.edits else finding


def _summary(exc: BaseException) -> str:
    """``Type: message (file.py:line)``, the line where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename.replace(chr(92), '/').rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}{': ' + text if text else ''}{where}"


def once_per_rule(notices: list[Notice]) -> list[Notice]:
    """A rule that failed in several modules is reported once, with the count."""
    first: dict[str, Notice] = {}
    more: dict[str, int] = {}
    kept: list[Notice] = []
    for n in notices:
        if not (n.rule_id and n.exception):
            kept.append(n)
        elif n.rule_id in first:
            more[n.rule_id] = more.get(n.rule_id, 0) + 1
        else:
            first[n.rule_id] = n
            kept.append(n)
    for rule_id, count in more.items():
        n = first[rule_id]
        n.message += f" (it failed in {count} more module{'s' if count > 1 else ''} too)"
    return kept


def _parse_var_file(path: str) -> ParsedFile:
    parsed = parse_file(path)
    if parsed.error is not None:
        raise UsageError(f"--var-file {path}: {parsed.error.message} at line {parsed.error.span.line}")
    return parsed
