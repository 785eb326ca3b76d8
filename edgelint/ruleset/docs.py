"""A rule's docstring (Markdown) rendered as plain text for a terminal.

``edgelint explain`` prints it (coloured on a terminal) and SARIF carries the plain
version as ``help.text`` next to the Markdown. Headings lose their ``##`` and stand
out, fenced code is indented and loses its fences, links show their address.
"""

from __future__ import annotations

import re

from edgelint.ruleset.registry import Rule

_BOLD, _CODE, _DIM, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[2m", "\x1b[0m"
_INLINE_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def render_doc(rule: Rule, color: bool = False) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    state = "on by default" if rule.default_enabled else "off by default (enable with --extend-select)"
    out = [paint(_BOLD, f"{rule.id} {rule.name}"),
           f"severity {rule.severity} · kind {rule.kind or '-'} · {state}",
           *([rule.fix_line] if rule.fix_line else []), ""]
    in_code = False
    for line in (rule.doc or rule.summary).splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append(paint(_CODE, "    " + line) if line.strip() else "")
        elif stripped.startswith("#"):
            if out and out[-1] != "":
                out.append("")
            out.append(paint(_BOLD, stripped.lstrip("#").strip()))
        elif not stripped:
            if out and out[-1] != "":
                out.append("")
        else:
            text = _LINK.sub(r"\1 <\2>", line.rstrip())
            text = _INLINE_CODE.sub(lambda m: paint(_CODE, m.group(1)) if color else m.group(0), text)
            out.append("  " + text)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --- the per-rule pages of docs/rules (edgelint rules --docs-dir docs/rules) ---------

INDEX_PAGE = "README.md"


def rule_page(rule: Rule) -> str:
    """``docs/rules/EDGE101.md``: the rule's docstring under its ID and name, with its
    metadata and fix; what SARIF ``helpUri`` and the Markdown report link to."""
    state = "on by default" if rule.default_enabled else "off by default (enable with `--extend-select`)"
    tags = ", ".join(f"`{t}`" for t in rule.tags) or "none"
    head = [f"# {rule.id} {rule.name}", "",
            f"Severity **{rule.severity}** · kind **{rule.kind or '-'}** · {state} · tags {tags}", ""]
    if rule.fix_line:
        head += [rule.fix_line, ""]
    footer = ["", f"Suppress with `# edgelint:ignore {rule.id} -- why`; explain in a terminal with "
                  f"`edgelint explain {rule.id}`. [All rules]({INDEX_PAGE})."]
    return "\n".join([*head, (rule.doc or rule.summary).rstrip("\n"), *footer]) + "\n"


def index_page(rules: list[Rule]) -> str:
    """``docs/rules/README.md``: the rule table, each ID a link to its page."""
    lines = ["# edgelint rules", "",
             "Generated from the rules' docstrings by `edgelint rules --docs-dir docs/rules`; do not edit.", "",
             "| ID | name | severity | kind | what it finds |", "|---|---|---|---|---|"]
    for r in rules:
        off = " (off by default)" if not r.default_enabled else ""
        lines.append(f"| [{r.id}]({r.id}.md) | {r.name} | {r.severity} | {r.kind} | {r.summary}{off} |")
    return "\n".join(lines) + "\n"


def doc_pages(rules: list[Rule]) -> dict[str, str]:
    """File name → content of every page of ``docs/rules`` (built-in rules only:
    a plugin documents its rules where its ``help_uri`` points)."""
    builtin = [r for r in rules if r.is_builtin]
    return {INDEX_PAGE: index_page(builtin), **{f"{r.id}.md": rule_page(r) for r in builtin}}
