"""Entity dossier: everything about one canonical entity (corrections applied), every
count a link to its evidence (the sentences, each opening the Reader there), and a CSV
per section."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.corpus import dossier
from analysis.output.highlight import TYPE_COLOURS, markdown_escape
from pages._find import DOSSIER_COLUMN, dossier_link, entity_index, entity_label, search_link
from pages._shared import article_count, csv_download, library, reader_link, snapshot, store_key

MAX_ROWS = 500  # rows a section's table shows; its CSV has them all
MAX_OPTIONS = 100
COUNT = r"n=(\d+)$"  # a count link shows the count it ends with
READER_COLUMN = st.column_config.LinkColumn("Reader", display_text="open")


@st.cache_data(show_spinner=False, max_entries=16)
def parts(key, entity_id: str) -> dict | None:
    """Every section of one entity's dossier, read once per change of the store."""
    store = snapshot()
    profile = dossier.profile(store, entity_id)
    if profile is None:
        return None
    aliases = dossier.aliases(store, entity_id)
    behind = dossier.corrections_behind(store, entity_id, profile.type, list(aliases["alias"]))
    brought = dossier.alias_corrections(list(aliases["alias"]), behind, profile.type)
    quotes = dossier.quotes_by(store, entity_id)
    return {
        "profile": profile,
        "aliases": aliases.assign(correction=[brought.get(a, "") for a in aliases["alias"]]),
        "corrections": pd.DataFrame(
            [
                {
                    "correction": c.correction_id,
                    "what": c.describe(),
                    "by": c.author,
                    "when": c.created,
                    "undone": "yes" if c.undone else "",
                }
                for c in behind
            ],
            columns=["correction", "what", "by", "when", "undone"],
        ),  # fmt: skip
        "over_time": dossier.mentions_over_time(store, entity_id),
        "articles": dossier.articles_naming(store, entity_id),
        "quotes": quotes,
        "named_by": dossier.named_by(store, entity_id),
        "names": dossier.names(store, entity_id),
        "via": dossier.relayed_via(quotes),
        "events": dossier.events_of(store, entity_id),
        "named_with": dossier.named_with(store, entity_id),
    }


@st.cache_data(show_spinner=False, max_entries=16)
def evidence_of(key, entity_id: str, kind: str, value: str) -> tuple[pd.DataFrame, int]:
    return dossier.evidence(snapshot(), entity_id, kind, value)


def count_links(entity_id: str, kind: str, values, counts) -> list[str]:
    """Links to the evidence of each count (shown as the count itself)."""
    return [
        dossier_link(entity_id, evidence=f"{kind}:{value}", n=str(int(n)))
        for value, n in zip(values, counts, strict=True)
    ]


def count_column(label: str, help: str | None = None):
    return st.column_config.LinkColumn(label, display_text=COUNT, help=help)


def linked(table: pd.DataFrame, entity_id: str, kind: str, by: str, counts: tuple[str, ...]):
    """The table with each of its count columns a link to the evidence of its row (the
    sentences of `kind` whose value is the row's `by`), and their column configs."""
    present = [c for c in counts if c in table.columns]
    links = {c: count_links(entity_id, kind, table[by], table[c]) for c in present}
    return table.assign(**links), {c: count_column(c) for c in present}


def reader_links(table: pd.DataFrame) -> list[str]:
    return [
        reader_link(a, int(s)) for a, s in zip(table["article_id"], table["sentence"], strict=True)
    ]


def section(title: str, table: pd.DataFrame, file_name: str, note: str = "") -> bool:
    """A section's heading, its CSV (the whole table) and whether it has rows."""
    st.subheader(title, anchor=False)
    if table.empty:
        st.caption(note or "None.")
        return False
    if len(table) > MAX_ROWS:
        st.caption(f"The first {MAX_ROWS} of {len(table)}; the CSV has them all.")
    csv_download(table, file_name, key=f"dossier_{file_name}", label=f"{title} (CSV)")
    return True


def choose_entity(key) -> str | None:
    """The entity of the dossier: the link's, or one the analyst finds here."""
    entities, by_id = entity_index(key)
    requested = st.query_params.get("entity", "")
    if requested in by_id and st.session_state.get("dossier_link") != requested:
        st.session_state["dossier_link"] = requested
        st.session_state["dossier_entity"] = requested
    words = st.text_input("Find an entity", key="dossier_words", placeholder="a name or alias")
    needle = " ".join(words.split()).casefold()
    options = [
        e.entity_id
        for e in entities
        if not needle or any(needle in n.casefold() for n in (e.name, *e.aliases))
    ][:MAX_OPTIONS]
    current = st.session_state.get("dossier_entity")
    if current in by_id and current not in options:
        options.insert(0, current)
    chosen = st.selectbox(
        "Entity",
        [""] + options,
        format_func=lambda i: "—" if not i else entity_label(by_id[i]),
        key="dossier_entity",
    )
    if chosen and st.query_params.get("entity") != chosen:
        st.query_params["entity"] = chosen
        st.query_params.pop("evidence", None)
        st.query_params.pop("n", None)
    if requested and requested not in by_id:
        st.warning("No entity of the corpus has this id (a correction may have renamed it).")
    return chosen or None


def show_evidence(key, entity_id: str, name: str) -> None:
    """The sentences behind the count a link named (?evidence=kind:value)."""
    asked = st.query_params.get("evidence", "")
    kind, _, value = asked.partition(":")
    if kind not in dossier.EVIDENCE_KINDS:
        return
    rows, total = evidence_of(key, entity_id, kind, value)
    with st.container(border=True):
        what = {
            "alias": f"mentions written “{value}”",
            "period": f"mentions in {value or 'undated articles'}",
            "article": "mentions in one article", "with": "sentences naming both",
            "named_by": "quotes naming it", "names": "its quotes naming the other",
            "via": f"its quotes relayed through {value}",
            "quotes": f"its {dossier.KIND_LABELS.get(value, value)}",
        }[kind]  # fmt: skip
        st.markdown(f"**Evidence: {total} {markdown_escape(what)} · {markdown_escape(name)}**")
        if total > len(rows):
            st.caption(f"The first {len(rows)} in corpus order; the CSV has them all.")
        st.dataframe(
            rows.assign(reader=reader_links(rows)),
            hide_index=True, width="stretch",
            column_order=["title", "published", "text", "sentence_text", "reader"],
            column_config={"reader": READER_COLUMN,
                           "text": "mention / quote", "sentence_text": "in its sentence"},
            key="dossier_evidence",
        )  # fmt: skip
        csv_download(
            lambda: dossier.evidence(library(), entity_id, kind, value, limit=None)[0],
            f"evidence-{kind}.csv", key="dossier_evidence_csv", label="Evidence (CSV)",
        )  # fmt: skip


key = store_key()
if not article_count(key):
    st.info("The store has no articles yet.")
    st.stop()
st.title("Entity dossier")
entity_id = choose_entity(key)
if not entity_id:
    st.info("Choose an entity, or open one from any page: every entity name links here.")
    st.stop()
found = parts(key, entity_id)
if found is None:
    st.warning("This entity is named in no article now.")
    st.stop()
profile = found["profile"]

st.header(markdown_escape(profile.name), anchor=False)
facts = [profile.type, f"{profile.mentions} mention(s) in {profile.articles} article(s)"]
if profile.linked_country:
    facts.append(f"country: {profile.linked_country}")
st.caption(markdown_escape(" · ".join(facts)))
st.markdown(
    f"[Search the articles naming it]({search_link('', entity=entity_id)}) · "
    f"[Correct it on the Entities page](entities?{urlencode({'entity': entity_id})})"
)
show_evidence(key, entity_id, profile.name)

names_column, corrections_column = st.columns([1, 1], gap="large")
with names_column:
    aliases = found["aliases"]
    if section("Names (aliases)", aliases, "aliases.csv"):
        shown, config = linked(aliases.head(MAX_ROWS), entity_id, "alias", "alias",
                               ("mentions", "articles"))  # fmt: skip
        st.dataframe(
            shown, hide_index=True, width="stretch", key="dossier_aliases",
            column_config=config | {"correction": "brought by correction"},
        )  # fmt: skip
with corrections_column:
    if section("Corrections behind them", found["corrections"], "corrections.csv",
               "No correction concerns this entity."):  # fmt: skip
        st.dataframe(found["corrections"], hide_index=True, width="stretch")

over_time = found["over_time"]
if section("Mentions over time", over_time, "mentions-over-time.csv"):
    dated = over_time[over_time["period"] != ""]
    if not dated.empty:
        colours = [TYPE_COLOURS.get(profile.type, "#888")]
        figure = px.bar(dated, x="period", y="mentions", hover_data=["articles"], height=260,
                        color_discrete_sequence=colours)  # fmt: skip
        figure.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_title=None)
        figure.update_traces(marker_line_color="#555", marker_line_width=0.5)
        st.plotly_chart(figure, key="dossier_over_time", width="stretch")
    shown, config = linked(over_time, entity_id, "period", "period", ("mentions", "articles"))
    st.dataframe(
        shown.assign(period=shown["period"].replace("", "undated")),
        hide_index=True, width="stretch", key="dossier_periods", column_config=config,
    )  # fmt: skip

articles = found["articles"]
if section("Articles naming it", articles, "articles.csv"):
    shown, config = linked(articles.head(MAX_ROWS), entity_id, "article", "article_id",
                           ("mentions",))  # fmt: skip
    st.dataframe(
        shown.assign(reader=reader_links(shown)),
        hide_index=True, width="stretch", key="dossier_articles",
        column_order=["title", "source", "published", "mentions", "reader"],
        column_config=config | {"reader": READER_COLUMN},
    )  # fmt: skip

quotes = found["quotes"]
counts = dossier.kind_counts(quotes)
if section("What it said", quotes, "quotes.csv", "No quote or stance is attributed to it."):
    st.caption(
        " · ".join(f"{dossier.KIND_LABELS[k]}: {n}" for k, n in counts.items())
        + " (stances are beliefs, intentions and findings attributed to it, not speech)"
    )
    tabs = st.tabs([f"{dossier.KIND_LABELS[k]} ({n})" for k, n in counts.items()])
    for tab, kind in zip(tabs, counts, strict=True):
        of_kind = quotes[quotes["kind"] == kind].head(MAX_ROWS)
        with tab:
            if of_kind.empty:
                st.caption("None.")
                continue
            st.markdown(
                f"[All {counts[kind]} as evidence]"
                f"({dossier_link(entity_id, evidence=f'quotes:{kind}', n=str(counts[kind]))})"
            )
            st.dataframe(
                of_kind.assign(reader=reader_links(of_kind)),
                hide_index=True, width="stretch", key=f"dossier_quotes_{kind}",
                column_order=["quote", "cue", "title", "published", "via", "reader"],
                column_config={"quote": st.column_config.TextColumn(width="large"),
                               "reader": READER_COLUMN},
            )  # fmt: skip


def entity_table(table: pd.DataFrame, kind: str, count: str, key_name: str) -> None:
    """Other entities with the count linked to its evidence and their own dossier."""
    shown, config = linked(table.head(MAX_ROWS), entity_id, kind, "entity_id",
                           (count, "stances", "articles"))  # fmt: skip
    st.dataframe(
        shown.assign(dossier=[dossier_link(i) for i in shown["entity_id"]]),
        hide_index=True, width="stretch", key=key_name,
        column_order=["name", "type", *config, "dossier"],
        column_config=config | {"dossier": DOSSIER_COLUMN},
    )  # fmt: skip


st.subheader("Who quotes or mentions it, and whom it mentions", anchor=False)
by_column, via_column, names_column = st.columns(3, gap="large")
with by_column:
    if section("Mentioned by (in their quotes)", found["named_by"], "mentioned-by.csv"):
        entity_table(found["named_by"], "named_by", "quotes", "dossier_named_by")
with via_column:
    via = found["via"]
    if section("Its words relayed by", via, "relayed-by.csv"):
        shown, config = linked(via, entity_id, "via", "via", ("quotes",))
        st.dataframe(shown, hide_index=True, width="stretch", key="dossier_via",
                     column_config=config)  # fmt: skip
with names_column:
    if section("It mentions (in its quotes)", found["names"], "mentions.csv"):
        entity_table(found["names"], "names", "quotes", "dossier_names")

events = found["events"]
if section("Events it is an actor in", events, "events.csv"):
    dated = events[events["first_day"] != ""]
    if not dated.empty:
        figure = px.scatter(
            dated, x="first_day", y=["events"] * len(dated), hover_name="description",
            hover_data={"date": True, "title": True, "first_day": False}, height=170,
        )  # fmt: skip
        figure.update_traces(marker={"size": 11, "color": TYPE_COLOURS.get(profile.type, "#888"),
                                     "line": {"color": "#333", "width": 1}})  # fmt: skip
        figure.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10},
                             xaxis_title=None, yaxis_title=None, yaxis_visible=False)  # fmt: skip
        st.plotly_chart(figure, key="dossier_events_chart", width="stretch")
    shown = events.head(MAX_ROWS)
    st.dataframe(
        shown.assign(reader=reader_links(shown)),
        hide_index=True, width="stretch", key="dossier_events",
        column_order=["date", "description", "actors", "title", "timeline", "reader"],
        column_config={"reader": READER_COLUMN},
    )  # fmt: skip

if section("Named with it most (in one sentence)", found["named_with"], "named-with.csv"):
    entity_table(found["named_with"], "with", "sentences", "dossier_named_with")
