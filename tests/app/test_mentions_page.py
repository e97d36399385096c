"""AppTest of the Who mentions whom page on the seed corpus."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.ingest import Document
from analysis.library import add_document
from analysis.store import DB_FILE, Store
from tests.conftest import ROOT, visible_text

PICK = "mentions_pick"


@pytest.fixture
def mentions(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/mentions.py").run()
    assert not at.exception, at.exception
    return at


def options(at) -> list[str]:
    return at.selectbox(key=PICK).options


def edge_labels(at) -> list[str]:
    return [label for label in options(at) if label.startswith("→ ")]


def pick(at, prefix: str) -> AppTest:
    box = at.selectbox(key=PICK)
    box.select_index(next(i for i, o in enumerate(box.options) if o.startswith(prefix))).run()
    assert not at.exception, at.exception
    return at


def shown_text(at) -> str:
    return "\n".join(visible_text(block.proto.body) for block in at.get("html"))


def reader_links(at) -> list[str]:
    return [link.proto.query_string for link in at.get("page_link") if link.proto.page == "reader"]


def article_ids(data_dir) -> dict[str, str]:
    """Title -> article id of the stored articles."""
    return {s["title"]: s["article_id"] for s in Store(data_dir / DB_FILE).article_summaries()}


def network_spec(at) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id).proto.spec)


@pytest.mark.parametrize(
    "edge",
    [
        "→ Kim Jong Un → Vladimir Putin",
        "→ Kim Jong Un → Russia",
        "→ Kim Jong Un → North Korea",
        "→ Kim Jong Un → Pyongyang",
        "→ Jeffrey Lewis → United States",
        "→ Kang Dae-sik → North Korea",
    ],
)
def test_seed_edges(mentions, edge):
    assert any(label.startswith(edge + " · ") for label in edge_labels(mentions))


@pytest.mark.parametrize("name", ["Kim Il-sung", "Stalin", "Getty Images"])
def test_never_a_speaker(mentions, name):
    assert not any(label.startswith(f"→ {name} → ") for label in edge_labels(mentions))


def test_selecting_a_node_lists_its_quotes(mentions, data_dir):
    pick(mentions, "● Jeffrey Lewis")
    assert any(m.value == "**1 quote(s)**" for m in mentions.markdown)
    text = shown_text(mentions)
    assert "trying to reduce the pain of international sanctions" in text
    marked = " ".join(block.proto.body for block in mentions.get("html"))
    for entity in ["person:jeffrey-lewis", "person:kim-jong-un", "gpe:united-states"]:
        assert f'data-entity="{entity}"' in marked
    assert 'class="ent selected"' in marked  # the node picked
    (seed,) = article_ids(data_dir).values()
    assert reader_links(mentions) == [f"article={seed}&sentence=16"]


def test_selecting_an_edge_lists_the_quotes_behind_it(mentions):
    pick(mentions, "→ Kim Jong Un → Pyongyang")
    assert any(m.value == "**2 quote(s)**" for m in mentions.markdown)
    assert len(reader_links(mentions)) == 2
    text = shown_text(mentions)
    assert "Pyongyang would speed up steps" in text
    assert "since Putin's visit to Pyongyang" in text


def test_clicking_a_node_in_the_chart_picks_it(mentions):
    mentions.session_state["mentions_chart"] = {
        "selection": {
            "points": [{"customdata": ["node", "person:kang-dae-sik", ""]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    mentions.run()
    assert not mentions.exception, mentions.exception
    assert mentions.selectbox(key=PICK).value == ("node", "person:kang-dae-sik")
    assert "apparent signs that North Korea had started" in shown_text(mentions)
    pick(mentions, "→ Jeffrey Lewis → United States")  # the box may pick another one after
    assert mentions.selectbox(key=PICK).value == (
        "edge",
        "person:jeffrey-lewis",
        "gpe:united-states",
    )


def test_clicking_an_edge_midpoint_picks_the_edge(mentions):
    spec = network_spec(mentions)
    midpoints = next(t for t in spec["data"] if t["customdata"][0][0] == "edge")
    assert len(midpoints["customdata"]) == len(edge_labels(mentions))
    mentions.session_state["mentions_chart"] = {
        "selection": {"points": [{"customdata": ["edge", "person:kim-jong-un", "gpe:russia"]}]}
    }
    mentions.run()
    assert mentions.selectbox(key=PICK).value == ("edge", "person:kim-jong-un", "gpe:russia")
    assert "Meetings and comradely ties" in shown_text(mentions)


def count_of(label: str) -> int:
    """The number of quotes an edge label gives ("→ A → B · 3 quote(s)")."""
    return int(re.fullmatch(r".* · (\d+) quote\(s\)", label)[1])


def test_grouping_by_country(mentions):
    separate = {label.split(" · ")[0]: count_of(label) for label in edge_labels(mentions)}
    mentions.toggle(key="mentions_countries").set_value(True).run()
    assert not mentions.exception, mentions.exception
    grouped = {label.split(" · ")[0]: count_of(label) for label in edge_labels(mentions)}
    assert "→ Kang Dae-sik → South Korea" in grouped  # Seoul
    assert not any("Pyongyang" in label or "Seoul" in label for label in options(mentions))
    # Pyongyang's and North Korea's quotes, a quote naming both counted once
    kim = grouped["→ Kim Jong Un → North Korea"]
    parts = [separate["→ Kim Jong Un → Pyongyang"], separate["→ Kim Jong Un → North Korea"]]
    assert max(parts) <= kim <= sum(parts)
    pick(mentions, "→ Kim Jong Un → North Korea")
    assert len(reader_links(mentions)) == kim  # one Reader link per quote
    assert "Pyongyang would speed up steps" in shown_text(mentions)


def test_minimum_count(mentions):
    every = edge_labels(mentions)
    mentions.number_input(key="mentions_min_count").set_value(2).run()
    assert not mentions.exception, mentions.exception
    assert "→ Kim Jong Un → Pyongyang · 2 quote(s)" in edge_labels(mentions)
    assert edge_labels(mentions) == [label for label in every if count_of(label) >= 2]
    mentions.number_input(key="mentions_min_count").set_value(99).run()
    assert not mentions.exception
    assert "No speaker names anyone" in mentions.info[0].value


def test_type_filter(mentions):
    mentions.multiselect(key="mentions_types").set_value(["PERSON"]).run()
    assert not mentions.exception, mentions.exception
    labels = edge_labels(mentions)
    for edge in ["→ Jeffrey Lewis → Vladimir Putin", "→ Kim Jong Un → Vladimir Putin"]:
        assert any(label.startswith(edge + " · ") for label in labels)
    countries = ["Russia", "North Korea", "United States", "Pyongyang"]
    assert not any(country in label for label in options(mentions) for country in countries)


def test_downloads_follow_the_selection(mentions):
    labels = [b.proto.label for b in mentions.get("download_button")]
    assert f"Download the {len(edge_labels(mentions))} edge(s) shown (CSV)" in labels
    assert any(
        re.fullmatch(r"Download the \d+ quote\(s\) behind the edges \(CSV\)", label)
        for label in labels
    )
    pick(mentions, "● Kang Dae-sik")
    (listed,) = [m.value for m in mentions.markdown if m.value.endswith(" quote(s)**")]
    labels = [b.proto.label for b in mentions.get("download_button")]
    assert f"Download the {listed.strip('*').split()[0]} quote(s) listed (CSV)" in labels


def test_article_filter_and_untrusted_text_is_escaped(mentions, data_dir):
    text = (
        'Emmanuel Macron said Germany would "<b>never</b> <img src=x onerror=alert(1)> forget" '
        "its friends in Berlin. Emmanuel Macron said Italy would agree."
    )
    added, _ = add_document(
        Store(data_dir / DB_FILE), Document(text, "evil.txt", title="<i>Evil</i> [x](y)")
    )
    assert added
    mentions.run()
    assert any(label.startswith("→ Emmanuel Macron → Germany") for label in edge_labels(mentions))
    spec = json.dumps(network_spec(mentions))
    assert "&lt;img src=x onerror=alert(1)&gt;" in spec and "<img" not in spec
    assert "&quot;" not in spec  # plotly would show it as typed
    pick(mentions, "→ Emmanuel Macron → Germany")
    bodies = " ".join(block.proto.body for block in mentions.get("html"))
    assert "&lt;img src=x" in bodies and "<img" not in bodies
    captions = " ".join(c.value for c in mentions.caption)
    assert r"\<i\>Evil\</i\> \[x\]\(y\)" in captions
    evil = article_ids(data_dir)["<i>Evil</i> [x](y)"]
    mentions.multiselect(key="mentions_articles").set_value([evil]).run()
    labels = edge_labels(mentions)
    assert len(labels) == 3 and all(label.startswith("→ Emmanuel Macron → ") for label in labels)
