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


def test_events_left_off_are_said_under_the_table(page, app_url):
    page.goto(f"{app_url}/timeline")
    page.locator(".js-plotly-plot").first.wait_for()
    caption = page.get_by_text("left off the timeline", exact=False)
    caption.first.wait_for()
    caption.first.scroll_into_view_if_needed()
    assert page.get_by_text("Download the events left off (CSV)").is_visible()
    screenshot(page, "timeline-left-off")
