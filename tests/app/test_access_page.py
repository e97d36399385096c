"""Who may change the store, through the pages: no login by default (everyone edits and the
sidebar says so); with a login configured, visitors log in, viewers read and download,
editors upload, correct and delete, and corrections are signed by the logged-in editor.
The identity provider is not needed: AppTest supplies st.user and the secrets."""

import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import DB_FILE, Store
from tests.conftest import ROOT

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-secret-only-a-test",
    "client_id": "dashboard",
    "client_secret": "test",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}
EDITOR = {"is_logged_in": True, "email": "ana@desk.example", "name": "Ana"}
VIEWER = {"is_logged_in": True, "email": "eve@else.example", "name": "Eve"}


def app_as(user: dict | None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = {"editors": ["@desk.example"]}
        at.user = user
    at.run()
    # the sidebar of the first run (AppTest keeps no sidebar after switch_page)
    at.sidebar_captions = [c.value.replace("\\", "") for c in at.sidebar.caption]
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def captions(at) -> list[str]:
    return at.sidebar_captions


def test_without_a_login_everyone_edits_and_the_sidebar_says_so(data_dir):
    at = app_as(None, "pages/library.py")
    assert any(c.startswith("No login (local use)") for c in captions(at))
    assert at.file_uploader and at.button(key="delete")


def test_with_a_login_a_visitor_must_log_in_first(data_dir):
    at = app_as({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.dataframe and not at.sidebar.caption


@pytest.mark.parametrize(
    ("user", "can_edit"), [(EDITOR, True), (VIEWER, False)], ids=["editor", "viewer"]
)
def test_the_library_offers_changes_to_editors_only(data_dir, user, can_edit):
    at = app_as(user, "pages/library.py")
    role = "editor" if can_edit else "viewer"
    assert any(c.startswith(f"Signed in as {user['email']} ({role}") for c in captions(at))
    assert any("entities" in d.value.columns for d in at.dataframe)  # everyone reads
    assert bool(at.file_uploader) is can_edit
    assert any(b.label == "Save metadata" for b in at.button) is can_edit
    assert any(b.key == "delete" for b in at.button) is can_edit
    assert any(b.key == "reanalyse" for b in at.button) is can_edit
    if not can_edit:
        assert any("log in with an editor's account" in i.value for i in at.info)


def test_a_viewer_sees_no_correction_controls(data_dir):
    at = app_as(VIEWER, "pages/entities.py")
    assert not [b for b in at.button if b.key and b.key.startswith("entities_")]
    assert any("log in as an editor to correct" in c.value for c in at.caption)
    assert not [t for t in at.text_input if t.label == "Corrections signed as"]


def test_an_editors_correction_is_signed_with_their_login(data_dir):
    at = app_as(EDITOR, "pages/entities.py")
    signed = "Corrections signed as ana@desk.example"
    assert any(c.value.replace("\\", "") == signed for c in at.caption)
    at.text_input(key="entities_add_text").set_value("Kim")
    at.button(key="entities_add_go").click().run()
    assert not at.exception, at.exception
    store = Store(data_dir / DB_FILE)
    (correction,) = store.corrections()
    assert correction["author"] == "ana@desk.example"
    store.close()
