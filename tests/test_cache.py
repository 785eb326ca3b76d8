"""The parse cache and the parser table cache: hits, path independence, atomic and
shared use, and corrupt or foreign entries ignored and rebuilt."""

import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, edgelint_exe, run_cli
from speed_helpers import reports

from edgelint.parse import cache as cache_format
from edgelint.parse import hcl
from edgelint.parse.cache import ParseCache
from edgelint.pipeline import Options

EXAMPLE = FIXTURES / "stacks" / "example"


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp"))


def copy_example(tmp_path: Path) -> Path:
    stack = tmp_path / "stack"
    shutil.copytree(EXAMPLE, stack)
    return stack


def test_second_run_reads_the_cache_and_reports_the_same(tmp_path, monkeypatch):
    stack = copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    first = reports(Options(["stack"], cache_dir=str(cache)))
    assert len(entries(cache)) == 6  # five .tf files and terraform.tfvars
    assert reports(Options(["stack"])) == first  # the same as without a cache

    def no_parsing(*_args):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(hcl, "parse_bytes", no_parsing)
    monkeypatch.setattr(hcl, "check_bytes", no_parsing)
    assert reports(Options(["stack"], cache_dir=str(cache))) == first
    (stack / "api.tf").write_text((stack / "api.tf").read_text() + "\n# changed\n")
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    reports(Options(["stack"], cache_dir=str(cache)))
    assert len(entries(cache)) == 7  # the changed file is a new entry


def test_entries_hold_no_path_so_a_moved_tree_is_a_hit(tmp_path, monkeypatch):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    reports(Options(["stack"], cache_dir=str(cache)))
    os.rename(tmp_path / "stack", tmp_path / "moved")
    monkeypatch.setattr(hcl, "parse_bytes", lambda *_: (_ for _ in ()).throw(AssertionError("parsed")))
    moved = reports(Options(["moved"], cache_dir=str(cache)))
    assert "moved/cdn.tf:40:5: EDGE201" in moved["text"]
    assert "stack/" not in moved["text"] + moved["json"] + moved["sarif"]


def test_an_entry_puts_the_new_path_on_every_span_and_keeps_strings_as_written():
    """The path is left out by class stand-ins (``cache._HERE_CLASSES``): every span of
    the file, its error's too, is at the path it is loaded as; a string literal that
    happens to equal the old path is a value, and stays as written; the stand-ins are
    nothing outside the unpickler."""
    old = "stacks/old.tf"
    parsed = hcl.parse_bytes(b'resource "aws_s3_bucket" "b" {\n  bucket = "stacks/old.tf"\n  tags = { a = 1 }\n}\n', old)
    payload = cache_format.dumps(parsed)
    assert payload.count(old.encode()) == 2  # the literal: its value and its line of source text
    assert cache_format.loads(payload, old) == parsed
    moved = cache_format.loads(payload, "new/place.tf")
    (block,) = moved.blocks
    assert moved.path == block.span.file == block.attributes["tags"].span.file == "new/place.tf"
    assert block.attributes["bucket"].expr.value == old
    assert block.attributes["tags"].expr.span.file == "new/place.tf"
    broken = cache_format.loads(cache_format.dumps(hcl.parse_bytes(b"x = {\n", old)), "new/place.tf")
    assert broken.error.span.file == "new/place.tf"
    with pytest.raises(pickle.UnpicklingError):
        cache_format._Span_here(1, 1, 1, 2)


def test_corrupt_truncated_and_foreign_entries_are_ignored_and_rebuilt(tmp_path, monkeypatch):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    expected = reports(Options(["stack"], cache_dir=str(cache)))
    files = entries(cache)
    marker = tmp_path / "pwned"
    evil = pickle.dumps(type("Evil", (), {"__reduce__": lambda self: (os.system, (f"touch {marker}",))})())
    files[0].write_bytes(files[0].read_bytes()[:40])  # truncated
    files[1].write_bytes(b"not a cache entry at all")  # foreign
    files[2].write_bytes(files[2].read_bytes()[:60] + evil)  # right header, hostile pickle
    key3 = files[3].name
    files[3].write_bytes(files[3].read_bytes().replace(key3.encode(), b"0" * len(key3)))  # another key
    assert reports(Options(["stack"], cache_dir=str(cache))) == expected
    assert not marker.exists()
    for f in files[:4]:  # rebuilt in place
        assert ParseCache(cache).get(f.name, "x.tf") is not None


def test_loads_refuses_anything_but_syntax_classes():
    payload = pickle.dumps(os.system)
    try:
        cache_format.loads(payload, "x.tf")
    except pickle.UnpicklingError as exc:
        assert "not allowed" in str(exc)
    else:
        raise AssertionError("loaded a foreign class")


def with_parser_tables(folder: Path) -> Path:
    """A new cache folder holding the session's parser tables (its top-level files), so
    that a run there starts warm: for tests of the parse cache, not of the parser's
    cold start (the tests below that build the tables start empty)."""
    folder.mkdir()
    for path in cache_format.cache_dir().iterdir():
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder


@pytest.mark.slow
def test_cli_cache_options(tmp_path):
    stack = copy_example(tmp_path)
    with_parser_tables(tmp_path / "default")
    r = run_cli("check", stack, "--no-cache", env={"EDGELINT_CACHE_DIR": str(tmp_path / "default")})
    assert r.returncode == 1
    assert not (tmp_path / "default" / cache_format.FORMAT).exists()  # --no-cache: nothing written
    r = run_cli("check", stack, "--cache-dir", tmp_path / "mine", env={"EDGELINT_CACHE_DIR": str(tmp_path / "default")})
    assert r.returncode == 1
    assert len(entries(tmp_path / "mine" / cache_format.FORMAT)) == 6
    assert not (tmp_path / "default" / cache_format.FORMAT).exists()
    # A cache folder that cannot be created only costs speed.
    (tmp_path / "file").write_text("")
    r = run_cli("check", stack, "--cache-dir", tmp_path / "file" / "sub")
    assert r.returncode == 1 and r.stdout.endswith("12 findings (5 high, 5 medium, 2 low) in 3 files (5 checked). 1 fixable with --fix (2 more with --unsafe-fixes).\n"), r.stderr


@pytest.mark.slow
def test_two_processes_share_one_cache(tmp_path):
    stack = copy_example(tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "EDGELINT_CACHE_DIR": str(tmp_path / "shared")}
    procs = [subprocess.Popen([*edgelint_exe(), "check", str(stack), "--format", "json"], env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 1 for p in procs)
    assert len(set(outputs)) == 1
    warm = run_cli("check", stack, "--format", "json", env={"EDGELINT_CACHE_DIR": str(tmp_path / "shared")})
    assert warm.stdout == outputs[0]
    assert len(entries(tmp_path / "shared" / cache_format.FORMAT)) == 6


@pytest.mark.slow
def test_no_process_builds_or_writes_a_parser_table(tmp_path):
    """The table ships in the package: the cache folder only ever holds parse entries."""
    stack = copy_example(tmp_path)
    (stack / "bad.tf").write_text("x = = 1\n")  # and a folder that only gets the parse check
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "main.tf").write_text('resource "aws_vpc" "v" {}\n')
    env = {"EDGELINT_CACHE_DIR": str(tmp_path / "cache")}
    r = run_cli("check", stack, tmp_path / "other", "--no-cache", env=env)
    assert "EDGE900" in r.stdout
    assert not (tmp_path / "cache").exists() or entries(tmp_path / "cache") == []


def test_a_parser_built_without_the_shipped_table_is_kept_and_read_back(tmp_path, monkeypatch):
    """Where the shipped table cannot be used (another Lark), the parser is built once
    and kept in the user cache folder: Lark's table and its snapshot."""
    from edgelint.parse import grammar

    monkeypatch.setenv("EDGELINT_CACHE_DIR", str(tmp_path / "cache"))
    built = grammar._built(True, None, "")
    tables = entries(tmp_path / "cache")
    assert len(tables) == 2, tables  # Lark's table and the snapshot
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tables}
    again = grammar._built(True, None, "")
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in tables} == before
    text = 'a = 1\nb "x" {\n  c = [1, -2.5]\n}\n'
    assert again.parse(text) == built.parse(text)


def test_a_parser_snapshot_that_others_can_write_is_not_loaded(tmp_path, monkeypatch):
    from edgelint.parse import grammar
    from edgelint.parse import snapshot as parser_snapshot

    monkeypatch.setenv("EDGELINT_CACHE_DIR", str(tmp_path / "cache"))
    grammar._built(True, None, "")
    (snapshot,) = (tmp_path / "cache").glob("*.lark.pickle")
    tag = snapshot.name[: -len(".pickle")]
    assert parser_snapshot.load(snapshot, tag) is not None
    snapshot.chmod(0o666)
    assert parser_snapshot.load(snapshot, tag) is None
    assert parser_snapshot.load(snapshot, "another flavour") is None


@pytest.mark.slow
def test_unwritable_cache_dir_never_uses_the_shared_temp_dir(tmp_path):
    """Lark unpickles its cache file: without a private cache folder, no file is used."""
    import sys

    blocker = tmp_path / "file"
    blocker.write_text("")
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    code = ("from edgelint.parse.hcl import parse_text; f = parse_text('a = 1\\n', 'x.tf'); "
            "assert f.error is None; print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "EDGELINT_CACHE_DIR": str(blocker / "sub"), "TMPDIR": str(shared_tmp)})
    assert r.stdout.strip() == "ok", r.stderr
    assert os.listdir(shared_tmp) == []
