"""AppTest of the Overview on the seed corpus."""

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
        "Latest events",
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
