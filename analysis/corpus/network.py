"""Who mentions whom: quotes -> a directed network of speakers and the entities they name.

Plain Python (no Streamlit). Every count is an SQL aggregate over the rows the store keeps
per article (`article_view_rows`, under both groupings: `countries` 0 = entities as they
are, 1 = capitals, demonyms and the country counted to the country): `rows_links` (one row
per quote and node it names), `rows_speakers` (one row per quote with a resolved speaker)
and `rows_pairs` (nodes named in one sentence). The functions here return small DataFrames
(one row per edge, speaker, pair or listed quote), never the corpus's rows; the page caches
them per store revision and filter. What the page draws from the edges (the layout, labels,
the speaker x entity matrix) is analysis.corpus.network_drawing's.

Nodes. A node is named and typed by the node table (`nodes`), one row per node, from the
entity rows of the corpus: an entity node carries the name and the type it carries in most
of its mentions (ties: the smaller name, then type, in code point order), as on the
Entities page; with the grouping, a country node is named after its country, type GPE.

Filters (`NetworkFilters`, one record for every function here). `countries` chooses the
grouping; `articles` (empty: all) keeps the rows of those articles; `types` (empty: all)
keeps the rows whose nodes (both ends of a link or a pair, the speaker of a quote) are of
the chosen types, the node's type being that of the node table; `min_count` keeps the
edges of at least that many quotes (pairs: sentences); `kinds` keeps the quotes of those
kinds (speech unless stances are asked for).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from analysis.extract.entities import entity_id
from analysis.lazy import lazy_module
from analysis.output.tables import COLUMNS, LIST_SEPARATOR, frame
from analysis.quote_kinds import QUOTE_KINDS, SPEECH_KINDS
from analysis.records import Analysis, Mention, Quote, Sentence
from analysis.store import Store, marks
from analysis.store.views import stored_record, stored_view

pd = lazy_module("pandas")  # imported when first used

# columns the page needs beside those of the schema: which nodes an edge joins
ID_COLUMNS = ["source_id", "target_id"]
EDGE_COLUMNS = COLUMNS["who_mentions_whom"] + ID_COLUMNS
COOCCURRENCE_COLUMNS = COLUMNS["cooccurrence"] + ["entity_a_id", "entity_b_id"]
NODE_COLUMNS = ["node_id", "name", "type", "row_types"]
SPEAKER_COLUMNS = ["node_id", "speaker", "type", "quotes", "naming"]
KEY_COLUMNS = ["article_id", "quote_id"]
EXAMPLE_LENGTH = 300  # as tables.who_mentions_whom_table
MAX_PAIRS = 500  # pairs the page lists (the CSV has them all)
# a row's place in the corpus as one integer: (article's position) * SEQ_SPAN + row seq
SEQ_SPAN = 1_000_000

# ("speaker" | "named" | "node", node_id) or ("edge", source_id, target_id): see quotes_behind
Selection = tuple[str, ...]


# -- rows stored per article (analysis.corpus.rows.stored_rows) ----------------------------------


def article_view_rows(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """An article's share of the network under both groupings (`countries` 0 and 1), for
    the page to aggregate in SQL: each resolved speaker's quotes (`speakers`), each quote
    naming a node once (`links`, never the speaker's own node) and each pair of nodes named
    in one sentence with its number of sentences (`pairs`, ids in order)."""
    entities = {e["entity_id"]: e for e in rows["entities"]}
    out: dict[str, list[dict]] = {"speakers": [], "links": [], "pairs": []}
    for countries in (0, 1):

        def node_of(eid: str, countries: int = countries) -> tuple[str, str, str] | None:
            entity = entities.get(eid)
            if entity is None:
                return None
            if countries and entity["linked_country"]:
                return entity_id("GPE", entity["linked_country"]), entity["linked_country"], "GPE"
            return eid, entity["name"], entity["type"]

        common = {"article_id": rows["articles"][0]["article_id"], "countries": countries}
        for quote in rows["quotes"]:
            speaker = node_of(quote["speaker_entity_id"])
            if speaker is None:
                continue
            said = {"quote_id": quote["quote_id"], "kind": quote["kind"]}
            out["speakers"].append(common | said | _node_row("speaker", speaker))
            named = quote["mentioned_ids"].split(LIST_SEPARATOR) if quote["mentioned_ids"] else []
            targets = {n[0]: n for n in map(node_of, named) if n and n[0] != speaker[0]}
            out["links"] += [
                common | said | _node_row("source", speaker) | _node_row("target", target)
                for target in targets.values()
            ]
        out["pairs"] += [common | row for row in _sentence_pairs(rows["mentions"], node_of)]
    return out


def _node_row(role: str, node: tuple[str, str, str]) -> dict[str, str]:
    node_id, name, node_type = node
    return {role: node_id, f"{role}_name": name, f"{role}_type": node_type}


def _sentence_pairs(mentions: list[dict], node_of) -> list[dict]:
    """Pairs of nodes named in one sentence and in how many sentences, ids in order."""
    by_sentence: dict[int, dict[str, tuple]] = defaultdict(dict)
    for mention in mentions:
        if node := node_of(mention["entity_id"]):
            by_sentence[mention["sentence"]][node[0]] = node
    counts: Counter = Counter()
    nodes: dict[str, tuple] = {}
    for named in by_sentence.values():
        nodes |= named
        ids = sorted(named)
        counts.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return [
        {**_node_row("a", nodes[a]), **_node_row("b", nodes[b]), "sentences": n}
        for (a, b), n in sorted(counts.items())
    ]


# -- nodes ------------------------------------------------------------------------------


@stored_view
def nodes(store: Store, countries: bool) -> pd.DataFrame:
    """Every node of the corpus under a grouping, by id: `name` and `type` (see the module
    docstring) and `row_types`, every type a row may give the node (a tuple; more than one
    when the entity is typed differently in different articles: GPE and LOC)."""
    entities = store.entity_forms()
    if entities.empty:
        return pd.DataFrame(columns=NODE_COLUMNS)
    variants = entities.assign(weight=entities["mentions"].astype("int64"))
    if countries:
        linked = variants[variants["linked_country"] != ""]
        country_ids = {c: entity_id("GPE", c) for c in linked["linked_country"].unique()}
        as_countries = pd.DataFrame(
            {
                "node_id": linked["linked_country"].map(country_ids),
                "name": linked["linked_country"],
                "type": "GPE",
                "weight": linked["weight"],
                "country": True,
            }
        )
        as_entities = variants[variants["linked_country"] == ""]
        # an entity linked in every article is never a node of its own
        as_entities = variants[variants["entity_id"].isin(set(as_entities["entity_id"]))]
        rows = pd.concat(
            [
                as_countries,
                as_entities.rename(columns={"entity_id": "node_id"})
                .drop(columns="linked_country")
                .assign(country=False),
            ],
            ignore_index=True,
        )
    else:
        rows = variants.rename(columns={"entity_id": "node_id"}).assign(country=False)
    typed = rows[["node_id", "type"]].drop_duplicates()
    typed = typed[typed["node_id"].duplicated(keep=False)]  # nodes of several types: few
    several = {node: tuple(sorted(t)) for node, t in typed.groupby("node_id")["type"]}
    # a country node is named after its country; otherwise the variant of most mentions
    rows = rows.groupby(["node_id", "country", "name", "type"], as_index=False)["weight"].sum()
    rows = rows.sort_values(
        ["node_id", "country", "weight", "name", "type"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    chosen = rows.drop_duplicates("node_id")[["node_id", "name", "type"]]
    chosen = chosen.assign(
        row_types=[
            several.get(n, (t,)) for n, t in zip(chosen["node_id"], chosen["type"], strict=True)
        ]
    )
    return chosen.sort_values("node_id", kind="stable").reset_index(drop=True)[NODE_COLUMNS]


def node_types(*tables: pd.DataFrame) -> list[str]:
    """The types of the nodes of these node tables (the type filter's options: those of
    both groupings, so a choice survives the toggle)."""
    return sorted({t for table in tables for t in table["type"]})


def members(
    store: Store, node_id: str, countries: bool, articles: Collection[str] = ()
) -> set[str]:
    """The entity ids counted to a node (in these articles; empty: the corpus): the entity
    itself and, with the grouping, the entities linked to its country (Pyongyang and North
    Korean for North Korea)."""
    if not countries:
        return {node_id}
    sql = "SELECT DISTINCT entity_id, linked_country FROM rows_entities WHERE linked_country != ''"
    params: list = []
    if articles:
        sql += f" AND article_id IN ({marks(articles)})"
        params += list(articles)
    linked = store.frame(sql, params, columns=["entity_id", "linked_country"])
    return {node_id} | {
        e for e, c in zip(linked["entity_id"], linked["linked_country"], strict=True)
        if entity_id("GPE", c) == node_id
    }  # fmt: skip


# -- filters as SQL -----------------------------------------------------------------------


@stored_record  # a key of the kept views
@dataclass(frozen=True)
class NetworkFilters:
    """What the network counts (see the module docstring). Any collection may be given; the
    record keeps them as sorted tuples without repeats and a count of at least 1, so that
    equal filters are one key of the kept views and of the page's caches."""

    countries: bool = False
    articles: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    min_count: int = 1
    kinds: tuple[str, ...] = SPEECH_KINDS

    def __post_init__(self):
        object.__setattr__(self, "countries", bool(self.countries))
        object.__setattr__(self, "articles", tuple(sorted(set(self.articles))))
        object.__setattr__(self, "types", tuple(sorted(set(self.types))))
        object.__setattr__(self, "min_count", max(int(self.min_count), 1))
        object.__setattr__(self, "kinds", tuple(sorted(set(self.kinds))))

    def of_speakers(self) -> NetworkFilters:
        """The filters `speakers` counts under: a speaker's count takes all their quotes,
        whatever the minimum count of an edge (one kept view for every minimum count)."""
        return replace(self, min_count=1)

    def of_pairs(self) -> NetworkFilters:
        """The filters `cooccurrence` counts under: pairs are named in sentences, whoever
        speaks, so the kinds of quote do not apply (one kept view for every kind)."""
        return replace(self, kinds=SPEECH_KINDS)

    def whole_corpus(self) -> bool:
        """Whether every article and node is kept: the aggregates hold the answer."""
        return not self.articles and not self.types

    def whole_corpus_speech(self) -> bool:
        """Whether the filters keep the whole corpus's speech: what the aggregates of quotes
        hold (analysis.store.aggregates); stances, a few articles or types are counted from
        the rows."""
        return self.whole_corpus() and set(self.kinds) == set(SPEECH_KINDS)

    def where(
        self, alias: str, ends: Sequence[str], table: pd.DataFrame | None, of_quotes: bool = True
    ) -> tuple[str, list]:
        """The WHERE clause of the filters over a table of rows (`alias`) and its parameters;
        the grouping leads the covering index of rows_links and rows_pairs, so a whole-corpus
        GROUP BY reads that index in order. `ends`: the node id columns the types apply to,
        by the node table; `of_quotes`: rows of quotes (speakers, links), kept by kind."""
        parts, params = [f"{alias}.countries = ?"], [int(self.countries)]
        if of_quotes and set(self.kinds) != set(QUOTE_KINDS):
            parts.append(f'{alias}."kind" IN ({marks(self.kinds)})')
            params += self.kinds
        if self.articles:
            parts.append(f"{alias}.article_id IN ({marks(self.articles)})")
            params += self.articles
        for end in ends if self.types else ():
            sql, values = _typed(f"{alias}.{end}", self.types, table)
            parts.append(sql)
            params += values
        return " AND ".join(parts), params


def _typed(end: str, types: Collection[str], table: pd.DataFrame) -> tuple[str, list]:
    """`end` (a node id column; its row's type in `end`_type) is of a chosen type. A row
    says its node's type, except for nodes typed differently in different articles: those
    are named in the SQL by id, when it matters for the chosen types."""
    chosen = set(types)
    include, exclude = [], []
    for node, node_type, row_types in zip(
        table["node_id"], table["type"], table["row_types"], strict=True
    ):
        if len(row_types) > 1 and any((t in chosen) != (node_type in chosen) for t in row_types):
            (include if node_type in chosen else exclude).append(node)
    sql = f"{end}_type IN ({marks(types)})"
    params: list = sorted(chosen)
    if exclude:
        sql += f" AND {end} NOT IN ({marks(exclude)})"
        params += exclude
    if include:
        sql = f"({sql}) OR {end} IN ({marks(include)})"
        params += include
    return f"({sql})", params


def _text_order(store: Store, column: str) -> str:
    """A text column ordered by code point on both backends (PostgreSQL's default
    collation may follow a locale)."""
    return f'{column} COLLATE "C"' if store.dialect == "postgresql" else column


def _positions(store: Store) -> str:
    """A CTE of each article's position in corpus order."""
    order = f"added, {_text_order(store, 'article_id')}"
    return (
        "positions AS (SELECT article_id, "
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS pos FROM articles)"
    )


def _named(table: pd.DataFrame, ids: pd.Series, what: str) -> pd.Series:
    lookup = table.set_index("node_id")[what] if not table.empty else pd.Series(dtype=object)
    return ids.map(lookup).fillna(ids if what == "name" else "")


# -- edges, speakers, pairs -------------------------------------------------------------


@stored_view
def edges(store: Store, filters: NetworkFilters, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Edges speaker -> node named under the filters in the `who_mentions_whom` schema
    plus node ids (`EDGE_COLUMNS`): `count` quotes (of the filters' kinds), in `articles`
    articles, `example` the first of them in corpus order; edges of at least the minimum
    count of quotes, most quoted first (then by names and ids). `table`: the node table
    (`nodes`), read when not given."""
    if table is None:
        table = nodes(store, filters.countries)
    if filters.whole_corpus_speech():  # its aggregate
        rows = store.frame(
            """SELECT g."source", g."target", g."count", g.articles, q.quote
               FROM agg_links g
               JOIN agg_first_links f ON f.countries = g.countries AND f."source" = g."source"
                                     AND f."target" = g."target"
               JOIN rows_links l ON l.article_id = f.article_id AND l.seq = f.seq
               JOIN rows_quotes q ON q.article_id = l.article_id AND q.quote_id = l.quote_id
               WHERE g.countries = ? AND g."count" >= ?""",
            [int(filters.countries), filters.min_count],
            columns=["source_id", "target_id", "count", "articles", "example"],
        )
        return _named_edges(rows, table)
    where, params = filters.where("l", ("source", "target"), table)
    rows = store.frame(
        f"""WITH {_positions(store)},
            edges AS (
                SELECT l.source, l.target, COUNT(*) AS count,
                       COUNT(DISTINCT l.article_id) AS articles,
                       MIN(p.pos * {SEQ_SPAN} + l.seq) AS first
                FROM rows_links l JOIN positions p ON p.article_id = l.article_id
                WHERE {where}
                GROUP BY l.source, l.target HAVING COUNT(*) >= ?)
            SELECT e.source, e.target, e.count, e.articles, q.quote
            FROM edges e
            JOIN positions p ON p.pos = e.first / {SEQ_SPAN}
            JOIN rows_links f ON f.article_id = p.article_id AND f.seq = e.first % {SEQ_SPAN}
            JOIN rows_quotes q ON q.article_id = f.article_id AND q.quote_id = f.quote_id""",
        [*params, filters.min_count],
        columns=["source_id", "target_id", "count", "articles", "example"],
    )
    return _named_edges(rows, table)


def _named_edges(rows: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Edges (ids, counts, example) named and typed by the node table, most quoted first."""
    named = pd.DataFrame(
        {
            "source": _named(table, rows["source_id"], "name"),
            "source_type": _named(table, rows["source_id"], "type"),
            "target": _named(table, rows["target_id"], "name"),
            "target_type": _named(table, rows["target_id"], "type"),
            "count": rows["count"],
            "articles": rows["articles"],
            "example": rows["example"].str.slice(0, EXAMPLE_LENGTH),
            "source_id": rows["source_id"],
            "target_id": rows["target_id"],
        },
        columns=EDGE_COLUMNS,
    )
    named = named.sort_values(
        ["count", "source", "target", "source_id", "target_id"],
        ascending=[False, True, True, True, True],
        kind="stable",
    )
    out = frame("who_mentions_whom", named)
    for column in ID_COLUMNS:
        out[column] = named[column].astype(str).tolist()
    return out


@stored_view
def speakers(
    store: Store, filters: NetworkFilters, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Speakers (of the chosen types) by number of quotes of the filters' kinds, naming
    anyone or not (`quotes`: the one count of a speaker's quotes on the page), and number
    of those naming a node under the filters (`naming`), most quoted first. The minimum
    count does not apply: pass `filters.of_speakers()` for one kept view of them all."""
    if table is None:
        table = nodes(store, filters.countries)
    if filters.whole_corpus_speech():  # its aggregate
        rows = store.frame(
            "SELECT speaker, quotes, naming FROM agg_speakers WHERE countries = ?",
            [int(filters.countries)],
            columns=["node_id", "quotes", "naming"],
        )
    else:
        said, said_params = filters.where("s", ("speaker",), table)
        named, named_params = filters.where("l", ("source", "target"), table)
        rows = store.frame(
            f"""SELECT speaker, SUM(quoted) AS quotes, SUM(naming) AS naming FROM (
                    SELECT s.speaker, 1 AS quoted, 0 AS naming FROM rows_speakers s
                    WHERE {said}
                    UNION ALL
                    SELECT source, 0, 1 FROM (
                        SELECT DISTINCT l.source, l.article_id, l.quote_id FROM rows_links l
                        WHERE {named}) AS quotes_naming
                ) AS counted GROUP BY speaker""",
            [*said_params, *named_params],
            columns=["node_id", "quotes", "naming"],
        )
    out = pd.DataFrame(
        {
            "node_id": rows["node_id"].astype(str),
            "speaker": _named(table, rows["node_id"], "name"),
            "type": _named(table, rows["node_id"], "type"),
            "quotes": rows["quotes"].astype("int64"),
            "naming": rows["naming"].astype("int64"),
        },
        columns=SPEAKER_COLUMNS,
    )
    out = out.sort_values(
        ["quotes", "speaker", "node_id"], ascending=[False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)


@stored_view
def cooccurrence(
    store: Store,
    filters: NetworkFilters,
    limit: int | None = None,
    table: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, int]:
    """Pairs of nodes named in one sentence under the filters (`COOCCURRENCE_COLUMNS`:
    the `cooccurrence` schema plus ids): `sentences` in all, in `articles` articles; pairs
    of at least the minimum count of sentences, most frequent first, then by names (the
    pair in alphabetical order of name). With `limit`, the first `limit` pairs only (at the
    cut, pairs of as many sentences are taken by id). Also returns the number of pairs in
    all. The kinds of quote do not apply: pass `filters.of_pairs()` for one kept view."""
    if table is None:
        table = nodes(store, filters.countries)
    where, params = filters.where("p", ("a", "b"), table, of_quotes=False)
    order = f"sentences DESC, {_text_order(store, 'p.a')}, {_text_order(store, 'p.b')}"
    if filters.whole_corpus():  # its aggregate, by an index
        sql = f"""SELECT p.a, p.b, p.sentences, p.articles, COUNT(*) OVER () AS total
                  FROM agg_pairs p WHERE p.countries = ? AND p.sentences >= ?
                  ORDER BY {order}"""
        params = [int(filters.countries)]
    else:  # one row per article and pair: an article's rows count its articles
        sql = f"""SELECT p.a, p.b, SUM(p.sentences) AS sentences, COUNT(*) AS articles,
                         COUNT(*) OVER () AS total
                  FROM rows_pairs p WHERE {where}
                  GROUP BY p.a, p.b HAVING SUM(p.sentences) >= ?
                  ORDER BY {order}"""
    params.append(filters.min_count)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    rows = store.frame(sql, params, columns=["a", "b", "sentences", "articles", "total"])
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    if rows.empty:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS), total
    a_name, b_name = _named(table, rows["a"], "name"), _named(table, rows["b"], "name")
    swap = [
        (nb, b) < (na, a) for na, a, nb, b in zip(a_name, rows["a"], b_name, rows["b"], strict=True)
    ]
    swap = pd.Series(swap, index=rows.index)
    out = pd.DataFrame(
        {
            "entity_a": b_name.where(swap, a_name),
            "entity_b": a_name.where(swap, b_name),
            "sentences": rows["sentences"].astype("int64"),
            "articles": rows["articles"].astype("int64"),
            "entity_a_id": rows["b"].where(swap, rows["a"]),
            "entity_b_id": rows["a"].where(swap, rows["b"]),
        },
        columns=COOCCURRENCE_COLUMNS,
    )
    out = out.sort_values(
        ["sentences", "entity_a", "entity_b", "entity_a_id", "entity_b_id"],
        ascending=[False, True, True, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True), total


# -- the quotes behind a selection ------------------------------------------------------


def _behind(
    store: Store, filters: NetworkFilters, selection: Selection | None, table: pd.DataFrame | None
) -> tuple[str, list]:
    """A CTE `keys` (article_id, quote_id, seq) of the quotes behind a selection under the
    filters (see `quotes_behind`); the links counted are those of edges of at least the
    minimum count of quotes."""
    if filters.types and table is None:
        table = nodes(store, filters.countries)
    if selection and selection[0] == "speaker":  # what they said, naming anyone or not
        where, params = filters.where("s", ("speaker",), table)
        said = f"SELECT s.article_id, s.quote_id, s.seq FROM rows_speakers s WHERE {where}"
        return f"keys AS ({said} AND s.speaker = ?)", [*params, selection[1]]
    where, params = filters.where("l", ("source", "target"), table)
    if selection and selection[0] == "node":
        where += " AND (l.source = ? OR l.target = ?)"
        params += [selection[1], selection[1]]
    elif selection and selection[0] == "named":
        where += " AND l.target = ?"
        params.append(selection[1])
    elif selection and selection[0] == "edge":
        where += " AND l.source = ? AND l.target = ?"
        params += [selection[1], selection[2]]
    elif selection:
        raise ValueError(f"not a selection: {selection!r}")
    links = f"SELECT l.article_id, l.quote_id, l.seq FROM rows_links l WHERE {where}"
    if filters.min_count > 1:  # only the links of edges of at least min_count quotes
        links = f"""SELECT article_id, quote_id, seq FROM (
                        SELECT l.article_id, l.quote_id, l.seq,
                               COUNT(*) OVER (PARTITION BY l.source, l.target) AS edge_count
                        FROM rows_links l WHERE {where}) AS counted
                    WHERE edge_count >= ?"""
        params.append(filters.min_count)
    cte = f"""keys AS (
                  SELECT k.article_id, k.quote_id, MIN(k.seq) AS seq FROM ({links}) AS k
                  GROUP BY k.article_id, k.quote_id)"""
    return cte, params


def quotes_behind(
    store: Store,
    filters: NetworkFilters,
    selection: Selection | None,
    limit: int | None = None,
    table: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, int]:
    """(article_id, quote_id) of the quotes behind a selection under the filters, once
    each, in corpus order: the first `limit` of them, and how many in all. A selection is
    `("speaker", id)`: every quote the node said, naming anyone or not (the minimum count
    does not apply: as many as `speakers` counts); `("named", id)`: the quotes naming it;
    `("node", id)`: both ways, only quotes naming someone; `("edge", source, target)`;
    None: the quotes behind every edge."""
    cte, params = _behind(store, filters, selection, table)
    sql = f"""WITH {cte}
              SELECT k.article_id, k.quote_id, COUNT(*) OVER () AS total
              FROM keys k JOIN articles a ON a.article_id = k.article_id
              ORDER BY a.added, {_text_order(store, "a.article_id")}, k.seq"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    if limit == 0:
        total = quote_count(store, filters, selection, table)
        return pd.DataFrame(columns=KEY_COLUMNS), total
    rows = store.frame(sql, params, columns=[*KEY_COLUMNS, "total"])
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    return rows[KEY_COLUMNS].reset_index(drop=True), total


def quote_count(
    store: Store,
    filters: NetworkFilters,
    selection: Selection | None,
    table: pd.DataFrame | None = None,
) -> int:
    """How many quotes are behind a selection (see `quotes_behind`)."""
    cte, params = _behind(store, filters, selection, table)
    return int(store.frame(f"WITH {cte} SELECT COUNT(*) FROM keys", params).iloc[0, 0])


def quotes_table(
    store: Store,
    filters: NetworkFilters,
    selection: Selection | None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The quotes behind a selection in the `quotes` schema of the CSV downloads, in
    corpus order."""
    cte, params = _behind(store, filters, selection, table)
    columns = ", ".join(f'q."{c}"' for c in COLUMNS["quotes"])
    rows = store.frame(
        f"""WITH {cte}
            SELECT {columns} FROM keys k
            JOIN articles a ON a.article_id = k.article_id
            JOIN rows_quotes q ON q.article_id = k.article_id AND q.quote_id = k.quote_id
            ORDER BY a.added, {_text_order(store, "a.article_id")}, q.seq""",
        params,
        columns=COLUMNS["quotes"],
    )
    return frame("quotes", rows)


@stored_view
def article_titles(store: Store) -> pd.DataFrame:
    """(article_id, title) of the articles with a quote naming someone, in corpus order:
    the article filter's options (the title, else the file name, else the id)."""
    rows = store.frame(
        """SELECT a.article_id, a.title, a.file FROM articles a
           WHERE EXISTS (SELECT 1 FROM rows_links l WHERE l.article_id = a.article_id)
           ORDER BY a.added, a.article_id""",
        columns=["article_id", "title", "file"],
    )
    title = rows["title"].where(rows["title"] != "", rows["file"])
    return pd.DataFrame(
        {"article_id": rows["article_id"], "title": title.where(title != "", rows["article_id"])}
    )


def quote_excerpt(analysis: Analysis, quote: Quote) -> tuple[list[Sentence], list[Mention]]:
    """The sentence(s) of a quote (those its content overlaps, and the one it is attributed
    in) and the mentions there of its speaker and of the entities it names."""
    wanted = {quote.sentence} | {
        s.index for s in analysis.sentences if s.start < quote.end and quote.start < s.end
    }
    sentences = [s for s in analysis.sentences if s.index in wanted]
    entities = {quote.speaker_entity_id, *quote.mentioned} - {""}
    mentions = [m for m in analysis.mentions if m.sentence in wanted and m.entity_id in entities]
    return sentences, mentions
