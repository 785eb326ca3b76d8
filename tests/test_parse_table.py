"""The parser table ships in the package: it is built from the grammar beside it, by
the Lark that is installed, and it parses exactly as a parser built from the grammar
does; an installed edgelint, on a fresh machine, builds and writes no parser table."""

from __future__ import annotations

import os
import subprocess
import sys
import venv

import pytest
from conftest import FIXTURES, ROOT
from wheelhouse import build_wheelhouse

from edgelint.parse import grammar
from edgelint.parse.cache import FORMAT as CACHE_FORMAT


def test_the_shipped_table_was_built_from_this_grammar():
    """Fails when the grammar changes and the table does not: run
    ``python -m edgelint.parse.grammar`` and commit hcl2.lark.table."""
    with open(grammar.TABLE, "rb") as fh:
        assert fh.read(len(grammar._TABLE_MAGIC)) == grammar._TABLE_MAGIC
        assert fh.readline().rstrip(b"\n").decode() == grammar._grammar_tag(), (
            "hcl2.lark changed: regenerate the table with python -m edgelint.parse.grammar")
    assert grammar._packaged(True, None) is not None


def test_a_table_from_another_grammar_or_lark_is_not_used(tmp_path, monkeypatch):
    stale = tmp_path / "hcl2.lark.table"
    data = grammar.TABLE.read_bytes()
    stale.write_bytes(data.replace(b"lark=", b"lark=0.0-", 1))
    monkeypatch.setattr(grammar, "TABLE", stale)
    assert grammar._packaged(True, None) is None
    stale.write_bytes(data[: len(data) // 2])  # truncated
    assert grammar._packaged(True, None) is None


@pytest.mark.slow
def test_the_shipped_table_parses_like_the_grammar(tmp_path, monkeypatch):
    from lark import Lark

    fresh = Lark(grammar.GRAMMAR.read_text(encoding="utf-8"), parser="lalr", postlex=grammar.PostLexer(),
                 propagate_positions=True)
    shipped = grammar._packaged(True, None)
    for path in sorted(FIXTURES.rglob("*.tf")):
        text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n") + "\n"
        try:
            want = fresh.parse(text)
        except Exception as exc:
            with pytest.raises(type(exc)):
                shipped.parse(text)
            continue
        assert shape(shipped.parse(text)) == shape(want), path


def shape(tree) -> list:
    """A tree as a flat list (deep fixtures would overflow a recursive comparison)."""
    return [(t.data, [(c.type, str(c), c.line, c.column) if not hasattr(c, "data") else c.data for c in t.children])
            for t in tree.iter_subtrees_topdown()]


@pytest.mark.slow
def test_pip_install_then_check_on_a_fresh_machine_writes_no_parser_table(tmp_path):
    wheels = build_wheelhouse(tmp_path / "wheels", ROOT)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pip_env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PIP_CONFIG_FILE": os.devnull,
               "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip_env.pop("EDGELINT_CACHE_DIR", None)
    subprocess.run([python, "-m", "pip", "install", "-q", str(ROOT)], env=pip_env, check=True,
                   capture_output=True, timeout=600)
    installed = {p for p in env_dir.rglob("*") if "__pycache__" not in p.parts}
    home, xdg, tmp = tmp_path / "home", tmp_path / "xdg", tmp_path / "tmp"
    for d in (home, xdg, tmp):
        d.mkdir()
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGELINT_", "XDG_"))}
    run_env.update({"HOME": str(home), "XDG_CACHE_HOME": str(xdg), "TMPDIR": str(tmp), "NO_COLOR": "1"})
    r = subprocess.run([env_dir / "bin" / "edgelint", "check", FIXTURES / "stacks" / "example", "--format", "json"],
                       env=run_env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert '"findings"' in r.stdout
    written = [p for p in (*home.rglob("*"), *xdg.rglob("*"), *tmp.rglob("*")) if p.is_file()]
    assert all(CACHE_FORMAT in p.parts for p in written), written  # the parse cache, nothing else
    assert {p for p in env_dir.rglob("*") if "__pycache__" not in p.parts} == installed
    assert sys.version_info >= (3, 11)
