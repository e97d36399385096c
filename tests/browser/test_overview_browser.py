"""The Overview (home page) in chromium: figures and charts render, links lead on."""

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
