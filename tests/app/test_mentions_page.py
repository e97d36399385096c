"""AppTest of the Who mentions whom page on the seed corpus."""

from __future__ import annotations

import base64
import html
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import network_drawing as drawing
from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import SEEDED_KEY, add_document, materialise
from analysis.ingest.readers import Document
from analysis.output.highlight import markdown_escape
from analysis.quote_kinds import QUOTE_KINDS, SPEECH_KINDS, kind_label
from analysis.records import Analysis, Article, Entity, Mention, Quote, Sentence
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
    pick(mentions, "● Jeffrey Lewis · said")
    assert any(m.value == "**1 quote(s) said by Jeffrey Lewis**" for m in mentions.markdown)
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
    assert any(
        m.value == "**2 quote(s) of Kim Jong Un naming Pyongyang**" for m in mentions.markdown
    )
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
    assert mentions.selectbox(key=PICK).value == ("speaker", "person:kang-dae-sik")
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
    pick(mentions, "● Kang Dae-sik · said")
    (listed,) = [m.value for m in mentions.markdown if " quote(s) said by " in m.value]
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


# -- at scale: what the page bounds ----------------------------------------------------------

KIM, PUTIN = "person:kim-jong-un", "person:vladimir-putin"
CROWD = [f"person:p{i:02d}" for i in range(33)]


def kim_article(n: int) -> tuple[Article, Analysis]:
    """An article where Kim Jong Un names Vladimir Putin."""
    text = f"Kim Jong Un said Vladimir Putin would come ({n})."
    mentions = [Mention(0, 11, "Kim Jong Un", "PERSON", 0, KIM),
                Mention(17, 31, "Vladimir Putin", "PERSON", 0, PUTIN)]  # fmt: skip
    entities = [
        Entity(KIM, "Kim Jong Un", "PERSON", 1),
        Entity(PUTIN, "Vladimir Putin", "PERSON", 1),
    ]
    said = Quote("q1", "Kim Jong Un", KIM, "PERSON", "said", "Vladimir Putin would come",
                 "indirect", 17, len(text) - 1, 0, mentioned=[PUTIN])  # fmt: skip
    analysis = Analysis(PIPELINE_VERSION, [Sentence(0, 0, len(text), text)], mentions, entities,
                        quotes=[said])  # fmt: skip
    return Article(
        f"kim{n:02d}", text, title=f"Kim {n}", added=f"2024-01-{n % 28 + 1:02d}"
    ), analysis


def crowd_article() -> tuple[Article, Analysis]:
    """33 people named in one sentence (528 pairs); 31 of them quoted naming 11 others (341
    edges between 33 nodes)."""
    names = [f"Person {i:02d}" for i in range(len(CROWD))]
    text = ", ".join(names) + " met."
    starts = [text.index(name) for name in names]
    mentions = [Mention(s, s + len(n), n, "PERSON", 0, e)
                for s, n, e in zip(starts, names, CROWD, strict=True)]  # fmt: skip
    entities = [Entity(e, n, "PERSON", 1) for e, n in zip(CROWD, names, strict=True)]
    quotes = [
        Quote(f"q{i}", names[i], CROWD[i], "PERSON", "said", "they met", "indirect", 0, 5, 0,
              mentioned=[CROWD[(i + k) % len(CROWD)] for k in range(1, 12)])
        for i in range(31)
    ]  # fmt: skip
    analysis = Analysis(PIPELINE_VERSION, [Sentence(0, 0, len(text), text)], mentions, entities,
                        quotes=quotes)  # fmt: skip
    return Article("crowd", text, title="Crowd", added="2024-02-01"), analysis


@pytest.fixture
def crowded(data_dir):
    """The page over 60 articles where Kim names Putin and one crowded article."""
    store = Store(data_dir / DB_FILE)
    store.set_setting(SEEDED_KEY, "now")  # no seed article
    for record, analysis in [*map(kim_article, range(60)), crowd_article()]:
        store.add(record, analysis)
    materialise(store)
    store.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/mentions.py").run()
    assert not at.exception, at.exception
    return at


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_a_selection_lists_its_first_quotes_and_counts_them_all(crowded):
    pick(crowded, "→ Kim Jong Un → Vladimir Putin · 60 quote(s)")
    assert any(
        m.value == "**60 quote(s) of Kim Jong Un naming Vladimir Putin**" for m in crowded.markdown
    )
    assert "The first 50 in corpus order; the CSV below has them all." in captions(crowded)
    links = reader_links(crowded)
    assert len(links) == 50 and links[0] == "article=kim00&sentence=0"  # 2024-01-01 first
    assert "Download the 60 quote(s) listed (CSV)" in [
        b.proto.label for b in crowded.get("download_button")
    ]
    marked = " ".join(block.proto.body for block in crowded.get("html"))
    assert marked.count('<mark class="ent selected"') == 50  # Putin, the entity named
    assert marked.count(f'data-entity="{PUTIN}"') == 50


def test_the_page_bounds_what_it_draws_and_lists(crowded):
    text = captions(crowded)
    assert "Drawing 150 of the 342 edges, the most quoted among the 35 most connected" in text
    assert "The 30 most quoted of 32 speakers" in text
    assert "The 500 most frequent of 529 pairs; the CSV has them all." in text
    labels = [b.proto.label for b in crowded.get("download_button")]
    assert "Download the 529 pair(s) (CSV)" in labels
    assert "Download the 342 edge(s) shown (CSV)" in labels
    assert len(edge_labels(crowded)) == 342  # every edge can be picked
    pairs = crowded.dataframe[-1].value
    assert len(pairs) == 500 and pairs["sentences"].max() == 60  # Kim and Putin, 60 times
    spec = network_spec(crowded)
    assert len(spec["layout"]["annotations"]) == 150  # one arrow per edge drawn


@pytest.mark.parametrize("page", ["mentions", "crowded"])
def test_the_network_chart_is_a_valid_plotly_figure(page, request):
    """The page builds it without plotly's checks (speed): they must pass all the same."""
    spec = network_spec(request.getfixturevalue(page))
    assert spec["layout"]["annotations"] and len(spec["data"]) >= 2
    go.Figure(spec)  # raises on any property plotly does not know or any invalid value


# -- one count per speaker; speech and stances (issues 13 and 15) ----------------------------


def said_in_hover(spec: dict) -> dict[str, int]:
    """Speaker -> the quotes the network's hover says they said."""
    found = {}
    for trace in spec["data"]:
        for text in trace.get("hovertext") or []:
            if match := re.match(r"<b>(.+?)</b> \(\w+\)<br>said (\d+) quote", text):
                found[match[1]] = int(match[2])
    return found


def top_speakers(at) -> dict[str, int]:
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(
        "mentions_speakers")).proto.spec)  # fmt: skip
    said = next(t for t in spec["data"] if t["name"] == "quotes said")
    return dict(zip(said["y"], plotted(said["x"]), strict=True))


def plotted(values) -> list:
    """A plotly spec's values: a list, or a typed array ({"dtype", "bdata"}) of numbers."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"]).tolist()
    return list(values)


def listed_count(at, name: str) -> int:
    pick(at, f"● {name} · said")
    said = f" quote(s) said by {markdown_escape(name)}**"
    (heading,) = [m.value for m in at.markdown if said in m.value]
    return int(heading.strip("*").split()[0])


def test_a_speakers_count_agrees_in_the_hover_the_list_and_top_speakers(mentions):
    hover = said_in_hover(network_spec(mentions))
    chart = top_speakers(mentions)
    assert hover["Kim Jong Un"] == chart["Kim Jong Un"] == listed_count(mentions, "Kim Jong Un")
    for name, count in hover.items():
        assert chart[name] == count == listed_count(mentions, name), name
    option = next(o for o in options(mentions) if o.startswith("● Kim Jong Un · said "))
    assert option == f"● Kim Jong Un · said {chart['Kim Jong Un']} quote(s)"


def stance_article() -> tuple[Article, Analysis]:
    """An article with a quote of each kind by Lena Park, one a stance naming Oslo."""
    text = ('Lena Park said Berlin would pay. "Bonn will help," Lena Park said. According to '
            "Lena Park, Paris agreed. Lena Park believes Oslo will join.")  # fmt: skip
    people = {"person:lena-park": ("Lena Park", "PERSON")} | {
        f"gpe:{city.lower()}": (city, "GPE") for city in ("Berlin", "Bonn", "Paris", "Oslo")
    }
    mentions, sentences = [], []
    for index, sentence in enumerate(re.split(r"(?<=[.,]\") |(?<=\.) ", text)):
        start = text.index(sentence)
        sentences.append(Sentence(index, start, start + len(sentence), sentence))
        for entity, (name, kind) in people.items():
            if name in sentence:
                at = start + sentence.index(name)
                mentions.append(Mention(at, at + len(name), name, kind, index, entity))
    entities = [Entity(i, n, t, 1) for i, (n, t) in people.items()]
    said = [("q1", "indirect", "said", "gpe:berlin", 0), ("q2", "direct", "said", "gpe:bonn", 1),
            ("q3", "according_to", "according to", "gpe:paris", 2),
            ("q4", "stance", "believes", "gpe:oslo", 3)]  # fmt: skip
    quotes = [
        Quote(q, "Lena Park", "person:lena-park", "PERSON", cue, f"{people[city][0]} words",
              kind, sentences[n].start, sentences[n].end, n, mentioned=[city])
        for q, kind, cue, city, n in said
    ]  # fmt: skip
    analysis = Analysis(PIPELINE_VERSION, sentences, mentions, entities, quotes=quotes)
    return Article("stances", text, title="Stances", added="2024-03-01"), analysis


@pytest.fixture
def with_stances(data_dir):
    store = Store(data_dir / DB_FILE)
    store.set_setting(SEEDED_KEY, "now")
    store.add(*stance_article())
    materialise(store)
    store.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/mentions.py").run()
    assert not at.exception, at.exception
    return at


def test_stances_are_left_out_until_the_analyst_includes_them(with_stances):
    at = with_stances
    toggle = at.toggle(key="mentions_stances")
    assert toggle.label == "Include stances and beliefs (not speech)" and not toggle.value
    assert "Counting speech only: stances and beliefs left out." in captions(at)
    assert not any("Oslo" in label for label in edge_labels(at))
    assert top_speakers(at) == {"Lena Park": 3}
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    assert any(label.startswith("→ Lena Park → Oslo · 1 quote(s)") for label in edge_labels(at))
    assert top_speakers(at) == {"Lena Park": 4}
    assert said_in_hover(network_spec(at)) == {"Lena Park": 4}
    assert listed_count(at, "Lena Park") == 4


def test_each_quote_listed_says_its_kind(with_stances):
    at = with_stances
    at.toggle(key="mentions_stances").set_value(True).run()
    pick(at, "● Lena Park · said")
    kinds = [c.value.split(" · ")[0] for c in at.caption if " · Stances" in c.value]
    in_the_article = ["indirect", "direct", "according_to", "stance"]
    assert kinds == [markdown_escape(kind_label(k)) for k in in_the_article]
    assert kinds[-1] == markdown_escape("stance or belief (not speech)")
    assert [k for k in QUOTE_KINDS if k not in SPEECH_KINDS] == ["stance"]


# -- the network: full width, tall, labels that never overlap ----------------------------------


def label_boxes(spec: dict) -> list[tuple]:
    """The boxes of the chart's labels as the page placed them (at the width it assumes)."""
    from pages.mentions import LABEL_FONT_PX, LABEL_WIDTH_PX, MARGINS, NETWORK_HEIGHT

    x0, x1 = spec["layout"]["xaxis"]["range"]
    y0, y1 = spec["layout"]["yaxis"]["range"]
    height = NETWORK_HEIGHT - MARGINS["t"] - MARGINS["b"]
    boxes = []
    for trace in spec["data"]:
        if trace.get("mode") != "markers+text":
            continue
        for x, y, text, where, size in zip(trace["x"], trace["y"], trace["text"],
                                           trace["textposition"], trace["marker"]["size"],
                                           strict=True):  # fmt: skip
            if text:
                px, py = (x - x0) / (x1 - x0) * LABEL_WIDTH_PX, (y - y0) / (y1 - y0) * height
                boxes.append(drawing.label_box(px, py, html.unescape(text), size, where,
                                               LABEL_FONT_PX))  # fmt: skip
    return boxes


@pytest.mark.parametrize("page", ["mentions", "crowded"])
def test_the_network_is_tall_and_labels_its_most_connected_nodes_without_overlap(page, request):
    """(Its full width is checked in chromium: tests/browser/test_mentions_browser.py.)"""
    at = request.getfixturevalue(page)
    spec = network_spec(at)
    assert spec["layout"]["height"] >= 700
    boxes = label_boxes(spec)
    nodes = sum(len(t["x"]) for t in spec["data"] if t.get("mode") == "markers+text")
    assert 0 < len(boxes) <= min(nodes, 25)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    if page == "crowded":  # 35 nodes drawn: the rest are named on hover only
        assert len(boxes) < nodes
