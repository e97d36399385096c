"""Role rules, on plain dicts: no identity provider needed."""

import pytest

from analysis.access import EDITOR, VIEWER, access_for, editors_from, role_for

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
SECRETS = {"auth": AUTH, "access": {"editors": ["Ana@Newsroom.example", "@desk.example"]}}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("ana@newsroom.example", EDITOR),
        ("  ANA@newsroom.EXAMPLE ", EDITOR),  # case and spaces do not matter
        ("bob@newsroom.example", VIEWER),  # only Ana at that domain
        ("bob@desk.example", EDITOR),  # the whole domain
        ("bob@sub.desk.example", VIEWER),  # not a subdomain
        ("bob@evil-desk.example", VIEWER),  # nor a look-alike
        ("bob@desk.example.evil.org", VIEWER),
        ("desk.example", VIEWER),  # not an address
        ("@desk.example", VIEWER),
        ("", VIEWER),
        ("ana@newsroom.example@evil.org", VIEWER),
    ],
)
def test_editors_are_listed_addresses_or_domains(email, role):
    assert role_for(email, editors_from(SECRETS["access"])) == role


def test_editor_entries_may_be_a_single_string_or_bare_domains():
    assert editors_from({"editors": "@desk.example"}).domains == {"desk.example"}
    assert editors_from({"editors": ["desk.example", ""]}).domains == {"desk.example"}
    assert editors_from({}).emails == frozenset() and editors_from("junk").domains == frozenset()


@pytest.mark.parametrize(
    ("secrets", "user", "expected"),
    [
        # local default: no login, everyone edits
        ({}, {}, (False, False, "", EDITOR)),
        ({"access": {"editors": ["a@b.c"]}}, {"email": "x@y.z"}, (False, False, "", EDITOR)),
        # login configured: a visitor not logged in only views
        (SECRETS, {"is_logged_in": False}, (True, False, "", VIEWER)),
        (SECRETS, {}, (True, False, "", VIEWER)),
        (SECRETS, {"is_logged_in": True, "email": "bob@desk.example", "name": "Bob"},
         (True, True, "bob@desk.example", EDITOR)),
        (SECRETS, {"is_logged_in": True, "email": "eve@else.example"},
         (True, True, "eve@else.example", VIEWER)),
        # an address the provider has not verified gives no rights
        (SECRETS, {"is_logged_in": True, "email": "bob@desk.example", "email_verified": False},
         (True, True, "bob@desk.example", VIEWER)),
        # no editors configured: every logged-in user views
        ({"auth": AUTH}, {"is_logged_in": True, "email": "bob@desk.example"},
         (True, True, "bob@desk.example", VIEWER)),
    ],
)  # fmt: skip
def test_access_of_a_visitor(secrets, user, expected):
    access = access_for(secrets, user)
    assert (access.login, access.logged_in, access.email, access.role) == expected
    assert access.can_edit is (expected[3] == EDITOR)


def test_a_change_is_signed_with_the_logged_in_address():
    access = access_for(SECRETS, {"is_logged_in": True, "email": "Bob@Desk.example", "name": "B"})
    assert access.signature == "bob@desk.example"
