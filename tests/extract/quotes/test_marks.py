"""Stage 1: paragraphs and quotation marks (analysis.extract.quotes.marks), on invented text."""

import pytest

from analysis.extract.quotes.marks import find_quotations, find_quote_spans, paragraphs


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will rebuild," she said.', ['"We will rebuild,"']),
        ("“We will rebuild,” she said.", ["“We will rebuild,”"]),
        ("``We will rebuild,'' she said.", ["``We will rebuild,''"]),
        # a quotation broken by its attribution: two segments
        ('"We will rebuild," she said. "It will take years."',
         ['"We will rebuild,"', '"It will take years."']),
        # a single-quoted headline phrase
        ("Mayor calls plan 'a disaster'", ["'a disaster'"]),
        # apostrophes are no quotation marks
        ("The mayor's plan isn't new.", []),
    ],
)  # fmt: skip
def test_quotation_spans(text, expected):
    assert quoted(text) == expected


def test_each_paragraph_of_a_long_quotation_is_its_own_span():
    text = "“The river rose at night.\n\n“By morning the town was gone,” he said."
    found = find_quotations(text)
    assert [text[q.start : q.end] for q in found] == [
        "“The river rose at night.",
        "“By morning the town was gone,”",
    ]
    assert [q.continues for q in found] == [False, True]


def test_separator_lines_are_no_paragraphs():
    # some feeds print " ." between paragraphs
    text = "First paragraph.\n .\nSecond paragraph."
    assert [text[s:e] for s, e in paragraphs(text)] == ["First paragraph.", "Second paragraph."]


@pytest.mark.parametrize("text", ['"', "“unclosed", 'a "b', "”reversed“", "'''"])
def test_unbalanced_marks_never_fail(text):
    find_quotations(text)
