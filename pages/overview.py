"""Overview: the corpus at a glance, each chart linked to the page that explains it."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.corpus.overview import (
    KINDS,
    MONTH,
    TREND_SHOWN,
    WEEK,
    YEAR,
    mentions_over_time,
    period_of,
    trend_choices,
)
from analysis.corpus.overview import figures as overview_figures
from analysis.output.export import ZIP_NAME, zip_bytes
from analysis.output.highlight import colour, plot_text
from pages._find import dossier_links
from pages._shared import corpus_tables, corpus_view, csv_download, snapshot, store_key

CHART_HEIGHT = 330


LABEL_CHARS = 32


def short_label(text: str) -> str:
    """Plotly renders a subset of HTML in labels: escape, and keep long names readable."""
    text = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return plot_text(text)


def labelled(df: pd.DataFrame, column: str) -> pd.DataFrame:
    return df.assign(**{column: df[column].map(short_label)})


def bar(df: pd.DataFrame, x: str, y: str, colour_of=None):
    """Horizontal bars, one row per name, biggest first."""
    figure = px.bar(labelled(df, y), x=x, y=y, orientation="h", height=80 + 30 * len(df))
    figure.update_traces(
        marker_color=[colour_of(r) for r in df.itertuples()] if colour_of else "#4c6ef5",
        hovertext=df[y].map(plot_text),
        hovertemplate="%{hovertext}: %{x}<extra></extra>",
    )
    figure.update_layout(margin={"l": 0, "r": 10, "t": 10, "b": 0}, showlegend=False, bargap=0.3)
    figure.update_yaxes(autorange="reversed", title=None, automargin=True)
    figure.update_xaxes(dtick=1 if len(df) and df[x].max() <= 10 else None)  # whole numbers
    return figure


TICK_FORMATS = {WEEK: "%Y-%m-%d", MONTH: "%b %Y", YEAR: "%Y"}
PERIOD_DAYS = {WEEK: 7, MONTH: 30.4, YEAR: 365.25}


def dated_axis(figure, periods: pd.Series, period: str) -> None:
    """Dates on the x axis as the period reads (a week by its Monday, a month, a year), with
    room around a single period."""
    figure.update_xaxes(tickformat=TICK_FORMATS[period], title=None)
    if periods.nunique() == 1:
        only, room = pd.Timestamp(periods.iloc[0]), pd.Timedelta(days=2 * PERIOD_DAYS[period])
        figure.update_xaxes(range=[only - room, only + room])


@corpus_view(max_entries=8)
def figures(key, by_country: bool) -> dict:
    """Every figure of the page, aggregated in SQL once per change of the store (and toggle)."""
    return overview_figures(snapshot(), by_country)


@corpus_view(max_entries=8)
def trend_of(key, names: tuple[str, ...], by_country: bool) -> pd.DataFrame:
    return mentions_over_time(snapshot(), list(names), by_country=by_country)


def entity_panel(column, top: pd.DataFrame, kind: str) -> None:
    with column:
        st.subheader(f"Most mentioned {kind}", anchor=False)
        if top.empty:
            st.caption(f"No {kind} found yet.")
            return
        chart = bar(top, "mentions", "name", colour_of=lambda r: colour(r.type))
        st.plotly_chart(chart, key=f"top_{kind}", config={"displayModeBar": False})
        st.caption("Dossiers: " + dossier_links(zip(top["type"], top["name"], strict=True)))
        st.page_link(
            "pages/entities.py",
            label="Explained on the Entities page",
            icon=":material/arrow_forward:",
        )
        csv_download(top, f"top-{kind}.csv", key=f"top_{kind}_csv")


key = store_key()
stats = figures(key, True)["stats"]

st.title("Overview", anchor=False)
metrics = st.columns(5)
metrics[0].metric("Articles", stats["articles"])
metrics[1].metric("Sources", stats["sources"])
metrics[2].metric("Entities", stats["entities"])
stances = stats["all_quotes"] - stats["quotes"]
metrics[3].metric(
    "Quotes",
    stats["quotes"],
    help="What someone said or wrote: direct and indirect quotes and “according to”"
    + (f"; {stances} stance(s) and belief(s) are not counted here." if stances else "."),
)
dated, undated = stats["dated_events"], stats["events"] - stats["dated_events"]
metrics[4].metric(
    "Events",
    stats["events"],
    help=f"{dated} dated and {undated} undated: Latest events below lists the dated ones; "
    "the Timeline has them all.",
)
first, last = stats["first"], stats["last"]
st.caption(f"Published {first} to {last}" if first else "No article has a publication date.")
if not stats["articles"]:
    st.info("The store has no articles yet: add some on the Library page.")
    st.stop()

by_country = st.toggle(
    "Count capitals and nationalities to their country",
    value=True,
    help="Pyongyang and 'North Korean' count as North Korea.",
)
columns = st.columns(3, gap="large")
shown = figures(key, by_country)
for column, kind in zip(columns, KINDS, strict=True):
    entity_panel(column, shown[kind], kind)

st.subheader("Mentions over publication time", anchor=False)
candidates = trend_choices(shown)
chosen = st.multiselect(
    "Entities", candidates, default=candidates[:TREND_SHOWN], key="trend_entities"
)
trend = trend_of(key, tuple(chosen), by_country)
period = period_of(stats["first"], stats["last"])
if trend.empty:
    st.caption("No dated mentions of the chosen entities.")
else:
    figure = px.line(
        labelled(trend, "name"), x="period", y="mentions", color="name", markers=True,
        height=CHART_HEIGHT,
    )  # fmt: skip
    figure.update_traces(marker={"size": 7}, hovertemplate="%{x}: %{y} mention(s)")
    figure.update_yaxes(dtick=1 if trend["mentions"].max() <= 10 else None, rangemode="tozero")
    figure.update_layout(margin={"l": 0, "r": 10, "t": 10, "b": 0}, legend_title=None)
    dated_axis(figure, trend["period"], period)
    st.caption(
        f"Mentions per {period} of publication (the {period} is chosen from the corpus's "
        f"span); 0 in a {period} with articles but no mention."
    )
    st.plotly_chart(figure, key="trend")
csv_download(trend, "mentions-over-time.csv", key="trend_csv")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Articles per source", anchor=False)
    sources = shown["sources"]
    st.plotly_chart(
        bar(sources.head(15), "articles", "source"), key="sources", config={"displayModeBar": False}
    )
    st.page_link(
        "pages/library.py", label="Browse them in the Library", icon=":material/arrow_forward:"
    )
    csv_download(sources, "articles-per-source.csv", key="sources_csv")
with right:
    periods = shown["periods"]
    unit = periods["unit"].iloc[0] if len(periods) else WEEK
    st.subheader(f"Articles per {unit}", anchor=False)
    if periods.empty:
        st.caption("No article has a publication date.")
    else:
        figure = px.bar(periods, x="period", y="articles", height=CHART_HEIGHT)
        figure.update_layout(margin={"l": 0, "r": 10, "t": 10, "b": 0})
        # bars on a date axis are as wide as their period (in ms), less a gap
        figure.update_traces(
            width=0.8 * PERIOD_DAYS[unit] * 86_400_000,
            hovertemplate=f"{unit} of %{{x}}: %{{y}} article(s)<extra></extra>",
        )
        dated_axis(figure, periods["period"], unit)
        figure.update_yaxes(dtick=1 if periods["articles"].max() <= 10 else None, title=None)
        st.caption(f"The {unit} is chosen from the span of the publication dates.")
        st.plotly_chart(figure, key="periods", config={"displayModeBar": False})
    st.page_link(
        "pages/library.py", label="Browse them in the Library", icon=":material/arrow_forward:"
    )
    csv_download(periods, f"articles-per-{unit}.csv", key="periods_csv")

st.subheader("Latest dated events", anchor=False)
events = shown["events"]
st.caption(
    f"The {len(events)} latest of the {dated} dated events, of {stats['events']} events in all"
    + (f" ({undated} without a date: on the Timeline)." if undated else ".")
)
st.dataframe(events.drop(columns=["article_id", "event_id"]), hide_index=True, width="stretch")
st.page_link("pages/timeline.py", label="See them on the Timeline", icon=":material/arrow_forward:")
csv_download(events, "latest-events.csv", key="events_csv")

st.divider()
st.download_button(
    "Download all tables (zip with a README of every column)",
    data=lambda: zip_bytes(corpus_tables()),
    file_name=ZIP_NAME,
    mime="application/zip",
    key="all_tables_zip",
    on_click="ignore",
    icon=":material/folder_zip:",
)
