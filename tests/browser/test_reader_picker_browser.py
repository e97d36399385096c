"""The Reader's Article picker in chromium: every pick opens the article picked."""

from analysis.store import DB_FILE, Store
from tests.browser.conftest import screenshot


def pick_article(page, title: str) -> None:
    box = page.get_by_label("Article", exact=True)
    box.click()
    page.get_by_role("option", name=title, exact=True).click()


def test_every_pick_opens_the_article_picked(page, news_app_url, news_data):
    store = Store(news_data / DB_FILE)
    titles = [summary["title"] for summary in store.article_summaries()]
    store.close()
    assert len(titles) == 5
    page.goto(f"{news_app_url}/reader")
    page.locator("mark.ent").first.wait_for()
    for title in [*titles[1:], titles[0], titles[2]]:  # every switch, and back
        pick_article(page, title)
        page.get_by_role("heading", name=title, exact=True).wait_for(timeout=15_000)
        assert page.get_by_label("Article", exact=True).input_value() == title
    screenshot(page, "reader-picker")
