"""UI benchmark: Browse/Insights query times and page renders (AppTest) on N synthetic posts in the embedded store.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/ui_pages.py [--posts 10000] [--repeat 7]

Prints medians; the target is under 1 s per page load. Posts are written with graph.writer.write_analyses
(hand-made analyses, no models), so the figures measure the database and the app, not the extractors.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger("bench.ui_pages")


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds (one warm-up run first)."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def query_cases(store) -> dict[str, Callable[[], object]]:
    """The queries the Browse and Insights pages send, run straight against the store (no cache)."""
    from graph import queries
    from graph.browse import BrowseFilter, browse_page, count_posts

    filters = {
        "browse: all, newest, page 1": BrowseFilter(),
        "browse: all, most negative, page 200": BrowseFilter(sort="most negative"),
        "browse: topic + caption sentiment": BrowseFilter(topic="food", sentiment="negative",
                                                          sentiment_source="caption"),
        "browse: tag + date range": BrowseFilter(tag="dog", date_from=date(2024, 1, 1), date_to=date(2025, 6, 30)),
        "browse: hashtag": BrowseFilter(hashtag="tag7"),
        "browse: free text": BrowseFilter(text="friend4"),
    }
    cases: dict[str, Callable[[], object]] = {}
    for name, flt in filters.items():
        page = 199 if "page 200" in name else 0
        cases[name] = lambda f=flt, p=page: (count_posts(store, f), browse_page(store, f, p, 24))
    for name in ("UI_SENTIMENT_BY_MONTH", "UI_TOP_ENTITIES", "UI_TOP_TAGS", "UI_CAPTION_IMAGE_AGREEMENT"):
        query = getattr(queries, name)
        cases[f"insights: {name}"] = lambda q=query: store.query(q, {"limit": 15})
    cases["insights: UI_TOPIC_SENTIMENT_SHARE"] = lambda: store.query(queries.UI_TOPIC_SENTIMENT_SHARE,
                                                                      {"min_posts": 2, "limit": 15})
    return cases


def page_cases(repeat: int) -> dict[str, tuple[float, float]]:
    """(first load with empty read caches, median warm load) in ms per page: one AppTest script run of the
    page (app.py + sidebar + page), after an untimed run of the default page so module imports are not counted."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    results = {}
    for page in ("browse", "insights", "graph", "chat"):
        times = []
        for attempt in range(repeat + 1):
            at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=120)
            at.run()
            if attempt == 0:
                st.cache_data.clear()  # the first timed load reads the graph, later ones hit the read cache
            at.switch_page(f"views/{page}.py")
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
        results[page] = (times[0], statistics.median(times[1:]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from tests.support.ui_collection import synthetic_analyses
    from tests.support.ui_fixtures import open_ui_graph

    home = Path(tempfile.mkdtemp(prefix="feedlens-bench-ui-"))
    items = synthetic_analyses(args.posts, home / "photos")
    started = time.perf_counter()
    graph = open_ui_graph(home, items)
    store = next(graph)
    print(f"{args.posts:,} synthetic posts written in {time.perf_counter() - started:.1f} s ({home})")
    print("\nqueries (median ms, uncached):")
    for name, action in query_cases(store).items():
        print(f"  {name:<45} {median_ms(action, args.repeat):8.1f}")
    print("\npage renders via AppTest (ms): first load (cold cache) / median warm")
    for page, (first, warm) in page_cases(args.repeat).items():
        print(f"  {page:<10} {first:8.0f} / {warm:8.0f}")
    next(graph, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
