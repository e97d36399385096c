"""Events: clauses that tell of a happening, with a date read from the text, actors and evidence.

A date expression anchors the predicate it modifies: climbing the dependency tree from the
expression to the nearest verb or event noun ("visit", "agreement") gives the happening;
its subject, object and possessor give the actors and a short "who did what" description.
A happening told twice in one article (a caption and a paragraph) with the same date and
a shared person or organisation becomes one event with both pieces of evidence. The lead
sentence of a news story, when it gives no date, tells of the day of publication; so does a
clause of the story in the present tense ("officials say", "the company is negotiating"); a
statement in the past tense without a date of its own ("he said") was made on the story's
reporting day, the day of the latest dated statement before it ("Adams said Sunday").
Clauses with actors but no date are kept as undated events: never given a made-up date.

A date that is a baseline or a comparison ("below 2005 levels", "compared with 2010", "since
2015") or that modifies a noun ("the 1987 treaty", "Friday's trading volume") dates no clause:
only the happening that noun names, if it names one ("last year's election").

Every event says whether it is readable on the timeline: a "who did what" description needs a
named subject, a verb and, for a statement, what was said (descriptions). The others stay in
the tables with the reason they are left off the timeline.

Stages, each its own module: lexicon (the word tables) and document (the parsed article's
indexes, a verb's subject) -> date_anchors (the clause a date dates) -> phrases and
descriptions ("who did what", or why not) -> candidates (dated and undated clauses) ->
inferred_dates (the lead, the present tense, the reporting day) -> extract (merging the
candidates of one happening into Event records). Imports only analysis.records and
analysis.extract (word lists, quote cues): no store, no pandas.
"""

from analysis.extract.events.date_anchors import timeline_value
from analysis.extract.events.extract import extract_events

__all__ = ["extract_events", "timeline_value"]
