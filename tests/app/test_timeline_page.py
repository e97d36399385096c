"""AppTest of the Timeline page on the seed corpus and on a store too large to draw whole."""

import base64
import json
from datetime import date, timedelta

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import SEEDED_KEY, materialise
from analysis.records import Analysis, Article, Entity, Event, Evidence, Sentence
from analysis.store import Store
from tests.conftest import ROOT, visible_text


def open_timeline() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def timeline(data_dir):
    return open_timeline()


def test_timeline_lists_the_seed_events(timeline):
    labels = timeline.selectbox(key="event_pick").options  # as shown to the analyst
    assert any(label.startswith("2024-06 · Vladimir Putin visits Pyongyang") for label in labels)
    assert any(label.startswith("2023-09 · ") for label in labels)
    assert sum(label.startswith("2024-10-08 · ") for label in labels) >= 3
    assert any(label.startswith("undated · ") for label in labels)
    assert not any("latest" in caption.value for caption in timeline.caption)  # all drawn
    assert not timeline.warning  # the seed has its publication date


def test_events_without_a_readable_description_are_left_off(timeline):
    """The seed has clauses whose subject is only a pronoun ("He needs ..."): never drawn,
    listed or picked; counted under the table, with their own CSV giving the reasons."""
    labels = timeline.selectbox(key="event_pick").options
    assert not any(label.split(" · ", 1)[-1].startswith(("He ", "It ")) for label in labels)
    assert any("left off the timeline" in caption.value for caption in timeline.caption)
    downloads = [button.proto.label for button in timeline.get("download_button")]
    assert "Download the events left off (CSV)" in downloads


def test_picking_an_event_shows_its_evidence(timeline):
    box = timeline.selectbox(key="event_pick")
    june = next(i for i, label in enumerate(box.options) if label.startswith("2024-06"))
    box.select_index(june).run()
    assert not timeline.exception
    assert timeline.subheader[-1].value == "Vladimir Putin visits Pyongyang"
    text = visible_text("".join(block.proto.body for block in timeline.get("html")))
    assert "since Putin's visit to Pyongyang in June" in text  # the paragraph
    assert "toasted their friendship when they met in North Korea in June" in text  # the caption
    links = [link.proto.label for link in timeline.get("page_link")]
    assert any(label.startswith("Open in the Reader at sentence") for label in links)


def test_entity_filter_narrows_the_events(timeline):
    timeline.multiselect[1].set_value(["Jeffrey Lewis"]).run()
    box = timeline.selectbox(key="event_pick")
    labels = box.options[1:]
    assert labels and all("Jeffrey Lewis" in label for label in labels)


def test_the_date_slider_keeps_overlapping_and_undated_events(timeline):
    timeline.slider[0].set_value((date(2024, 6, 10), date(2024, 6, 20))).run()
    assert not timeline.exception
    labels = timeline.selectbox(key="event_pick").options[1:]
    assert any(label.startswith("2024-06 · Vladimir Putin") for label in labels)  # the month
    assert not any(label.startswith(("2023-09", "2024-10-08")) for label in labels)
    assert any(label.startswith("undated · ") for label in labels)


def test_lanes_per_article(timeline):
    timeline.radio[0].set_value("article").run()
    assert not timeline.exception
    spec = json.loads(timeline.get("plotly_chart")[0].proto.spec)
    assert len(spec["layout"]["yaxis"]["ticktext"]) == 1  # the seed article
    assert spec["layout"]["yaxis"]["ticktext"][0].startswith("N Korea")


# a store of many events, more than the page draws or lists: written without the pipeline
DATED_PER_ARTICLE, UNDATED_PER_ARTICLE = 420, 270  # two articles: 840 dated, 540 undated


def many_events(
    folder, published: list[str | None], dated=DATED_PER_ARTICLE, undated=UNDATED_PER_ARTICLE
) -> None:
    store = Store(folder / "articles.sqlite")
    store.set_setting(SEEDED_KEY, "test")  # no seed article
    for n, day in enumerate(published):
        text = f"Story {n}. Things happened."
        events = [
            Event(
                event_id=f"ev{i}",
                date=(date(2020, 1, 1) + timedelta(days=i + n)).isoformat() if i < dated else "",
                date_end="",
                precision="day" if i < dated else "",
                description=f"happening {n}-{i}",
                actors=["e1"],
                evidence=[Evidence(0, 0, 5, f"Story {n}")],
            )
            for i in range(dated + undated)
        ]
        analysis = Analysis(
            pipeline_version=PIPELINE_VERSION,
            sentences=[Sentence(0, 0, len(text), text)],
            mentions=[],
            entities=[Entity("e1", f"Person {n}", "PERSON")],
            events=events,
        )
        article = Article(
            article_id=f"id-{n}",
            text=text,
            title=f"Story {n}",
            published=day,
            added=f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}",
        )
        store.add(article, analysis)
    materialise(store)
    store.close()


def test_a_large_corpus_is_drawn_and_listed_in_part(data_dir):
    many_events(data_dir, ["2024-01-01", None])
    at = open_timeline()
    captions = [caption.value for caption in at.caption]
    assert any(c.startswith("The 500 latest of 840 dated events are drawn") for c in captions)
    assert "The first 500 of 540; the CSV has them all." in captions
    assert any(c.startswith("The latest 500 of 840 dated events") for c in captions)
    assert at.subheader[0].value == "Undated (540)"
    assert len(at.selectbox(key="event_pick").options) == 1 + 500 + 500
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"][-1]["x"]) == 500  # one point per event (one actor each)
    table = at.dataframe[1].value
    latest = date(2020, 1, 1) + timedelta(days=DATED_PER_ARTICLE)  # article 1's last event
    assert len(table) == 500 and table["date"].iloc[0] == latest.isoformat()  # latest first
    assert at.warning[0].value.startswith("1 article(s) have no publication date")

    at.multiselect[1].set_value(["Person 0"]).run()  # one article's events: all drawn
    captions = [caption.value for caption in at.caption]
    assert not any(c.startswith("The 500 latest") for c in captions)
    assert at.subheader[0].value == "Undated (270)"
    assert not at.warning  # the article without a date is filtered out


def captions(at) -> list[str]:
    return [caption.value for caption in at.caption]


def test_many_articles_are_found_by_title_not_all_listed(data_dir):
    many_events(data_dir, ["2024-01-01"] * 230, dated=1, undated=0)
    at = open_timeline()
    articles = at.multiselect(key="timeline_articles")
    assert len(articles.options) == 200  # the first 200; the others are found by title
    assert "Story 0" in articles.options and "Story 229" not in articles.options
    at.text_input(key="timeline_articles_words").input("story").run()
    assert "The first 200 articles matching: type words to narrow." in captions(at)
    at.text_input(key="timeline_articles_words").input("no such words").run()
    assert at.multiselect(key="timeline_articles").options == []
    assert "No article title contains these words." in captions(at)
    at.text_input(key="timeline_articles_words").input("story 22").run()
    articles = at.multiselect(key="timeline_articles")
    assert articles.options == ["Story 22", *(f"Story {n}" for n in range(220, 230))]
    articles.set_value(["id-229"]).run()
    assert at.subheader[0].value == "Undated (0)" and "Story 229" in str(at.dataframe[-1].value)
    at.text_input(key="timeline_articles_words").input("").run()
    articles = at.multiselect(key="timeline_articles")  # what is chosen stays offered
    assert len(articles.options) == 201 and articles.value == ["id-229"]
    assert not at.exception


# -- the chart: lanes, legend, events on one day, the date axis (issue 15) -------------------

ACTORS = [f"person:{i:02d}" for i in range(30)]  # entity ids: the lanes show their names


def busy_article(folder) -> None:
    """One article: 60 events over January-February 2024 naming 30 people (Person 00 in
    most), three more on 5 January in Person 00's lane, one dated to the month, and one
    dated 1950 (an outlier decades from the others)."""
    store = Store(folder / "articles.sqlite")
    store.set_setting(SEEDED_KEY, "test")
    text = "Story. Things happened."
    entities = [Entity(actor, f"Person {i:02d}", "PERSON") for i, actor in enumerate(ACTORS)]
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(56)]
    events = [
        Event(f"ev{i}", day.isoformat(), "", "day", f"happening {i}",
              [ACTORS[0], ACTORS[i % 30]] if i % 2 else [ACTORS[i % 30]],
              [Evidence(0, 0, 6, "Story.")])
        for i, day in enumerate(days)
    ]  # fmt: skip
    events += [
        Event(f"same{i}", "2024-01-05", "", "day", f"same day {i}", [ACTORS[0]],
              [Evidence(0, 0, 6, "Story.")])
        for i in range(3)
    ]  # fmt: skip
    events += [
        Event("month", "2024-02", "", "month", "a month", [ACTORS[1]], [Evidence(0, 0, 6, "S")]),
        Event("old", "1950-03-01", "", "day", "long ago", [ACTORS[1]], [Evidence(0, 0, 6, "S")]),
    ]
    analysis = Analysis(PIPELINE_VERSION, [Sentence(0, 0, len(text), text)], [], entities,
                        events=events)  # fmt: skip
    store.add(Article("busy", text, title="Busy", published="2024-03-01", added="2024-03-01"),
              analysis)  # fmt: skip
    materialise(store)
    store.close()


@pytest.fixture
def busy(data_dir):
    busy_article(data_dir)
    return open_timeline()


def chart_spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def numbers(values) -> list:
    if isinstance(values, dict):  # a typed array
        return np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"]).tolist()
    return list(values)


def test_at_most_fifteen_lanes_each_labelled_the_rest_folded(busy):
    spec = chart_spec(busy)
    ticks = spec["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == 16 and ticks[-1] == "other lanes (15)"
    assert ticks[0].startswith("Person 00 (") and all(t.startswith("Person ") for t in ticks[:-1])
    assert spec["layout"]["yaxis"]["tickvals"] == list(range(16))
    busy.number_input(key="timeline_lanes").set_value(2).run()
    assert not busy.exception, busy.exception
    ticks = chart_spec(busy)["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == 16 and ticks[-1] == "other lanes (15)" and ticks[0] != "Person 00"


def test_every_colour_and_marker_is_in_the_legend(busy):
    spec = chart_spec(busy)
    title = spec["layout"]["legend"]["title"]["text"]
    assert title == "colour: how precise the date is (a bar: the month, year… it covers)"
    shown = {t["legendgroup"]: t for t in spec["data"] if t.get("showlegend", True)}
    assert {t["name"] for t in shown.values()} == {
        "event dated to the day", "event dated to the month"}  # fmt: skip
    for trace in spec["data"]:  # a bar is in the legend with the marker of its colour
        colour = trace["marker"]["color"]
        assert isinstance(colour, str) and shown[trace["legendgroup"]]["marker"]["color"] == colour


def test_events_on_one_day_in_one_lane_are_spread_apart(busy):
    spec = chart_spec(busy)
    days = next(t for t in spec["data"] if t["name"] == "event dated to the day")
    points = list(zip(days["x"], numbers(days["y"]), strict=True))
    on_the_fifth = [y for x, y in points if x.startswith("2024-01-05") and round(y) == 0]
    assert len(on_the_fifth) == 3 and len(set(on_the_fifth)) == 3
    assert all(-0.5 < y < 0.5 for y in on_the_fifth)


def test_the_date_axis_fits_the_events_not_an_outlier(busy):
    spec = chart_spec(busy)
    low, high = spec["layout"]["xaxis"]["range"]
    assert low > "2023" and high < "2024-04"
    toggle = busy.toggle(key="timeline_full_span")
    assert toggle.label == "Full span of dates (1 event(s) far from the others)"
    toggle.set_value(True).run()
    assert chart_spec(busy)["layout"]["xaxis"].get("range") is None  # every event
