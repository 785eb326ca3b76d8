"""Which version of a provider Terraform will use, as far as the configuration tells.

Two sources, in Terraform's own order of authority:

- the dependency lock file (``.terraform.lock.hcl`` in the root module folder), whose
  ``provider "registry.terraform.io/hashicorp/aws" { version = "6.2.0" }`` is the exact
  version ``terraform init`` installed and every later run uses
  (https://developer.hashicorp.com/terraform/language/files/dependency-lock);
- otherwise the ``required_providers`` constraints of every module in the tree, which
  Terraform intersects (https://developer.hashicorp.com/terraform/language/expressions/version-constraints):
  ``=``/none (exactly), ``!=``, ``>``, ``>=``, ``<``, ``<=``, and ``~>`` (only the
  right-most given component may grow: ``~> 6.0`` is ``>= 6.0.0, < 7.0.0``, ``~> 6.1.2``
  is ``>= 6.1.2, < 6.2.0``).

Constraints decide a question only when every version they admit answers it the same
way: ``~> 6.0`` admits no 5.x, so a question about 6.0 or later is decided; ``>= 5.0``
admits both and decides nothing. What cannot be read exactly is left out of the
intersection, which only widens it (so a decision stays sound): a constraint that is
not a literal string, a partial version after ``=``, ``!=``, ``>`` or ``<=`` (whose
meaning for the missing components differs between Terraform's constraint libraries),
and any prerelease version (Terraform selects a prerelease only by an exact
constraint; edgelint does not order them). A prerelease in the lock file leaves the
version undecided.

This module is pure: it reads parsed files (``syntax.ParsedFile``) and returns values.
The lock file is found by discovery and parsed by the HCL reader like any other file;
the instances stage passes it here with the module instances' files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from edgelint.parse.syntax import Lit, ObjectExpr, ParsedFile, Span, Template, Traversal

LOCK_FILE = ".terraform.lock.hcl"
# Registries whose hashicorp/aws is the same provider with the same version numbers.
_REGISTRIES = ("registry.terraform.io", "registry.opentofu.org")

Release = tuple[int, int, int]
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_PART = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$")


def normalize_source(source: str) -> str | None:
    """``hashicorp/aws`` for ``registry.terraform.io/hashicorp/aws``, ``HashiCorp/AWS``
    and ``hashicorp/aws``; None for another registry's provider or a malformed address."""
    parts = source.strip().lower().split("/")
    if len(parts) == 3 and parts[0] in _REGISTRIES:
        parts = parts[1:]
    if len(parts) != 2 or not all(parts):
        return None
    return "/".join(parts)


def _successor(v: Release) -> Release:
    return v[0], v[1], v[2] + 1


@dataclass(frozen=True)
class VersionSet:
    """The release versions in ``[low, high)`` (``high`` None: no upper bound) except
    ``excluded``: what a conjunction of constraints admits."""

    low: Release = (0, 0, 0)
    high: Release | None = None
    excluded: frozenset[Release] = frozenset()

    def meet(self, other: VersionSet) -> VersionSet:
        highs = [h for h in (self.high, other.high) if h is not None]
        return VersionSet(max(self.low, other.low), min(highs) if highs else None, self.excluded | other.excluded)

    def below(self, v: Release) -> VersionSet:
        return self.meet(VersionSet(high=v))

    def from_(self, v: Release) -> VersionSet:
        return self.meet(VersionSet(low=v))

    def __contains__(self, v: Release) -> bool:
        return self.low <= v and (self.high is None or v < self.high) and v not in self.excluded

    @property
    def empty(self) -> bool:
        if self.high is not None and self.low >= self.high:
            return True
        if self.high is None or self.high[:2] != self.low[:2]:
            return False  # infinitely many patch versions of low's minor are inside
        return all((self.low[0], self.low[1], p) in self.excluded for p in range(self.low[2], self.high[2]))


def parse_release(text: str) -> Release | None:
    """A full release version (``6.2.0``); None for anything else."""
    m = _VERSION.match(text.strip())
    if not m or m.group(4) or m.group(3) is None:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def constraint_set(text: str) -> VersionSet:
    """The versions a constraint string admits; parts edgelint cannot read exactly
    admit everything (see the module docstring)."""
    admitted = VersionSet()
    for part in text.split(","):
        admitted = admitted.meet(_part_set(part))
    return admitted


def _part_set(part: str) -> VersionSet:
    m = _PART.match(part)
    everything = VersionSet()
    if not m:
        return everything
    op, text = m.group(1) or "=", m.group(2)
    v = _VERSION.match(text)
    if not v or v.group(4):  # not a version, or a prerelease
        return everything
    given = [int(g) for g in v.groups()[:3] if g is not None]
    padded: Release = tuple((given + [0, 0])[:3])  # type: ignore[assignment]
    full = len(given) == 3
    if op == ">=":
        return VersionSet(low=padded)
    if op == "<":
        return VersionSet(high=padded)
    if op == "~>":
        if len(given) == 1:
            return VersionSet(low=padded, high=(given[0] + 1, 0, 0))
        upper = (given[0] + 1, 0, 0) if len(given) == 2 else (given[0], given[1] + 1, 0)
        return VersionSet(low=padded, high=upper)
    if not full:
        return everything
    if op == "=":
        return VersionSet(low=padded, high=_successor(padded))
    if op == "!=":
        return VersionSet(excluded=frozenset({padded}))
    if op == ">":
        return VersionSet(low=_successor(padded))
    return VersionSet(high=_successor(padded))  # <=


@dataclass(frozen=True)
class ProviderVersion:
    """What is known of the version Terraform will use for one provider.

    ``exact`` is the locked version; ``admitted`` the versions the constraints allow
    (everything when nothing constrains). ``origin`` says where the knowledge comes
    from, for messages; ``span`` is the constraint or lock entry that decides, when one
    does."""

    source: str
    admitted: VersionSet = VersionSet()
    exact: Release | None = None
    origin: str = "no lock file and no version constraint"
    span: Span | None = None

    def at_least(self, major: int, minor: int = 0, patch: int = 0) -> bool | None:
        """True when the version is certainly ``major.minor.patch`` or later, False
        when certainly earlier, None when that is not known."""
        floor = (major, minor, patch)
        if self.exact is not None:
            return self.exact >= floor
        if self.admitted.empty:
            return None  # constraints no version meets: terraform init fails
        if self.admitted.below(floor).empty:
            return True
        if self.admitted.from_(floor).empty:
            return False
        return None

    @property
    def text(self) -> str | None:
        """The exact version as text (``6.2.0``), when the lock file gives it."""
        return ".".join(map(str, self.exact)) if self.exact is not None else None


@dataclass(frozen=True)
class Requirement:
    """One ``version`` constraint for a provider, as written, and where."""

    constraint: str
    span: Span


def locked_versions(lock: ParsedFile | None) -> dict[str, tuple[str, Span]]:
    """Provider source (``hashicorp/aws``) → (locked version text, its span) from a
    parsed lock file."""
    out: dict[str, tuple[str, Span]] = {}
    if lock is None or lock.error is not None:
        return out
    for block in lock.blocks:
        if block.type != "provider" or len(block.labels) != 1:
            continue
        source = normalize_source(block.labels[0])
        attr = block.attributes.get("version")
        text = _literal(attr.expr) if attr is not None else None
        if source is not None and isinstance(text, str):
            out[source] = (text, attr.span)
    return out


def requirements(files: Iterable[ParsedFile]) -> dict[str, list[Requirement]]:
    """Provider source → every ``version`` constraint ``required_providers`` gives it
    in these files (``aws = { source = "hashicorp/aws", version = "~> 6.0" }``, or the
    legacy ``aws = "~> 6.0"``; a missing source means ``hashicorp/<local name>``)."""
    out: dict[str, list[Requirement]] = {}
    for f in files:
        for terraform in (b for b in f.blocks if b.type == "terraform"):
            for block in terraform.blocks_of("required_providers"):
                for name, attr in sorted(block.attributes.items()):
                    found = _requirement(name, attr.expr)
                    if found is not None:
                        source, constraint = found
                        out.setdefault(source, []).append(Requirement(constraint, attr.span))
    return out


def _requirement(local_name: str, expr) -> tuple[str, str] | None:
    text = _literal(expr)
    if isinstance(text, str):  # legacy: aws = "~> 6.0"
        source, constraint = f"hashicorp/{local_name}", text
    elif isinstance(expr, ObjectExpr):
        fields = {_literal(k): v for k, v in expr.items}
        given_source = _literal(fields["source"]) if "source" in fields else f"hashicorp/{local_name}"
        constraint = _literal(fields["version"]) if "version" in fields else None
        if not isinstance(given_source, str) or not isinstance(constraint, str):
            return None
        source = given_source
    else:
        return None
    normalized = normalize_source(source)
    return (normalized, constraint) if normalized is not None else None


def _literal(expr):
    """A constant expression's value (a literal, a template without interpolation, an
    object key written as a bare name); None otherwise. Terraform allows nothing else
    in ``required_providers`` and the lock file."""
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Template) and all(isinstance(p, str) for p in expr.parts):
        return "".join(expr.parts)
    if isinstance(expr, Traversal) and not expr.steps and isinstance(expr.root, str):
        return expr.root
    return None


def provider_version(source: str, lock: ParsedFile | None, files: Iterable[ParsedFile]) -> ProviderVersion:
    """The version of ``source`` (``hashicorp/aws``): the lock file's when it names
    the provider, else what the constraints of ``files`` admit."""
    locked = locked_versions(lock).get(source)
    if locked is not None:
        text, span = locked
        exact = parse_release(text)
        if exact is None:  # a prerelease, or something Terraform would not write
            return ProviderVersion(source, origin=f"the lock file's version {text!r}, which edgelint does not order")
        return ProviderVersion(source, exact=exact, origin=f"{text}, from {LOCK_FILE}", span=span)
    found = requirements(files).get(source, [])
    return from_constraints(source, found)


def from_constraints(source: str, found: list[Requirement]) -> ProviderVersion:
    """What a list of constraints (all of which Terraform must meet) admits."""
    if not found:
        return ProviderVersion(source)
    admitted = VersionSet()
    for r in found:
        admitted = admitted.meet(constraint_set(r.constraint))
    written = ", ".join(dict.fromkeys(f'"{r.constraint}"' for r in found))
    deciding = found[0].span if len(found) == 1 else None
    return ProviderVersion(source, admitted, origin=f"required_providers {written}", span=deciding)
