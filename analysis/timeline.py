"""The events of a corpus laid out for a timeline: a time span per event, one row per lane."""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta

import pandas as pd

from analysis.records import Analysis, Article
from analysis.tables import LIST_SEPARATOR, article_rows, rows_frames

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


def timeline_frame(corpus: list[tuple[Article, Analysis]]) -> pd.DataFrame:
    """One row per event of (article, analysis) pairs (see `timeline_of_rows`)."""
    return timeline_of_rows(rows_frames([article_rows(a, analysis) for a, analysis in corpus]))


def timeline_of_rows(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per event from the stored rows: its span (start, finish; finish exclusive),
    actors with their ids and types, the date as written, and its evidence sentences."""
    events = rows["events"]
    titles = dict(zip(rows["articles"]["article_id"], rows["articles"]["title"], strict=True))
    spans = [
        span_of(date, end) for date, end in zip(events["date"], events["date_end"], strict=True)
    ]
    split = _split_list
    return pd.DataFrame(
        {
            "event_id": events["event_id"],
            "article_id": events["article_id"],
            "title": events["article_id"].map(titles).fillna(""),
            "date": events["date"],
            "date_end": events["date_end"],
            "precision": events["precision"],
            "start": [pd.Timestamp(s[0]) if s else pd.NaT for s in spans],
            "finish": [pd.Timestamp(s[1]) + pd.Timedelta(days=1) if s else pd.NaT for s in spans],
            "date_text": events["date_text"],
            "description": events["description"],
            "actors": events["actors"].map(split),
            "actor_ids": events["actor_ids"].map(split),
            "actor_types": events["actor_types"].map(split),
            "evidence": events["evidence_json"].map(
                lambda j: [tuple(e) for e in json.loads(j or "[]")]
            ),
        },
        columns=COLUMNS,
    ).reset_index(drop=True)


def _split_list(joined: str) -> list[str]:
    return joined.split(LIST_SEPARATOR) if joined else []


def filter_events(
    events: pd.DataFrame,
    articles: list[str] | None = None,
    entities: list[str] | None = None,
    types: list[str] | None = None,
    date_range: tuple[date, date] | None = None,
) -> pd.DataFrame:
    """Events of the chosen articles, naming any chosen entity / type, overlapping the range."""
    keep = pd.Series(True, index=events.index)
    if articles:
        keep &= events["article_id"].isin(articles)
    if entities:
        keep &= events["actors"].map(lambda names: bool(set(names) & set(entities)))
    if types:
        keep &= events["actor_types"].map(lambda found: bool(set(found) & set(types)))
    if date_range:
        low, high = pd.Timestamp(date_range[0]), pd.Timestamp(date_range[1]) + pd.Timedelta(days=1)
        dated = events["start"].notna()
        keep &= ~dated | ((events["start"] < high) & (events["finish"] > low))
    return events[keep]


def lanes(events: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per event and lane: a lane per actor (`by="actor"`) or per article."""
    if by == "article":
        return events.assign(
            lane=events["title"].where(events["title"] != "", events["article_id"])
        )
    exploded = events.assign(lane=events["actors"]).explode("lane")
    return exploded.assign(lane=exploded["lane"].fillna("(no named actor)"))
