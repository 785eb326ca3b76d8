"""Escaping of text that comes from scanned files, one function per destination.

Everything a report shows from a scanned tree (file names, resource names, values
quoted in messages, source lines) was written by whoever wrote that tree. It must
reach a terminal, a CI log or GitHub as inert text: never as an escape sequence that
recolours or rewrites the screen, a second line that looks like edgelint's own
output, or a second workflow command.

- ``inert``: for terminals and logs. C0 and C1 control characters (ESC, and with it
  every ANSI sequence), DEL, the invisible bidirectional and zero-width characters
  that make text display in another order than it reads ("Trojan Source"), the
  Unicode line separators, and lone surrogates (the undecodable bytes of a
  non-UTF-8 file name) are shown as ``\\xNN`` / ``\\uNNNN``. Tabs stay. The
  GitHub Actions runner also obeys the legacy command marker ``##[`` anywhere in a
  line of a step's output (``##[add-mask]…``, ``##[stop-commands]…``): it is shown
  as ``#\\x23[``. A line that starts with scanned text must also not start with
  ``::`` (``line_start``).
- ``unicode_safe``: for JSON and SARIF strings, whose serialisers escape control
  characters themselves: only lone surrogates, which no UTF-8 document can hold,
  become U+FFFD. ``inert_json`` then makes the serialised document as inert as
  text: it writes the characters above that JSON serialisers leave raw (DEL, C1,
  bidi and zero-width controls, line separators) as ``\\uNNNN`` escapes and ``##[``
  as ``#\\u0023[``; a JSON reader gets the same strings back.
- ``github_data`` / ``github_property``: GitHub Actions workflow commands
  (``::error file=…,title=…::message``), escaped the way the runner unescapes them
  (``@actions/core``'s ``escapeData`` / ``escapeProperty``: ``%`` → ``%25``, CR →
  ``%0D``, LF → ``%0A``, and in properties ``:`` → ``%3A``, ``,`` → ``%2C``), after
  ``inert`` so that the log shows no raw control character either.
"""

from __future__ import annotations

import json
import re

# C0 except TAB, DEL, C1; bidi embeddings/overrides/isolates and marks; zero-width
# characters; line and paragraph separators; lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_UNSAFE_KEEP_NEWLINES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _show(m: re.Match) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_LEGACY_COMMAND = "##["


def inert(text: str, *, newlines: bool = False) -> str:
    """Text made safe for a terminal or a log: every character that could act
    instead of print is shown escaped. ``newlines=True`` keeps CR and LF (for a
    destination that escapes them itself)."""
    return (_UNSAFE_KEEP_NEWLINES if newlines else _UNSAFE).sub(_show, text).replace(_LEGACY_COMMAND, "#\\x23[")


def line_start(text: str) -> str:
    """``inert`` for text that begins a line of output (a path): the runner reads a
    line that starts with ``::`` (after blanks) as a workflow command, so such a
    path is shown as ``./::…``, which names the same file."""
    shown = inert(text)
    return "./" + shown if shown.lstrip().startswith("::") else shown


_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_document(data) -> str:
    """``data`` as a JSON document (indented, a final newline) that any UTF-8
    reader accepts and that stays inert when printed: every report in JSON goes
    through here."""
    return inert_json(json.dumps(unicode_safe_data(data), indent=2, ensure_ascii=False)) + "\n"


def inert_json(serialised: str) -> str:
    """A serialised JSON document (``ensure_ascii=False``) made inert for a terminal
    or a log. What it replaces can only occur inside strings (none of it is JSON
    syntax or whitespace), where an escape means the same character."""
    escaped = _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)
    return escaped.replace(_LEGACY_COMMAND, "#\\u0023[")


def shorten(text: str, limit: int = 500) -> str:
    """At most ``limit`` characters, saying how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def unicode_safe(text: str) -> str:
    """A string any UTF-8 document can hold: lone surrogates become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def unicode_safe_data(data):
    """``unicode_safe`` applied to every string (keys too) of JSON-like data."""
    if isinstance(data, str):
        return unicode_safe(data)
    if isinstance(data, dict):
        return {unicode_safe_data(k): unicode_safe_data(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [unicode_safe_data(v) for v in data]
    return data


def github_data(text: str) -> str:
    """The message part of a workflow command (after the second ``::``)."""
    return inert(text, newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
