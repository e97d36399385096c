"""Who may change the store: viewers read and download; editors upload, correct and delete.

Deployed for a team, the app uses Streamlit's login (OpenID Connect): `.streamlit/secrets.toml`
has an `[auth]` section (see docs/deploy.md) and names the editors:

    [access]
    editors = ["ana@newsroom.example", "@desk.example"]   # e-mail addresses, or @domains

Then every visitor logs in; a logged-in user is an editor when their (verified) e-mail
address or its domain is listed, else a viewer. Without `[auth]` (the local default) there is
no login and whoever opens the app edits: the sidebar says so.

Plain rules on plain data (the secrets and `st.user` as dicts), so they are tested without
an identity provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

VIEWER, EDITOR = "viewer", "editor"


@dataclass(frozen=True, slots=True)
class Access:
    login: bool  # a login is configured ([auth] in the secrets)
    logged_in: bool
    email: str  # the logged-in user's address ("" when none)
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role == EDITOR

    @property
    def signature(self) -> str:
        """Who a change is recorded as: the logged-in user's address."""
        return self.email or self.name


@dataclass(frozen=True, slots=True)
class Editors:
    emails: frozenset[str]
    domains: frozenset[str]


def normalised(address: str) -> str:
    return str(address).strip().lower()


def editors_from(settings: Mapping) -> Editors:
    """The editors of `[access] editors`: "@domain" (or a bare domain) entries are domains,
    the others e-mail addresses; case and spaces do not matter."""
    entries = settings.get("editors", []) if isinstance(settings, Mapping) else []
    if isinstance(entries, str):
        entries = [entries]
    emails, domains = set(), set()
    for entry in map(normalised, entries):
        if entry.startswith("@"):
            domains.add(entry[1:])
        elif "@" in entry:
            emails.add(entry)
        elif entry:
            domains.add(entry)
    return Editors(frozenset(emails), frozenset(domains))


def role_for(email: str, editors: Editors) -> str:
    """EDITOR when the address is listed or its domain is (exactly: not a subdomain or a
    look-alike), else VIEWER."""
    address = normalised(email)
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        return VIEWER
    return EDITOR if address in editors.emails or domain in editors.domains else VIEWER


def access_for(secrets: Mapping, user: Mapping) -> Access:
    """The access of the visitor `user` (st.user as a dict) under `secrets`."""
    if "auth" not in secrets:
        return Access(login=False, logged_in=False, email="", name="", role=EDITOR)
    if not user.get("is_logged_in"):
        return Access(login=True, logged_in=False, email="", name="", role=VIEWER)
    email = normalised(user.get("email") or "")
    name = str(user.get("name") or "").strip()
    # an address the identity provider has not verified proves nothing
    verified = user.get("email_verified", True) not in (False, "false")
    role = role_for(email, editors_from(secrets.get("access", {}))) if verified else VIEWER
    return Access(login=True, logged_in=True, email=email, name=name, role=role)
