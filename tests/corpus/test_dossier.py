"""An entity's dossier on both backends: every part aggregated from the stored rows (the
analyst's corrections applied) and the evidence behind its counts."""

import pytest

from analysis.corpus import corrections as C
from analysis.corpus import dossier
from analysis.ingest.library import add_document, save_correction
from analysis.ingest.readers import Document
from analysis.store import Store
from tests.store.test_core import location  # noqa: F401 - the fixture over both backends

# invented stories: a minister quoted, reported, relayed by an agency, acting, named with others
DOCUMENTS = [
    Document(
        "Finance Minister Greta Holm said on Monday that the Osterby port deal was signed. "
        '"We kept every promise," Greta Holm said, according to Reuters. '
        "Holm met Mayor Piet Danner in Osterby on Tuesday.",
        "holm-1.txt", title="Holm signs port deal", source="Coast Wire", published="2024-05-06",
    ),
    Document(
        "Piet Danner said Greta Holm had misled the council. Holm believes the deal is fair. "
        "Greta Holm visited Hamburg on Friday.",
        "holm-2.txt", title="Danner attacks Holm", source="City Daily", published="2024-06-14",
    ),
]  # fmt: skip
HOLM = "person:greta-holm"


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    store.ids = [add_document(store, d)[1] for d in DOCUMENTS]
    yield store
    store.close()


def test_profile_names_and_counts(store):
    profile = dossier.profile(store, HOLM)
    assert (profile.name, profile.type) == ("Greta Holm", "PERSON")
    assert profile.articles == 2 and profile.mentions >= 5
    assert dossier.profile(store, "person:nobody") is None
    aliases = dossier.aliases(store, HOLM).set_index("alias")
    assert set(aliases.index) == {"Greta Holm", "Holm"}
    assert aliases.loc["Holm", "articles"] == 2
    assert aliases["mentions"].sum() == profile.mentions


def test_mentions_over_time_and_articles(store):
    periods = dossier.mentions_over_time(store, HOLM)
    assert list(periods["period"]) == ["2024-05", "2024-06"]
    assert periods["mentions"].sum() == dossier.profile(store, HOLM).mentions
    articles = dossier.articles_naming(store, HOLM)
    assert list(articles["title"]) == ["Danner attacks Holm", "Holm signs port deal"]  # newest
    assert list(articles["sentence"]) == [0, 0]  # named in each first sentence


def test_quotes_by_kind_and_who_names_whom(store):
    quotes = dossier.quotes_by(store, HOLM)
    counts = dossier.kind_counts(quotes)
    assert set(counts) == {"direct", "indirect", "according_to", "stance"}
    assert counts["direct"] >= 1 and counts["indirect"] >= 1
    direct = quotes[quotes["kind"] == "direct"].iloc[0]
    assert "We kept every promise" in direct["quote"]
    relayed = dossier.relayed_via(quotes)
    assert "Reuters" in set(relayed["via"])
    named_by = dossier.named_by(store, HOLM)
    assert "Piet Danner" in set(named_by["name"])
    danner = named_by.set_index("name").loc["Piet Danner"]
    assert danner["quotes"] + danner["stances"] >= 1 and danner["articles"] == 1


def test_events_and_company(store):
    events = dossier.events_of(store, HOLM)
    assert not events.empty and (events["actors"].str.contains("Greta Holm")).all()
    assert set(events["article_id"]) <= set(store.ids)
    company = dossier.named_with(store, HOLM).set_index("name")
    assert company.index[0] == "Piet Danner"  # met him; accused by him
    assert (company.loc["Piet Danner", "sentences"], company.loc["Piet Danner", "articles"]) == (
        2,
        2,
    )


@pytest.mark.parametrize(
    ("kind", "value", "least"),
    [
        ("alias", "Holm", 2),
        ("period", "2024-06", 2),
        ("quotes", "direct", 1),
        ("via", "Reuters", 1),
    ],
)
def test_each_count_has_its_evidence(store, kind, value, least):
    rows, total = dossier.evidence(store, HOLM, kind, value)
    assert total >= least and len(rows) == total
    assert (rows["sentence_text"] != "").all()
    assert list(rows.columns) == dossier.EVIDENCE_COLUMNS


def test_evidence_of_an_article_and_of_a_pair(store):
    article = store.ids[0]
    rows, total = dossier.evidence(store, HOLM, "article", article)
    assert (
        total
        == dossier.articles_naming(store, HOLM).set_index("article_id").loc[article, "mentions"]
    )
    other = dossier.named_with(store, HOLM).iloc[0]
    pairs, count = dossier.evidence(store, HOLM, "with", other["entity_id"])
    assert count == other["sentences"]
    limited, _ = dossier.evidence(store, HOLM, "alias", "Holm", limit=1)
    assert len(limited) == 1
    with pytest.raises(ValueError, match="no evidence of kind"):
        dossier.evidence(store, HOLM, "nonsense", "")


def test_corrections_behind_an_entity_and_its_aliases(store):
    analysis = store.analysis(store.ids[1])
    hamburg = next(e for e in analysis.entities if e.name == "Hamburg")
    holm = next(e for e in analysis.entities if e.entity_id == HOLM)
    save_correction(store, C.rename(hamburg, "Hamburg Harbour"), "ana", "2024-07-01")
    save_correction(store, C.add("the minister", target=holm), "ana", "2024-07-02")
    renamed = "gpe:hamburg-harbour"
    assert dossier.profile(store, renamed).name == "Hamburg Harbour"
    aliases = list(dossier.aliases(store, renamed)["alias"])
    behind = dossier.corrections_behind(store, renamed, "GPE", aliases)
    assert [c.action for c in behind] == ["rename"]
    brought = dossier.alias_corrections(aliases, behind, "GPE")
    assert brought["Hamburg"].startswith("#") and "rename" in brought["Hamburg"]
    holm_behind = dossier.corrections_behind(store, HOLM, "PERSON", ["Holm", "Greta Holm"])
    assert [c.action for c in holm_behind] == ["add"]
