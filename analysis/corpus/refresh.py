"""The refresh of the views every page shows first: which views, computed (or found kept)
at the store's current revision after each change, one refresher at a time across
processes, so that the next visitor of any page reads them. The kept-views cache they go
through is a mechanism of the store (analysis.store.views); what to refresh is here."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from analysis.background import Health
from analysis.corpus import network, overview, timeline
from analysis.corpus.rows import corpus_entities, corpus_link_candidates
from analysis.store import Store
from analysis.store.views import computed, one_at_a_time, remembered

log = logging.getLogger(__name__)

REFRESH_LOCK = "views.refresh"


def refresh_defaults(store: Store) -> bool:
    """Compute (or find kept) the views every page shows first, with its default filters,
    at the store's current revision: run after a change, so that the next visitor of any
    page, in any process sharing the store, reads them. True if anything was computed.
    First the figures (`refresh_figures`: a few rows of the aggregates each, whatever the
    size of the corpus), then the corpus-wide lists (`refresh_lists`).

    One refresher at a time (`one_at_a_time`): every replica of the app and every ingest
    refreshes after a change, but while one computes, the others wait for it and then
    read what it kept, computing only what the store's changes since have left stale."""
    with one_at_a_time(store, REFRESH_LOCK):
        return _refresh(store, "figures", _figure_views) | _refresh(store, "lists", _list_views)


def refresh_figures(store: Store) -> bool:
    """The views that read a few rows of the aggregates kept with each article's rows
    (analysis.store.aggregates): the Overview's figures and trend, the Timeline's first events.
    Its cost does not grow with the corpus."""
    with one_at_a_time(store, REFRESH_LOCK):
        return _refresh(store, "figures", _figure_views)


def refresh_lists(store: Store) -> bool:
    """The corpus-wide lists every page starts from: the Entities list and its link
    candidates, the Timeline's filter options, the network's nodes, edges, speakers and
    pairs. Read from the aggregates (no row of an article is read but for each edge's
    example), they grow with the number of distinct names and edges (and the Timeline's
    and the network's article lists with the number of articles)."""
    with one_at_a_time(store, REFRESH_LOCK):
        return _refresh(store, "lists", _list_views)


def _refresh(store: Store, part: str, compute: Callable[[Store], bool]) -> bool:
    """Under the refresh lock: `compute` once per revision (kept as the view `part`)."""
    before = computed.total()
    remembered(store, f"{__name__}.{part}", "", lambda: compute(store))
    return computed.total() > before


def _figure_views(store: Store) -> bool:
    # imported here: these modules import this one to declare their views

    shown = overview.figures(store)
    overview.mentions_over_time(store, overview.trend_choices(shown)[: overview.TREND_SHOWN])
    timeline.events_shown(store, timeline.Filters())
    return True


def _list_views(store: Store) -> bool:

    corpus_entities(store)
    corpus_link_candidates(store)
    timeline.timeline_choices(store)
    for countries in (False, True):
        network.nodes(store, countries)
    network.article_titles(store)
    shown_first = network.NetworkFilters()  # the page's default filters
    network.edges(store, shown_first)
    network.speakers(store, shown_first.of_speakers())
    network.cooccurrence(store, shown_first.of_pairs(), limit=network.MAX_PAIRS)
    return True


def keep_fresh(
    store: Store,
    interval: float = 2.0,
    stop: threading.Event | None = None,
    health: Health | None = None,
) -> None:
    """Refresh the default views whenever the store has changed and then stayed unchanged
    for `interval` seconds (a batch of uploads is refreshed once); runs until `stop` is
    set or the store is closed. A refresh that fails is logged with its traceback, told to
    `health` (the sidebar shows it) and tried again at the next interval."""
    stop = stop or threading.Event()
    seen = refreshed = None
    while not stop.wait(0 if seen is None else interval) and not store.closed:
        try:
            revision = store.revision()
            if revision == seen and revision != refreshed:
                refresh_defaults(store)
                refreshed = revision
            seen = revision
        except Exception as error:  # noqa: BLE001 - logged, shown, tried again
            log.exception("could not refresh the corpus views")
            if health is not None:
                health.failed("views", error)
        else:
            if health is not None:
                health.recovered("views")
