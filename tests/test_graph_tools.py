"""The pictures in the tools that show them: Mermaid's own parser, Graphviz, and a
headless Chromium for the HTML page.

Each tool is installed by .ci/run (Debian's ``chromium`` and ``graphviz``; ``npm ci``
in tests/js for Mermaid). On a developer's machine without one, its tests skip and
say why; under CI=true they fail instead.
"""

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, require_tool, run_cli
from test_graph import EXAMPLE, EXAMPLE_RULES, GOLDEN, TOUR, hostile_stack, topology_of, write_stack

JS = ROOT / "tests" / "js"


def _mermaid_files(tmp_path) -> list[Path]:
    """The golden, the example with every rule, a tour of every node kind, hostile text,
    several stacks, an empty picture, and the Mermaid blocks of a Markdown report."""
    files = [GOLDEN / "example.mmd"]
    write_stack(tmp_path / "tour", TOUR)
    hostile_stack(tmp_path / "hostile")
    for name in ("a", "b"):
        write_stack(tmp_path / "multi" / name, {"main.tf": 'resource "aws_lb" "web" {}\n'})
    runs = {
        "example.mmd": (["graph", str(ROOT / EXAMPLE)], ROOT),
        "tour.mmd": (["graph", "tour"], tmp_path),
        "hostile.mmd": (["graph", "hostile"], tmp_path),
        "multi.mmd": (["graph", "multi/a", "multi/b"], tmp_path),
        "empty.mmd": (["graph", "tour", "--findings-only", "--select", "EDGE900"], tmp_path),
    }
    for name, (args, cwd) in runs.items():
        r = run_cli(*args, cwd=cwd)
        assert r.returncode == 0, r.stderr
        (tmp_path / name).write_text(r.stdout)
        files.append(tmp_path / name)
    report = run_cli("check", "hostile", "--format", "markdown", cwd=tmp_path).stdout
    for i, block in enumerate(report.split("```mermaid\n")[1:]):
        (tmp_path / f"report{i}.mmd").write_text(block.split("\n```", 1)[0] + "\n")
        files.append(tmp_path / f"report{i}.mmd")
    return files


@pytest.mark.slow
def test_mermaid_parses_with_mermaid(tmp_path):
    node = shutil.which("node")
    require_tool(node is not None and (JS / "node_modules" / "mermaid").is_dir(),
                 "Mermaid's parser", "install node and run `npm ci --prefix tests/js`")
    files = _mermaid_files(tmp_path)
    r = subprocess.run([node, str(JS / "mermaid_parse.mjs"), *map(str, files)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("ok ") == len(files), r.stdout


def test_dot_renders_with_graphviz(tmp_path):
    dot = shutil.which("dot")
    require_tool(dot is not None, "Graphviz (dot)", "apt-get install graphviz")
    write_stack(tmp_path / "tour", TOUR)
    hostile_stack(tmp_path / "hostile")
    sources = [(GOLDEN / "example.dot").read_text()]
    for stack in ("tour", "hostile"):
        sources.append(run_cli("graph", stack, "--format", "dot", cwd=tmp_path).stdout)
    for source in sources:
        r = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert "<svg" in r.stdout
    example = subprocess.run([dot, "-Tsvg"], input=sources[0], capture_output=True, text=True).stdout
    assert "aws_lb_web" in example and "high: EDGE101, EDGE201" in example


# --- the HTML page in a browser --------------------------------------------------------

def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browse(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    require_tool(chromium() is not None, "Chromium", "apt-get install chromium")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args, url],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.fixture(scope="module")
def example_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "example.html"
    r = run_cli("graph", EXAMPLE, "--format", "html", "--select", EXAMPLE_RULES, "-o", out, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out


def test_html_is_self_contained(example_html):
    html = example_html.read_text()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for needle in ("src=", "href=", "@import", "url(http", "//cdn", "<link"):
        assert needle not in html, needle


def test_html_loads_and_shows_the_nodes(example_html, tmp_path):
    """The page loads, its script runs without an error, and every node of the example
    is in the DOM, inside the picture of its stack (tests/test_graph_browser.py
    measures the page as it is shown)."""
    r = browse(example_html.as_uri() + "#node=aws_lb.web", tmp_path, "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    assert '<body data-ready="true">' in dom, "the viewer script did not run"
    assert "Uncaught" not in r.stderr, r.stderr[-2000:]
    for node in [n.id for n in topology_of(ROOT / EXAMPLE, select=EXAMPLE_RULES.split(",")).nodes]:
        assert f'id="node-{node}"' in dom, node
    assert 'class="node kind-behavior sev-high"' in dom
    assert 'class="node kind-load-balancer focused"' in dom


@pytest.mark.slow
def test_html_screenshot_shows_the_picture(example_html, tmp_path):
    """A screenshot of the page: a PNG of the window's size with the picture in it
    (the pale red of a high-severity node, the dark red of its border)."""
    png = tmp_path / "shot.png"
    r = browse(example_html.as_uri(), tmp_path, "--window-size=1400,800", "--hide-scrollbars",
               f"--screenshot={png}")
    assert r.returncode == 0 and png.is_file(), r.stderr[-2000:]
    width, height, pixels = read_png(png.read_bytes())
    assert (width, height) == (1400, 800)
    colours = set(pixels)
    assert len(colours) > 50, "the page is blank"
    assert near(colours, (0xFD, 0xE2, 0xE1)), "no high-severity node fill in the screenshot"
    assert near(colours, (0xC6, 0x28, 0x28)), "no high-severity border in the screenshot"


def near(colours: set, target: tuple[int, int, int], tolerance: int = 6) -> bool:
    return any(all(abs(c[i] - target[i]) <= tolerance for i in range(3)) for c in colours)


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB pixels of an 8-bit RGB or RGBA PNG (Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _c, _f, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = prev[i]
            corner = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    pixels = [tuple(row[i:i + 3]) for row in rows for i in range(0, stride, channels)]
    return width, height, pixels


def test_ci_installs_the_tools():
    """.ci/run installs what these tests need, before the README's test command."""
    ci = (ROOT / ".ci" / "run").read_text()
    readme_command = next(line for line in ci.splitlines() if "python -m pytest" in line)
    before = ci.split(readme_command, 1)[0]
    assert "chromium" in before and "graphviz" in before and "npm ci --prefix tests/js" in before
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
