"""Execution-accuracy evaluation of the agent on a JSONL question set; writes docs/eval_agent.md.

    python -m research.agent_eval.evaluate --questions research/agent_eval/dev.jsonl \
        [--graph fixture|configured|HOME] [--limit N]

Each line: {"id", "question", "cypher" (gold), optional "category", "ordered": true, "follow_up_of": id}.
Gold and agent queries run on the same store; a follow-up keeps the conversation of the item it follows,
every other item starts a fresh conversation. `fixture` (default) loads research/agent_eval/fixture.py into a
private embedded FalkorDB; `demo` builds the demo collection and loads it with the real pipeline;
`configured` uses FEEDLENS_* settings; a directory is used as FEEDLENS home (pick the graph with --graph-name).
"""
from __future__ import annotations

import argparse
import json
import logging
import signal
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from research.agent_eval.scoring import results_match

log = logging.getLogger(__name__)


@dataclass
class ItemResult:
    item: dict[str, Any]
    correct: bool
    seconds: float
    attempts: int
    cypher: str
    error: str | None
    route: str = "llm"


def read_items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def open_eval_store(graph: str, graph_name: str | None) -> Any:
    """The store to evaluate on (a fixture graph in a temp home, the configured store, or a home dir)."""
    from core.settings import Settings, get_settings
    from graph.connect import open_store

    if graph == "fixture":
        from research.agent_eval.fixture import load_fixture

        home = Path(tempfile.mkdtemp(prefix="feedlens-eval-"))
        store = open_store(Settings(home=home, backend="falkordb", graph_name="agent_eval"))
        load_fixture(store)
        return store
    if graph == "demo":
        return _demo_store()
    if graph == "configured":
        return open_store(get_settings())
    update = {"home": Path(graph), **({"graph_name": graph_name} if graph_name else {})}
    settings = get_settings().model_copy(update=update)
    return open_store(settings)


def _demo_store() -> Any:
    """The demo collection built and loaded by the real pipeline (python -m ingest) into a temp home."""
    import os
    import subprocess

    from core.settings import Settings
    from data.demo import build_demo
    from graph.connect import open_store

    home = Path(tempfile.mkdtemp(prefix="feedlens-eval-demo-"))
    photos = build_demo(home / "demo")
    env = {**os.environ, "FEEDLENS_HOME": str(home), "FEEDLENS_GRAPH_NAME": "demo", "FEEDLENS_BACKEND": "falkordb"}
    subprocess.run([sys.executable, "-m", "ingest", str(photos), "--no-progress"], env=env, check=True)
    return open_store(Settings(home=home, backend="falkordb", graph_name="demo"))


def evaluate(agent: Any, store: Any, items: list[dict[str, Any]]) -> list[ItemResult]:
    """Run gold and agent for every item; the agent's memory is cleared except for follow-ups."""
    results = []
    for item in items:
        if not item.get("follow_up_of"):
            agent.memory.clear()
        gold = store.query(item["cypher"])
        answer = agent.ask(item["question"])
        correct = answer.error is None and results_match(gold, answer.rows, bool(item.get("ordered")))
        results.append(ItemResult(item, correct, answer.seconds, answer.attempts, answer.cypher, answer.error,
                                  answer.route))
        log.info("%s %s %-8s %.1fs %s", item.get("id"), "OK " if correct else "BAD", answer.route, answer.seconds,
                 item["question"])
        if not correct:
            log.info("    agent: %s", (answer.cypher or answer.error or "").replace("\n", " "))
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def route_lines(results: list[ItemResult]) -> list[str]:
    """Accuracy and latency separately for template-answered and LLM-answered questions."""
    lines = ["", "| route | questions | correct | p50 s | p95 s |", "|---|---|---|---|---|"]
    for route in ("template", "llm"):
        part = [r for r in results if r.route == route]
        if part:
            secs = [r.seconds for r in part]
            lines.append(f"| {route} | {len(part)} | {sum(r.correct for r in part)}/{len(part)} | "
                         f"{statistics.median(secs):.2f} | {percentile(secs, 0.95):.2f} |")
    return lines


def report(results: list[ItemResult], header: str) -> str:
    """Markdown: overall accuracy and latency, per category, and every miss with the agent's Cypher."""
    seconds = [r.seconds for r in results]
    correct = sum(r.correct for r in results)
    lines = [header, "", f"- execution accuracy: **{correct}/{len(results)} = {correct / max(1, len(results)):.1%}**",
             (f"- latency p50 {statistics.median(seconds) if seconds else 0:.2f} s, "
              f"p95 {percentile(seconds, 0.95):.2f} s"),
             f"- retries used: {sum(r.attempts > 1 for r in results)} questions"]
    lines += route_lines(results) + ["", "| category | correct |", "|---|---|"]
    by_cat: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_cat[r.item.get("category", "-")].append(r.correct)
    lines += [f"| {c} | {sum(v)}/{len(v)} |" for c, v in sorted(by_cat.items())]
    lines += ["", "## Misses", "", "| id | route | question | agent Cypher / error |", "|---|---|---|---|"]
    for r in results:
        if not r.correct:
            what = (r.cypher or "").replace("\n", " ").replace("|", "\\|") or "-"
            error = f"({r.error})" if r.error else ""
            lines.append(f"| {r.item.get('id')} | {r.route} | {r.item['question']} | `{what}` {error} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.agent_eval.evaluate",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("research/agent_eval/dev.jsonl"))
    parser.add_argument("--graph", default="fixture",
                        help="fixture | demo (built and loaded now) | configured | a FeedLens home directory")
    parser.add_argument("--graph-name", default=None)
    parser.add_argument("--start", type=int, default=0, help="skip the first N items (to split a run)")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("docs/eval_agent.md"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # a killed run must still stop the FalkorDB server it started (atexit runs on SystemExit, not on SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from agent.chain import build_agent
    from core.settings import get_settings

    items = read_items(args.questions)[args.start:]
    items = items[: args.limit or None]
    store = open_eval_store(args.graph, args.graph_name)
    agent = build_agent(store)
    agent.selector.select("warm up", 1)  # load the embedding model outside the timed questions
    started = time.perf_counter()
    try:
        results = evaluate(agent, store, items)
    finally:
        store.close()
    settings = get_settings().agent
    header = (f"# Agent evaluation: {args.questions} on graph '{args.graph}'\n\n"
              f"Provider {settings.provider} {settings.model or '(packaged Qwen2.5-Coder-1.5B Q4_K_M)'}, "
              f"few-shot k={settings.few_shot_k}, retries={settings.max_retries}, threads={settings.threads}; "
              f"{len(items)} questions in {time.perf_counter() - started:.0f} s.")
    text = report(results, header)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
