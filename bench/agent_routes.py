"""Chat latency by route: questions the parser answers (no LLM) and questions it leaves to the LLM, on the
fixture graph, through the real agent (guard, read-only store, answer rendering, citations, tie checks).

Questions come from the generalisation suite (research/agent_eval/families.jsonl): every phrasing the parser
answers, and the phrasings it leaves to the LLM (at most --llm-questions of them, each a fresh chat, so a slow
model does not make the run take an hour). Prints the median and p95 seconds per route.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/agent_routes.py [--llm-questions 8] [--no-llm]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llm-questions", type=int, default=8)
    parser.add_argument("--no-llm", action="store_true", help="only the parser route (seconds, no model)")
    args = parser.parse_args()
    from agent.chain import build_agent
    from agent.few_shot import FewShotSelector
    from research.agent_eval.evaluate import open_eval_store, percentile
    from research.agent_eval.families import family_items

    store = open_eval_store("fixture", None)
    try:
        if args.no_llm:
            from langchain_core.language_models.fake_chat_models import FakeListChatModel

            agent = build_agent(store, FakeListChatModel(responses=["(no query)"]),
                                selector=FewShotSelector(embedder=None))
        else:
            agent = build_agent(store)
            agent.selector.select("warm up", 1)
        seconds: dict[str, list[float]] = {"parser": [], "llm": []}
        for item in family_items():
            if not item.get("follow_up_of"):
                agent.memory.clear()
            if item.get("context_only"):
                agent.ask(item["question"])
                continue
            route_is_llm = not _parser_answers(agent, item["question"])
            if route_is_llm and (args.no_llm or len(seconds["llm"]) >= args.llm_questions):
                continue
            started = time.perf_counter()
            answer = agent.ask(item["question"])
            seconds[answer.route].append(time.perf_counter() - started)
    finally:
        store.close()
    for route, values in seconds.items():
        if values:
            print(f"{route:6s} {len(values):4d} questions  median {statistics.median(values):.3f} s  "
                  f"p95 {percentile(values, 0.95):.3f} s  max {max(values):.3f} s")


def _parser_answers(agent: object, question: str) -> bool:
    """Whether the parser route would answer (a plan that compiles), without running anything."""
    from agent.parser import parse
    from agent.plan_compile import Unsupported, compile_plan

    previous = agent.memory.last_plan if agent.memory.turns else None  # type: ignore[attr-defined]
    plan = parse(question, agent.facts.get(), previous)  # type: ignore[attr-defined]
    if plan is None:
        return False
    try:
        compile_plan(plan)
    except Unsupported:
        return False
    return True


if __name__ == "__main__":
    main()
