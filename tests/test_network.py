"""Who mentions whom: links from quotes, grouping by country, filters, edges, layout."""

from __future__ import annotations

import random

import pytest

from analysis import network as net
from analysis.entities import corpus_entities
from analysis.records import Analysis, Article, Entity, Mention, Quote, Sentence
from analysis.tables import COLUMNS, all_tables, article_rows, rows_frames
from tests.conftest import analysed

KIM, PUTIN, LEWIS = "person:kim-jong-un", "person:vladimir-putin", "person:jeffrey-lewis"
PYONGYANG, NK, NK_DEMONYM = "gpe:pyongyang", "gpe:north-korea", "norp:north-korean"
RUSSIA, MOSCOW, US = "gpe:russia", "gpe:moscow", "gpe:united-states"

ENTITIES = {
    KIM: Entity(KIM, "Kim Jong Un", "PERSON", 3),
    PUTIN: Entity(PUTIN, "Vladimir Putin", "PERSON", 2),
    LEWIS: Entity(LEWIS, "Jeffrey Lewis", "PERSON", 1),
    PYONGYANG: Entity(PYONGYANG, "Pyongyang", "GPE", 2, linked_country="North Korea"),
    NK: Entity(NK, "North Korea", "GPE", 2, linked_country="North Korea"),
    NK_DEMONYM: Entity(NK_DEMONYM, "North Korean", "NORP", 2, linked_country="North Korea"),
    RUSSIA: Entity(RUSSIA, "Russia", "GPE", 1, linked_country="Russia"),
    MOSCOW: Entity(MOSCOW, "Moscow", "GPE", 1, linked_country="Russia"),
    US: Entity(US, "United States", "GPE", 1, linked_country="United States"),
}


def quote(quote_id: str, speaker: str, *mentioned: str, sentence: int = 0) -> Quote:
    name = ENTITIES[speaker].name if speaker in ENTITIES else speaker
    speaker_id = speaker if speaker in ENTITIES else ""
    return Quote(
        quote_id, name, speaker_id, "PERSON", "said", f"words of {quote_id}", "indirect",
        0, 0, sentence, mentioned=list(mentioned),
    )  # fmt: skip


def article(article_id: str, quotes: list[Quote], mentions: list[Mention] = ()) -> tuple:
    used = {q.speaker_entity_id for q in quotes} | {m for q in quotes for m in q.mentioned}
    used |= {m.entity_id for m in mentions}
    entities = [ENTITIES[e] for e in sorted(used) if e in ENTITIES]
    analysis = Analysis("test", [], list(mentions), entities, quotes=quotes)
    return Article(article_id, f"text of {article_id}", title=f"Article {article_id}"), analysis


CORPUS = [
    article(
        "a",
        [
            quote("q1", KIM, PUTIN, PYONGYANG),
            quote("q2", KIM, NK, NK_DEMONYM, RUSSIA),
            quote("q3", KIM, KIM, PYONGYANG),  # names himself: no edge to himself
            quote("q4", LEWIS, US, KIM),
            quote("q5", "an agreement", RUSSIA),  # no resolved speaker: no edge
            quote("q6", KIM, PYONGYANG, PYONGYANG),  # one quote counts once per target
        ],
    ),
    article(
        "b",
        [
            quote("q1", PUTIN, MOSCOW, NK),
            quote("q2", KIM, PUTIN),
            quote("q3", NK_DEMONYM, PYONGYANG, RUSSIA),  # "North Korean officials said"
        ],
    ),
]


def edges_of(table) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (r.source, r.target): (r.count, r.articles)
        for r in table.itertuples()  # (count, articles)
    }


def edges(countries=False, articles=None, types=None, min_count=1):
    network = net.network(CORPUS, countries)
    links = net.filter_links(network.links, network.nodes, articles, types)
    return edges_of(net.edge_table(links, network.nodes, min_count))


ENTITY_EDGES = {
    ("Kim Jong Un", "Pyongyang"): (3, 1),
    ("Kim Jong Un", "Vladimir Putin"): (2, 2),
    ("Kim Jong Un", "North Korea"): (1, 1),
    ("Kim Jong Un", "North Korean"): (1, 1),
    ("Kim Jong Un", "Russia"): (1, 1),
    ("Jeffrey Lewis", "United States"): (1, 1),
    ("Jeffrey Lewis", "Kim Jong Un"): (1, 1),
    ("Vladimir Putin", "Moscow"): (1, 1),
    ("Vladimir Putin", "North Korea"): (1, 1),
    ("North Korean", "Pyongyang"): (1, 1),
    ("North Korean", "Russia"): (1, 1),
}
COUNTRY_EDGES = {
    # q1, q2 (North Korea and North Korean: once), q3, q6
    ("Kim Jong Un", "North Korea"): (4, 1),
    ("Kim Jong Un", "Vladimir Putin"): (2, 2),
    ("Kim Jong Un", "Russia"): (1, 1),
    ("Jeffrey Lewis", "United States"): (1, 1),
    ("Jeffrey Lewis", "Kim Jong Un"): (1, 1),
    ("Vladimir Putin", "Russia"): (1, 1),  # Moscow
    ("Vladimir Putin", "North Korea"): (1, 1),
    ("North Korea", "Russia"): (1, 1),  # North Korean -> Pyongyang is North Korea naming itself
}


@pytest.mark.parametrize(("countries", "expected"), [(False, ENTITY_EDGES), (True, COUNTRY_EDGES)])
def test_edges_from_quotes(countries, expected):
    assert edges(countries) == expected


@pytest.mark.parametrize(
    ("entity", "country"),
    [(PYONGYANG, "North Korea"), (NK_DEMONYM, "North Korea"), (NK, "North Korea"),
     (MOSCOW, "Russia"), (KIM, "Kim Jong Un")],
)  # fmt: skip
def test_grouping_counts_capitals_and_demonyms_to_their_country(entity, country):
    nodes, node_of = net.group_entities(corpus_entities(CORPUS), countries=True)
    assert nodes[node_of[entity]].name == country
    plain, plain_of = net.group_entities(corpus_entities(CORPUS), countries=False)
    assert plain_of[entity] == entity and plain[entity].name == ENTITIES[entity].name


def test_a_country_node_has_the_country_id_and_its_members():
    nodes, _ = net.group_entities(corpus_entities(CORPUS), countries=True)
    assert nodes[NK] == net.Node(NK, "North Korea", "GPE", (NK, PYONGYANG, NK_DEMONYM))


@pytest.mark.parametrize(
    ("mentioned", "targets"),
    [
        ([KIM], []),  # the speaker himself
        ([KIM, PUTIN, KIM], [PUTIN]),
        ([PUTIN, PUTIN], [PUTIN]),
        (["gpe:not-in-the-article"], []),
        ([], []),
    ],
)
def test_links_exclude_self_mentions_and_unknown_entities(mentioned, targets):
    corpus = [article("x", [quote("q1", KIM, *mentioned)])]
    _, node_of = net.group_entities(corpus_entities(corpus))
    assert [link.target for link in net.quote_links(rows_of(corpus)["quotes"], node_of)] == targets


@pytest.mark.parametrize(
    ("min_count", "countries", "expected"),
    [
        (1, False, set(ENTITY_EDGES)),
        (2, False, {("Kim Jong Un", "Pyongyang"), ("Kim Jong Un", "Vladimir Putin")}),
        (3, False, {("Kim Jong Un", "Pyongyang")}),
        (4, False, set()),
        (3, True, {("Kim Jong Un", "North Korea")}),
        (5, True, set()),
    ],
)
def test_min_count(min_count, countries, expected):
    assert set(edges(countries, min_count=min_count)) == expected


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (None, set(ENTITY_EDGES)),
        ([], set(ENTITY_EDGES)),
        (["PERSON"], {("Kim Jong Un", "Vladimir Putin"), ("Jeffrey Lewis", "Kim Jong Un")}),
        (["NORP", "GPE"], {("North Korean", "Pyongyang"), ("North Korean", "Russia")}),
        (["ORG"], set()),
    ],
)
def test_type_filter_keeps_edges_whose_both_ends_are_of_the_types(types, expected):
    assert set(edges(types=types)) == expected


def test_type_filter_applies_after_grouping():
    # North Korean (NORP) speaks as North Korea (GPE) once grouped
    assert set(edges(True, types=["GPE"])) == {("North Korea", "Russia")}


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        (["b"], {("Vladimir Putin", "Moscow"): (1, 1), ("Vladimir Putin", "North Korea"): (1, 1),
                 ("Kim Jong Un", "Vladimir Putin"): (1, 1), ("North Korean", "Pyongyang"): (1, 1),
                 ("North Korean", "Russia"): (1, 1)}),
        (["a", "b"], ENTITY_EDGES),
    ],
)  # fmt: skip
def test_article_filter(articles, expected):
    assert edges(articles=articles) == expected


def test_edge_table_has_the_who_mentions_whom_schema_and_agrees_with_it():
    network = net.network(CORPUS)
    table = net.edge_table(network.links, network.nodes)
    assert list(table.columns) == COLUMNS["who_mentions_whom"] + net.ID_COLUMNS
    schema = all_tables(CORPUS)["who_mentions_whom"]  # the CLI's table, by article-level names
    assert table[COLUMNS["who_mentions_whom"]].equals(schema)
    assert table.iloc[0][["source_id", "target_id", "example"]].tolist() == [
        KIM,
        PYONGYANG,
        "words of q1",
    ]


@pytest.mark.parametrize("countries", [False, True])
def test_layout_is_stable_across_calls_and_edge_orders(countries):
    network = net.network(CORPUS, countries)
    table = net.edge_table(network.links, network.nodes)
    first = net.layout(net.graph(table))
    assert first == net.layout(net.graph(table))
    shuffled = table.sample(frac=1, random_state=random.Random(3).randint(0, 99))
    assert net.layout(net.graph(shuffled)) == first
    assert set(first) == set(table["source_id"]) | set(table["target_id"])
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())
    assert len(set(first.values())) == len(first)  # no two nodes on one spot


def test_layout_of_nothing_and_of_one_edge():
    assert net.layout(net.graph(net.edge_table([], {}))) == {}
    one = net.layout(
        net.graph(net.edge_table(net.network(CORPUS).links[:1], net.network(CORPUS).nodes))
    )
    assert set(one) == {KIM, PUTIN}


def test_node_table_counts_both_directions():
    network = net.network(CORPUS)
    nodes = net.node_table(net.edge_table(network.links, network.nodes), network.nodes)
    kim = nodes.set_index("node_id").loc[KIM]
    assert (kim["naming"], kim["named"], kim["weight"]) == (8, 1, 9)


def test_top_nodes_keeps_the_heaviest():
    network = net.network(CORPUS)
    table = net.edge_table(network.links, network.nodes)
    top = net.top_nodes(table, network.nodes, 2)
    assert set(zip(top["source"], top["target"], strict=True)) == {("Kim Jong Un", "Pyongyang")}
    assert net.top_nodes(table, network.nodes, 100) is table


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (("edge", KIM, PUTIN), [("a", "q1"), ("b", "q2")]),
        (("node", PUTIN), [("a", "q1"), ("b", "q1"), ("b", "q2")]),
        (("node", US), [("a", "q4")]),
        (("node", "person:nobody"), []),
        (None, []),
    ],
)
def test_quotes_behind_a_selection(selection, expected):
    links = net.network(CORPUS).links
    assert net.quote_keys(net.selected_links(links, selection)) == expected


def test_links_within_the_edges_shown():
    network = net.network(CORPUS)
    shown = net.edge_table(network.links, network.nodes, min_count=3)
    assert net.quote_keys(net.links_within(network.links, shown)) == [
        ("a", "q1"),
        ("a", "q3"),
        ("a", "q6"),
    ]


def test_speakers_by_quotes():
    table = net.speaker_table(net.network(CORPUS))
    assert table[["speaker", "quotes", "naming"]].values.tolist() == [
        ["Kim Jong Un", 5, 5],
        ["Jeffrey Lewis", 1, 1],
        ["North Korean", 1, 1],
        ["Vladimir Putin", 1, 1],
    ]
    only_b = net.speaker_table(net.network(CORPUS), articles=["b"], types=["PERSON"])
    assert only_b["speaker"].tolist() == ["Kim Jong Un", "Vladimir Putin"]


def test_matrix_and_unique_labels():
    network = net.network(CORPUS, countries=True)
    table = net.edge_table(network.links, network.nodes)
    grid = net.matrix(table, net.labels_of(network.nodes, network.nodes))
    assert grid.loc["Kim Jong Un", "North Korea"] == 4
    assert grid.loc["Jeffrey Lewis", "North Korea"] == 0
    assert list(grid.index)[0] == "Kim Jong Un"  # most quoted speaker first
    nodes = {
        "person:georgia": net.Node("person:georgia", "Georgia", "PERSON", ()),
        "gpe:georgia": net.Node("gpe:georgia", "Georgia", "GPE", ()),
        KIM: net.Node(KIM, "Kim Jong Un", "PERSON", ()),
    }
    assert net.labels_of(nodes, nodes) == {
        "gpe:georgia": "Georgia (GPE)",
        "person:georgia": "Georgia (PERSON)",
        KIM: "Kim Jong Un",
    }


def mention(entity: str, sentence: int) -> Mention:
    return Mention(0, 1, ENTITIES[entity].name, ENTITIES[entity].type, sentence, entity)


COOCCURRING = [
    article(
        "c",
        [],
        [
            mention(KIM, 0), mention(PYONGYANG, 0), mention(NK_DEMONYM, 0),
            mention(KIM, 1), mention(NK, 1), mention(PUTIN, 1),
            mention(MOSCOW, 2), mention(RUSSIA, 2),
        ],
    )
]  # fmt: skip


def rows_of(corpus):
    return rows_frames([article_rows(article, analysis) for article, analysis in corpus])


@pytest.mark.parametrize(
    ("countries", "min_count", "expected"),
    [
        (False, 1, {("Kim Jong Un", "North Korean"): 1, ("Kim Jong Un", "Pyongyang"): 1,
                    ("North Korean", "Pyongyang"): 1, ("Kim Jong Un", "North Korea"): 1,
                    ("Kim Jong Un", "Vladimir Putin"): 1, ("North Korea", "Vladimir Putin"): 1,
                    ("Moscow", "Russia"): 1}),
        # Pyongyang and North Korean are North Korea: one pair, no pair with itself
        (True, 1, {("Kim Jong Un", "North Korea"): 2, ("Kim Jong Un", "Vladimir Putin"): 1,
                   ("North Korea", "Vladimir Putin"): 1}),
        (True, 2, {("Kim Jong Un", "North Korea"): 2}),
    ],
)  # fmt: skip
def test_cooccurrence(countries, min_count, expected):
    network = net.network(COOCCURRING, countries)
    table = net.cooccurrence(rows_of(COOCCURRING)["mentions"], network, min_count=min_count)
    assert list(table.columns[:4]) == COLUMNS["cooccurrence"]
    assert {(r.entity_a, r.entity_b): r.sentences for r in table.itertuples()} == expected


def test_cooccurrence_type_and_article_filters():
    network = net.network(COOCCURRING)
    people = net.cooccurrence(rows_of(COOCCURRING)["mentions"], network, types=["PERSON"])
    assert people[["entity_a", "entity_b"]].values.tolist() == [["Kim Jong Un", "Vladimir Putin"]]
    assert net.cooccurrence(rows_of(COOCCURRING)["mentions"], network, articles=["elsewhere"]).empty


def test_quote_excerpt_gives_the_quote_sentences_and_its_entities():
    text = "Kim Jong Un said Pyongyang would respond. Russia agreed. Putin spoke of Moscow."
    analysis = analysed(text)
    kim_quote = next(q for q in analysis.quotes if q.speaker == "Kim Jong Un")
    sentences, mentions = net.quote_excerpt(analysis, kim_quote)
    assert [s.index for s in sentences] == [0]
    assert [m.text for m in mentions] == ["Kim Jong Un", "Pyongyang"]


def test_quote_excerpt_spans_sentences():
    sentences = [Sentence(0, 0, 10, "s0"), Sentence(1, 11, 20, "s1"), Sentence(2, 21, 30, "s2")]
    mentions = [mention(KIM, 0), mention(PUTIN, 1), mention(RUSSIA, 1), mention(US, 2)]
    long_quote = Quote("q1", "Kim Jong Un", KIM, "PERSON", "said", "…", "direct", 12, 25, 0)
    long_quote.mentioned = [PUTIN]
    analysis = Analysis("test", sentences, mentions, [], quotes=[long_quote])
    shown, marked = net.quote_excerpt(analysis, long_quote)
    assert [s.index for s in shown] == [0, 1, 2]  # said in 0, content in 1 and 2
    assert [m.entity_id for m in marked] == [KIM, PUTIN]


def test_analysed_sentences_grouped_by_country():
    text = (
        "Joe Biden said the North Korean army had moved. Kim Jong Un said Pyongyang would respond."
    )
    corpus = [(Article("t", text), analysed(text))]
    network = net.network(corpus, countries=True)
    assert edges_of(net.edge_table(network.links, network.nodes)) == {
        ("Joe Biden", "North Korea"): (1, 1),
        ("Kim Jong Un", "North Korea"): (1, 1),
    }


def test_seed_article(seed_analysis):
    corpus = [(Article("seed", "", title="seed"), seed_analysis)]
    network = net.network(corpus)
    found = edges_of(net.edge_table(network.links, network.nodes))
    for edge in [
        ("Kim Jong Un", "Vladimir Putin"),
        ("Kim Jong Un", "Russia"),
        ("Kim Jong Un", "North Korea"),
        ("Jeffrey Lewis", "United States"),
    ]:
        assert edge in found
    speakers = {source for source, _ in found}
    assert {"Kim Jong Un", "Jeffrey Lewis", "Kang Dae-sik"} <= speakers
    assert not {"Kim Il-sung", "Stalin", "Getty Images"} & speakers
    grouped = net.network(corpus, countries=True)
    by_country = edges_of(net.edge_table(grouped.links, grouped.nodes))
    assert ("Kim Jong Un", "Pyongyang") not in by_country
    naming_north_korea = {
        (link.article_id, link.quote_id)
        for link in network.links
        if link.source == KIM and link.target in (PYONGYANG, NK, NK_DEMONYM)
    }
    assert by_country[("Kim Jong Un", "North Korea")][0] == len(naming_north_korea) >= 3
