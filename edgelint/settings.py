"""Configuration files: ``[tool.edgelint]`` in ``pyproject.toml``, or ``.edgelint.toml``.

The file is found by walking up from each path checked (``.edgelint.toml``
before ``pyproject.toml`` in each folder; a ``pyproject.toml`` without a
``[tool.edgelint]`` table does not count); ``--config FILE`` names it and
``--isolated`` ignores every file. ``.edgelint.toml`` holds the keys at its top
level (a ``[tool.edgelint]`` table is accepted too).

Keys: ``select``, ``ignore``, ``extend-select`` (rule IDs or names), ``severity``
(a table, rule → severity), ``exclude`` (globs, see ``exclude.py``), ``var-files``,
``fail-on``, ``baseline``. Relative paths and globs are relative to the file's
folder. An unknown key, a value of the wrong type or an unknown rule is a
``ConfigError`` naming the file and the key: the CLI prints it on one line and
exits 2. Command-line flags win over the file (``merge`` says how).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from edgelint.findings import SEVERITIES
from edgelint.parse.discover import display_path
from edgelint.parse.exclude import ExcludePattern
from edgelint.safeio import read_regular_file

CONFIG_FILES = (".edgelint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names file and key."""


@dataclass
class RuleSelection:
    """One layer of rule selection (the file's, or the command line's)."""

    select: list[str] | None = None  # None: keep what the layer below chose
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)


@dataclass
class FileConfig:
    path: str  # as displayed in messages
    folder: str  # absolute: relative paths in the file start here
    prefix: str = ""  # "tool.edgelint." in pyproject.toml: how keys are named in messages
    rules: RuleSelection = field(default_factory=RuleSelection)
    severity: dict[str, str] = field(default_factory=dict)
    exclude: list[ExcludePattern] = field(default_factory=list)
    var_files: list[str] = field(default_factory=list)
    fail_on: str | None = None
    baseline: str | None = None

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: '{self.prefix}{key}' {problem}")

    def check_rules(self, known: Callable[[str], bool]) -> None:
        """Every rule the file names must exist (``known`` asks the registry)."""
        lists = (("select", self.rules.select or []), ("ignore", self.rules.ignore),
                 ("extend-select", self.rules.extend_select), ("severity", list(self.severity)))
        for key, names in lists:
            for name in names:
                if not known(name):
                    raise self.error(key, f"names an unknown rule '{name}' (see 'edgelint rules')")


def find_config(start: str, memo: dict[str, str | None] | None = None) -> str | None:
    """The configuration file that governs ``start``: the nearest one walking up.
    ``memo`` (folder → answer) spares the walk for many folders of one tree."""
    folder = os.path.abspath(start)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    memo = {} if memo is None else memo
    passed: list[str] = []
    found: str | None = None
    while True:
        if folder in memo:
            found = memo[folder]
            break
        passed.append(folder)
        here = next((os.path.join(folder, name) for name in CONFIG_FILES
                     if os.path.isfile(os.path.join(folder, name))
                     and (name != "pyproject.toml" or _has_tool_table(os.path.join(folder, name)))), None)
        if here is not None:
            found = here
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    memo.update((f, found) for f in passed)
    return found


def check_governed(module_dirs: list[str], config: FileConfig | None, memo: dict[str, str | None]) -> None:
    """Every module folder found under the paths given is governed by the run's
    configuration file: a ``.edgelint.toml`` or ``[tool.edgelint]`` deeper in the tree
    (``infra/prod/.edgelint.toml`` under ``edgelint check infra``) would otherwise be
    ignored in silence. A ``ConfigError`` names the folder and both files; one that
    is not valid TOML is a ``ConfigError`` as well, wherever it is."""
    expected = os.path.abspath(os.path.join(config.folder, os.path.basename(config.path))) if config else None
    for folder in module_dirs:
        found = find_config(folder, memo)
        if (os.path.abspath(found) if found else None) != expected:
            ours = display_path(expected) if expected else "no configuration file"
            theirs = display_path(found) if found else "no configuration file"
            raise ConfigError(f"{display_path(folder)} is governed by {theirs}, but this run uses {ours} (that "
                              "of the paths given): check it in a run of its own, or choose one with --config FILE "
                              "(or --isolated)")


def _read_toml(path: str) -> dict:
    """A TOML file, read only if it is a regular file (a FIFO named
    .edgelint.toml must not hang the run)."""
    return tomllib.loads(read_regular_file(path).decode("utf-8"))


def _has_tool_table(path: str) -> bool:
    """Whether a ``pyproject.toml`` found walking up configures edgelint. One that is
    not valid TOML is a ``ConfigError`` (as ruff does): whether it meant to configure
    edgelint cannot be known, and checking with the defaults instead would pass
    silently."""
    try:
        data = _read_toml(path)
    except OSError as exc:
        raise ConfigError(f"{display_path(path)}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display_path(path)}: not valid TOML: {exc} (it would govern the files checked "
                          "under it: fix it, or pass --config FILE or --isolated)") from None
    return isinstance(data.get("tool"), dict) and "edgelint" in data["tool"]


def load_config(path: str) -> FileConfig:
    shown = display_path(path)
    try:
        data = _read_toml(path)
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None

    prefix = ""
    if os.path.basename(path) == "pyproject.toml" or set(data) == {"tool"}:
        tool = data.get("tool")
        table = tool.get("edgelint") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}: no [tool.edgelint] table")
        data, prefix = table, "tool.edgelint."
    config = FileConfig(shown, os.path.dirname(os.path.abspath(path)), prefix)
    for key, value in data.items():
        reader = _READERS.get(key)
        if reader is None:
            raise config.error(key, "is not a known key (known: " + ", ".join(sorted(_READERS)) + ")")
        reader(config, key, value)
    return config


def _strings(config: FileConfig, key: str, value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise config.error(key, "must be a list of strings")
    return value


def _severity(config: FileConfig, key: str, value) -> str:
    if value not in SEVERITIES:
        raise config.error(key, f"must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value


def _read_severities(config: FileConfig, key: str, value) -> None:
    if not isinstance(value, dict):
        raise config.error(key, "must be a table of rule = severity")
    config.severity = {rule: _severity(config, f"{key}.{rule}", sev) for rule, sev in value.items()}


def _path(config: FileConfig, key: str, value) -> str:
    if not isinstance(value, str) or not value:
        raise config.error(key, "must be a path")
    return os.path.normpath(os.path.join(config.folder, value))


def _existing(config: FileConfig, key: str, path: str) -> str:
    if not os.path.isfile(path):
        raise config.error(key, f"names a missing file '{display_path(path)}'")
    return display_path(path)


def _set(attr: str, read: Callable) -> Callable:
    def reader(config: FileConfig, key: str, value) -> None:
        setattr(config, attr, read(config, key, value))

    return reader


def _set_rules(attr: str) -> Callable:
    def reader(config: FileConfig, key: str, value) -> None:
        setattr(config.rules, attr, _strings(config, key, value))

    return reader


_READERS: dict[str, Callable] = {
    "select": _set_rules("select"),
    "ignore": _set_rules("ignore"),
    "extend-select": _set_rules("extend_select"),
    "severity": _read_severities,
    "exclude": _set("exclude", lambda c, k, v: [ExcludePattern(p, c.folder, c.path) for p in _strings(c, k, v)]),
    "var-files": _set("var_files", lambda c, k, v: [_existing(c, k, _path(c, k, p)) for p in _strings(c, k, v)]),
    "fail-on": _set("fail_on", _severity),
    "baseline": _set("baseline", lambda c, k, v: display_path(_path(c, k, v))),
}


def resolve_config(paths: list[str], config_file: str | None, isolated: bool) -> FileConfig | None:
    """The configuration in force for a check, or None.

    Each path is governed by the nearest configuration file walking up from it. Paths
    governed by different files (or some by one and some by none) are refused rather
    than checked under whichever came first: the results must not depend on the order
    of the arguments. ``--config`` or ``--isolated`` decides for all of them."""
    if isolated:
        if config_file:
            raise ConfigError("--config and --isolated cannot be used together")
        return None
    if config_file:
        return load_config(config_file)
    governing = {path: find_config(path) for path in paths}
    distinct = sorted({c or "" for c in governing.values()})
    if len(distinct) > 1:
        described = "; ".join(
            f"{display_path(next(p for p, c in governing.items() if (c or '') == found))} uses "
            f"{display_path(found) if found else 'no configuration file'}" for found in distinct)
        raise ConfigError(f"the paths are governed by different configuration files ({described}): check them "
                          "in separate runs, or choose one with --config FILE (or --isolated)")
    path = distinct[0] if distinct else ""
    return load_config(path) if path else None


def apply_config(options, config: FileConfig | None):
    """``options`` (from the command line) with the file's settings under them:
    the file's rule selection is a layer below the command line's, and a list the
    command line gives (``--var-file``, ``--exclude``) replaces the file's."""
    if config is None:
        return options
    return replace(
        options,
        config_rules=config.rules,
        severity={**config.severity},
        exclude=options.exclude or config.exclude,
        var_files=options.var_files or config.var_files,
        baseline=options.baseline or config.baseline,
    )
