"""The Entities page in chromium: merge two entities, see the chart and the Reader change."""

import pytest

from analysis.corpus import corrections as C
from analysis.store import DB_FILE, Store
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing it, as a person would."""
    box = page.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def chart_labels(page) -> list[str]:
    page.locator(".js-plotly-plot .ytick text").first.wait_for()
    return page.locator(".js-plotly-plot .ytick text").all_text_contents()


def test_merging_two_entities_changes_the_chart_and_the_reader(page, app_url, app_data):
    page.goto(f"{app_url}/reader")
    page.locator("mark.ent").first.wait_for()
    page.get_by_role("link", name="Entities").click()
    page.get_by_role("heading", name="Entities").first.wait_for()
    before = chart_labels(page)
    assert "Pyongyang" in before and "North Korea" in before
    screenshot(page, "entities-before-merge")

    choose(page, "Entity", "Pyongyang (GPE)")
    page.get_by_text("aliases: Pyongyang").wait_for()
    choose(page, "Merge into", "North Korea (GPE)")
    page.get_by_role("button", name="Merge", exact=True).click()
    page.get_by_text("Saved: merge gpe:pyongyang into gpe:north-korea").wait_for()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.js-plotly-plot .ytick text')]"
        ".some(t => t.textContent === 'Pyongyang')"
    )
    after = chart_labels(page)
    assert "Pyongyang" not in after and "North Korea" in after
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "entities-after-merge")

    page.get_by_role("link", name="Reader").click()
    page.locator("mark.ent").first.wait_for()
    pyongyang = page.locator("mark.ent", has_text="Pyongyang").first
    assert pyongyang.get_attribute("title") == "GPE · North Korea"
    assert pyongyang.get_attribute("data-entity") == "gpe:north-korea"
    # marking North Korea now marks Pyongyang too
    choose(page, "Mark an entity", "North Korea (GPE)")
    page.get_by_text("sentence(s) naming North Korea").wait_for()
    selected = page.locator("mark.ent.selected", has_text="Pyongyang")
    assert selected.count() >= 6
    selected.first.scroll_into_view_if_needed()
    screenshot(page, "reader-after-merge")

    # leave the shared app as the other browser tests expect it
    store = Store(app_data / DB_FILE)
    for correction in C.load(store):
        store.set_correction_undone(correction.correction_id)
    store.close()
