"""Chat latency by route: questions the parser answers (no LLM) and questions it leaves to the LLM, on the
fixture graph, through the real agent (guard, read-only store, answer rendering, citations, tie checks).

Questions come from the generalisation suite (research/agent_eval/families.jsonl, one split or all): every
phrasing the parser answers, and the phrasings it leaves to the LLM (at most --llm-questions of them, each a
fresh chat, so a slow model does not make the run take an hour). Prints the median and p95 seconds per route.
`--questions FILE` reads an evaluate.py question file (e.g. the older research/agent_eval/dev.jsonl) instead.

`--score` also runs each LLM-routed question's gold query and prints the LLM route's execution accuracy (the
same scoring as research/agent_eval/evaluate.py), so a change to the LLM path can be measured on only the
questions the parser hands over, in minutes. `--profile` prints where each LLM-routed question's time went:
generations, prompt tokens (and how many were evaluated rather than reused from the KV cache), prompt-eval and
generation milliseconds, and the agent's own steps (grounding, few-shot selection, citations).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/agent_routes.py [--llm-questions 8] [--no-llm]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/agent_routes.py --split heldout --llm-questions 99 --score --profile
"""
from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llm-questions", type=int, default=8)
    parser.add_argument("--no-llm", action="store_true", help="only the parser route (seconds, no model)")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--questions", type=Path, default=None, help="an evaluate.py JSONL file instead")
    parser.add_argument("--score", action="store_true", help="LLM route accuracy against the gold queries")
    parser.add_argument("--profile", action="store_true", help="where each LLM-routed question's time went")
    parser.add_argument("--only-llm", action="store_true", help="skip timing the parser-answered questions")
    args = parser.parse_args()
    from agent.chain import build_agent
    from agent.few_shot import FewShotSelector
    from research.agent_eval.evaluate import open_eval_store, percentile, read_items
    from research.agent_eval.families import family_items
    from research.agent_eval.scoring import results_match

    if args.questions:
        items = read_items(args.questions)
    else:
        items = family_items(split=None if args.split == "all" else args.split)
    store = open_eval_store("fixture", None)
    rows: list[dict[str, Any]] = []
    correct: list[bool] = []
    try:
        if args.no_llm:
            from langchain_core.language_models.fake_chat_models import FakeListChatModel

            agent = build_agent(store, FakeListChatModel(responses=["(no query)"]),
                                selector=FewShotSelector(embedder=None))
        else:
            agent = build_agent(store)
            agent.selector.select("warm up", 1)
            worker = getattr(agent.llm, "worker", None)
            if worker is not None:  # model load and the shared prompt prefix: paid once per process, not timed
                started = time.perf_counter()
                worker.start()
                print(f"local model worker started in {time.perf_counter() - started:.1f} s")
        steps = _time_steps(agent)
        seconds: dict[str, list[float]] = {"parser": [], "llm": []}
        for item in items:
            if not item.get("follow_up_of"):
                agent.memory.clear()
            if item.get("context_only"):
                agent.ask(item["question"])
                continue
            route_is_llm = not _parser_answers(agent, item["question"])
            if route_is_llm and (args.no_llm or len(seconds["llm"]) >= args.llm_questions):
                continue
            if not route_is_llm and args.only_llm:
                continue
            steps.clear()
            generations_before = len(_worker_stats(agent))
            started = time.perf_counter()
            answer = agent.ask(item["question"])
            took = time.perf_counter() - started
            seconds[answer.route].append(took)
            if answer.route != "llm":
                continue
            ok = answer.error is None and results_match(store.query(item["cypher"]), answer.rows,
                                                        bool(item.get("ordered")))
            correct.append(ok)
            rows.append(_profile_row(item, answer, took, ok, _worker_stats(agent)[generations_before:], steps))
    finally:
        store.close()
    for route, values in seconds.items():
        if values:
            print(f"{route:6s} {len(values):4d} questions  median {statistics.median(values):.3f} s  "
                  f"p95 {percentile(values, 0.95):.3f} s  max {max(values):.3f} s")
    if args.score and correct:
        print(f"llm route accuracy {sum(correct)}/{len(correct)}")
    if args.profile and rows:
        _print_profile(rows)


def _worker_stats(agent: Any) -> list[Any]:
    worker = getattr(agent.llm, "worker", None)
    return list(getattr(worker, "stats", []))


def _time_steps(agent: Any) -> dict[str, float]:
    """Wrap the agent's non-LLM steps so their seconds add up per question (cleared before each one)."""
    spent: dict[str, float] = defaultdict(float)

    def timed(owner: Any, name: str, key: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*a: Any, **kw: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                spent[key] += time.perf_counter() - started

        setattr(owner, name, wrapper)

    timed(agent.plans, "answer", "parser")
    timed(agent.grounder, "ground", "grounding")
    timed(agent.selector, "select", "few_shot")
    timed(agent, "_cite", "citations")
    timed(agent.graph, "query", "db")
    return spent


def _profile_row(item: dict[str, Any], answer: Any, took: float, ok: bool, stats: list[Any],
                 steps: dict[str, float]) -> dict[str, Any]:
    return {
        "id": item.get("id"), "ok": ok, "seconds": round(took, 2), "attempts": answer.attempts,
        "generations": len(stats),
        "prompt_tokens": [s.prompt_tokens for s in stats], "evaluated": [s.prompt_evaluated for s in stats],
        "prompt_ms": [s.prompt_ms for s in stats], "generated": [s.generated_tokens for s in stats],
        "generation_ms": [s.generation_ms for s in stats], "llm_ms": round(sum(s.total_ms for s in stats)),
        **{k: round(v * 1000) for k, v in steps.items()},
        "cypher": " ".join((answer.cypher or answer.error or "").split())[:300],
    }


def _print_profile(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        print(json.dumps(row))
    gens = [(p, e, pm, g, gm) for r in rows for p, e, pm, g, gm in
            zip(r["prompt_tokens"], r["evaluated"], r["prompt_ms"], r["generated"], r["generation_ms"])]
    if not gens:
        return
    med = [statistics.median(col) for col in zip(*gens)]
    print(f"per generation (n={len(gens)}): median prompt {med[0]:.0f} tokens, {med[1]:.0f} evaluated "
          f"({med[2]:.0f} ms), generated {med[3]:.0f} tokens ({med[4]:.0f} ms)")
    print(f"per question (n={len(rows)}): median generations {statistics.median(r['generations'] for r in rows)}, "
          f"median llm {statistics.median(r['llm_ms'] for r in rows):.0f} ms, "
          + ", ".join(f"{k} {statistics.median(r.get(k, 0) for r in rows):.0f} ms"
                      for k in ("parser", "grounding", "few_shot", "db", "citations")))


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
