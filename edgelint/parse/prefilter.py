"""Domain pre-filter: which module folders can matter to the built-in rules.

Most folders of a real repository are ordinary infrastructure (networks, IAM,
databases) that no edge rule reads. A cheap scan of their bytes decides that, and
those folders are only checked for parse errors (``hcl.check_bytes``, about a third
of a full parse) instead of being parsed, evaluated and graphed.

A folder is an *edge* folder when one of its ``.tf``/``.tf.json`` files mentions one
of the edge words or ``edgelint`` (suppression comments). The edge words are the
resource types in which a finding can start without any other edge resource (a
distribution, a load balancer or listener, an API stage, a web ACL…): the model
declares them (``edgelint.model.edge_words``, from each class's ``@models``) and
``pipeline`` passes them in, as parse must not import a later stage. It *calls*
modules when it has a ``module`` block; the folders it calls are those that its
local path literals (``source = "../cdn"``) name. Then:

- an edge folder gets the full pipeline;
- a folder that calls modules gets it too (a module call can be reported on its
  own, e.g. a remote source that cannot be read);
- when an edge folder is among the folders a calling folder reaches (through its
  calls, transitively), everything it reaches gets it: values cross module
  boundaries (inputs in, outputs out), so the whole tree is needed.

Whatever the scan decides, the findings are the same as without it: in a folder that
is not parsed in full, no edge rule has anything to read, the only finding possible
is EDGE900 (parse error), and the parse check reports exactly the error a full parse
reports. A test runs every fixture with and without the pre-filter and compares the
reports byte for byte; a rule that reads a new resource type on its own needs a
standalone model class for it (that test fails until it has one). Rules from other
packs (plugins, ``--rules-dir``) may read anything, so when one of them is selected
every folder is parsed in full.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from edgelint.closure import reachable
from edgelint.parse.discover import ModuleFiles, display_path

_SUPPRESSION_WORD = "edgelint"
_MODULE_CALL = re.compile(rb"^[ \t]*module[ \t]*[\"{]|\"module\"[ \t\r\n]*:", re.MULTILINE)
_LOCAL_PATH = re.compile(rb"\"(\.\.?/[^\"\\\n]*)\"")
BUILTIN_PACK = "edgelint_rules"


def applies_to(rules: Iterable) -> bool:
    """The pre-filter knows what the built-in rules read, and nothing else."""
    return all(r.source == BUILTIN_PACK or r.source.startswith(BUILTIN_PACK + ".") for r in rules)


def relevant_modules(modules: list[ModuleFiles], edge_words: Iterable[str]) -> set[str]:
    """The ``dir`` of every module folder that needs the full pipeline, given the
    words (resource types) that make a folder an edge folder."""
    words = _fewest_words([*edge_words, _SUPPRESSION_WORD])
    known = {m.dir for m in modules}
    edge: set[str] = set()
    calling: set[str] = set()
    calls: dict[str, set[str]] = {}
    for m in modules:
        texts = [_read(p) for p in m.files]
        lowered = [t.lower() for t in texts]
        if any(word in t for t in lowered for word in words):
            edge.add(m.dir)
        if any(b"module" in t and _MODULE_CALL.search(t) for t in texts):
            calling.add(m.dir)
            targets = (display_path(os.path.normpath(os.path.join(m.dir, lit.decode("utf-8", "replace"))))
                       for t in texts for lit in _LOCAL_PATH.findall(t))
            calls[m.dir] = {t for t in targets if t in known and t != m.dir}

    relevant = edge | calling
    for root in calling:
        reached = reachable(root, calls)
        if reached & edge:
            relevant |= reached
    return relevant


def _fewest_words(words: list[str]) -> tuple[bytes, ...]:
    """The words as lower-cased bytes, searched as plain substrings (much faster than a
    regex), less those that contain another (``aws_lb`` finds ``aws_lb_listener``)."""
    found = {w.lower().encode() for w in words}
    return tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b"module"  # unreadable: let the full pipeline report it
