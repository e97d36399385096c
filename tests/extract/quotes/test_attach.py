"""Stage 4: quotations attached to their cues (analysis.extract.quotes.attach), in several outlets'
styles: every quoted segment is its own quote, with the same speaker."""

from tests.conftest import analysed


def said(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.quote) for q in analysed(text).quotes if q.kind == "direct"]


def test_sports_wire_style_segments_and_paragraphs():
    text = (
        "The Falcons beat the Rangers 4-2 on Saturday.\n\n"
        '"We stuck to the plan," coach Dana Pike said. "The third period was ours.\n\n'
        '"We needed these two points."'
    )
    assert said(text) == [
        ("Dana Pike", '"We stuck to the plan,"'),
        ("Dana Pike", '"The third period was ours.'),
        ("Dana Pike", '"We needed these two points."'),
    ]


def test_a_quotation_paragraph_continues_the_last_speaker():
    text = (
        "Nurse Ada Kovacs said the ward had been full since Monday.\n\n"
        "“We had patients in the corridors.”\n\n"
        "The hospital did not comment."
    )
    assert said(text) == [("Ada Kovacs", "“We had patients in the corridors.”")]


def test_a_quotation_paragraph_after_no_speaker_stays_unattributed():
    text = "The storm hit the coast at dawn.\n\n“Everything is gone.”"
    assert said(text) == []


def test_colon_introducer():
    text = "Premier Lea Watts was blunt:\n\n“The plan is dead.”"
    assert said(text) == []  # "was blunt" is no cue: nothing is invented
    text = "Premier Lea Watts said:\n\n“The plan is dead.”"
    assert said(text) == [("Lea Watts", "“The plan is dead.”")]
