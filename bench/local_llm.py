"""The packaged local LLM: in-process llama.cpp vs the supervised worker process, on a real agent prompt.

For each mode (runs interleaved so load drift hits both): seconds per generation (median of --runs) for the
agent's real few-shot prompt of one question, prompt and generated token counts, and the worker's restart
time (spawn + model load). Also prints llama.cpp's system info, so the build flags behind the figures are on
record (AMX must be absent: it segfaults on AMX Xeons).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/local_llm.py --runs 3 --threads 1
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

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
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
