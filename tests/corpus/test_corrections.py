"""The analyst's corrections: each action through the analysis API, the store, re-analysis,
new articles, undo, and the tables/CSV built from corrected analyses."""

import pytest

from analysis.corpus import corrections as C
from analysis.corpus.rows import corpus_entities
from analysis.output.tables import all_tables
from analysis.records import Article
from analysis.store import Store
from tests.conftest import analysed, canonical_of, store_of

KOREA = (
    "Kim Jong Un inspected a missile launch in Pyongyang. Kim praised the army. "
    "The Politburo met later. North Korea said the test was a success."
)
KOREA_LATER = "Officials in Pyongyang denied the report. Kim was not seen in public."
FOOTBALL = "Inter Miami signed Lionel Messi. Messi joined Inter Miami in July."
TWO_KIMS = (
    "Kim Jong Un inspected a missile launch. Kim Jong Un praised the army. "
    "Kim later met officials. His grandfather Kim Il-sung founded the state."
)


def numbered(*corrections: C.Correction) -> list[C.Correction]:
    for number, correction in enumerate(corrections, 1):
        correction.correction_id = number
    return list(corrections)


def entity(analysis, name):
    return next(e for e in analysis.entities if e.name == name)


def corrected(text, *corrections, article_id="a1"):
    return C.apply(analysed(text), numbered(*corrections), text, article_id)


def names(analysis) -> dict[str, str]:
    return {e.entity_id: e.name for e in analysis.entities}


# --- each action --------------------------------------------------------------------------


def test_rename_keeps_the_mentions_and_changes_the_name():
    base = analysed(KOREA)
    after = corrected(KOREA, C.rename(entity(base, "Kim Jong Un"), "Kim Jong-un"))
    assert canonical_of(after, "Kim") == {"Kim Jong-un"}
    assert canonical_of(after, "Kim Jong Un") == {"Kim Jong-un"}
    # the id follows the name ("Kim Jong-un" and "Kim Jong Un" have the same one)
    assert entity(after, "Kim Jong-un").entity_id == "person:kim-jong-un"


def test_rename_onto_an_existing_name_joins_that_entity():
    text = "Officials of the James Martin Center met. The Martin Center said so."
    base = analysed(text)
    after = corrected(text, C.rename(entity(base, "Martin Center"), "James Martin Center"))
    [center] = after.entities
    assert center.name == "James Martin Center" and center.mentions == 2
    assert set(center.aliases) == {"Martin Center", "James Martin Center"}


def test_retype_changes_the_type_of_the_entity_and_its_mentions():
    base = analysed(FOOTBALL)
    after = corrected(FOOTBALL, C.retype(entity(base, "Miami"), "ORG"))
    miami = entity(after, "Miami")
    assert (miami.type, miami.entity_id) == ("ORG", "org:miami")
    assert {m.type for m in after.mentions if m.text == "Miami"} == {"ORG"}


def test_merge_moves_every_mention_to_the_target():
    base = analysed(KOREA)
    after = corrected(KOREA, C.merge(entity(base, "Pyongyang"), entity(base, "North Korea")))
    assert canonical_of(after, "Pyongyang") == {"North Korea"}
    korea = entity(after, "North Korea")
    assert korea.mentions == 2 and korea.linked_country == "North Korea"
    assert "Pyongyang" not in {e.name for e in after.entities}


def test_split_takes_an_alias_out_into_its_own_entity():
    base = analysed(TWO_KIMS)
    after = corrected(TWO_KIMS, C.split(entity(base, "Kim Jong Un"), "Kim", name="Kim Il-sung"))
    assert canonical_of(after, "Kim") == {"Kim Il-sung"}
    assert entity(after, "Kim Il-sung").mentions == 2
    assert entity(after, "Kim Jong Un").aliases == ["Kim Jong Un"]


def test_split_of_one_span_leaves_the_other_mentions():
    text = "Kim Jong Un spoke. Kim smiled. Kim left. His grandfather Kim Il-sung had ruled."
    base = analysed(text)
    kims = [m for m in base.mentions if m.text == "Kim"]
    assert len(kims) == 2
    target = entity(base, "Kim Il-sung")
    split = C.split(entity(base, "Kim Jong Un"), "Kim", target=target, article_id="a1",
                    span=(kims[1].start, kims[1].end))  # fmt: skip
    after = corrected(text, split)
    who = [names(after)[m.entity_id] for m in after.mentions if m.text == "Kim"]
    assert who == ["Kim Jong Un", "Kim Il-sung"]


@pytest.mark.parametrize(
    ("make", "left"),
    [
        # one span
        (lambda base: C.reject("Politburo", article_id="a1", span=_span(base, "Politburo")), 0),
        # every mention with that surface
        (lambda base: C.reject("Politburo"), 0),
        # the whole entity
        (lambda base: C.reject(entity=entity(base, "Politburo")), 0),
    ],
)
def test_reject_marks_text_as_no_entity(make, left):
    base = analysed(KOREA)
    after = corrected(KOREA, make(base))
    assert sum(m.text == "Politburo" for m in after.mentions) == left
    assert "Politburo" not in {e.name for e in after.entities}
    assert len(after.mentions) == len(base.mentions) - 1


def _span(analysis, surface):
    mention = next(m for m in analysis.mentions if m.text == surface)
    return mention.start, mention.end


def test_add_by_name_finds_every_occurrence_and_replaces_a_shorter_mention():
    after = corrected(FOOTBALL, C.add("Inter Miami", "ORG"))
    clubs = [m for m in after.mentions if m.text == "Inter Miami"]
    assert len(clubs) == 2 and {m.entity_id for m in clubs} == {"org:inter-miami"}
    assert "Miami" not in {m.text for m in after.mentions}  # it was part of the name
    assert entity(after, "Inter Miami").mentions == 2


def test_add_a_missed_word_and_leave_longer_names_alone():
    text = "Ministry officials met. The Unification Ministry said talks went well."
    after = corrected(text, C.add("Ministry", "ORG", name="Unification Ministry"))
    # the first "Ministry" was missed; the second is inside "Unification Ministry"
    assert [(m.text, m.start, names(after)[m.entity_id]) for m in after.mentions] == [
        ("Ministry", 0, "Unification Ministry"),
        ("Unification Ministry", 28, "Unification Ministry"),
    ]


def test_add_a_selected_span_in_one_article():
    text = "The summit ended. Officials praised the summit."
    start = text.index("summit", 20)
    add = C.add("summit", "EVENT", name="Singapore summit", article_id="a1",
                span=(start, start + 6))  # fmt: skip
    after = corrected(text, add)
    assert [(m.start, m.text, m.sentence) for m in after.mentions if m.type == "EVENT"] == [
        (start, "summit", 1)
    ]
    # another article is not touched by a span correction of this one
    assert corrected(text, add, article_id="other") == analysed(text)


def test_add_joins_an_existing_entity():
    base = analysed(KOREA)
    after = corrected(KOREA, C.add("the army", target=entity(base, "Kim Jong Un")))
    assert canonical_of(after, "the army") == {"Kim Jong Un"}


# --- the rules every correction follows ------------------------------------------------------


def test_no_corrections_change_nothing_and_apply_does_not_change_its_input():
    base = analysed(KOREA)
    before = base.to_dict()
    assert C.apply(base, [], KOREA) is base
    C.apply(base, numbered(C.reject("Politburo"), C.add("army", "ORG")), KOREA)
    assert base.to_dict() == before


def test_apply_is_deterministic():
    base = analysed(KOREA)
    todo = numbered(
        C.merge(entity(base, "Pyongyang"), entity(base, "North Korea")),
        C.rename(entity(base, "North Korea"), "DPRK"),
    )
    assert C.apply(base, todo, KOREA).to_dict() == C.apply(base, todo, KOREA).to_dict()


def test_undone_corrections_are_ignored():
    base = analysed(KOREA)
    merge = C.merge(entity(base, "Pyongyang"), entity(base, "North Korea"))
    merge.undone = True
    assert C.apply(base, numbered(merge), KOREA) is base


def test_later_corrections_follow_ids_changed_by_earlier_ones():
    base = analysed(KOREA)
    after = corrected(
        KOREA,
        C.merge(entity(base, "Pyongyang"), entity(base, "North Korea")),
        # made while looking at the old id: still reaches the merged entity
        C.rename(entity(base, "Pyongyang"), "DPRK"),
    )
    assert canonical_of(after, "Pyongyang") == {"DPRK"}
    assert canonical_of(after, "North Korea") == {"DPRK"}


def test_corrections_carry_to_articles_added_later():
    base = analysed(KOREA)
    corrections = numbered(
        C.merge(entity(base, "Pyongyang"), entity(base, "North Korea")),
        C.reject("Politburo"),
    )
    later = C.apply(analysed(KOREA_LATER), corrections, KOREA_LATER, "a2")
    assert canonical_of(later, "Pyongyang") == {"North Korea"}
    assert entity(later, "North Korea").type == "GPE"


def test_an_alias_merged_by_hand_is_merged_in_a_new_article():
    lone = analysed(KOREA_LATER)
    # the analyst links the lone "Kim" to Kim Jong Un, who is not named in that article
    target = entity(analysed(KOREA), "Kim Jong Un")
    merge = C.merge(entity(lone, "Kim"), target)
    after = C.apply(lone, numbered(merge), KOREA_LATER, "a2")
    assert canonical_of(after, "Kim") == {"Kim Jong Un"}
    # and a new article with a lone Kim gets the same
    text = "Kim did not attend the parade."
    assert canonical_of(C.apply(analysed(text), [merge], text, "a3"), "Kim") == {"Kim Jong Un"}


def test_quotes_and_events_follow_merged_ids():
    from analysis.records import Event, Quote

    base = analysed(KOREA)
    base = type(base)(
        **{
            **{f: getattr(base, f) for f in base.__slots__},
            "quotes": [Quote("q1", "Pyongyang", "gpe:pyongyang", "GPE", "said", "x", "direct",
                             0, 1, mentioned=["gpe:pyongyang", "gpe:north-korea"])],
            "events": [Event("e1", "2024", "", "year", "test", ["gpe:pyongyang"], [])],
        }
    )  # fmt: skip
    merge = C.merge(entity(base, "Pyongyang"), entity(base, "North Korea"))
    after = C.apply(base, numbered(merge), KOREA)
    assert after.quotes[0].speaker_entity_id == "gpe:north-korea"
    assert after.quotes[0].speaker == "North Korea"
    assert after.quotes[0].mentioned == ["gpe:north-korea"]
    assert after.events[0].actors == ["gpe:north-korea"]


@pytest.mark.parametrize(
    "bad",
    [
        C.Correction("rename", entity_id="person:x"),
        C.Correction("merge", entity_id="person:x", target_id="person:x"),
        C.Correction("add", alias=" "),
        C.Correction("reject"),
        C.Correction("reject", alias="x", start=3, end=5),  # a span needs its article
        C.Correction("explode", entity_id="person:x"),
    ],
)
def test_incomplete_corrections_are_refused(bad):
    with pytest.raises(ValueError):
        C.validate(bad)


# --- stored: who, when, undo; survives restarts and re-analysis --------------------------------


def test_corrections_are_stored_with_author_and_time_and_survive_a_restart(tmp_path):
    base = analysed(KOREA)
    store = Store(tmp_path / "articles.sqlite")
    revision = store.revision()
    merge = C.merge(entity(base, "Pyongyang"), entity(base, "North Korea"))
    correction_id = C.save(store, merge, "alice", "2026-11-27T10:00:00Z")
    assert store.revision() != revision  # cached reads see the write
    store.close()

    reopened = Store(tmp_path / "articles.sqlite")
    [loaded] = C.load(reopened)
    assert (loaded.correction_id, loaded.author, loaded.created) == (
        correction_id,
        "alice",
        "2026-11-27T10:00:00Z",
    )
    assert loaded.payload() == merge.payload() and not loaded.undone
    # a fresh analysis of the same text (a new pipeline version) gets the correction too
    fresh = C.apply(analysed(KOREA, "2024-10-08"), C.load(reopened), KOREA, "a1")
    assert canonical_of(fresh, "Pyongyang") == {"North Korea"}

    assert reopened.set_correction_undone(correction_id)
    assert C.load(reopened)[0].undone
    assert C.apply(base, C.load(reopened), KOREA) is base
    assert reopened.set_correction_undone(correction_id, undone=False)
    assert not C.load(reopened)[0].undone
    assert not reopened.set_correction_undone(999)
    reopened.close()


def test_save_refuses_an_incomplete_correction(tmp_path):
    store = Store(tmp_path / "articles.sqlite")
    with pytest.raises(ValueError):
        C.save(store, C.Correction("merge", entity_id="a:b"), "bob", "now")
    assert store.corrections() == []
    store.close()


def test_tables_and_corpus_entities_are_built_from_corrected_analyses(tmp_path):
    base = analysed(KOREA)
    corrections = numbered(C.merge(entity(base, "Pyongyang"), entity(base, "North Korea")))
    corpus = [
        (Article(aid, text), C.apply(analysed(text), corrections, text, aid))
        for aid, text in [("a1", KOREA), ("a2", KOREA_LATER)]
    ]
    tables = all_tables(corpus)
    entities = tables["entities"]
    assert "Pyongyang" not in set(entities["name"])
    mentions = tables["mentions"]
    assert set(mentions.loc[mentions["text"] == "Pyongyang", "name"]) == {"North Korea"}
    entities = corpus_entities(store_of(corpus, tmp_path / "articles.sqlite"))
    korea = next(e for e in entities if e.name == "North Korea")
    assert (korea.articles, korea.mentions) == (2, 3)


def test_describe_reads_as_a_sentence():
    base = analysed(KOREA)
    merge = C.merge(entity(base, "Pyongyang"), entity(base, "North Korea"))
    assert merge.describe() == "merge gpe:pyongyang into gpe:north-korea"
    assert "in article a1" in C.reject("x", article_id="a1", span=(0, 1)).describe()


def test_the_cli_export_writes_corrected_tables(data_dir, tmp_path):
    import os
    import subprocess
    import sys

    import pandas as pd

    from analysis.ingest.library import open_library, save_correction
    from tests.conftest import ROOT

    store = open_library(data_dir / "articles.sqlite")  # seeded
    seed = store.analysis(store.article_summaries()[0]["article_id"])
    merge = C.merge(entity(seed, "Pyongyang"), entity(seed, "North Korea"))
    save_correction(store, merge, "cli", "now")
    store.close()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSDASH_DATA_DIR": str(data_dir)},
    )
    assert result.returncode == 0, result.stderr
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", encoding="utf-8-sig")
    assert set(mentions.loc[mentions["text"] == "Pyongyang", "name"]) == {"North Korea"}
    entities = pd.read_csv(tmp_path / "out" / "entities.csv", encoding="utf-8-sig")
    assert "Pyongyang" not in set(entities["name"])
