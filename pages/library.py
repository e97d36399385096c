"""Library: add articles (upload or paste) and list, search, edit, re-analyse, delete them.

Untrusted text (file names, titles, sources) is only ever shown through st.text,
st.dataframe, widget values and option lists: never as markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.ingest.jobs import (
    Job,
    batch_jobs,
    failures,
    progress_of,
    queue_documents,
    queue_reanalysis,
)
from analysis.ingest.library import (
    ADDED,
    PRESENT,
    REJECTED,
    Listing,
    Outcome,
    article_id_for,
    article_sources,
    count_listed,
    edit_metadata,
    listed_articles,
)
from analysis.ingest.readers import (
    NOT_ENGLISH,
    SUFFIXES,
    Document,
    IngestError,
    display_name,
    read_bytes,
    title_from_text,
    valid_date,
)
from analysis.output.highlight import markdown_escape
from analysis.output.tables import frame
from pages._shared import (
    access,
    article_count,
    csv_download,
    library,
    page_picker,
    require_editor,
    snapshot,
    store_key,
)

log = logging.getLogger(__name__)
PAGE_SIZE = 100  # articles listed at once: long lists are paginated
READER_URL = "/reader?article="  # the Reader opens the article named by ?article=
MIN_DATE, MAX_DATE = dt.date(1800, 1, 1), dt.date(2100, 12, 31)
SORTS = {
    "added (newest first)": ("added", False),
    "published (newest first)": ("published", False),
    "published (oldest first)": ("published", True),
    "title": ("title", True),
    "words": ("words", False),
    "entities": ("entities", False),
    "quotes": ("quotes", False),
}

key = store_key()  # first: before the page shows anything (see pages/_shared.py)
store = library()
editor = access()
limit_mb = int(st.get_option("server.maxUploadSize"))
state = st.session_state
state.setdefault("uploader_round", 0)

st.title("Library")


def as_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if valid_date(value) else None


def date_field(label: str, value: dt.date | None, key: str) -> dt.date | None:
    return st.date_input(
        label, value=value, min_value=MIN_DATE, max_value=MAX_DATE, format="YYYY-MM-DD", key=key
    )


def show_outcomes(outcomes: list[Outcome]) -> None:
    counts = {s: sum(o.status == s for o in outcomes) for s in (ADDED, PRESENT, REJECTED)}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    (st.error if counts[REJECTED] else st.success)(f"Outcome: {summary}.")
    if any(NOT_ENGLISH in o.warnings for o in outcomes):
        st.warning(NOT_ENGLISH + " See the notes below.")
    table = pd.DataFrame(
        {
            "file": [o.file for o in outcomes],
            "outcome": [o.status for o in outcomes],
            "why / notes": ["; ".join(x for x in [o.detail, *o.warnings] if x) for o in outcomes],
            "open": [READER_URL + o.article_id if o.article_id else None for o in outcomes],
        }
    )
    if table["open"].isna().all():
        table = table.drop(columns="open")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"open": st.column_config.LinkColumn("open", display_text="Open")},
    )
    csv_download(table, "upload-outcome.csv", key="outcome_csv", label="Download this list (CSV)")


def read_upload(upload) -> Document | str:
    """One uploaded file read once per upload (kept in the session): Document or error."""
    cache = state.setdefault("read_cache", {})
    if upload.file_id not in cache:
        try:
            cache[upload.file_id] = read_bytes(
                upload.name, upload.getvalue(), max_bytes=limit_mb * 1024 * 1024
            )
        except IngestError as error:  # the file cannot become an article: the reason
            cache[upload.file_id] = str(error)
        except Exception as error:  # noqa: BLE001 - a bug, not the file: logged, said so
            log.exception("reading the upload %r failed", display_name(upload.name))
            cache[upload.file_id] = (
                f"{display_name(upload.name)}: not read because of an unexpected error "
                f"({type(error).__name__}) in this app or a library it uses, not a known "
                "problem of the file; it is logged for the developers"
            )
    found = cache[upload.file_id]
    return found if isinstance(found, str) else replace(found, warnings=list(found.warnings))


def read_uploads(files) -> tuple[list[tuple[str, Document]], list[Outcome]]:
    """Uploaded files -> (new documents keyed by upload id, outcomes known already)."""
    ready, known, seen = [], [], {}
    for upload in files:
        document = read_upload(upload)
        if isinstance(document, str):
            known.append(Outcome(display_name(upload.name), REJECTED, document))
            continue
        article_id = article_id_for(document.text)
        if store.has(article_id):
            known.append(Outcome(document.file, PRESENT, "same text already stored", article_id))
        elif article_id in seen:
            known.append(Outcome(document.file, PRESENT, f"same text as {seen[article_id]}"))
        else:
            seen[article_id] = document.file
            ready.append((upload.file_id, document))
    return ready, known


def metadata_fields(prefix: str, document: Document) -> None:
    """The metadata of one document, filled in with what was found: the document's own
    title, else its first line that is not a caption, credit or byline. Not in a form: a
    date filled in reruns the page, so that the warning about a missing date goes."""
    left, right = st.columns(2)
    title = document.title or title_from_text(document.text)
    left.text_input("Title", title, key=f"{prefix}-title")
    right.text_input("Source", document.source, key=f"{prefix}-source")
    left.text_input("URL", document.url, key=f"{prefix}-url")
    with right:
        published = date_field(
            "Publication date", as_date(document.published), f"{prefix}-published"
        )
    if not published:
        st.caption(
            "⚠️ No publication date found. The date anchors the timeline: set it here, "
            "or the article is stored without one (relative dates stay unresolved)."
        )


def with_metadata(prefix: str, document: Document) -> Document:
    published = state.get(f"{prefix}-published")
    document.title = state.get(f"{prefix}-title", "").strip()
    document.source = state.get(f"{prefix}-source", "").strip()
    document.url = state.get(f"{prefix}-url", "").strip()
    document.published = published.isoformat() if published else None
    return document


def queue_for_analysis(documents: list[Document], known: list[Outcome]) -> None:
    """Queue the documents for the analysis worker (in one transaction) and follow the
    batch: the page stays usable, the analysis runs in its own process."""
    batch = queue_documents(store, documents, require_editor().signature)
    state["batch"] = {"id": batch, "known": known}


def job_outcomes(jobs: list[Job]) -> list[Outcome]:
    return [Outcome(j.file, j.outcome or REJECTED, j.detail, j.article_id, j.warnings)
            for j in jobs if j.finished]  # fmt: skip


@st.fragment(run_every=1.0)
def batch_progress(batch: str) -> None:
    """The batch's progress, read from the queue every second while it runs; the whole
    page runs again once it has finished (the list shows the new articles)."""
    jobs = batch_jobs(store, batch)
    share, what = progress_of(jobs)
    if all(job.finished for job in jobs):
        st.rerun()
    st.progress(share, text=markdown_escape(what))
    st.caption("You can use the other pages meanwhile: the analysis goes on in the background.")


@st.fragment(run_every=1.0)
def reanalysis_progress(batch: str) -> None:
    """A re-analysis queued in this session: its progress while it runs, then its outcome."""
    (job,) = batch_jobs(store, batch) or [None]
    if job is None or job.finished:
        state.pop("reanalysis", None)
        if job is not None and job.state == "failed":
            state["flash_error"] = f"The analysis could not be recomputed: {job.detail}"
        else:
            state["flash"] = "The analysis was recomputed."
        st.rerun()
    st.progress(job.progress, text=markdown_escape(f"Re-analysing ({job.progress:.0%})…"))


def show_batch() -> None:
    """The batch queued last in this session: its progress, or its outcome once done."""
    batch = state["batch"]
    jobs = batch_jobs(store, batch["id"])
    if jobs and not all(job.finished for job in jobs):
        batch_progress(batch["id"])
    else:
        show_outcomes(batch["known"] + job_outcomes(jobs))


articles_tab, add_tab = st.tabs(["Articles", "Add articles"])

# -- adding ----------------------------------------------------------------------------

with add_tab:
    if not editor.can_edit:
        st.info("Viewers read and download: log in with an editor's account to add articles.")
    else:
        st.subheader("Upload files")
        uploads = st.file_uploader(
            "Articles to add",
            type=sorted(s.lstrip(".") for s in SUFFIXES),
            accept_multiple_files=True,
            key=f"uploads-{state['uploader_round']}",
            help="Main text and metadata are read from web pages; PDFs need a text layer.",
        )
        st.caption(
            f"Text (.txt, .md), web pages (.html, .htm), PDF (.pdf) and Word (.docx) files, "
            f"several at once, up to {limit_mb} MB each."
        )
        if uploads:
            state.pop("batch", None)  # a new batch: the last one's outcome is done with
        elif "batch" in state:
            show_batch()
        if uploads:
            ready, known = read_uploads(uploads)
            if known:
                st.markdown("**Cannot be added**")
                show_outcomes(known)
            if ready:
                # no form: a date filled in clears its warning at once
                st.markdown(f"**Check the metadata of {len(ready)} new article(s)**")
                for upload_id, document in ready:
                    with st.container(border=True):
                        words = len(document.text.split())
                        st.text(f"{document.file} · {words:,} words")
                        for warning in document.warnings:
                            st.warning(markdown_escape(warning))
                        metadata_fields(f"meta-{upload_id}", document)
                submitted = st.button(
                    f"Analyse and add {len(ready)} article(s)", type="primary", key="add-uploads"
                )
                if submitted:
                    documents = [with_metadata(f"meta-{i}", d) for i, d in ready]
                    queue_for_analysis(documents, known)
                    state["uploader_round"] += 1  # a fresh, empty uploader
                    state.pop("read_cache", None)
                    st.rerun()

        st.subheader("Paste text")
        with st.container(border=True):
            pasted = st.text_area("Article text", height=200, key="paste-text")
            metadata_fields("paste", Document(text="", file="pasted text"))
            if st.button("Analyse and add the text", key="add-paste"):
                try:
                    document = read_bytes("pasted text.txt", pasted.encode("utf-8"))
                except IngestError as error:
                    message = str(error).replace("pasted text.txt", "The pasted text", 1)
                    st.error(markdown_escape(message))
                else:
                    document.file = "pasted text"
                    document = with_metadata("paste", document)
                    queue_for_analysis([document], [])
                    st.rerun()

# -- the table: filtered, sorted and paginated in SQL (one page read at a time) --------


@st.cache_data(show_spinner=False, max_entries=64)
def listed_count(key, listing: Listing) -> int:
    return count_listed(snapshot(), listing)


@st.cache_data(show_spinner=False, max_entries=64)
def listed_page(key, listing: Listing, first: int) -> pd.DataFrame:
    return listed_articles(snapshot(), listing, first, PAGE_SIZE)


@st.cache_data(show_spinner=False, max_entries=2)
def sources_of(key) -> list[str]:
    return article_sources(snapshot())


@st.cache_data(show_spinner=False, max_entries=16)
def search_of(key, query: str) -> list[str]:
    return snapshot().search(query)


with articles_tab:
    total = article_count(key)
    if not total:
        st.info("The library is empty: add articles in the *Add articles* tab.")
        st.stop()
    search_column, source_column, sort_column = st.columns([2, 1.4, 1])
    query = search_column.text_input(
        "Search", key="search", placeholder="words in titles, text or entity names"
    )
    chosen_sources = source_column.multiselect("Sources", sources_of(key), key="sources")
    sort = sort_column.selectbox("Sort by", list(SORTS), key="sort")
    date_from, date_to, undated = st.columns([1, 1, 2])
    since = date_from.date_input(
        "Published from", value=None, min_value=MIN_DATE, max_value=MAX_DATE, key="since"
    )
    until = date_to.date_input(
        "Published until", value=None, min_value=MIN_DATE, max_value=MAX_DATE, key="until"
    )
    only_undated = undated.checkbox("Only articles without a publication date", key="undated")

    column, ascending = SORTS[sort]
    listing = Listing(
        ids=tuple(search_of(key, query.strip())) if query.strip() else None,
        sources=tuple(chosen_sources),
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        undated=only_undated,
        sort=column,
        ascending=ascending,
    )
    shown_count = listed_count(key, listing)
    first, showing = page_picker(shown_count, PAGE_SIZE, "library_page")
    st.caption(f"{shown_count} of {total} article(s)" + f" · {showing}" * bool(showing))
    listed = listed_page(key, listing, first)
    listed = listed.assign(open=READER_URL + listed["article_id"])
    st.dataframe(
        listed[["title", "source", "published", "words", "entities", "quotes", "added", "open"]],
        hide_index=True,
        width="stretch",
        key="articles",
        column_config={
            "title": st.column_config.TextColumn("title", width="large"),
            "open": st.column_config.LinkColumn("open", display_text="Open in Reader"),
        },
    )
    csv_download(
        lambda: frame("articles", listed_articles(store, listing)),
        "articles.csv",
        key="articles_csv",
        label="Download the articles shown (CSV)",
    )
    if listed.empty:
        st.stop()

    # -- one article: open, edit, re-analyse, delete -----------------------------------
    st.subheader("Manage an article")
    titles = dict(zip(listed["article_id"], listed["title"], strict=True))
    article_id = st.selectbox(
        "Article", list(titles), format_func=lambda i: titles[i] or i, key="manage"
    )
    article = store.article(article_id)
    if article is None:  # deleted by someone else since the table was read
        st.rerun()
    if re.fullmatch(r"[0-9a-f]{16}", article_id):  # ids are hex digests: safe in a link
        st.markdown(f"[Open in the Reader]({READER_URL}{article_id})")
    analysis = store.analysis(article_id)
    for warning in analysis.warnings if analysis else []:
        st.warning(markdown_escape(warning))
    if flash := state.pop("flash", None):
        st.success(markdown_escape(flash))
    if flash_error := state.pop("flash_error", None):
        st.error(markdown_escape(flash_error))

    if reason := failures(store).get(article_id):
        st.error(
            markdown_escape(f"The analysis with the current pipeline failed: {reason}"),
            icon=":material/error:",
        )
    if (reanalysis := state.get("reanalysis")) and reanalysis["article"] == article_id:
        reanalysis_progress(reanalysis["id"])
    if not editor.can_edit:
        st.caption("Viewers read and download: log in with an editor's account to edit.")
        st.stop()

    def queue_again(store, article_id: str) -> str:
        batch = queue_reanalysis(store, article_id, editor.signature)
        state["reanalysis"] = {"id": batch, "article": article_id}
        return batch

    with st.form(f"edit-{article_id}"):
        left, right = st.columns(2)
        title = left.text_input("Title", article.title)
        source = right.text_input("Source", article.source)
        url = left.text_input("URL", article.url)
        with right:
            published = date_field(
                "Publication date", as_date(article.published), f"edit-date-{article_id}"
            )
        author = left.text_input("Author", store.author(article_id))
        if st.form_submit_button("Save metadata"):
            require_editor()
            recomputed = edit_metadata(
                store,
                article_id,
                recompute=queue_again,
                title=title.strip(),
                source=source.strip(),
                url=url.strip(),
                published=published.isoformat() if published else None,
                author=author.strip(),
            )
            state["flash"] = "Metadata saved" + (
                "; the analysis is being recomputed (its date or title changed)."
                if recomputed
                else "."
            )
            st.rerun()

    reanalyse_column, delete_column = st.columns(2)
    if reanalyse_column.button("Re-analyse", key="reanalyse"):
        require_editor()
        queue_again(store, article_id)
        st.rerun()
    if delete_column.button("Delete…", key="delete"):
        state["confirm_delete"] = article_id
    if state.get("confirm_delete") == article_id:
        st.warning("Delete this article and its analysis? This cannot be undone.")
        st.text(article.title)
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", type="primary", key="delete-yes"):
            require_editor()
            store.delete(article_id)
            state.pop("confirm_delete")
            state["flash"] = "The article was deleted."
            st.rerun()
        if no.button("Cancel", key="delete-no"):
            state.pop("confirm_delete")
            st.rerun()
