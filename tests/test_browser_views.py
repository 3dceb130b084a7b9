"""What a person sees, in headless Chromium against the real server: the
Meetings view, nearest items of a refusal, the widget's drawer for cited
items, and the page's layout at phone, tablet and desktop widths.

Shares the session's ``live_server`` (conftest.py) and the helpers of
test_browser.py.  Screenshots go to artifacts/.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from test_browser import (
    ARTIFACTS,
    CHROMIUM,
    HERE,
    QUESTION,
    IntranetPage,
    Recorder,
    ask,
    serious_violations,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing"),
]
NOT_COVERED = "What is the weather forecast for Hereford tomorrow?"


@pytest.fixture(scope="module")
def browser():
    from test_browser import CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def active_id(page_or_frame) -> str:
    return page_or_frame.evaluate("() => document.activeElement && document.activeElement.id")


def in_view(page_or_frame, selector: str) -> bool:
    """The element's top edge lies inside the window (it can be seen without scrolling)."""
    return page_or_frame.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.height > 0 && r.top >= 0 && r.top < window.innerHeight; }""",
        selector)


# ------------------------------------------------------------------ Meetings view


def test_meetings_view_lists_the_collection_and_opens_an_item(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    rec = Recorder(context)
    page = context.new_page()
    rec.watch(page)
    page.goto(live_server + "/")
    page.wait_for_selector("#qa-question textarea")
    page.get_by_role("tab", name="Meetings").click()
    listing = page.locator("#qa-meetings")
    listing.wait_for()
    summary = page.locator("#qa-meetings .qa-summary").inner_text()
    api = page.request.get(live_server + "/api/meetings").json()
    assert summary.startswith(f"{api['meetings']} meetings of {len(api['committees'])} committees, "
                              f"{api['items']} agenda items, July 2017 to February 2022")
    for committee in api["committees"]:
        assert committee["name"] in listing.inner_text()
    october = next(m for c in api["committees"] for m in c["meetings"] if m["date"] == "2018-10-18")
    assert f"Cabinet, 18 October 2018 ({len(october['items'])} items)" in listing.inner_text()
    violations = serious_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-meetings.json").write_text(json.dumps(violations, indent=2))
    assert violations == []
    shot(page, "meetings-1280.png")

    page.get_by_label("Find agenda items by title").fill("domestic abuse")
    page.wait_for_function("() => /match/.test(document.querySelector('#qa-meetings').innerText)")
    links = page.locator('#qa-meetings a[href*="#qa-open-"]')
    assert links.count() == 1
    assert links.first.inner_text().startswith("item 20: Recommissioning of domestic abuse support service")
    links.first.click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'qa-opened-item'")
    card = page.locator("#qa-opened-item")
    assert card.locator("h3").inner_text().startswith("Cabinet, 18 October 2018, item 20: Recommissioning")
    assert "File 001_c301c40e899c00e9.txt" in card.inner_text()
    assert card.locator("details").first.evaluate("d => d.open")
    assert in_view(page, "#qa-opened-item")
    shot(page, "meetings-item-1280.png")
    assert rec.foreign(live_server) == [] and rec.dialogs == []
    context.close()


# ------------------------------------------------------------------ refusals


def test_nearest_items_of_a_refusal_open_the_item(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/")
    ask(page, NOT_COVERED, "do not cover")
    page.wait_for_function("() => document.querySelector('#qa-chat').innerText.includes('Nearest items')")
    links = page.locator('#qa-chat a[href*="#near-1-"]')
    assert links.count() >= 1
    label = links.first.inner_text()
    assert re.match(r"^[^,]+, [^,]+.*(item \d+: |, [A-Z])", label), label  # committee, date, item
    assert ".txt" not in label
    links.first.click()
    assert active_id(page) == "near-1-1"
    card = page.locator("#near-1-1")
    assert card.locator("h3").inner_text() == label
    assert card.locator("details").first.evaluate("d => d.open")
    assert "not a source" in card.inner_text()
    assert in_view(page, "#near-1-1")
    shot(page, "refusal-nearest-1280.png")
    context.close()


# ------------------------------------------------------------------ the widget's drawer


def test_widget_opens_a_citation_over_the_chat_and_back_returns(live_server, browser, intranet_ports):
    html = (HERE / "intranet" / "index.html").read_text().replace("{{WIDGET_URL}}", live_server + "/widget/")
    intranet = IntranetPage(html, intranet_ports[0])
    try:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.goto(intranet.url)
        page.frame_locator("iframe[title='Ask the council minutes']").locator(
            "#qa-question textarea").wait_for(timeout=30000)
        widget = next(f for f in page.frames if f.url.startswith(live_server + "/widget"))
        ask(widget, QUESTION, "Fostering")
        widget.wait_for_function("() => document.querySelector('#qa-chat').innerText.includes('Sources')")
        # The new answer is shown from its start: its first line is inside the chat's view.
        assert widget.evaluate("""() => {
            const bots = document.querySelectorAll('#qa-chat [data-testid=bot]');
            const top = bots[bots.length - 1].getBoundingClientRect().top;
            const chat = document.querySelector('#qa-chat').getBoundingClientRect();
            return top >= chat.top && top < chat.bottom; }""")
        assert not widget.locator("#qa-panel").is_visible()  # the chat keeps the frame
        marker = widget.locator('#qa-chat a[href$="#cite-1-1"]').first
        marker.click()
        assert widget.evaluate("() => document.documentElement.classList.contains('qa-drawer-open')")
        assert active_id(widget) == "cite-1-1"
        assert widget.locator("#qa-panel").get_attribute("role") == "dialog"
        assert in_view(widget, "#cite-1-1")
        back = widget.get_by_role("button", name="Back to the conversation")
        assert back.is_visible()
        mark = widget.locator("#cite-1-1 .qa-item mark.qa-flash").first
        assert "Fostering Panel" in mark.inner_text()
        assert mark.evaluate("""m => { const box = m.closest('.qa-item').getBoundingClientRect();
                                        const r = m.getBoundingClientRect();
                                        return r.top >= box.top && r.top < box.bottom; }""")
        shot(page, "widget-drawer.png")
        violations = serious_violations(widget)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-widget-drawer.json").write_text(json.dumps(violations, indent=2))
        assert violations == []

        back.click()
        assert not widget.evaluate("() => document.documentElement.classList.contains('qa-drawer-open')")
        assert widget.evaluate("() => document.activeElement.getAttribute('href')").endswith("#cite-1-1")
        assert widget.locator("#qa-chat [data-testid=user]").first.is_visible()  # the chat is still there
        shot(page, "widget-back.png")

        marker.click()  # and Escape closes it too
        assert active_id(widget) == "cite-1-1"
        widget.locator("#cite-1-1").press("Escape")
        assert not widget.evaluate("() => document.documentElement.classList.contains('qa-drawer-open')")
        assert widget.evaluate("() => document.activeElement.getAttribute('href')").endswith("#cite-1-1")
        context.close()
    finally:
        intranet.close()


# ------------------------------------------------------------------ layout at three widths


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_page_layout(live_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server + "/")
    page.wait_for_selector("#qa-question textarea")

    # A filter left on shows in the closed panel's heading; New conversation clears it.
    filters = page.locator("#qa-filters")
    assert "none" in filters.inner_text()
    filters.get_by_text("Filters").first.click()
    page.get_by_label("From date").fill("2018-01-01")
    page.wait_for_function("() => /Filters in force: from 2018-01-01/.test(document.querySelector('#qa-filters').innerText)")
    filters.get_by_text("Filters in force").first.click()  # close it again
    time.sleep(0.3)
    assert page.get_by_text("Filters in force: from 2018-01-01").first.is_visible()

    ask(page, QUESTION, "Fostering")
    page.wait_for_function("() => document.querySelector('#qa-chat').innerText.includes('Sources')")
    # Nothing covers the first line of the conversation (Gradio floated its label there).
    covered = page.evaluate("""() => {
        const msg = document.querySelector('#qa-chat [data-testid=user]');
        const r = msg.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 12, r.top + 8);
        return hit && !msg.contains(hit) ? hit.outerHTML.slice(0, 120) : null; }""")
    assert covered is None, covered
    # The answer is shown from its start.
    assert page.evaluate("""() => {
        const bots = document.querySelectorAll('#qa-chat [data-testid=bot]');
        const top = bots[bots.length - 1].getBoundingClientRect().top;
        const chat = document.querySelector('#qa-chat').getBoundingClientRect();
        return top >= chat.top && top < chat.bottom; }""")
    shot(page, f"layout-{width}-answer.png")

    # The cited item is one click from the answer, on screen (beside it, or
    # over it in a drawer on a phone).
    page.locator('#qa-chat a[href$="#cite-1-1"]').first.click()
    assert active_id(page) == "cite-1-1"
    assert in_view(page, "#cite-1-1")
    shot(page, f"layout-{width}-cited.png")
    if width <= 640:
        page.keyboard.press("Escape")
        assert page.evaluate("() => document.activeElement.getAttribute('href')").endswith("#cite-1-1")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 2

    page.locator("#qa-new").click()
    page.wait_for_function("() => /Filters \\(none/.test(document.querySelector('#qa-filters').innerText)")
    assert page.locator("#qa-chat [data-testid=user]").count() == 0
    filters.get_by_text("Filters").first.click()
    assert page.get_by_label("From date").input_value() == ""
    shot(page, f"layout-{width}-new.png")
    context.close()
