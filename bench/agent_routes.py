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

`--compare NAME:setting=value,...` (repeatable) runs one agent per variant of the agent settings (each with its
own model worker) and asks every LLM-routed question of each in turn, the order alternating per question, so the
machine's load drifts over all of them alike; it prints each variant's figures, the median per-question time ratio
to the first variant, and the questions whose query or outcome differ:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/agent_routes.py --split heldout --llm-questions 99 --only-llm --score \
        --compare base: --compare draft:lookup_draft_tokens=8
"""
from __future__ import annotations

import argparse
import copy
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
    parser.add_argument("--compare", action="append", default=[], metavar="NAME:setting=value,...",
                        help="agent settings to compare (FEEDLENS_LLM_* names in lower case without the prefix, "
                             "e.g. 'draft8:lookup_draft_tokens=8'; 'base:' = as configured); repeat per variant")
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
    variants = [parse_variant(spec) for spec in args.compare] or [("", {})]
    store = open_eval_store("fixture", None)
    agents: dict[str, Any] = {}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seconds: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"parser": [], "llm": []})
    try:
        if args.no_llm:
            from langchain_core.language_models.fake_chat_models import FakeListChatModel

            from core.settings import get_settings

            agents[""] = build_agent(store, FakeListChatModel(responses=["(no query)"]),
                                     selector=FewShotSelector(embedder=None),
                                     settings=get_settings().with_agent(restate=False))
        else:
            agents = _start_agents(store, variants)
        first = next(iter(agents))
        steps = {name: _time_steps(agent) for name, agent in agents.items()}
        n_llm = 0
        for item in items:
            for agent in agents.values():
                if not item.get("follow_up_of"):
                    agent.memory.clear()
                if item.get("context_only"):
                    agent.ask(item["question"])
            if item.get("context_only"):
                continue
            route_is_llm = not _parser_answers(agents[first], item["question"])
            if route_is_llm and (args.no_llm or n_llm >= args.llm_questions):
                continue
            if not route_is_llm and args.only_llm:
                continue
            n_llm += route_is_llm
            # every variant answers the same question in turn, the order alternating (A B, B A, ...)
            names = list(agents) if n_llm % 2 else list(reversed(agents))
            for name in names if route_is_llm else [first]:
                agent = agents[name]
                steps[name].clear()
                generations_before = len(_worker_stats(agent))
                started = time.perf_counter()
                answer = agent.ask(item["question"])
                took = time.perf_counter() - started
                seconds[name][answer.route].append(took)
                if answer.route != "llm":
                    continue
                ok = answer.error is None and results_match(store.query(item["cypher"]), answer.rows,
                                                            bool(item.get("ordered")))
                rows[name].append(_profile_row(item, answer, took, ok, _worker_stats(agent)[generations_before:],
                                               steps[name]))
    finally:
        for agent in agents.values():
            worker = getattr(agent.llm, "worker", None)
            if worker is not None:
                worker.close()
        store.close()
    for name in agents:
        label = f"[{name}] " if name else ""
        for route, values in seconds[name].items():
            if values:
                print(f"{label}{route:6s} {len(values):4d} questions  median {statistics.median(values):.3f} s  "
                      f"p95 {percentile(values, 0.95):.3f} s  max {max(values):.3f} s")
        if args.score and rows[name]:
            print(f"{label}llm route accuracy {sum(r['ok'] for r in rows[name])}/{len(rows[name])}")
        if args.profile and rows[name]:
            _print_profile(rows[name])
    if len(agents) > 1:
        _print_comparison(rows, first)


def parse_variant(spec: str) -> tuple[str, dict[str, Any]]:
    """'draft8:lookup_draft_tokens=8,threads=2' -> ('draft8', {...}), each value typed like its agent setting."""
    from core.settings import AgentSettings

    name, _, assignments = spec.partition(":")
    fields = AgentSettings.model_fields
    changes: dict[str, Any] = {}
    for assignment in filter(None, assignments.split(",")):
        key, _, value = assignment.partition("=")
        if key not in fields:
            raise SystemExit(f"--compare {spec!r}: no agent setting {key!r} (one of {', '.join(fields)})")
        kind = fields[key].annotation
        changes[key] = value.lower() in ("1", "true", "yes", "on") if kind is bool else kind(value)  # type: ignore
    return name or "configured", changes


def _start_agents(store: Any, variants: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One agent per variant, each with its own model (a worker process for the local model), started before
    anything is timed (model load and the shared prompt prefix are paid once per process)."""
    from agent.chain import build_agent
    from agent.few_shot import default_selector
    from agent.llm import build_llm
    from core.settings import get_settings

    selector = default_selector()
    selector.select("warm up", 1)
    agents = {}
    for name, changes in variants:
        settings = get_settings().with_agent(**changes)
        # a shallow copy each: the example vectors are shared, the timing wrapper (_time_steps) is not
        agent = build_agent(store, build_llm(settings), settings=settings, selector=copy.copy(selector))
        worker = getattr(agent.llm, "worker", None)
        if worker is not None:
            started = time.perf_counter()
            worker.start()
            print(f"{name}: {changes or 'as configured'}; local model worker started in "
                  f"{time.perf_counter() - started:.1f} s")
        agents[name] = agent
    return agents


def _print_comparison(rows: dict[str, list[dict[str, Any]]], first: str) -> None:
    """Per variant against the first: the per-question time ratio and whether the query and outcome changed."""
    reference = {r["id"]: r for r in rows[first]}
    for name, own in rows.items():
        if name == first:
            continue
        ratios = [r["seconds"] / reference[r["id"]]["seconds"] for r in own if reference[r["id"]]["seconds"]]
        same = sum(r["cypher"] == reference[r["id"]]["cypher"] for r in own)
        print(f"[{name}] vs [{first}]: median per-question time ratio {statistics.median(ratios):.2f} "
              f"(n={len(ratios)}); same Cypher on {same}/{len(own)}; right {sum(r['ok'] for r in own)} vs "
              f"{sum(reference[r['id']]['ok'] for r in own)}")
        for r in own:
            ref = reference[r["id"]]
            if r["cypher"] != ref["cypher"] or r["ok"] != ref["ok"]:
                print(f"  {r['id']}: [{first}] ok={ref['ok']} {ref['cypher']}\n  {' ' * len(str(r['id']))}  "
                      f"[{name}] ok={r['ok']} {r['cypher']}")


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
        "generation_ms": [s.generation_ms for s in stats], "decode_calls": [s.decode_calls for s in stats],
        "threads": [f"{s.threads}/{s.batch_threads}" for s in stats],
        "llm_ms": round(sum(s.total_ms for s in stats)),
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
