"""Output stays byte-identical: a digest of every output of a few representative
cases is pinned in ``tests/golden/outputs.json``.

- the bundled example through the CLI, as a user runs it: stdout, stderr and exit
  code of ``edgelint check`` and ``edgelint graph`` in every format;
- module trees, a plan, dynamic blocks, parse errors, suppressions, module loading
  and a rule that is off by default, as the fixture harness checks them
  (``corpus.case_result``): every report format and every picture of the topology.

A refactoring leaves them as they are. To see what changed, case by case and in
full, run ``bench/snapshot_outputs.py`` on both commits (it covers every fixture,
the example and the generated corpus). After a deliberate change of output,
regenerate with ``EDGELINT_UPDATE_GOLDEN=1 python -m pytest tests/test_output_snapshot.py``
and say why in the commit. SARIF names the checkout's folder as an absolute URI
(``originalUriBaseIds``); that one string is replaced before hashing.
"""

import contextlib
import hashlib
import json
import os

import pytest
from conftest import FIXTURES, ROOT, run_cli
from corpus import case_result
from speed_helpers import render_reports

from edgelint.report import FORMATS
from edgelint.view import GRAPH_FORMATS, render_graph
from edgelint.view.topology import build_topology

GOLDEN = ROOT / "tests" / "golden" / "outputs.json"
EXAMPLE = FIXTURES / "stacks" / "example"
CASES = ("stacks/module_twice", "stacks/module_outputs_nested", "stacks/plan_multi_module", "stacks/dynamic_behaviors",
         "EDGE900/fires_syntax", "EDGE901/fires_block", "EDGE902/fires_missing_local", "EDGE501/fires_inline",
         "EDGE803/fires")


def digest(text: str) -> str:
    return hashlib.sha256(text.replace(ROOT.as_uri(), "file:///CHECKOUT").encode()).hexdigest()


def example_outputs() -> dict[str, dict]:
    runs = {f"check.{fmt}": ("check", fmt) for fmt in FORMATS}
    runs.update({f"graph.{fmt}": ("graph", fmt) for fmt in GRAPH_FORMATS})
    found = {}
    for name, (command, fmt) in runs.items():
        r = run_cli(command, "--format", fmt, ".", cwd=EXAMPLE)
        found[f"example/{name}"] = {"exit": r.returncode, "stdout": digest(r.stdout), "stderr": digest(r.stderr)}
    return found


def case_outputs(name: str) -> dict[str, str]:
    case = FIXTURES / name
    result = case_result(case)
    with contextlib.chdir(case):
        outputs = {f"check.{fmt}": text for fmt, text in render_reports(result).items()}
        topology = build_topology(result.stacks, result.reported)
        outputs.update({f"graph.{fmt}": render_graph(fmt, topology) for fmt in GRAPH_FORMATS})
    return {f"{name}/{key}": digest(text) for key, text in outputs.items()}


@pytest.mark.slow
def test_outputs_are_byte_identical_to_the_pinned_digests():
    got = example_outputs()
    for name in CASES:
        got.update(case_outputs(name))
    if os.environ.get("EDGELINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(k for k in want.keys() & got.keys() if want[k] != got[k])
    assert not changed and got.keys() == want.keys(), (
        f"output changed: {changed}; new: {sorted(got.keys() - want.keys())}; "
        f"gone: {sorted(want.keys() - got.keys())}. See this module's docstring: compare with "
        "bench/snapshot_outputs.py, and regenerate the digests only for a deliberate change")
