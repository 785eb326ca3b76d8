"""Domain pre-filter: which module folders can matter to the built-in rules.

Most folders of a real repository are ordinary infrastructure (networks, IAM,
databases) that no edge rule reads. A cheap scan of their bytes decides that, and
those folders are only checked for parse errors (``hcl.check_bytes``, about a third
of a full parse) instead of being parsed, evaluated and graphed.

A folder is an *edge* folder when one of its ``.tf``/``.tf.json`` files mentions an
edge resource type or service (CloudFront, load balancers ``aws_lb``/``aws_alb``,
API Gateway v1 and v2, WAF Classic, regional and v2, Global Accelerator, Lambda
function URLs; the word ``cloudfront`` also covers the origin-facing prefix list and
``cloudfront.amazonaws.com`` principals) or ``edgelint`` (suppression comments).
It *calls* modules when it has a ``module`` block; the folders it calls are those
that its local path literals (``source = "../cdn"``) name. Then:

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
reports byte for byte; a new rule that reads other resource types must extend
``_EDGE`` (that test fails until it does). Rules from other packs (plugins,
``--rules-dir``) may read anything, so when one of them is selected every folder is
parsed in full.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from edgelint.closure import reachable
from edgelint.parse.discover import ModuleFiles, display_path

# Searched as plain substrings of the lower-cased bytes (much faster than a regex).
_EDGE = (b"cloudfront", b"aws_lb", b"aws_alb", b"aws_elb", b"aws_api_gateway", b"aws_apigatewayv2", b"aws_waf",
         b"aws_globalaccelerator", b"aws_lambda_function_url", b"edgelint")
_MODULE_CALL = re.compile(rb"^[ \t]*module[ \t]*[\"{]|\"module\"[ \t\r\n]*:", re.MULTILINE)
_LOCAL_PATH = re.compile(rb"\"(\.\.?/[^\"\\\n]*)\"")
BUILTIN_PACK = "edgelint_rules"


def applies_to(rules: Iterable) -> bool:
    """The pre-filter knows what the built-in rules read, and nothing else."""
    return all(r.source == BUILTIN_PACK or r.source.startswith(BUILTIN_PACK + ".") for r in rules)


def relevant_modules(modules: list[ModuleFiles]) -> set[str]:
    """The ``dir`` of every module folder that needs the full pipeline."""
    known = {m.dir for m in modules}
    edge: set[str] = set()
    calling: set[str] = set()
    calls: dict[str, set[str]] = {}
    for m in modules:
        texts = [_read(p) for p in m.files]
        lowered = [t.lower() for t in texts]
        if any(word in t for t in lowered for word in _EDGE):
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


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b"module"  # unreadable: let the full pipeline report it
