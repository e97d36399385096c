"""Correction controls shared by the Reader and the Entities page.

Widgets only: each button's callback builds an `analysis.corpus.corrections` record from the
widget values, stores it (with author and time) and, when the entity on show changes
id (merge, rename, retype), points the page's entity picker at the entity it became.
Callbacks run before the rerun, so the page redraws once, with the correction applied.
"""

from __future__ import annotations

import os

import streamlit as st

from analysis.corpus import corrections as C
from analysis.extract.entities import entity_id as make_entity_id
from analysis.ingest.library import now, save_correction, set_correction_undone
from analysis.output.highlight import TYPE_LABELS, markdown_escape
from analysis.records import Analysis, Article, Entity
from pages._shared import access, csv_download, library

ENTITY_TYPES = list(TYPE_LABELS)
AUTHOR_KEY = "correction_author"
AUTHOR_WIDGET = "correction_author_field"
NOTICE_KEY = "correction_notice"
EVERY_OCCURRENCE = -1


def default_author() -> str:
    return os.environ.get("USER") or "analyst"


def _keep_author() -> None:
    st.session_state[AUTHOR_KEY] = st.session_state[AUTHOR_WIDGET].strip() or default_author()


def author_field() -> str:
    """The name corrections are signed with: the logged-in editor's address when a login
    is configured (viewers are told they cannot correct), else a name typed here (kept
    across pages in the session: a widget's own state does not outlive its page, so it is
    copied to a plain key on change)."""
    current = access()
    if current.login:
        if current.can_edit:
            st.caption(markdown_escape(f"Corrections signed as {current.signature}"))
        else:
            st.caption("Viewers read and download: log in as an editor to correct entities.")
        return current.signature
    st.session_state.setdefault(AUTHOR_KEY, default_author())
    st.session_state[AUTHOR_WIDGET] = st.session_state[AUTHOR_KEY]
    st.text_input("Corrections signed as", key=AUTHOR_WIDGET, on_change=_keep_author)
    return st.session_state[AUTHOR_KEY]


def _author() -> str:
    current = access()
    if current.login:
        return current.signature
    return (st.session_state.get(AUTHOR_WIDGET) or "").strip() or st.session_state.get(
        AUTHOR_KEY, default_author()
    )


def _may_edit() -> bool:
    """Whether this session may correct; if not, the notice says why (a viewer's session
    cannot change the store, whatever widget it sends)."""
    if access().can_edit:
        return True
    st.session_state[NOTICE_KEY] = ("error", "Only editors can correct entities.")
    return False


def show_notice() -> None:
    if message := st.session_state.pop(NOTICE_KEY, None):
        kind, text = message
        (st.success if kind == "ok" else st.error)(markdown_escape(text))


def _save(correction: C.Correction, select: tuple[str, str] | None = None) -> None:
    if not _may_edit():
        return
    try:
        save_correction(library(), correction, _author(), now())
    except ValueError as error:
        st.session_state[NOTICE_KEY] = ("error", str(error))
        return
    st.session_state[NOTICE_KEY] = ("ok", f"Saved: {correction.describe()}")
    if select:
        st.session_state[select[0]] = select[1]


def _label(entity: Entity) -> str:
    return f"{entity.name} ({entity.type})"


# --- callbacks: read the widgets from session state, store one correction -----------------


def _on_rename(entity: Entity, key: str, select: str) -> None:
    name = st.session_state.get(key, "").strip()
    if not name or name == entity.name:
        st.session_state[NOTICE_KEY] = ("error", "Type a new name first.")
        return
    _save(C.rename(entity, name), (select, make_entity_id(entity.type, name)))


def _on_retype(entity: Entity, key: str, select: str) -> None:
    new_type = st.session_state.get(key)
    if not new_type or new_type == entity.type:
        st.session_state[NOTICE_KEY] = ("error", "Choose another type first.")
        return
    _save(C.retype(entity, new_type), (select, make_entity_id(new_type, entity.name)))


def _on_merge(entity: Entity, others: dict[str, Entity], key: str, select: str) -> None:
    target = others.get(st.session_state.get(key) or "")
    if target is None:
        st.session_state[NOTICE_KEY] = ("error", "Choose the entity to merge into.")
        return
    _save(C.merge(entity, target), (select, target.entity_id))


def _on_split(entity: Entity, alias_key: str, name_key: str, article_id: str) -> None:
    alias = st.session_state.get(alias_key) or ""
    _save(C.split(entity, alias, name=st.session_state.get(name_key, ""), article_id=article_id))


def _on_reject(
    mention_key: str, everywhere_key: str, article_id: str, sites: dict[str, tuple]
) -> None:
    choice = sites.get(st.session_state.get(mention_key) or "")
    if choice is None:
        st.session_state[NOTICE_KEY] = ("error", "Choose the text that is not an entity.")
        return
    text, start, end, entity = choice
    if not text:
        _save(C.reject(entity=entity))
    elif st.session_state.get(everywhere_key):
        _save(C.reject(alias=text, entity=entity))
    else:
        _save(C.reject(alias=text, article_id=article_id, span=(start, end)))


def _on_add(prefix: str, article: Article | None, analysis: Analysis | None) -> None:
    text = st.session_state.get(f"{prefix}_add_text", "").strip()
    entity_type = st.session_state.get(f"{prefix}_add_type") or "PERSON"
    name = st.session_state.get(f"{prefix}_add_name", "").strip()
    sentence = st.session_state.get(f"{prefix}_add_sentence", EVERY_OCCURRENCE)
    only_here = bool(article) and st.session_state.get(f"{prefix}_add_here", True)
    if not text:
        st.session_state[NOTICE_KEY] = ("error", "Type the text of the missed entity.")
        return
    span = None
    if article and analysis and sentence != EVERY_OCCURRENCE:
        chosen = next((s for s in analysis.sentences if s.index == sentence), None)
        at = article.text.find(text, chosen.start, chosen.end) if chosen else -1
        if at < 0:
            st.session_state[NOTICE_KEY] = ("error", f"“{text}” is not in that sentence.")
            return
        span = (at, at + len(text))
    article_id = article.article_id if article and (only_here or span) else ""
    _save(C.add(text, entity_type, name=name, article_id=article_id, span=span))


def _on_undo(key: str, undone: bool) -> None:
    correction_id = st.session_state.get(key)
    if correction_id and _may_edit():
        set_correction_undone(library(), int(correction_id), undone)
        verb = "Undone" if undone else "Restored"
        st.session_state[NOTICE_KEY] = ("ok", f"{verb}: correction {correction_id}")


# --- widgets --------------------------------------------------------------------------------


def entity_controls(
    entity: Entity,
    entities: list[Entity],
    prefix: str,
    select_key: str,
    article: Article | None = None,
    analysis: Analysis | None = None,
) -> None:
    """Rename, change type, merge into another entity, split an alias out, mark text as
    not an entity. With an article (the Reader), split and reject apply to it only."""
    if not access().can_edit:  # viewers read: the controls are not offered
        return
    eid = entity.entity_id
    article_id = article.article_id if article else ""
    key = f"{prefix}_{eid}"

    st.text_input("Rename to", value=entity.name, key=f"{key}_rename")
    st.button(
        "Rename",
        key=f"{prefix}_rename_go",
        on_click=_on_rename,
        args=(entity, f"{key}_rename", select_key),
    )

    types = sorted(set(ENTITY_TYPES) | {entity.type})
    st.selectbox("Type", types, index=types.index(entity.type), key=f"{key}_retype")
    st.button(
        "Change type",
        key=f"{prefix}_retype_go",
        on_click=_on_retype,
        args=(entity, f"{key}_retype", select_key),
    )

    others = {e.entity_id: e for e in entities if e.entity_id != eid}
    st.selectbox(
        "Merge into",
        [""] + list(others),
        format_func=lambda i: "—" if not i else _label(others[i]),
        key=f"{prefix}_merge",
    )
    st.button(
        "Merge",
        key=f"{prefix}_merge_go",
        on_click=_on_merge,
        args=(entity, others, f"{prefix}_merge", select_key),
    )

    if len(entity.aliases) > 1:
        scope = "in this article" if article else "in every article"
        st.selectbox(
            f"Split an alias out ({scope})",
            [a for a in entity.aliases if a != entity.name] or entity.aliases,
            key=f"{key}_split",
        )
        st.text_input("as the entity named (empty: the alias)", key=f"{key}_split_name")
        st.button(
            "Split",
            key=f"{prefix}_split_go",
            on_click=_on_split,
            args=(entity, f"{key}_split", f"{key}_split_name", article_id),
        )

    if analysis is not None:
        mentions = [m for m in analysis.mentions if m.entity_id == eid]
        sites = {f"{m.start}": (m.text, m.start, m.end, entity) for m in mentions}
        labels = {f"{m.start}": f"“{m.text}” in sentence {m.sentence}" for m in mentions}
    else:
        sites = {alias: (alias, -1, -1, entity) for alias in entity.aliases}
        labels = {alias: f"“{alias}” (every article)" for alias in entity.aliases}
        sites["*"], labels["*"] = ("", -1, -1, entity), "the whole entity (every alias)"
    st.selectbox(
        "Not an entity",
        [""] + list(sites),
        format_func=lambda k: "—" if not k else labels[k],
        key=f"{prefix}_reject",
    )
    if analysis is not None:
        st.checkbox("everywhere this text is an entity of that name", key=f"{prefix}_reject_all")
    else:
        st.session_state[f"{prefix}_reject_all"] = True
    st.button(
        "Mark as not an entity",
        key=f"{prefix}_reject_go",
        on_click=_on_reject,
        args=(f"{prefix}_reject", f"{prefix}_reject_all", article_id, sites),
    )


def add_controls(prefix: str, article: Article | None = None, analysis: Analysis | None = None):
    """Add a missed entity: its text (in one sentence, or every occurrence), type, name."""
    if not access().can_edit:
        return
    st.text_input("Text of the missed entity", key=f"{prefix}_add_text")
    st.selectbox("Type", ENTITY_TYPES, key=f"{prefix}_add_type")
    st.text_input(
        "Entity name (empty: the text; an existing name joins it)", key=f"{prefix}_add_name"
    )
    if article and analysis:
        sentences = {s.index: s.text for s in analysis.sentences}
        st.selectbox(
            "Where",
            [EVERY_OCCURRENCE, *sentences],
            format_func=lambda i: (
                "every occurrence" if i == EVERY_OCCURRENCE else f"{i}: {sentences[i][:70]}"
            ),
            key=f"{prefix}_add_sentence",
        )
        st.checkbox("only in this article", value=True, key=f"{prefix}_add_here")
    st.button(
        "Add entity", key=f"{prefix}_add_go", on_click=_on_add, args=(prefix, article, analysis)
    )


def confirm_merge_button(short: Entity, full: Entity, select_key: str = "open_entity") -> None:
    """The analyst confirms the one candidate the corpus offers for a short name."""
    if not access().can_edit:
        return
    st.button(
        f"Confirm: “{short.name}” is {full.name}",
        key="confirm_link",
        on_click=_save,
        args=(C.merge(short, full), (select_key, full.entity_id)),
    )


def corrections_log(prefix: str, corrections: list[C.Correction]) -> None:
    """Every correction with who and when; undo one (or restore an undone one)."""
    if not corrections:
        st.caption("No corrections yet.")
        return
    import pandas as pd  # the log's table: the Reader opens without pandas

    table = pd.DataFrame(
        {
            "id": [c.correction_id for c in corrections],
            "when": [c.created for c in corrections],
            "who": [c.author for c in corrections],
            "correction": [c.describe() for c in corrections],
            "undone": [c.undone for c in corrections],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    csv_download(table, "corrections.csv", key=f"{prefix}_corrections_csv")
    if not access().can_edit:
        return
    by_id = {c.correction_id: c for c in corrections}
    active = [c.correction_id for c in reversed(corrections) if not c.undone]
    undone = [c.correction_id for c in reversed(corrections) if c.undone]
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "Correction to undo",
            [None, *active],
            format_func=lambda i: "—" if i is None else f"{i}: {by_id[i].describe()}",
            key=f"{prefix}_undo",
        )
        st.button("Undo", key=f"{prefix}_undo_go", on_click=_on_undo, args=(f"{prefix}_undo", True))
    with right:
        st.selectbox(
            "Undone correction to restore",
            [None, *undone],
            format_func=lambda i: "—" if i is None else f"{i}: {by_id[i].describe()}",
            key=f"{prefix}_redo",
        )
        st.button(
            "Restore", key=f"{prefix}_redo_go", on_click=_on_undo, args=(f"{prefix}_redo", False)
        )
