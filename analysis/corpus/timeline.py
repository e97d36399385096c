"""The events of a corpus laid out for a timeline: a time span per event, one row per lane.

The Timeline never holds the corpus's events: it filters, counts and sorts them in SQL over
the stored rows (`rows_events` with each event's first and last day, `rows_actors`) and
reads only the few it shows (`latest_dated`, `first_undated`); the CSV of all of them is
read when downloaded (`events_csv`)."""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from typing import NamedTuple

from analysis.lazy import lazy_module
from analysis.output.tables import COLUMNS as TABLE_COLUMNS
from analysis.output.tables import LIST_SEPARATOR, frame
from analysis.store import Store, marks
from analysis.store.views import stored_record, stored_view

pd = lazy_module("pandas")  # imported when first used

MAX_DRAWN = 500  # events drawn at once: more make an unreadable chart (and a slow page)
MAX_LISTED = 500  # undated events listed at once (the CSV has them all)
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
COLUMNS = [
    "event_id", "article_id", "title", "date", "date_end", "precision", "start", "finish",
    "date_text", "description", "actors", "actor_ids", "actor_types", "evidence",
]  # fmt: skip


def span_of(value: str, value_end: str = "") -> tuple[date, date] | None:
    """First and last day a TIMEX3 date covers, at the precision it was written with."""
    first = _span(value)
    if first is None:
        return None
    last = _span(value_end) if value_end else None
    return first[0], (last or first)[1]


def _span(value: str) -> tuple[date, date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        last_month = 3 * quarter
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return date(year, last_month - 2, 1), end
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year = int(m[1])
        first_month, last_month = SEASON_MONTHS[m[2]]
        end_year = year + 1 if m[2] == "WI" else year
        end = date(end_year, last_month, calendar.monthrange(end_year, last_month)[1])
        return date(year, first_month, 1), end
    if m := re.fullmatch(r"(\d{3})X", value):
        decade = int(m[1]) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31)
    return None


def event_view_rows(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """An article's event rows with the days each covers (ISO, '' when undated), and one
    row per actor of each event: what the Timeline filters and sorts on in SQL."""
    events = []
    for event in rows["events"]:
        span = span_of(event["date"], event["date_end"])
        days = (span[0].isoformat(), span[1].isoformat()) if span else ("", "")
        events.append(event | {"first_day": days[0], "last_day": days[1]})
    actors = [
        {
            "article_id": event["article_id"],
            "event_id": event["event_id"],
            "entity_id": entity_id,
            "name": name,
            "type": entity_type,
        }
        for event in rows["events"]
        for entity_id, name, entity_type in zip(
            _split_list(event["actor_ids"]),
            _split_list(event["actors"]),
            _split_list(event["actor_types"]),
            strict=True,
        )
    ]
    return {"events": events, "actors": actors}


@stored_record
class Filters(NamedTuple):
    """What the Timeline shows: events of these articles (any when empty), naming any of
    these actor names, with an actor of any of these types, and (dated ones) overlapping
    the days [low, high]; undated events are kept whatever the dates."""

    articles: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    date_range: tuple[date, date] | None = None

    def where(self, part: str = "all") -> tuple[str, list]:
        """SQL conditions on `rows_events e` (and their parameters) for the events under the
        filters: all of them, only the `dated` or only the `undated` ones, each readable
        (a who-did-what description: `timeline` 'yes'), or those `left_off` the timeline.
        Actor names are an IN over the index of rows_actors on names (the planner may start
        from the few events naming them); types have no index: checked event by event."""
        conditions = ["e.timeline = 'no'" if part == "left_off" else "e.timeline = 'yes'"]
        params = []
        if self.articles:
            conditions.append(f"e.article_id IN ({marks(self.articles)})")
            params += self.articles
        if self.entities:
            conditions.append(
                "(e.article_id, e.event_id) IN (SELECT r.article_id, r.event_id "
                f'FROM rows_actors r WHERE r."name" IN ({marks(self.entities)}))'
            )
            params += self.entities
        if self.types:
            conditions.append(
                "EXISTS (SELECT 1 FROM rows_actors r WHERE r.article_id = e.article_id "
                f'AND r.event_id = e.event_id AND r."type" IN ({marks(self.types)}))'
            )
            params += self.types
        overlap, days = "", []
        if self.date_range:  # a span [first_day, last_day] overlapping [low, high]
            overlap = "e.first_day <= ? AND e.last_day >= ?"
            days = [self.date_range[1].isoformat(), self.date_range[0].isoformat()]
        if part == "undated":  # kept whatever the dates
            # most events may be undated: written so that the index on first_day is not used
            conditions.append("LENGTH(e.first_day) = 0")
        elif part == "dated":
            conditions.append("e.first_day > ''")
            if overlap:
                conditions.append(overlap)
                params += days
        elif overlap:
            conditions.append(f"(e.first_day = '' OR ({overlap}))")
            params += days
        return " AND ".join(conditions), params


@stored_record
class Choices(NamedTuple):
    """The Timeline's filter options: the articles with events (id -> title, corpus order),
    actor names and types (sorted), and the first and last day of the dated events."""

    titles: dict[str, str]
    actors: list[str]
    types: list[str]
    span: tuple[date, date] | None


# the columns of an event read for the page, and the corpus order of events
_EVENT_COLUMNS = """e.event_id, e.article_id, COALESCE(a.title, '') AS title, e."date",
    e.date_end, e."precision", e.first_day, e.last_day, e.date_text, e.description,
    e.actors, e.actor_ids, e.actor_types, e.evidence_json, a.added, e.seq"""
_ARTICLE_ORDER = "a.added, a.article_id"
_CORPUS_ORDER = f"{_ARTICLE_ORDER}, e.seq"


@stored_view
def timeline_choices(store: Store) -> Choices:
    """The filter options, from the indexed rows (no event row is read)."""
    titles = store.frame(
        f"""SELECT a.article_id, COALESCE(a.title, '') AS title FROM articles a
            WHERE EXISTS (SELECT 1 FROM rows_events e WHERE e.article_id = a.article_id
                          AND e.timeline = 'yes')
            ORDER BY {_ARTICLE_ORDER}"""
    )
    actors = store.frame('SELECT DISTINCT "name" FROM agg_actors')["name"]  # aggregates
    types = store.frame('SELECT DISTINCT "type" FROM agg_actors')["type"]
    first, last = store.query(  # the first day from its index; '' < any last day
        """SELECT (SELECT MIN(first_day) FROM rows_events
                   WHERE first_day > '' AND timeline = 'yes'),
                  (SELECT MAX(last_day) FROM rows_events WHERE timeline = 'yes')"""
    )[0]
    span = (date.fromisoformat(first), date.fromisoformat(last)) if first else None
    return Choices(
        dict(zip(titles["article_id"], titles["title"], strict=True)),
        sorted(actors),
        sorted(types),
        span,
    )


@stored_record
class Shown(NamedTuple):
    """What the Timeline shows under some filters: how many events are dated and undated,
    the latest MAX_DRAWN dated ones and the first MAX_LISTED undated ones (each in corpus
    order), the articles of those events that have no publication date, and how many events
    under the filters are left off (no readable who-did-what description)."""

    dated: int
    undated: int
    drawn: pd.DataFrame
    listed: pd.DataFrame
    no_date: list[str]
    left_off: int = 0


@stored_view
def events_shown(store: Store, filters: Filters) -> Shown:
    dated, undated = event_counts(store, filters)
    return Shown(
        dated,
        undated,
        latest_dated(store, filters, MAX_DRAWN if dated else 0),
        first_undated(store, filters, MAX_LISTED if undated else 0),
        undated_articles(store, filters),
        left_off_count(store, filters),
    )


def left_off_count(store: Store, filters: Filters) -> int:
    """How many events under the filters are left off the timeline (their CSV says why)."""
    if filters == Filters():
        return _kept_count(store, "events_left_off")
    where, params = filters.where("left_off")
    return int(store.query(f"SELECT COUNT(*) FROM rows_events e WHERE {where}", params)[0][0])


def _kept_count(store: Store, name: str) -> int:
    """A count of the whole corpus's events kept with each article's rows (aggregates)."""
    rows = store.query("SELECT COALESCE(SUM(n), 0) FROM agg_counts WHERE name = ?", (name,))
    return int(rows[0][0])


def event_counts(store: Store, filters: Filters) -> tuple[int, int]:
    """How many events are under the filters: (dated, undated)."""
    if filters == Filters():
        return _kept_count(store, "events_dated"), _kept_count(store, "events_undated")
    where, params = filters.where()
    dated, total = store.query(
        f"""SELECT COALESCE(SUM(CASE WHEN e.first_day > '' THEN 1 ELSE 0 END), 0), COUNT(*)
            FROM rows_events e WHERE {where}""",
        params,
    )[0]
    return int(dated), int(total) - int(dated)


def latest_dated(store: Store, filters: Filters, limit: int) -> pd.DataFrame:
    """The `limit` dated events under the filters that start last (ties: the first in
    corpus order), as `COLUMNS`, in corpus order. Without a filter on names, read along the
    index on first_day from the end: stops after `limit` events when the filters keep many."""
    where, params = filters.where("dated")
    rows = store.frame(
        f"""SELECT {_EVENT_COLUMNS}
            FROM rows_events e JOIN articles a ON a.article_id = e.article_id
            WHERE {where} ORDER BY e.first_day DESC, {_CORPUS_ORDER} LIMIT ?""",
        [*params, limit],
    )
    return _events(rows.sort_values(["added", "article_id", "seq"], kind="stable"))


def first_undated(store: Store, filters: Filters, limit: int) -> pd.DataFrame:
    """The first `limit` undated events under the filters (corpus order), as `COLUMNS`.
    Without a filter on names, read in corpus order, article by article (in SQLite, CROSS
    JOIN keeps that join order), so that it stops after `limit` events when the filters keep
    many; with one, from the events naming them. (PostgreSQL plans either as it sees fit.)"""
    where, params = filters.where("undated")
    if filters.entities:
        source = "rows_events e JOIN articles a ON a.article_id = e.article_id WHERE"
    else:  # (PostgreSQL takes no ON after CROSS JOIN)
        source = "articles a CROSS JOIN rows_events e WHERE a.article_id = e.article_id AND"
    rows = store.frame(
        f"SELECT {_EVENT_COLUMNS} FROM {source} {where} ORDER BY {_CORPUS_ORDER} LIMIT ?",
        [*params, limit],
    )
    return _events(rows)


def events_csv(store: Store, filters: Filters, part: str = "all") -> pd.DataFrame:
    """The events under the filters (all readable ones, the `dated` or `undated` ones, or
    those `left_off` the timeline) in the CSV schema, in corpus order: what the page
    downloads."""
    where, params = filters.where(part)
    columns = ", ".join(f'e."{c}"' for c in TABLE_COLUMNS["events"])
    rows = store.frame(
        f"""SELECT {columns} FROM rows_events e JOIN articles a ON a.article_id = e.article_id
            WHERE {where} ORDER BY {_CORPUS_ORDER}""",
        params,
        columns=TABLE_COLUMNS["events"],
    )
    return frame("events", rows)


def undated_articles(store: Store, filters: Filters) -> list[str]:
    """Articles without a publication date that have events under the filters (corpus
    order): their relative dates could not be placed."""
    where, params = filters.where()
    rows = store.query(
        f"""SELECT a.article_id FROM articles a WHERE (a.published IS NULL OR a.published = '')
            AND EXISTS (SELECT 1 FROM rows_events e WHERE e.article_id = a.article_id
                        AND {where})
            ORDER BY {_ARTICLE_ORDER}""",
        params,
    )
    return [row[0] for row in rows]


def _events(rows: pd.DataFrame) -> pd.DataFrame:
    """Stored event rows (with their article's title) as the page's frame: the span as
    Timestamps (finish exclusive; NaT when undated), lists of actors, parsed evidence."""
    first = pd.to_datetime(rows["first_day"].where(rows["first_day"] != ""), format="%Y-%m-%d")
    last = pd.to_datetime(rows["last_day"].where(rows["last_day"] != ""), format="%Y-%m-%d")
    split = _split_list
    return pd.DataFrame(
        {
            "event_id": rows["event_id"],
            "article_id": rows["article_id"],
            "title": rows["title"],
            "date": rows["date"],
            "date_end": rows["date_end"],
            "precision": rows["precision"],
            "start": first,
            "finish": last + pd.Timedelta(days=1),
            "date_text": rows["date_text"],
            "description": rows["description"],
            "actors": rows["actors"].map(split),
            "actor_ids": rows["actor_ids"].map(split),
            "actor_types": rows["actor_types"].map(split),
            "evidence": rows["evidence_json"].map(
                lambda j: [tuple(e) for e in json.loads(j or "[]")]
            ),
        },
        columns=COLUMNS,
    ).reset_index(drop=True)


def _split_list(joined: str) -> list[str]:
    return joined.split(LIST_SEPARATOR) if joined else []


def lanes(events: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per event and lane: a lane per actor (`by="actor"`) or per article."""
    if by == "article":
        return events.assign(
            lane=events["title"].where(events["title"] != "", events["article_id"])
        )
    exploded = events.assign(lane=events["actors"]).explode("lane")
    return exploded.assign(lane=exploded["lane"].fillna("(no named actor)"))


# -- what the chart draws --------------------------------------------------------------

MAX_LANES = 15  # lanes drawn at once: the most active; the others share one lane
OTHERS = "other lanes"
LANE_BAND = 0.7  # the share of a lane's height that events on one day spread over


def lane_page(rows: pd.DataFrame, first: int = 0, size: int = MAX_LANES) -> pd.DataFrame:
    """`rows` (one per event and lane, `lanes`) on at most `size` + 1 numbered lanes: the
    lanes with the most events (ties: by name), from the `first`, each on its own, and
    every other folded into one last lane ("other lanes (N)"). Adds `lane_label` and
    `y`, the lane's number from 0 at the top, and `y_jittered`: events on one day in one
    lane spread over the lane's band so that each can be seen, hovered and clicked."""
    counts = rows.groupby("lane").size().reset_index(name="events")
    ranked = counts.sort_values(["events", "lane"], ascending=[False, True], kind="stable")
    shown = list(ranked["lane"][first : first + size])
    folded = len(ranked) - len(shown)
    labels = {lane: f"{lane} ({n})" for lane, n in zip(ranked["lane"], ranked["events"],
                                                      strict=True)}  # fmt: skip
    others = f"{OTHERS} ({folded})"
    numbers = {lane: i for i, lane in enumerate(shown)}
    rows = rows.assign(
        lane_label=[labels[lane] if lane in numbers else others for lane in rows["lane"]],
        y=[numbers.get(lane, len(shown)) for lane in rows["lane"]],
    )
    day = rows["start"].dt.strftime("%Y-%m-%d").fillna("")
    same = rows.groupby([rows["y"], day]).cumcount()
    together = rows.groupby([rows["y"], day])["y"].transform("size")
    offset = (same + 0.5) / together - 0.5  # evenly over (-0.5, 0.5)
    return rows.assign(y_jittered=rows["y"] + offset * LANE_BAND * (together > 1))


def date_window(starts: pd.Series, finishes: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """The dates the axis shows: those of the events, unless a few lie far from the rest
    (an event decades away from the others): then the span of the middle 90 % of events,
    with room around it, and how many events lie outside it (0: every event is inside)."""
    low, high = starts.min(), finishes.max()
    if len(starts) < 10:
        return low, high, 0
    core_low, core_high = starts.quantile(0.05), finishes.quantile(0.95)
    room = max((core_high - core_low) * 0.15, pd.Timedelta(days=15))
    window = (core_low - room, core_high + room)
    if low >= window[0] and high <= window[1]:
        return low, high, 0
    outside = int(((finishes < window[0]) | (starts > window[1])).sum())
    return window[0], window[1], outside
