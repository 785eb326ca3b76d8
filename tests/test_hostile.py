"""Hostile files: each one is an EDGE900 at its position or a skip notice, everything
else is still checked, and edgelint never shows a traceback or hangs (every run has
a timeout). The items are in ``hostile.py``; the CLI runs as a user runs it."""

import json
import os
import subprocess

import pytest
from conftest import edgelint_exe, run_cli
from hostile import BAD, BAD_COL, BAD_LINE, HOSTILE, PINNED, hostile_tree, permission_preexec


def available_formats(command: str = "check") -> list[str]:
    """Every --format a command offers (github and whatever comes next included)."""
    from edgelint.cli import cli

    (fmt,) = [p for p in cli.commands[command].params if p.name == "fmt"]
    return list(fmt.type.choices)


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    hostile_tree(root)
    return root


@pytest.fixture(scope="module")
def reports(tree):
    return {fmt: run_cli("check", ".", "--format", fmt, *PINNED, cwd=tree) for fmt in available_formats()}


@pytest.fixture(scope="module")
def doc(reports):
    return json.loads(reports["json"].stdout)


def test_every_format_completes_without_a_traceback(reports):
    for fmt, r in reports.items():
        assert r.returncode == 1, (fmt, r.stderr)
        assert r.stderr == "", (fmt, r.stderr)


def test_the_good_module_is_still_checked(doc):
    assert [(f["rule"], f["line"], f["column"]) for f in doc["findings"] if f["file"] == "good/main.tf"] == [
        ("EDGE101", BAD_LINE, BAD_COL)]


@pytest.mark.parametrize("item", HOSTILE, ids=lambda h: h.name)
def test_hostile_item_is_reported_exactly(item, doc):
    prefix = item.name + "/"
    findings = sorted((f["file"][len(prefix):], f["rule"], f["line"], f["column"], f["message"])
                      for f in doc["findings"] if f["file"].startswith(prefix))
    assert [f[:4] for f in findings] == [f[:4] for f in sorted(item.findings)]
    for got, want in zip(findings, sorted(item.findings)):
        assert want[4] in got[4]
    notices = sorted((n["path"][len(prefix):], n["message"]) for n in doc["notices"] if n["path"].startswith(prefix))
    assert [n[0] for n in notices] == [s[0] for s in sorted(item.skipped)]
    for got, want in zip(notices, sorted(item.skipped)):
        assert want[1] in got[1]


def test_text_lines_stay_short_even_for_a_megabyte_line(reports):
    lines = reports["text"].stdout.splitlines()
    assert max(map(len, lines)) < 1200
    head = next(i for i, line in enumerate(lines) if line.startswith("long_line/x.tf:6:5: EDGE101"))
    assert lines[head + 1].endswith('viewer_protocol_policy = "allow-all"')


def test_nested_file_points_at_the_level_past_the_limit(reports):
    text = reports["text"].stdout.splitlines()
    head = text.index("nested/x.tf:2:70: EDGE900 [high] cannot parse this file: nested more than 128 levels deep; "
                      "edgelint reads no deeper")
    excerpt, caret = text[head + 1], text[head + 2]
    assert excerpt.startswith("    2 | …[[[[") and len(excerpt) < 200  # a window of the line
    assert caret.endswith("^") and caret.count("^") == 1 and excerpt[caret.index("^")] == "["


def test_oversized_file_is_reported_as_skipped_in_every_format(reports, tree):
    assert "big/x.tf: note: skipped: larger than 5242880 bytes" in reports["text"].stdout.splitlines()
    notes = json.loads(reports["json"].stdout)["notices"]
    assert {"level": "note", "message": "skipped: larger than 5242880 bytes", "path": "big/x.tf", "rule": "",
            "address": "", "exception": ""} in notes
    sarif = json.loads(reports["sarif"].stdout)
    notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    big = [n for n in notifications
           if n["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "big/x.tf", "uriBaseId": "%SRCROOT%"}]
    assert [(n["level"], n["message"]["text"]) for n in big] == [("note", "skipped: larger than 5242880 bytes")]
    if "github" in reports:
        assert any("big/x.tf" in line and "larger than 5242880 bytes" in line
                   for line in reports["github"].stdout.splitlines())


def test_max_file_size_is_configurable(tree):
    r = run_cli("check", "good", "--max-file-size", "50", "--format", "json", cwd=tree)
    doc = json.loads(r.stdout)
    assert doc["findings"] == []
    assert [n["message"] for n in doc["notices"]] == ["skipped: larger than 50 bytes"]


def test_hostile_paths_named_on_the_command_line(tree):
    r = run_cli("check", "fifo/x.tf", "device/x.tf", "dangling/x.tf", "file_loop/x.tf", "fifo_plan/plan.json",
                "good/main.tf", cwd=tree)
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines()[:5] == [
        "dangling/x.tf: warning: skipped: cannot read: No such file or directory",
        "device/x.tf: note: skipped: not a regular file",
        "fifo/x.tf: note: skipped: not a regular file",
        "fifo_plan/plan.json: note: skipped: not a regular file",
        "file_loop/x.tf: warning: skipped: cannot read: Too many levels of symbolic links",
    ]
    assert "good/main.tf:3:5: EDGE101" in r.stdout


def test_unreadable_folder_and_file(tmp_path):
    """Tests run as root here, and root reads anything: the child drops the
    capabilities that let it, so the modes really deny (else: skip, saying why)."""
    preexec, why = permission_preexec(tmp_path)
    if preexec is None:
        pytest.skip(why)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "main.tf").write_text(BAD)
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "main.tf").write_text(BAD)
    (tmp_path / "ok" / "secret.tf").write_text(BAD.replace('"d"', '"s"'))
    (tmp_path / "locked").chmod(0)
    (tmp_path / "ok" / "secret.tf").chmod(0)
    try:
        r = subprocess.run([*edgelint_exe(), "check", "."], cwd=tmp_path, capture_output=True, text=True,
                           timeout=120, preexec_fn=preexec, env={**os.environ, "NO_COLOR": "1"})
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert "locked: warning: skipped: cannot read: Permission denied" in lines
    # An unreadable file is skipped with a notice, as an unreadable folder is (issue 14, item 5).
    assert "ok/secret.tf: warning: skipped: cannot read: Permission denied" in lines
    assert "EDGE900" not in r.stdout
    assert "ok/main.tf:3:5: EDGE101" in r.stdout


def test_path_that_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"main.tf"), "w") as fh:
        fh.write(BAD)
    text = run_cli("check", ".", *PINNED, cwd=tmp_path)
    assert text.returncode == 1 and text.stderr == ""
    assert text.stdout.startswith("caf\\xe9/main.tf:3:5: EDGE101")
    doc = json.loads(run_cli("check", ".", "--format", "json", *PINNED, cwd=tmp_path).stdout)
    assert doc["findings"][0]["file"] == "caf\ufffd/main.tf"
    sarif = json.loads(run_cli("check", ".", "--format", "sarif", *PINNED, cwd=tmp_path).stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "caf%E9/main.tf", "uriBaseId": "%SRCROOT%"}
    out = tmp_path / "report.txt"
    assert run_cli("check", ".", "-o", out, *PINNED, cwd=tmp_path).returncode == 1
    assert out.read_text(encoding="utf-8").startswith("caf\\xe9/main.tf:3:5")


def test_report_on_a_terminal_that_is_not_utf8(tmp_path):
    """Text follows the terminal's encoding, escaping what it cannot show; JSON and
    SARIF are UTF-8 whatever the locale (they would not parse otherwise)."""
    (tmp_path / "main.tf").write_text(BAD.replace('"allow-all"', '"allow-all" # caf\u00e9 \u4e2d'), encoding="utf-8")
    r = run_cli("check", ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 1 and r.stderr == ""
    assert '    3 |     viewer_protocol_policy = "allow-all" # caf\\xe9 \\u4e2d' in r.stdout.splitlines()
    for fmt in ("json", "sarif"):
        r = run_cli("check", ".", "--format", fmt, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
        assert r.returncode == 1 and r.stderr == ""
        json.loads(r.stdout)


# --- the evaluator: depth that comes from chains, not from syntax -------------------------

def _chain(n: int, step: str) -> str:
    body = "".join(f"  a{i} = {step.format(next=f'local.a{i + 1}')}\n" for i in range(n))
    return BAD.replace('"allow-all"', "local.a0") + f'locals {{\n{body}  a{n} = "allow-all"\n}}\n'


@pytest.mark.parametrize("n,fires", [(20, True), (2000, False)])
def test_long_chain_of_locals(tmp_path, n, fires):
    """A chain past the evaluator's depth limit is Unknown (silent), not a
    RecursionError in every rule that reads it."""
    (tmp_path / "main.tf").write_text(_chain(n, "{next}"))
    r = run_cli("check", ".", "--format", "json", *PINNED, cwd=tmp_path)
    doc = json.loads(r.stdout)
    assert doc["notices"] == []
    assert [f["rule"] for f in doc["findings"]] == (["EDGE101"] if fires else [])


def test_deep_value_built_through_locals(tmp_path):
    (tmp_path / "main.tf").write_text(_chain(500, "[{next}]") + BAD.replace('"d"', '"e"'))
    doc = json.loads(run_cli("check", ".", "--format", "json", *PINNED, cwd=tmp_path).stdout)
    assert doc["notices"] == []
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("EDGE101", 511)]


def test_var_file_that_is_a_fifo(tree):
    r = run_cli("check", "good", "--var-file", "fifo/x.tf", cwd=tree)
    assert r.returncode == 2
    assert r.stderr == "edgelint: error: --var-file fifo/x.tf: not a regular file\n"


def test_baseline_and_fingerprints_of_a_path_that_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"main.tf"), "w") as fh:
        fh.write(BAD)
    r = run_cli("check", ".", "--write-baseline", "base.json", "--format", "sarif", *PINNED, cwd=tmp_path)
    assert "Traceback" not in r.stderr and json.loads(r.stdout)["runs"][0]["results"]
    assert json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]
    r = run_cli("check", ".", "--baseline", "base.json", *PINNED, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "No findings in 1 file; 1 in the baseline."
