"""What the Who-mentions-whom page draws of the network, from its edges (`network.edges`):
the nodes of the edges and the heaviest of them (`node_table`, `top_nodes`), where each node
goes (communities packed in discs of their own, `layout`), where the labels go so that none
overlaps another or a node (`place_labels`), the speaker x entity matrix and the nodes'
display names. Plain Python over DataFrames: no store and no Streamlit (the page builds the
plotly figures from these)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from analysis.lazy import lazy_module

nx = lazy_module("networkx")  # imported when first used
pd = lazy_module("pandas")  # imported when first used

LAYOUT_SEED = 7
MAX_LAYOUT_NODES = 400  # networkx's force layout needs scipy from 500 nodes on
CLUSTER_RADIUS = 0.5  # a community's disc: this times the square root of its members
CLUSTER_GAP = 0.3  # between two discs
PACKING_ANGLES = 36  # places tried around each disc when packing them
PLOT_ASPECT = 1.6  # the network is drawn about this much wider than tall
LABEL_PLACES = ("top center", "bottom center", "middle right", "middle left")
LABEL_CHAR_WIDTH = 0.62  # a character's width in a label, in font sizes (generous: Arial 0.55)


def node_table(edges: pd.DataFrame) -> pd.DataFrame:
    """The nodes of the edges: name and type, quotes naming them (`named`), naming others
    (`naming`); `weight` = both, what the network sizes nodes by. Sorted by node id."""
    ends = pd.concat(
        [
            edges[["source_id", "source", "source_type"]].set_axis(
                ["node_id", "name", "type"], axis=1
            ),
            edges[["target_id", "target", "target_type"]].set_axis(
                ["node_id", "name", "type"], axis=1
            ),
        ]
    ).drop_duplicates("node_id")
    named = edges.groupby("target_id")["count"].sum()
    naming = edges.groupby("source_id")["count"].sum()
    table = ends.sort_values("node_id", kind="stable").reset_index(drop=True)
    table["named"] = table["node_id"].map(named).fillna(0).astype("int64")
    table["naming"] = table["node_id"].map(naming).fillna(0).astype("int64")
    table["weight"] = table["named"] + table["naming"]
    return table


def top_nodes(edges: pd.DataFrame, limit: int, max_edges: int | None = None) -> pd.DataFrame:
    """The edges among the `limit` heaviest nodes (all edges when there are fewer nodes),
    at most `max_edges` of them (the most quoted)."""
    table = node_table(edges)
    if len(table) > limit:
        ranked = table.sort_values(["weight", "node_id"], ascending=[False, True], kind="stable")
        keep = set(ranked["node_id"][:limit])
        edges = edges[edges["source_id"].isin(keep) & edges["target_id"].isin(keep)]
    if max_edges is not None and len(edges) > max_edges:
        edges = edges.head(max_edges)  # edges come most quoted first
    return edges


def graph(edges: pd.DataFrame) -> nx.DiGraph:
    """The directed graph of the edges, nodes and edges added in sorted order."""
    network_graph = nx.DiGraph()
    network_graph.add_nodes_from(sorted(set(edges["source_id"]) | set(edges["target_id"])))
    weighted = sorted(zip(edges["source_id"], edges["target_id"], edges["count"], strict=True))
    network_graph.add_weighted_edges_from(weighted, weight="count")
    return network_graph


def layout(network_graph: nx.DiGraph, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]² that keep clusters apart, the same for the same graph
    whatever order its nodes and edges were added in. The clusters are the communities
    of the undirected graph weighted by quotes (Louvain, fixed seed); each is drawn by a
    spring layout inside a disc of its own, sized by the square root of its members, and
    the discs are placed by a spring layout of the communities' graph (those quoting each
    other close), then pushed apart until no two overlap."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(network_graph.nodes))
    for source, target in sorted(network_graph.edges):
        weight = network_graph.edges[source, target].get("count", 1)
        if ordered.has_edge(source, target):
            ordered.edges[source, target]["count"] += weight
        else:
            ordered.add_edge(source, target, count=weight)
    if len(ordered) == 0:
        return {}
    if len(ordered) > MAX_LAYOUT_NODES:
        return {n: (float(x), float(y)) for n, (x, y) in nx.circular_layout(ordered).items()}
    found = nx.community.louvain_communities(ordered, weight="count", seed=seed)
    communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    radii = [CLUSTER_RADIUS * len(c) ** 0.5 for c in communities]
    centres = _cluster_centres(ordered, communities, radii, seed)
    positions: dict[str, tuple[float, float]] = {}
    for members, radius, (cx, cy) in zip(communities, radii, centres, strict=True):
        if len(members) == 1:
            positions[members[0]] = (cx, cy)
            continue
        inside = nx.spring_layout(
            ordered.subgraph(members), k=1.6 / len(members) ** 0.5, weight=None, seed=seed,
            iterations=200, method="force",
        )  # fmt: skip
        for node, (x, y) in nx.rescale_layout_dict(inside, scale=radius).items():
            positions[node] = (cx + float(x), cy + float(y))
    positions = nx.rescale_layout_dict(positions, scale=1.0) if len(positions) > 1 else positions
    return {node: (round(float(x), 6), round(float(y), 6)) for node, (x, y) in positions.items()}


def _cluster_centres(
    graph: nx.Graph, communities: list[list[str]], radii: list[float], seed: int
) -> list[tuple[float, float]]:
    """Where each community's disc goes, the largest first: in the middle, then each
    next to one placed before it, at the free place nearest the middle (a wide plot: a
    place to the side counts as nearer), so that the discs are packed but never overlap.
    (`graph` and `seed` are those of `layout`; the packing itself is deterministic.)"""
    centres: list[tuple[float, float]] = []
    for radius in radii:
        if not centres:
            centres.append((0.0, 0.0))
            continue
        best, best_score = None, None
        for (cx, cy), other in zip(centres, radii, strict=False):
            reach = other + radius + CLUSTER_GAP
            for step in range(PACKING_ANGLES):
                angle = 2 * math.pi * step / PACKING_ANGLES
                x, y = cx + reach * math.cos(angle), cy + reach * math.sin(angle)
                if any(
                    math.hypot(x - px, y - py) < r + radius + CLUSTER_GAP - 1e-9
                    for (px, py), r in zip(centres, radii, strict=False)
                ):
                    continue
                score = (x / PLOT_ASPECT) ** 2 + y**2
                if best_score is None or score < best_score - 1e-12:
                    best, best_score = (x, y), score
        centres.append(best)
    return centres


# -- labels that do not overlap ----------------------------------------------------------


def label_box(
    x: float, y: float, text: str, marker_px: float, where: str, font_px: float
) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) in pixels of a label `where` ("top center",
    "bottom center", "middle right", "middle left") of a marker at pixel (x, y)."""
    width, height = LABEL_CHAR_WIDTH * font_px * len(text) + 4, font_px * 1.3
    gap = marker_px / 2 + 2
    if where == "top center":
        return x - width / 2, y + gap, x + width / 2, y + gap + height
    if where == "bottom center":
        return x - width / 2, y - gap - height, x + width / 2, y - gap
    if where == "middle right":
        return x + gap, y - height / 2, x + gap + width, y + height / 2
    return x - gap - width, y - height / 2, x - gap, y + height / 2


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    pixels: dict[str, tuple[float, float]],
    texts: dict[str, str],
    marker_px: dict[str, float],
    ranked: Sequence[str],
    limit: int,
    font_px: float = 13,
    area: tuple[float, float] | None = None,
) -> dict[str, str]:
    """Where to put the labels of at most `limit` nodes, the first of `ranked` first (the
    most connected): for each, the first of LABEL_PLACES whose box overlaps no label
    placed before it, no other node's marker and stays inside `area` (width, height in
    pixels); a node with no such place gets no label (its hover label names it).
    `pixels`: each node's position in pixels, y upwards."""
    markers = {
        node: (x - marker_px[node] / 2, y - marker_px[node] / 2,
               x + marker_px[node] / 2, y + marker_px[node] / 2)
        for node, (x, y) in pixels.items()
    }  # fmt: skip
    placed: dict[str, str] = {}
    boxes: list[tuple] = []
    for node in ranked:
        if len(placed) >= limit:
            break
        x, y = pixels[node]
        for where in LABEL_PLACES:
            box = label_box(x, y, texts[node], marker_px[node], where, font_px)
            inside = area is None or (box[0] >= 0 and box[1] >= 0 and box[2] <= area[0]
                                      and box[3] <= area[1])  # fmt: skip
            if (
                inside
                and not any(overlap(box, other) for other in boxes)
                and not any(overlap(box, m) for n, m in markers.items() if n != node)
            ):
                placed[node] = where
                boxes.append(box)
                break
    return placed


def matrix(edges: pd.DataFrame, labels: dict[str, str], limit: int | None = None) -> pd.DataFrame:
    """Speaker x entity named: counts (0 where none), speakers and entities by total count;
    with `limit`, the `limit` most quoted speakers and most named entities only."""
    if edges.empty:
        return pd.DataFrame()
    table = edges.pivot_table(
        index="source_id", columns="target_id", values="count", aggfunc="sum", fill_value=0
    )
    rows = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    columns = table.sum(axis=0).sort_values(ascending=False, kind="stable").index
    if limit is not None:
        rows, columns = rows[:limit], columns[:limit]
    table = table.loc[rows, columns]
    table.index = [labels[i] for i in table.index]
    table.columns = [labels[i] for i in table.columns]
    return table.astype("int64")


def labels_of(table: pd.DataFrame) -> dict[str, str]:
    """Display names of the nodes of a table (node_id, name, type), unique: a name two
    nodes share gets its type ("Georgia (PERSON)")."""
    counts = Counter(table["name"])
    return {
        i: name if counts[name] == 1 else f"{name} ({node_type})"
        for i, name, node_type in zip(table["node_id"], table["name"], table["type"], strict=True)
    }
