"""Who mentions whom: quotes -> a directed network of speakers and the entities they name.

Plain Python (no Streamlit). The unit every count is made of is a `Link`: one quote of a
resolved speaker naming one entity. Links are built once per corpus (and per grouping:
entities as they are, or capitals and demonyms counted to their country), then filtered
(articles, entity types), aggregated into edges in the `who_mentions_whom` schema of
`analysis/tables.py`, and laid out with networkx so positions are stable between reruns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from analysis.entities import CorpusEntity, entities_of_rows, entity_id
from analysis.records import Analysis, Article, Mention, Quote, Sentence
from analysis.tables import COLUMNS, LIST_SEPARATOR, article_rows, frame, rows_frames

Corpus = list[tuple[Article, Analysis]]
# columns the page needs beside those of the schema: which nodes an edge joins
ID_COLUMNS = ["source_id", "target_id"]
EDGE_COLUMNS = COLUMNS["who_mentions_whom"] + ID_COLUMNS
COOCCURRENCE_COLUMNS = COLUMNS["cooccurrence"] + ["entity_a_id", "entity_b_id"]
EXAMPLE_LENGTH = 300  # as tables.who_mentions_whom_table
LAYOUT_SEED = 7
MAX_LAYOUT_NODES = 400  # networkx's force layout needs scipy from 500 nodes on


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the network: one canonical entity, or a country with everything
    counted to it (the country, its capital, its demonym) when grouping by country."""

    node_id: str
    name: str
    type: str
    members: tuple[str, ...]  # entity ids counted to this node


@dataclass(frozen=True, slots=True)
class Link:
    """One quote of a speaker naming one entity (at most one link per quote and target)."""

    article_id: str
    quote_id: str
    source: str  # node id of the speaker
    target: str  # node id of the entity named
    quote: str


@dataclass(frozen=True, slots=True)
class Network:
    """Everything the page needs from a corpus under one grouping; plain data, cacheable."""

    nodes: dict[str, Node]  # node id -> node
    node_of: dict[str, str]  # entity id -> node id
    links: list[Link]
    speakers: list[tuple[str, str, str]]  # (article_id, quote_id, speaker node id)


def group_entities(
    entities: list[CorpusEntity], countries: bool = False
) -> tuple[dict[str, Node], dict[str, str]]:
    """The nodes of the corpus and, for each entity id, the node it is counted to.

    With `countries`, an entity linked to a country (the country, its capital, its
    demonym: Pyongyang and North Korean -> North Korea) is counted to that country."""
    node_of: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    info: dict[str, tuple[str, str]] = {}
    for entity in entities:
        if countries and entity.linked_country:
            node_id = entity_id("GPE", entity.linked_country)
            info.setdefault(node_id, (entity.linked_country, "GPE"))
        else:
            node_id = entity.entity_id
            info[node_id] = (entity.name, entity.type)  # the entity itself names its node
        node_of[entity.entity_id] = node_id
        members[node_id].append(entity.entity_id)
    nodes = {
        node_id: Node(node_id, *info[node_id], tuple(sorted(ids)))
        for node_id, ids in members.items()
    }
    return nodes, node_of


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
            out["speakers"].append(
                common | {"quote_id": quote["quote_id"], **_node_row("speaker", speaker)}
            )
            named = quote["mentioned_ids"].split(LIST_SEPARATOR) if quote["mentioned_ids"] else []
            targets = {n[0]: n for n in map(node_of, named) if n and n[0] != speaker[0]}
            out["links"] += [
                common | {"quote_id": quote["quote_id"]} | _node_row("source", speaker)
                | _node_row("target", target)
                for target in targets.values()
            ]  # fmt: skip
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


def quote_links(quotes: pd.DataFrame, node_of: dict[str, str]) -> list[Link]:
    """Every (quote, entity named) of the corpus's quote rows, in text order. Quotes without
    a resolved speaker give none; nor does a speaker naming itself (after grouping)."""
    links = []
    for quote in quotes.itertuples(index=False):
        source = node_of.get(quote.speaker_entity_id)
        if source is None or not quote.mentioned_ids:
            continue
        targets = (node_of.get(t) for t in quote.mentioned_ids.split(LIST_SEPARATOR))
        for target in dict.fromkeys(t for t in targets if t is not None and t != source):
            links.append(Link(quote.article_id, quote.quote_id, source, target, quote.quote))
    return links


def network(corpus: Corpus, countries: bool = False) -> Network:
    """The network of (article, analysis) pairs (see `network_of_rows`)."""
    return network_of_rows(
        rows_frames([article_rows(a, analysis) for a, analysis in corpus]), countries
    )


def network_of_rows(rows: dict[str, pd.DataFrame], countries: bool = False) -> Network:
    """The network of a corpus from its stored rows (entities, mentions, quotes)."""
    nodes, node_of = group_entities(entities_of_rows(rows["entities"], rows["mentions"]), countries)
    quotes = rows["quotes"]
    speakers = [
        (q.article_id, q.quote_id, node_of[q.speaker_entity_id])
        for q in quotes.itertuples(index=False)
        if q.speaker_entity_id in node_of
    ]
    return Network(nodes, node_of, quote_links(quotes, node_of), speakers)


def filter_links(
    links: Iterable[Link],
    nodes: dict[str, Node],
    articles: Collection[str] | None = None,
    types: Collection[str] | None = None,
) -> list[Link]:
    """Links of the given articles whose both ends are of the given types (None or
    empty: no restriction)."""
    return [
        link
        for link in links
        if (not articles or link.article_id in articles)
        and (not types or (nodes[link.source].type in types and nodes[link.target].type in types))
    ]


def edge_table(links: Iterable[Link], nodes: dict[str, Node], min_count: int = 1) -> pd.DataFrame:
    """Links aggregated into edges: the `who_mentions_whom` schema plus the node ids, edges
    of at least `min_count` quotes, most quoted first."""
    edges: dict[tuple[str, str], dict] = {}
    for link in links:
        edge = edges.get((link.source, link.target))
        if edge is None:
            source, target = nodes[link.source], nodes[link.target]
            edge = edges[(link.source, link.target)] = {
                "source": source.name,
                "source_type": source.type,
                "target": target.name,
                "target_type": target.type,
                "count": 0,
                "articles": set(),
                "example": link.quote[:EXAMPLE_LENGTH],
                "source_id": link.source,
                "target_id": link.target,
            }
        edge["count"] += 1
        edge["articles"].add(link.article_id)
    rows = [
        {**edge, "articles": len(edge["articles"])}
        for edge in edges.values()
        if edge["count"] >= min_count
    ]
    rows.sort(key=lambda r: (-r["count"], r["source"], r["target"], r["source_id"], r["target_id"]))
    table = frame("who_mentions_whom", rows)
    for column in ID_COLUMNS:
        table[column] = [row[column] for row in rows]
    return table


def node_table(edges: pd.DataFrame, nodes: dict[str, Node]) -> pd.DataFrame:
    """The nodes of the edges shown: quotes naming them (`named`), naming others (`naming`);
    `weight` = both, what the network sizes nodes by. Sorted by node id."""
    named = edges.groupby("target_id")["count"].sum()
    naming = edges.groupby("source_id")["count"].sum()
    ids = sorted(set(edges["source_id"]) | set(edges["target_id"]))
    table = pd.DataFrame(
        {
            "node_id": ids,
            "name": [nodes[i].name for i in ids],
            "type": [nodes[i].type for i in ids],
            "named": [int(named.get(i, 0)) for i in ids],
            "naming": [int(naming.get(i, 0)) for i in ids],
        }
    )
    table["weight"] = table["named"] + table["naming"]
    return table


def top_nodes(edges: pd.DataFrame, nodes: dict[str, Node], limit: int) -> pd.DataFrame:
    """The edges among the `limit` heaviest nodes (all edges when there are fewer nodes)."""
    table = node_table(edges, nodes)
    if len(table) <= limit:
        return edges
    keep = set(table.sort_values(["weight", "node_id"], ascending=[False, True])["node_id"][:limit])
    return edges[edges["source_id"].isin(keep) & edges["target_id"].isin(keep)]


def graph(edges: pd.DataFrame) -> nx.DiGraph:
    """The directed graph of the edges, nodes and edges added in sorted order."""
    network_graph = nx.DiGraph()
    network_graph.add_nodes_from(sorted(set(edges["source_id"]) | set(edges["target_id"])))
    weighted = sorted(zip(edges["source_id"], edges["target_id"], edges["count"], strict=True))
    network_graph.add_weighted_edges_from(weighted, weight="count")
    return network_graph


def layout(network_graph: nx.DiGraph, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same for the same graph whatever order its nodes and
    edges were added in: spring layout with a fixed seed over the sorted graph."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(network_graph.nodes))
    for source, target in sorted(network_graph.edges):
        weight = network_graph.edges[source, target].get("count", 1)
        if ordered.has_edge(source, target):
            ordered.edges[source, target]["count"] += weight
        else:
            ordered.add_edge(source, target, count=weight)
    if len(ordered) == 0:
        return {}
    if len(ordered) > MAX_LAYOUT_NODES:
        return {n: (float(x), float(y)) for n, (x, y) in nx.circular_layout(ordered).items()}
    spread = 2.2 / max(len(ordered), 1) ** 0.5
    positions = nx.spring_layout(
        ordered, k=spread, weight=None, seed=seed, iterations=200, method="force"
    )
    return {node: (round(float(x), 6), round(float(y), 6)) for node, (x, y) in positions.items()}


def matrix(edges: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Speaker x entity named: counts (0 where none), speakers and entities by total count."""
    if edges.empty:
        return pd.DataFrame()
    table = edges.pivot_table(
        index="source_id", columns="target_id", values="count", aggfunc="sum", fill_value=0
    )
    rows = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    columns = table.sum(axis=0).sort_values(ascending=False, kind="stable").index
    table = table.loc[rows, columns]
    table.index = [labels[i] for i in table.index]
    table.columns = [labels[i] for i in table.columns]
    return table.astype("int64")


def labels_of(nodes: dict[str, Node], ids: Iterable[str]) -> dict[str, str]:
    """Display names, unique: a name two nodes share gets its type ("Georgia (PERSON)")."""
    ids = sorted(set(ids))
    counts = Counter(nodes[i].name for i in ids)
    return {
        i: nodes[i].name if counts[nodes[i].name] == 1 else f"{nodes[i].name} ({nodes[i].type})"
        for i in ids
    }


def speaker_table(
    net: Network,
    articles: Collection[str] | None = None,
    types: Collection[str] | None = None,
) -> pd.DataFrame:
    """Speakers by number of quotes (all their quotes, naming anyone or not) and number of
    quotes naming another entity, most quoted first."""
    quotes: Counter = Counter()
    for article_id, _, speaker in net.speakers:
        if (not articles or article_id in articles) and (
            not types or net.nodes[speaker].type in types
        ):
            quotes[speaker] += 1
    naming = {
        (link.article_id, link.quote_id)
        for link in filter_links(net.links, net.nodes, articles, types)
    }
    naming_by: Counter = Counter(s for a, q, s in net.speakers if (a, q) in naming and s in quotes)
    rows = [
        {
            "node_id": s,
            "speaker": net.nodes[s].name,
            "type": net.nodes[s].type,
            "quotes": n,
            "naming": naming_by[s],
        }
        for s, n in quotes.items()
    ]
    rows.sort(key=lambda r: (-r["quotes"], r["speaker"], r["node_id"]))
    return pd.DataFrame(rows, columns=["node_id", "speaker", "type", "quotes", "naming"])


def cooccurrence(
    mentions: pd.DataFrame,
    net: Network,
    articles: Collection[str] | None = None,
    types: Collection[str] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Pairs of nodes named in the same sentence, from the corpus's mention rows, in the
    `cooccurrence` schema (plus ids), pairs of at least `min_count` sentences, most frequent
    first."""
    if articles:
        mentions = mentions[mentions["article_id"].isin(articles)]
    named = mentions.assign(node=mentions["entity_id"].map(net.node_of)).dropna(subset=["node"])
    if types:
        named = named[named["node"].map(lambda n: net.nodes[n].type in types)]
    named = named[["article_id", "sentence", "node"]].drop_duplicates()
    named = named.assign(label=named["node"].map(lambda n: (net.nodes[n].name, n)))
    pairs = named.merge(named, on=["article_id", "sentence"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["label_a"] < pairs["label_b"]]
    if pairs.empty:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    counted = pairs.groupby(["node_a", "node_b"]).agg(
        sentences=("sentence", "size"), articles=("article_id", "nunique")
    )
    counted = counted[counted["sentences"] >= min_count].reset_index()
    counted = counted.assign(
        entity_a=counted["node_a"].map(lambda n: net.nodes[n].name),
        entity_b=counted["node_b"].map(lambda n: net.nodes[n].name),
        entity_a_id=counted["node_a"],
        entity_b_id=counted["node_b"],
    ).sort_values(
        ["sentences", "entity_a", "entity_b"], ascending=[False, True, True], kind="stable"
    )
    return counted[COOCCURRENCE_COLUMNS].reset_index(drop=True)


Selection = tuple[str, ...]  # ("node", node_id) or ("edge", source_id, target_id)


def selected_links(links: Iterable[Link], selection: Selection | None) -> list[Link]:
    """The links behind a node (naming it or named by it) or an edge, in text order."""
    if not selection:
        return []
    if selection[0] == "node":
        return [link for link in links if selection[1] in (link.source, link.target)]
    if selection[0] == "edge":
        return [link for link in links if (link.source, link.target) == tuple(selection[1:3])]
    return []


def quote_keys(links: Iterable[Link]) -> list[tuple[str, str]]:
    """(article_id, quote_id) of each quote behind the links, once, in text order."""
    return list(dict.fromkeys((link.article_id, link.quote_id) for link in links))


def links_within(links: Iterable[Link], edges: pd.DataFrame) -> list[Link]:
    """The links of the edges shown (after the minimum count)."""
    shown = set(zip(edges["source_id"], edges["target_id"], strict=True))
    return [link for link in links if (link.source, link.target) in shown]


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
