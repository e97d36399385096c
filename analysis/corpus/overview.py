"""Corpus-at-a-glance figures (no Streamlit), read from the aggregates kept with each
article's rows (analysis.store.aggregates): each query reads a few rows whatever the size of the
corpus."""

from __future__ import annotations

from datetime import timedelta

from analysis.lazy import lazy_module
from analysis.store import Store, marks
from analysis.store.views import stored_view

pd = lazy_module("pandas")  # imported when first used: the Reader's start loads none

PEOPLE, ORGANISATIONS, COUNTRIES = "people", "organisations", "countries"
KIND_TYPES = {PEOPLE: ("PERSON",), ORGANISATIONS: ("ORG",), COUNTRIES: ("GPE", "LOC", "NORP")}
KINDS = tuple(KIND_TYPES)
TOP_SHOWN = 10  # most mentioned entities of each kind
TREND_SHOWN = 5  # entities the trend chart starts with
UNKNOWN_SOURCE = "(unknown source)"
WEEK, MONTH, YEAR = "week", "month", "year"
PERIOD_CODES = {WEEK: "W-SUN", MONTH: "M", YEAR: "Y"}  # pandas periods (weeks from Monday)
PERIOD_SPANS = {WEEK: timedelta(days=7), MONTH: timedelta(days=31)}
MAX_PERIODS = 60  # periods a chart over publication time shows at most


@stored_view
def corpus_stats(store: Store) -> dict[str, object]:
    """Read from the aggregates kept with each article's rows (analysis.store.aggregates)."""
    articles = store.frame(
        """SELECT COALESCE(SUM(articles), 0) AS articles,
                  COUNT(DISTINCT NULLIF(source, '')) AS sources,
                  MIN(NULLIF(published, '')) AS first_day,
                  MAX(NULLIF(published, '')) AS last_day
           FROM agg_articles"""
    ).iloc[0]
    counts = store.frame(
        """SELECT (SELECT COUNT(DISTINCT entity_id) FROM agg_entity_forms) AS entities,
                  (SELECT COALESCE(SUM(n), 0) FROM agg_counts WHERE name = 'quotes') AS quotes,
                  (SELECT COALESCE(SUM(n), 0) FROM agg_counts
                   WHERE name = 'all_quotes') AS all_quotes,
                  (SELECT COALESCE(SUM(n), 0) FROM agg_counts
                   WHERE name IN ('events_dated', 'events_undated')) AS events,
                  (SELECT COALESCE(SUM(n), 0) FROM agg_counts
                   WHERE name = 'events_dated') AS dated_events"""
    ).iloc[0]
    names = ("entities", "quotes", "all_quotes", "events", "dated_events")
    return {
        "articles": int(articles["articles"]),
        "sources": int(articles["sources"]),
        "first": articles["first_day"] or "",
        "last": articles["last_day"] or "",
        **{name: int(counts[name]) for name in names},
    }


@stored_view
def top_entities(store: Store, kind: str, limit: int = 10, by_country: bool = True) -> pd.DataFrame:
    """The most mentioned people / organisations / countries: name, type, mentions,
    articles; read along an index of the aggregate kept per name and type (with
    `by_country`, capitals, demonyms and country names count for their country, type GPE:
    analysis.store.aggregates)."""
    types = ("GPE",) if kind == COUNTRIES and by_country else KIND_TYPES[kind]
    return store.frame(
        f"""SELECT name, type, mentions, articles FROM agg_entity_names
            WHERE by_country = ? AND type IN ({marks(types)})
            ORDER BY mentions DESC, name, type LIMIT ?""",
        (int(by_country), *types, limit),
    )


def figures(store: Store, by_country: bool = True) -> dict:
    """Every figure of the page but the trend: the corpus's counts ("stats"), the top
    entities of each kind, articles per source and per period, the latest events."""
    return {
        "stats": corpus_stats(store),
        **{kind: top_entities(store, kind, TOP_SHOWN, by_country) for kind in KINDS},
        "sources": articles_per_source(store),
        "periods": articles_per_period(store),
        "events": latest_events(store),
    }


def trend_choices(shown: dict) -> list[str]:
    """The names the trend chart offers: those of the top entities of each kind in
    `figures`, most mentioned first (the chart starts with the first TREND_SHOWN)."""
    tops = pd.concat([shown[kind] for kind in KINDS])
    return tops.sort_values("mentions", ascending=False, kind="stable")["name"].tolist()


def period_of(first: str, last: str) -> str:
    """The period the charts over publication time count by: the finest of week, month and
    year that gives at most MAX_PERIODS periods from `first` to `last` (ISO dates)."""
    if not first:
        return WEEK
    span = pd.Timestamp(last) - pd.Timestamp(first)
    for period in (WEEK, MONTH):
        if span <= PERIOD_SPANS[period] * (MAX_PERIODS - 1):
            return period
    return YEAR


def _periods(days: pd.Series, period: str) -> pd.Series:
    """The first day of the period of each ISO day."""
    return pd.to_datetime(days).dt.to_period(PERIOD_CODES[period]).dt.start_time


def _every_period(first: str, last: str, period: str) -> pd.DatetimeIndex:
    """Every period from the one of `first` to the one of `last`, empty ones too."""
    ends = _periods(pd.Series([first, last]), period)
    return pd.period_range(ends[0], ends[1], freq=PERIOD_CODES[period]).start_time


@stored_view
def mentions_over_time(
    store: Store, names: list[str], period: str = "", by_country: bool = True
) -> pd.DataFrame:
    """Mentions of the named entities per period of publication: period, name, mentions,
    with a row of 0 for every period between the corpus's first and last publication day
    in which an entity is not mentioned (a line drops to zero there instead of crossing
    it). `period`: week, month or year; by default chosen from that span (`period_of`)."""
    empty = pd.DataFrame(columns=["period", "name", "mentions"])
    stats = corpus_stats(store)
    if not names or not stats["first"]:
        return empty
    period = period or period_of(stats["first"], stats["last"])
    per_day = store.frame(  # the aggregate kept per name and publication day
        f"""SELECT published, name, mentions FROM agg_entity_days
            WHERE by_country = ? AND name IN ({marks(names)})""",
        (int(by_country), *names),
    )
    if per_day.empty:
        return empty
    counts = per_day.assign(period=_periods(per_day["published"], period))
    counts = counts.groupby(["period", "name"])["mentions"].sum().astype("int64")
    every = pd.MultiIndex.from_product(
        [_every_period(stats["first"], stats["last"], period), sorted(set(per_day["name"]))],
        names=["period", "name"],
    )
    counts = counts.reindex(every, fill_value=0).astype("int64")
    return counts.reset_index().sort_values(["period", "name"], ignore_index=True)


@stored_view
def articles_per_source(store: Store) -> pd.DataFrame:
    counts = store.frame(
        "SELECT source, SUM(articles) AS articles FROM agg_articles GROUP BY source"
    )
    named = counts.assign(source=counts["source"].fillna("").replace("", UNKNOWN_SOURCE))
    counts = named.groupby("source", as_index=False)["articles"].sum()
    return counts.sort_values(["articles", "source"], ascending=[False, True], ignore_index=True)


@stored_view
def articles_per_period(store: Store) -> pd.DataFrame:
    """Articles per period of publication (`period_of` the corpus's span): period (its
    first day), articles, and `unit` (week, month or year, the same in every row)."""
    per_day = store.frame(
        """SELECT published, SUM(articles) AS articles FROM agg_articles
           WHERE published <> '' GROUP BY published"""
    )
    if per_day.empty:
        return pd.DataFrame(columns=["period", "articles", "unit"])
    period = period_of(per_day["published"].min(), per_day["published"].max())
    periods = _periods(per_day["published"], period)
    counts = per_day.assign(period=periods).groupby("period")["articles"].sum().astype("int64")
    return counts.reset_index().sort_values("period", ignore_index=True).assign(unit=period)


@stored_view
def latest_events(store: Store, limit: int = 10) -> pd.DataFrame:
    return store.frame(
        """SELECT e."date", e."precision", e.description, e.actors, a.title, e.article_id,
                  e.event_id
           FROM rows_events e JOIN articles a USING (article_id)
           WHERE e."date" <> '' AND e.timeline = 'yes'
           ORDER BY e."date" DESC, e.event_id LIMIT ?""",
        (limit,),
    )
