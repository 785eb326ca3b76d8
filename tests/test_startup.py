"""Start-up stays cheap: ``--version`` and ``--help`` import none of the heavy
modules (the parser, networkx, sarif-om, the rules)."""

import subprocess
import sys

import pytest

HEAVY = ("networkx", "hcl2", "lark", "edgelint_rules", "sarif_om", "edgelint.pipeline",
         "edgelint.parse.hcl", "edgelint.parse.grammar", "edgelint.instances", "edgelint.evaluate", "edgelint.model")

PROBE = """
import sys
sys.argv = ["edgelint", *{args!r}]
from edgelint.launcher import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nLOADED:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["-h"]])
def test_no_heavy_imports(args):
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, timeout=60).stdout
    assert out.rsplit("LOADED:", 1)[1].strip() == "", out
    assert "edgelint" in out


def test_version_does_not_even_import_click():
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=["--version"], heavy=("click",))],
                         capture_output=True, text=True, timeout=60).stdout
    assert out.startswith("edgelint ") and out.rsplit("LOADED:", 1)[1].strip() == ""
