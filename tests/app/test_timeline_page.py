"""AppTest of the Timeline page on the seed corpus."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, visible_text


@pytest.fixture
def timeline(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception, at.exception
    return at


def test_timeline_lists_the_seed_events(timeline):
    labels = timeline.selectbox(key="event_pick").options  # as shown to the analyst
    assert any(label.startswith("2024-06 · Vladimir Putin visits Pyongyang") for label in labels)
    assert any(label.startswith("2023-09 · ") for label in labels)
    assert sum(label.startswith("2024-10-08 · ") for label in labels) >= 3
    assert any(label.startswith("undated · ") for label in labels)


def test_picking_an_event_shows_its_evidence(timeline):
    box = timeline.selectbox(key="event_pick")
    june = next(i for i, label in enumerate(box.options) if label.startswith("2024-06"))
    box.select_index(june).run()
    assert not timeline.exception
    assert timeline.subheader[-1].value == "Vladimir Putin visits Pyongyang"
    text = visible_text("".join(block.proto.body for block in timeline.get("html")))
    assert "since Putin's visit to Pyongyang in June" in text  # the paragraph
    assert "toasted their friendship when they met in North Korea in June" in text  # the caption


def test_entity_filter_narrows_the_events(timeline):
    timeline.multiselect[1].set_value(["Jeffrey Lewis"]).run()
    box = timeline.selectbox(key="event_pick")
    labels = box.options[1:]
    assert labels and all("Jeffrey Lewis" in label for label in labels)
