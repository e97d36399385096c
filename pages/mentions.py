"""Who mentions whom: speakers and the entities they name, as a network, a heatmap, the top
speakers and co-occurrence, with the quotes behind any node or edge.

Every count is an SQL aggregate over the store's rows (analysis.corpus.network), cached per store
revision and filter: the page never holds the corpus's rows, and a rerun recomputes
nothing. Speech is counted (direct, indirect, "according to"); stances and beliefs only
when the analyst includes them. A speaker has one count of quotes, the same in the node's
hover, the quotes listed for it and the Top speakers chart."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.corpus import network as net
from analysis.corpus import network_drawing as drawing
from analysis.output.highlight import colour, highlight_html, markdown_escape, plot_text
from analysis.output.tables import COLUMNS
from analysis.quote_kinds import QUOTE_KINDS, SPEECH_KINDS, kind_label
from pages._find import DOSSIER_COLUMN, dossier_link
from pages._shared import (
    article_filter,
    article_with_analysis,
    corpus_view,
    csv_download,
    library,
    snapshot,
    store_key,
)

MAX_NODES = 60  # more is a hairball: the heaviest nodes are drawn, every edge is in the CSV
MAX_DRAWN_EDGES = 150  # arrows drawn at most (the most quoted among the nodes drawn)
MAX_LABELS = 25  # nodes named on the chart (the heaviest); every node has its hover label
NETWORK_HEIGHT = 760  # px: the network is drawn full width and this tall
# labels are placed so that none overlap at this plot width or any wider (px, the plot area)
LABEL_WIDTH_PX = 880
LABEL_FONT_PX = 13
MARGINS = {"l": 10, "r": 10, "t": 40, "b": 10}
MAX_PICKS = 2000  # edges offered in the "Quotes behind" box at most (the most quoted)
TOP_SPEAKERS = 15
HEATMAP_SIZE = 30  # speakers and entities named in the heatmap at most
MAX_QUOTES = 50  # quotes listed for a selection
PICK = "mentions_pick"
LAST_CLICK = "mentions_last_click"


# -- cached reads: one shared copy per store revision (and grouping, filter, selection) -----


@corpus_view(max_entries=4)
def node_table(key, countries: bool) -> pd.DataFrame:
    return net.nodes(snapshot(), countries)


@corpus_view(max_entries=4)
def node_labels(key, countries: bool) -> dict[str, str]:
    return drawing.labels_of(node_table(key, countries))


@corpus_view(max_entries=2)
def type_options(key) -> list[str]:
    """The same options with and without grouping, so a choice survives the toggle."""
    return net.node_types(node_table(key, False), node_table(key, True))


@corpus_view(max_entries=2)
def article_titles(key) -> dict[str, str]:
    titles = net.article_titles(snapshot())
    return dict(zip(titles["article_id"], titles["title"], strict=True))


@dataclass(frozen=True)
class NetworkView:
    """What the page shows of the network under one filter; read-only once cached."""

    edges: pd.DataFrame  # every edge under the filters (EDGE_COLUMNS), most quoted first
    drawn: pd.DataFrame  # the edges drawn
    nodes: pd.DataFrame  # the nodes drawn (drawing.node_table)
    all_nodes: int
    options: list  # of the "Quotes behind" box
    option_text: dict  # option -> its label
    picks_capped: bool
    figure: go.Figure | None
    heatmap: go.Figure | None
    heatmap_shape: tuple[int, int, int, int]  # rows, columns shown; rows, columns in all
    said: dict  # node id -> quotes said (the speakers' count), for a click's default


@corpus_view(max_entries=16, show_spinner="Counting who names whom…")
def network_view(key, filters: net.NetworkFilters):
    store, table = snapshot(), node_table(key, filters.countries)
    edges = net.edges(store, filters, table)
    labels = node_labels(key, filters.countries)
    if edges.empty:
        return NetworkView(edges, edges, drawing.node_table(edges), 0, [None], {}, False,
                           None, None, (0, 0, 0, 0), {})  # fmt: skip
    drawn = drawing.top_nodes(edges, MAX_NODES, MAX_DRAWN_EDGES)
    nodes = drawing.node_table(drawn)
    all_nodes = drawing.node_table(edges)
    speakers = speaker_view(key, filters.of_speakers())[0]
    said = dict(zip(speakers["node_id"], zip(speakers["quotes"], speakers["naming"],
                                             strict=True), strict=True))  # fmt: skip
    named = dict(zip(all_nodes["node_id"], all_nodes["named"], strict=True))
    pairs = list(zip(edges["source_id"], edges["target_id"], edges["count"], strict=True))
    picked = pairs[:MAX_PICKS]
    seen = {(s, t) for s, t, _ in picked}
    picked += [p for p in zip(drawn["source_id"], drawn["target_id"], drawn["count"],
                              strict=True) if p[:2] not in seen]  # fmt: skip
    text = {None: "— click a node or an edge, or pick one —"}
    options: list = [None]
    for node in sorted(named, key=lambda i: (labels[i].casefold(), i)):
        if said.get(node, (0, 0))[0]:
            options.append(("speaker", node))
            text[("speaker", node)] = f"● {labels[node]} · said {said[node][0]} quote(s)"
        if named[node]:
            options.append(("named", node))
            text[("named", node)] = f"● {labels[node]} · named in {named[node]} quote(s)"
    options += [("edge", s, t) for s, t, _ in picked]
    for s, t, count in picked:
        text[("edge", s, t)] = f"→ {labels[s]} → {labels[t]} · {count} quote(s)"
    grid = drawing.matrix(edges, labels, HEATMAP_SIZE)
    shape = (*grid.shape, edges["source_id"].nunique(), edges["target_id"].nunique())
    return NetworkView(
        edges=edges,
        drawn=drawn,
        nodes=nodes,
        all_nodes=len(all_nodes),
        options=options,
        option_text=text,
        picks_capped=len(pairs) > MAX_PICKS,
        figure=network_chart(drawn, nodes, labels, said, named),
        heatmap=heatmap_chart(grid),
        heatmap_shape=shape,
        said={node: counts[0] for node, counts in said.items()},
    )


@corpus_view(max_entries=16)
def quotes_behind_edges(key, filters: net.NetworkFilters):
    if filters.min_count <= 1:  # every quote naming someone: the speakers' count, read already
        return int(speaker_view(key, filters.of_speakers())[0]["naming"].sum())
    table = node_table(key, filters.countries)
    return net.quote_count(snapshot(), filters, None, table)


@corpus_view(max_entries=16)
def speaker_view(key, filters: net.NetworkFilters):
    """The speakers under `filters.of_speakers()` (one entry for every minimum count)."""
    table = net.speakers(snapshot(), filters, node_table(key, filters.countries))
    if table.empty:
        return table, None
    return table, speakers_chart(table, node_labels(key, filters.countries))


@corpus_view(max_entries=16)
def named_together(key, filters: net.NetworkFilters):
    """The first pairs under `filters.of_pairs()` and how many there are in all."""
    return net.cooccurrence(snapshot(), filters, net.MAX_PAIRS, node_table(key, filters.countries))


@corpus_view(max_entries=32, show_spinner="Reading the quotes…")
def quote_list(key, filters: net.NetworkFilters, selected: tuple):
    """The first quotes behind a selection, ready to show, and how many there are."""
    store = snapshot()
    table = node_table(key, filters.countries)
    keys, total = net.quotes_behind(store, filters, selected, MAX_QUOTES, table)
    # the node picked, or the entity an edge points to, is outlined in each quote
    focus_node = selected[1] if selected[0] != "edge" else selected[2]
    articles = sorted(set(keys["article_id"]))
    focus = net.members(store, focus_node, filters.countries, articles)
    return [block for k in keys.itertuples() if (block := quote_block(key, *k[1:], focus))], total


def quote_block(key, article_id: str, quote_id: str, focus: set[str]) -> dict | None:
    found = article_with_analysis(article_id, key)
    if found is None:
        return None
    article, analysis = found
    quote = next((q for q in analysis.quotes if q.quote_id == quote_id), None)
    if quote is None:
        return None
    names = {e.entity_id: e.name for e in analysis.entities}
    named = [names.get(i, i) for i in dict.fromkeys(quote.mentioned)]
    sentences, mentions = net.quote_excerpt(analysis, quote)
    highlighted = next((m.entity_id for m in mentions if m.entity_id in focus), None)
    via = f" · via {', '.join(quote.via)}" if quote.via else ""
    return {
        "article_id": article_id,
        "sentence": quote.sentence,
        "kind": quote.kind,
        "heading": f"**{markdown_escape(quote.speaker)}** {markdown_escape(quote.cue)} · naming "
        f"{markdown_escape(', '.join(named)) or '—'}",
        "caption": markdown_escape(
            f"{kind_label(quote.kind)} · {article.title or article_id}{via}"
        ),
        "html": highlight_html(
            article.text, sentences, mentions, names, None, highlighted, excerpt=True
        ),
    }


def listed_heading(selected: tuple, listed: int, labels: dict[str, str]) -> str:
    """What the quotes listed are, with their number: said by a node, naming it, or an
    edge's."""
    if selected[0] == "speaker":
        return f"**{listed} quote(s) said by {markdown_escape(labels[selected[1]])}**"
    if selected[0] == "named":
        return f"**{listed} quote(s) naming {markdown_escape(labels[selected[1]])}**"
    source, target = (markdown_escape(labels[i]) for i in selected[1:])
    return f"**{listed} quote(s) of {source} naming {target}**"


# -- charts ----------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def node_positions(edge_pairs: tuple[tuple[str, str, int], ...]) -> dict[str, tuple[float, float]]:
    edges = pd.DataFrame(edge_pairs, columns=["source_id", "target_id", "count"])
    return drawing.layout(drawing.graph(edges))


def hover_lines(text: str, limit: int = 160, width: int = 60) -> str:
    """Untrusted text for a plotly hover label: shortened, escaped, wrapped in lines."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<br>".join(plot_text(line) for line in textwrap.wrap(text, width))


def arrow_width(count: int, fewest: int, most: int) -> float:
    """1.5 px for the least quoted edge drawn, growing with the log of the count (1.5 px
    more per doubling) up to 6 px for the most quoted."""
    span = math.log2(most) - math.log2(fewest)
    return 1.5 + min(1.5, 4.5 / span if span else 0.0) * (math.log2(count) - math.log2(fewest))


def node_size(weight: int, heaviest: int) -> float:
    """16 px plus 7 px per square root of the node's quotes, at most 44 px (the heaviest)."""
    return 16 + min(7.0, 28 / math.sqrt(heaviest)) * math.sqrt(weight)


def axis_ranges(positions: dict) -> tuple[list[float], list[float]]:
    """The axes' ranges around the nodes, with room for their labels."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    return [min(xs) - 0.25, max(xs) + 0.25], [min(ys) - 0.15, max(ys) + 0.15]


def label_places(
    positions: dict, labels: dict[str, str], sizes: dict[str, float], ranked: list[str]
) -> dict[str, str]:
    """Where the most connected nodes' labels go so that no two overlap, nor a label a
    node, at LABEL_WIDTH_PX or wider (a wider chart only moves the nodes apart)."""
    (x0, x1), (y0, y1) = axis_ranges(positions)
    width, height = LABEL_WIDTH_PX, NETWORK_HEIGHT - MARGINS["t"] - MARGINS["b"]
    pixels = {n: ((x - x0) / (x1 - x0) * width, (y - y0) / (y1 - y0) * height)
              for n, (x, y) in positions.items()}  # fmt: skip
    return drawing.place_labels(pixels, labels, sizes, ranked, MAX_LABELS, LABEL_FONT_PX,
                            (width, height))  # fmt: skip


def network_chart(
    edges: pd.DataFrame,
    nodes: pd.DataFrame,
    labels: dict[str, str],
    said: dict[str, tuple[int, int]],
    named: dict[str, int],
) -> go.Figure:
    """Nodes (one trace per type, for the legend) sized by quotes naming them or naming
    others, the most connected labelled where no label overlaps another; edges as arrows
    whose width is their count, with a clickable marker at each midpoint. The hover says
    what each number counts: the quotes a node said (as Top speakers counts them) and the
    quotes naming it. Every text plotly renders is escaped (it understands a subset of
    HTML)."""
    positions = node_positions(
        tuple(zip(edges["source_id"], edges["target_id"], edges["count"].astype(int), strict=True))
    )
    heaviest, fewest, most = (int(nodes["weight"].max()), int(edges["count"].min()),
                              int(edges["count"].max()))  # fmt: skip
    sizes = {row.node_id: node_size(row.weight, heaviest) for row in nodes.itertuples()}
    ranked = nodes.sort_values(["weight", "node_id"], ascending=[False, True], kind="stable")
    places = label_places(positions, labels, sizes, list(ranked["node_id"]))
    # plotly checks each property of each of up to 150 arrows on its way in: half the page's
    # first run. What is set here is this function's own constant keys (the spec's validity
    # is tested in tests/app/test_mentions_page.py), so it is not checked again.
    figure = go.Figure(_validate=False)
    pairs = set(zip(edges["source_id"], edges["target_id"], strict=True))
    arrows, middles_x, middles_y, middles_data, middles_text = [], [], [], [], []
    for edge in edges.itertuples():
        (x0, y0), (x1, y1) = positions[edge.source_id], positions[edge.target_id]
        if (edge.target_id, edge.source_id) in pairs:  # both ways: two parallel arrows
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            dx, dy = -(y1 - y0) / length * 0.025, (x1 - x0) / length * 0.025
            x0, y0, x1, y1 = x0 + dx, y0 + dy, x1 + dx, y1 + dy
        arrows.append({
            "x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x",
            "ayref": "y", "text": "", "showarrow": True, "arrowhead": 2, "arrowsize": 1.1,
            "arrowwidth": arrow_width(edge.count, fewest, most),
            "arrowcolor": "rgba(73, 80, 87, 0.45)",
            "standoff": sizes[edge.target_id] / 2 + 1, "startstandoff": sizes[edge.source_id] / 2,
        })  # fmt: skip
        middles_x.append((x0 + x1) / 2)
        middles_y.append((y0 + y1) / 2)
        middles_data.append(["edge", edge.source_id, edge.target_id])
        middles_text.append(
            f"<b>{plot_text(labels[edge.source_id])} → {plot_text(labels[edge.target_id])}</b><br>"
            f"{edge.count} quote(s) in {edge.articles} article(s)<br>"
            f"e.g. “{hover_lines(edge.example)}”<br><i>click for the quotes</i>"
        )
    figure.add_trace(
        go.Scatter(
            x=middles_x,
            y=middles_y,
            mode="markers",
            name="mentions (click an edge)",
            marker={"size": 9, "symbol": "diamond", "color": "#495057", "opacity": 0.7},
            customdata=middles_data,
            hovertext=middles_text,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    for entity_type, group in nodes.groupby("type", sort=True):
        ids = list(group["node_id"])
        figure.add_trace(
            go.Scatter(
                x=[positions[i][0] for i in ids],
                y=[positions[i][1] for i in ids],
                mode="markers+text",
                name=plot_text(entity_type),
                text=[plot_text(labels[i]) if i in places else "" for i in ids],
                textposition=[places.get(i, "top center") for i in ids],
                textfont={"size": LABEL_FONT_PX, "color": "#1b1b1b", "shadow": "auto"},
                marker={
                    "size": [sizes[i] for i in ids],
                    "color": colour(entity_type),
                    "line": {"width": 1.5, "color": "#343a40"},
                    "opacity": 1,
                },
                customdata=[["node", i, ""] for i in ids],
                hovertext=[node_hover(i, entity_type, labels, said, named) for i in ids],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    x_range, y_range = axis_ranges(positions)
    figure.update_layout(
        annotations=arrows,  # all at once: one add_annotation per edge copies all before it
        height=NETWORK_HEIGHT,
        margin=MARGINS,
        xaxis={"visible": False, "range": x_range},
        yaxis={"visible": False, "range": y_range},
        legend={"orientation": "h", "y": 1.05, "itemclick": False, "itemdoubleclick": False},
        clickmode="event+select",
        dragmode="pan",
        plot_bgcolor="#ffffff",
        hoverlabel={"align": "left"},
    )
    return figure


def node_hover(node: str, entity_type: str, labels: dict, said: dict, named: dict) -> str:
    quotes, naming = said.get(node, (0, 0))
    lines = [f"<b>{plot_text(labels[node])}</b> ({plot_text(entity_type)})"]
    if quotes:
        lines.append(f"said {quotes} quote(s), {naming} naming someone")
    if named.get(node):
        lines.append(f"named in {named[node]} quote(s) by others")
    return "<br>".join([*lines, "<i>click for the quotes</i>"])


def heatmap_chart(table: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Heatmap(
            z=table.where(table > 0).to_numpy(),  # no quote: an empty cell, no hover
            x=[plot_text(c) for c in table.columns],
            y=[plot_text(i) for i in table.index],
            colorscale="Blues",
            zmin=0,
            zmax=max(int(table.to_numpy().max()), 1),
            texttemplate="%{z}",
            hovertemplate="%{y} → %{x}: %{z} quote(s)<extra></extra>",
            colorbar={
                "title": {"text": "quotes"},
                "dtick": 1 if table.to_numpy().max() <= 8 else None,
            },
            xgap=1,
            ygap=1,
        )
    )
    figure.update_layout(
        height=max(280, 30 * len(table) + 160),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": -40, "title": None, "showgrid": False},
        yaxis={"autorange": "reversed", "title": None, "showgrid": False},
        plot_bgcolor="#f8f9fa",
    )
    return figure


def speakers_chart(speakers: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """The most quoted speakers: the quotes each said (the one count of a speaker's quotes
    on the page) and, of those, the quotes naming an entity shown; numbers on the bars."""
    top = speakers.head(TOP_SPEAKERS)
    names = [
        plot_text(labels.get(i, s)) for i, s in zip(top["node_id"], top["speaker"], strict=True)
    ]
    figure = go.Figure(
        [
            go.Bar(
                x=top["quotes"],
                y=names,
                orientation="h",
                name="quotes said",
                marker_color="#3a86ff",
                text=top["quotes"],
                textposition="outside",
                hovertemplate="%{y}: said %{x} quote(s)<extra></extra>",
            ),
            go.Bar(
                x=top["naming"],
                y=names,
                orientation="h",
                name="of which naming an entity shown",
                marker_color="#f77f00",
                text=top["naming"],
                textposition="outside",
                hovertemplate="%{y}: %{x} quote(s) naming an entity shown<extra></extra>",
            ),
        ]
    )
    figure.update_layout(
        barmode="group",
        height=max(260, 46 * len(top) + 100),
        margin={"l": 10, "r": 30, "t": 40, "b": 10},
        yaxis={"autorange": "reversed", "title": None},
        # room right of the longest bar for its number
        xaxis={
            "title": None,
            "dtick": 1 if top["quotes"].max() <= 10 else None,
            "range": [0, top["quotes"].max() * 1.18 + 0.5],
        },  # fmt: skip
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        uniformtext={"minsize": 10, "mode": "show"},
    )
    return figure


def show_quotes(blocks: list[dict]) -> None:
    for block in blocks:
        with st.container(border=True):
            st.markdown(block["heading"])
            st.caption(block["caption"])
            st.html(block["html"])
            st.page_link(
                "pages/reader.py",
                label=f"Open in the Reader at sentence {block['sentence'] + 1}",
                query_params={"article": block["article_id"], "sentence": str(block["sentence"])},
                icon=":material/article:",
            )


# -- the page --------------------------------------------------------------------------

key = store_key()
st.title("Who mentions whom")
st.caption(
    "Who names whom in what they are quoted saying: an arrow goes from the speaker to each "
    "entity a quote of theirs names. Click a node or an edge for the quotes behind it."
)
titles = article_titles(key)

filter_columns = st.columns([2.2, 2, 1, 2.4])
chosen_articles = article_filter(
    filter_columns[0], titles, "mentions_articles", "The articles with a quote naming someone."
)
min_count = filter_columns[2].number_input(
    "Minimum count",
    min_value=1,
    value=1,
    step=1,
    key="mentions_min_count",
    help="Edges of at least this many quotes are drawn and listed; a speaker's own count "
    "(quotes said) takes all their quotes.",
)
countries = filter_columns[3].toggle(
    "Group by country",
    key="mentions_countries",
    help="Capitals and nationalities count as their country: Pyongyang and North Korean "
    "as North Korea.",
)
stances = filter_columns[3].toggle(
    "Include stances and beliefs (not speech)",
    key="mentions_stances",
    help="Off: only speech counts, what someone said or wrote (direct and indirect quotes, "
    "“according to”). On: also the beliefs, intentions and promises attributed to them "
    "(“X believes…”, “X promised to…”), which they did not necessarily say.",
)
chosen_types = filter_columns[1].multiselect(
    "Entity types", type_options(key), placeholder="All types", key="mentions_types"
)
filters = net.NetworkFilters(
    countries, chosen_articles, chosen_types, min_count, QUOTE_KINDS if stances else SPEECH_KINDS
)
labels = node_labels(key, filters.countries)

view = network_view(key, filters)
edges = view.edges
if edges.empty:
    if not titles:
        st.info("No quote in the stored articles names another entity yet.")
    else:
        st.info(
            "No speaker names anyone under these filters: lower the minimum count or widen them."
        )
    st.stop()

counted = "speech and stances" if stances else "speech only: stances and beliefs left out"
if len(view.drawn) < len(edges):
    st.caption(
        f"Counting {counted}. Drawing {len(view.drawn)} of the {len(edges)} edges, the most "
        f"quoted among the {min(MAX_NODES, view.all_nodes)} most connected of "
        f"{view.all_nodes} entities (raise the minimum count to see fewer); every edge is in "
        "the table and the CSV."
    )
else:
    st.caption(f"Counting {counted}. Node size: quotes said and quotes naming the entity.")
event = st.plotly_chart(
    view.figure,
    on_select="rerun",
    selection_mode=("points",),
    key="mentions_chart",
    width="stretch",
    config={"displaylogo": False},
)
points = (event or {}).get("selection", {}).get("points", []) if event else []
clicked = next(
    (tuple(p["customdata"]) for p in points if p.get("customdata")), None
)  # a node ("node", id, "") or an edge's midpoint ("edge", source, target)
if clicked and clicked[0] == "node":  # what the node said, else the quotes naming it
    clicked = ("speaker" if view.said.get(clicked[1]) else "named", clicked[1])

options = view.options
# a new click picks its node or edge; the analyst may then pick another one in the box
if clicked != st.session_state.get(LAST_CLICK):
    st.session_state[LAST_CLICK] = clicked
    if clicked in view.option_text:
        st.session_state[PICK] = clicked
if st.session_state.get(PICK) not in view.option_text:
    st.session_state[PICK] = None

quotes_column, speakers_column = st.columns([3, 2], gap="large")
with quotes_column:
    selected = st.selectbox(
        "Quotes behind",
        options,
        format_func=view.option_text.__getitem__,
        key=PICK,
        help=f"Edges: the {MAX_PICKS} most quoted and those drawn; raise the minimum count for "
        "the others."
        if view.picks_capped
        else None,
    )
    if selected:
        blocks, listed = quote_list(key, filters, tuple(selected))
        st.markdown(listed_heading(selected, listed, labels))
        st.caption("Dossier: " + " · ".join(
            f"[{markdown_escape(labels.get(i, i))}]({dossier_link(i)})" for i in selected[1:]
        ))  # fmt: skip
        if listed > len(blocks):
            st.caption(f"The first {len(blocks)} in corpus order; the CSV below has them all.")
        with st.container(height=520, border=False):
            show_quotes(blocks)
    else:
        listed = quotes_behind_edges(key, filters)
        st.caption(
            f"{len(edges)} edge(s) between {view.all_nodes} entities from {listed} quote(s)."
        )
with speakers_column:
    st.subheader("Top speakers", anchor=False)
    speakers, speakers_figure = speaker_view(key, filters.of_speakers())
    st.caption(
        "Quotes said by each speaker (whoever they name: the count in the network's hover "
        "and in the quotes listed for them); orange: those naming an entity shown."
    )
    if speakers_figure is not None:
        st.plotly_chart(speakers_figure, key="mentions_speakers", width="stretch")


def quotes_csv() -> pd.DataFrame:
    """The quotes listed (or behind every edge): queried when the button is clicked."""
    table = node_table(key, filters.countries)
    return net.quotes_table(library(), filters, selected or None, table)


which = "listed" if selected else "behind the edges"
downloads = st.columns(2)
with downloads[0]:
    csv_download(
        edges[COLUMNS["who_mentions_whom"]],
        "who_mentions_whom.csv",
        key="mentions_edges_csv",
        label=f"Download the {len(edges)} edge(s) shown (CSV)",
    )
with downloads[1]:
    csv_download(
        quotes_csv,
        "quotes.csv",
        key="mentions_quotes_csv",
        label=f"Download the {listed} quote(s) {which} (CSV)",
    )

st.subheader("Speaker × entity named", anchor=False)
rows, columns, all_rows, all_columns = view.heatmap_shape
if (rows, columns) != (all_rows, all_columns):
    st.caption(
        f"The {rows} most quoted of {all_rows} speakers and the {columns} most named of "
        f"{all_columns} entities."
    )
st.plotly_chart(view.heatmap, key="mentions_heatmap", width="stretch")

with st.expander(f"Edges shown ({len(edges)})"):
    st.dataframe(
        edges[COLUMNS["who_mentions_whom"]].assign(
            source_dossier=edges["source_id"].map(dossier_link),
            target_dossier=edges["target_id"].map(dossier_link),
        ),
        hide_index=True,
        width="stretch",
        column_config={"count": st.column_config.NumberColumn(width="small"),
                       "source_dossier": DOSSIER_COLUMN, "target_dossier": DOSSIER_COLUMN},
    )  # fmt: skip

st.subheader("Named together", anchor=False)
st.caption(
    "Entities named in the same sentence, whoever speaks: the filters and the country "
    "grouping apply; the minimum count is in sentences."
)
together, pairs = named_together(key, filters.of_pairs())
if together.empty:
    st.info("No two entities are named in one sentence under these filters.")
else:
    if pairs > len(together):
        st.caption(f"The {len(together)} most frequent of {pairs} pairs; the CSV has them all.")
    top = int(together["sentences"].max())
    st.dataframe(
        together[COLUMNS["cooccurrence"]].assign(
            a_dossier=together["entity_a_id"].map(dossier_link),
            b_dossier=together["entity_b_id"].map(dossier_link),
        ),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(together)),
        column_config={
            "sentences": st.column_config.ProgressColumn(
                "sentences", format="%d", min_value=0, max_value=top
            ),
            "a_dossier": DOSSIER_COLUMN,
            "b_dossier": DOSSIER_COLUMN,
        },
    )

    def pairs_csv() -> pd.DataFrame:
        table = node_table(key, filters.countries)
        every_pair, _ = net.cooccurrence(library(), filters.of_pairs(), None, table)
        return every_pair[COLUMNS["cooccurrence"]]

    csv_download(
        pairs_csv if pairs > len(together) else together[COLUMNS["cooccurrence"]],
        "cooccurrence.csv",
        key="mentions_cooccurrence_csv",
        label=f"Download the {pairs} pair(s)"
        + (" shown" if pairs == len(together) else "")
        + " (CSV)",
    )
