"""Full-text search: the query language, the index kept in step with every change on both
backends (add, edit, re-analyse, delete, corrections, the migration of an older store),
filters, ranking, snippets and the hits the Reader marks."""

import pytest

from analysis.corpus import corrections as C
from analysis.corpus import search
from analysis.corpus.search import Filters, QueryError, Term, parse_query
from analysis.ingest.library import add_document, edit_metadata, reanalyse, save_correction
from analysis.ingest.readers import Document
from analysis.store import HEAD, Store, aggregates, migrations
from analysis.store.rows import Rows
from tests.store.test_core import location  # noqa: F401 - the fixture over both backends

HARBOUR = (
    "Port workers in Valmora walked out on Tuesday. Dario Fenwick, the union leader in Valmora, "
    'said "the negotiations are over until the harbour authority listens." The harbour '
    "authority said talks would resume."
)
BUDGET = (
    "The city council of Brackwater approved the budget on Monday. Mayor Ilse Tornquist said "
    "the harbour fund would grow. Dario Fenwick called the budget a betrayal."
)
FESTIVAL = (
    "The Brackwater film festival opened with a documentary about lighthouse keepers. "
    "Organisers expect forty thousand visitors."
)
DOCUMENTS = [
    Document(HARBOUR, "harbour.txt", title="Dock strike in Valmora", source="Coast Wire",
             published="2024-02-06"),
    Document(BUDGET, "budget.txt", title="Brackwater budget approved", source="City Daily",
             published="2024-03-11"),
    Document(FESTIVAL, "festival.txt", title="Premiere night at the Lido", source="Coast Wire",
             published="2024-05-02"),
]  # fmt: skip


# -- the query language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("harbour", "harbour"),
        ("  harbour   strike ", "harbour strike"),
        ('"harbour authority"', '"harbour authority"'),
        ('"  harbour   authority "', '"harbour authority"'),
        ("strike OR walkout", "strike OR walkout"),
        ("union strike OR walkout", "union strike OR walkout"),
        ("a OR b OR c d", "a OR b OR c d"),
        ("strike -festival", "strike -festival"),
        ('strike -"film festival"', 'strike -"film festival"'),
        ("strike NOT festival", "strike -festival"),
        ("negotiat*", "negotiat*"),
        ("Negotiat*", "negotiat*"),
        ("harbour AND strike", "harbour strike"),
        ("harbour harbour", "harbour"),
        ("or harbour", "or harbour"),  # only OR in capitals is the operator
        ("Fenwick's union", "Fenwick's union"),
        ('union"harbour authority"', 'union "harbour authority"'),
        ("", ""),
        ("   ", ""),
    ],
)
def test_queries_are_read_as_typed(typed, read):
    assert parse_query(typed).show() == read


def test_or_binds_closer_than_and_and_exclusions_stand_apart():
    query = parse_query('union strike OR "walk out" -festival')
    assert query.groups == (
        (Term("word", "union"),),
        (Term("word", "strike"), Term("phrase", "walk out")),
    )
    assert query.excluded == (Term("word", "festival"),)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('"harbour authority', "quotation mark is not closed"),
        ('strike "', "quotation mark is not closed"),
        ('""', "empty phrase"),
        ('" , "', "empty phrase"),
        ("-festival", "cannot only leave words out"),
        ('-"film festival" -strike', "cannot only leave words out"),
        ("- festival strike", "without a space"),
        ("strike -", "without a space"),
        ("OR strike", "OR goes between"),
        ("strike OR OR walkout", "OR goes between"),
        ("strike -festival OR walkout", "OR goes between"),
        ("strike OR", "OR needs a word"),
        ("strike OR -festival", "cannot offer a left-out term"),
        ("n*", "at least 2 letters"),
        ("*", "at least 2 letters"),
        ("har-b*", "at least 2 letters"),
        ("ne*go", "at the end of a word"),
        ('"harbour authority"*', "not of a phrase"),
        ("!!!", "no letters or digits"),
        ("NOT", "NOT must be followed"),
        ("strike NOT OR walkout", "NOT must be followed"),
        ("strike NOT NOT walkout", "NOT NOT"),
    ],
)
def test_bad_syntax_gets_a_clear_message(typed, message):
    with pytest.raises(QueryError, match=message):
        parse_query(typed)


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("harbour", '(("harbour"))'),
        ('"harbour authority" -festival', '(("harbour authority")) NOT ("festival")'),
        ("strike OR walkout union", '(("strike" OR "walkout") AND ("union"))'),
        ("negotiat*", '(("negotiat" * OR "negotia" OR "negoti"))'),
        ("neg*", '(("neg" *))'),
        ("title:harbour NEAR(x)", '(("title:harbour") AND ("NEAR(x)"))'),  # no FTS5 syntax
    ],
)
def test_fts5_expressions_quote_every_term(typed, expression):
    assert search.fts5_expression(parse_query(typed)) == expression


def test_postgresql_queries_use_websearch_and_prefix_tsqueries():
    sql, params = search.pg_tsquery(parse_query('"harbour authority" OR negotiat* -festival'))
    assert sql == (
        "((websearch_to_tsquery('english', ?) || (to_tsquery('english', ?) "
        "|| to_tsquery('simple', ?))) && !!websearch_to_tsquery('english', ?))"
    )
    assert params == ['"harbour authority"', "negotiat:*", "negotia | negoti", "festival"]


@pytest.mark.parametrize(
    ("marked", "plain", "spans"),
    [
        ("no hits", "no hits", []),
        (
            "\ue000Kim Jong Un\ue001 met \ue000Putin\ue001.",
            "Kim Jong Un met Putin.",
            [(0, 11), (16, 21)],
        ),
        ("a \ue000\ue001 b", "a  b", []),  # an empty mark is no hit
        ("dangling \ue001 end \ue000open", "dangling  end open", []),
    ],
)
def test_marks_become_spans_of_the_plain_text(marked, plain, spans):
    assert search.unmark(marked) == (plain, spans)


@pytest.mark.parametrize(
    ("query", "marks", "hits"),
    [
        # PostgreSQL marks 'Bank' and 'England' (not the stop word) and 'bank' on its own
        ('"bank of england"', [(0, 4), (8, 15), (25, 29)], [(0, 15)]),
        ("bank", [(0, 4), (25, 29)], [(0, 4), (25, 29)]),
        ('"bank of england" rates', [(0, 4), (8, 15), (16, 21), (25, 29)], [(0, 21), (25, 29)]),
    ],
)
def test_postgresql_marks_are_grouped_into_phrase_hits(query, marks, hits):
    text = "Bank of England rates. A bank."
    assert search._phrase_runs(parse_query(query), marks, text) == hits


# -- the index on both backends -----------------------------------------------------------


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    ids = [add_document(store, document)[1] for document in DOCUMENTS]
    store.ids = dict(zip(("harbour", "budget", "festival"), ids, strict=True))
    yield store
    store.close()


def found(store, query, filters: Filters | None = None) -> list[str]:
    """The names of the articles found, best first."""
    names = {v: k for k, v in store.ids.items()}
    return [names.get(i, i) for i in search.matching_ids(store, query, filters or Filters())]


def index_rows(store) -> int:
    if store.dialect == "postgresql":
        return store.query("SELECT COUNT(*) FROM articles WHERE search_vector IS NOT NULL")[0][0]
    return store.query("SELECT COUNT(*) FROM search_fts")[0][0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", ["harbour", "budget"]),
        ('"harbour authority"', ["harbour"]),
        ('"authority harbour"', []),
        ("harbour -budget", ["harbour"]),
        ("harbour -Tornquist", ["harbour"]),
        ("lighthouse OR Tornquist", ["budget", "festival"]),
        ("negotiat*", ["harbour"]),  # the index holds 'negoti' for 'negotiations'
        ("negotiation", ["harbour"]),  # stems
        ("Brackw*", ["budget", "festival"]),
        ("budget", ["budget"]),
        ("walkout", []),
    ],
)
def test_queries_find_what_they_say(store, query, expected):
    assert sorted(found(store, query)) == sorted(expected)


def test_a_title_hit_ranks_first_and_results_page(store):
    # 'Brackwater' is in the budget article's title and text, in the festival's text
    assert found(store, "Brackwater") == ["budget", "festival"]
    results = search.search(store, "Brackwater", limit=1)
    assert results.total == 2 and [h.article_id for h in results.hits] == [store.ids["budget"]]
    second = search.search(store, "Brackwater", offset=1, limit=1)
    assert [h.article_id for h in second.hits] == [store.ids["festival"]]
    assert search.search(store, "Brackwater", offset=5).hits == []


def test_a_result_has_marked_title_and_snippet_and_where_its_hit_is(store):
    (hit,) = search.search(store, '"harbour authority"').hits
    assert (hit.source, hit.published, hit.title) == (
        "Coast Wire",
        "2024-02-06",
        DOCUMENTS[0].title,
    )
    plain, spans = search.unmark(hit.snippet)
    assert [plain[s:e].lower() for s, e in spans][:1] == ["harbour authority"]
    assert HARBOUR[hit.at : hit.at + 17].lower() == "harbour authority"
    (titled,) = search.search(store, "strike").hits
    assert search.unmark(titled.title)[0] == "Dock strike in Valmora"
    assert search.unmark(titled.title)[1] == [(5, 11)]
    assert titled.at is None  # the text has no 'strike': only its title


def test_the_reader_marks_every_hit_of_the_text(store):
    spans = search.hit_spans(store, store.ids["harbour"], '"harbour authority" union')
    assert [HARBOUR[s:e] for s, e in spans] == ["union", "harbour authority", "harbour authority"]
    assert search.hit_spans(store, store.ids["festival"], "harbour") == []
    assert search.hit_spans(store, store.ids["harbour"], "") == []


def test_mentions_are_counted_per_article(store):
    ids = [store.ids["harbour"], store.ids["budget"]]
    assert search.mention_counts(store, "harbour", ids) == {ids[0]: 2, ids[1]: 1}
    assert search.mention_counts(store, '"harbour authority"', ids) == {ids[0]: 2}


def test_an_added_article_is_found_and_indexed_once(store):
    assert index_rows(store) == 3
    _, new = add_document(store, Document("Lighthouse keepers in Valmora rang the bell.", "n.txt"))
    assert new in search.matching_ids(store, "Valmora lighthouse")
    assert index_rows(store) == 4


def test_an_edited_title_is_found_by_its_new_words_only(store):
    assert found(store, "Lido") == ["festival"]
    edit_metadata(store, store.ids["festival"], title="Cinema week starts")
    assert found(store, "cinema") == ["festival"]
    assert found(store, "Lido") == []
    assert found(store, '"cinema week"') == ["festival"]
    assert found(store, "lighthouse") == ["festival"]  # its text as before
    assert index_rows(store) == 3


def test_a_reanalysed_article_stays_found_once(store):
    assert reanalyse(store, store.ids["harbour"])
    assert found(store, '"harbour authority"') == ["harbour"]
    assert search.search(store, "Valmora").total == 1
    assert index_rows(store) == 3


def test_a_deleted_article_is_found_no_more(store):
    store.delete(store.ids["harbour"])
    assert found(store, "harbour") == ["budget"]
    assert found(store, "negotiat*") == []
    assert index_rows(store) == 2
    assert search.hit_spans(store, store.ids["harbour"], "harbour") == []


def test_entity_names_with_corrections_are_searched(store):
    analysis = store.analysis(store.ids["budget"])
    mayor = next(e for e in analysis.entities if e.name == "Ilse Tornquist")
    save_correction(store, C.rename(mayor, "Ilse Marta Tornquist"), "test", "now")
    # 'Marta' is in no text or title: the article is found by its entity's corrected name
    assert found(store, "Marta") == ["budget"]
    (hit,) = search.search(store, "Marta").hits
    assert hit.snippet.startswith("Names: ") and search.HIT_START in hit.snippet
    assert hit.at is None


def test_an_older_store_gets_its_index_from_the_migration(location, monkeypatch):  # noqa: F811
    # the store as the version before search left it: no index, no names written
    upgrade = migrations.upgrade
    monkeypatch.setattr(migrations, "upgrade", lambda db: upgrade(db, "0011"))
    monkeypatch.setattr(Rows, "_index_entity_names", lambda *args: None)
    # nor the tables of the later revisions (the aggregates) that adding writes to
    monkeypatch.setattr(aggregates, "apply", lambda *args: None)
    older = Store(location)
    assert older.schema_revision == "0011"
    ids = [add_document(older, document)[1] for document in DOCUMENTS]
    older.close()
    monkeypatch.undo()
    upgraded = Store(location)
    try:
        assert upgraded.schema_revision == HEAD
        assert set(search.matching_ids(upgraded, "harbour")) == set(ids[:2])
        assert search.matching_ids(upgraded, "Tornquist") == [ids[1]]
        # the names came from the stored entity rows: a canonical name not in the text
        names = upgraded.query("SELECT search_names FROM articles WHERE article_id = ?", [ids[0]])
        assert "Dario Fenwick" in names[0][0]
        if upgraded.dialect == "postgresql":  # the vectors stay in the rows (ranking speed)
            storage = upgraded.query(
                """SELECT attstorage FROM pg_attribute
                   WHERE attrelid = 'articles'::regclass AND attname = 'search_vector'"""
            )
            assert storage[0][0] == "m"
        upgraded.delete(ids[0])  # the triggers (SQLite) work on the built index
        assert search.matching_ids(upgraded, "harbour") == [ids[1]]
    finally:
        upgraded.close()


# -- filters ----------------------------------------------------------------------------


def entity_id(store, name: str) -> str:
    for article_id in store.ids.values():
        for entity in store.analysis(article_id).entities:
            if entity.name == name:
                return entity.entity_id
    raise KeyError(name)


def test_filters_by_source_and_dates(store):
    assert sorted(found(store, "Brackwater", Filters(sources=("Coast Wire",)))) == ["festival"]
    assert found(store, "", Filters(since="2024-03-01")) == ["festival", "budget"]  # newest first
    assert found(store, "", Filters(since="2024-02-06", until="2024-03-11")) == [
        "budget",
        "harbour",
    ]
    assert found(store, "harbour", Filters(until="2024-02-28")) == ["harbour"]


def test_filters_by_entities_any_or_all_and_type(store):
    fenwick, tornquist = entity_id(store, "Dario Fenwick"), entity_id(store, "Ilse Tornquist")
    assert sorted(found(store, "", Filters(entities=((fenwick,),)))) == ["budget", "harbour"]
    both = Filters(entities=((fenwick,), (tornquist,)))
    assert found(store, "", both) == ["budget"]
    either = Filters(entities=((fenwick,), (tornquist,)), any_entity=True)
    assert sorted(found(store, "", either)) == ["budget", "harbour"]
    assert found(store, "harbour", Filters(entities=((tornquist,),))) == ["budget"]
    people = {e.type for e in store.analysis(store.ids["festival"]).entities}
    assert "PERSON" not in people
    assert "festival" not in found(store, "", Filters(types=("PERSON",)))


def test_filters_by_speaker(store):
    fenwick = entity_id(store, "Dario Fenwick")
    speakers = {q.speaker_entity_id for q in store.analysis(store.ids["harbour"]).quotes}
    assert fenwick in speakers
    assert "harbour" in found(store, "", Filters(speakers=(fenwick,)))
    assert found(store, "", Filters(speakers=("person:nobody",))) == []


def test_bad_query_syntax_raises_only_query_error(store):
    with pytest.raises(QueryError):
        search.search(store, '"harbour')
    with pytest.raises(QueryError, match="at the end of a word"):
        search.search(store, "harbour) OR (*:x")
    # hostile text is text: FTS5 and tsquery syntax typed is searched as words
    assert search.search(store, "harbour) OR (x:y & !z").total == 0
    assert search.search(store, "harbour: authority^ &").total == 1
    assert search.search(store, "'; DROP TABLE articles; --").total == 0
    assert store.article_count() == 3


def test_only_common_words_on_postgresql_get_a_message(store):
    if store.dialect != "postgresql":
        assert search.search(store, "the").total == 3  # FTS5 keeps every word
        return
    with pytest.raises(QueryError, match="very common words"):
        search.search(store, "the of")


def test_results_download_as_a_table(store):
    table = search.results_frame(store, "harbour")
    assert list(table.columns) == [
        "rank", "title", "source", "published", "article_id", "url", "snippet"
    ]  # fmt: skip
    assert list(table["rank"]) == [1, 2]
    assert "«harbour»" in table.iloc[0]["snippet"].lower()
    assert search.HIT_START not in "".join(table["snippet"])
