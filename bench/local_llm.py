"""The packaged local LLM: in-process llama.cpp vs the supervised worker process, on a real agent prompt.

For each mode (runs interleaved so load drift hits both): seconds per generation (median of --runs) for the
agent's real few-shot prompt of one question, prompt and generated token counts, and the worker's restart
time (spawn + model load). Also prints llama.cpp's system info, so the build flags behind the figures are on
record (AMX must be absent: it segfaults on AMX Xeons).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/local_llm.py --runs 3 --threads 1

`--variant NAME:field=value,...` (repeatable) compares worker settings instead (LocalModelConfig fields, e.g.
`--variant off:lookup_draft_tokens=0 --variant draft8:lookup_draft_tokens=8`): one worker per variant, every
question asked of each in turn (the order alternating per round, A B B A, so load drift hits all alike), each
variant's median seconds per question, its ratio to the first variant, tokens generated per decode call, and
whether its replies are identical to the first variant's (greedy decoding: a speed setting must not change them).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/local_llm.py --rounds 2 \
        --variant off: --variant draft8:lookup_draft_tokens=8
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# a different question per run, as in a chat: each instance keeps its own llama.cpp cache, so the shared system
# prompt is reused from the second question on (as it is in the app) but every question's own part is new
QUESTIONS = ("Which topics are mostly negative?", "How many photos show a dog on the beach?",
             "Which month of 2021 had the most positive posts?", "What do my posts about coffee say?",
             "Which hashtags appear in negative posts?")


def agent_prompt(question: str) -> list[tuple[str, str]]:
    """The chat messages the agent sends for `question` (schema, nearest examples, grounding)."""
    from agent.few_shot import FewShotSelector, anchor_examples, format_examples
    from agent.prompts import cypher_prompt
    from core.settings import get_settings

    agent = get_settings().agent
    selector = FewShotSelector(embedder=None)
    anchors = anchor_examples(selector.examples, agent.anchor_examples)
    examples = format_examples(selector.select(question, agent.few_shot_k, exclude=anchors))
    messages = cypher_prompt(anchors).format_messages(question=question, history="", examples=examples, schema="",
                                                      grounding="", hint="", feedback="")
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [(roles.get(m.type, "user"), m.text) for m in messages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="0 = chosen by the load (the default)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME:field=value,...",
                        help="compare worker settings (LocalModelConfig fields); repeat for each variant")
    parser.add_argument("--rounds", type=int, default=1, help="with --variant: passes over the questions")
    parser.add_argument("--question", action="append", default=[], help="with --variant: questions to use "
                        "instead of the five built in (repeatable)")
    args = parser.parse_args()
    if args.variant:
        compare_variants(args)
        return

    import llama_cpp

    from agent.llm import STOP_TOKENS
    from agent.local_model import resolve_gguf
    from agent.local_worker import GenerationRequest, LlamaCppBackend, LocalModelConfig, LocalModelWorker
    from core.settings import get_settings

    print("llama.cpp:", llama_cpp.__version__, "|", llama_cpp.llama_print_system_info().decode().strip())
    config = LocalModelConfig(model_path=str(resolve_gguf("", get_settings().model_cache_dir)), threads=args.threads)
    requests = [GenerationRequest(messages=tuple(agent_prompt(q)), stop=tuple(STOP_TOKENS)) for q in QUESTIONS]

    started = time.perf_counter()
    in_process = LlamaCppBackend(config)
    load_in_process = time.perf_counter() - started
    worker = LocalModelWorker(config)
    started = time.perf_counter()
    worker.generate(GenerationRequest(messages=(("user", "hi"),), stop=("\n",)))
    start_worker = time.perf_counter() - started

    prompt_tokens = [len(in_process.llama.tokenize("\n".join(c for _, c in r.messages).encode())) for r in requests]
    times: dict[str, list[float]] = {"in-process": [], "worker": []}
    replies: dict[str, list[str]] = {"in-process": [], "worker": []}
    for run in range(args.runs):
        request = requests[run % len(requests)]
        for mode, mode_times in times.items():
            started = time.perf_counter()
            reply = in_process.complete(request) if mode == "in-process" else worker.generate(request)
            mode_times.append(time.perf_counter() - started)
            replies[mode].append(reply)
    worker.close()

    print(f"prompts ~{min(prompt_tokens)}-{max(prompt_tokens)} tokens, threads {args.threads}, runs {args.runs}")
    print(f"model load in process: {load_in_process:.1f} s; worker start (spawn + load + 1 token): "
          f"{start_worker:.1f} s")
    base = statistics.median(times["in-process"])
    for mode, values in times.items():
        median = statistics.median(values)
        generated = sum(len(in_process.llama.tokenize(r.encode(), add_bos=False)) for r in replies[mode])
        print(f"{mode:>10}: median {median:.2f} s per question ({', '.join(f'{v:.2f}' for v in values)}), "
              f"{generated / len(values):.0f} tokens generated on average, {median / base:.2f}x in-process")
    print("same replies in both modes:", replies["in-process"] == replies["worker"])
    for question, reply in zip(QUESTIONS, replies["worker"], strict=False):
        print(f"  {question} -> {reply.strip()}".replace("\n", " ")[:220])


def parse_variant(spec: str) -> tuple[str, dict[str, Any]]:
    """'draft8:lookup_draft_tokens=8,threads=2' -> ('draft8', {...}), values typed like the config's fields."""
    from agent.local_worker import LocalModelConfig

    name, _, assignments = spec.partition(":")
    defaults = LocalModelConfig(model_path="")
    changes: dict[str, Any] = {}
    for assignment in filter(None, assignments.split(",")):
        key, _, value = assignment.partition("=")
        if not hasattr(defaults, key):
            raise SystemExit(f"--variant {spec!r}: LocalModelConfig has no field {key!r}")
        current = getattr(defaults, key)
        is_bool = isinstance(current, bool)
        changes[key] = value.lower() in ("1", "true", "yes", "on") if is_bool else type(current)(value)
    return name or spec, changes


def compare_variants(args: argparse.Namespace) -> None:
    """Each variant in its own worker, the same real agent prompts, interleaved; see the module docstring."""
    import llama_cpp

    from agent.llm import STOP_TOKENS
    from agent.local_model import resolve_gguf
    from agent.local_worker import GenerationRequest, LocalModelConfig, LocalModelWorker
    from agent.prompts import static_prefix
    from core.settings import get_settings

    settings = get_settings()
    print("llama.cpp:", llama_cpp.__version__, "|", llama_cpp.llama_print_system_info().decode().strip())
    base = LocalModelConfig(model_path=str(resolve_gguf("", settings.model_cache_dir)), threads=args.threads,
                            warm_prefix=static_prefix(settings.agent.anchor_examples),
                            state_dir=str(settings.model_cache_dir))
    variants = [parse_variant(spec) for spec in args.variant]
    questions = tuple(args.question) or QUESTIONS
    requests = [GenerationRequest(messages=tuple(agent_prompt(q)), stop=tuple(STOP_TOKENS)) for q in questions]
    workers = {}
    for name, changes in variants:
        started = time.perf_counter()
        workers[name] = LocalModelWorker(dataclasses.replace(base, **changes))
        workers[name].start()
        print(f"{name}: {changes or 'defaults'}; worker started in {time.perf_counter() - started:.1f} s")
    times: dict[str, list[float]] = {name: [] for name in workers}
    replies: dict[str, list[str]] = {name: [] for name in workers}
    stats: dict[str, list[Any]] = {name: [] for name in workers}
    try:
        for round_ in range(args.rounds):
            for i, request in enumerate(requests):
                order = list(workers) if (round_ * len(requests) + i) % 2 == 0 else list(reversed(workers))
                for name in order:
                    started = time.perf_counter()
                    reply = workers[name].generate(request)
                    times[name].append(time.perf_counter() - started)
                    replies[name].append(reply)
                    stats[name].append(workers[name].stats[-1])
    finally:
        for worker in workers.values():
            worker.close()
    first = next(iter(workers))
    base_median = statistics.median(times[first])
    print(f"{len(requests)} questions x {args.rounds} rounds, threads {args.threads}")
    for name in workers:
        median = statistics.median(times[name])
        s = stats[name]
        generated, calls = sum(x.generated_tokens for x in s), sum(x.decode_calls for x in s)
        ratios = [b / a for a, b in zip(times[first], times[name], strict=True)]
        prompt_ms, prompt_n = (statistics.median(x.prompt_ms for x in s),
                               statistics.median(x.prompt_evaluated for x in s))
        print(f"{name:>12}: median {median:.2f} s per question, {median / base_median:.2f}x {first} "
              f"(median of per-question ratios {statistics.median(ratios):.2f}); prompt eval median "
              f"{prompt_ms:.0f} ms for {prompt_n:.0f} tokens; "
              f"generation median {statistics.median(x.generation_ms for x in s):.0f} ms; "
              f"{generated / max(calls, 1):.2f} tokens per decode call; "
              f"replies identical to {first}: {sum(a == b for a, b in zip(replies[first], replies[name], strict=True))}"
              f"/{len(replies[name])}")
    for question, reply, stat in zip(questions, replies[first], stats[first], strict=False):
        print(f"  [{first}] {question} ({stat.generated_tokens} tokens) -> {' '.join(reply.split())}"[:400])
    for name in workers:
        for question, reply, ref in zip(questions * args.rounds, replies[name], replies[first], strict=True):
            if reply != ref:
                print(f"  {name} differs on {question!r}:\n    {first}: {ref.strip()}\n    {name}: {reply.strip()}")


if __name__ == "__main__":
    main()
