"""llama-cpp-python's Llama with prompt-lookup speculative decoding that does not slow the prompt down, and
per-phase counters.

Generated Cypher copies long spans of the prompt (labels, relationship patterns and whole clauses of the nearest
examples and the schema). Prompt lookup drafts the tokens that followed the last few generated tokens where they
occurred earlier in the context; llama.cpp then checks the draft in one batch, and every draft token the model
agrees with is a generation step saved. With greedy decoding the output is the model's own choice at every
position: a draft token is kept only when it is the token the model picks there.

llama-cpp-python 0.3.x supports a `draft_model`, but turns on logits for EVERY token when one is set: each of the
prompt's new tokens then pays for the 151,936-wide output layer and is copied into a Python table (n_ctx x vocab
floats, 2.5 GB at 4,096 tokens; with a smaller table it fails past the first n_batch positions). `LookupLlama`
asks llama.cpp for the last prompt token's logits only and for all logits of a verification batch (the sampled
token and its drafts), and copies none into Python: the sampler reads them inside llama.cpp.

Imports llama_cpp: only the model worker process imports this module.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from llama_cpp import Llama
from llama_cpp.llama_speculative import LlamaDraftModel


class RecentLookupDraft(LlamaDraftModel):
    """Drafts up to `tokens` tokens: what followed the most recent earlier occurrence of the context's last
    `max_ngram` tokens (then shorter n-grams, down to `min_ngram`). The most recent occurrence, because the prompt
    ends with the examples nearest the question and the query written so far."""

    def __init__(self, tokens: int = 8, max_ngram: int = 3, min_ngram: int = 1) -> None:
        if tokens < 1 or not 1 <= min_ngram <= max_ngram:
            raise ValueError(f"bad prompt-lookup draft settings: tokens={tokens}, ngram {min_ngram}..{max_ngram}")
        self.tokens, self.max_ngram, self.min_ngram = tokens, max_ngram, min_ngram

    def __call__(self, input_ids: npt.NDArray[np.intc], /, **kwargs: Any) -> npt.NDArray[np.intc]:
        ids = np.asarray(input_ids)
        n = len(ids)
        for size in range(min(self.max_ngram, n - 1), self.min_ngram - 1, -1):
            # windows over ids[:-1], so a window ending at the tail itself (no continuation) is never matched
            windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], size)
            hits = np.flatnonzero((windows == ids[n - size:]).all(axis=1))
            if len(hits):
                start = int(hits[-1]) + size
                return ids[start:start + self.tokens].astype(np.intc)
        return np.array([], dtype=np.intc)


@dataclass
class PhaseCounters:
    """One generation's decode calls, split into the prompt (what the KV cache did not have) and the rest."""

    prompt_tokens: int = 0
    prompt_ms: float = 0.0
    decode_calls: int = 0  # after the prompt: one per generated token without drafts, fewer with accepted drafts
    decoded_tokens: int = 0  # tokens evaluated after the prompt (sampled ones plus drafts)
    decode_ms: float = 0.0


class LookupLlama(Llama):
    """Llama whose evaluation computes only the logits that sampling reads (see the module docstring) and counts
    where the time goes. Without a draft model it evaluates exactly as Llama does."""

    counters: PhaseCounters
    _in_prompt: bool

    def generate(self, tokens: Sequence[int], *args: Any, **kwargs: Any) -> Any:
        self.counters, self._in_prompt = PhaseCounters(), True
        return super().generate(tokens, *args, **kwargs)

    def eval(self, tokens: Sequence[int]) -> None:
        """Llama.eval without the Python copy of the logits: the prompt (first call of a generation) asks for its
        last token's logits, a later call (a sampled token and its drafts) for every token's."""
        in_prompt = getattr(self, "_in_prompt", True)
        started = time.perf_counter()
        self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
        for start in range(0, len(tokens), self.n_batch):
            batch = list(tokens[start:start + self.n_batch])
            self._batch.set_batch(batch=batch, n_past=self.n_tokens, logits_all=not in_prompt)
            self._ctx.decode(self._batch)
            self.input_ids[self.n_tokens:self.n_tokens + len(batch)] = batch
            self.n_tokens += len(batch)
            self._requires_eval = False
        ms = (time.perf_counter() - started) * 1000
        counters = getattr(self, "counters", None)
        if counters is not None:
            if in_prompt:
                counters.prompt_tokens += len(tokens)
                counters.prompt_ms += ms
            else:
                counters.decode_calls += 1
                counters.decoded_tokens += len(tokens)
                counters.decode_ms += ms
        self._in_prompt = False
