"""The corpus as every view sees it: stored analyses with the analyst's corrections applied."""

from __future__ import annotations

from collections.abc import Collection

from analysis.corpus import corrections as entity_corrections
from analysis.corpus.entities import CorpusEntity, MentionSite, link_candidates
from analysis.corpus.network import article_view_rows as network_view_rows
from analysis.corpus.timeline import event_view_rows
from analysis.lazy import lazy_module
from analysis.output.tables import ARTICLE_TABLES, article_rows, corpus_tables, frame
from analysis.records import Analysis, Article
from analysis.store import Store
from analysis.store.views import stored_view

pd = lazy_module("pandas")  # imported when first used


def load_corpus(
    store: Store, article_ids: list[str] | None = None
) -> list[tuple[Article, Analysis]]:
    """(article, corrected analysis) for the given ids (default: every article, store order).
    Parses every analysis: for views of a few articles; corpus views read `store_rows`."""
    corrections = entity_corrections.load(store)
    ids = article_ids or [summary["article_id"] for summary in store.article_summaries()]
    corpus = []
    for article_id in ids:
        article, analysis = store.article(article_id), store.analysis(article_id)
        if article and analysis:
            corrected = entity_corrections.apply(analysis, corrections, article.text, article_id)
            corpus.append((article, corrected))
    return corpus


def stored_rows(article: Article, analysis: Analysis) -> dict[str, list[dict]]:
    """Every row the store keeps for one (corrected) article: the per-article tables of the
    CSV schema and the rows the corpus views aggregate in SQL."""
    rows = article_rows(article, analysis)
    rows |= event_view_rows(rows)
    rows |= network_view_rows(rows)
    return rows


def store_rows(store: Store, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The stored (corrected) rows of the CSV schema's per-article tables, read with
    indexes (not the rows only the corpus views aggregate)."""
    return {name: store.read_rows(name, article_ids) for name in ["articles", *ARTICLE_TABLES]}


def store_tables(store: Store, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the schema for the store (or some of its articles): what the app
    downloads and `python -m analysis export` writes, byte for byte."""
    return corpus_tables(store_rows(store, article_ids))


@stored_view
def corpus_entities(store: Store) -> list[CorpusEntity]:
    """Every canonical entity of the corpus (from the aggregates), most mentioned first: its
    name and type are those it carries in most of its mentions (ties: alphabetical), its
    aliases the texts of its mentions, most frequent first."""
    forms = store.entity_forms()
    if forms.empty:
        return []
    by_id = forms.groupby("entity_id")
    totals = by_id[["mentions", "articles"]].sum()
    linked = forms[forms["linked_country"] != ""].groupby("entity_id")["linked_country"].max()
    aliases = store.frame(  # the aggregate kept with each article's rows
        """SELECT entity_id, "text", n FROM agg_aliases ORDER BY entity_id, n DESC, "text" """
    )
    aliases_of = aliases.groupby("entity_id", sort=False)["text"].agg(list)
    names, types = _most_mentioned(forms, "name"), _most_mentioned(forms, "type")
    entities = [
        CorpusEntity(
            entity_id=entity_id,
            name=names[entity_id],
            type=types[entity_id],
            articles=int(row.articles),
            mentions=int(row.mentions),
            aliases=aliases_of.get(entity_id, []),
            linked_country=linked.get(entity_id, ""),
        )
        for entity_id, row in zip(totals.index, totals.itertuples(index=False), strict=True)
    ]
    return sorted(entities, key=lambda e: (-e.mentions, e.name, e.entity_id))


@stored_view
def corpus_link_candidates(store: Store) -> dict[str, list[str]]:
    """`link_candidates` of the corpus's entities."""
    return link_candidates(corpus_entities(store))


def _most_mentioned(forms: pd.DataFrame, column: str) -> dict[str, str]:
    """Per entity id, the value of `column` (name, type) carried by most of its mentions."""
    weights = forms.groupby(["entity_id", column], as_index=False)["mentions"].sum()
    weights = weights.sort_values(["entity_id", "mentions", column], ascending=[True, False, True])
    return weights.drop_duplicates("entity_id").set_index("entity_id")[column].to_dict()


def mention_sites(store: Store, entity_id: str, limit: int) -> tuple[list[MentionSite], int]:
    """The first `limit` mentions of an entity across the corpus (corpus order) with their
    sentences (only those articles are read), and how many mentions it has in all."""
    total = store.frame(
        "SELECT COUNT(*) AS n FROM rows_mentions WHERE entity_id = ?", (entity_id,)
    ).iloc[0]["n"]
    first = store.frame(
        """SELECT m.article_id, a.title, m.sentence, m."text", m."start", m."end"
           FROM rows_mentions m JOIN articles a USING (article_id) WHERE m.entity_id = ?
           ORDER BY a.added, a.article_id, m.seq LIMIT ?""",
        (entity_id, limit),
    )
    sites, sentences = [], {}
    for row in first.itertuples(index=False):
        if row.article_id not in sentences:
            analysis = store.analysis(row.article_id)
            sentences[row.article_id] = (
                {s.index: s.text for s in analysis.sentences} if analysis else {}
            )
        sites.append(
            MentionSite(
                article_id=row.article_id,
                title=row.title,
                sentence=int(row.sentence),
                sentence_text=sentences[row.article_id].get(int(row.sentence), ""),
                text=row.text,
                start=int(row.start),
                end=int(row.end),
            )
        )
    return sites, int(total)


def entity_rows(store: Store, table: str, entity_ids: Collection[str]) -> pd.DataFrame:
    """The rows of `table` (entities, mentions) of some entities, in the CSV schema and
    corpus order: read when a download is clicked."""
    rows = store.read_rows(table)
    return frame(table, rows[rows["entity_id"].isin(entity_ids)])
