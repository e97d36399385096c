"""The analyst's corrections of entities: records, and their application to an analysis.

A correction is a plain record (what, on which entity or text, by whom, when). The
store keeps every correction with its author and time, and undo only marks one undone,
so the history stays. `apply` is pure and deterministic: it takes a stored analysis and
the corrections and returns the corrected analysis, so corrections are applied on the
read path (every page, chart and CSV) and survive re-analysis, and they carry to
articles added later because they name entities by id and text by its surface:

- ``rename``  entity_id -> name (and so the id of that name: renaming onto an existing
  name joins that entity);
- ``retype``  entity_id -> type;
- ``merge``   entity_id into target_id (every article where the source appears);
- ``split``   the mentions of an alias out of entity_id, into a new entity (``name``,
  default the alias itself) or into target_id; one span when start/end are given;
- ``reject``  not an entity: one span (article_id, start, end), every mention with
  the surface ``alias`` (optionally only those of entity_id), or a whole entity;
- ``add``     a missed entity: one span (article_id, start, end) or every whole-word
  occurrence of ``alias``, as a new entity (``name``, ``type``) or joining target_id.

A correction with an article_id applies to that article only. Corrections apply in
the order they were made; each refers to entities as the analyst saw them then, and
ids a previous correction changed are followed.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, fields, replace

from analysis.extract import gazetteer
from analysis.extract.entities import entity_id as make_entity_id
from analysis.extract.entities import normalise_name
from analysis.records import Analysis, Entity, Mention

ACTIONS = ("rename", "retype", "merge", "split", "reject", "add")
# what a correction is about: stored as its payload (the record fields below them are
# the store's bookkeeping)
PAYLOAD_FIELDS = (
    "entity_id",
    "target_id",
    "name",
    "type",
    "alias",
    "article_id",
    "start",
    "end",
    "linked_country",
)
_DEFAULTS = {"start": -1, "end": -1}


@dataclass(slots=True)
class Correction:
    action: str
    entity_id: str = ""
    target_id: str = ""  # merge / split / add: the entity that receives the mentions
    name: str = ""  # rename: the new name; merge / split / add: the receiving entity's name
    type: str = ""  # retype: the new type; otherwise the (receiving) entity's type
    alias: str = ""  # split / reject / add: the surface text
    article_id: str = ""  # "" = every article
    start: int = -1  # with article_id: one span
    end: int = -1
    linked_country: str = ""
    correction_id: int = 0
    author: str = ""
    created: str = ""
    undone: bool = False

    def payload(self) -> dict:
        """The fields that say what the correction does, without defaults (for the store)."""
        return {
            name: getattr(self, name)
            for name in PAYLOAD_FIELDS
            if getattr(self, name) != _DEFAULTS.get(name, "")
        }

    def payload_json(self) -> str:
        return json.dumps(self.payload(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_row(cls, row: dict) -> Correction:
        """A correction from a store row (correction_id, action, payload, author, created,
        undone); the payload may be a JSON string or a dict."""
        payload = row.get("payload") or {}
        if isinstance(payload, str):
            payload = json.loads(payload)
        known = {f.name for f in fields(cls)}
        return cls(
            action=row["action"],
            correction_id=int(row.get("correction_id") or 0),
            author=row.get("author") or "",
            created=row.get("created") or "",
            undone=bool(row.get("undone")),
            **{k: v for k, v in payload.items() if k in known and k in PAYLOAD_FIELDS},
        )

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """One line for the corrections log."""
        where = f" in article {self.article_id}" if self.article_id else ""
        span = f" at {self.start}–{self.end}" if self.start >= 0 else ""
        target = self.target_id or self.name
        return {
            "rename": f"rename {self.entity_id} to “{self.name}”",
            "retype": f"change the type of {self.entity_id} to {self.type}",
            "merge": f"merge {self.entity_id} into {self.target_id}",
            "split": f"split “{self.alias}”{span} out of {self.entity_id} into {target}",
            "reject": f"“{self.alias or self.entity_id}”{span} is not an entity",
            "add": f"add “{self.alias}”{span} as {target} ({self.type})",
        }.get(self.action, self.action) + where


def validate(correction: Correction) -> Correction:
    """The correction itself, or ValueError saying what it lacks."""
    c = correction
    needs = {
        "rename": c.entity_id and c.name.strip(),
        "retype": c.entity_id and c.type,
        "merge": c.entity_id and c.target_id and c.entity_id != c.target_id,
        "split": c.entity_id and c.alias,
        "reject": c.alias or c.entity_id or (c.article_id and c.start >= 0),
        "add": c.alias.strip() and (c.type or c.target_id),
    }
    if c.action not in needs:
        raise ValueError(f"unknown correction {c.action!r}")
    if not needs[c.action]:
        raise ValueError(f"incomplete {c.action} correction: {c.payload()}")
    if c.start >= 0 and (not c.article_id or c.end <= c.start):
        raise ValueError("a span correction needs an article and an end after its start")
    return c


# --- constructors: the corrections a page offers, from the entities it shows ---------------


def rename(entity: Entity, name: str) -> Correction:
    return Correction("rename", entity_id=entity.entity_id, name=name.strip(), type=entity.type)


def retype(entity: Entity, entity_type: str) -> Correction:
    return Correction("retype", entity_id=entity.entity_id, name=entity.name, type=entity_type)


def merge(source: Entity, target: Entity) -> Correction:
    return Correction(
        "merge",
        entity_id=source.entity_id,
        target_id=target.entity_id,
        name=target.name,
        type=target.type,
        linked_country=target.linked_country,
    )


def split(
    entity: Entity,
    alias: str,
    name: str = "",
    target: Entity | None = None,
    article_id: str = "",
    span: tuple[int, int] | None = None,
) -> Correction:
    start, end = span or (-1, -1)
    return Correction(
        "split",
        entity_id=entity.entity_id,
        alias=alias,
        target_id=target.entity_id if target else "",
        name=target.name if target else name.strip(),
        type=target.type if target else entity.type,
        linked_country=target.linked_country if target else "",
        article_id=article_id,
        start=start,
        end=end,
    )


def reject(
    alias: str = "",
    entity: Entity | None = None,
    article_id: str = "",
    span: tuple[int, int] | None = None,
) -> Correction:
    start, end = span or (-1, -1)
    return Correction(
        "reject",
        alias=alias,
        entity_id=entity.entity_id if entity else "",
        article_id=article_id,
        start=start,
        end=end,
    )


def add(
    alias: str,
    entity_type: str = "",
    name: str = "",
    target: Entity | None = None,
    article_id: str = "",
    span: tuple[int, int] | None = None,
) -> Correction:
    start, end = span or (-1, -1)
    return Correction(
        "add",
        alias=alias.strip() if span is None else alias,
        type=target.type if target else entity_type,
        name=target.name if target else (name.strip() or alias.strip()),
        target_id=target.entity_id if target else "",
        linked_country=target.linked_country if target else "",
        article_id=article_id,
        start=start,
        end=end,
    )


# --- application ---------------------------------------------------------------------------


class _State:
    """The mentions and entity records of one article while corrections are applied."""

    def __init__(self, analysis: Analysis, text: str):
        self.text = text
        self.mentions = [replace(m) for m in analysis.mentions]
        # entity id -> [name, type, linked_country]
        self.info = {e.entity_id: [e.name, e.type, e.linked_country] for e in analysis.entities}
        self.id_map: dict[str, str] = {}  # ids corrections replaced -> their current id
        self.sentence_starts = [s.start for s in analysis.sentences]

    def current(self, eid: str) -> str:
        return self.id_map.get(eid, eid)

    def describe(self, eid: str, name: str, entity_type: str, linked: str = "") -> None:
        """Make sure an entity record exists (a target that is not in this article)."""
        if eid not in self.info:
            self.info[eid] = [name, entity_type, linked or gazetteer.linked_country(name) or ""]
        self.id_map.pop(eid, None)  # the id is in use again

    def move(self, mentions: list[Mention], new: str) -> None:
        entity_type = self.info[new][1]
        for mention in mentions:
            mention.entity_id = new
            mention.type = entity_type

    def replace_id(self, old: str, new: str) -> None:
        """Every mention of `old` now belongs to `new`; later references follow."""
        if old == new:
            return
        self.move([m for m in self.mentions if m.entity_id == old], new)
        for key, value in self.id_map.items():
            if value == old:
                self.id_map[key] = new
        self.id_map[old] = new
        self.id_map.pop(new, None)
        self.info.pop(old, None)

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self.sentence_starts, offset) - 1)


def _same_text(a: str, b: str) -> bool:
    return normalise_name(a) == normalise_name(b)


def _rename(state: _State, c: Correction) -> None:
    old = state.current(c.entity_id)
    _, entity_type, linked = state.info.get(old, ["", c.type, c.linked_country])
    new = make_entity_id(entity_type or c.type, c.name)
    if new in state.info and new != old:
        state.info[new][0] = c.name
    else:
        state.info[new] = [c.name, entity_type or c.type, linked]
    state.replace_id(old, new)


def _retype(state: _State, c: Correction) -> None:
    old = state.current(c.entity_id)
    name, _, linked = state.info.get(old, [c.name, "", ""])
    new = make_entity_id(c.type, name)
    state.info[new] = [state.info.get(new, [name])[0], c.type, linked]
    state.replace_id(old, new)
    state.move([m for m in state.mentions if m.entity_id == new], new)


def _merge(state: _State, c: Correction) -> None:
    source, target = state.current(c.entity_id), state.current(c.target_id)
    if source == target:
        return
    state.describe(target, c.name, c.type, c.linked_country)
    state.replace_id(source, target)


def _receiver(state: _State, c: Correction, default_type: str) -> str:
    """The entity that receives split or added mentions (described if it is new here)."""
    if c.target_id:
        target = state.current(c.target_id)
        state.describe(target, c.name, c.type, c.linked_country)
        return target
    name = c.name or c.alias
    entity_type = c.type or default_type
    target = make_entity_id(entity_type, name)
    state.describe(target, name, entity_type)
    return target


def _split(state: _State, c: Correction) -> None:
    source = state.current(c.entity_id)
    chosen = [
        m
        for m in state.mentions
        if m.entity_id == source
        and _same_text(m.text, c.alias)
        and (c.start < 0 or (m.start, m.end) == (c.start, c.end))
    ]
    if not chosen:
        return
    target = _receiver(state, c, state.info.get(source, ["", chosen[0].type])[1])
    if target != source:
        state.move(chosen, target)


def _reject(state: _State, c: Correction) -> None:
    entity = state.current(c.entity_id) if c.entity_id else ""

    def rejected(m: Mention) -> bool:
        if c.start >= 0:
            return (m.start, m.end) == (c.start, c.end)
        if c.alias:
            return _same_text(m.text, c.alias) and (not entity or m.entity_id == entity)
        return m.entity_id == entity

    state.mentions = [m for m in state.mentions if not rejected(m)]


def _add(state: _State, c: Correction) -> None:
    text = state.text
    if c.start >= 0:
        if c.end > len(text) or (c.alias and text[c.start : c.end] != c.alias):
            return  # the text is not the one the span was chosen in
        spans, exact = [(c.start, c.end)], True
    else:
        pattern = re.compile(rf"(?<!\w){re.escape(c.alias)}(?!\w)")
        spans, exact = [match.span() for match in pattern.finditer(text)], False
    if not spans:
        return
    target = _receiver(state, c, "")
    entity_type = state.info[target][1]
    for start, end in spans:
        overlapping = [m for m in state.mentions if m.start < end and start < m.end]
        if not exact and any(
            not (start <= m.start and m.end <= end) for m in overlapping
        ):  # part of a longer name, or crossing one: leave it
            continue
        state.mentions = [m for m in state.mentions if m not in overlapping]
        state.mentions.append(
            Mention(start, end, text[start:end], entity_type, state.sentence_at(start), target)
        )
    state.mentions.sort(key=lambda m: (m.start, m.end))


HANDLERS = {
    "rename": _rename,
    "retype": _retype,
    "merge": _merge,
    "split": _split,
    "reject": _reject,
    "add": _add,
}


def active(corrections: list[Correction]) -> list[Correction]:
    """Corrections that are not undone, in the order they were made."""
    return sorted((c for c in corrections if not c.undone), key=lambda c: c.correction_id)


def apply(
    analysis: Analysis, corrections: list[Correction], text: str, article_id: str = ""
) -> Analysis:
    """The analysis with the corrections applied (the input is not changed)."""
    todo = [c for c in active(corrections) if not c.article_id or c.article_id == article_id]
    if not todo:
        return analysis
    state = _State(analysis, text)
    for correction in todo:
        HANDLERS[correction.action](state, correction)
    return _rebuild(analysis, state)


def _rebuild(analysis: Analysis, state: _State) -> Analysis:
    counts: Counter = Counter()
    aliases: dict[str, Counter] = defaultdict(Counter)
    for mention in state.mentions:
        counts[mention.entity_id] += 1
        aliases[mention.entity_id][mention.text] += 1
    entities = []
    for eid, n in counts.items():
        first = next(m for m in state.mentions if m.entity_id == eid)
        name, entity_type, linked = state.info.get(eid, [first.text, first.type, ""])
        alias_list = [a for a, _ in aliases[eid].most_common()]
        entities.append(Entity(eid, name, entity_type, n, alias_list, linked))
    entities.sort(key=lambda e: (-e.mentions, e.name))

    def current(eid: str) -> str:
        return state.current(eid)

    names = {e.entity_id: e.name for e in entities}
    quotes = [
        replace(
            q,
            speaker_entity_id=current(q.speaker_entity_id),
            speaker=names.get(current(q.speaker_entity_id), q.speaker),
            mentioned=list(dict.fromkeys(current(i) for i in q.mentioned)),
            via=list(q.via),
        )
        for q in analysis.quotes
    ]
    events = [
        replace(e, actors=list(dict.fromkeys(current(a) for a in e.actors)))
        for e in analysis.events
    ]
    return replace(
        analysis,
        mentions=state.mentions,
        entities=entities,
        quotes=quotes,
        events=events,
        sentences=list(analysis.sentences),
        dates=list(analysis.dates),
        warnings=list(analysis.warnings),
    )


def save(store, correction: Correction, author: str, created: str) -> int:
    """Validate and store a correction; returns its id. `store` has `add_correction`."""
    validate(correction)
    return store.add_correction(correction.action, correction.payload_json(), author, created)


def load(store) -> list[Correction]:
    """Every correction in the store (undone ones too), oldest first."""
    return [Correction.from_row(row) for row in store.corrections()]
