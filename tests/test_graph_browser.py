"""The HTML page of ``edgelint graph`` as a user sees it: headless Chromium at 1280×720,
driven over the DevTools protocol, the page measured from its DOM
(``getBoundingClientRect``) and photographed.

Chromium is driven through ``--remote-debugging-pipe`` (the protocol over file
descriptors 3 and 4, messages ending in NUL), so the tests need no library and no
network port. Without Chromium they skip and say why; under CI=true they fail.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, require_tool, run_cli
from test_graph import EXAMPLE, EXAMPLE_RULES, hostile_stack, write_stack
from test_graph_tools import near, read_png

WIDTH, HEIGHT = 1280, 720
MIN_TEXT_PX = 11.0


class Browser:
    """One headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        require_tool(exe is not None, "Chromium", "apt-get install chromium")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def as_fds_3_and_4():  # in the child: the protocol's descriptors, inherited by Chromium
            high_r, high_w = os.dup(to_chrome_r) + 100, os.dup(from_chrome_w) + 100
            os.dup2(to_chrome_r, high_r)
            os.dup2(from_chrome_w, high_w)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
             f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            close_fds=False, preexec_fn=as_fds_3_and_4, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next, self._buffer, self.events = 0, b"", []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe (exit status {self.proc.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("document.body && document.body.getAttribute('data-ready') === 'true'")

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.js(f"Boolean({expression})"):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> tuple[int, int, set]:
        data = base64.b64decode(self.call("Page.captureScreenshot", session=True, format="png")["data"])
        path.write_bytes(data)
        width, height, pixels = read_png(data)
        return width, height, set(pixels)

    def errors(self) -> list[str]:
        return [json.dumps(e["params"])[:500] for e in self.events
                if e.get("method") == "Runtime.exceptionThrown"
                or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")]

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The example's page."""
    out = tmp_path_factory.mktemp("pages")
    example = out / "example.html"
    r = run_cli("graph", EXAMPLE, "--format", "html", "--select", EXAMPLE_RULES, "-o", example, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return {"example": example}


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    """The page of a generated corpus a quarter of the benchmark's size: a few seconds
    to check, and still twenty stacks and dozens of folders."""
    out = tmp_path_factory.mktemp("corpus")
    gen = subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--scale", "0.25",
                          "--out", str(out / "tree")], capture_output=True, text=True, timeout=120)
    assert gen.returncode == 0, gen.stderr
    page = out / "corpus.html"
    r = run_cli("graph", str(out / "tree"), "--format", "html", "-o", page, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr
    assert page.is_file()
    return page


# What the page shows, measured: every node's text, its box, and the viewport.
MEASURE = """(() => {
  const port = document.getElementById("viewport").getBoundingClientRect();
  const nodes = [...document.querySelectorAll("#viewport g.node")].map(g => {
    const box = g.querySelector("rect").getBoundingClientRect();
    const texts = [...g.querySelectorAll("text")].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, height: parseFloat(getComputedStyle(t).fontSize) *
              (r.width / Math.max(t.getBBox().width, 0.01)), left: r.left, right: r.right, width: r.width};
    });
    return {id: g.getAttribute("data-id"), box: {left: box.left, right: box.right, width: box.width,
            top: box.top, bottom: box.bottom}, texts, focused: g.classList.contains("focused")};
  });
  return {port: {left: port.left, right: port.right, top: port.top, bottom: port.bottom,
                 width: port.width, height: port.height}, nodes};
})()"""


def _readable(measured: dict) -> None:
    """Every line of node text is at least 11 px on screen and inside its box."""
    assert measured["nodes"], "no nodes on screen"
    for node in measured["nodes"]:
        for t in node["texts"]:
            assert t["height"] >= MIN_TEXT_PX - 0.01, (node["id"], t)
            assert node["box"]["left"] - 0.5 <= t["left"] and t["right"] <= node["box"]["right"] + 0.5, (node["id"], t)


def test_example_opens_readable_at_1280x720(browser, pages, tmp_path):
    """The example's single stack opens directly, its node text at least 11 px on
    screen and never wider than its box (under the fonts headless Chromium has, DejaVu
    Sans), the picture no wider than twice its height and filling the viewport's width
    rather than its top strip; no script error."""
    browser.open(pages["example"].as_uri())
    assert browser.errors() == []
    measured = browser.js(MEASURE)
    _readable(measured)
    port = measured["port"]
    left = min(n["box"]["left"] for n in measured["nodes"])
    right = max(n["box"]["right"] for n in measured["nodes"])
    top = min(n["box"]["top"] for n in measured["nodes"])
    bottom = max(n["box"]["bottom"] for n in measured["nodes"])
    assert right - left <= 2 * (bottom - top)
    assert right - left >= 0.6 * port["width"] or bottom - top >= 0.8 * port["height"]
    assert all(port["left"] <= n["box"]["left"] and n["box"]["right"] <= port["right"] for n in measured["nodes"]), \
        "the example does not fit the viewport's width"
    assert browser.js("document.getElementById('overview').hidden") is True
    width, height, colours = browser.screenshot(tmp_path / "example.png")
    assert (width, height) == (WIDTH, HEIGHT)
    assert near(colours, (0xFD, 0xE2, 0xE1)) and near(colours, (0xC6, 0x28, 0x28)), "no high-severity node"


def test_details_panel_after_a_click(browser, pages, tmp_path):
    """A click on the load balancer's node shows its address, where it is declared (a
    link relative to the page that resolves to the file), its finding and its
    neighbours; a click on a related node moves the selection there."""
    browser.open(pages["example"].as_uri())
    box = browser.js("(() => { const r = document.getElementById('node-aws_lb_web').getBoundingClientRect();"
                     " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    browser.click(*box)
    browser.wait_for("!document.getElementById('details').hidden")
    panel = browser.js("document.getElementById('details').innerText")
    assert "aws_lb.web" in panel and "alb.tf:1" in panel and "security group" in panel, panel
    link = browser.js("document.querySelector('#details a').href")
    assert Path(link.removeprefix("file://")).resolve() == (ROOT / EXAMPLE / "alb.tf").resolve(), link
    assert browser.js("document.querySelector('#details a').getAttribute('href')").startswith("../"), \
        "the link is not relative to the page"
    assert browser.js("document.getElementById('node-aws_lb_web').classList.contains('focused')")
    assert browser.js("location.hash") == "#node=aws_lb.web"
    browser.js("document.querySelector('#details [data-node=aws_security_group_web]').click()")
    assert "aws_security_group.web" in browser.js("document.getElementById('details').innerText")
    shot = browser.screenshot(tmp_path / "details.png")
    assert shot[0] == WIDTH


def test_deep_link_selects_the_node_by_its_address(browser, pages):
    """``#node=aws_lb.web`` (the real address) opens with that node selected, on screen,
    readable, and its details shown."""
    browser.open(pages["example"].as_uri() + "#node=aws_lb.web")
    measured = browser.js(MEASURE)
    focused = [n for n in measured["nodes"] if n["focused"]]
    assert [n["id"] for n in focused] == ["aws_lb_web"]
    port, box = measured["port"], focused[0]["box"]
    assert port["left"] <= box["left"] and box["right"] <= port["right"]
    assert port["top"] <= box["top"] and box["bottom"] <= port["bottom"]
    _readable({"nodes": focused})
    assert "aws_lb.web" in browser.js("document.getElementById('details').innerText")


@pytest.mark.slow
def test_corpus_opens_on_an_overview_of_its_stacks(browser, corpus_page, tmp_path):
    """The generated corpus opens on the overview: one card per distribution, each with
    its name, its origins by kind and its findings by severity, all readable; search
    and the filters narrow the cards."""
    browser.open(corpus_page.as_uri())
    assert browser.errors() == []
    data = json.loads(browser.js("document.getElementById('graph-data').textContent"))
    roots = [v for v in data["views"] if not v["key"].startswith("outside:")]
    assert len(roots) >= 5
    cards = browser.js("""[...document.querySelectorAll('.card')].filter(c => !c.hidden).map(c => {
        const r = c.getBoundingClientRect();
        return {key: c.dataset.key, text: c.innerText, top: r.top, width: r.width,
                font: Math.min(...[...c.querySelectorAll('span')].map(s => parseFloat(getComputedStyle(s).fontSize)))};
      })""")
    assert [c["key"] for c in cards][:len(roots)] == [v["key"] for v in roots]
    first = cards[0]
    assert "aws_cloudfront_distribution" in first["text"] and "origin" in first["text"]
    assert any(s in first["text"] for s in ("high", "medium", "low", "critical", "no findings"))
    assert all(c["font"] >= MIN_TEXT_PX and c["width"] >= 200 for c in cards)
    assert sum(1 for c in cards if c["top"] < HEIGHT) >= 6, "the overview does not show several stacks at once"
    browser.screenshot(tmp_path / "overview.png")

    name = roots[1]["key"]
    browser.js(f"(() => {{ const s = document.getElementById('search'); s.value = {json.dumps(name)};"
               " s.dispatchEvent(new Event('input')); })()")
    shown = browser.js("[...document.querySelectorAll('.card')].filter(c => !c.hidden).map(c => c.dataset.key)")
    assert name in shown and len(shown) < len(cards)
    browser.js("(() => { const s = document.getElementById('search'); s.value = '';"
               " s.dispatchEvent(new Event('input')); const f = document.getElementById('severity');"
               " f.value = 'critical'; f.dispatchEvent(new Event('change')); })()")
    critical = {i for i, f in enumerate(data["findings"]) if f["severity"] == "critical"}
    expected = [v["key"] for v in data["views"] if critical & set(v["findings"])]
    assert browser.js("[...document.querySelectorAll('.card')].filter(c => !c.hidden).map(c => c.dataset.key)") \
        == expected


@pytest.mark.slow
def test_a_corpus_stack_opens_readable(browser, corpus_page, tmp_path):
    """A card opens its stack: only that stack's nodes, text at least 11 px and inside
    the boxes, the stack's own findings listed; #stack= comes back to it."""
    browser.open(corpus_page.as_uri())
    data = json.loads(browser.js("document.getElementById('graph-data').textContent"))
    view = max((v for v in data["views"] if not v["key"].startswith("outside:")), key=lambda v: len(v["nodes"]))
    browser.js(f"document.querySelector('.card[data-key=\"{view['key']}\"]').click()")
    browser.wait_for("!document.getElementById('viewport').hidden")
    measured = browser.js(MEASURE)
    assert sorted(n["id"] for n in measured["nodes"]) == sorted(view["nodes"])
    _readable(measured)
    assert browser.js("location.hash").startswith("#stack=")
    listed = browser.js("document.querySelectorAll('#findings li').length")
    assert listed == len(view["findings"])
    browser.screenshot(tmp_path / "stack.png")
    browser.js("location.hash = ''")
    browser.wait_for("!document.getElementById('overview').hidden")


def test_page_links_files_relative_to_where_it_is_written(tmp_path):
    """The file links of a page written into a subfolder lead back to the scanned files."""
    write_stack(tmp_path / "stack", {"main.tf": 'resource "aws_lb" "web" {}\n'})
    (tmp_path / "out" / "deep").mkdir(parents=True)
    r = run_cli("graph", "stack", "--format", "html", "-o", "out/deep/g.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "out" / "deep" / "g.html").read_text()
    data = json.loads(html.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert data["nodes"]["aws_lb_web"]["href"] == "../../stack/main.tf"


def test_hostile_text_stays_text_in_the_page(browser, tmp_path):
    """Names with markup, quotes and control characters: the page runs without an
    error, adds no element of theirs, and shows them as text in the details and search."""
    hostile_stack(tmp_path / "s")
    r = run_cli("graph", "s", "--format", "html", "-o", "g.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    browser.open((tmp_path / "g.html").as_uri())
    assert browser.errors() == []
    assert browser.js("document.querySelectorAll('script').length") == 2
    assert browser.js("document.querySelectorAll('img, iframe, object, embed, link').length") == 0
    browser.js("(() => { const s = document.getElementById('search'); s.value = '<script>';"
               " s.dispatchEvent(new Event('input')); })()")
    assert "<script>alert(1)" in browser.js("document.getElementById('results').innerText")
    browser.js("document.querySelector('#results [data-node]').click()")
    assert "<script>alert(1)" in browser.js("document.getElementById('details').innerText")
    assert browser.js("document.querySelectorAll('script').length") == 2


def test_rule_filter_and_zoom_in_a_stack(browser, pages):
    """Filtering by a rule dims what has no finding of it and lists only its findings;
    zooming in makes text larger, fit brings the opening scale back."""
    browser.open(pages["example"].as_uri())
    browser.js("(() => { const f = document.getElementById('rule'); f.value = 'EDGE501';"
               " f.dispatchEvent(new Event('change')); })()")
    lit = browser.js("[...document.querySelectorAll('#viewport g.node:not(.dim), #viewport g.edge:not(.dim)')]"
                     ".map(g => g.dataset.id || [g.dataset.source, g.dataset.target, g.dataset.label].join(' '))")
    # the security group (whose details list the finding of its edge) and the one edge, not its tcp 80 sibling
    assert sorted(lit) == ["aws_security_group_web", "aws_security_group_web internet tcp 443"], lit
    assert browser.js("document.querySelectorAll('#findings li').length") == 1
    size = "document.querySelector('#node-aws_lb_web text').getBoundingClientRect().height"
    before = browser.js(size)
    browser.js("document.getElementById('zoom-in').click()")
    assert browser.js(size) > before * 1.2
    browser.js("document.getElementById('zoom-fit').click()")
    assert abs(browser.js(size) - before) < 0.5
