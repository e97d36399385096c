"""AppTest of the Overview on the seed corpus."""

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def overview(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    return at


def test_corpus_at_a_glance(overview):
    metrics = {m.label: m.value for m in overview.metric}
    assert metrics["Articles"] == "1" and metrics["Sources"] == "1"
    assert int(metrics["Entities"]) >= 20 and int(metrics["Events"]) >= 6
    assert "Published 2024-10-08 to 2024-10-08" in [c.value for c in overview.caption]


def test_charts_and_their_links(overview):
    subheaders = [s.value for s in overview.subheader]
    for title in (
        "Most mentioned people",
        "Most mentioned countries",
        "Articles per source",
        "Latest dated events",
    ):
        assert title in subheaders
    assert len(overview.get("plotly_chart")) >= 6
    assert overview.multiselect(key="trend_entities").value[:2] == ["North Korea", "Kim Jong Un"]


def test_country_toggle_changes_the_counts(overview):
    on = overview.get("plotly_chart")[2].proto.spec
    overview.toggle[0].set_value(False).run()
    off = overview.get("plotly_chart")[2].proto.spec
    assert on != off and "Pyongyang" in off and "Pyongyang" not in on


def test_overview_and_library_on_a_generated_corpus(generated_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "301" and metrics["Sources"] == "4"
    assert "Published 2024-01-01 to" in at.caption[0].value + at.caption[1].value
    people = at.get("plotly_chart")[0].proto.spec
    for name in ("Angela Merkel", "Emmanuel Macron", "Olaf Scholz"):
        assert name in people
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    page = at.number_input(key="library_page")
    assert page.label == "Page (of 4)"
    page.set_value(4).run()
    assert any("showing 301–301" in c.value for c in at.caption)


def figure_of(at, key: str) -> dict:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(chart.proto.spec)


def test_the_events_count_says_what_the_table_below_it_lists(overview):
    (events,) = [m for m in overview.metric if m.label == "Events"]
    table = overview.dataframe[-1].value
    dated, undated = map(
        int, re.search(r"(\d+) dated and (\d+) undated", events.proto.help).groups()
    )
    assert dated + undated == int(events.value)
    assert len(table) == min(dated, 10)  # the latest ten dated events at most
    caption = (
        f"The {len(table)} latest of the {dated} dated events, of {events.value} events in all"
    )
    assert any(c.value.startswith(caption) for c in overview.caption)


def test_mentions_over_time_marks_every_week_and_articles_per_week(generated_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    trend = figure_of(at, "trend")
    for trace in trend["data"]:
        assert trace["mode"] == "lines+markers"
    # the generated articles: one every 3 days from 2024-01-01 for 900 days, by month
    assert "Mentions per month of publication" in " ".join(c.value for c in at.caption)
    every_month = pd.period_range("2024-01", "2026-06", freq="M").start_time
    for trace in trend["data"]:  # every month, those without a mention too
        assert pd.to_datetime(trace["x"]).tolist() == every_month.tolist()
    bars = figure_of(at, "periods")["data"][0]
    assert bars["type"] == "bar" and "month of" in bars["hovertemplate"]
    assert "Articles per month" in [s.value for s in at.subheader]
