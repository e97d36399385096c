"""The article HTML: every piece escaped, every mention marked."""

import re
from html import escape

import pytest

from analysis.output.highlight import entity_sentences, highlight_html, safe_link, table_html
from tests.conftest import analysed

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "&lt;already escaped&gt;",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_escaped(payload):
    text = f"Angela Merkel said {payload} in Berlin."
    analysis = analysed(text)
    html = highlight_html(text, analysis.sentences, analysis.mentions)
    body = html.split("</style>", 1)[1]
    assert "<script" not in body and "<img" not in body and "<svg" not in body
    visible = re.sub(r"<[^>]+>", "", body)
    import html as html_module

    assert payload in html_module.unescape(visible)


def test_hostile_names_in_tooltips_are_escaped():
    text = "Angela Merkel spoke."
    analysis = analysed(text)
    names = {analysis.mentions[0].entity_id: '"><script>x</script>'}
    html = highlight_html(text, analysis.sentences, analysis.mentions, names)
    assert "<script>x" not in html


def test_every_mention_is_marked_with_its_type():
    text = "Angela Merkel met Emmanuel Macron in Paris."
    analysis = analysed(text)
    html = highlight_html(text, analysis.sentences, analysis.mentions)
    assert html.count("<mark") == len(analysis.mentions) == 3
    assert 'title="GPE · Paris"' in html


def test_type_filter_and_selection():
    text = "Angela Merkel met Emmanuel Macron in Paris. Merkel left."
    analysis = analysed(text)
    merkel = next(e.entity_id for e in analysis.entities if e.name == "Angela Merkel")
    html = highlight_html(
        text, analysis.sentences, analysis.mentions, types={"PERSON"}, selected_entity=merkel
    )
    assert "GPE" not in html.split("</style>", 1)[1]
    assert html.count('class="ent selected"') == 2


def test_the_text_is_kept_whole():
    text = "First line\n\nAngela Merkel met Emmanuel Macron in Paris."
    analysis = analysed(text)
    html = highlight_html(text, analysis.sentences, analysis.mentions)
    visible = re.sub(r"<span class=\"ent-type\">[^<]*</span>", "", html.split("</style>", 1)[1])
    visible = re.sub(r"<br>", "\n", visible)
    assert re.sub(r"<[^>]+>", "", visible) == text


def test_entity_sentences_lists_sentences_of_all_aliases():
    analysis = analysed("Vladimir Putin spoke. It rained. Putin left.")
    putin = next(e.entity_id for e in analysis.entities if e.name == "Vladimir Putin")
    assert [s.text for s in entity_sentences(analysis, putin)] == [
        "Vladimir Putin spoke.",
        "Putin left.",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bbc.com/news/x", "https://www.bbc.com/news/x"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("", None),
        ("https://example.org/a (b)", "https://example.org/a%20%28b%29"),
    ],
)
def test_safe_link(url, expected):
    assert safe_link(url) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "<b>bold</b>",
        "# heading",
        "*x* _y_ `z`",
        "![img](http://x/y.png)",
    ],
)
def test_markdown_escape_leaves_no_markup(text):
    from analysis.output.highlight import markdown_escape

    escaped = markdown_escape(text)
    # no markdown or HTML character is left without its backslash
    assert not re.search(r"(?<!\\)[\[\]()<>#*_`!]", escaped)
    assert escaped.replace("\\", "") == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ('Kim said "hi" & left', 'Kim said "hi" &amp; left'),
        ("<a href='javascript:x'>y</a>", "&lt;a href='javascript:x'&gt;y&lt;/a&gt;"),
    ],
)
def test_plot_text_escapes_tags_and_keeps_quote_marks(text, expected):
    from analysis.output.highlight import plot_text

    assert plot_text(text) == expected


@pytest.mark.parametrize("payload", HOSTILE)
def test_table_cells_and_their_titles_are_escaped(payload):
    html = table_html(["entity", "mentions"], [(payload, 3)], numeric={"mentions"})
    body = html.split("</style>")[-1]
    assert "<script" not in body and "<img" not in body and "<svg" not in body
    assert escape(payload) in body
    assert f'title="{escape(payload, quote=True)}"' in body
    assert '<td class="n">3</td>' in body


def test_search_hits_are_marked_inside_and_around_entities():
    from tests.conftest import visible_text

    text = "Angela Merkel met the press in Berlin on Monday."
    analysis = analysed(text)
    # 'Merkel met' crosses the end of an entity; 'press' is plain text
    html = highlight_html(text, analysis.sentences, analysis.mentions, hits=[(7, 17), (22, 27)])
    body = html.split("</style>", 1)[1]
    marked = re.findall(r'<mark class="hit">([^<]*)</mark>', body)
    assert marked == ["Merkel", " met", "press"]
    assert visible_text(html) == text  # nothing added or lost


@pytest.mark.parametrize("payload", HOSTILE)
def test_marked_snippets_are_escaped(payload):
    from analysis.output.highlight import HIT_END, HIT_START, marked_html

    html = marked_html(f"before {HIT_START}{payload}{HIT_END} after {HIT_START}open")
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    import html as html_module

    assert payload in html_module.unescape(re.sub(r"<[^>]+>", "", html))
    assert html.count('<mark class="hit">') == 1  # the mark left open is not a hit
