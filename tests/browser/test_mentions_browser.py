"""Who mentions whom in chromium: the network renders, and clicking a node lists its quotes."""

import csv
import io
from pathlib import Path

from analysis.tables import COLUMNS
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
    assert midpoints.count() >= 9
    midpoints.first.click(force=True)  # the most quoted edge
    page.get_by_text("Open in the Reader at sentence").first.wait_for()
    picked = page.get_by_role("combobox", name="Quotes behind").input_value()
    assert picked.startswith("→ Kim Jong Un → ")
    assert page.locator("mark.ent.selected").count() >= 1  # the entity the edge points to
    screenshot(page, "mentions-edge-clicked")
