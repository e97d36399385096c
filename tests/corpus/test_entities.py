"""Entities across the corpus: one entity per canonical name, candidates for a lone
short name (never merged), and where each entity is mentioned."""

from analysis.corpus.entities import link_candidates
from tests.conftest import analysed, store_of


def entities_of(folder, *texts):
    """The corpus entities of a store holding the texts (ids a0, a1, ... in that order)."""
    from analysis.corpus.rows import corpus_entities
    from analysis.records import Article

    corpus = [
        (Article(f"a{i}", text, title=f"Article {i}", added=f"2024-01-0{i + 1}"), analysed(text))
        for i, text in enumerate(texts)
    ]
    return corpus_entities(store_of(corpus, folder / "articles.sqlite"))


def test_the_same_canonical_name_is_one_entity_of_the_corpus(tmp_path):
    entities = entities_of(
        tmp_path,
        "Vladimir Putin spoke in Moscow. Putin smiled.",
        "Putin is the president. Vladimir Putin travelled to China.",
        "Officials in Moscow denied it.",
    )
    by_id = {e.entity_id: e for e in entities}
    putin = by_id["person:vladimir-putin"]
    assert (putin.articles, putin.mentions) == (2, 4)
    assert putin.aliases == ["Putin", "Vladimir Putin"]  # as often each: alphabetical
    assert entities[0] == putin  # most mentioned first
    assert by_id["gpe:moscow"].articles == 2 and by_id["gpe:moscow"].linked_country == "Russia"


def test_a_lone_short_name_is_not_merged_across_articles_but_has_candidates(tmp_path):
    entities = entities_of(
        tmp_path,
        "Kim Jong Un inspected a missile launch. Kim praised the army.",
        "Kim was not seen in public this week.",
    )
    assert {e.entity_id for e in entities if e.type == "PERSON"} == {
        "person:kim-jong-un",
        "person:kim",
    }
    assert link_candidates(entities) == {"person:kim": ["person:kim-jong-un"]}


def test_two_candidates_are_both_shown(tmp_path):
    entities = entities_of(
        tmp_path,
        "Ed Miliband spoke in London.",
        "David Miliband spoke in New York.",
        "Miliband resigned.",
    )
    # the model types a lone "Miliband" as an organisation: it is a candidate all the same
    [lone] = [e.entity_id for e in entities if e.name == "Miliband"]
    candidates = link_candidates(entities)
    assert sorted(candidates[lone]) == ["person:david-miliband", "person:ed-miliband"]


def test_organisation_candidates_across_articles(tmp_path):
    entities = entities_of(
        tmp_path, "The European Central Bank raised rates.", "The ECB said inflation was too high."
    )
    assert link_candidates(entities) == {"org:ecb": ["org:european-central-bank"]}


def test_mention_sites_locate_every_mention_for_the_reader(tmp_path):
    from analysis.corpus.rows import mention_sites
    from analysis.ingest.library import add_document
    from analysis.ingest.readers import Document
    from analysis.store import Store

    store = Store(tmp_path / "a.sqlite")
    for number, text in enumerate(("Vladimir Putin spoke.\nPutin smiled.", "Officials met Putin.")):
        add_document(store, Document(text, f"{number}.txt", title=f"Article {number}"))
    sites, total = mention_sites(store, "person:vladimir-putin", limit=10)
    assert [(s.title, s.sentence, s.text) for s in sites] == [
        ("Article 0", 0, "Vladimir Putin"),
        ("Article 0", 1, "Putin"),
    ]
    assert total == 2 and sites[1].sentence_text == "Putin smiled."
    assert [s.text for s in mention_sites(store, "person:vladimir-putin", limit=1)[0]] == [
        "Vladimir Putin"
    ]
