"""Containment: edgelint never executes anything, never touches the network, never
writes into the scanned tree; file() and templatefile() read only inside the folder
being checked; SARIF URIs never point outside the SARIF root."""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli
from hostile import BAD, HOSTILE, PINNED, hostile_tree

POLICY = 'resource "aws_cloudfront_distribution" "{name}" {{\n  default_cache_behavior {{\n' \
         '    viewer_protocol_policy = {expr}\n  }}\n}}\n'


def distribution(name: str, expr: str) -> str:
    return POLICY.format(name=name, expr=expr)


# --- file() and templatefile() -------------------------------------------------------------

@pytest.fixture(scope="module")
def file_tree(tmp_path_factory):
    """``infra/`` is checked; ``outside.txt`` next to it holds the same bad value."""
    root = tmp_path_factory.mktemp("files")
    infra = root / "infra"
    (infra / "sub").mkdir(parents=True)
    (infra / "mode.txt").write_text("allow-all\n")
    (infra / "sub" / "mode.txt").write_text("allow-all\n")
    (infra / "latin1.txt").write_bytes(b"allow-all \xe9\n")
    (infra / "p.tpl").write_text("${mode}")
    (infra / "nested.tpl").write_text('${templatefile("p.tpl", { mode = mode })}')
    (infra / "directive.tpl").write_text("%{ if true }allow-all%{ endif }")
    (root / "outside.txt").write_text("allow-all\n")
    (root / "outside.tpl").write_text("${mode}")
    os.symlink("../outside.txt", infra / "link-out.txt")
    os.symlink("mode.txt", infra / "link-in.txt")
    os.mkfifo(infra / "fifo.txt")
    cases = {
        # name: (expression, fires?)
        "module_path": ('trimspace(file("${path.module}/mode.txt"))', True),
        "relative": ('trimspace(file("mode.txt"))', True),
        "subfolder": ('trimspace(file("sub/mode.txt"))', True),
        "dotdot_back_in": ('trimspace(file("sub/../mode.txt"))', True),
        "link_inside": ('trimspace(file("link-in.txt"))', True),
        "template": ('templatefile("p.tpl", { mode = "allow-all" })', True),
        "template_module_path": ('templatefile("${path.module}/p.tpl", { mode = "allow-all" })', True),
        "escapes_by_dotdot": ('trimspace(file("../outside.txt"))', False),
        "escapes_by_absolute": (f'trimspace(file("{root / "outside.txt"}"))', False),
        "escapes_by_symlink": ('trimspace(file("link-out.txt"))', False),
        "template_outside": ('templatefile("../outside.tpl", { mode = "allow-all" })', False),
        "fifo": ('trimspace(file("fifo.txt"))', False),
        "device": ('trimspace(file("/dev/zero"))', False),
        "missing": ('trimspace(file("generated-later.txt"))', False),
        "not_utf8": ('trimspace(file("latin1.txt"))', False),
        "template_unknown_var": ('templatefile("p.tpl", { mode = var.unset })', False),
        "template_missing_var": ('templatefile("p.tpl", {})', False),
        "template_directive": ('templatefile("directive.tpl", {})', True),  # directives are evaluated (issue 16)
        "template_recursive": ('templatefile("nested.tpl", { mode = "allow-all" })', False),
        "path_cwd": ('trimspace(file("${path.cwd}/mode.txt"))', False),
    }
    (infra / "main.tf").write_text('variable "unset" {\n  type = string\n}\n' + "".join(
        distribution(name, expr) for name, (expr, _) in cases.items()))
    return root, cases


@pytest.mark.parametrize("cwd", [".", "infra"])
def test_file_functions_read_only_inside_the_checked_folder(file_tree, cwd):
    root, cases = file_tree
    r = run_cli("check", "infra" if cwd == "." else ".", "--format", "json", *PINNED, cwd=root / cwd)
    assert r.stderr == ""
    doc = json.loads(r.stdout)
    assert doc["notices"] == []
    fired = {f["address"].split(".", 1)[1] for f in doc["findings"]}
    assert fired == {name for name, (_, fires) in cases.items() if fires}


def test_file_function_root_is_the_folder_argument(file_tree):
    """Checking a file names its folder as the root: the same answers."""
    root, cases = file_tree
    doc = json.loads(run_cli("check", "infra/main.tf", "--format", "json", *PINNED, cwd=root).stdout)
    assert {f["address"].split(".", 1)[1] for f in doc["findings"]} == {n for n, (_, f) in cases.items() if f}


def test_evaluator_without_a_scan_root_reads_nothing(tmp_path):
    from edgelint.evaluate.evaluator import Evaluator, Scope
    from edgelint.evaluate.values import Known, Unknown
    from edgelint.parse.syntax import Call, Lit

    (tmp_path / "x.txt").write_text("allow-all")
    call = Call("file", (Lit(str(tmp_path / "x.txt")),))
    assert isinstance(Evaluator(Scope()).eval(call), Unknown)
    scoped = Scope(module_dir=str(tmp_path), scan_root=str(tmp_path))
    assert Evaluator(scoped).eval(call) == Known("allow-all")
    assert Evaluator(scoped).eval(Call("file", (Lit("x.txt"),))) == Known("allow-all")


# --- never execute, never network, never write ---------------------------------------------

AUDIT = textwrap.dedent('''
    import json, os, stat, sys
    tree, fmt, out = sys.argv[1], sys.argv[2], sys.argv[3]
    real_tree = os.path.realpath(tree)
    python = {os.path.realpath(sys.executable)}
    seen, busy = [], [False]

    def inside(path):
        try:
            path = os.fsdecode(path)
        except TypeError:
            return False
        real = os.path.realpath(path)
        return real == real_tree or real.startswith(real_tree + os.sep)

    def hook(event, args):
        if busy[0]:
            return
        busy[0] = True
        try:
            if event in ("os.system", "os.startfile", "pty.spawn"):
                seen.append((event, repr(args)))
            elif event in ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn"):
                if os.path.realpath(os.fsdecode(args[0])) not in python:  # its own workers at most
                    seen.append((event, repr(args)[:300]))
            elif event.startswith("socket.") and not (event == "socket.__new__" and args[1] == 1):
                seen.append((event, repr(args)[:300]))  # anything but an AF_UNIX socket
            elif event == "open":
                path, mode, flags = (tuple(args) + (None, None))[:3]
                writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
                if isinstance(path, (str, bytes)) and inside(path):
                    try:
                        regular = stat.S_ISREG(os.stat(path).st_mode)
                    except OSError:
                        regular = True  # it will fail to open: nothing read
                    if writes or not regular:
                        seen.append(("open", os.fsdecode(path), mode, flags))
            elif event in ("os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink", "os.link",
                           "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile"):
                if any(isinstance(a, (str, bytes)) and inside(a) for a in args):
                    seen.append((event, repr(args)[:300]))
        finally:
            busy[0] = False

    sys.addaudithook(hook)
    sys.argv = ["edgelint", "check", tree, "--format", fmt, "-o", out]
    from edgelint.cli import main
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    print(json.dumps({"code": code, "events": seen}))
''')

DECOY = textwrap.dedent('''
    import os
    open(os.environ["EDGELINT_DECOY_MARKER"], "a").write(__name__ + "\\n")
''')
DECOY_NAMES = ("hcl2", "lark", "networkx", "click", "sarif_om", "attr", "edgelint", "edgelint_rules",
               "sitecustomize", "usercustomize", "conftest", "setup", "json", "os")


@pytest.fixture(scope="module")
def decoyed_tree(tmp_path_factory):
    """The hostile tree, plus Python files that would leave a mark if imported and a
    ``terraform`` executable that would leave one if run."""
    root = tmp_path_factory.mktemp("contained")
    tree = root / "tree"
    hostile_tree(tree, [h for h in HOSTILE if h.name != "big"])
    for name in DECOY_NAMES:
        (tree / f"{name}.py").write_text(DECOY)
    (tree / "__init__.py").write_text(DECOY)
    terraform = tree / "terraform"
    terraform.write_text('#!/bin/sh\necho "$0" >> "$EDGELINT_DECOY_MARKER"\n')
    terraform.chmod(0o755)
    return root, tree


def snapshot(tree: Path) -> dict:
    """Every entry of the tree: its type, mode, size, mtime, and content or link."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(tree):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            entry = (st.st_mode, st.st_size, st.st_mtime_ns)
            if os.path.islink(path):
                entry += (os.readlink(path),)
            elif os.path.isfile(path):
                entry += (hashlib.sha256(Path(path).read_bytes()).hexdigest(),)
            out[path] = entry
    return out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_audit_no_process_no_network_no_write(decoyed_tree, fmt):
    """Python's audit hooks see every process start, socket and open: edgelint, run
    in-process under them over the hostile tree, starts no program but (at most) its
    own Python, opens no socket, opens nothing in the tree for writing and never
    opens the FIFO or the device."""
    root, tree = decoyed_tree
    marker = root / f"marker-{fmt}"
    python = Path(sys.executable)
    r = subprocess.run([str(python), "-I", "-c", AUDIT, str(tree), fmt, str(root / f"out.{fmt}")],
                       cwd=tree, capture_output=True, text=True, timeout=120,
                       env={**os.environ, "EDGELINT_DECOY_MARKER": str(marker), "NO_COLOR": "1",
                            "PATH": f"{tree}{os.pathsep}{os.environ.get('PATH', '')}"})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.splitlines()[-1])
    assert result["code"] == 1
    assert result["events"] == []
    assert not marker.exists(), marker.read_text()


def test_decoys_are_never_imported_and_tree_is_untouched(decoyed_tree):
    """The installed command, run from inside the tree as a user runs it."""
    root, tree = decoyed_tree
    marker = root / "marker-cli"
    before = snapshot(tree)
    env = {"EDGELINT_DECOY_MARKER": str(marker), "PATH": f"{tree}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONSAFEPATH": ""}
    for fmt in ("text", "json", "sarif"):
        r = run_cli("check", ".", "--format", fmt, "-o", root / f"cli.{fmt}", cwd=tree, env=env)
        assert r.returncode == 1, r.stderr
    assert not marker.exists(), marker.read_text()
    assert snapshot(tree) == before


# --- SARIF URIs ----------------------------------------------------------------------------

def test_sarif_uris_never_leave_the_root(tmp_path):
    (tmp_path / "repo" / "infra").mkdir(parents=True)
    (tmp_path / "repo" / "infra" / "main.tf").write_text(BAD)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "main.tf").write_text(BAD.replace('"d"', '"o"'))
    os.symlink(tmp_path / "other" / "main.tf", tmp_path / "repo" / "infra" / "linked.tf")
    repo = tmp_path / "repo"

    r = run_cli("check", "../other", "--format", "sarif", cwd=repo)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("edgelint: error: ") and "/other/main.tf is outside the SARIF root " in r.stderr
    assert len(r.stderr.splitlines()) == 1

    r = run_cli("check", "infra", "--format", "sarif", "--sarif-root", "infra/..", *PINNED, cwd=repo)
    doc = json.loads(r.stdout)
    uris = sorted(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  for res in doc["runs"][0]["results"])
    assert uris == ["infra/linked.tf", "infra/main.tf"]  # the link's own path, inside the root

    r = run_cli("check", ".", "../repo/infra", "--format", "sarif", "--sarif-root", ".", cwd=tmp_path / "other")
    assert r.returncode == 2 and "/repo/infra/" in r.stderr and "outside the SARIF root" in r.stderr


def test_file_functions_in_modules(tmp_path):
    """In a module, path.module is the module's folder relative to the root module,
    as Terraform gives it; a module outside the checked folder reads nothing."""
    for folder in ("infra/modules/inside", "shared/outside"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "mode.txt").write_text("allow-all\n")
        (tmp_path / folder / "main.tf").write_text(
            distribution("via_module_path", 'trimspace(file("${path.module}/mode.txt"))')
            + 'output "path" {\n  value = path.module\n}\n')
    (tmp_path / "infra" / "main.tf").write_text(
        'module "inside" {\n  source = "./modules/inside"\n}\nmodule "outside" {\n  source = "../shared/outside"\n}\n')
    doc = json.loads(run_cli("check", "infra", "--format", "json", *PINNED, cwd=tmp_path).stdout)
    assert doc["notices"] == []
    assert [f["address"] for f in doc["findings"]] == ["module.inside.aws_cloudfront_distribution.via_module_path"]


def test_path_values():
    from edgelint.evaluate.evaluator import Evaluator, Scope
    from edgelint.evaluate.values import Known, Unknown
    from edgelint.parse.syntax import Attr, Traversal

    def path(name, scope):
        return Evaluator(scope).eval(Traversal("path", (Attr(name),)))

    root = Scope(module_dir="infra", scan_root="infra")
    child = Scope(module_dir="infra/modules/cdn", root_dir="infra", scan_root="infra")
    assert path("module", root) == Known(".") and path("root", root) == Known(".")
    assert path("module", child) == Known("modules/cdn") and path("root", child) == Known(".")
    assert isinstance(path("cwd", root), Unknown)
