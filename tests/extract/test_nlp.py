"""Long texts are parsed in paragraph-aligned chunks and joined into one Parsed: the joined
record must be the one a single Doc of the whole text gives (same tokens, offsets, heads,
sentences, entities), so every extractor downstream sees no seam."""

from dataclasses import replace

import pytest

from analysis.extract import nlp
from analysis.extract.pipeline import analyze

PARAGRAPHS = [
    "Leaders meet in Vienna",
    "Angela Merkel met Emmanuel Macron in Vienna on Monday, officials said.",
    '"We will not give up on the budget," Merkel told reporters after the talks.',
    "Olaf Scholz arrived later from Berlin and joined the second session at noon.",
    '"The next round starts in March,',
    '"and it will be held in Rome," Macron said, smiling.',
    "Giorgia Meloni welcomed the plan in a statement on Tuesday.",
    "According to the European Commission, the budget grows by two percent next year.",
]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"


def whole(monkeypatch, text: str = TEXT, title: str | None = None):
    """The analysis with every text in one chunk (one spaCy Doc)."""
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 10_000_000)
    return analyze(text, "2024-03-04", title)


def in_chunks(monkeypatch, size: int, text: str = TEXT, title: str | None = None):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", size)
    return analyze(text, "2024-03-04", title)


@pytest.mark.parametrize(
    ("text", "size", "pieces"),
    [
        # blank lines first: the cut falls after the white space between paragraphs
        (
            "One two.\n\nThree four.\n\nFive six.",
            20,
            ["One two.\n\n", "Three four.\n\n", "Five six."],
        ),
        (
            "One two.\n\nThree four five six seven.",
            20,
            ["One two.\n\n", "Three four five ", "six seven."],
        ),
        # one paragraph: at a line break, else a sentence's end, else any space
        ("Aaaa bbbb cccc\ndddd eeee ffff gggg", 20, ["Aaaa bbbb cccc\n", "dddd eeee ffff gggg"]),
        ("Aa bb. Cc dd ee. Ff gg hh ii", 20, ["Aa bb. Cc dd ee. ", "Ff gg hh ii"]),
        ("Aaaa bbbb cccc dddd eeee", 12, ["Aaaa bbbb ", "cccc dddd ", "eeee"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("Short text.", 100, ["Short text."]),
        ("", 100, [""]),
        ("Ends in blank lines.\n\n\n\n", 22, ["Ends in blank lines.\n\n\n\n"]),
    ],
)
def test_chunks_are_cut_between_paragraphs_first(text, size, pieces):
    bounds = nlp.chunk_bounds(text, size)
    assert [text[start:end] for start, end in bounds] == pieces
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False))


def test_every_chunk_of_a_news_text_ends_at_a_paragraph_break():
    bounds = nlp.chunk_bounds(TEXT, 160)
    assert len(bounds) > 3
    assert all(TEXT[start:end].endswith("\n\n") for start, end in bounds[:-1])


@pytest.mark.parametrize("size", [80, 160, 400])
def test_joined_chunks_are_each_chunk_parsed_alone_at_its_place(monkeypatch, size):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", size)
    bounds = nlp.chunk_bounds(TEXT)
    joined = nlp.parse(TEXT)
    assert len(bounds) > 1
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 10_000_000)
    tokens, sentences, entities = [], [], []
    for start, end in bounds:
        alone = nlp.parse(TEXT[start:end])
        first_token, first_sentence = len(tokens), len(sentences)
        tokens += [
            replace(t, i=t.i + first_token, head=t.head + first_token, start=t.start + start,
                    end=t.end + start, sentence=t.sentence + first_sentence)
            for t in alone.tokens
        ]  # fmt: skip
        sentences += [
            replace(s, index=s.index + first_sentence, start=s.start + start, end=s.end + start)
            for s in alone.sentences
        ]
        entities += [replace(e, start=e.start + start, end=e.end + start) for e in alone.entities]
    assert joined.tokens == tokens
    assert joined.sentences == sentences
    assert joined.entities == entities
    assert joined.text == TEXT
    for token in joined.tokens:
        assert TEXT[token.start : token.end] == token.text
    for sentence in joined.sentences:
        assert TEXT[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("size", [80, 160, 400])
def test_chunks_keep_the_tokens_of_the_whole_text(monkeypatch, size):
    """Tokens do not depend on context: the same words at the same offsets (what the
    statistical models make of a word near a cut may differ, as near any paragraph)."""
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 10_000_000)
    single = nlp.parse(TEXT)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", size)
    chunked = nlp.parse(TEXT)
    assert [(t.i, t.text, t.start, t.end) for t in chunked.tokens] == [
        (t.i, t.text, t.start, t.end) for t in single.tokens
    ]


@pytest.mark.parametrize("size", [86, 120, 300])
def test_quotes_across_chunk_boundaries_are_neither_lost_nor_doubled(monkeypatch, size):
    found = in_chunks(monkeypatch, size, title=PARAGRAPHS[0])
    bounds = nlp.chunk_bounds(TEXT)
    # every chunk ends a paragraph, and the quote's two paragraphs are in two chunks
    assert all(TEXT[start:end].endswith("\n\n") for start, end in bounds[:-1])
    assert TEXT.index('"and it will') in {start for start, _ in bounds}
    direct = [(q.speaker, q.quote) for q in found.quotes if q.kind == "direct"]
    assert direct == [
        ("Merkel" if size != 86 else "Angela Merkel", '"We will not give up on the budget,"'),
        ("Emmanuel Macron", '"The next round starts in March,'),
        ("Emmanuel Macron", '"and it will be held in Rome,"'),
    ]  # a quotation over two paragraphs is one quote per paragraph, of one speaker
    spans_found = [(m.start, m.end) for m in found.mentions]
    assert len(spans_found) == len(set(spans_found))
    assert [m.text for m in found.mentions if m.type == "GPE"][:4] == [
        "Vienna", "Vienna", "Berlin", "Rome"
    ]  # fmt: skip


@pytest.mark.parametrize("size", [290, 330])
def test_chunked_analysis_finds_what_the_whole_one_finds(monkeypatch, size):
    """Cut where the model reads each side as it reads the whole text: the same mentions,
    entities, quotes, dates and events at the same places, the multi-paragraph quote's two
    pieces with one speaker. (Sentence numbers may differ: parsed whole, the quote's opening
    mark after the cut is a sentence of its own.)"""
    expected = whole(monkeypatch, title=PARAGRAPHS[0])
    found = in_chunks(monkeypatch, size, title=PARAGRAPHS[0])
    assert TEXT.index('"and it will') in {start for start, _ in nlp.chunk_bounds(TEXT)}

    def placed(analysis):
        return (
            [(m.start, m.end, m.text, m.type, m.entity_id) for m in analysis.mentions],
            analysis.entities,
            [
                (q.speaker, q.speaker_entity_id, q.quote, q.kind, q.start, q.end)
                for q in analysis.quotes
            ],
            [(d.text, d.start, d.value) for d in analysis.dates],
            [(e.date, e.description, sorted(e.actors)) for e in analysis.events],
        )

    assert placed(found) == placed(expected)


def test_progress_hears_of_every_chunk_up_to_the_whole_text(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 120)
    heard = []
    nlp.parse(TEXT, progress=lambda done, total: heard.append((done, total)))
    assert len(heard) == len(nlp.chunk_bounds(TEXT)) > 3
    assert heard[-1] == (len(TEXT), len(TEXT))
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_many_texts_are_parsed_in_order_each_joined_from_its_chunks(monkeypatch):
    texts = [TEXT, "Olaf Scholz visited Paris.", TEXT.replace("Vienna", "Madrid")]
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 150)
    single = [nlp.parse(t) for t in texts]
    joined = list(nlp.parse_many(((t, t) for t in texts), batch_size=3))
    assert [p.text for p in joined] == texts
    assert [p.tokens for p in joined] == [p.tokens for p in single]
    assert [p.sentences for p in joined] == [p.sentences for p in single]
    assert [p.entities for p in joined] == [p.entities for p in single]
