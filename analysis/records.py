"""Plain records of the analysis schema.

Everything here is plain data (dataclasses of str/int/lists) so it pickles, caches,
serialises to JSON for the store and compares easily in tests. No spaCy object ever
appears in a record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(slots=True)
class Token:
    """One spaCy token flattened to plain fields (indices are document-wide)."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    sentence: int
    ent_type: str = ""
    ent_iob: str = "O"


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    # headline / credit / caption / body: news layout that readers and extractors treat differently
    kind: str = "body"


@dataclass(slots=True)
class RawEntity:
    """An entity span as the NER model proposed it, before cleaning."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class Parsed:
    """What the NLP layer hands to every extractor: text, tokens, sentences, raw entities."""

    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    entities: list[RawEntity]


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str
    sentence: int
    entity_id: str = ""


@dataclass(slots=True)
class Entity:
    entity_id: str
    name: str
    type: str
    mentions: int = 0
    aliases: list[str] = field(default_factory=list)
    linked_country: str = ""


@dataclass(slots=True)
class DateExpr:
    text: str
    start: int
    end: int
    type: str  # DATE / TIME / DURATION / SET
    value: str  # TIMEX3 value, "" when it cannot be resolved
    precision: str  # year / month / day / ... ("" when unknown)
    sentence: int
    note: str = ""  # why a value is empty or how it was read


@dataclass(slots=True)
class Evidence:
    sentence: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Event:
    event_id: str
    date: str
    date_end: str
    precision: str
    description: str
    actors: list[str]
    evidence: list[Evidence]
    date_text: str = ""
    # a "who did what" description the timeline shows; else left off, with the reason
    timeline: bool = True
    reason: str = ""


@dataclass(slots=True)
class Quote:
    quote_id: str
    speaker: str
    speaker_entity_id: str
    speaker_type: str
    cue: str
    quote: str
    kind: str  # direct / indirect / according_to (speech) or stance: analysis.quote_kinds
    start: int
    end: int
    sentence: int = 0
    via: list[str] = field(default_factory=list)  # source chain: outlets that relayed it
    mentioned: list[str] = field(default_factory=list)  # entity ids named in the quote


@dataclass(slots=True)
class Analysis:
    """Everything computed for one article; what the store keeps and pages read."""

    pipeline_version: str
    sentences: list[Sentence]
    mentions: list[Mention]
    entities: list[Entity]
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        return cls(
            pipeline_version=data["pipeline_version"],
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            entities=[Entity(**e) for e in data.get("entities", [])],
            dates=[DateExpr(**d) for d in data.get("dates", [])],
            events=[
                Event(**{**e, "evidence": [Evidence(**v) for v in e.get("evidence", [])]})
                for e in data.get("events", [])
            ],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            warnings=list(data.get("warnings", [])),
        )


@dataclass(slots=True)
class Article:
    article_id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str | None = None  # ISO date, None when unknown
    file: str = ""
    added: str = ""
    author: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
