"""Who mentions whom: the network's SQL aggregates over the stored rows (edges, speakers,
pairs named together, the quotes behind a node or an edge, node names, types and members),
on small corpora written into a store (what the page draws: test_network_drawing.py).

Tests taking `corpus_store` run against SQLite and PostgreSQL (TEST_DATABASE_URL, as in
tests/store/test_core.py: skipped without it on a developer's machine, failing under CI=true)."""

from __future__ import annotations

import importlib
import json

import pytest

from analysis.corpus import network as net
from analysis.corpus.network import NetworkFilters
from analysis.extract.entities import entity_id
from analysis.ingest.library import materialise
from analysis.output.tables import COLUMNS, all_tables
from analysis.quote_kinds import QUOTE_KINDS, SPEECH_KINDS
from analysis.records import Analysis, Article, Entity, Mention, Quote, Sentence
from analysis.store import Store
from analysis.store.views import decode, encode
from tests.conftest import analysed
from tests.store.test_core import BACKENDS, empty_location

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


def article(
    article_id: str,
    quotes: list[Quote],
    mentions: list[Mention] = (),
    entities=ENTITIES,
    added: str = "2024-01-01T00:00:00+00:00",  # the same: corpus order is by id
) -> tuple:
    used = {q.speaker_entity_id for q in quotes} | {m for q in quotes for m in q.mentioned}
    used |= {m.entity_id for m in mentions}
    chosen = [entities[e] for e in sorted(used) if e in entities]
    analysis = Analysis("test", [], list(mentions), chosen, quotes=quotes)
    record = Article(article_id, f"text of {article_id}", title=f"Article {article_id}",
                     added=added)  # fmt: skip
    return record, analysis


def mention(entity: str, sentence: int) -> Mention:
    return Mention(0, 1, ENTITIES[entity].name, ENTITIES[entity].type, sentence, entity)


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
# no quote here and no mention in the articles above: pairs come from "c" only
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


def fill(store: Store, corpus) -> Store:
    for record, analysis in corpus:
        store.add(record, analysis)
    materialise(store)
    return store


@pytest.fixture
def store_of(tmp_path):
    """A SQLite store of some (article, analysis) pairs."""
    opened = []

    def make(corpus) -> Store:
        opened.append(Store(tmp_path / f"store{len(opened)}" / "articles.sqlite"))
        return fill(opened[-1], corpus)

    yield make
    for store in opened:
        store.close()


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_store(request, tmp_path_factory):
    """CORPUS and COOCCURRING in a store: SQLite, or PostgreSQL emptied for it."""
    location = empty_location(request.param, tmp_path_factory.mktemp("network"))
    store = fill(Store(location), CORPUS + COOCCURRING)
    yield store
    store.close()


def edges_of(table) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r.source, r.target): (r.count, r.articles) for r in table.itertuples()}


def edges(store, countries=False, articles=(), types=(), min_count=1):
    return edges_of(net.edges(store, NetworkFilters(countries, articles, types, min_count)))


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


# -- edges ------------------------------------------------------------------------------


@pytest.mark.parametrize(("countries", "expected"), [(False, ENTITY_EDGES), (True, COUNTRY_EDGES)])
def test_edges_from_quotes(corpus_store, countries, expected):
    assert edges(corpus_store, countries) == expected


def test_edge_table_has_the_who_mentions_whom_schema_and_agrees_with_it(corpus_store):
    table = net.edges(corpus_store, NetworkFilters())
    assert list(table.columns) == net.EDGE_COLUMNS
    schema = all_tables(CORPUS)["who_mentions_whom"]  # the CLI's table, by article-level names
    assert table[COLUMNS["who_mentions_whom"]].equals(schema)
    # most quoted first; the example is the first quote in corpus order
    assert table.iloc[0][["source_id", "target_id", "example"]].tolist() == [
        KIM,
        PYONGYANG,
        "words of q1",
    ]
    putin = table[table["target_id"] == PUTIN].iloc[0]
    assert (putin["source_id"], putin["example"]) == (KIM, "words of q1")  # a's, then b's


def test_the_example_is_cut_to_its_length(store_of):
    long = Quote("q1", "Kim Jong Un", KIM, "PERSON", "said", "x" * 400, "direct", 0, 0, 0,
                 mentioned=[PUTIN])  # fmt: skip
    store = store_of([article("x", [long])])
    assert net.edges(store, NetworkFilters())["example"].tolist() == ["x" * net.EXAMPLE_LENGTH]


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
def test_links_exclude_self_mentions_and_unknown_entities(store_of, mentioned, targets):
    store = store_of([article("x", [quote("q1", KIM, *mentioned)])])
    assert net.edges(store, NetworkFilters())["target_id"].tolist() == targets


def test_grouping_does_not_count_a_quote_twice(store_of):
    # one quote naming the capital, the country and its people: one quote to the country
    store = store_of([article("x", [quote("q1", KIM, PYONGYANG, NK, NK_DEMONYM)])])
    assert edges(store, True) == {("Kim Jong Un", "North Korea"): (1, 1)}
    assert len(edges(store, False)) == 3


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
def test_min_count(corpus_store, min_count, countries, expected):
    assert set(edges(corpus_store, countries, min_count=min_count)) == expected


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ((), set(ENTITY_EDGES)),
        (["PERSON"], {("Kim Jong Un", "Vladimir Putin"), ("Jeffrey Lewis", "Kim Jong Un")}),
        (["NORP", "GPE"], {("North Korean", "Pyongyang"), ("North Korean", "Russia")}),
        (["ORG"], set()),
    ],
)
def test_type_filter_keeps_edges_whose_both_ends_are_of_the_types(corpus_store, types, expected):
    assert set(edges(corpus_store, types=types)) == expected


def test_type_filter_applies_after_grouping(corpus_store):
    # North Korean (NORP) speaks as North Korea (GPE) once grouped
    assert set(edges(corpus_store, True, types=["GPE"])) == {("North Korea", "Russia")}


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        (["b"], {("Vladimir Putin", "Moscow"): (1, 1), ("Vladimir Putin", "North Korea"): (1, 1),
                 ("Kim Jong Un", "Vladimir Putin"): (1, 1), ("North Korean", "Pyongyang"): (1, 1),
                 ("North Korean", "Russia"): (1, 1)}),
        (["a", "b"], ENTITY_EDGES),
        (["c"], {}),
    ],
)  # fmt: skip
def test_article_filter(corpus_store, articles, expected):
    assert edges(corpus_store, articles=articles) == expected


# -- nodes: names, types, members -------------------------------------------------------

AFRICA = "gpe:africa"


def africa(entity_type: str, mentions: int) -> dict:
    return {**ENTITIES, AFRICA: Entity(AFRICA, "Africa", entity_type, mentions)}


# Africa is a location in two articles (3 mentions) and a GPE in one (1 mention)
MIXED = [
    article("d", [quote("q1", KIM, AFRICA)], entities=africa("LOC", 2)),
    article("e", [quote("q1", KIM, AFRICA)], entities=africa("LOC", 1)),
    article("f", [quote("q1", KIM, AFRICA), quote("q2", PUTIN, AFRICA)], entities=africa("GPE", 1)),
]


def test_a_node_is_of_the_type_of_most_of_its_mentions_and_filters_by_it(store_of):
    store = store_of(MIXED)
    table = net.nodes(store, False).set_index("node_id")
    assert (table.loc[AFRICA, "type"], table.loc[AFRICA, "row_types"]) == ("LOC", ("GPE", "LOC"))
    # every quote naming Africa counts to a location, none to a GPE
    assert edges(store, types=["PERSON", "LOC"]) == {
        ("Kim Jong Un", "Africa"): (3, 3),
        ("Vladimir Putin", "Africa"): (1, 1),
    }
    assert edges(store, types=["PERSON", "GPE"]) == {}
    speakers = net.speakers(store, NetworkFilters(types=["PERSON", "LOC"]))
    assert speakers[["speaker", "quotes", "naming"]].values.tolist() == [
        ["Kim Jong Un", 3, 3],
        ["Vladimir Putin", 1, 1],
    ]
    assert net.speakers(store, NetworkFilters(types=["PERSON", "GPE"]))["naming"].tolist() == [0, 0]
    keys, total = net.quotes_behind(
        store, NetworkFilters(types=["PERSON", "GPE"]), ("node", AFRICA)
    )
    assert (keys.empty, total) == (True, 0)
    assert (
        net.quotes_behind(store, NetworkFilters(types=["LOC", "PERSON"]), ("node", AFRICA))[1] == 4
    )


def test_a_node_is_named_as_in_most_of_its_mentions(store_of):
    shouting = {**ENTITIES, KIM: Entity(KIM, "KIM JONG UN", "PERSON", 1)}
    store = store_of(
        [
            article("x", [quote("q1", KIM, PUTIN)], entities=shouting),
            article("y", [quote("q1", KIM, PUTIN)]),  # Kim Jong Un, 3 mentions
        ]
    )
    assert edges(store) == {("Kim Jong Un", "Vladimir Putin"): (2, 2)}
    names = net.nodes(store, False).set_index("node_id")["name"]
    assert names[KIM] == "Kim Jong Un"


@pytest.mark.parametrize(
    ("entity", "country"),
    [(PYONGYANG, "North Korea"), (NK_DEMONYM, "North Korea"), (NK, "North Korea"),
     (MOSCOW, "Russia"), (KIM, "Kim Jong Un")],
)  # fmt: skip
def test_grouping_counts_capitals_and_demonyms_to_their_country(corpus_store, entity, country):
    grouped = net.nodes(corpus_store, True).set_index("node_id")
    plain = net.nodes(corpus_store, False).set_index("node_id")
    node = entity_id("GPE", country) if entity in (PYONGYANG, NK_DEMONYM, NK, MOSCOW) else entity
    assert grouped.loc[node, "name"] == country
    assert entity in net.members(corpus_store, node, True)
    assert plain.loc[entity, "name"] == ENTITIES[entity].name
    assert net.members(corpus_store, entity, False) == {entity}


def test_a_country_node_has_the_country_id_type_and_members(corpus_store):
    grouped = net.nodes(corpus_store, True).set_index("node_id")
    assert (grouped.loc[NK, "name"], grouped.loc[NK, "type"]) == ("North Korea", "GPE")
    assert PYONGYANG not in grouped.index and NK_DEMONYM not in grouped.index
    assert net.members(corpus_store, NK, True) == {NK, PYONGYANG, NK_DEMONYM}
    assert net.members(corpus_store, NK, True, ["b"]) == {NK, PYONGYANG, NK_DEMONYM}
    assert net.members(corpus_store, RUSSIA, True, ["b"]) == {RUSSIA, MOSCOW}
    assert net.members(corpus_store, RUSSIA, True, ["a"]) == {RUSSIA}  # no Moscow in a


def test_node_types_are_those_of_both_groupings(corpus_store):
    tables = net.nodes(corpus_store, False), net.nodes(corpus_store, True)
    assert net.node_types(*tables) == ["GPE", "NORP", "PERSON"]
    assert net.node_types(tables[1]) == ["GPE", "PERSON"]


def test_article_titles_are_those_of_articles_with_links(corpus_store):
    titles = net.article_titles(corpus_store)
    assert titles.values.tolist() == [["a", "Article a"], ["b", "Article b"]]


# -- speakers ----------------------------------------------------------------------------


def test_speakers_by_quotes(corpus_store):
    table = net.speakers(corpus_store, NetworkFilters())
    assert list(table.columns) == net.SPEAKER_COLUMNS
    assert table[["speaker", "quotes", "naming"]].values.tolist() == [
        ["Kim Jong Un", 5, 5],
        ["Jeffrey Lewis", 1, 1],
        ["North Korean", 1, 1],
        ["Vladimir Putin", 1, 1],
    ]
    only_b = net.speakers(corpus_store, NetworkFilters(articles=["b"], types=["PERSON"]))
    assert only_b[["speaker", "quotes", "naming"]].values.tolist() == [
        ["Kim Jong Un", 1, 1],
        ["Vladimir Putin", 1, 0],  # names Moscow and North Korea, not people
    ]
    people = net.speakers(corpus_store, NetworkFilters(types=["PERSON"])).set_index("speaker")
    assert people.loc["Kim Jong Un", ["quotes", "naming"]].tolist() == [5, 2]  # Putin twice


def test_speakers_grouped_by_country(corpus_store):
    table = net.speakers(corpus_store, NetworkFilters(countries=True)).set_index("node_id")
    assert table.loc[NK, ["speaker", "type", "quotes", "naming"]].tolist() == [
        "North Korea", "GPE", 1, 1,  # North Korean officials, naming Russia
    ]  # fmt: skip
    assert table.loc[KIM, ["quotes", "naming"]].tolist() == [5, 5]


@pytest.mark.parametrize("countries", [False, True])
@pytest.mark.parametrize(
    ("articles", "types"), [((), ()), (["b"], ()), ((), ["PERSON"]), (["a"], ["PERSON", "GPE"])]
)
def test_the_speakers_naming_are_the_quotes_behind_the_edges(
    corpus_store, countries, articles, types
):
    # the page counts the quotes behind every edge so when the minimum count is 1
    filters = NetworkFilters(countries, articles, types)
    naming = net.speakers(corpus_store, filters)["naming"].sum()
    assert naming == net.quote_count(corpus_store, filters, None)


def test_a_speaker_naming_only_himself_names_no_one(store_of):
    store = store_of([article("x", [quote("q1", KIM, KIM), quote("q2", KIM, PUTIN)])])
    table = net.speakers(store, NetworkFilters())
    assert table[["speaker", "quotes", "naming"]].values.tolist() == [["Kim Jong Un", 2, 1]]


# -- named together -----------------------------------------------------------------------


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
def test_cooccurrence(corpus_store, countries, min_count, expected):
    table, total = net.cooccurrence(corpus_store, NetworkFilters(countries, min_count=min_count))
    assert list(table.columns) == net.COOCCURRENCE_COLUMNS
    assert {(r.entity_a, r.entity_b): r.sentences for r in table.itertuples()} == expected
    assert total == len(expected) and set(table["articles"]) == {1}


def test_cooccurrence_order_limit_and_ids(corpus_store):
    table, total = net.cooccurrence(corpus_store, NetworkFilters(countries=True))
    assert table.iloc[0].tolist() == ["Kim Jong Un", "North Korea", 2, 1, KIM, NK]
    # alphabetical by name within a pair, whatever the ids' order
    assert table.iloc[2][["entity_a", "entity_a_id"]].tolist() == ["North Korea", NK]
    first, total = net.cooccurrence(corpus_store, NetworkFilters(), 2)
    assert (len(first), total) == (2, 7)


def test_cooccurrence_type_and_article_filters(corpus_store):
    people, _ = net.cooccurrence(corpus_store, NetworkFilters(types=["PERSON"]))
    assert people[["entity_a", "entity_b"]].values.tolist() == [["Kim Jong Un", "Vladimir Putin"]]
    assert net.cooccurrence(corpus_store, NetworkFilters(articles=["c"]))[1] == 7
    nothing, total = net.cooccurrence(corpus_store, NetworkFilters(articles=["a"]))
    assert nothing.empty and total == 0 and list(nothing.columns) == net.COOCCURRENCE_COLUMNS


# -- the quotes behind a selection -------------------------------------------------------

EVERY_QUOTE = [("a", "q1"), ("a", "q2"), ("a", "q3"), ("a", "q4"), ("a", "q6"),
               ("b", "q1"), ("b", "q2"), ("b", "q3")]  # fmt: skip


@pytest.mark.parametrize(
    ("selection", "countries", "min_count", "expected"),
    [
        (("edge", KIM, PUTIN), False, 1, [("a", "q1"), ("b", "q2")]),
        (("node", PUTIN), False, 1, [("a", "q1"), ("b", "q1"), ("b", "q2")]),
        (("node", US), False, 1, [("a", "q4")]),
        (("node", "person:nobody"), False, 1, []),
        (None, False, 1, EVERY_QUOTE),  # behind every edge
        (None, False, 3, [("a", "q1"), ("a", "q3"), ("a", "q6")]),  # Kim -> Pyongyang
        (("node", KIM), False, 2, [("a", "q1"), ("a", "q3"), ("a", "q6"), ("b", "q2")]),
        (("node", PYONGYANG), False, 2, [("a", "q1"), ("a", "q3"), ("a", "q6")]),
        (("edge", KIM, PUTIN), False, 3, []),  # not an edge of 3 quotes
        (("edge", KIM, NK), True, 1, [("a", "q1"), ("a", "q2"), ("a", "q3"), ("a", "q6")]),
        (("node", NK), True, 1, [("a", "q1"), ("a", "q2"), ("a", "q3"), ("a", "q6"),
                                 ("b", "q1"), ("b", "q3")]),
    ],
)  # fmt: skip
def test_quotes_behind_a_selection(corpus_store, selection, countries, min_count, expected):
    filters = NetworkFilters(countries, min_count=min_count)
    keys, total = net.quotes_behind(corpus_store, filters, selection)
    assert list(keys.itertuples(index=False, name=None)) == expected
    assert total == len(expected)
    assert net.quote_count(corpus_store, filters, selection) == total


def test_corpus_order_is_by_date_added_then_id(store_of):
    store = store_of(
        [
            article("y", [quote("q1", LEWIS, KIM), quote("q2", KIM, PUTIN)]),
            article("z", [quote("q1", KIM, PUTIN)], added="2023-12-31T00:00:00+00:00"),
            article("x", [quote("q1", KIM, PUTIN)]),
        ]
    )
    keys, _ = net.quotes_behind(store, NetworkFilters(), ("node", KIM))
    assert list(keys.itertuples(index=False, name=None)) == [
        ("z", "q1"), ("x", "q1"), ("y", "q1"), ("y", "q2"),
    ]  # fmt: skip
    assert net.article_titles(store)["article_id"].tolist() == ["z", "x", "y"]
    table = net.quotes_table(store, NetworkFilters(), ("edge", KIM, PUTIN))
    assert table[["article_id", "quote_id"]].values.tolist() == [
        ["z", "q1"],
        ["x", "q1"],
        ["y", "q2"],
    ]


def test_quotes_behind_are_bounded_and_counted(corpus_store):
    keys, total = net.quotes_behind(corpus_store, NetworkFilters(), None, 3)
    assert (list(keys.itertuples(index=False, name=None)), total) == (EVERY_QUOTE[:3], 8)
    keys, total = net.quotes_behind(corpus_store, NetworkFilters(), None, 0)
    assert (keys.empty, total) == (True, 8)


@pytest.mark.parametrize(
    ("selection", "articles", "types", "expected"),
    [
        (("node", KIM), (), ["PERSON"], [("a", "q1"), ("a", "q4"), ("b", "q2")]),
        (("node", KIM), ["b"], (), [("b", "q2")]),
        (None, ["b"], ["NORP", "GPE"], [("b", "q3")]),
    ],
)
def test_quotes_behind_under_filters(corpus_store, selection, articles, types, expected):
    keys, total = net.quotes_behind(
        corpus_store, NetworkFilters(articles=articles, types=types), selection
    )
    assert list(keys.itertuples(index=False, name=None)) == expected and total == len(expected)


def test_quotes_table_has_the_quotes_schema(corpus_store):
    table = net.quotes_table(corpus_store, NetworkFilters(), ("node", PUTIN))
    assert list(table.columns) == COLUMNS["quotes"]
    assert table[["article_id", "quote_id", "quote"]].values.tolist() == [
        ["a", "q1", "words of q1"],
        ["b", "q1", "words of q1"],
        ["b", "q2", "words of q2"],
    ]
    assert len(net.quotes_table(corpus_store, NetworkFilters(), None)) == len(EVERY_QUOTE)


# -- speech and stances (analysis.quote_kinds), one count per speaker (issues 13 and 15) ----


def kinded(quote_id: str, kind: str, speaker: str, *mentioned: str) -> Quote:
    made = quote(quote_id, speaker, *mentioned)
    made.kind = kind
    return made


# Kim: 3 speech quotes (2 naming someone), 2 stances (1 naming Putin); Putin: 1 stance
KINDS_CORPUS = [
    article(
        "k",
        [
            kinded("q1", "direct", KIM, PUTIN, RUSSIA),
            kinded("q2", "indirect", KIM),  # names no one
            kinded("q3", "according_to", KIM, NK),
            kinded("q4", "stance", KIM, PUTIN),  # "Kim believes Putin ..."
            kinded("q5", "stance", KIM),  # "Kim promised to ..."
            kinded("q6", "stance", PUTIN, KIM),
        ],
    )
]


@pytest.fixture(scope="module", params=BACKENDS)
def kinds_store(request, tmp_path_factory):
    location = empty_location(request.param, tmp_path_factory.mktemp("kinds"))
    store = fill(Store(location), KINDS_CORPUS)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("kinds", "edges", "speakers"),
    [
        (
            SPEECH_KINDS,
            {("Kim Jong Un", "Vladimir Putin"): (1, 1), ("Kim Jong Un", "Russia"): (1, 1),
             ("Kim Jong Un", "North Korea"): (1, 1)},
            {"Kim Jong Un": (3, 2)},
        ),
        (
            QUOTE_KINDS,
            {("Kim Jong Un", "Vladimir Putin"): (2, 1), ("Kim Jong Un", "Russia"): (1, 1),
             ("Kim Jong Un", "North Korea"): (1, 1), ("Vladimir Putin", "Kim Jong Un"): (1, 1)},
            {"Kim Jong Un": (5, 3), "Vladimir Putin": (1, 1)},
        ),
    ],
)  # fmt: skip
def test_stances_are_left_out_unless_asked_for(kinds_store, kinds, edges, speakers):
    assert edges_of(net.edges(kinds_store, NetworkFilters(kinds=kinds))) == edges
    table = net.speakers(kinds_store, NetworkFilters(kinds=kinds))
    assert {r.speaker: (r.quotes, r.naming) for r in table.itertuples()} == speakers


def test_stances_are_left_out_by_default(kinds_store):
    assert net.edges(kinds_store, NetworkFilters()).equals(
        net.edges(kinds_store, NetworkFilters(kinds=SPEECH_KINDS))
    )
    _, total = net.quotes_behind(kinds_store, NetworkFilters(), ("named", PUTIN))
    assert total == 1
    assert (
        net.quotes_behind(kinds_store, NetworkFilters(kinds=QUOTE_KINDS), ("named", PUTIN))[1] == 2
    )


@pytest.mark.parametrize("kinds", [SPEECH_KINDS, QUOTE_KINDS])
@pytest.mark.parametrize("countries", [False, True])
def test_a_speakers_quotes_are_as_many_as_the_speakers_count(kinds_store, kinds, countries):
    """The one count of a speaker: Top speakers, the node's hover and the list agree."""
    filters = NetworkFilters(countries, kinds=kinds)
    table = net.speakers(kinds_store, filters)
    for row in table.itertuples():
        keys, total = net.quotes_behind(kinds_store, filters, ("speaker", row.node_id))
        assert total == len(keys) == row.quotes
        assert len(net.quotes_table(kinds_store, filters, ("speaker", row.node_id))) == row.quotes


def test_the_quotes_a_node_is_named_in_are_the_sum_of_its_edges(kinds_store):
    table = net.edges(kinds_store, NetworkFilters(kinds=QUOTE_KINDS))
    for target, count in table.groupby("target_id")["count"].sum().items():
        assert (
            net.quote_count(kinds_store, NetworkFilters(kinds=QUOTE_KINDS), ("named", target))
            == count
        )


def test_the_kind_of_rows_written_before_it_was_stored_is_filled_in(tmp_path):
    """The migration that adds the kind to the network's rows fills it from the quotes."""
    store = fill(Store(tmp_path / "articles.sqlite"), KINDS_CORPUS)
    store.write("UPDATE rows_links SET \"kind\" = ''")
    store.write("UPDATE rows_speakers SET \"kind\" = ''")
    from analysis.store.migrations import statements

    revision = importlib.import_module("analysis.store.migrations.versions.0011_quote_kinds")
    for statement in statements(revision.SQL):
        if statement.lstrip().startswith("UPDATE"):
            store.write(statement)
    assert net.speakers(store, NetworkFilters())["quotes"].tolist() == [3]
    store.close()


# -- one filter record -------------------------------------------------------------------------


def test_equal_filters_are_one_key_of_the_kept_views():
    given = NetworkFilters(False, ["b", "a", "b"], {"PERSON"}, 0, list(reversed(SPEECH_KINDS)))
    same = NetworkFilters(articles=("a", "b"), types=("PERSON",))
    assert given == same and hash(given) == hash(same)
    assert json.dumps(encode(given)) == json.dumps(encode(same))
    assert decode(json.loads(json.dumps(encode(given)))) == same


def test_the_speakers_and_the_pairs_key_on_the_filters_that_apply_to_them(corpus_store):
    stances = NetworkFilters(True, min_count=3, kinds=QUOTE_KINDS)
    assert stances.of_speakers() == NetworkFilters(True, kinds=QUOTE_KINDS)
    assert stances.of_pairs() == NetworkFilters(True, min_count=3)
    for filters in (stances, stances.of_speakers()):  # the minimum count is not theirs
        assert net.speakers.compute(corpus_store, filters).equals(
            net.speakers(corpus_store, stances.of_speakers())
        )
    speech = net.cooccurrence.compute(corpus_store, stances.of_pairs())
    pairs = net.cooccurrence.compute(corpus_store, stances)  # the kinds are not theirs
    assert speech[0].equals(pairs[0]) and speech[1] == pairs[1]


def test_a_selection_is_a_speaker_a_node_named_a_node_or_an_edge(corpus_store):
    with pytest.raises(ValueError):
        net.quotes_behind(corpus_store, NetworkFilters(), ("someone", KIM))


def test_an_empty_store_has_no_network(store_of):
    store = store_of([])
    assert net.edges(store, NetworkFilters()).empty
    assert list(net.edges(store, NetworkFilters()).columns) == net.EDGE_COLUMNS
    assert net.speakers(store, NetworkFilters(countries=True)).empty
    assert net.cooccurrence(store, NetworkFilters())[1] == 0
    assert net.nodes(store, True).empty and net.article_titles(store).empty
    assert net.quotes_behind(store, NetworkFilters(), None)[1] == 0


# -- quote excerpts and real analyses --------------------------------------------------------


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


def test_analysed_sentences_grouped_by_country(store_of):
    text = (
        "Joe Biden said the North Korean army had moved. Kim Jong Un said Pyongyang would respond."
    )
    store = store_of([(Article("t", text), analysed(text))])
    assert edges(store, True) == {
        ("Joe Biden", "North Korea"): (1, 1),
        ("Kim Jong Un", "North Korea"): (1, 1),
    }


def test_seed_article(store_of, seed_analysis):
    store = store_of([(Article("seed", "", title="seed"), seed_analysis)])
    found = edges(store)
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
    by_country = edges(store, True)
    assert ("Kim Jong Un", "Pyongyang") not in by_country
    naming_north_korea = {
        (q.quote_id)
        for q in seed_analysis.quotes
        if q.speaker_entity_id == KIM and {PYONGYANG, NK, NK_DEMONYM} & set(q.mentioned)
        if q.kind in SPEECH_KINDS  # the network counts speech unless stances are asked for
    }
    assert by_country[("Kim Jong Un", "North Korea")][0] == len(naming_north_korea) >= 3
