"""Who mentions whom in chromium: the network renders, and clicking a node lists its quotes."""

import csv
import io
import re
from pathlib import Path

from analysis.output.tables import COLUMNS
from tests.browser.conftest import screenshot

NETWORK = ".js-plotly-plot"


def node_marker(page, name: str):
    """The marker of the node labelled `name`: in a plotly markers+text trace the labels
    and the markers come in the same order."""
    traces = page.locator(f"{NETWORK} .scatterlayer .trace").all()
    for trace in traces:
        labels = trace.locator(".textpoint text").all_text_contents()
        if name in labels:
            return trace.locator(".points path").nth(labels.index(name))
    raise AssertionError(f"no node labelled {name!r}")


def test_clicking_a_node_lists_its_quotes(page, app_url):
    page.goto(f"{app_url}/mentions")
    page.get_by_text("Who mentions whom", exact=True).first.wait_for()
    network = page.locator(NETWORK).first
    network.locator(".textpoint text").first.wait_for()
    labels = network.locator(".textpoint text").all_text_contents()
    assert {"Kim Jong Un", "Jeffrey Lewis", "Vladimir Putin", "United States"} <= set(labels)
    assert not {"Kim Il-sung", "Stalin", "Getty Images"} & set(labels)
    assert network.locator(".annotation-arrow-g path").count() >= 9  # one arrow per edge
    screenshot(page, "mentions-network")

    node_marker(page, "Jeffrey Lewis").click(force=True)
    page.get_by_text("Jeffrey Lewis said").first.wait_for()
    quote = page.locator("mark.ent[data-entity='gpe:united-states']")
    quote.first.wait_for()
    assert page.locator("mark.ent[data-entity='person:jeffrey-lewis']").count() >= 1
    assert page.get_by_text("Open in the Reader at sentence 17").is_visible()
    screenshot(page, "mentions-node-clicked")

    with page.expect_download() as download:
        page.get_by_text("Download the 1 quote(s) listed (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert rows[0] == COLUMNS["quotes"]
    assert [row[2] for row in rows[1:]] == ["Jeffrey Lewis"]


def test_clicking_an_edge_midpoint_lists_its_quotes(page, app_url):
    page.goto(f"{app_url}/mentions")
    page.locator(f"{NETWORK} .textpoint text").first.wait_for()
    midpoints = page.locator(f"{NETWORK} .scatterlayer .trace").first.locator(".points path")
    assert midpoints.count() >= 8  # the seed's speech edges
    midpoints.first.click(force=True)  # the most quoted edge
    page.get_by_text("Open in the Reader at sentence").first.wait_for()
    picked = page.get_by_role("combobox", name="Quotes behind").input_value()
    assert picked.startswith("→ Kim Jong Un → ")
    assert page.locator("mark.ent.selected").count() >= 1  # the entity the edge points to
    screenshot(page, "mentions-edge-clicked")


def test_a_speakers_count_agrees_in_the_hover_the_list_and_top_speakers(page, app_url):
    """On the seed, Kim Jong Un showed 6 quotes in the hover, 5 in the list and 8 in Top
    speakers (issue 13): one count now, the quotes he said, whoever they name."""
    page.goto(f"{app_url}/mentions")
    page.locator(f"{NETWORK} .textpoint text").first.wait_for()
    node_marker(page, "Kim Jong Un").hover(force=True)
    hover = page.locator(f"{NETWORK} .hoverlayer .hovertext").first
    hover.wait_for()
    said = re.search(r"said (\d+) quote\(s\)", hover.text_content())
    assert said, hover.text_content()
    count = int(said[1])

    speakers = page.locator(".st-key-mentions_speakers .js-plotly-plot")
    speakers.locator(".bartext").first.wait_for()
    names = speakers.evaluate("plot => plot.data[0].y")
    texts = speakers.locator(".trace.bars").first.locator(".bartext").all_text_contents()
    assert int(texts[names.index("Kim Jong Un")]) == count

    node_marker(page, "Kim Jong Un").click(force=True)
    page.get_by_text(f"{count} quote(s) said by Kim Jong Un").wait_for()
    links = page.get_by_text("Open in the Reader at sentence")
    links.nth(count - 1).wait_for()
    assert links.count() == count
    screenshot(page, "mentions-speaker-count")


def test_the_network_is_full_width_and_no_labels_overlap(page, news_app_url):
    page.goto(f"{news_app_url}/mentions")
    chart = page.locator(".st-key-mentions_chart")
    chart.locator(".textpoint text").first.wait_for()
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    box = chart.bounding_box()
    padding = page.get_by_test_id("stMainBlockContainer").evaluate(
        "e => parseFloat(getComputedStyle(e).paddingLeft)"
        " + parseFloat(getComputedStyle(e).paddingRight)"
    )
    assert box["width"] >= main["width"] - padding - 2
    assert box["height"] >= 700
    labels = chart.locator(".textpoint text").evaluate_all(
        "texts => texts.filter(t => t.textContent).map(t => { const r = t.getBoundingClientRect();"
        " return [t.textContent, r.left, r.top, r.right, r.bottom]; })"
    )
    assert len(labels) >= 10
    for i, (name, *a) in enumerate(labels):
        for other, *b in labels[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (name, other)
    screenshot(page, "mentions-network-news")
