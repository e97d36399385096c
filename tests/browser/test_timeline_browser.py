"""The Timeline in chromium: the chart renders and clicking an event shows its evidence."""

from tests.browser.conftest import screenshot


def test_clicking_an_event_shows_its_evidence(page, app_url):
    page.goto(f"{app_url}/timeline")
    points = page.locator(".js-plotly-plot .scatterlayer .points path")
    points.first.wait_for()
    assert points.count() >= 7
    assert page.locator(".js-plotly-plot .barlayer path").count() >= 3  # month/year spans
    points.first.click(force=True)
    evidence = page.locator("mark.ent")
    evidence.first.wait_for()
    assert page.get_by_text("Open in the Reader at sentence").first.is_visible()
    screenshot(page, "timeline-event-clicked")


def test_first_request_for_a_page_url_gets_the_app_navigation(page, fresh_app_url):
    page.goto(f"{fresh_app_url}/timeline")
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_text("Timeline", exact=True).wait_for()  # a title: not the file name
    assert "_shared" not in nav.inner_text() and "shared" not in nav.inner_text()
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text("article(s) in the store").wait_for()  # app.py's sidebar ran too
    assert page.get_by_role("heading", name="Timeline").count() == 1  # once, not twice


def test_events_left_off_are_said_under_the_table(page, app_url):
    page.goto(f"{app_url}/timeline")
    page.locator(".js-plotly-plot").first.wait_for()
    caption = page.get_by_text("left off the timeline", exact=False)
    caption.first.wait_for()
    caption.first.scroll_into_view_if_needed()
    assert page.get_by_text("Download the events left off (CSV)").is_visible()
    screenshot(page, "timeline-left-off")


def test_picking_an_event_after_a_click_shows_the_event_picked(page, app_url):
    page.goto(f"{app_url}/timeline")
    points = page.locator(".js-plotly-plot .scatterlayer .points path")
    points.first.wait_for()
    points.first.click(force=True)
    page.get_by_text("Open in the Reader at sentence").first.wait_for()
    clicked = page.get_by_label("Evidence for event", exact=True).input_value()
    box = page.get_by_label("Evidence for event", exact=True)
    box.click()
    options = page.get_by_role("option").all_text_contents()
    for label in [o for o in options if o != clicked and "·" in o][:2]:
        if box.input_value() != label:
            box.click()
        page.get_by_role("option", name=label, exact=True).click()
        description = label.split(" · ", 1)[1]
        evidence = page.get_by_role("heading", name=description, exact=True)
        evidence.wait_for(timeout=15_000)
        assert box.input_value() == label
    screenshot(page, "timeline-event-picked")


# records every text the sidebar's navigation ever shows, from the first paint on
RECORD_NAVIGATION = """
window.navigationTexts = [];
new MutationObserver(() => {
    for (const nav of document.querySelectorAll('[data-testid="stSidebarNav"]')) {
        window.navigationTexts.push(nav.innerText);
    }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""


def test_first_load_after_a_start_never_shows_the_modules_as_pages(page, fresh_app_url):
    page.add_init_script(RECORD_NAVIGATION)
    page.goto(fresh_app_url)
    page.get_by_role("heading", name="Overview").wait_for()
    page.get_by_test_id("stSidebarNav").get_by_text("Who mentions whom").wait_for()
    shown = page.evaluate("window.navigationTexts")
    assert shown
    for text in shown:
        assert not {"app", "shared", "corrections"} & set(text.split()), text
