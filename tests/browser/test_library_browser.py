"""The Library in chromium: uploading several files at once, the metadata form, outcomes,
a hostile file name, a file over the size limit, and opening an article in the Reader."""

import re

from tests.browser.conftest import screenshot
from tests.conftest import PAGE, STORY

HOSTILE = "<img src=x onerror=window.hacked=1>.txt"


def open_add_tab(page, app_url):
    page.goto(f"{app_url}/library")
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_text("up to 25 MB each").wait_for()


def test_upload_several_files_check_metadata_and_add(page, app_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_add_tab(page, app_url)
    page.locator("input[type=file]").set_input_files(
        [
            {"name": "story.txt", "mimeType": "text/plain", "buffer": STORY.encode("cp1252")},
            {"name": "rome.html", "mimeType": "text/html", "buffer": PAGE.encode()},
            {"name": "broken.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 xx"},
            {"name": HOSTILE, "mimeType": "text/plain", "buffer": b"   \n  "},
        ]
    )
    submit = page.get_by_role("button", name="Analyse and add 2 article(s)")
    submit.wait_for()
    assert page.get_by_text("No publication date found").first.is_visible()
    titles, sources = (page.get_by_label(x).filter(visible=True) for x in ("Title", "Source"))
    assert titles.nth(1).input_value() == "Scholz visits Rome"
    assert sources.nth(1).input_value() == "Example News"
    screenshot(page, "library-upload-metadata")
    date = page.get_by_label("Publication date").filter(visible=True).first
    date.get_by_role("spinbutton").first.click()
    page.keyboard.type("20240201")
    page.keyboard.press("Escape")
    submit.click()
    page.get_by_text("Outcome: 2 added, 2 rejected.").wait_for(timeout=180_000)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.hacked") is None and not dialogs
    screenshot(page, "library-upload-outcome")
    page.get_by_role("tab", name="Articles", exact=True).click()
    # every article listed (how many depends on the tests that shared this store before)
    page.get_by_text(re.compile(r"^(\d+) of \1 article\(s\)$")).wait_for()
    screenshot(page, "library-table")


def test_file_over_the_size_limit_is_refused_by_name(page, app_url):
    open_add_tab(page, app_url)
    big = b"word " * (26 * 1024 * 1024 // 5)
    page.locator("input[type=file]").set_input_files(
        [{"name": "too-big.txt", "mimeType": "text/plain", "buffer": big}]
    )
    page.get_by_text("too-big.txt").first.wait_for()
    page.get_by_text("too-big.txt").first.hover()
    page.get_by_text("must be 25.0MB or smaller", exact=False).first.wait_for()
    screenshot(page, "library-too-big")
    assert page.get_by_role("button", name="Analyse and add 1").count() == 0


def test_open_in_the_reader_from_the_library(page, app_url):
    page.goto(f"{app_url}/library")
    link = page.get_by_role("link", name="Open in the Reader")
    assert link.get_attribute("href").startswith("/reader?article=")
    with page.context.expect_page() as opened:
        link.click()
    reader = opened.value
    reader.wait_for_url("**/reader?article=*")
    reader.locator("mark.ent").first.wait_for()
    screenshot(reader, "library-opened-in-reader")


LONG_STORY = "\n\n".join(
    f"Olaf Scholz met Giorgia Meloni in Rome on day {n}, officials said. "
    f'"We agreed on item {n}," Scholz told reporters in Berlin.'
    for n in range(2500)
)


def test_a_long_upload_runs_in_the_background_while_the_app_stays_usable(page, fresh_app_url):
    """On a server of its own: the 2,500-paragraph article stays out of the shared store."""
    open_add_tab(page, fresh_app_url)
    page.locator("input[type=file]").set_input_files(
        [{"name": "long-story.txt", "mimeType": "text/plain", "buffer": LONG_STORY.encode()}]
    )
    page.get_by_role("button", name="Analyse and add 1 article(s)").click()
    # progress, read from the queue while the worker analyses the text
    page.get_by_text("analysing long-story.txt", exact=False).wait_for(timeout=120_000)
    page.get_by_text("You can use the other pages meanwhile").wait_for()
    screenshot(page, "library-upload-progress")
    # another page works meanwhile, and its sidebar says what runs in the background
    navigation = page.locator('[data-testid="stSidebarNav"]')
    navigation.get_by_role("link", name="Overview").click()
    page.locator('[data-testid="stMain"] h1', has_text="Overview").wait_for()
    page.get_by_text("Analysing uploads: 1 running, 0 queued.").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview-during-upload")
    navigation.get_by_role("link", name="Library").click()
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_text("Outcome: 1 added.").wait_for(timeout=300_000)
    screenshot(page, "library-upload-done")


def upload_nurses_story(page, app_url) -> None:
    """Upload a public broadcaster's page copied as text: a photo caption with its credit,
    a time stamp and a byline come before the headline; no date is found."""
    from tests.browser.conftest import NEWS

    open_add_tab(page, app_url)
    text = (NEWS / "coastline-radio-nurses.txt").read_bytes()
    page.locator("input[type=file]").set_input_files(
        [{"name": "nurses.txt", "mimeType": "text/plain", "buffer": text}]
    )
    page.get_by_role("button", name="Analyse and add 1 article(s)").wait_for()


def test_the_title_is_the_headline_not_the_photo_caption(page, app_url):
    upload_nurses_story(page, app_url)
    title = page.get_by_label("Title").filter(visible=True).first
    assert (
        title.input_value() == "Nova Scotia hospitals brace for nurse shortage as strike vote looms"
    )


NO_DATE_WARNINGS = """() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
    .filter(c => c.innerText.includes('No publication date found')).length"""


def test_the_missing_date_warning_goes_once_a_date_is_set(page, app_url):
    upload_nurses_story(page, app_url)
    assert page.evaluate(NO_DATE_WARNINGS) == 2  # the upload's and the paste form's
    date = page.get_by_label("Publication date").filter(visible=True).first
    date.get_by_role("spinbutton").first.click()
    page.keyboard.type("20250303")
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => ({NO_DATE_WARNINGS})() === 1", timeout=15_000)
    screenshot(page, "library-date-set")
