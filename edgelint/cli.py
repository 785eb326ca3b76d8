"""Command line: wires the stages together and maps outcomes to exit codes.

0: nothing at or above ``--fail-on``; 1: findings; 2: usage, configuration or I/O
error (one line on stderr, never a traceback). Heavy modules (the parser, networkx,
sarif-om, the rules) are imported only by the commands that use them.
"""

from __future__ import annotations

import os
import sys

import click

from edgelint import __version__
from edgelint.report import FORMATS as REPORT_FORMATS
from edgelint.view import GRAPH_FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITY_CHOICES = ("critical", "high", "medium", "low", "info")
# Info findings are informational (SARIF "note"): EDGE902, a module edgelint could
# not read, must not fail every run made without `terraform init`. --fail-on info
# makes them fail.
DEFAULT_FAIL_ON = "low"


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def _load_registry(rules_dirs: tuple[str, ...] = ()):
    from edgelint.ruleset.registry import RuleError, load_rules

    try:
        return load_rules(rules_dirs)
    except RuleError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="edgelint", message="%(prog)s %(version)s")
def cli() -> None:
    """edgelint: static analysis of Terraform for AWS edge stacks (CloudFront, its
    origins, and what stands behind them), checked as one graph."""


def _input_options(command):
    """The options that decide what is checked and how values resolve, shared by
    ``check`` and ``graph`` so that both see the same configuration."""
    options = [
        click.option("--var-file", "var_files", multiple=True, metavar="FILE",
                     help="A tfvars file, after terraform.tfvars and *.auto.tfvars (repeatable)."),
        click.option("--var", "cli_vars", multiple=True, metavar="NAME=VALUE", help="Set a variable (repeatable)."),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Only these rules (IDs, names, ID prefixes such as EDGE5, or ALL; comma-separated)."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules."),
        click.option("--extend-select", multiple=True, metavar="RULES", help="Also run these (off-by-default) rules."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Leave out matching files and folders (repeatable; replaces the config file's)."),
        click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(), metavar="DIR",
                     help="Load extra rules from the .py files in DIR (repeatable)."),
        click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True,
                     metavar="BYTES", help="Skip (and report) larger files."),
        click.option("--keep-going", is_flag=True,
                     help="A rule that fails is reported as a warning and the exit code follows the findings "
                          "(default: it is an error, exit 2)."),
        click.option("--config", "config_file", type=click.Path(), default=None, metavar="FILE",
                     help="Read this configuration file instead of looking for one."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--baseline", type=click.Path(), default=None, metavar="FILE",
                     help="Report only findings this baseline does not hold."),
        click.option("--whole-modules", is_flag=True,
                     help="Check the whole folder of each file argument (what the pre-commit hook passes)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Parse in N processes when there are many files (default: auto, the available CPUs not already busy)."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
                     help="Keep the parse cache in DIR (default: $XDG_CACHE_HOME/edgelint)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache."),
        click.option("--no-prefilter", is_flag=True, hidden=True,
                     help="Parse every folder in full, even those no rule reads (for comparison; same findings)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _configure(paths, var_files, cli_vars, select, ignore, extend_select, exclude, rules_dirs, max_file_size,
               keep_going, config_file, isolated, baseline, whole_modules, jobs, cache_dir, no_cache,
               no_prefilter):
    """The options for ``check`` and ``graph``: the flags over the configuration
    file in force; with the rule registry and that file."""
    from edgelint.parse.cache import cache_dir as default_cache_dir
    from edgelint.parse.exclude import ExcludePattern
    from edgelint.parse.parallel import default_jobs
    from edgelint.pipeline import Options
    from edgelint.settings import ConfigError, apply_config, resolve_config

    options = Options(list(paths), list(var_files), _parse_vars(cli_vars, var_files), _split(select),
                      _split(ignore), _split(extend_select), max_file_size,
                      exclude=[ExcludePattern(g, os.getcwd(), "--exclude") for g in exclude],
                      keep_going=keep_going, whole_modules=whole_modules, baseline=baseline, jobs=jobs or default_jobs(),
                      cache_dir=None if no_cache else str(cache_dir or default_cache_dir()),
                      prefilter=not no_prefilter)
    registry = _load_registry(rules_dirs)
    try:
        config = resolve_config(options.paths, config_file, isolated)
        if config is not None:
            config.check_rules(lambda key: bool(registry.matching(key)))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    options = apply_config(options, config)
    if not (config_file or isolated):
        options.check_modules = _governed_by(config)
    return options, registry, config


def _governed_by(config):
    """The pipeline's check that every module folder found is under ``config``."""
    from edgelint.pipeline import UsageError
    from edgelint.settings import ConfigError, check_governed

    memo: dict = {}

    def check(module_dirs: list[str]) -> None:
        try:
            check_governed(module_dirs, config, memo)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None

    return check


def _parse_vars(cli_vars: tuple[str, ...], var_files: tuple[str, ...]) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for item in cli_vars:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--var {item!r}: expected NAME=VALUE")
        parsed[name.strip()] = value
    for f in var_files:
        if not os.path.isfile(f):
            raise click.UsageError(f"--var-file {f}: {'not a regular file' if os.path.exists(f) else 'no such file'}")
    return parsed


def _fix_options(command):
    """``--fix``, ``--diff``, ``--unsafe-fixes`` (the fix stage, ``edgelint.fix``)."""
    options = [
        click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what is left."),
        click.option("--diff", is_flag=True,
                     help="Print the unified diff of what --fix would change and write nothing "
                          "(exit 1 when there is something to fix)."),
        click.option("--unsafe-fixes", is_flag=True,
                     help="With --fix or --diff, also apply the fixes marked unsafe (they change behaviour "
                          "a user may rely on)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_check(options, registry, write_baseline: str | None = None):
    """Run the pipeline for ``check`` and ``graph``; bad input is a usage error."""
    from edgelint.filter.baseline import BaselineError
    from edgelint.pipeline import UsageError
    from edgelint.pipeline import check as run_check

    try:
        result = run_check(options, registry)
        if write_baseline:
            _record_baseline(result, write_baseline)
        return result
    except (UsageError, BaselineError) as exc:
        raise click.UsageError(str(exc)) from None


def _record_baseline(result, path: str) -> None:
    """Write the baseline, then read it back: the findings it holds are baselined."""
    from edgelint.filter.baseline import load_baseline, write_baseline

    count = write_baseline(result.findings, path)
    result.findings = load_baseline(path).apply(result.findings)
    sys.stderr.write(f"edgelint: wrote {count} {'finding' if count == 1 else 'findings'} to the baseline {path}\n")


def _report_options(command):
    """What the report is and where it goes: ``--format``/``-o`` (one report), and
    ``--output FORMAT=FILE`` for several in one run; how much goes to the terminal."""
    options = [
        click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), multiple=True,
                     help="Report format  [default: text] (github: workflow commands that annotate a pull "
                          "request; markdown: a pull-request comment with the topology; junit: JUnit XML; "
                          "gitlab: GitLab code quality)."),
        click.option("-o", "--output", "outputs", multiple=True, metavar="FILE|FORMAT=FILE",
                     help="Write the --format report to FILE ('-' is stdout); FORMAT=FILE writes one more "
                          "report (repeatable; FORMAT alone or FORMAT=- is stdout)."),
        click.option("--fail-on", type=click.Choice(SEVERITY_CHOICES), default=None,
                     help="Lowest severity that makes the exit code 1.  [default: low]"),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2)."),
        click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no notes."),
        click.option("-v", "--verbose", is_flag=True,
                     help="On stderr: the configuration file used, the modules and files, the time of each stage."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     help="Colour text output (auto: on a terminal, unless NO_COLOR is set)."),
        click.option("--sarif-root", type=click.Path(), default=None, metavar="DIR",
                     help="Make SARIF (and GitLab) paths relative to DIR (default: the working directory)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@_report_options
@_input_options
@click.option("--write-baseline", type=click.Path(), default=None, metavar="FILE",
              help="Record today's findings in FILE; later runs with --baseline FILE report only new ones.")
@click.option("--list-files", is_flag=True,
              help="List what would be checked, and what is left out and why; check nothing.")
@click.option("--stdin-filename", default=None, metavar="PATH",
              help="With the path '-': read the file PATH from stdin (checked with the rest of PATH's folder; "
                   "only its findings are reported). For editors.")
@_fix_options
def check(paths, fmt, outputs, fail_on, exit_zero, quiet, verbose, color, sarif_root, write_baseline,
          list_files, stdin_filename, fix, diff, unsafe_fixes, **inputs) -> None:
    """Check the Terraform in PATHS (files or folders; each folder is a module; '-' is stdin)."""
    from edgelint.findings import SEVERITY_RANK
    from edgelint.report import OutsideRoot, render
    from edgelint.report.outputs import OutputError, plan_outputs

    try:
        reports = plan_outputs(fmt, outputs)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    stdin_text = None
    if "-" in paths or stdin_filename is not None:
        if fix or diff or write_baseline:
            raise click.UsageError("--fix, --diff and --write-baseline work on files, not on stdin")
        paths, stdin_text = _stdin_input(paths, stdin_filename)
        inputs.update(whole_modules=True, no_cache=True, jobs=1)
    options, registry, config = _configure(paths, **inputs)
    log = _Log(verbose, quiet)
    log.config(config, options)
    options.progress = log.stage
    if write_baseline:
        options.baseline = None  # record today's findings, all of them
    if list_files:
        _list_files(options, reports[0].path)
    if fix or diff:
        result = _run_fix(options, registry, diff, unsafe_fixes, reports[0].path)
    elif stdin_text is not None:
        result = _run_stdin(options, registry, stdin_text)
    else:
        result = _run_check(options, registry, write_baseline)
    log.stage("report")
    for report in reports:
        use_color = report.fmt == "text" and report.path == "-" and (
            color == "always" or (color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
        try:
            text = render(report.fmt, result, color=use_color, sarif_root=sarif_root, quiet=quiet)
        except OutsideRoot as exc:
            raise click.UsageError(str(exc)) from None
        _write(report.path, text, report.fmt)
    log.done(result)
    if not quiet and all(report.path != "-" for report in reports):
        from edgelint.report.text import summary

        sys.stderr.write(f"edgelint: {summary(result)}\n")  # a CI log still says what was found

    if any(n.level == "error" for n in result.notices):
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK[fail_on or (config.fail_on if config else None) or DEFAULT_FAIL_ON]
    failing = [f for f in result.reported if SEVERITY_RANK[f.severity] >= threshold]
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _stdin_input(paths: tuple[str, ...], stdin_filename: str | None) -> tuple[tuple[str, ...], str]:
    """``check - --stdin-filename PATH``: the paths to check (PATH, in its module
    folder) and the text read from stdin that stands for PATH."""
    if tuple(paths) != ("-",) or stdin_filename is None:
        raise click.UsageError("read from stdin with exactly: edgelint check - --stdin-filename PATH")
    if not os.path.isfile(stdin_filename):
        raise click.UsageError(f"--stdin-filename {stdin_filename}: no such file (the file the editor shows "
                               "must exist on disk; its folder is the module it is checked with)")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    return (stdin_filename,), data


def _run_stdin(options, registry, data: bytes):
    """The check of PATH's folder with stdin standing for PATH; only PATH's findings."""
    from edgelint.parse.discover import display_path
    from edgelint.safeio import overlay

    shown = display_path(options.paths[0])
    with overlay({options.paths[0]: data}):
        result = _run_check(options, registry)
    result.findings = [f for f in result.findings if f.span.file == shown]
    result.files = [f for f in result.files if f == shown]
    return result


class _Log:
    """What ``check`` says on stderr while it runs: with ``--verbose`` the
    configuration, the modules and the time of each stage; on a terminal, a
    progress line once a run takes long, refreshed by a ticker thread while a long
    stage runs (a cold parse of a thousand files is one stage), cleared before the
    report is written."""

    PROGRESS_AFTER = 2.0  # seconds: a quick run stays silent
    TICK = 0.5

    def __init__(self, verbose: bool, quiet: bool, ticker: bool = True):
        import threading
        import time

        self.verbose = verbose and not quiet
        self.clock = time.perf_counter
        self.started = self.clock()
        self.current: str | None = None
        self.entered = self.started
        self.times: dict[str, float] = {}
        self.terminal = not quiet and sys.stderr.isatty()
        self.shown = False
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        if self.terminal and ticker:
            threading.Thread(target=self._tick_until_stopped, name="edgelint-progress", daemon=True).start()

    def config(self, config, options) -> None:
        if self.verbose:
            self._say(f"configuration: {config.path if config else 'none (defaults)'}")

    def stage(self, name: str) -> None:
        now = self.clock()
        if self.current is not None:
            self.times[self.current] = self.times.get(self.current, 0.0) + now - self.entered
        self.current, self.entered = name, now
        if name == "report":  # the report must not land after the progress line
            with self._lock:
                self._stopped.set()
                if self.shown:
                    sys.stderr.write("\r\x1b[K")
                    sys.stderr.flush()
                    self.shown = False
        else:
            self.tick()

    def tick(self) -> None:
        """Show (or refresh) the progress line, on a terminal, once the run is long."""
        now = self.clock()
        if not self.terminal or now - self.started < self.PROGRESS_AFTER:
            return
        with self._lock:
            if not self._stopped.is_set():
                sys.stderr.write(f"\r\x1b[Kedgelint: {self.current}… {now - self.started:.0f} s")
                sys.stderr.flush()
                self.shown = True

    def _tick_until_stopped(self) -> None:
        while not self._stopped.wait(self.TICK):
            self.tick()

    def done(self, result) -> None:
        self.stage("done")
        if not self.verbose:
            return
        from edgelint.escape import inert

        for stack in result.stacks:
            root = getattr(stack, "config", None)
            modules = getattr(root, "modules", ())
            if modules:
                self._say(f"root module {inert(modules[0].dir)}: {len(modules)} module instance"
                          f"{'s' if len(modules) != 1 else ''}")
        for path in result.files:
            self._say(f"checked {inert(path)}")
        spent = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.times.items())
        self._say(f"time: {spent}; total {self.clock() - self.started:.2f} s")

    @staticmethod
    def _say(line: str) -> None:
        sys.stderr.write(f"edgelint: {line}\n")


def _run_fix(options, registry, diff: bool, unsafe: bool, output: str):
    """``--fix`` / ``--diff``: the fix stage over the pipeline's check; returns the
    check of the fixed files. ``--diff`` prints the diff and exits."""
    from dataclasses import replace

    from edgelint.fix.diff import unified_diff, write_files
    from edgelint.fix.run import run
    from edgelint.pipeline import UsageError, discover_files

    try:
        plans = discover_files(options).plans
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if plans:
        raise click.UsageError(f"--fix and --diff edit Terraform source, not a plan: {plans[0]} is plan JSON "
                               "(check the folder it was planned from)")
    # Re-checks read the fixed contents in memory: every file through safeio, in this process.
    options = replace(options, cache_dir=None, prefilter=False)
    outcome = run(lambda: _run_check(options, registry), unsafe)
    changed = outcome.changed
    if diff:
        _write(output, unified_diff(outcome.originals, changed), "diff")
        for notice in outcome.result.notices:
            if "rolled back" in notice.message or "fix not applied" in notice.message:
                sys.stderr.write(f"edgelint: warning: {notice.message}\n")
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)
    try:
        write_files(changed)
    except OSError as exc:
        raise click.UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    count = len(outcome.applied)
    sys.stderr.write(f"edgelint: fixed {count} {'finding' if count == 1 else 'findings'} "
                     f"in {len(changed)} {'file' if len(changed) == 1 else 'files'}\n")
    return outcome.result


def _list_files(options, output: str) -> None:
    from edgelint.pipeline import UsageError, discover_files
    from edgelint.report.files import render_file_list

    try:
        found = discover_files(options)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    _write(output, render_file_list(found))
    sys.exit(EXIT_OK)


def _given_once(default: str):
    """A click callback for an option that takes one value: given twice, it is an
    error rather than silently the last."""
    def callback(_ctx, param, values):
        if len(values) > 1:
            raise click.UsageError(f"{param.opts[-1]} given {len(values)} times ({', '.join(values)}): give it once")
        return values[0] if values else default

    return callback


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), multiple=True, callback=_given_once("mermaid"),
              help="mermaid (renders on GitHub; the default), dot (Graphviz), json, svg, html (one file to pan "
                   "and zoom), or graphml / gexf (for yEd, Gephi or networkx).")
@click.option("-o", "--output", multiple=True, callback=_given_once("-"), metavar="FILE",
              help="Write the picture to FILE ('-' is stdout); to DIR/ (a trailing slash), one file per stack.")
@click.option("--findings-only", is_flag=True, help="Draw only the paths that have findings.")
@click.option("--stack", "stack", default=None, metavar="ADDRESS",
              help="Draw only the stack of this distribution or accelerator: its address, resource name or "
                   "module instance (shell wildcards allowed).")
@_input_options
def graph(paths, fmt, output, findings_only, stack, **inputs) -> None:
    """Draw the edge topology of the Terraform in PATHS, with findings overlaid.

    Viewers, distributions, behaviors, origins and origin groups, the load balancers,
    APIs, buckets and function URLs behind them, their listeners, stages and security
    groups and what those admit, web ACLs and accelerators. A node or edge with a
    finding is coloured by its highest severity and names the rules.
    """
    from edgelint.escape import inert
    from edgelint.view import render_graph
    from edgelint.view.topology import build_topology

    options, registry, _config = _configure(paths, **inputs)
    result = _run_check(options, registry)
    topology = build_topology(result.stacks, result.reported)
    if stack is not None:
        from edgelint.view.network import NoSuchStack, select_stacks

        try:
            topology = select_stacks(topology, stack)
        except NoSuchStack as exc:
            raise click.UsageError(str(exc)) from None
    if findings_only:
        topology = topology.trimmed_to_findings()
    title = "edgelint graph " + " ".join(paths)
    if output.endswith(("/", os.sep)):  # a folder: one picture per stack
        from edgelint.view import render_per_stack

        os.makedirs(output, exist_ok=True)
        for name, text in render_per_stack(fmt, topology, title, base=os.path.abspath(output)):
            _write(os.path.join(output, name), text, fmt)
    else:
        base = os.path.dirname(os.path.abspath(output)) if output != "-" else None  # HTML links files from there
        _write(output, render_graph(fmt, topology, title=title, base=base), fmt)
    for notice in result.notices:  # messages quote resource names and file contents
        if notice.level == "error":
            sys.stderr.write(f"edgelint: error: {inert(notice.message)}\n")
    for message in topology.notices:
        sys.stderr.write(f"edgelint: warning: {inert(message)}\n")
    sys.exit(EXIT_ERROR if any(n.level == "error" for n in result.notices) else EXIT_OK)


def _write(output: str, text: str, fmt: str = "text") -> None:
    """Reports are UTF-8. On stdout, every format but text goes out as UTF-8 bytes
    whatever the locale (a document in another encoding would not parse); text
    follows the terminal's encoding, with what it cannot show escaped rather than a
    crash."""
    if output == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if fmt != "text" and buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
            return
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror}") from None


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(), metavar="DIR")
@click.option("--docs-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Write the documentation pages of the built-in rules (one per rule, and an index) into DIR.")
def list_rules(fmt, rules_dirs, docs_dir) -> None:
    """List every rule: ID, name, severity, kind, and whether it is on by default."""
    import json

    registry = _load_registry(rules_dirs)
    rules = registry.sorted()
    if docs_dir is not None:
        _write_docs(rules, docs_dir)
        return
    if fmt == "markdown":
        click.echo(rules_markdown(rules), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "severity": r.severity, "kind": r.kind,
                                "tags": list(r.tags), "enabled": r.default_enabled, "summary": r.summary,
                                "help_uri": r.help_uri, "fix": r.fix_safety or None}
                               for r in rules], indent=2))
        return
    for r in rules:
        off = "" if r.default_enabled else "  (off by default)"
        fix = f"  fix: {r.fix_safety}" if r.fix_safety else ""
        click.echo(f"{r.id}  {r.name:<42} {r.severity:<8} {r.kind:<12}{off}{fix}")


def _write_docs(rules, folder: str) -> None:
    """``rules --docs-dir``: the pages, and no page of a rule that is gone."""
    from edgelint.ruleset.docs import doc_pages

    pages = doc_pages(rules)
    try:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".md") and name not in pages:
                os.remove(os.path.join(folder, name))
        for name, text in pages.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {exc.filename or folder}: {exc.strerror}") from None
    sys.stderr.write(f"edgelint: wrote {len(pages)} pages to {folder}\n")


def rules_markdown(rules) -> str:
    """The README's rule table."""
    lines = ["| ID | name | severity | kind | what it finds |", "|---|---|---|---|---|"]
    for r in rules:
        off = " (off by default)" if not r.default_enabled else ""
        lines.append(f"| {r.id} | {r.name} | {r.severity} | {r.kind} | {r.summary}{off} |")
    return "\n".join(lines) + "\n"


def fixes_markdown(rules) -> str:
    """The README's table of fixable rules."""
    lines = ["| ID | name | safety | fix |", "|---|---|---|---|"]
    lines += [f"| {r.id} | {r.name} | {r.fix_safety} | {r.fix_summary} |" for r in rules if r.fix_safety]
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="text: rendered for a terminal; markdown: the docstring as written.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--rules-dir", "rules_dirs", multiple=True, type=click.Path(), metavar="DIR")
def explain(rule_id, fmt, color, rules_dirs) -> None:
    """Show a rule's documentation (by ID or name)."""
    registry = _load_registry(rules_dirs)
    r = registry.by_key(rule_id)
    if r is None:
        raise click.UsageError(f"unknown rule '{rule_id}' (see 'edgelint rules')")
    if fmt == "markdown":
        fix = f"{r.fix_line}\n\n" if r.fix_line else ""
        click.echo(f"# {r.id} {r.name}\n\n{fix}{r.doc}")
        return
    from edgelint.ruleset.docs import render_doc

    use_color = color == "always" or (color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    click.echo(render_doc(r, color=use_color), nl=False, color=use_color)


def main() -> None:
    """Entry point: one-line errors and exit code 2 for usage problems."""
    args = sys.argv[1:]
    from edgelint.escape import inert  # error messages quote paths and file contents

    if not args:  # as git, ruff and Checkov do: the help, not an error about it
        with click.Context(cli, info_name="edgelint") as ctx:
            click.echo(cli.get_help(ctx))
        sys.exit(EXIT_OK)

    try:
        code = cli.main(args=args, prog_name="edgelint", standalone_mode=False)
    except click.ClickException as exc:  # usage errors included
        sys.stderr.write(f"edgelint: error: {inert(exc.format_message())}\n")
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        sys.stderr.write("edgelint: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug of edgelint's: one line, exit 2, never a traceback
        if os.environ.get("EDGELINT_DEBUG"):
            raise
        sys.stderr.write(f"edgelint: internal error: {type(exc).__name__}: {inert(str(exc))} "
                         "(set EDGELINT_DEBUG=1 for the traceback)\n")
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
