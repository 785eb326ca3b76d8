"""Discover stage: command-line paths to Terraform module folders and their files.

A folder argument is searched recursively; every folder holding ``.tf`` or
``.tf.json`` files is one module. A file argument is checked on its own, together
with any other files named from the same folder. ``.terraform/`` and hidden folders
are skipped, and anything that is not a regular file (FIFOs, devices, dangling links)
is never opened.

Paths matching an ``exclude`` pattern are left out, named files included (the
pre-commit hook passes files). With ``whole_modules`` a file argument stands for
every Terraform file of its folder: findings cross files, so a changed file is
checked together with the rest of its module.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from edgelint.parse.exclude import first_match
from edgelint.safeio import is_inside

TERRAFORM_SUFFIXES = (".tf", ".tf.json")
TFVARS_NAMES = ("terraform.tfvars", "terraform.tfvars.json")
LOCK_FILE_NAME = ".terraform.lock.hcl"  # written by terraform init: the provider versions in use


@dataclass
class ModuleFiles:
    """One Terraform module folder: its configuration files and its tfvars files.

    ``root`` is the folder the user asked to check that holds it (the folder
    argument it was found under, or a file argument's folder): ``file()`` and
    ``templatefile()`` read nothing outside it. ``lock_file`` is the folder's
    dependency lock file, when it has one (read when the folder is a root module)."""

    dir: str
    files: list[str] = field(default_factory=list)
    tfvars: list[str] = field(default_factory=list)
    root: str = "."
    lock_file: str | None = None


@dataclass
class Discovery:
    modules: list[ModuleFiles]
    skipped: list[tuple[str, str]]  # (path, why): reported as notices
    missing: list[str]  # arguments that do not exist
    plans: list[str] = field(default_factory=list)  # JSON plans named on the command line
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (path, why): left out quietly
    # Terragrunt configurations in the searched trees or above an argument: Terragrunt
    # copies and generates .tf files (``generate`` blocks) before Terraform runs, so a
    # name no file declares here may still be declared then (EDGE903 stays silent).
    terragrunt: list[str] = field(default_factory=list)


TERRAGRUNT_FILES = frozenset({"terragrunt.hcl", "terragrunt.hcl.json", "terragrunt.stack.hcl"})


WHY_TERRAFORM_DIR = "Terraform's working folder"
WHY_HIDDEN = "hidden"
WHY_NODE_MODULES = "node_modules"


def display_path(path: str) -> str:
    """A path as users see it: relative to the working directory when inside it,
    with forward slashes."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        rel = os.path.relpath(absolute, cwd)
    else:
        rel = absolute
    return rel.replace(os.sep, "/")


def is_plan_file(path: str) -> bool:
    """A ``.json`` file (not ``.tf.json`` or ``.tfvars.json``) named on the command line: a Terraform plan,
    as written by ``terraform show -json``. Whatever it holds: one that is empty, not
    JSON, or Terraform's error text (``terraform show -json`` failed) is a plan that
    does not parse (EDGE900), never a file skipped in silence."""
    return path.endswith(".json") and not path.endswith((".tf.json", ".tfvars.json"))


def is_terraform_file(name: str) -> bool:
    return name.endswith(TERRAFORM_SUFFIXES)


def is_tfvars_file(name: str) -> bool:
    return name.endswith((".tfvars", ".tfvars.json"))


def tfvars_files(directory: str, names: list[str]) -> list[str]:
    """Terraform's automatic var files in load order: terraform.tfvars(.json), then
    ``*.auto.tfvars(.json)`` in lexical order."""
    auto = sorted(n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json")))
    ordered = [n for n in TFVARS_NAMES if n in names] + auto
    return [display_path(os.path.join(directory, n)) for n in ordered]


def discover(paths: list[str], max_file_size: int | None = None, exclude=(),
             whole_modules: bool = False) -> Discovery:
    by_dir: dict[str, ModuleFiles] = {}
    skipped: list[tuple[str, str]] = []
    ignored: list[tuple[str, str]] = []
    missing: list[str] = []
    explicit: dict[str, list[str]] = {}
    plans: list[str] = []
    terragrunt: list[str] = []

    def excluded(path: str) -> bool:
        pattern = first_match(exclude, path)
        if pattern is not None:
            ignored.append((display_path(path), pattern.describe()))
        return pattern is not None

    def add(directory: str, file_path: str, root: str) -> None:
        key = display_path(directory)
        module = by_dir.get(key)
        if module is None:
            try:
                names = os.listdir(directory)
            except OSError:
                names = []
            tfvars = [p for p in tfvars_files(directory, names) if usable(p)]
            lock = display_path(os.path.join(directory, LOCK_FILE_NAME)) if LOCK_FILE_NAME in names else None
            module = by_dir[key] = ModuleFiles(key, [], tfvars, display_path(root),
                                               lock if lock is not None and usable(lock) else None)
        else:
            module.root = _wider(module.root, display_path(root))
        shown = display_path(file_path)
        if shown not in module.files:
            module.files.append(shown)

    def usable(file_path: str) -> bool:
        try:
            st = os.stat(file_path)
        except OSError as exc:
            skipped.append((display_path(file_path), f"cannot read: {exc.strerror}"))
            return False
        if not stat.S_ISREG(st.st_mode):
            skipped.append((display_path(file_path), "not a regular file"))
            return False
        if max_file_size is not None and st.st_size > max_file_size:
            skipped.append((display_path(file_path), f"larger than {max_file_size} bytes"))
            return False
        if not os.access(file_path, os.R_OK):  # chmod 000: skipped with a notice, as a folder is
            skipped.append((display_path(file_path), "cannot read: Permission denied"))
            return False
        return True

    for arg in paths:
        if not os.path.lexists(arg):
            missing.append(arg)
            continue
        if excluded(arg):
            continue
        terragrunt += _terragrunt_in_and_above(arg if os.path.isdir(arg) else os.path.dirname(arg) or ".")
        if os.path.isdir(arg):
            _walk(arg, lambda d, f, root=arg: add(d, f, root), usable, skipped, ignored, excluded, terragrunt)
        elif whole_modules and (is_terraform_file(arg) or is_tfvars_file(arg)):
            folder = os.path.dirname(arg) or "."
            for path in _module_files(folder) or ():
                if not excluded(path) and usable(path):
                    explicit.setdefault(folder, []).append(path)
        elif is_terraform_file(arg):
            if usable(arg):
                explicit.setdefault(os.path.dirname(arg) or ".", []).append(arg)
        elif arg.endswith(".json") and not usable(arg):
            pass  # a FIFO named plan.json is reported, never opened to see what it is
        elif is_plan_file(arg):
            if display_path(arg) not in plans:
                plans.append(display_path(arg))
        else:
            skipped.append((display_path(arg), "not a Terraform file (.tf, .tf.json) or JSON plan"))

    for directory, files in explicit.items():
        for f in files:
            add(directory, f, directory)
    modules = sorted(by_dir.values(), key=lambda m: m.dir)
    for m in modules:
        m.files.sort()
    return Discovery(modules, sorted(set(skipped)), missing, sorted(plans), sorted(set(ignored)),
                     sorted(set(terragrunt)))


def module_folder(directory: str, max_file_size: int | None = None) -> ModuleFiles | None:
    """One folder read as a module on its own (a module call's source): its
    Terraform files, not those of subfolders. None when it cannot be listed."""
    paths = _module_files(directory)
    if paths is None:
        return None
    files = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and (max_file_size is None or st.st_size <= max_file_size):
            files.append(display_path(path))
    return ModuleFiles(display_path(directory), files, [])


def _wider(a: str, b: str) -> str:
    """Of two roots holding the same module, the one that holds the other (or, for
    unrelated ones, the first in order, so that the answer never depends on the
    order of the arguments)."""
    if is_inside(b, a):
        return a
    if is_inside(a, b):
        return b
    return min(a, b)


def _module_files(folder: str) -> list[str] | None:
    """The Terraform files directly in ``folder`` (a module is one folder), or None
    when it cannot be listed."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    return [os.path.join(folder, n) for n in names if is_terraform_file(n) and not n.startswith(".")]


def _terragrunt_in_and_above(folder: str) -> list[str]:
    """Terragrunt configurations in ``folder`` and every folder above it (a unit's
    parent configuration usually is)."""
    found = []
    folder = os.path.abspath(folder)
    while True:
        found += [display_path(os.path.join(folder, n)) for n in sorted(TERRAGRUNT_FILES)
                  if os.path.isfile(os.path.join(folder, n))]
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent


class TerragruntConfigs:
    """Which Terragrunt configuration, if any, may generate files into a module folder.

    Terragrunt copies a unit's source module and generates ``.tf`` files into it
    (``generate`` blocks) before Terraform runs, so a name no file of the folder
    declares may be declared then (EDGE903 stays silent there). A configuration
    governs a folder when it sits in that folder or above it, or when its text names the
    folder's path from the repository root as a source (``"../../aws//common"``,
    ``"git::https://…/repo//aws/common?ref=…"``). The configurations are those the search
    found (``known``) and, asked only when EDGE903 has something to say, every one in
    the git repository holding the folder."""

    def __init__(self, known: list[str], roots: list[str] = ()):
        self.known = list(known)
        self.roots = sorted({os.path.abspath(r) for r in roots}, key=len)  # the folders searched
        self._repositories: dict[str, list[str]] = {}

    def governing(self, folder: str) -> str | None:
        folder = os.path.abspath(folder)
        top = _repository_top(folder)
        # Outside a repository, sources are read from the widest searched folder holding it.
        base = top or next((r for r in self.roots if is_inside(folder, r)), None)
        found = self.known + (self._in_repository(top) if top is not None else [])
        for config in found:
            if is_inside(folder, os.path.dirname(os.path.abspath(config))):
                return config
        if base is not None and folder != base:
            wanted = "/" + os.path.relpath(folder, base).replace(os.sep, "/")
            for config in found:
                if _names_source(config, wanted):
                    return config
        return None

    def _in_repository(self, top: str) -> list[str]:
        if top not in self._repositories:
            hits = []
            for directory, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(d for d in dirnames if not _pruned(d))
                hits += [display_path(os.path.join(directory, n)) for n in sorted(filenames) if n in TERRAGRUNT_FILES]
            self._repositories[top] = hits
        return self._repositories[top]


def _repository_top(folder: str) -> str | None:
    top = folder
    while not os.path.isdir(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return None
        top = parent
    return top


def _names_source(config: str, wanted: str) -> bool:
    """Whether a Terragrunt file names ``/path/from/repository/root`` as a source: its
    ``//`` (the module subfolder separator) read as ``/``, the path followed by a quote,
    ``?`` or ``/``."""
    try:
        with open(config, encoding="utf-8", errors="replace") as f:
            text = f.read(1 << 16).replace("//", "/")
    except OSError:
        return False
    return any(wanted + end in text for end in ('"', "?", "/"))


def _walk(root: str, add, usable, skipped, ignored, excluded, terragrunt: list[str]) -> None:
    seen: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        skipped.append((display_path(exc.filename or root), f"cannot read: {exc.strerror}"))

    for directory, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        try:
            st = os.stat(directory)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if ident in seen:  # a symlink loop, or a link back up the tree
            dirnames[:] = []
            continue
        seen.add(ident)
        kept = []
        for d in sorted(dirnames):
            why = _pruned(d)
            if why:
                ignored.append((display_path(os.path.join(directory, d)) + "/", why))
            elif not excluded(os.path.join(directory, d)):
                kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name in TERRAGRUNT_FILES:
                terragrunt.append(display_path(os.path.join(directory, name)))
            if not is_terraform_file(name):
                continue
            path = os.path.join(directory, name)
            if name.startswith("."):
                ignored.append((display_path(path), WHY_HIDDEN))
            elif not excluded(path) and usable(path):
                add(directory, path)


def _pruned(name: str) -> str:
    """Why a folder is never searched, or "" when it is."""
    if name == ".terraform":
        return WHY_TERRAFORM_DIR
    if name.startswith("."):
        return WHY_HIDDEN
    if name == "node_modules":
        return WHY_NODE_MODULES
    return ""
