"""Search in chromium: a phrase is searched, a result opened, its hits marked in the Reader
at the matching sentence."""

from analysis.ingest.library import add_document
from analysis.store import DB_FILE, Store
from tests.browser.conftest import screenshot
from tests.corpus.test_search import DOCUMENTS


def test_a_phrase_found_opens_the_reader_with_the_hit_marked(page, app_url, app_data):
    store = Store(app_data / DB_FILE)
    for document in DOCUMENTS:
        add_document(store, document)
    store.close()

    page.goto(f"{app_url}/search")
    box = page.get_by_role("textbox", name="Search the articles")
    box.fill('"harbour authority"')
    box.press("Enter")
    result = page.locator(".search-result").first
    result.wait_for()
    assert page.locator(".search-result").count() == 1
    assert result.locator("mark.hit").first.inner_text().lower() == "harbour authority"
    assert "Dock strike in Valmora" in result.locator(".result-title").inner_text()
    screenshot(page, "search-results")

    result.locator("a").click()
    page.wait_for_url("**/reader?article=*")
    hits = page.locator(".article-text mark.hit")
    hits.first.wait_for()
    assert [text.lower() for text in hits.all_inner_texts()] == ["harbour authority"] * 2
    focus = page.locator(".article-text .sentence.focus")
    assert focus.count() == 1
    assert "negotiations are over" in focus.inner_text()
    assert focus.locator("mark.hit").count() == 1  # the sentence of the result
    assert hits.first.is_visible()
    page.get_by_text("2 hit(s) marked in the text").wait_for()
    screenshot(page, "reader-search-hit")
