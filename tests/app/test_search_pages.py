"""AppTest of the Search, Batch search and Entity dossier pages, and of the Reader opened
from a search result (a store seeded with the seed article and three invented ones)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import corrections as C
from analysis.ingest.library import add_documents, open_library, save_correction
from analysis.store import DB_FILE, Store
from tests.conftest import ROOT
from tests.corpus.test_search import BUDGET, DOCUMENTS, HARBOUR


@pytest.fixture
def corpus(data_dir):
    store = open_library()
    add_documents(store, DOCUMENTS)
    ids = {row["file"]: row["article_id"] for row in store.article_summaries()}
    store.close()
    return ids


def app_at(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def html_of(at) -> str:
    return "".join(block.proto.body for block in at.get("html"))


def results(at) -> list[dict]:
    """The results shown: title, link and marked words of each."""
    found = []
    for block in re.findall(r'<div class="search-result">.*?</div></div>', html_of(at)):
        link = unescape(re.search(r'href="([^"]*)"', block).group(1))
        title = re.sub(r"<[^>]+>", "", re.search(r"<a [^>]*>(.*?)</a>", block).group(1))
        hits = re.findall(r'<mark class="hit">([^<]*)</mark>', block)
        found.append({"title": unescape(title), "link": link, "hits": list(map(unescape, hits))})
    return found


def caption_text(at) -> str:
    return " ".join(c.value.replace("\\", "") for c in at.caption)


# -- Search ---------------------------------------------------------------------------------


def test_a_phrase_finds_ranked_results_with_marked_snippets_and_reader_links(corpus):
    at = app_at("pages/search.py")
    at.text_input(key="search_q").set_value('"harbour authority" OR Brackwater').run()
    assert not at.exception, at.exception
    assert "3 article(s) match" in caption_text(at)
    shown = results(at)
    assert [r["title"] for r in shown][0] == "Dock strike in Valmora"
    assert {h.lower() for h in shown[0]["hits"]} == {"harbour authority"}
    link = urlsplit(shown[0]["link"])
    params = parse_qs(link.query)
    assert link.path == "reader" and params["article"] == [corpus["harbour.txt"]]
    assert params["q"] == ['"harbour authority" OR Brackwater']
    offset = int(params["hit"][0])
    assert HARBOUR[offset : offset + 17].lower() == "harbour authority"
    assert at.query_params["q"] == '"harbour authority" OR Brackwater'  # a shareable URL
    assert any(b.label.startswith("Download all 3 results") for b in at.get("download_button"))


def test_bad_syntax_gets_a_message_and_no_results(corpus):
    at = app_at("pages/search.py")
    at.text_input(key="search_q").set_value('"harbour authority').run()
    assert not at.exception, at.exception
    assert "quotation mark is not closed" in at.error[0].value.replace("\\", "")
    assert results(at) == []


def test_filters_narrow_the_results(corpus):
    at = app_at("pages/search.py")
    at.text_input(key="search_q").set_value("Brackwater").run()
    assert {r["title"] for r in results(at)} == {"Brackwater budget approved",
                                                 "Premiere night at the Lido"}  # fmt: skip
    at.multiselect(key="search_sources").set_value(["Coast Wire"]).run()
    assert [r["title"] for r in results(at)] == ["Premiere night at the Lido"]
    at.multiselect(key="search_sources").set_value([]).run()
    at.text_input(key="search_entities_words").set_value("tornquist").run()
    (tornquist,) = at.multiselect(key="search_entities").options
    assert tornquist.startswith("Ilse Tornquist (PERSON")
    at.multiselect(key="search_entities").set_value(["person:ilse-tornquist"]).run()
    assert not at.exception, at.exception
    assert [r["title"] for r in results(at)] == ["Brackwater budget approved"]


def test_a_link_with_an_entity_lists_the_articles_naming_it(corpus):
    at = app_at("pages/search.py", q="", entity="person:dario-fenwick")
    assert {r["title"] for r in results(at)} == {"Dock strike in Valmora",
                                                 "Brackwater budget approved"}  # fmt: skip
    assert "newest first" in caption_text(at)
    # the analyst changes what the link set: the link does not set it again
    at.multiselect(key="search_entities").set_value([]).run()
    at.text_input(key="search_q").set_value("budget").run()
    at.run()  # the URL now says q=budget
    assert at.multiselect(key="search_entities").value == []
    assert [r["title"] for r in results(at)] == ["Brackwater budget approved"]


def test_the_reader_opens_at_the_hit_with_every_hit_marked(corpus):
    offset = HARBOUR.index("harbour authority")
    at = app_at("pages/reader.py", article=corpus["harbour.txt"], q='"harbour authority"',
                hit=str(offset))  # fmt: skip
    html = html_of(at)
    marked = re.findall(r'<mark class="hit">([^<]*)</mark>', html)
    assert [m.lower() for m in marked] == ["harbour authority", "harbour authority"]
    focused = re.findall(r'class="sentence kind-\w+ focus" id="sentence-(\d+)"', html)
    assert focused == [str(sentence_at(corpus["harbour.txt"], offset))]
    assert "2 hit(s) marked in the text" in caption_text(at)


def sentence_at(article_id: str, offset: int) -> int:
    import os

    store = Store(os.path.join(os.environ["NEWSDASH_DATA_DIR"], DB_FILE))
    try:
        return next(
            s.index for s in store.analysis(article_id).sentences if s.start <= offset < s.end
        )
    finally:
        store.close()


# -- Batch search ---------------------------------------------------------------------------


def test_a_pasted_list_gets_a_row_per_term(corpus):
    at = app_at("pages/batch.py")
    at.text_area(key="batch_text").set_value(
        "Dario Fenwick\nharbour authority\n\nNobody Atall\ndario fenwick"
    ).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value.set_index("term")
    assert list(table.index) == ["Dario Fenwick", "harbour authority", "Nobody Atall"]
    fenwick = table.loc["Dario Fenwick"]
    assert (fenwick["articles"], fenwick["mentions"]) == (2, 2)
    assert (fenwick["first_published"], fenwick["last_published"]) == ("2024-02-06", "2024-03-11")
    assert "Dario Fenwick" not in fenwick["top_cooccurring"]  # itself is not its company
    assert "Ilse Tornquist (1)" in fenwick["top_cooccurring"]
    assert fenwick["results"] == "search?q=%22Dario+Fenwick%22"
    assert table.loc["harbour authority", "mentions"] == 2
    assert table.loc["Nobody Atall", "articles"] == 0
    assert "2 found, 1 not found" in caption_text(at)


def test_queries_per_line_and_an_uploaded_list(corpus):
    at = app_at("pages/batch.py")
    at.radio(key="batch_mode").set_value(at.radio(key="batch_mode").options[1]).run()
    at.text_area(key="batch_text").set_value('negotiat*\n"harbour').run()
    table = at.dataframe[0].value.set_index("term")
    assert table.loc["negotiat*", "articles"] == 1
    assert "quotation mark is not closed" in table.loc['"harbour', "problem"]
    assert "1 could not be read" in caption_text(at)


# -- Entity dossier -------------------------------------------------------------------------


def table_with(at, *columns):
    """The first table shown with these columns."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_the_dossier_gathers_everything_about_an_entity(corpus):
    at = app_at("pages/dossier.py", entity="person:dario-fenwick")
    assert "Dario Fenwick" in at.header[0].value
    assert "2 mention(s) in 2 article(s)" in caption_text(at)
    aliases = table_with(at, "alias")
    assert list(aliases["alias"]) == ["Dario Fenwick"]
    assert aliases["mentions"][0].endswith("evidence=alias%3ADario+Fenwick&n=2")
    assert aliases["articles"][0].endswith("evidence=alias%3ADario+Fenwick&n=2")  # every count
    articles = table_with(at, "source", "reader")
    assert set(articles["title"]) == {"Dock strike in Valmora", "Brackwater budget approved"}
    assert all(link.startswith("reader?article=") for link in articles["reader"])
    # quotes by kind: the direct quote and the stance apart
    assert "direct quotes: 1" in caption_text(at)
    assert "stances and beliefs (not speech): 1" in caption_text(at)
    kinds = {d.value["kind"].iloc[0]: d.value for d in at.dataframe if "quote" in d.value.columns}
    assert set(kinds) >= {"direct", "stance"}
    assert "negotiations are over" in kinds["direct"]["quote"].iloc[0]
    reader = f"reader?article={corpus['harbour.txt']}&sentence="
    assert kinds["direct"]["reader"].iloc[0].startswith(reader)
    assert "betrayal" in kinds["stance"]["quote"].iloc[0]
    periods = table_with(at, "period")
    assert list(periods["period"]) == ["2024-02", "2024-03"]
    named_with = table_with(at, "sentences", "dossier")
    assert named_with["dossier"].str.startswith("dossier?entity=").all()
    labels = [b.label for b in at.get("download_button")]
    for title in ("Names (aliases)", "Mentions over time", "Articles naming it", "What it said",
                  "Named with it most (in one sentence)"):  # fmt: skip
        assert f"{title} (CSV)" in labels


def test_a_count_opens_its_evidence_at_the_sentences(corpus):
    at = app_at("pages/dossier.py", entity="person:dario-fenwick",
                evidence="alias:Dario Fenwick", n="2")  # fmt: skip
    assert any("Evidence: 2 mentions written" in m.value for m in at.markdown)
    evidence = table_with(at, "sentence_text")
    assert len(evidence) == 2
    assert any("union leader" in s for s in evidence["sentence_text"])
    assert any("betrayal" in s for s in evidence["sentence_text"])
    assert evidence["reader"].str.match(r"reader\?article=\w+&sentence=\d+$").all()


def test_the_dossier_shows_the_corrections_behind_an_alias(corpus, data_dir):
    store = Store(data_dir / DB_FILE)
    analysis = store.analysis(corpus["budget.txt"])
    mayor = next(e for e in analysis.entities if e.name == "Ilse Tornquist")
    save_correction(store, C.add("the mayor", target=mayor), "analyst", "2024-06-01")
    store.close()
    assert "the mayor" not in BUDGET  # 'Mayor' is capitalised: the added alias finds nothing
    at = app_at("pages/dossier.py", entity=mayor.entity_id)
    table = table_with(at, "what", "by")
    assert "add “the mayor”" in table["what"][0] and table["by"][0] == "analyst"


def test_the_dossier_of_an_unknown_entity_says_so(corpus):
    at = app_at("pages/dossier.py", entity="person:nobody-atall")
    assert "No entity of the corpus has this id" in at.warning[0].value


def test_entity_names_on_other_pages_link_to_their_dossiers(corpus):
    entities = app_at("pages/entities.py")
    listed = table_with(entities, "entity", "dossier").set_index("entity")
    assert listed.loc["Dario Fenwick", "dossier"] == "dossier?entity=person%3Adario-fenwick"
    reader = app_at("pages/reader.py", article=corpus["budget.txt"])
    entity_table = next(h.proto.body for h in reader.get("html") if "entity-table" in h.proto.body)
    assert 'href="dossier?entity=person%3Ailse-tornquist"' in entity_table
    overview = app_at("pages/overview.py")
    assert "(dossier?entity=person%3Adario-fenwick)" in caption_text(overview)
    mentions = app_at("pages/mentions.py")
    together = table_with(mentions, "a_dossier", "b_dossier")
    assert together["a_dossier"].str.startswith("dossier?entity=").all()
