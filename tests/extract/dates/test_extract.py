"""extract_dates as a whole: missing publication dates, what is no date, offsets, datelines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.dates.helpers import dates_in, find

ROOT = Path(__file__).resolve().parents[3]


def test_note_explains_relative_reading():
    d = find("Separately on Tuesday, Kim said the talks had ended.", "Tuesday")
    assert "2024-10-08" in d.note and "past" in d.note


# without a publication date: absolute values stay, relative ones keep their text with no value
NO_DATE = [
    ("The minister resigned on Friday after the scandal.", "Friday", ""),
    ("The factory closed last week after a fire.", "last week", ""),
    ("The ministers met in June to discuss trade.", "June", ""),
    ("The company was founded two years ago in a garage.", "two years ago", ""),
    ("The treaty was signed on October 8, 2024 in Moscow.", "October 8, 2024", "2024-10-08"),
    ("Prices rose sharply in 2021 across the region.", "2021", "2021"),
    ("The negotiations lasted three years.", "three years", "P3Y"),
]


@pytest.mark.parametrize(("sentence", "expression", "value"), NO_DATE)
def test_without_publication_date(sentence, expression, value):
    d = find(sentence, expression, None)
    assert d.value == value
    if not value:
        assert "no publication date" in d.note


# expressions that are not dates of their own
NOT_DATES = [
    ("Theresa May said the vote would go ahead.", "May"),
    ("Every Saturday the workers march through the capital.", "march"),
    ("March with us, the organisers told the crowd.", "March"),
    ("She celebrated her 72nd birthday with friends.", "72nd"),
    ("The 6-year-old boy returned home to his father.", "6-year-old"),
    ("Iraq imports about three-quarters of its food.", "three-quarters"),
    ("The club scored 1,990 points and paid $2,000 for the trophy.", "1,990"),
    ("He watched the film High Noon again.", "Noon"),
    ("Young people in today's world rarely write letters.", "today"),
    ("The interview first aired on USA Today in the spring.", "Today"),
    ("She travelled with her husband and their 6-month-old son.", "6-month-old"),
    # discourse "now," / "currently," framing a sentence
    ("Now, the minister said, the talks must resume.", "Now"),
    ('"Now, we see that the edge has eroded," he said.', "Now"),
    ("Currently, the group operates 87 stores in nine states.", "Currently"),
    # a rate of growth or output, not a recurring event
    ("Management expects revenue to increase by 20% annually.", "annually"),
    ("The plant would produce about 10,000 units annually.", "annually"),
    ("The preferred stock would pay a dividend of $1.76 a year.", "a year"),
    ("Qantas will add nearly 700 seats a week on the route.", "a week"),
    ("The chip runs 15 million instructions per second.", "per second"),
    # a statistic or the frequency of countable things, not a recurring time
    ("Average daily volume was 133 million shares.", "daily"),
    ("The airline plans daily flights to Bombay.", "daily"),
    # a kind of year, a fraction, a name, the future in general
    ("The operator changed from a fiscal year to a calendar year.", "year"),
    ("Funds hold more than a quarter of the junk-bond market.", "quarter"),
    ("They set up a joint venture called Orion 1980 to build satellites.", "1980"),
    ("He said he would have chosen the leaders of tomorrow.", "tomorrow"),
    ("Her chips are in many of today's personal computers.", "today"),
    # the adverb only points at the date that follows it
    ("Three doctors were shot, most recently last October.", "recently"),
    # "soon" relative to another event, or in a narrative past
    ("The talks collapsed soon after the vote.", "soon"),
    ("A trickle of cash soon became a flood.", "soon"),
    ("The group could leave as soon as Tuesday.", "soon"),
    # "recent" in a definite description of an event
    ("The recent sale of the unit raised $30 million.", "recent"),
    # "the future of X": its prospects
    ("That is very important to the future of our peoples.", "future"),
]


@pytest.mark.parametrize(("sentence", "word"), NOT_DATES)
def test_not_a_date(sentence, word):
    found = dates_in(sentence)
    assert all(word not in d.text for d in found), [(d.text, d.value) for d in found]


def test_offsets_and_order():
    text = (
        "On Monday the board met. It will meet again on Nov. 20, 2024, and every month after that."
    )
    found = dates_in(text)
    assert [d.text for d in found] == ["Monday", "Nov. 20, 2024", "every month"]
    assert all(text[d.start : d.end] == d.text for d in found)
    assert [d.sentence for d in found] == [0, 1, 1]


def test_harness_reports_missing_gold_file(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "timex_eval.py"), str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "not found" in proc.stderr


def test_dateline_note():
    d = find("WASHINGTON, Oct. 7 (Xinhua) -- The envoy will arrive on Monday for talks.", "Monday")
    assert "dateline date 2024-10-07" in d.note
    # without a dateline the publication date is the reference
    d = find("The envoy will arrive on Monday for talks.", "Monday")
    assert d.value == "2024-10-14" and "publication date" in d.note
