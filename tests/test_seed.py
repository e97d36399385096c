"""What an analyst must see in the seed article (from the product's seed expectations)."""

import pytest

from tests.conftest import canonical_of

# surface form in the text -> canonical names that count as the same entity
SEED_ALIASES = [
    ("Kim Jong Un", {"Kim Jong Un", "Kim Jong-un"}),
    ("Kim", {"Kim Jong Un", "Kim Jong-un"}),
    ("Vladimir Putin", {"Vladimir Putin"}),
    ("Putin", {"Vladimir Putin"}),
    ("Kim Il-sung", {"Kim Il-sung", "Kim Il Sung"}),
    ("Stalin", {"Stalin", "Joseph Stalin"}),
    ("Jeffrey Lewis", {"Jeffrey Lewis"}),
    ("Kang Dae-sik", {"Kang Dae-sik"}),
    ("North Korea", {"North Korea", "Democratic People's Republic of Korea"}),
    ("N Korea", {"North Korea", "Democratic People's Republic of Korea"}),
    ("DPRK", {"North Korea", "Democratic People's Republic of Korea"}),
    (
        "Democratic People's Republic of Korea",
        {"North Korea", "Democratic People's Republic of Korea"},
    ),
    ("Russia", {"Russia", "Russian Federation"}),
    ("Ukraine", {"Ukraine"}),
    ("China", {"China"}),
    ("US", {"United States", "United States of America", "US", "USA", "U.S."}),
    ("Soviet Union", {"Soviet Union", "USSR"}),
    ("Yonhap News", {"Yonhap", "Yonhap News", "Yonhap News Agency"}),
    ("KCNA", {"KCNA", "Korean Central News Agency"}),
    (
        "James Martin Center for Nonproliferation Studies",
        {"James Martin Center for Nonproliferation Studies"},
    ),
    ("Mongnangwan Reception House", {"Mongnangwan Reception House"}),
]
LINKED_PLACES = [("Pyongyang", "North Korea"), ("Moscow", "Russia"), ("Seoul", "South Korea")]
NOT_ENTITIES = [
    "PyongyangGetty Images",
    "Getty Images Russian",
    "Kim (R",
    "Putin (L",
    "Getty Images",
]


@pytest.mark.parametrize(("surface", "accepted"), SEED_ALIASES)
def test_every_alias_is_highlighted_and_resolves(seed_analysis, surface, accepted):
    found = canonical_of(seed_analysis, surface)
    assert found, f"{surface!r} is not highlighted"
    assert found <= accepted


@pytest.mark.parametrize(("place", "country"), LINKED_PLACES)
def test_capitals_are_highlighted_and_linked_to_their_country(seed_analysis, place, country):
    entities = [e for e in seed_analysis.entities if place in e.aliases]
    assert entities and all(e.linked_country == country for e in entities)


@pytest.mark.parametrize("bad", NOT_ENTITIES)
def test_layout_debris_is_no_entity(seed_analysis, bad):
    assert all(bad not in m.text for m in seed_analysis.mentions)


def test_kim_il_sung_stays_apart_from_kim_jong_un(seed_analysis):
    people = {e.name for e in seed_analysis.entities if e.type == "PERSON"}
    assert {"Kim Jong Un", "Kim Il-sung"} <= people


def test_expected_types(seed_analysis):
    types = {e.name: e.type for e in seed_analysis.entities}
    assert types["Kang Dae-sik"] == "PERSON"
    assert types["North Korea"] == "GPE"
    assert types["Mongnangwan Reception House"] == "FAC"
    assert types["KCNA"] == "ORG"


def test_headline_and_caption_are_marked(seed_analysis):
    kinds = [s.kind for s in seed_analysis.sentences]
    assert kinds[0] == "headline"
    assert "caption" in kinds[1:3]
    assert kinds[-1] == "body"


def test_offsets_point_into_the_stored_text(seed_analysis):
    from tests.conftest import SEED_TEXT

    text = SEED_TEXT.read_text(encoding="utf-8")
    for mention in seed_analysis.mentions:
        assert text[mention.start : mention.end] == mention.text


# (accepted dates, start of the evidence) of every event an analyst must see
SEED_EVENTS = [
    (["2024-06", "2024-06-19"], "since Putin's visit to Pyongyang in June"),
    (["2024", "2024-06", "2024-06-19"], "Earlier this year, Putin and Kim signed an agreement"),
    (["2023-09", "2023-09-13"], "During a visit by Kim to Russia in September 2023"),
    (["2024-10-07", "2024-10-08"], "has sent a birthday message"),
    (["2024-10-08"], "Separately on Tuesday, Kim said"),
    (["2024-10-08"], "A South Korean lawmaker also separately on Tuesday claimed"),
]


@pytest.mark.parametrize(("accepted", "evidence"), SEED_EVENTS)
def test_seed_events(seed_analysis, accepted, evidence):
    hits = [
        e
        for e in seed_analysis.events
        if e.date in accepted and any(evidence.lower() in v.text.lower() for v in e.evidence)
    ]
    assert hits


def test_seed_june_meeting_is_one_event_with_caption_and_paragraph(seed_analysis):
    june = [e for e in seed_analysis.events if e.date == "2024-06"]
    assert len(june) == 1 and len(june[0].evidence) == 2


def test_seed_ukraine_war_start_has_no_made_up_date(seed_analysis):
    for event in seed_analysis.events:
        if any("since the start of the Ukraine war" in v.text for v in event.evidence):
            assert event.date == ""


# -- the analysis shipped with the seed (a first start loads no language model) ---------------


def test_the_analysis_shipped_with_each_seed_is_the_pipelines_own():
    from analysis.ingest.library import SEEDS_DIR, analyse_article, shipped_analysis, to_article
    from analysis.ingest.readers import read_file

    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        shipped = shipped_analysis(seed)
        assert shipped is not None, f"{seed.name}: run `.venv/bin/python -m analysis seeds`"
        fresh = analyse_article(to_article(read_file(seed)))
        assert shipped.to_dict() == fresh.to_dict(), (
            f"{seed.name}: the shipped analysis is stale: run `.venv/bin/python -m analysis seeds`"
        )


def test_a_first_start_stores_the_shipped_analysis_without_the_language_model(
    tmp_path, monkeypatch
):
    from analysis.extract import nlp
    from analysis.ingest.library import SEEDS_DIR, open_library, shipped_analysis

    def no_model():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(nlp, "load_pipeline", no_model)
    store = open_library(tmp_path / "articles.sqlite")
    (summary,) = store.article_summaries()
    (seed,) = SEEDS_DIR.glob("*.txt")
    assert store.analysis(summary["article_id"]).to_dict() == shipped_analysis(seed).to_dict()
    assert store.ids_without_rows() == []  # its rows are written
    store.close()


def test_a_shipped_analysis_of_another_pipeline_version_is_not_used(tmp_path):
    import json
    import shutil

    from analysis.extract.pipeline import PIPELINE_VERSION
    from analysis.ingest.library import SEEDS_DIR, seed_if_new, shipped_analysis
    from analysis.store import Store

    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (shipped,) = tmp_path.glob("*.analysis.json")
    data = json.loads(shipped.read_text(encoding="utf-8"))
    shipped.write_text(json.dumps(data | {"pipeline_version": "old", "mentions": []}))
    assert (
        shipped_analysis(shipped.with_name(shipped.name.replace(".analysis.json", ".txt"))) is None
    )
    store = Store(tmp_path / "store" / "articles.sqlite")
    assert seed_if_new(store, tmp_path) == 1
    (summary,) = store.article_summaries()
    analysis = store.analysis(summary["article_id"])
    assert analysis.pipeline_version == PIPELINE_VERSION and analysis.mentions  # analysed
    store.close()
