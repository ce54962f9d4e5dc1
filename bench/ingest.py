"""Ingest benchmark: batched MERGE throughput into each engine (the embedded FalkorDB and Neo4j) side by side,
and re-load cost of an unchanged collection (the skip logic), measured in one run on fresh stores.

    python bench/ingest.py [--posts 20000] [--repeats 3] [--backends falkordb,neo4j] [--batch-sizes 1000,5000]

Neo4j is the server NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD name when NEO4J_URI is set (its database is
CLEARED), else the tests' Maven-built Neo4j 5 server, started for the run (needs java and mvn).

Posts are synthetic but shaped like real ones (3 topics, 4 entities, 1 image with 4 tags, 3 sentiment edges
each, drawn from Zipf-like vocabularies so nodes are shared as in a real feed). Extraction is replaced by a
model-free extractor that returns those findings, so the figures isolate the graph side; the re-load ratio
is therefore a LOWER bound for the real pipeline, whose first load also pays for the models.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import Settings
from data.models import Post
from extractors.base import EntityMention, Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, TopicScore
from graph import queries
from graph.connect import open_store
from graph.falkordb_server import server_for
from graph.writer import build_rows, write_analyses
from ingest.loading import load_posts

TOPICS = [f"topic {i}" for i in range(400)]
ENTITIES = [(f"entity {i}", ("PERSON", "GPE", "ORG", "HASHTAG", "MENTION")[i % 5]) for i in range(3000)]
TAGS = [(f"tag {i}", ("animal", "food", "scene", "object")[i % 4]) for i in range(300)]
LABELS = ("negative", "neutral", "positive")


def _zipf(rng: random.Random, items: Sequence, k: int) -> list:
    picks = {min(int(rng.paretovariate(1.1)) - 1, len(items) - 1) for _ in range(k * 3)}
    return [items[i] for i in sorted(picks)[:k]]


class SyntheticFindings:
    """A model-free extractor returning realistic findings, seeded by post id (deterministic)."""

    name, version, batch_size = "synthetic", "1", 256

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [self._one(item.post.id) for item in items]

    @staticmethod
    def _one(post_id: str) -> Extraction:
        rng = random.Random(post_id)
        verdict = lambda: SentimentVerdict(rng.choice(LABELS), rng.uniform(-1, 1))
        return Extraction(
            language="en",
            sentiments={"caption": verdict(), "image": verdict(), "combined": verdict()},
            topics=[TopicScore(t, rng.random()) for t in _zipf(rng, TOPICS, 3)],
            entities=[EntityMention(n, lab) for n, lab in _zipf(rng, ENTITIES, 4)],
            images={0: ImageInfo(0, 640, 480, "JPEG",
                                 tags=[ImageTag(n, kind, rng.random()) for n, kind in _zipf(rng, TAGS, 4)])},
        )


def make_posts(n: int, image_dir: Path) -> list[Post]:
    from PIL import Image

    image_dir.mkdir(parents=True, exist_ok=True)
    start = datetime(2018, 1, 1, tzinfo=UTC)
    posts = []
    for i in range(n):
        path = image_dir / f"{i % 500}.jpg"  # 500 distinct files: re-load must hash real image bytes
        if not path.exists():
            Image.new("RGB", (320, 240), (i % 255, 80, 160)).save(path, quality=85)
        posts.append(Post(id=f"bench:{i}", caption=f"post {i} #tag{i % 50} with @friend{i % 30} in city {i % 40}",
                          images=(path,), created_at=start + timedelta(hours=7 * i), source="bench"))
    return posts


def graph_counts(store) -> tuple[int, int]:
    nodes = sum(r["nodes"] for r in store.query(queries.NODE_COUNTS))
    edges = sum(r["relationships"] for r in store.query(queries.RELATIONSHIP_COUNTS))
    return nodes, edges


def bench_writes(store, posts: list[Post], repeats: int, batch_size: int = 1000) -> None:
    extractor = SyntheticFindings()
    items = [PostAnalysis(p) for p in posts]
    for item, ex in zip(items, extractor.extract(items)):
        item.extraction.merge(ex)
    rows = build_rows(items, "bench")
    rel_rows = sum(len(r) for r in (rows.images, rows.sentiments, rows.topics, rows.entities, rows.tags))
    timings = []
    for _ in range(repeats):
        store.clear()
        store.ensure_schema()
        started = time.perf_counter()
        write_analyses(store, items, "bench", batch_size)
        timings.append(time.perf_counter() - started)
    nodes, edges = graph_counts(store)
    med = statistics.median(timings)
    print(f"[{store.backend}] write {len(posts)} posts in batches of {batch_size}: median {med:.2f}s over "
          f"{repeats} runs (min {min(timings):.2f}s)")
    print(f"  relationship rows: {rel_rows} -> {rel_rows / med:,.0f} relationship rows/s")
    print(f"  graph: {nodes} nodes + {edges} edges -> {(nodes + edges) / med:,.0f} nodes+edges/s")
    started = time.perf_counter()
    write_analyses(store, items, "bench", batch_size)
    again = time.perf_counter() - started
    print(f"  re-writing the same rows (MERGE idempotent): {again:.2f}s, counts unchanged: "
          f"{graph_counts(store) == (nodes, edges)}")


def bench_reload(store, posts: list[Post], repeats: int) -> None:
    store.clear()
    extractors = [SyntheticFindings()]
    started = time.perf_counter()
    first = load_posts(store, posts, extractors)
    first_s = time.perf_counter() - started
    reloads = []
    for _ in range(repeats):
        fresh = [Post(id=p.id, caption=p.caption, images=p.images, created_at=p.created_at, source=p.source)
                 for p in posts]  # new objects: hashes are recomputed from the files, as in a new process
        started = time.perf_counter()
        again = load_posts(store, fresh, extractors)
        reloads.append(time.perf_counter() - started)
        assert again.loaded == 0 and again.unchanged == len(posts), again.lines()
    med = statistics.median(reloads)
    print(f"[{store.backend}] first load of {first.loaded} posts (synthetic extractor): {first_s:.2f}s; "
          f"unchanged re-load: median {med:.2f}s -> {first_s / med:.1f}x faster")


def bench_first_loads(store, posts: list[Post], variants: list[tuple[int, int]]) -> None:
    """The loader's first load (load_posts, 256-post extraction chunks) written per chunk or in bulk: each
    variant is (write_every posts, UNWIND batch size)."""
    for write_every, batch in variants:
        store.clear()
        started = time.perf_counter()
        first = load_posts(store, posts, [SyntheticFindings()], write_every=write_every, write_batch_size=batch)
        took = time.perf_counter() - started
        how = f"in bulk ({write_every} posts per write)" if write_every else "per 256-post chunk"
        print(f"[{store.backend}] first load of {first.loaded} posts written {how}, UNWIND batches of {batch}: "
              f"{took:.2f}s -> {first.rows_written / took:,.0f} rows/s")


def bench_real_pipeline(settings: Settings, demo_dir: Path, repeats: int) -> None:
    """The demo collection through the real full pipeline (models included), then unchanged re-loads."""
    from data.demo import build_demo
    from data.importers import import_source
    from extractors.pipeline import default_extractors

    build_demo(demo_dir)
    store = open_store(settings)
    try:
        store.clear()
        posts = import_source(demo_dir).posts
        started = time.perf_counter()
        first = load_posts(store, posts, default_extractors(settings))
        first_s = time.perf_counter() - started
        reloads = []
        for _ in range(repeats):
            started = time.perf_counter()
            again = load_posts(store, import_source(demo_dir).posts, default_extractors(settings))
            reloads.append(time.perf_counter() - started)
            assert again.loaded == 0, again.lines()
        med = statistics.median(reloads)
        print(f"real full pipeline on the demo ({first.loaded} posts, models loaded in this run): first load "
              f"{first_s:.2f}s; unchanged re-load (import + hashing + skip): median {med:.3f}s -> "
              f"{first_s / med:.0f}x faster")
    finally:
        store.close()


def _neo4j_store(settings: Settings, stack: list) -> object:
    """The configured Neo4j when NEO4J_URI is set, else the tests' Maven-built server started for this run."""
    import os

    from graph.neo4j_store import Neo4jStore

    if os.environ.get("NEO4J_URI"):
        return Neo4jStore(settings)
    from tests.support.neo4j_server import MavenNeo4jServer, build

    server = MavenNeo4jServer(build(), heap="2g", quick_start=False)
    stack.append(server)
    endpoint = server.start()
    print(f"[neo4j] Maven-built Neo4j 5 test server started in {endpoint.start_seconds:.1f}s")
    return Neo4jStore(settings, uri=endpoint.bolt_uri, username=endpoint.username, password=endpoint.password)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backends", default="falkordb,neo4j")
    parser.add_argument("--batch-sizes", default="1000", help="UNWIND batch sizes to time (comma-separated)")
    parser.add_argument("--real", action="store_true", help="also time the real pipeline on the demo collection")
    parser.add_argument("--first-loads", default="",
                        help="only time loader first loads, variants 'write_every:batch,...' (e.g. 0:1000,2000:10000)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.batch_sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        posts = make_posts(args.posts, Path(tmp) / "images")
        for backend in args.backends.split(","):
            settings = Settings(home=Path(tmp) / "home", backend=backend, graph_name="bench")
            stack: list = []
            store = open_store(settings) if backend == "falkordb" else _neo4j_store(settings, stack)
            try:
                if args.first_loads:
                    variants = [tuple(int(x) for x in v.split(":")) for v in args.first_loads.split(",")]
                    bench_first_loads(store, posts, variants)  # type: ignore[arg-type]
                    continue
                for size in sizes:
                    bench_writes(store, posts, args.repeats, size)
                bench_reload(store, posts, args.repeats)
                if args.real and backend == "falkordb":
                    bench_real_pipeline(settings, Path(tmp) / "demo", args.repeats)
            finally:
                store.clear()
                store.close()
                for server in stack:
                    server.stop()
                if backend == "falkordb":
                    server_for(settings.falkordb_dir).stop()  # before the temporary folder (and its socket) goes


if __name__ == "__main__":
    main()
