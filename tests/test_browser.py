"""The real server (``python app.py``) in headless Chromium.

One server (the session's ``live_server`` from conftest.py) over the seed
corpus plus a hostile minutes file (HTML and script inside the text).  Two "intranet" pages on
other ports embed ``/widget`` with the README's snippet: one origin is in the
frame-ancestors allow-list, one is not.  Every request a page makes is
recorded and any host but ours fails the test; axe-core checks both pages;
screenshots (also at 360 px) and timings go to artifacts/.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARTIFACTS = REPO / "artifacts"
QUESTION = "What was resolved about fostering panels?"
HOSTILE_QUESTION = "What was resolved about the allotment gardens at Wyevale Lane?"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


class IntranetPage:
    """A static page on its own port: another origin embedding the widget."""

    def __init__(self, html: str, port: int) -> None:
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.port = port
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Recorder:
    """Every request a browser context makes, and every dialog/console error."""

    def __init__(self, context) -> None:
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))

    def watch(self, page) -> None:
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)

    def foreign(self, *allowed: str) -> list[str]:
        hosts = {urlsplit(a).netloc for a in allowed}
        return [u for u in self.urls
                if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc not in hosts]


def timings_record(name: str, value: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "browser-timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = round(value, 3)
    path.write_text(json.dumps(data, indent=2))
    print(f"{name}: {value:.3f}")


def ask(page_or_frame, question: str, expect: str, timeout_ms: int = 30000) -> float:
    """Type the question, press Enter; seconds until the answer's first words show."""
    box = page_or_frame.locator("#qa-question textarea")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page_or_frame.wait_for_function(
        """(expect) => {
            const bots = document.querySelectorAll('#qa-chat [data-testid=bot]');
            const last = bots[bots.length - 1];
            return last && !/Searching the minutes/.test(last.innerText)
                && last.innerText.toLowerCase().includes(expect.toLowerCase());
        }""",
        arg=expect, timeout=timeout_ms,
    )
    return time.perf_counter() - started


def serious_violations(page_or_frame) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page_or_frame)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:5])
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


# ------------------------------------------------------------------ the page


def test_chat_page_answers_with_a_citation_and_opens_the_item(live_server, browser):
    server = live_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    rec = Recorder(context)
    page = context.new_page()
    rec.watch(page)
    page.goto(server + "/")  # a first visit warms caches the way a returning user has them
    page.wait_for_selector("#qa-question textarea")
    started = time.perf_counter()
    page.reload()
    page.wait_for_selector("#qa-question textarea")
    timings_record("page_load_s", time.perf_counter() - started)
    assert page.get_by_text(QUESTION).first.is_visible()  # example questions on first load

    first_words = ask(page, QUESTION, "Fostering")
    timings_record("enter_to_first_words_s", first_words)
    page.wait_for_selector("#cite-1-1")
    bot = page.locator("#qa-chat [data-testid=bot]").last
    page.wait_for_function("() => document.querySelector('#qa-chat').innerText.includes('Sources')")
    assert "Fostering Panel" in bot.inner_text()
    card = page.locator("#cite-1-1")
    assert "Fostering Service Update" in card.inner_text()
    assert "item 68: Fostering Service Update" in card.inner_text()
    assert "File 002_2c50a068347bab36.txt" in card.inner_text()  # the file is a detail

    page.locator('#qa-chat a[href$="#cite-1-1"]').first.click()  # the marker [1]
    assert page.evaluate("() => document.activeElement.id") == "cite-1-1"
    item = card.locator("details").first
    assert item.evaluate("d => d.open")
    marked = card.locator("mark").first.inner_text()
    assert "Fostering Panel" in marked

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 780})
    time.sleep(0.5)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 362  # no sideways scroll
    page.screenshot(path=str(ARTIFACTS / "page-360.png"), full_page=True)

    violations = serious_violations(page)
    (ARTIFACTS / "axe-page.json").write_text(json.dumps(violations, indent=2))
    assert violations == []
    assert rec.foreign(server) == []
    assert rec.dialogs == []
    assert not [c for c in rec.console if "Content Security Policy" in c]
    context.close()


def test_hostile_minutes_render_as_text(live_server, browser):
    server = live_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    rec = Recorder(context)
    page = context.new_page()
    rec.watch(page)
    page.goto(server + "/")
    ask(page, HOSTILE_QUESTION, "Wyevale")
    page.wait_for_selector("#cite-1-1")
    page.locator("#cite-1-1 details summary").first.click()
    page.locator("#cite-1-1 mark").first.hover()
    panel = page.locator("#qa-panel")
    text = panel.inner_text()
    assert "<script>" in text  # shown, as characters
    for where in ("#qa-panel", "#qa-chat"):
        assert page.locator(f"{where} script, {where} img[onerror], {where} [onmouseover]").count() == 0
    time.sleep(0.5)
    assert rec.dialogs == []
    assert rec.foreign(server) == []
    context.close()


def test_overlong_question_gets_a_clear_message(live_server, browser):
    server = live_server
    page = browser.new_page()
    page.goto(server + "/")
    ask(page, "fostering " * 200, "characters")
    page.close()


# ------------------------------------------------------------------ the widget


def test_widget_works_inside_the_allowed_intranet_page(live_server, browser, intranet_ports):
    server = live_server
    html = (HERE / "intranet" / "index.html").read_text().replace("{{WIDGET_URL}}", server + "/widget/")
    intranet = IntranetPage(html, intranet_ports[0])  # the origin in frame_ancestors
    try:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        rec = Recorder(context)
        page = context.new_page()
        rec.watch(page)
        page.goto(intranet.url)
        frame = page.frame_locator("iframe[title='Ask the council minutes']")
        frame.locator("#qa-question textarea").wait_for(timeout=30000)
        widget = next(f for f in page.frames if f.url.startswith(server + "/widget"))
        ask(widget, QUESTION, "Fostering")
        widget.wait_for_selector("#cite-1-1", state="attached")  # in the drawer, shown on a click
        page.screenshot(path=str(ARTIFACTS / "intranet-widget.png"), full_page=True)
        violations = serious_violations(widget)
        (ARTIFACTS / "axe-widget.json").write_text(json.dumps(violations, indent=2))
        assert violations == []
        assert rec.foreign(server, intranet.url) == []
        assert rec.dialogs == []
        page.set_viewport_size({"width": 360, "height": 780})
        time.sleep(0.5)
        page.screenshot(path=str(ARTIFACTS / "intranet-widget-360.png"), full_page=True)
        context.close()
    finally:
        intranet.close()


def test_an_origin_not_allowed_cannot_frame_the_widget(live_server, browser, intranet_ports):
    server = live_server
    html = (HERE / "intranet" / "index.html").read_text().replace("{{WIDGET_URL}}", server + "/widget/")
    stranger = IntranetPage(html, intranet_ports[1])  # not in frame_ancestors
    try:
        page = browser.new_page()
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
        page.goto(stranger.url)
        # Chromium logs the refusal once the frame's response arrives; on a
        # busy machine that can take a while, so wait for it (bounded).
        deadline = time.monotonic() + 30
        while not refused and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        widget_frames = [f for f in page.frames if f.url.startswith(server + "/widget")]
        loaded = [f for f in widget_frames if f.locator("#qa-question textarea").count() > 0]
        assert loaded == []
        assert refused, "Chromium reports the frame-ancestors refusal"
        page.close()
    finally:
        stranger.close()
