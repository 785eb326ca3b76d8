"""Module sources: where a module call's code is, and which folders are roots.

A local source (``./modules/cdn``, ``../shared``) is the folder it names, relative to
the calling module's folder. Any other source (the registry, git, S3…) is read only
where ``terraform init`` has downloaded it: the root module's
``.terraform/modules/modules.json`` maps each call path (``cdn``, ``cdn.inner``) to a
folder. Nothing is ever fetched; a source that cannot be read leaves the call
opaque (EDGE902). Each folder is parsed once, however often it is called.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from edgelint.instances.tree import LoadedModule, ModuleInstance
from edgelint.parse.discover import ModuleFiles, display_path, module_folder
from edgelint.parse.syntax import Lit, ParsedFile
from edgelint.safeio import read_regular_file

MANIFEST = os.path.join(".terraform", "modules", "modules.json")


def is_local_source(source: str) -> bool:
    """Terraform reads a source as a local path only when it starts with ./ or ../."""
    return source.startswith(("./", "../", ".\\", "..\\"))


def local_source_dir(caller_dir: str, source: str) -> str:
    return display_path(os.path.normpath(os.path.join(caller_dir, source.replace("\\", "/"))))


class ModuleSources:
    """Reads module call sources for the graph stage (``graph.ModuleLoader``) and
    keeps every file it parsed, for the reports and EDGE900."""

    def __init__(self, parse: Callable[[str], ParsedFile], max_file_size: int | None = None,
                 in_full: Callable[[str], ParsedFile | None] | None = None):
        self.parse = parse
        self.in_full = in_full  # a parse-checked file's blocks (None: it was parsed in full)
        self.max_file_size = max_file_size
        self.parsed: dict[str, ParsedFile] = {}
        self._by_dir: dict[str, list[str]] = {}  # folder → its parsed paths, for parsed_in
        self._folders: dict[str, LoadedModule | str] = {}
        self._manifests: dict[str, dict[str, str]] = {}

    def files(self, paths: list[str]) -> list[ParsedFile]:
        out = []
        for path in paths:
            if path not in self.parsed:
                self.parsed[path] = self.parse(path)
                self._by_dir.setdefault(os.path.dirname(path), []).append(path)
            out.append(self.parsed[path])
        return out

    def _in_full(self, path: str) -> ParsedFile:
        """A called module's file with its blocks: the pre-filter may have parse-checked
        a folder no rule reads (its ``ParsedFile`` has no blocks), but a caller that is
        checked reads its outputs and resources (before, such a module looked empty and
        each of its outputs undeclared)."""
        full = self.in_full(path) if self.in_full is not None else None
        if full is not None:
            self.parsed[path] = full
        return self.parsed[path]

    def parsed_in(self, directory: str) -> list[ParsedFile]:
        """Every file parsed from one folder (those that failed too)."""
        return [self.parsed[path] for path in sorted(self._by_dir.get(directory, ()))]

    def folder(self, directory: str) -> LoadedModule | str:
        """A folder as a module: its parsed files (those that parse), or why not."""
        key = display_path(directory)
        if key not in self._folders:
            listed = module_folder(directory, self.max_file_size)
            if listed is None:
                self._folders[key] = f"folder {key} cannot be read"
            elif not listed.files:
                self._folders[key] = f"folder {key} holds no Terraform files"
            else:
                self.files(listed.files)
                parsed = [self._in_full(path) for path in listed.files]
                self._folders[key] = LoadedModule(key, [f for f in parsed if f.error is None])
        return self._folders[key]

    def __call__(self, caller: ModuleInstance, call_names: tuple, source: str) -> LoadedModule | str:
        if is_local_source(source):
            return self.folder(local_source_dir(caller.dir, source))
        entry = self.manifest(caller.root_dir).get(".".join(call_names))
        if entry is None:
            return f"'{source}' is not downloaded (run terraform init to fill .terraform/modules)"
        found = self.folder(os.path.join(caller.root_dir, entry))
        if isinstance(found, str):
            return f"'{source}' is not downloaded: {found}"
        return found

    def manifest(self, root_dir: str) -> dict[str, str]:
        """``.terraform/modules/modules.json`` of a root module: call path → folder
        (relative to the root). Empty when absent or unreadable."""
        if root_dir not in self._manifests:
            entries: dict[str, str] = {}
            try:
                data = json.loads(read_regular_file(os.path.join(root_dir, MANIFEST), self.max_file_size))
                for module in data.get("Modules", []) if isinstance(data, dict) else []:
                    if isinstance(module, dict) and isinstance(module.get("Key"), str) \
                            and isinstance(module.get("Dir"), str) and module["Key"]:
                        entries[module["Key"]] = module["Dir"]
            except (OSError, ValueError):
                pass
            self._manifests[root_dir] = entries
        return self._manifests[root_dir]


def local_calls(directory: str, files: list[ParsedFile]) -> set[str]:
    """The folders a module's blocks name as literal local sources."""
    out: set[str] = set()
    for f in files:
        for block in f.blocks:
            attr = block.attributes.get("source") if block.type == "module" else None
            if attr is not None and isinstance(attr.expr, Lit) and isinstance(attr.expr.value, str) \
                    and is_local_source(attr.expr.value):
                out.add(local_source_dir(directory, attr.expr.value))
    return out


def root_modules(modules: list[ModuleFiles], calls: dict[str, set[str]]) -> list[ModuleFiles]:
    """The folders to check as roots: those no other checked folder calls as a local
    module. A folder only reachable through a cycle of calls is a root after all, so
    that nothing found is left unchecked."""
    by_dir = {m.dir: m for m in modules}
    called = {target for d, targets in calls.items() for target in targets if target != d and target in by_dir}
    roots = [m for m in modules if m.dir not in called]
    reached: set[str] = set()

    def reach(d: str) -> None:
        stack = [d]
        while stack:
            here = stack.pop()
            if here in reached:
                continue
            reached.add(here)
            stack.extend(t for t in calls.get(here, ()) if t in by_dir)

    for m in roots:
        reach(m.dir)
    for m in modules:
        if m.dir not in reached:
            roots.append(m)
            reach(m.dir)
    return sorted(roots, key=lambda m: m.dir)
