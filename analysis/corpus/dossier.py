"""An entity's dossier: everything the corpus says about one canonical entity, each part
aggregated in SQL over the stored rows (the analyst's corrections applied), and the
evidence behind every count: the sentences, with their article, a Reader link opens at.

Parts: its names (aliases) and the corrections behind them; mentions over time; the
articles naming it; what it said (its quotes, by kind: direct, indirect, according_to
and stance apart); who quotes or mentions it (speakers whose quotes name it, outlets its
words were relayed through) and whom it mentions; the events it is an actor in; the
entities named with it most (in one sentence).

Evidence (`evidence`) is asked for by kind and value, the way the page links a count:
    alias:TEXT     its mentions written TEXT       period:YYYY-MM  its mentions that month
    article:ID     its mentions in that article    with:ID         sentences naming both
    named_by:ID    quotes by ID naming it          names:ID        its quotes naming ID
    via:NAME       its quotes relayed through NAME quotes:KIND     its quotes of that kind
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from analysis.corpus import corrections as entity_corrections
from analysis.extract.entities import entity_id as make_entity_id
from analysis.output.tables import LIST_SEPARATOR
from analysis.quote_kinds import QUOTE_KINDS
from analysis.store import Store

KIND_LABELS = {
    "direct": "direct quotes",
    "indirect": "reported speech",
    "according_to": "'according to'",
    "stance": "stances and beliefs (not speech)",
}
EVIDENCE_KINDS = ("alias", "period", "article", "with", "named_by", "names", "via", "quotes")
EVIDENCE_COLUMNS = ["article_id", "title", "published", "sentence", "text", "sentence_text"]
MAX_EVIDENCE = 300  # sentences listed with their text (each needs its article read)


@dataclass(frozen=True)
class Profile:
    entity_id: str
    name: str
    type: str
    linked_country: str
    mentions: int
    articles: int


def profile(store: Store, entity_id: str) -> Profile | None:
    """Its name and type (those it carries in most of its mentions), country, counts."""
    forms = store.frame(
        """SELECT "name", "type", linked_country, SUM(mentions) AS mentions,
                  COUNT(*) AS articles
           FROM rows_entities WHERE entity_id = ?
           GROUP BY "name", "type", linked_country""",
        (entity_id,),
    )
    if forms.empty:
        return None
    forms = forms.sort_values(["mentions", "name"], ascending=[False, True])
    top = forms.iloc[0]
    country = next((c for c in forms["linked_country"] if c), "")
    return Profile(entity_id, top["name"], top["type"], country,
                   int(forms["mentions"].sum()), int(forms["articles"].sum()))  # fmt: skip


# -- names ----------------------------------------------------------------------------------


def aliases(store: Store, entity_id: str) -> pd.DataFrame:
    """Each text its mentions are written as, with mentions and articles, most first."""
    return store.frame(
        """SELECT "text" AS alias, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles
           FROM rows_mentions WHERE entity_id = ? GROUP BY "text"
           ORDER BY mentions DESC, alias""",
        (entity_id,),
        columns=["alias", "mentions", "articles"],
    )


def corrections_behind(
    store: Store, entity_id: str, entity_type: str, alias_texts: list[str]
) -> list[entity_corrections.Correction]:
    """The analyst's corrections that made this entity what it is (undone ones too, said
    so): those naming it (renamed or retyped into it, merged into it, mentions split or
    added into it), those of the entities merged or renamed into it, and those about the
    texts of its aliases; oldest first."""
    every = entity_corrections.load(store)
    ids, texts = {entity_id}, {a.casefold() for a in alias_texts}
    changed = True
    while changed:  # follow chains: A renamed to B, B merged into this
        changed = False
        for c in every:
            if _result_id(c, entity_type) in ids and c.entity_id and c.entity_id not in ids:
                ids.add(c.entity_id)
                changed = True
    return [
        c
        for c in every
        if c.entity_id in ids or c.target_id in ids or _result_id(c, entity_type) in ids
        or (c.alias and c.alias.casefold() in texts)
    ]  # fmt: skip


def _result_id(c: entity_corrections.Correction, entity_type: str) -> str:
    """The id a correction gives the mentions it changes."""
    if c.action == "merge" or c.target_id:
        return c.target_id
    if c.action in ("rename", "split", "add") and (c.name or c.alias):
        return make_entity_id(c.type or entity_type, c.name or c.alias)
    if c.action == "retype" and c.name:
        return make_entity_id(c.type, c.name)
    return ""


def alias_corrections(
    alias_texts: list[str], behind: list[entity_corrections.Correction], entity_type: str
) -> dict[str, str]:
    """alias -> the correction (described) that brought it to this entity, where one did:
    an alias added or split into it, or the name of an entity merged or renamed into it."""
    found: dict[str, str] = {}
    for alias in alias_texts:
        for c in behind:
            if c.undone:
                continue
            by_text = c.alias and c.alias.casefold() == alias.casefold() and c.action != "reject"
            by_source = (
                c.action in ("merge", "rename", "retype")
                and c.entity_id.split(":")[-1] == make_entity_id(entity_type, alias).split(":")[-1]
            )
            if by_text or by_source:
                found[alias] = f"#{c.correction_id} {c.describe()}"
    return found


# -- mentions and articles --------------------------------------------------------------


def mentions_over_time(store: Store, entity_id: str) -> pd.DataFrame:
    """Mentions and articles per month of publication (undated articles: period '')."""
    return store.frame(
        """SELECT COALESCE(substr(a.published, 1, 7), '') AS period, COUNT(*) AS mentions,
                  COUNT(DISTINCT m.article_id) AS articles
           FROM rows_mentions m JOIN articles a ON a.article_id = m.article_id
           WHERE m.entity_id = ? GROUP BY 1 ORDER BY 1""",
        (entity_id,),
        columns=["period", "mentions", "articles"],
    )


def articles_naming(store: Store, entity_id: str) -> pd.DataFrame:
    """The articles naming it, newest first: mentions there and its first sentence."""
    return store.frame(
        """SELECT r.article_id, a.title, a.source, COALESCE(a.published, '') AS published,
                  r.mentions,
                  (SELECT MIN(m.sentence) FROM rows_mentions m
                   WHERE m.article_id = r.article_id AND m.entity_id = r.entity_id) AS sentence
           FROM rows_entities r JOIN articles a ON a.article_id = r.article_id
           WHERE r.entity_id = ?
           ORDER BY COALESCE(a.published, '') DESC, a.title, r.article_id""",
        (entity_id,),
        columns=["article_id", "title", "source", "published", "mentions", "sentence"],
    )


# -- quotes -------------------------------------------------------------------------------

QUOTE_COLUMNS = ["kind", "article_id", "title", "published", "cue", "quote", "via", "sentence"]


def quotes_by(store: Store, entity_id: str) -> pd.DataFrame:
    """What it said: its quotes (stances too, by their kind), oldest first."""
    return store.frame(
        """SELECT q.kind, q.article_id, a.title, COALESCE(a.published, '') AS published,
                  q.cue, q.quote, q.via, q.sentence
           FROM rows_quotes q JOIN articles a ON a.article_id = q.article_id
           WHERE q.speaker_entity_id = ?
           ORDER BY COALESCE(a.published, ''), a.added, q.article_id, q.seq""",
        (entity_id,),
        columns=QUOTE_COLUMNS,
    )


def kind_counts(quotes: pd.DataFrame) -> dict[str, int]:
    """Quotes per kind, every kind listed (0 when none)."""
    counts = Counter(quotes["kind"])
    return {kind: counts.get(kind, 0) for kind in QUOTE_KINDS}


def named_by(store: Store, entity_id: str) -> pd.DataFrame:
    """Who mentions it: the speakers whose quotes name it, with their quotes (speech) and
    stances naming it and the articles, most first."""
    return _links(store, "target", "source", entity_id)


def names(store: Store, entity_id: str) -> pd.DataFrame:
    """Whom it mentions: the entities its quotes name, as `named_by`."""
    return _links(store, "source", "target", entity_id)


def _links(store: Store, this: str, other: str, entity_id: str) -> pd.DataFrame:
    return store.frame(
        f"""SELECT l."{other}" AS entity_id, MAX(l.{other}_name) AS name,
                   MAX(l.{other}_type) AS type,
                   SUM(CASE WHEN q.kind = 'stance' THEN 0 ELSE 1 END) AS quotes,
                   SUM(CASE WHEN q.kind = 'stance' THEN 1 ELSE 0 END) AS stances,
                   COUNT(DISTINCT l.article_id) AS articles
            FROM rows_links l JOIN rows_quotes q
                 ON q.article_id = l.article_id AND q.quote_id = l.quote_id
            WHERE l.countries = 0 AND l."{this}" = ?
            GROUP BY l."{other}" ORDER BY quotes DESC, stances DESC, name""",
        (entity_id,),
        columns=["entity_id", "name", "type", "quotes", "stances", "articles"],
    )


def relayed_via(quotes: pd.DataFrame) -> pd.DataFrame:
    """Who quotes it: the outlets and sources its words were relayed through ('said X,
    Reuters reported'), with how many of its quotes each."""
    counts = Counter(name for via in quotes["via"] for name in via.split(LIST_SEPARATOR) if name)
    return pd.DataFrame(counts.most_common(), columns=["via", "quotes"])


# -- events and company ---------------------------------------------------------------------

EVENT_COLUMNS = ["article_id", "title", "event_id", "date", "date_end", "precision", "first_day",
                 "last_day", "description", "actors", "timeline", "sentence"]  # fmt: skip


def events_of(store: Store, entity_id: str) -> pd.DataFrame:
    """The events it is an actor in (readable ones and those left off the Timeline, said
    so), dated ones by day, then undated; `sentence` is the first evidence's."""
    events = store.frame(
        """SELECT e.article_id, a.title, e.event_id, e."date", e.date_end, e."precision",
                  e.first_day, e.last_day, e.description, e.actors, e.timeline,
                  e.evidence_json
           FROM rows_actors r
           JOIN rows_events e ON e.article_id = r.article_id AND e.event_id = r.event_id
           JOIN articles a ON a.article_id = r.article_id
           WHERE r.entity_id = ?
           ORDER BY CASE WHEN e.first_day = '' THEN 1 ELSE 0 END, e.first_day, e.article_id,
                    e.event_id""",
        (entity_id,),
        columns=[*EVENT_COLUMNS[:-1], "evidence_json"],
    )
    events["sentence"] = [_first_sentence(e) for e in events.pop("evidence_json")]
    return events.drop_duplicates(["article_id", "event_id"]).reset_index(drop=True)


def _first_sentence(evidence_json: str) -> int:
    evidence = json.loads(evidence_json or "[]")
    return int(evidence[0][0]) if evidence else 0


def named_with(store: Store, entity_id: str) -> pd.DataFrame:
    """The entities named in one sentence with it most: sentences and articles."""
    return store.frame(
        """SELECT other AS entity_id, MAX(other_name) AS name, MAX(other_type) AS type,
                  SUM(sentences) AS sentences, COUNT(DISTINCT article_id) AS articles
           FROM (SELECT article_id, b AS other, b_name AS other_name, b_type AS other_type,
                        sentences FROM rows_pairs WHERE countries = 0 AND a = ?
                 UNION ALL
                 SELECT article_id, a, a_name, a_type, sentences FROM rows_pairs
                 WHERE countries = 0 AND b = ?) pairs
           GROUP BY other ORDER BY sentences DESC, articles DESC, name""",
        (entity_id, entity_id),
        columns=["entity_id", "name", "type", "sentences", "articles"],
    )


# -- evidence -------------------------------------------------------------------------------


def evidence(
    store: Store, entity_id: str, kind: str, value: str, limit: int | None = MAX_EVIDENCE
) -> tuple[pd.DataFrame, int]:
    """The sentences behind one count of the dossier (see the module docstring), corpus
    order: the first `limit` (None: all) with their text, and how many there are in all.
    ValueError for an unknown kind."""
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"no evidence of kind {kind!r}")
    sql, params = _EVIDENCE_SQL[kind](entity_id, value)
    total = int(store.query(f"SELECT COUNT(*) FROM ({sql}) found", params)[0][0])
    rows = store.frame(
        f"""SELECT found.article_id, a.title, COALESCE(a.published, '') AS published,
                   found.sentence, found.text
            FROM ({sql}) found JOIN articles a ON a.article_id = found.article_id
            ORDER BY a.added, found.article_id, found.sentence
            {f"LIMIT {int(limit)}" if limit is not None else ""}""",
        params,
        columns=EVIDENCE_COLUMNS[:-1],
    )
    texts: dict[str, dict[int, str]] = {}
    for article_id in dict.fromkeys(rows["article_id"]):
        analysis = store.analysis(article_id)
        texts[article_id] = {s.index: s.text for s in analysis.sentences} if analysis else {}
    rows["sentence_text"] = [
        texts[a].get(int(s), "") for a, s in zip(rows["article_id"], rows["sentence"], strict=True)
    ]
    return rows, total


def _mentions_where(condition: str):
    def sql(entity_id: str, value: str) -> tuple[str, list]:
        return (
            f"""SELECT m.article_id, m.sentence, m."text" FROM rows_mentions m
                JOIN articles ma ON ma.article_id = m.article_id
                WHERE m.entity_id = ? AND {condition}""",
            [entity_id, value],
        )

    return sql


def _both_named(entity_id: str, other: str) -> tuple[str, list]:
    return (
        """SELECT DISTINCT m.article_id, m.sentence, m."text" FROM rows_mentions m
           JOIN rows_mentions o ON o.article_id = m.article_id AND o.sentence = m.sentence
           WHERE m.entity_id = ? AND o.entity_id = ?""",
        [entity_id, other],
    )


_LINKED = "JOIN rows_links l ON l.article_id = q.article_id AND l.quote_id = q.quote_id"
_EVIDENCE_SQL = {
    "alias": _mentions_where('m."text" = ?'),
    "period": _mentions_where("COALESCE(substr(ma.published, 1, 7), '') = ?"),
    "article": _mentions_where("m.article_id = ?"),
    "with": _both_named,
    # quotes by `value` naming the entity / quotes by the entity naming `value`
    "named_by": lambda eid, value: (
        f"""SELECT q.article_id, q.sentence, q.quote AS "text" FROM rows_quotes q {_LINKED}
            WHERE l.countries = 0 AND l.target = ? AND l.source = ?""",
        [eid, value],
    ),
    "names": lambda eid, value: (
        f"""SELECT q.article_id, q.sentence, q.quote AS "text" FROM rows_quotes q {_LINKED}
            WHERE l.countries = 0 AND l.source = ? AND l.target = ?""",
        [eid, value],
    ),
    "via": lambda eid, value: (
        """SELECT q.article_id, q.sentence, q.quote AS "text" FROM rows_quotes q
           WHERE q.speaker_entity_id = ?
             AND ('; ' || q.via || '; ') LIKE ? ESCAPE '\\'""",
        [eid, "%; " + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "; %"],
    ),
    "quotes": lambda eid, value: (
        """SELECT q.article_id, q.sentence, q.quote AS "text" FROM rows_quotes q
           WHERE q.speaker_entity_id = ? AND q.kind = ?""",
        [eid, value],
    ),
}
