"""What the Search, Batch search and Entity dossier pages share: the corpus's entities to
pick from, and links to a search, a dossier and the Reader."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode

import streamlit as st

from analysis.corpus import search
from analysis.corpus.entities import CorpusEntity
from analysis.extract.entities import entity_id as make_entity_id
from analysis.output.highlight import markdown_escape
from pages._shared import corpus_view, snapshot

MAX_OPTIONS = 100  # entities a picker offers at once; typing words finds the others


@corpus_view()
def entity_index(key) -> tuple[list[CorpusEntity], dict[str, CorpusEntity]]:
    """The corpus's canonical entities (corrections applied), most mentioned first, and
    by id: computed once per change of the store."""
    from analysis.corpus.rows import corpus_entities  # pandas: loaded by the pages that list

    entities = corpus_entities(snapshot())
    return entities, {e.entity_id: e for e in entities}


def entity_label(entity: CorpusEntity) -> str:
    return f"{entity.name} ({entity.type}, {entity.articles} article(s))"


def entity_picker(key, label: str, state_key: str, help: str, types: list[str] = ()) -> list[str]:
    """A multiselect of canonical entities (ids): the MAX_OPTIONS most mentioned whose name
    or an alias contains the words typed above it (of `types`, when given), and those
    chosen (they stay whatever the words)."""
    entities, by_id = entity_index(key)
    words = st.text_input(
        f"Find {label.lower()}", key=f"{state_key}_words", placeholder="part of a name or alias"
    )
    needle = " ".join(words.split()).casefold()
    offered = []
    for entity in entities:
        if len(offered) >= MAX_OPTIONS:
            break
        if types and entity.type not in types:
            continue
        if not needle or any(needle in n.casefold() for n in (entity.name, *entity.aliases)):
            offered.append(entity.entity_id)
    chosen = [i for i in st.session_state.get(state_key, []) if i in by_id]
    options = list(dict.fromkeys([*chosen, *offered]))
    if needle and not offered:
        st.caption("No entity has a name or alias with these words.")
    return st.multiselect(
        label,
        options,
        format_func=lambda i: entity_label(by_id[i]) if i in by_id else i,
        key=state_key,
        help=help,
        placeholder="any",
    )


# a table's column of dossier links
DOSSIER_COLUMN = st.column_config.LinkColumn("dossier", display_text="open", width="small")


def dossier_links(typed_names) -> str:
    """Markdown links to the dossiers of (type, name) pairs (a name a chart shows: its
    entity's id is made from them, as the pipeline made it)."""
    return " · ".join(
        f"[{markdown_escape(name)}]({dossier_link(make_entity_id(kind, name))})"
        for kind, name in typed_names
    )


def search_link(query: str, **params: str) -> str:
    """A relative link to the Search page with a query (and filters, e.g. entity=ID)."""
    return "search?" + urlencode({"q": query, **{k: v for k, v in params.items() if v}})


def dossier_link(entity_id: str, **params: str) -> str:
    """A relative link to an entity's dossier (and, e.g., the evidence of one count)."""
    return "dossier?" + urlencode({"entity": entity_id, **params})


def reader_hit_link(article_id: str, query: str = "", at: int | None = None) -> str:
    """A relative link to the Reader at an article with a search's hits marked; `at` (the
    offset of a hit in its text) says which sentence to open at."""
    params = {"article": article_id} | ({"q": query} if query else {})
    if at is not None:
        params["hit"] = str(at)
    return "reader?" + urlencode(params)


@st.cache_data(show_spinner=False, max_entries=16)
def search_marks(
    key, article_id: str, query: str, at: int | None
) -> tuple[list[tuple[int, int]], int | None, str]:
    """What the Reader marks of a search: the hits in an article's text, the sentence to
    open at (the one holding the hit at offset `at`, else the first hit's), and a message
    when the query cannot be read."""
    try:
        spans = search.hit_spans(snapshot(), article_id, query)
    except search.QueryError as error:
        return [], None, str(error)
    starts = [span[0] for span in spans]
    target = at if at is not None and any(s <= at < e for s, e in spans) else None
    target = starts[0] if target is None and starts else target
    if target is None:
        return spans, None, ""
    analysis = snapshot().analysis(article_id)
    sentence = next(
        (s.index for s in analysis.sentences if s.start <= target < s.end), None
    ) if analysis else None  # fmt: skip
    return spans, sentence, ""


class ReaderHits(NamedTuple):
    spans: list[tuple[int, int]]
    sentence: int | None


def search_hits(article_id: str, key, focus_sentence: int | None) -> ReaderHits:
    """The Reader's part of a search: with `q` in its link, the hits of that query in the
    article are marked and said above the text, with a link back to the results; `hit`
    (an offset) picks the sentence to open at, unless the link names a sentence."""
    query = st.query_params.get("q", "")
    if not query.strip():
        return ReaderHits([], None)
    at = st.query_params.get("hit", "")
    spans, sentence, problem = search_marks(
        key, article_id, query, int(at) if at.isdigit() else None
    )
    back = f"[back to the results]({search_link(query)})"
    if problem:
        st.warning(markdown_escape(f"The search {query} cannot be read: {problem}"))
    elif not spans:
        st.caption(
            markdown_escape(f"Search {query}: no hit in the text (its title or the names "
                            "of its entities match).") + f" · {back}"
        )  # fmt: skip
    else:
        st.caption(
            markdown_escape(f"Search {query}: {len(spans)} hit(s) marked in the text")
            + (", the matching sentence shaded" if sentence is not None else "")
            + f" · {back}"
        )
    return ReaderHits(spans, sentence if focus_sentence is None else focus_sentence)


# the sentence may be laid out after this runs: look again for a few seconds
SCROLL_SCRIPT = """<script>
(function (tries) {
  const go = () => {
    const sentence = document.getElementById("sentence-%d");
    if (sentence) sentence.scrollIntoView({block: "center"});
    else if (tries-- > 0) setTimeout(go, 100);
  };
  go();
})(50);
</script>"""


def scroll_to_sentence(index: int | None) -> None:
    """Bring a sentence of the Reader's text into view (a link opened at a sentence)."""
    if index is not None:
        st.html(SCROLL_SCRIPT % int(index), unsafe_allow_javascript=True)
