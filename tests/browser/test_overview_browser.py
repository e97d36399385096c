"""The Overview (home page) in chromium: figures and charts render, links lead on."""

import re

from tests.browser.conftest import screenshot


def test_overview_renders_its_charts(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="Overview").wait_for()
    charts = page.locator(".js-plotly-plot .main-svg")
    charts.first.wait_for()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 6")
    assert page.get_by_test_id("stMetric").count() == 5
    labels = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert "Kim Jong Un" in labels and "North Korea" in labels
    screenshot(page, "overview")
    page.get_by_role("link", name="See them on the Timeline").click()
    page.get_by_role("heading", name="Timeline").wait_for()


def test_the_events_count_and_the_events_table_say_what_each_counts(page, app_url):
    """The seed showed "Events 17" over a table of 7 rows without a word on why."""
    page.goto(app_url)
    metric = page.get_by_test_id("stMetric").filter(has_text="Events")
    metric.wait_for()
    events = int(metric.get_by_test_id("stMetricValue").inner_text())
    caption = page.get_by_text(re.compile(r"^The \d+ latest of the \d+ dated events"))
    caption.wait_for()
    shown, dated, total = map(int, re.findall(r"\d+", caption.inner_text())[:3])
    assert total == events and shown <= dated <= events
    if dated < events:
        assert f"({events - dated} without a date: on the Timeline)" in caption.inner_text()
    caption.scroll_into_view_if_needed()
    screenshot(page, "overview-events")
