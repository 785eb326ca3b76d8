"""The pre-commit hook, through the real ``pre-commit`` tool.

A temporary git repository's ``.pre-commit-config.yaml`` names a one-commit copy of
this working tree; ``pre-commit run`` installs the hook from it (its
``.pre-commit-hooks.yaml``) into a fresh virtualenv, as a user's ``pre-commit``
does, once, and runs it on what is staged. (``pre-commit try-repo`` does the same
from the working tree, but in a store of its own each time: every run would
install again.) pip works offline here: dependencies come from a wheelhouse
repacked from the test environment (tests/wheelhouse.py)."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from wheelhouse import build_wheelhouse

CDN = '''resource "aws_cloudfront_distribution" "site" {
  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = var.viewer_policy
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
  logging_config { bucket = "logs.s3.amazonaws.com" }
}
'''
VARIABLES = '''variable "viewer_policy" {{
  default = "{policy}"
}}
'''


def git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    wheels = build_wheelhouse(base / "wheels", ROOT)
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PIP_", "PRE_COMMIT", "VIRTUALENV_"))}
    env.update({
        "HOME": str(home), "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
        # offline: every distribution from the wheelhouse, no index, no machine pip config
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
    })
    return env


def snapshot_of_this_tree(dest, env) -> str:
    """This working tree as a git repository of one commit (its files that are tracked
    or untracked but not ignored: what the next commit would hold); the commit's hash."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env).stdout
    for rel in filter(None, listed.split("\0")):
        if (ROOT / rel).is_file():  # a tracked file deleted in the working tree is listed too
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    git("init", "-q", "-b", "main", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-q", "-m", "this working tree", cwd=dest, env=env)
    return git("rev-parse", "HEAD", cwd=dest, env=env).stdout.strip()


def run_hook(repo, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_hook_blocks_a_bad_change_and_passes_the_fix(tmp_path, hook_env):
    repo = tmp_path / "repo"
    (repo / "infra").mkdir(parents=True)
    (repo / "infra" / "cdn.tf").write_text(CDN)
    (repo / "infra" / "variables.tf").write_text(VARIABLES.format(policy="https-only"))
    (repo / "README.md").write_text("not terraform\n")
    hooks = tmp_path / "edgelint"
    rev = snapshot_of_this_tree(hooks, hook_env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: edgelint\n")
    git("init", "-q", "-b", "main", cwd=repo, env=hook_env)
    git("add", ".", cwd=repo, env=hook_env)
    git("commit", "-q", "-m", "start", cwd=repo, env=hook_env)

    # The staged change is in variables.tf; the finding is in cdn.tf, which did not
    # change: the hook checks the module, not the file.
    (repo / "infra" / "variables.tf").write_text(VARIABLES.format(policy="allow-all"))
    git("add", "infra/variables.tf", cwd=repo, env=hook_env)
    bad = run_hook(repo, hook_env)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    assert "edgelint" in output and "Failed" in output
    assert "infra/cdn.tf:4:5: EDGE101 [high] the default cache behavior lets viewers use plain HTTP" in output

    (repo / "infra" / "variables.tf").write_text(VARIABLES.format(policy="redirect-to-https"))
    git("add", "infra/variables.tf", cwd=repo, env=hook_env)
    good = run_hook(repo, hook_env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    git("commit", "-q", "-m", "fix", cwd=repo, env=hook_env)


@pytest.mark.slow
def test_fix_hook_fixes_a_staged_file_fails_once_and_passes_after_git_add(tmp_path, hook_env):
    fixture = ROOT / "fixtures" / "EDGE201" / "fires"
    repo = tmp_path / "repo"
    (repo / "infra").mkdir(parents=True)
    hooks = tmp_path / "edgelint"
    rev = snapshot_of_this_tree(hooks, hook_env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: edgelint-fix\n")
    git("init", "-q", "-b", "main", cwd=repo, env=hook_env)
    git("add", ".", cwd=repo, env=hook_env)
    git("commit", "-q", "-m", "start", cwd=repo, env=hook_env)

    (repo / "infra" / "main.tf").write_bytes((fixture / "main.tf").read_bytes())  # two EDGE201
    git("add", "infra/main.tf", cwd=repo, env=hook_env)
    first = run_hook(repo, hook_env)
    assert first.returncode == 1 and "Failed" in first.stdout, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / "infra" / "main.tf").read_bytes() == (fixture / "main.tf.fixed").read_bytes()

    git("add", "infra/main.tf", cwd=repo, env=hook_env)
    second = run_hook(repo, hook_env)
    assert second.returncode == 0 and "Passed" in second.stdout, second.stdout + second.stderr
    git("commit", "-q", "-m", "fixed", cwd=repo, env=hook_env)


def test_hook_definition():
    import yaml

    hook, fix_hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "edgelint" and hook["language"] == "python"
    assert hook["entry"] == "edgelint check --whole-modules"
    assert fix_hook["id"] == "edgelint-fix" and fix_hook["entry"] == "edgelint check --whole-modules --fix"
    assert {k: v for k, v in fix_hook.items() if k not in ("id", "name", "description", "entry")} == \
        {k: v for k, v in hook.items() if k not in ("id", "name", "description", "entry")}
    import re

    files = re.compile(hook["files"])
    for name in ("main.tf", "x/main.tf.json", "terraform.tfvars", "prod.auto.tfvars.json"):
        assert files.search(name), name
    for name in ("main.tf.bak", "README.md", "tf", "x.tfstate"):
        assert not files.search(name), name
