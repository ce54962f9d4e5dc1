"""Agent latency on both engines: the dev suite's questions over the agent fixture graph, loaded into the
embedded FalkorDB and into Neo4j, answered by the real agent (agent.chain) with a scripted chat model, so the
figures are the graph and agent side only (the local LLM's own time, the same on both engines, is in
docs/eval_agent.md). Prints p50/p95 per route and engine, and the gold queries' own run time.

    python bench/agent_engines.py [--rounds 3]

Neo4j is the tests' Maven-built server, started for the run (needs java and mvn).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import Settings
from graph import queries
from graph.falkordb_server import server_for
from graph.falkordb_store import FalkorDBStore
from graph.neo4j_store import Neo4jStore
from research.agent_eval.evaluate import percentile
from research.agent_eval.fixture import load_fixture
from tests.support.agent_helpers import scripted_agent
from tests.support.neo4j_server import MavenNeo4jServer, build

ROOT = Path(__file__).resolve().parent.parent
COUNT = queries.COUNT_POSTS  # what the scripted model answers when the LLM route is taken


def time_engine(store, items: list[dict], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"parser": [], "llm": [], "gold": []}
    agent = scripted_agent(store, [COUNT] * (len(items) * rounds * 3 + 10), store.settings)
    for _ in range(rounds):
        for item in items:
            if not item.get("follow_up_of"):
                agent.memory.clear()
            started = time.perf_counter()
            answer = agent.ask(item["question"])
            times[answer.route].append(time.perf_counter() - started)
            started = time.perf_counter()
            store.query(item["cypher"])
            times["gold"].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = [json.loads(line) for line in (ROOT / "research/agent_eval/dev.jsonl").read_text().splitlines()
             if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        settings = Settings(home=home, backend="falkordb", graph_name="agent_bench", query_row_limit=100)
        server = MavenNeo4jServer(build(), heap="1g", quick_start=False)
        endpoint = server.start()
        stores = {"falkordb": FalkorDBStore(settings),
                  "neo4j": Neo4jStore(settings.model_copy(update={"backend": "neo4j"}), uri=endpoint.bolt_uri,
                                      username=endpoint.username, password=endpoint.password)}
        try:
            for store in stores.values():
                store.clear()
                store.ensure_schema()
                load_fixture(store)
                time_engine(store, items[:10], 1)  # warm-up: plan caches, JIT
            print(f"{len(items)} dev questions x {args.rounds} rounds, scripted model; seconds per question")
            print("| engine | route | n | p50 | p95 |\n|---|---|---|---|---|")
            for engine, store in stores.items():
                for route, secs in time_engine(store, items, args.rounds).items():
                    if secs:
                        print(f"| {engine} | {route} | {len(secs)} | {statistics.median(secs):.4f} | "
                              f"{percentile(secs, 0.95):.4f} |")
        finally:
            for store in stores.values():
                store.clear()
                store.close()
            server.stop()
            server_for(settings.falkordb_dir).stop()


if __name__ == "__main__":
    main()
