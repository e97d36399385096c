"""A page copied from a Globe-style site, uploaded in chromium: the photo credit's name is
not highlighted, the caption keeps its own entities, and the gallery and advertising lines
are no part of the story."""

from analysis.ingest.library import article_id_for
from tests.browser.conftest import screenshot

PHOTOGRAPHER = "Marta Kowalczyk"
GLOBE_STYLE = (
    "Premiers clash over carbon levy at Regina meeting\n\n"
    "Open this photo in gallery Saskatchewan Premier Dana Whitfield speaks in Regina on "
    f"Tuesday. {PHOTOGRAPHER}/The Canadian Press\n\n"
    "The premiers of three provinces met in Regina on Tuesday to press Ottawa over the "
    "federal carbon levy.\n\n"
    "Story continues below advertisement\n\n"
    '"This levy punishes farmers," Dana Whitfield told reporters after the meeting.\n\n'
    "Open this photo in gallery Alberta Premier Colin Baptiste arrives at the meeting. "
    "Jeff Ostrowski/The Canadian Press\n\n"
    "Colin Baptiste said his province would take the matter to court.\n"
)


def test_a_credit_name_is_never_highlighted(page, fresh_app_url):
    page.goto(f"{fresh_app_url}/library")
    page.get_by_role("tab", name="Add articles").click()
    page.locator("input[type=file]").set_input_files(
        [{"name": "levy.txt", "mimeType": "text/plain", "buffer": GLOBE_STYLE.encode()}]
    )
    page.get_by_role("button", name="Analyse and add 1 article(s)").click()
    page.get_by_text("Outcome: 1 added.").wait_for(timeout=300_000)

    page.goto(f"{fresh_app_url}/reader?article={article_id_for(GLOBE_STYLE)}")
    marks = page.locator("mark.ent")
    marks.first.wait_for()
    highlighted = marks.all_inner_texts()
    screenshot(page, "reader-globe-style-credits")
    assert not any(PHOTOGRAPHER in text or "Ostrowski" in text for text in highlighted)
    assert any("Dana Whitfield" in text for text in highlighted)  # the caption's own entity
    assert any("Colin Baptiste" in text for text in highlighted)
    assert page.locator('[data-testid="stException"]').count() == 0
