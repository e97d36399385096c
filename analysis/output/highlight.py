"""The article text as HTML with every entity highlighted.

This is the one place that turns article text into HTML. Every piece of text, name,
type and id is escaped here, so an article containing `<script>` shows those
characters and runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from urllib.parse import urlparse

from analysis.records import Analysis, Mention, Sentence

TYPE_COLOURS = {
    "PERSON": "#ffd6a5",
    "ORG": "#bde0fe",
    "GPE": "#caffbf",
    "LOC": "#a0e7a0",
    "NORP": "#fdffb6",
    "FAC": "#e4c1f9",
    "EVENT": "#ffc6ff",
    "PRODUCT": "#d0f4de",
    "WORK_OF_ART": "#f1c0e8",
    "LAW": "#cfbaf0",
    "LANGUAGE": "#b9fbc0",
}
TYPE_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city, state",
    "LOC": "place",
    "NORP": "nationality, group",
    "FAC": "building, facility",
    "EVENT": "named event",
    "PRODUCT": "product",
    "WORK_OF_ART": "work of art",
    "LAW": "law",
    "LANGUAGE": "language",
}
DEFAULT_COLOUR = "#e9ecef"

STYLE = """<style>
.article-text { font-size: 1.05rem; line-height: 1.85; }
.article-text mark.ent { padding: 0.05em 0.25em; border-radius: 0.3em; color: #1b1b1b; }
.article-text mark.ent.selected { outline: 2px solid #d62828; font-weight: 600; }
.article-text .ent-type { font-size: 0.62em; font-weight: 600; margin-left: 0.25em;
  opacity: 0.65; text-transform: uppercase; vertical-align: middle; }
.article-text .sentence.focus { background: #fff3bf; box-shadow: 0 0 0 3px #fff3bf; }
mark.hit { background: #ffe066; color: #1b1b1b; padding: 0 0.1em; border-radius: 0.2em;
  box-shadow: 0 0 0 1px #e0a800; font-weight: 600; }
.article-text .kind-headline { font-size: 1.35rem; font-weight: 700; }
.article-text .kind-caption, .article-text .kind-credit { font-style: italic; color: #555; }
.legend mark { padding: 0.1em 0.45em; border-radius: 0.3em; margin-right: 0.6em;
  color: #1b1b1b; white-space: nowrap; display: inline-block; margin-bottom: 0.3em; }
</style>"""


# marks around search hits in what the store's full-text backends return (private-use
# characters, so an article's text cannot be confused with them in practice)
HIT_START, HIT_END = "\ue000", "\ue001"


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text with hit marks -> the text without them and the hits' (start, end) in it."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{HIT_START}{HIT_END}])", marked):
        if piece == HIT_START:
            start = length
        elif piece == HIT_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), spans


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """`unmark` undone: the text with HIT_START/HIT_END around each span."""
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], HIT_START, text[start:end], HIT_END]
        position = end
    return "".join(parts) + text[position:]


def plain_marks(marked: str, before: str = "«", after: str = "»") -> str:
    """Marked text for a CSV cell: hits between « and »."""
    return marked.replace(HIT_START, before).replace(HIT_END, after)


def colour(entity_type: str) -> str:
    return TYPE_COLOURS.get(entity_type, DEFAULT_COLOUR)


def _text(piece: str) -> str:
    return escape(piece).replace("\n", "<br>")


def _hit_text(text: str, start: int, end: int, hits: list[tuple[int, int]]) -> str:
    """text[start:end] escaped, its parts inside a search hit wrapped in <mark class="hit">
    (a hit crossing an entity's edge is marked on both sides of it)."""
    parts, position = [], start
    for hit_start, hit_end in hits:
        if hit_end <= position or hit_start >= end:
            continue
        inner_start, inner_end = max(hit_start, position), min(hit_end, end)
        parts.append(_text(text[position:inner_start]))
        parts.append(f'<mark class="hit">{_text(text[inner_start:inner_end])}</mark>')
        position = inner_end
    parts.append(_text(text[position:end]))
    return "".join(parts)


def _mark(
    text: str, mention: Mention, name: str, selected: bool, hits: list[tuple[int, int]] = ()
) -> str:
    classes = "ent selected" if selected else "ent"
    tooltip = f"{mention.type} · {name}"
    return (
        f'<mark class="{classes}" style="background:{colour(mention.type)}" '
        f'title="{escape(tooltip, quote=True)}" '
        f'data-entity="{escape(mention.entity_id, quote=True)}">'
        f"{_hit_text(text, mention.start, mention.end, list(hits))}"
        f'<span class="ent-type">{escape(mention.type)}</span></mark>'
    )


def highlight_html(
    text: str,
    sentences: list[Sentence],
    mentions: Iterable[Mention],
    names: dict[str, str] | None = None,
    types: set[str] | None = None,
    selected_entity: str | None = None,
    focus_sentence: int | None = None,
    excerpt: bool = False,
    hits: list[tuple[int, int]] | None = None,
) -> str:
    """Escaped article HTML: sentences as spans (id `sentence-N`), mentions as <mark>s.

    `types` limits which entity types are highlighted (None: all); mentions of
    `selected_entity` get the `selected` class; `focus_sentence` is shaded. With
    `excerpt`, only the given sentences are shown, one per line. `hits` ((start, end)
    offsets of a search's hits, in order) are marked `hit`.
    """
    names = names or {}
    hits = sorted(hits or [])

    def plain(start: int, end: int) -> str:
        return _hit_text(text, start, end, hits) if hits else _text(text[start:end])

    shown = sorted(
        (m for m in mentions if types is None or m.type in types), key=lambda m: (m.start, -m.end)
    )
    parts, position, index = [STYLE, '<div class="article-text">'], 0, 0
    for sentence in sentences:
        if excerpt:
            parts.append("<br>" if position else "")
        else:
            parts.append(plain(position, sentence.start))
        focus = " focus" if sentence.index == focus_sentence else ""
        classes = f"sentence kind-{escape(sentence.kind)}{focus}"
        parts.append(f'<span class="{classes}" id="sentence-{sentence.index}">')
        position = sentence.start
        while index < len(shown) and shown[index].start < sentence.end:
            mention = shown[index]
            index += 1
            if mention.start < position or mention.end > sentence.end:
                continue  # overlapping or crossing a sentence edge: leave it plain
            parts.append(plain(position, mention.start))
            parts.append(
                _mark(
                    text,
                    mention,
                    names.get(mention.entity_id, mention.text),
                    mention.entity_id == selected_entity,
                    hits,
                )
            )
            position = mention.end
        parts.append(plain(position, sentence.end) + "</span>")
        position = sentence.end
    parts.append(("" if excerpt else plain(position, len(text))) + "</div>")
    return "".join(parts)


def marked_html(marked: str) -> str:
    """A search result's title or snippet (hits between HIT_START and
    HIT_END) as escaped HTML with each hit in <mark class="hit">; a mark left open is
    closed, a stray end mark dropped."""
    plain, spans = unmark(marked)
    return f'<span class="search-text">{_hit_text(plain, 0, len(plain), spans)}</span>'


RESULT_STYLE = """<style>
.search-result { margin: 0 0 1.1rem 0; }
.search-result .result-title { font-size: 1.1rem; font-weight: 600; }
.search-result .result-meta { font-size: 0.85rem; color: #666; margin: 0.1rem 0; }
.search-result .result-snippet { line-height: 1.6; }
</style>"""


def result_html(number: int, title: str, link: str, details: str, snippet: str) -> str:
    """One search result: its number, marked title (analysis.corpus.search's marks) as a link
    (a relative link the page built), details (source, date) and marked snippet."""
    return (
        f'<div class="search-result"><div class="result-title">{int(number)}. '
        f'<a href="{escape(link, quote=True)}" target="_self">{marked_html(title)}</a></div>'
        f'<div class="result-meta">{escape(details)}</div>'
        f'<div class="result-snippet">{marked_html(snippet)}</div></div>'
    )


def results_html(results: list[str]) -> str:
    """Results made by `result_html`, with the style of their marks."""
    return STYLE + RESULT_STYLE + "".join(results)


def entity_sentences(analysis: Analysis, entity_id: str) -> list[Sentence]:
    """The sentences that name an entity (any alias), in text order."""
    wanted = {m.sentence for m in analysis.mentions if m.entity_id == entity_id}
    return [s for s in analysis.sentences if s.index in wanted]


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript: or data: links)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return None
    return url.strip().replace(" ", "%20").replace(")", "%29").replace("(", "%28")


def legend_html(counts: dict[str, int]) -> str:
    """Colour legend with the number of mentions of each type."""
    items = "".join(
        f'<mark style="background:{colour(t)}" title="{escape(TYPE_LABELS.get(t, t), quote=True)}">'
        f"{escape(t)} · {escape(TYPE_LABELS.get(t, t))} <b>{int(n)}</b></mark>"
        for t, n in counts.items()
    )
    return f'{STYLE}<div class="legend">{items}</div>'


TABLE_STYLE = """<style>
.entity-table{max-height:320px;overflow:auto;border:1px solid #e6e6ea;border-radius:6px}
.entity-table table{border-collapse:collapse;width:100%;font-size:0.85rem}
.entity-table th{position:sticky;top:0;background:#f6f6f8;text-align:left;font-weight:600}
.entity-table th,.entity-table td{padding:3px 8px;border-bottom:1px solid #eeeef2;
white-space:nowrap;max-width:10em;overflow:hidden;text-overflow:ellipsis}
.entity-table td.n{text-align:right;font-variant-numeric:tabular-nums}
</style>"""


def table_html(
    columns: list[str],
    rows: Iterable[Iterable],
    numeric: set[str] = frozenset(),
    links: set[str] = frozenset(),
) -> str:
    """A small table (an article's entities) as escaped HTML, scrolling past 320 px: the
    Reader shows it without loading pandas and pyarrow, as st.dataframe would. A cell of a
    `links` column is (text, relative link to a page of the app)."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(c, v, numeric, links) for c, v in zip(columns, row, strict=True))
        + "</tr>"
        for row in rows
    )  # fmt: skip
    return (
        f'{TABLE_STYLE}<div class="entity-table"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _cell(column: str, value, numeric: set[str], links: set[str]) -> str:
    if column in numeric:
        return f'<td class="n">{escape(str(value))}</td>'
    if column in links:
        text, href = value
        if urlparse(href).scheme or href.startswith("/"):  # only the app's own pages
            return f"<td>{escape(text)}</td>"
        return f'<td><a href="{escape(href, quote=True)}" target="_self">{escape(text)}</a></td>'
    return f'<td title="{escape(str(value), quote=True)}">{escape(str(value))}</td>'


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown_escape(text: str) -> str:
    """Untrusted text for a Streamlit markdown element (title, subheader, caption):
    every markdown and HTML character is backslash-escaped, so it shows as typed."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text or "").replace("\n", " ")


def plot_text(text: str) -> str:
    """Untrusted text for plotly labels and hover text. Plotly renders a subset of HTML
    and decodes only a few entities, so < > & are escaped and quote marks kept as typed."""
    return escape(text or "", quote=False)
