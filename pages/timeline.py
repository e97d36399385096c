"""Timeline: the events the articles tell of, anchored to each article's publication date."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.highlight import highlight_html, markdown_escape, plot_text
from analysis.timeline import filter_events, lanes, timeline_of_rows
from pages._shared import (
    article_with_analysis,
    corpus_rows,
    corpus_tables,
    corpus_view,
    csv_download,
    store_key,
)

MAX_DRAWN = 1500  # events drawn at once: a chart of every event of a large corpus is unreadable
MAX_LISTED = 1000
PRECISION_COLOURS = {"day": "#d62828", "week": "#f77f00", "month": "#3a86ff", "quarter": "#8338ec",
                     "season": "#8338ec", "year": "#2a9d8f", "decade": "#6c757d"}  # fmt: skip


@corpus_view(max_entries=16)
def events_frame(key) -> pd.DataFrame:
    return timeline_of_rows(corpus_rows(key))


def hover_text(row) -> str:
    """Plotly renders a subset of HTML in hover labels: escape everything from the text."""
    return (
        f"<b>{plot_text(row.description)}</b><br>date {plot_text(row.date)} "
        f"(written “{plot_text(row.date_text)}”)<br>article: {plot_text(row.title)}"
    )


def chart(shown: pd.DataFrame, lane_by: str) -> go.Figure:
    rows = lanes(shown, lane_by)
    figure = go.Figure()
    spans = rows[rows["precision"] != "day"]
    for precision, group in spans.groupby("precision"):
        figure.add_trace(
            go.Bar(
                base=group["start"],
                x=(group["finish"] - group["start"]).dt.total_seconds() * 1000,
                y=group["lane"],
                orientation="h",
                name=f"{precision} (span)",
                marker_color=PRECISION_COLOURS.get(precision, "#adb5bd"),
                opacity=0.35,
                hoverinfo="skip",
            )
        )
    middle = rows["start"] + (rows["finish"] - rows["start"]) / 2
    colours = [PRECISION_COLOURS.get(p, "#adb5bd") for p in rows["precision"]]
    figure.add_trace(
        go.Scatter(
            x=middle,
            y=rows["lane"],
            mode="markers",
            name="event (click for evidence)",
            marker={"size": 13, "color": colours, "line": {"width": 1, "color": "#1b1b1b"}},
            customdata=rows[["event_id", "article_id"]].to_numpy(),
            hovertext=[hover_text(row) for row in rows.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    figure.update_layout(
        barmode="overlay",
        height=max(320, 34 * rows["lane"].nunique() + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"type": "date", "title": None},
        yaxis={"title": None, "autorange": "reversed"},
        legend={"orientation": "h", "y": 1.08},
        clickmode="event+select",
    )
    return figure


def show_evidence(event: pd.Series, key) -> None:
    article, analysis = article_with_analysis(event["article_id"], key)
    names = {e.entity_id: e.name for e in analysis.entities}
    indices = {sentence for sentence, *_ in event["evidence"]}
    sentences = [s for s in analysis.sentences if s.index in indices]
    st.subheader(markdown_escape(event["description"]), anchor=False)
    st.text(
        f"{event['date'] or 'undated'} · written “{event['date_text'] or '—'}” · "
        f"precision {event['precision'] or '—'} · {event['title']}"
    )
    st.html(
        highlight_html(
            article.text,
            sentences,
            [m for m in analysis.mentions if m.sentence in indices],
            names,
            selected_entity=None,
            excerpt=True,
        )
    )
    for sentence in sentences:
        st.page_link(
            "pages/reader.py",
            label=f"Open in the Reader at sentence {sentence.index + 1}",
            query_params={"article": article.article_id, "sentence": str(sentence.index)},
            icon=":material/article:",
        )


@corpus_view(max_entries=16)
def choices(key):
    """Filter options and the date span: computed once per change of the store."""
    events = events_frame(key)
    titles = events.drop_duplicates("article_id").set_index("article_id")["title"].to_dict()
    actors = sorted({name for names in events["actors"] for name in names})
    types = sorted({t for found in events["actor_types"] for t in found})
    dated = events[events["start"].notna()]
    span = None
    if not dated.empty:
        last = dated["finish"].max() - pd.Timedelta(days=1)
        span = (dated["start"].min().date(), last.date())
    return titles, actors, types, span


@corpus_view(max_entries=16)
def view(key, articles: tuple, entities: tuple, types: tuple, date_range):
    """The events under the filters, dated and undated, and their rows in the CSV schema:
    computed once per change of the store and of the filters."""
    events = events_frame(key)
    shown = filter_events(events, list(articles), list(entities), list(types), date_range)
    dated, undated = shown[shown["start"].notna()], shown[shown["start"].isna()]
    events_csv = corpus_tables(key)["events"]
    csv_keys = pd.MultiIndex.from_frame(events_csv[["event_id", "article_id"]])

    def rows_of(part: pd.DataFrame) -> pd.DataFrame:
        wanted = pd.MultiIndex.from_frame(part[["event_id", "article_id"]])
        return events_csv[csv_keys.isin(wanted)]

    return shown, dated, undated, rows_of(shown), rows_of(undated)


key = store_key()
events = events_frame(key)
st.title("Timeline")
st.caption(
    "When things happened, as the articles tell it: "
    "dates read against each article's publication date."
)
if events.empty:
    st.info("No events found in the stored articles yet.")
    st.stop()

titles, all_actors, all_types, span = choices(key)
filters = st.columns([2, 2, 1.4, 1])
chosen_articles = filters[0].multiselect(
    "Articles", list(titles), format_func=lambda i: titles[i] or i, placeholder="All articles"
)
chosen_entities = filters[1].multiselect("Entities", all_actors, placeholder="Any entity")
chosen_types = filters[2].multiselect("Entity types", all_types, placeholder="Any type")
lane_by = filters[3].radio("One lane per", ["actor", "article"], horizontal=True)

date_range = None
if span and span[0] < span[1]:
    date_range = st.slider(
        "Dates", min_value=span[0], max_value=span[1], value=span, format="YYYY-MM-DD"
    )

shown, dated, undated, shown_csv, undated_csv = view(
    key, tuple(chosen_articles), tuple(chosen_entities), tuple(chosen_types), date_range
)

articles = corpus_rows(key)["articles"]
undated_articles = articles[articles["published"] == ""]["article_id"]
no_date = set(undated_articles) & set(shown["article_id"])
if no_date:
    st.warning(
        f"{len(no_date)} article(s) have no publication date, so their relative dates "
        "(“on Tuesday”, “last year”) could not be placed. Set the date in the Library."
    )

chart_column, undated_column = st.columns([3, 1], gap="large")
selected_id = None
with chart_column:
    if dated.empty:
        st.info("No dated events match the filters.")
    else:
        drawn = dated
        if len(dated) > MAX_DRAWN:
            drawn = dated.nlargest(MAX_DRAWN, "start")
            st.caption(
                f"The {MAX_DRAWN} latest of {len(dated)} dated events are drawn: narrow the "
                "dates or pick entities to see others. The table and the CSV have them all."
            )
        event = st.plotly_chart(
            chart(drawn, lane_by),
            on_select="rerun",
            selection_mode=("points",),
            key="timeline_chart",
        )
        points = (event or {}).get("selection", {}).get("points", []) if event else []
        if points:
            selected_id = tuple(points[0]["customdata"])
with undated_column:
    st.subheader(f"Undated ({len(undated)})")
    st.caption("Happenings the text gives no date for: never given a made-up one.")
    st.dataframe(
        undated[["description", "title"]].rename(columns={"title": "article"}),
        hide_index=True,
        width="stretch",
        height=min(600, 38 + 35 * len(undated)),
    )
    csv_download(
        undated_csv,
        "undated-events.csv",
        key="undated_csv",
        label="Download these (CSV)",
    )

# the events one can pick: those drawn and the first undated ones (a bounded list)
pickable = pd.concat([dated.nlargest(MAX_DRAWN, "start").sort_index(), undated.head(MAX_LISTED)])
options = [None, *[(r.event_id, r.article_id) for r in pickable.itertuples()]]
labels = {
    (r.event_id, r.article_id): f"{r.date or 'undated'} · {r.description}"
    for r in pickable.itertuples()
}
picked = st.selectbox(
    "Evidence for event",
    options,
    format_func=lambda o: "— click a point or pick one —" if o is None else labels[o],
    key="event_pick",
)
selected_id = selected_id or picked
if selected_id:
    match = shown[(shown["event_id"] == selected_id[0]) & (shown["article_id"] == selected_id[1])]
    if not match.empty:
        with st.container(border=True):
            show_evidence(match.iloc[0], key)

table = dated[["date", "precision", "description", "actors", "date_text", "title"]].assign(
    actors=dated["actors"].map("; ".join)
)
st.dataframe(table.head(MAX_LISTED), hide_index=True, width="stretch")
if len(table) > MAX_LISTED:
    st.caption(f"The first {MAX_LISTED} of {len(table)} events; the CSV below has them all.")
csv_download(shown_csv, "events.csv", key="events_csv", label="Download the events shown (CSV)")
