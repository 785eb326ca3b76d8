import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Keep the tests' parse caches out of the user's home."""
    os.environ["EDGELINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("edgelint-cache"))


def edgelint_exe() -> list[str]:
    """The installed entry point, as a user runs it."""
    exe = shutil.which("edgelint", path=str(Path(sys.executable).parent)) or shutil.which("edgelint")
    assert exe, "edgelint is not installed: pip install -e '.[dev]'"
    return [exe]


def run_cli(*args, cwd=None, env=None, input=None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([*edgelint_exe(), *map(str, args)], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=120)


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip a test whose external tool is missing on a developer's machine, with the
    reason; under CI (CI=true) fail instead: .ci/run installs every such tool."""
    if available:
        return
    message = f"{what} is not available: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: .ci/run must install it)")
    pytest.skip(message)
