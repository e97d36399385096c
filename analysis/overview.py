"""Corpus-at-a-glance figures, computed from the CSV-schema tables (pandas, no Streamlit)."""

from __future__ import annotations

import pandas as pd

PEOPLE, ORGANISATIONS, COUNTRIES = "people", "organisations", "countries"
KIND_TYPES = {PEOPLE: {"PERSON"}, ORGANISATIONS: {"ORG"}, COUNTRIES: {"GPE", "LOC", "NORP"}}


def corpus_stats(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    articles = tables["articles"]
    published = articles["published"].replace("", pd.NA).dropna()
    return {
        "articles": len(articles),
        "sources": articles["source"].replace("", pd.NA).nunique(),
        "first": published.min() if len(published) else "",
        "last": published.max() if len(published) else "",
        "entities": tables["entities"]["entity_id"].nunique(),
        "quotes": len(tables["quotes"]),
        "events": len(tables["events"]),
    }


def mentions_by_entity(tables: dict[str, pd.DataFrame], by_country: bool = True) -> pd.DataFrame:
    """Every mention with the entity it counts for: with `by_country`, capitals, demonyms
    and country names count for their country (name, type GPE)."""
    mentions = tables["mentions"][["article_id", "entity_id", "name", "type"]]
    if not by_country:
        return mentions
    links = tables["entities"][["article_id", "entity_id", "linked_country"]]
    joined = mentions.merge(links, on=["article_id", "entity_id"], how="left")
    country = joined["linked_country"].fillna("").ne("") & joined["type"].isin(
        KIND_TYPES[COUNTRIES]
    )
    joined.loc[country, "name"] = joined.loc[country, "linked_country"]
    joined.loc[country, "type"] = "GPE"
    return joined.drop(columns="linked_country")


def top_entities(
    tables: dict[str, pd.DataFrame], kind: str, limit: int = 10, by_country: bool = True
) -> pd.DataFrame:
    """The most mentioned people / organisations / countries: name, type, mentions, articles."""
    mentions = mentions_by_entity(tables, by_country)
    mentions = mentions[mentions["type"].isin(KIND_TYPES[kind])]
    if kind == COUNTRIES and by_country:
        mentions = mentions[mentions["type"] == "GPE"]
    grouped = mentions.groupby("name").agg(
        type=("type", "first"), mentions=("entity_id", "size"), articles=("article_id", "nunique")
    )
    ranked = grouped.reset_index().sort_values(["mentions", "name"], ascending=[False, True])
    return ranked.head(limit).reset_index(drop=True)


def mentions_over_time(
    tables: dict[str, pd.DataFrame], names: list[str], freq: str = "W-SUN", by_country: bool = True
) -> pd.DataFrame:
    """Mentions of the named entities per period of publication: period, name, mentions."""
    mentions = mentions_by_entity(tables, by_country)
    mentions = mentions[mentions["name"].isin(names)]
    published = tables["articles"][["article_id", "published"]]
    dated = mentions.merge(published, on="article_id")
    dated = dated[dated["published"].ne("")]
    if dated.empty:
        return pd.DataFrame(columns=["period", "name", "mentions"])
    dated = dated.assign(period=pd.to_datetime(dated["published"]).dt.to_period(freq).dt.start_time)
    counts = dated.groupby(["period", "name"]).size().rename("mentions").reset_index()
    return counts.sort_values(["period", "name"]).reset_index(drop=True)


def articles_per_source(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    sources = tables["articles"]["source"].replace("", "(unknown source)")
    counts = sources.value_counts().rename_axis("source").rename("articles").reset_index()
    return counts.sort_values(["articles", "source"], ascending=[False, True]).reset_index(
        drop=True
    )


def articles_per_week(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    published = tables["articles"]["published"]
    dated = pd.to_datetime(published[published.ne("")])
    if dated.empty:
        return pd.DataFrame(columns=["week", "articles"])
    weeks = dated.dt.to_period("W-SUN").dt.start_time
    counts = weeks.value_counts().rename_axis("week").rename("articles").reset_index()
    return counts.sort_values("week").reset_index(drop=True)


def latest_events(tables: dict[str, pd.DataFrame], limit: int = 10) -> pd.DataFrame:
    events = tables["events"]
    dated = events[events["date"].ne("")]
    titles = tables["articles"][["article_id", "title"]]
    latest = dated.sort_values(["date", "event_id"], ascending=[False, True]).head(limit)
    return latest.merge(titles, on="article_id", how="left")[
        ["date", "precision", "description", "actors", "title", "article_id", "event_id"]
    ]
