"""The Reader in chromium: highlighted entities, picking one, hostile text as text."""

from analysis.ingest.library import add_document
from analysis.ingest.readers import Document
from analysis.store import DB_FILE, Store
from tests.browser.conftest import screenshot


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing it, as a person would."""
    box = page.get_by_label(label)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()


def test_reader_highlights_and_marks_a_chosen_entity(page, app_url):
    page.goto(f"{app_url}/reader")
    page.locator("mark.ent").first.wait_for()
    assert page.locator("mark.ent").count() > 50
    assert page.get_by_role(
        "heading", name="N Korea's Kim calls Putin 'closest comrade'"
    ).is_visible()
    choose(page, "Mark an entity", "Kim Jong Un (PERSON)")
    page.get_by_text("sentence(s) naming Kim Jong Un").wait_for()
    assert page.locator("mark.ent.selected").count() >= 24
    screenshot(page, "reader-entity-selected")


def test_script_payload_renders_as_text(page, app_url, app_data):
    payload = '<script>window.hacked=1</script><img src=x onerror="window.hacked=2">'
    store = Store(app_data / DB_FILE)
    _, article_id = add_document(
        store, Document(f"Angela Merkel said {payload} in Berlin.", "hostile.txt", title=payload)
    )
    store.close()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/reader?article={article_id}")
    page.locator("mark.ent").first.wait_for()
    page.get_by_text("window.hacked=1").first.wait_for()
    assert page.evaluate("window.hacked") is None
    assert page.locator("img[src=x]").count() == 0
    assert not dialogs
    screenshot(page, "reader-hostile-text")
