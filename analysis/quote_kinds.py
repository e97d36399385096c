"""The kinds of quote (`Quote.kind`), in one place: what extraction writes, what the pages
filter on and what their labels say.

Speech is what a person or organisation said or wrote: a direct quote (the words in
quotation marks), an indirect one (reported speech: "X said that ...") or an attribution
("according to X"). A stance is an attitude attributed to someone, not something they
said: a belief, an intention, a promise, an evaluation, a request, or what data and
documents show ("X believes ...", "X promised to ...", "the chart showed ..."). The Who
mentions whom page counts speech unless the analyst includes stances.
"""

from __future__ import annotations

DIRECT, INDIRECT, ACCORDING_TO, STANCE = "direct", "indirect", "according_to", "stance"
SPEECH_KINDS = (DIRECT, INDIRECT, ACCORDING_TO)
QUOTE_KINDS = (*SPEECH_KINDS, STANCE)
KIND_LABELS = {
    DIRECT: "direct quote",
    INDIRECT: "indirect quote (reported speech)",
    ACCORDING_TO: "attribution (“according to”)",
    STANCE: "stance or belief (not speech)",
}


def is_speech(kind: str) -> bool:
    return kind in SPEECH_KINDS


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind or "quote")
