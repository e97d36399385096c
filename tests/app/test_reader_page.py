"""AppTest of the Reader page on a fresh store (seeded with the seed article)."""

import pytest
from streamlit.testing.v1 import AppTest

from analysis.output.highlight import markdown_escape
from tests.conftest import ROOT


@pytest.fixture
def app(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/reader.py").run()
    assert not at.exception, at.exception
    return at


def page_html(at) -> str:
    return "".join(block.proto.body for block in at.get("html"))


def test_reader_shows_the_seed_article_highlighted(app):
    assert app.title[0].value == "N Korea's Kim calls Putin 'closest comrade'"
    assert app.caption[0].value == markdown_escape("BBC News · 2024-10-08")
    html = page_html(app)
    assert html.count("<mark") > 50
    assert 'title="PERSON · Kim Jong Un"' in html


def test_picking_an_entity_marks_all_its_mentions_and_lists_its_sentences(app):
    app.selectbox(key="entity").set_value("person:kim-jong-un").run()
    assert not app.exception
    html = page_html(app)
    assert html.count('class="ent selected"') >= 2 * 12  # in the text and in the sentence list
    assert any("sentence(s) naming Kim Jong Un" in m.value for m in app.markdown)


def test_type_filter_limits_highlighting(app):
    app.multiselect(key="types").set_value(["PERSON"]).run()
    blocks = [b.proto.body for b in app.get("html")]
    text = next(b for b in blocks if 'class="ent' in b and '<div class="legend">' not in b)
    assert 'title="PERSON' in text and 'title="GPE' not in text
    (table,) = [b.proto.body for b in app.get("html") if 'class="entity-table"' in b.proto.body]
    assert ">PERSON</td>" in table and ">GPE</td>" not in table


def test_article_from_query_parameter(app, data_dir):
    from analysis.ingest.library import add_document
    from analysis.ingest.readers import Document
    from analysis.store import Store

    store = Store(data_dir / "articles.sqlite")
    _, article_id = add_document(
        store,
        Document("Angela Merkel spoke <script>alert(1)</script>.", "x.txt", title="<b>Hostile</b>"),
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["article"] = article_id
    at.switch_page("pages/reader.py").run()
    assert at.title[0].value == markdown_escape("<b>Hostile</b>")  # shown as typed
    assert "<script>alert(1)</script>" not in page_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html(at)


def test_a_large_store_lists_200_titles_and_finds_the_others(generated_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/reader.py").run()
    assert len(at.selectbox[0].options) == 200
    assert any(c.value.startswith("The first 200 of 301 articles") for c in at.caption)
    at.text_input(key="reader_find").set_value("NUMBER 299 ").run()  # any case, trimmed
    assert at.selectbox[0].options == ["Summit number 299 opens"]
    assert at.title[0].value == "Summit number 299 opens"
    at.text_input(key="reader_find").set_value("no such title").run()
    assert at.info[0].value == "No article title contains these words."


def test_the_entity_table_is_escaped_html(app, data_dir):
    from analysis.ingest.library import add_document
    from analysis.ingest.readers import Document
    from analysis.store import Store

    store = Store(data_dir / "articles.sqlite")
    _, article_id = add_document(
        store, Document("Angela <b>Merkel</b> spoke in Berlin on Monday.", "x.txt")
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["article"] = article_id
    at.switch_page("pages/reader.py").run()
    (table,) = [b.proto.body for b in at.get("html") if 'class="entity-table"' in b.proto.body]
    assert "<b>" not in table.split("</style>")[-1]
    assert "Berlin" in table
