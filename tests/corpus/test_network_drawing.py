"""Who mentions whom, what the page draws: the layout of the network, labels that never
overlap, the nodes of the edges and the heaviest of them, the speaker x entity matrix and
unique labels."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from analysis.corpus import network as net
from analysis.corpus import network_drawing as drawing
from analysis.corpus.network import NetworkFilters
from tests.corpus import test_network
from tests.corpus.test_network import CORPUS, KIM, PYONGYANG

store_of = test_network.store_of  # the fixture: a SQLite store of some articles


@pytest.mark.parametrize("countries", [False, True])
def test_layout_is_stable_across_calls_and_edge_orders(store_of, countries):
    table = net.edges(store_of(CORPUS), NetworkFilters(countries))
    first = drawing.layout(drawing.graph(table))
    assert first == drawing.layout(drawing.graph(table))
    shuffled = table.sample(frac=1, random_state=random.Random(3).randint(0, 99))
    assert drawing.layout(drawing.graph(shuffled)) == first
    assert set(first) == set(table["source_id"]) | set(table["target_id"])
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())
    assert len(set(first.values())) == len(first)  # no two nodes on one spot


def test_layout_of_nothing_and_of_one_edge(store_of):
    table = net.edges(store_of(CORPUS), NetworkFilters())
    assert drawing.layout(drawing.graph(table.head(0))) == {}
    assert set(drawing.layout(drawing.graph(table.head(1)))) == {KIM, PYONGYANG}


def clique_edges(prefix: str, size: int) -> list[tuple[str, str, int]]:
    people = [f"person:{prefix}{i}" for i in range(size)]
    return [(a, b, 2) for i, a in enumerate(people) for b in people[i + 1 :]]


def test_layout_keeps_clusters_apart():
    """Three groups quoting each other, joined by one quote each: each group's nodes lie in
    a disc of their own, and no two discs overlap."""
    groups = {"a": 6, "b": 5, "c": 4}
    pairs = [edge for prefix, size in groups.items() for edge in clique_edges(prefix, size)]
    pairs += [("person:a0", "person:b0", 1), ("person:b1", "person:c0", 1)]
    edges = pd.DataFrame(pairs, columns=["source_id", "target_id", "count"])
    positions = drawing.layout(drawing.graph(edges))
    discs = []
    for prefix in groups:
        points = [xy for node, xy in positions.items() if node.startswith(f"person:{prefix}")]
        cx, cy = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        discs.append((cx, cy, max(math.dist((cx, cy), p) for p in points)))
    for i, (ax, ay, ar) in enumerate(discs):
        for bx, by, br in discs[i + 1 :]:
            assert math.dist((ax, ay), (bx, by)) > ar + br
    assert all(-1 <= v <= 1 for xy in positions.values() for v in xy)


@pytest.mark.parametrize("limit", [0, 1, 3, 10])
def test_labels_never_overlap_each_other_or_a_node(limit):
    rng = random.Random(5)
    pixels = {f"n{i}": (rng.uniform(0, 500), rng.uniform(0, 300)) for i in range(40)}
    texts = {node: "Name " * rng.randint(1, 4) for node in pixels}
    sizes = {node: rng.uniform(16, 44) for node in pixels}
    ranked = sorted(pixels)
    places = drawing.place_labels(pixels, texts, sizes, ranked, limit, 13, (500, 300))
    assert len(places) <= limit
    assert list(places) == [n for n in ranked if n in places]  # the first ranked first
    boxes = {n: drawing.label_box(*pixels[n], texts[n], sizes[n], w, 13) for n, w in places.items()}
    for a, box in boxes.items():
        assert box[0] >= 0 and box[2] <= 500 and box[1] >= 0 and box[3] <= 300
        for b, other in boxes.items():
            assert a == b or not drawing.overlap(box, other)
        for node, (x, y) in pixels.items():
            r = sizes[node] / 2
            assert node == a or not drawing.overlap(box, (x - r, y - r, x + r, y + r))


def test_the_heaviest_node_is_labelled_when_there_is_room():
    pixels = {"big": (250.0, 150.0), "small": (400.0, 150.0)}
    places = drawing.place_labels(
        pixels,
        {"big": "Kim Jong Un", "small": "Seoul"},
        {"big": 44, "small": 16},
        ["big", "small"],
        1,
        13,
        (500, 300),
    )
    assert places == {"big": "top center"}


def test_node_table_counts_both_directions(store_of):
    nodes = drawing.node_table(net.edges(store_of(CORPUS), NetworkFilters()))
    kim = nodes.set_index("node_id").loc[KIM]
    assert (kim["name"], kim["type"]) == ("Kim Jong Un", "PERSON")
    assert (kim["naming"], kim["named"], kim["weight"]) == (8, 1, 9)
    assert nodes["node_id"].tolist() == sorted(nodes["node_id"])


def test_top_nodes_keeps_the_heaviest(store_of):
    table = net.edges(store_of(CORPUS), NetworkFilters())
    top = drawing.top_nodes(table, 2)
    assert set(zip(top["source"], top["target"], strict=True)) == {("Kim Jong Un", "Pyongyang")}
    assert drawing.top_nodes(table, 100) is table
    assert drawing.top_nodes(table, 100, max_edges=2).equals(table.head(2))  # the most quoted


def test_matrix_and_unique_labels(store_of):
    store = store_of(CORPUS)
    table = net.edges(store, NetworkFilters(countries=True))
    labels = drawing.labels_of(net.nodes(store, True))
    grid = drawing.matrix(table, labels)
    assert grid.loc["Kim Jong Un", "North Korea"] == 4
    assert grid.loc["Jeffrey Lewis", "North Korea"] == 0
    assert list(grid.index)[0] == "Kim Jong Un"  # most quoted speaker first
    small = drawing.matrix(table, labels, limit=2)
    assert small.shape == (2, 2) and list(small.columns) == ["North Korea", "Russia"]
    nodes = net.nodes(store, False).head(0).copy()
    nodes.loc[0] = ["person:georgia", "Georgia", "PERSON", ("PERSON",)]
    nodes.loc[1] = ["gpe:georgia", "Georgia", "GPE", ("GPE",)]
    nodes.loc[2] = [KIM, "Kim Jong Un", "PERSON", ("PERSON",)]
    assert drawing.labels_of(nodes) == {
        "gpe:georgia": "Georgia (GPE)",
        "person:georgia": "Georgia (PERSON)",
        KIM: "Kim Jong Un",
    }
