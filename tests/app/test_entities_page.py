"""AppTest of the Entities entities_app and of the Reader's correction controls (seeded store)."""

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import corrections as C
from analysis.ingest.library import add_document
from analysis.ingest.readers import Document
from analysis.store import Store
from tests.conftest import ROOT


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


@pytest.fixture
def entities_app(data_dir):
    at = new_app()
    at.run()
    at.switch_page("pages/entities.py").run()
    assert not at.exception, at.exception
    return at


def table(at, index=0):
    return at.dataframe[index].value


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def chart_names(at) -> set[str]:
    return {name for trace in chart(at)["data"] for name in trace["y"]}


def stored(data_dir) -> list[C.Correction]:
    store = Store(data_dir / "articles.sqlite")
    try:
        return C.load(store)
    finally:
        store.close()


def open_entity(at, entity_id):
    at.selectbox(key="open_entity").set_value(entity_id).run()
    assert not at.exception, at.exception
    return at


def reader_html(at) -> str:
    at.switch_page("pages/reader.py").run()
    assert not at.exception, at.exception
    return "".join(block.proto.body for block in at.get("html"))


def test_lists_the_corpus_entities_with_a_chart(entities_app):
    entities = table(entities_app)
    assert list(entities.columns) == [
        "entity",
        "type",
        "articles",
        "mentions",
        "aliases",
        "country",
        "id",
        "dossier",
    ]
    row = entities.set_index("entity").loc["Pyongyang"]
    assert (row["type"], row["country"], row["articles"]) == ("GPE", "North Korea", 1)
    assert {"Kim Jong Un", "North Korea", "Vladimir Putin"} <= chart_names(entities_app)


def test_search_and_type_filter(entities_app):
    entities_app.text_input(key="entity_search").input("kim").run()
    assert set(table(entities_app)["entity"]) == {"Kim Jong Un", "Kim Il-sung"}
    entities_app.text_input(key="entity_search").input("").run()
    entities_app.multiselect(key="entity_types").set_value(["ORG"]).run()
    assert set(table(entities_app)["type"]) == {"ORG"}
    assert chart_names(entities_app) <= set(table(entities_app)["entity"])


def test_opening_an_entity_lists_its_mentions_with_reader_links(entities_app):
    open_entity(entities_app, "person:kim-jong-un")
    mentions = table(entities_app, 1)
    assert len(mentions) >= 12
    assert set(mentions["text"]) == {"Kim Jong Un", "Kim"}
    first = mentions.iloc[0]
    assert first["reader"].startswith("/reader?article=") and "&sentence=" in first["reader"]


def test_merge_on_the_entities_page_changes_table_chart_and_reader(entities_app, data_dir):
    open_entity(entities_app, "gpe:pyongyang")
    entities_app.selectbox(key="entities_merge").set_value("gpe:north-korea").run()
    entities_app.button(key="entities_merge_go").click().run()
    assert not entities_app.exception, entities_app.exception
    shown = entities_app.success[0].value.replace("\\", "")  # names are markdown-escaped
    assert "Saved: merge gpe:pyongyang into gpe:north-korea" in shown
    assert entities_app.selectbox(key="open_entity").value == "gpe:north-korea"
    assert "Pyongyang" not in set(table(entities_app)["entity"])
    assert "Pyongyang" not in chart_names(entities_app)
    [correction] = stored(data_dir)
    assert correction.action == "merge" and correction.author
    html = reader_html(entities_app)
    assert 'title="GPE · Pyongyang"' not in html
    assert html.count('title="GPE · North Korea"') > 10


def test_rename_retype_and_undo(entities_app, data_dir):
    open_entity(entities_app, "org:kcna")
    entities_app.text_input(key="entities_org:kcna_rename").input(
        "Korean Central News Agency"
    ).run()
    entities_app.button(key="entities_rename_go").click().run()
    assert not entities_app.exception, entities_app.exception
    assert "Korean Central News Agency" in set(table(entities_app)["entity"])
    assert entities_app.selectbox(key="open_entity").value == "org:korean-central-news-agency"

    entities_app.selectbox(key="entities_org:korean-central-news-agency_retype").set_value(
        "PRODUCT"
    )
    entities_app.button(key="entities_retype_go").click().run()
    row = table(entities_app).set_index("entity").loc["Korean Central News Agency"]
    assert row["type"] == "PRODUCT"

    corrections = stored(data_dir)
    assert [c.action for c in corrections] == ["rename", "retype"]
    entities_app.selectbox(key="entities_undo").set_value(corrections[1].correction_id)
    entities_app.button(key="entities_undo_go").click().run()
    assert not entities_app.exception, entities_app.exception
    row = table(entities_app).set_index("entity").loc["Korean Central News Agency"]
    assert row["type"] == "ORG"
    assert [c.undone for c in stored(data_dir)] == [False, True]
    # the log shows who and when
    log = entities_app.dataframe[-1].value
    assert list(log["undone"]) == [False, True] and all(log["who"]) and all(log["when"])


def test_split_reject_and_add_on_the_entities_page(entities_app, data_dir):
    open_entity(entities_app, "person:vladimir-putin")
    entities_app.selectbox(key="entities_person:vladimir-putin_split").set_value("Putin")
    entities_app.text_input(key="entities_person:vladimir-putin_split_name").input(
        "President Putin"
    )
    entities_app.button(key="entities_split_go").click().run()
    assert not entities_app.exception, entities_app.exception
    names = set(table(entities_app)["entity"])
    assert {"President Putin", "Vladimir Putin"} <= names

    open_entity(entities_app, "gpe:ukraine")
    entities_app.selectbox(key="entities_reject").set_value("*").run()
    entities_app.button(key="entities_reject_go").click().run()
    assert "Ukraine" not in set(table(entities_app)["entity"])

    entities_app.text_input(key="entities_add_text").input("satellites")
    entities_app.selectbox(key="entities_add_type").set_value("PRODUCT")
    entities_app.button(key="entities_add_go").click().run()
    assert not entities_app.exception, entities_app.exception
    row = table(entities_app).set_index("entity").loc["satellites"]
    assert (row["type"], row["mentions"]) == ("PRODUCT", 1)
    assert [c.action for c in stored(data_dir)] == ["split", "reject", "add"]


def test_reader_correction_controls(data_dir):
    at = new_app()
    at.run()
    at.switch_page("pages/reader.py").run()
    at.selectbox(key="entity").set_value("gpe:moscow").run()
    at.selectbox(key="reader_merge").set_value("gpe:russia").run()
    at.button(key="reader_merge_go").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="entity").value == "gpe:russia"
    html = "".join(block.proto.body for block in at.get("html"))
    assert 'title="GPE · Moscow"' not in html

    # one span is not an entity, in this article only
    at.selectbox(key="entity").set_value("gpe:china").run()
    [site] = at.selectbox(key="reader_reject").options[1:]
    at.selectbox(key="reader_reject").set_value(at.selectbox(key="reader_reject").options[1])
    at.button(key="reader_reject_go").click().run()
    assert not at.exception, at.exception
    assert "China" not in reader_entities(at)
    assert site

    # a missed entity, selected by its sentence
    analysis_sentences = at.selectbox(key="reader_add_sentence").options
    assert analysis_sentences[0] == "every occurrence"
    at.text_input(key="reader_add_text").input("thermonuclear warhead designs")
    at.selectbox(key="reader_add_type").set_value("PRODUCT")
    sentence = next(
        o for o in analysis_sentences if "thermonuclear" in o and not o.startswith("every")
    )
    at.selectbox(key="reader_add_sentence").set_value(int(sentence.split(":")[0]))
    at.button(key="reader_add_go").click().run()
    assert not at.exception, at.exception
    html = "".join(block.proto.body for block in at.get("html"))
    assert 'title="PRODUCT · thermonuclear warhead designs"' in html
    corrections = stored(data_dir)
    assert [c.action for c in corrections] == ["merge", "reject", "add"]
    assert corrections[1].article_id and corrections[1].start >= 0
    assert corrections[2].article_id and corrections[2].start >= 0

    # split an alias out in this article
    at.selectbox(key="entity").set_value("person:kim-jong-un").run()
    at.selectbox(key="reader_person:kim-jong-un_split").set_value("Kim")
    at.button(key="reader_split_go").click().run()
    assert not at.exception, at.exception
    assert "Kim" in reader_entities(at)


def reader_entities(at) -> list[str]:
    """The names in the first column of the Reader's entity table (escaped HTML)."""
    (table,) = [b.proto.body for b in at.get("html") if 'class="entity-table"' in b.proto.body]
    return [html.unescape(name) for name in re.findall(r"<tr><td[^>]*>([^<]*)</td>", table)]


def test_corrections_signed_with_the_author_field(entities_app, data_dir):
    entities_app.text_input(key="correction_author_field").input("Ada").run()
    open_entity(entities_app, "gpe:china")
    entities_app.text_input(key="entities_gpe:china_rename").input("People's Republic of China")
    entities_app.button(key="entities_rename_go").click().run()
    assert [c.author for c in stored(data_dir)] == ["Ada"]


def test_a_lone_short_name_shows_its_candidate_and_merges_when_confirmed(data_dir):
    at = new_app()
    at.run()  # seeds the store
    store = Store(data_dir / "articles.sqlite")
    add_document(store, Document("Stalin was not mentioned. Kang spoke to reporters.", "k.txt"))
    store.close()
    at.switch_page("pages/entities.py").run()
    assert not at.exception, at.exception
    candidates = at.dataframe[1].value
    row = candidates.set_index("short name").loc["Kang"]
    assert row["could be"] == "Kang Dae-sik"
    lone = at.dataframe[0].value.set_index("entity").loc["Kang", "id"]
    open_entity(at, lone)
    assert "may be: Kang Dae-sik" in at.warning[0].value.replace("\\", "")
    at.button(key="confirm_link").click().run()
    assert not at.exception, at.exception
    kang = at.dataframe[0].value.set_index("entity").loc["Kang Dae-sik"]
    assert (kang["articles"], kang["mentions"]) == (2, 2)


def test_a_long_entity_list_is_paginated(data_dir):
    from analysis.extract.pipeline import PIPELINE_VERSION
    from analysis.ingest.library import SEEDED_KEY, materialise
    from analysis.records import Analysis, Article, Entity, Mention, Sentence

    names = [f"Person{n:03d} Example" for n in range(300)]
    text = " ".join(f"{name} spoke." for name in names)
    starts = [text.index(f"{name} spoke.") for name in names]
    ids = [f"person:person{n:03d}-example" for n in range(300)]
    mentions = [
        Mention(s, s + len(n), n, "PERSON", 0, i)
        for s, n, i in zip(starts, names, ids, strict=True)
    ]
    mentions += [mentions[0]] * 2  # the first is the most mentioned: listed first
    store = Store(data_dir / "articles.sqlite")
    store.set_setting(SEEDED_KEY, "test")  # no seed article
    analysis = Analysis(
        PIPELINE_VERSION,
        [Sentence(0, 0, len(text), text)],
        mentions,
        [Entity(i, n, "PERSON", 1) for i, n in zip(ids, names, strict=True)],
    )
    store.add(Article("a1", text, title="Crowd"), analysis)
    materialise(store)
    store.close()
    at = new_app()
    at.run()
    at.switch_page("pages/entities.py").run()
    assert not at.exception, at.exception
    assert len(table(at)) == 250 and table(at)["entity"].iloc[0] == "Person000 Example"
    assert "300 entities, most mentioned first · showing 1–250" in [c.value for c in at.caption]
    assert len(at.selectbox(key="open_entity").options) == 1 + 250  # those of the page
    at.number_input(key="entity_page").set_value(2).run()
    assert list(table(at)["entity"]) == names[250:]
    assert any("showing 251–300" in c.value for c in at.caption)
    at.text_input(key="entity_search").input("Person29").run()  # one page: no page box
    assert list(table(at)["entity"]) == names[290:]
    assert not at.number_input and not at.exception
