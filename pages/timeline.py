"""Timeline: the events the articles tell of, anchored to each article's publication date."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.corpus.timeline import (
    MAX_DRAWN,
    MAX_LANES,
    MAX_LISTED,
    Filters,
    date_window,
    events_csv,
    events_shown,
    lane_page,
    lanes,
    timeline_choices,
)
from analysis.output.highlight import highlight_html, markdown_escape, plot_text
from pages._find import dossier_link
from pages._shared import (
    article_filter,
    article_with_analysis,
    corpus_view,
    csv_download,
    library,
    snapshot,
    store_key,
)

PRECISION_COLOURS = {"day": "#d62828", "week": "#f77f00", "month": "#3a86ff", "quarter": "#8338ec",
                     "season": "#8338ec", "year": "#2a9d8f", "decade": "#6c757d"}  # fmt: skip
OTHER_COLOUR = "#adb5bd"
PICK = "event_pick"
LAST_CLICK = "timeline_last_click"
HOVER_WORDS = 16  # words of a description in a hover label (the table and CSV hold it all)


def shortened(text: str, words: int = HOVER_WORDS) -> str:
    """A description cut for a hover label, on screen only: stored rows keep it whole."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def hover_texts(events: pd.DataFrame) -> list[str]:
    """Plotly renders a subset of HTML in hover labels: escape everything from the text."""
    columns = [events[c].tolist() for c in ("description", "date", "date_text", "title")]
    return [
        f"<b>{plot_text(shortened(description))}</b><br>date {plot_text(value)} "
        f"(written “{plot_text(written)}”)<br>article: {plot_text(title)}"
        for description, value, written, title in zip(*columns, strict=True)
    ]


PRECISION_NAMES = {"time": "to the time of day", "day": "to the day", "week": "to the week",
                   "month": "to the month", "quarter": "to the quarter",
                   "season": "to the season", "year": "to the year",
                   "decade": "to the decade"}  # fmt: skip
LANE_LABEL_CHARS = 40
LEGEND_TITLE = "colour: how precise the date is (a bar: the month, year… it covers)"


def lane_text(label: str) -> str:
    label = label if len(label) <= LANE_LABEL_CHARS else label[: LANE_LABEL_CHARS - 1] + "…"
    return plot_text(label)


def chart(rows: pd.DataFrame, window: tuple | None) -> go.Figure:
    """Events (`lane_page` rows) on numbered lanes, labelled with their names and counts:
    a marker per event, coloured by the precision of its date (in the legend), a bar for
    the month, year... a date covers; events on one day in one lane spread across it.
    `window`: the dates the axis shows (None: every event's)."""
    figure = go.Figure()
    rows = rows.assign(middle=rows["start"] + (rows["finish"] - rows["start"]) / 2)
    spans = rows[rows["precision"] != "day"]
    for precision, group in spans.groupby("precision", sort=True):
        figure.add_trace(
            go.Bar(
                base=group["start"],
                x=(group["finish"] - group["start"]).dt.total_seconds() * 1000,
                y=group["y_jittered"],
                width=0.18,
                orientation="h",
                name=f"the {precision} it covers",
                legendgroup=precision,  # in the legend with its marker: the same colour
                showlegend=False,
                marker_color=PRECISION_COLOURS.get(precision, OTHER_COLOUR),
                opacity=0.35,
                hoverinfo="skip",
            )
        )
    for precision, group in rows.groupby("precision", sort=True):
        figure.add_trace(
            go.Scatter(
                x=group["middle"],
                y=group["y_jittered"],
                mode="markers",
                name=f"event dated {PRECISION_NAMES.get(precision, precision or 'vaguely')}",
                legendgroup=precision,
                marker={
                    "size": 12,
                    "color": PRECISION_COLOURS.get(precision, OTHER_COLOUR),
                    "line": {"width": 1, "color": "#1b1b1b"},
                },
                customdata=group[["event_id", "article_id"]].to_numpy(),
                hovertext=group["hover"].to_numpy(),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    lanes = rows.drop_duplicates("y").sort_values("y")
    figure.update_layout(
        barmode="overlay",
        height=max(360, 44 * len(lanes) + 200),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        # the dates above the lanes, where they are read first, and mirrored below
        xaxis={
            "type": "date",
            "title": None,
            "side": "top",
            "mirror": "ticks",
            "ticks": "outside",
            "range": list(window) if window else None,
        },  # fmt: skip
        yaxis={
            "title": None,
            "tickvals": lanes["y"].tolist(),
            "ticktext": [lane_text(label) for label in lanes["lane_label"]],
            "range": [len(lanes) - 0.5, -0.5],  # the first lane at the top
            "showgrid": True,
            "zeroline": False,
        },
        legend={
            "orientation": "h",
            "y": -0.02,
            "yanchor": "top",
            "x": 0,
            "title": {"text": LEGEND_TITLE},
        },  # fmt: skip
        clickmode="event+select",
    )
    return figure


def show_evidence(event: pd.Series, key) -> None:
    article, analysis = article_with_analysis(event["article_id"], key)
    names = {e.entity_id: e.name for e in analysis.entities}
    indices = {sentence for sentence, *_ in event["evidence"]}
    sentences = [s for s in analysis.sentences if s.index in indices]
    st.subheader(markdown_escape(event["description"]), anchor=False)
    if event["actors"]:
        actors = zip(event["actor_ids"], event["actors"], strict=False)
        st.caption("Actors: " + " · ".join(f"[{markdown_escape(n)}]({dossier_link(i)})"
                                          for i, n in actors))  # fmt: skip
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


class View(NamedTuple):
    """What the page shows under some filters: built once per change of the store and of
    the filters, shared by the sessions (never changed in place)."""

    dated: int  # how many events are under the filters
    undated: int
    drawn: pd.DataFrame  # the latest MAX_DRAWN dated ones, corpus order
    listed: pd.DataFrame  # the first MAX_LISTED undated ones, corpus order
    no_date: list[str]  # articles of the events without a publication date
    left_off: int  # events under the filters without a readable description
    pickable: pd.DataFrame  # drawn and listed: the events whose evidence one can see
    labels: dict[tuple[str, str], str]  # (event_id, article_id) -> label, of pickable
    table: pd.DataFrame  # the table of the dated events drawn, latest first


@corpus_view(max_entries=16)
def choices(key):
    """Filter options and the date span: computed once per change of the store."""
    return timeline_choices(snapshot())


@corpus_view(max_entries=16)
def view(key, filters: Filters) -> View:
    """Counts of the events under the filters and the few rows the page shows (the corpus's
    rows are never all read)."""
    dated, undated, drawn, listed, no_date, left_off = events_shown(snapshot(), filters)
    pickable = pd.concat([drawn, listed], ignore_index=True)
    keys = zip(pickable["event_id"].tolist(), pickable["article_id"].tolist(), strict=True)
    texts = zip(pickable["date"].tolist(), pickable["description"].tolist(), strict=True)
    labels = {k: f"{d or 'undated'} · {text}" for k, (d, text) in zip(keys, texts, strict=True)}
    latest = drawn.sort_values("start", ascending=False, kind="stable").head(MAX_LISTED)
    table = latest[["date", "precision", "description", "actors", "date_text", "title"]].assign(
        actors=latest["actors"].map("; ".join)
    )
    return View(dated, undated, drawn, listed, no_date, left_off, pickable, labels, table)


@corpus_view(max_entries=16)
def lane_rows(key, filters: Filters, lane_by: str) -> tuple[pd.DataFrame, int]:
    """The events drawn, one row per event and lane, and how many lanes there are."""
    drawn = view(key, filters).drawn
    rows = lanes(drawn.assign(hover=hover_texts(drawn)), lane_by)
    return rows, rows["lane"].nunique()


@corpus_view(max_entries=16)
def window_of(key, filters: Filters) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    drawn = view(key, filters).drawn
    return date_window(drawn["start"], drawn["finish"])


@corpus_view(max_entries=16)
def figure(key, filters: Filters, lane_by: str, first_lane: int, full_span: bool) -> go.Figure:
    rows = lane_page(lane_rows(key, filters, lane_by)[0], first_lane)
    low, high, outside = window_of(key, filters)
    return chart(rows, None if full_span or not outside else (low, high))


key = store_key()
st.title("Timeline")
st.caption(
    "When things happened, as the articles tell it: "
    "dates read against each article's publication date."
)
titles, all_actors, all_types, span = choices(key)
if not titles:
    st.info("No events found in the stored articles yet.")
    st.stop()

filters = st.columns([2, 2, 1.4, 1])
chosen_articles = article_filter(
    filters[0], titles, "timeline_articles", "The articles with events."
)
chosen_entities = filters[1].multiselect("Entities", all_actors, placeholder="Any entity")
chosen_types = filters[2].multiselect("Entity types", all_types, placeholder="Any type")
lane_by = filters[3].radio("One lane per", ["actor", "article"], horizontal=True)

date_range = None
if span and span[0] < span[1]:
    date_range = st.slider(
        "Dates", min_value=span[0], max_value=span[1], value=span, format="YYYY-MM-DD"
    )
chosen = Filters(
    tuple(chosen_articles),
    tuple(chosen_entities),
    tuple(chosen_types),
    None if date_range == span else date_range,  # the whole span keeps every event
)
shown = view(key, chosen)

if shown.no_date:
    st.warning(
        f"{len(shown.no_date)} article(s) have no publication date, so their relative dates "
        "(“on Tuesday”, “last year”) could not be placed. Set the date in the Library."
    )

chart_column, undated_column = st.columns([3, 1], gap="large")
selected_id = None
with chart_column:
    if not shown.dated:
        st.info("No dated events match the filters.")
    else:
        if shown.dated > MAX_DRAWN:
            st.caption(
                f"The {MAX_DRAWN} latest of {shown.dated} dated events are drawn: narrow the "
                "dates or pick entities to see others. The CSV has them all."
            )
        lane_count = lane_rows(key, chosen, lane_by)[1]
        outside = window_of(key, chosen)[2]
        first_lane, full_span = 0, False
        if lane_count > MAX_LANES or outside:
            lane_column, span_column = st.columns(2)
            if lane_count > MAX_LANES:
                pages = -(-lane_count // MAX_LANES)
                if st.session_state.get("timeline_lanes", 1) > pages:
                    st.session_state["timeline_lanes"] = pages
                page = lane_column.number_input(
                    f"Lanes: page (of {pages})", min_value=1, max_value=pages,
                    key="timeline_lanes",
                    help=f"The {MAX_LANES} {lane_by}s with the most events on each page, "
                    "most first; the others share the last lane.",
                )  # fmt: skip
                first_lane = (int(page) - 1) * MAX_LANES
            if outside:
                full_span = span_column.toggle(
                    f"Full span of dates ({outside} event(s) far from the others)",
                    key="timeline_full_span",
                    help="The axis shows the dates of most events; turn this on to widen "
                    "it to every event drawn.",
                )
        event = st.plotly_chart(
            figure(key, chosen, lane_by, first_lane, bool(full_span)),
            on_select="rerun",
            selection_mode=("points",),
            key="timeline_chart",
            width="stretch",
        )
        points = (event or {}).get("selection", {}).get("points", []) if event else []
        if points:
            selected_id = tuple(points[0]["customdata"])
with undated_column:
    st.subheader(f"Undated ({shown.undated})")
    st.caption("Happenings the text gives no date for: never given a made-up one.")
    st.dataframe(
        shown.listed[["description", "title"]].rename(columns={"title": "article"}),
        hide_index=True,
        width="stretch",
        height=min(600, 38 + 35 * len(shown.listed)),
    )
    if shown.undated > len(shown.listed):
        st.caption(f"The first {len(shown.listed)} of {shown.undated}; the CSV has them all.")
    csv_download(
        lambda: events_csv(library(), chosen, "undated"),
        "undated-events.csv",
        key="undated_csv",
        label="Download these (CSV)",
    )

# A new click picks its event in the box below; the analyst may then pick another one
# there (the chart keeps its selection: it must not override every later pick).
if selected_id != st.session_state.get(LAST_CLICK):
    st.session_state[LAST_CLICK] = selected_id
    if selected_id in shown.labels:
        st.session_state[PICK] = selected_id
if st.session_state.get(PICK) not in shown.labels:
    st.session_state[PICK] = None
# the events one can pick: those drawn and the first undated ones (a bounded list)
selected_id = st.selectbox(
    "Evidence for event",
    [None, *shown.labels],
    format_func=lambda o: "— click a point or pick one —" if o is None else shown.labels[o],
    key=PICK,
)
if selected_id:
    events = shown.pickable
    match = events[
        (events["event_id"] == selected_id[0]) & (events["article_id"] == selected_id[1])
    ]
    if not match.empty:
        with st.container(border=True):
            show_evidence(match.iloc[0], key)

table = shown.table  # the dated events drawn, latest first
st.dataframe(table, hide_index=True, width="stretch")
if shown.dated > len(table):
    st.caption(
        f"The latest {len(table)} of {shown.dated} dated events; the CSV below has them all."
    )
csv_download(
    lambda: events_csv(library(), chosen),
    "events.csv",
    key="events_csv",
    label="Download the events shown (CSV)",
)
if shown.left_off:
    st.caption(
        f"{shown.left_off} more event(s) under these filters are left off the timeline: their "
        "clause does not say who did what (no subject, only a pronoun, a statement without "
        "what was said). Their CSV gives the reason for each."
    )
    csv_download(
        lambda: events_csv(library(), chosen, "left_off"),
        "events-left-off.csv",
        key="left_off_csv",
        label="Download the events left off (CSV)",
    )
