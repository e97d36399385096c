"""Who mentions whom: speakers and the entities they name, as a network, a heatmap, the top
speakers and co-occurrence, with the quotes behind any node or edge."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import network as net
from analysis.highlight import colour, highlight_html, markdown_escape, plot_text
from analysis.tables import COLUMNS
from pages._shared import (
    article_summaries,
    article_with_analysis,
    corpus_rows,
    corpus_tables,
    corpus_view,
    csv_download,
    store_key,
)

MAX_NODES = 120  # more is a hairball: the heaviest nodes are drawn, every edge is in the CSV
TOP_SPEAKERS = 15
PICK = "mentions_pick"
LAST_CLICK = "mentions_last_click"


@corpus_view(max_entries=16)
def named_together(key, countries: bool, articles: tuple, types: tuple, min_count: int):
    """Co-occurrence under the current filters: computed once per change and filter."""
    network = mention_network(key, countries)
    return net.cooccurrence(corpus_rows(key)["mentions"], network, articles, types, min_count)


@corpus_view(max_entries=16)
def mention_network(key, countries: bool) -> net.Network:
    return net.network_of_rows(corpus_rows(key), countries)


@st.cache_data(show_spinner=False)
def node_positions(edge_pairs: tuple[tuple[str, str, int], ...]) -> dict[str, tuple[float, float]]:
    edges = pd.DataFrame(edge_pairs, columns=["source_id", "target_id", "count"])
    return net.layout(net.graph(edges))


def hover_lines(text: str, limit: int = 160, width: int = 60) -> str:
    """Untrusted text for a plotly hover label: shortened, escaped, wrapped in lines."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<br>".join(plot_text(line) for line in textwrap.wrap(text, width))


def arrow_width(count: int) -> float:
    return min(1.5 + 1.5 * math.log2(count), 8.0)


def node_size(weight: int) -> float:
    return min(16 + 7 * math.sqrt(weight), 60)


def network_chart(edges: pd.DataFrame, nodes: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Nodes (one trace per type, for the legend) sized by quotes naming them or naming
    others; edges as arrows whose width is their count, with a clickable marker at each
    midpoint. Every text plotly renders is escaped (it understands a subset of HTML)."""
    positions = node_positions(
        tuple(zip(edges["source_id"], edges["target_id"], edges["count"].astype(int), strict=True))
    )
    sizes = {row.node_id: node_size(row.weight) for row in nodes.itertuples()}
    figure = go.Figure()
    pairs = set(zip(edges["source_id"], edges["target_id"], strict=True))
    middles_x, middles_y, middles_data, middles_text = [], [], [], []
    for edge in edges.itertuples():
        (x0, y0), (x1, y1) = positions[edge.source_id], positions[edge.target_id]
        if (edge.target_id, edge.source_id) in pairs:  # both ways: two parallel arrows
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            dx, dy = -(y1 - y0) / length * 0.025, (x1 - x0) / length * 0.025
            x0, y0, x1, y1 = x0 + dx, y0 + dy, x1 + dx, y1 + dy
        figure.add_annotation(
            x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
            text="", showarrow=True, arrowhead=2, arrowsize=1.1,
            arrowwidth=arrow_width(edge.count), arrowcolor="rgba(73, 80, 87, 0.55)",
            standoff=sizes[edge.target_id] / 2 + 1, startstandoff=sizes[edge.source_id] / 2,
        )  # fmt: skip
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
        figure.add_trace(
            go.Scatter(
                x=[positions[i][0] for i in group["node_id"]],
                y=[positions[i][1] for i in group["node_id"]],
                mode="markers+text",
                name=plot_text(entity_type),
                text=[plot_text(labels[i]) for i in group["node_id"]],
                textposition="top center",
                textfont={"size": 13, "color": "#1b1b1b", "shadow": "auto"},
                marker={
                    "size": [sizes[i] for i in group["node_id"]],
                    "color": colour(entity_type),
                    "line": {"width": 1.5, "color": "#343a40"},
                    "opacity": 1,
                },
                customdata=[["node", i, ""] for i in group["node_id"]],
                hovertext=[
                    f"<b>{plot_text(labels[r.node_id])}</b> ({plot_text(r.type)})<br>"
                    f"names others in {r.naming} quote(s)<br>named in {r.named} quote(s)<br>"
                    "<i>click for the quotes</i>"
                    for r in group.itertuples()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    figure.update_layout(
        height=620,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"visible": False, "range": [min(xs) - 0.25, max(xs) + 0.25]},
        yaxis={"visible": False, "range": [min(ys) - 0.2, max(ys) + 0.25]},
        legend={"orientation": "h", "y": 1.06, "itemclick": False, "itemdoubleclick": False},
        clickmode="event+select",
        dragmode="pan",
        plot_bgcolor="#ffffff",
        hoverlabel={"align": "left"},
    )
    return figure


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
    top = speakers.head(TOP_SPEAKERS)
    names = [plot_text(labels[i]) for i in top["node_id"]]
    figure = go.Figure(
        [
            go.Bar(
                x=top["quotes"],
                y=names,
                orientation="h",
                name="quotes",
                marker_color="#3a86ff",
                hovertemplate="%{y}: %{x} quote(s)<extra></extra>",
            ),
            go.Bar(
                x=top["naming"],
                y=names,
                orientation="h",
                name="quotes naming an entity shown",
                marker_color="#f77f00",
                hovertemplate="%{y}: %{x} quote(s) naming someone<extra></extra>",
            ),
        ]
    )
    figure.update_layout(
        barmode="group",
        height=max(260, 46 * len(top) + 100),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"autorange": "reversed", "title": None},
        xaxis={"title": None, "dtick": 1 if top["quotes"].max() <= 10 else None},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return figure


def option_label(option, labels: dict[str, str], weights: dict, counts: dict) -> str:
    if option is None:
        return "— click a node or an edge, or pick one —"
    if option[0] == "node":
        naming, named = weights[option[1]]
        return f"● {labels[option[1]]} · names others in {naming} quote(s), named in {named}"
    return f"→ {labels[option[1]]} → {labels[option[2]]} · {counts[option[1:]]} quote(s)"


def show_quotes(quote_keys: list[tuple[str, str]], selected: tuple, network: net.Network) -> None:
    # the node picked, or the entity an edge points to, is outlined in each quote
    focus = set(network.nodes[selected[1] if selected[0] == "node" else selected[2]].members)
    for article_id, quote_id in quote_keys:
        article, analysis = article_with_analysis(article_id, key)
        quote = next(q for q in analysis.quotes if q.quote_id == quote_id)
        names = {e.entity_id: e.name for e in analysis.entities}
        named = [names.get(i, i) for i in dict.fromkeys(quote.mentioned)]
        sentences, mentions = net.quote_excerpt(analysis, quote)
        highlighted = next((m.entity_id for m in mentions if m.entity_id in focus), None)
        with st.container(border=True):
            st.markdown(
                f"**{markdown_escape(quote.speaker)}** {markdown_escape(quote.cue)} · naming "
                f"{markdown_escape(', '.join(named)) or '—'}"
            )
            via = f" · via {', '.join(quote.via)}" if quote.via else ""
            st.caption(markdown_escape(f"{quote.kind} quote · {article.title or article_id}{via}"))
            st.html(
                highlight_html(
                    article.text, sentences, mentions, names, None, highlighted, excerpt=True
                )
            )
            st.page_link(
                "pages/reader.py",
                label=f"Open in the Reader at sentence {quote.sentence + 1}",
                query_params={"article": article_id, "sentence": str(quote.sentence)},
                icon=":material/article:",
            )


key = store_key()
st.title("Who mentions whom")
st.caption(
    "Who names whom in what they are quoted saying: an arrow goes from the speaker to each "
    "entity a quote of theirs names. Click a node or an edge for the quotes behind it."
)
summaries = article_summaries(key)
titles = {s["article_id"]: s["title"] or s["file"] or s["article_id"] for s in summaries}

filters = st.columns([2.2, 2, 1, 1.6])
chosen_articles = filters[0].multiselect(
    "Articles",
    list(titles),
    format_func=lambda i: titles.get(i, i),
    placeholder="All articles",
    key="mentions_articles",
)
min_count = filters[2].number_input(
    "Minimum count", min_value=1, value=1, step=1, key="mentions_min_count"
)
countries = filters[3].toggle(
    "Group by country",
    key="mentions_countries",
    help="Capitals and nationalities count as their country: Pyongyang and North Korean "
    "as North Korea.",
)
network = mention_network(key, countries)
# the same type options with and without grouping, so a choice survives the toggle
all_types = sorted(
    {n.type for grouped in (False, True) for n in mention_network(key, grouped).nodes.values()}
)
chosen_types = filters[1].multiselect(
    "Entity types", all_types, placeholder="All types", key="mentions_types"
)

links = net.filter_links(network.links, network.nodes, chosen_articles, chosen_types)
edges = net.edge_table(links, network.nodes, int(min_count))
if edges.empty:
    if not network.links:
        st.info("No quote in the stored articles names another entity yet.")
    else:
        st.info(
            "No speaker names anyone under these filters: lower the minimum count or widen them."
        )
    st.stop()

links = net.links_within(links, edges)
drawn = net.top_nodes(edges, network.nodes, MAX_NODES)
nodes = net.node_table(drawn, network.nodes)
labels = net.labels_of(network.nodes, network.nodes)
all_nodes = net.node_table(edges, network.nodes)
weights = {r.node_id: (r.naming, r.named) for r in all_nodes.itertuples()}
counts = {
    (s, t): int(c)
    for s, t, c in zip(edges["source_id"], edges["target_id"], edges["count"], strict=True)
}

chart_column, quotes_column = st.columns([3, 2], gap="large")
clicked = None
with chart_column:
    if len(drawn) < len(edges):
        st.caption(
            f"Drawing the {len(nodes)} most connected of {len(all_nodes)} entities "
            "(raise the minimum count to see fewer); every edge is in the table and the CSV."
        )
    event = st.plotly_chart(
        network_chart(drawn, nodes, labels),
        on_select="rerun",
        selection_mode=("points",),
        key="mentions_chart",
        config={"displaylogo": False},
    )
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    clicked = next(
        (tuple(p["customdata"]) for p in points if p.get("customdata")), None
    )  # a node ("node", id, "") or an edge's midpoint ("edge", source, target)
    if clicked and clicked[0] == "node":
        clicked = clicked[:2]

options = [None]
options += [("node", i) for i in sorted(weights, key=lambda i: (labels[i].casefold(), i))]
options += [("edge", s, t) for s, t in zip(edges["source_id"], edges["target_id"], strict=True)]
# a new click picks its node or edge; the analyst may then pick another one in the box
if clicked != st.session_state.get(LAST_CLICK):
    st.session_state[LAST_CLICK] = clicked
    if clicked in options:
        st.session_state[PICK] = clicked
if st.session_state.get(PICK) not in options:
    st.session_state[PICK] = None

with quotes_column:
    selected = st.selectbox(
        "Quotes behind",
        options,
        format_func=lambda o: option_label(o, labels, weights, counts),
        key=PICK,
    )
    chosen = net.selected_links(links, selected)
    quote_keys = net.quote_keys(chosen)
    if selected:
        st.markdown(f"**{len(quote_keys)} quote(s)**")
        with st.container(height=520, border=False):
            show_quotes(quote_keys, selected, network)
    else:
        st.caption(
            f"{len(edges)} edge(s) between {len(all_nodes)} entities from "
            f"{len(net.quote_keys(links))} quote(s)."
        )

quotes_csv = corpus_tables(key)["quotes"]
wanted = set(quote_keys if selected else net.quote_keys(links))
rows = [k in wanted for k in zip(quotes_csv["article_id"], quotes_csv["quote_id"], strict=True)]
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
        quotes_csv[rows],
        "quotes.csv",
        key="mentions_quotes_csv",
        label=f"Download the {sum(rows)} quote(s) {which} (CSV)",
    )

heat_column, speakers_column = st.columns([3, 2], gap="large")
with heat_column:
    st.subheader("Speaker × entity named", anchor=False)
    st.plotly_chart(
        heatmap_chart(net.matrix(edges, labels)), key="mentions_heatmap", width="stretch"
    )
with speakers_column:
    st.subheader("Top speakers", anchor=False)
    speakers = net.speaker_table(network, chosen_articles, chosen_types)
    st.plotly_chart(speakers_chart(speakers, labels), key="mentions_speakers", width="stretch")

with st.expander(f"Edges shown ({len(edges)})"):
    st.dataframe(
        edges[COLUMNS["who_mentions_whom"]],
        hide_index=True,
        width="stretch",
        column_config={"count": st.column_config.NumberColumn(width="small")},
    )

st.subheader("Named together", anchor=False)
st.caption(
    "Entities named in the same sentence, whoever speaks: the filters and the country "
    "grouping apply; the minimum count is in sentences."
)
together = named_together(
    key, countries, tuple(chosen_articles), tuple(chosen_types), int(min_count)
)
if together.empty:
    st.info("No two entities are named in one sentence under these filters.")
else:
    top = int(together["sentences"].max())
    st.dataframe(
        together[COLUMNS["cooccurrence"]],
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(together)),
        column_config={
            "sentences": st.column_config.ProgressColumn(
                "sentences", format="%d", min_value=0, max_value=top
            )
        },
    )
    csv_download(
        together[COLUMNS["cooccurrence"]],
        "cooccurrence.csv",
        key="mentions_cooccurrence_csv",
        label=f"Download the {len(together)} pair(s) shown (CSV)",
    )
