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
