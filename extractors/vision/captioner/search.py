"""Greedy and beam-search decoding for the caption decoders, batched over images, over one or several members.

The search always drives a `DecoderEnsemble`: the members (decoders over the same backbone grid and vocabulary)
each run their own step, and their next-token distributions are combined per step, either as the mean of the
probabilities (`combine="prob"`, normalised by construction) or as the renormalised mean of the log-probabilities
(`combine="logprob"`, a product of experts), each member weighted (equal weights unless given). A single
decoder is an ensemble of one, whose step is the member's own log-probabilities unchanged, so a single model
decodes exactly as it did before ensembles existed.

Beam search keeps `beam` live hypotheses per image; a hypothesis that emits <end> moves to that image's finished
list with its length-normalised score (GNMT: log p / ((5 + len) / 6) ** alpha), so short captions do not win by
default. An image is done when its best live hypothesis, ended at the next step, would not beat its best
finished one (with alpha = 0 exact, since log p only falls; with alpha > 0 the usual heuristic); at `max_len`
the live ones are finished as they stand (truncated). Repeated n-grams can be blocked (`no_repeat_ngram`),
which stops "a dog and a dog and a dog" loops. Every image always gets a result: an empty hypothesis is
reported, not raised.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

NEG_INF = float("-inf")
COMBINE_RULES = ("prob", "logprob")


class DecoderEnsemble:
    """Several decoders behind the one step interface (encode, start_state, step, reorder) the search uses.

    Memory and state are per-member lists; `step` returns the combined (N, V) log-probabilities. The members
    must share the vocabulary (same output size): that is checked at the first step.
    """

    def __init__(self, members: Sequence[torch.nn.Module], combine: str = "prob",
                 weights: Sequence[float] | None = None) -> None:
        if not members:
            raise ValueError("a decoder ensemble needs at least one member")
        if combine not in COMBINE_RULES:
            raise ValueError(f"unknown ensemble combine rule {combine!r}; one of {COMBINE_RULES}")
        weights = [1.0] * len(members) if weights is None else [float(w) for w in weights]
        if len(weights) != len(members) or min(weights) <= 0:
            raise ValueError(f"ensemble weights must be one positive number per member, got {weights}")
        self.members, self.combine = list(members), combine
        self.weights = [w / sum(weights) for w in weights]

    @classmethod
    def of(cls, decoder: Any, combine: str = "prob") -> DecoderEnsemble:
        """`decoder` as an ensemble: an ensemble as is, a list of members, or one decoder (an ensemble of one)."""
        if isinstance(decoder, DecoderEnsemble):
            return decoder
        return cls(list(decoder) if isinstance(decoder, (list, tuple)) else [decoder], combine)

    def encode(self, grid: torch.Tensor) -> list[Any]:
        return [m.encode(grid) for m in self.members]

    def start_state(self, memory: list[Any]) -> list[Any]:
        return [m.start_state(mem) for m, mem in zip(self.members, memory, strict=True)]

    def step(self, memory: list[Any], state: list[Any], tokens: torch.Tensor) -> tuple[torch.Tensor, list[Any]]:
        parts, states = [], []
        for member, mem, st in zip(self.members, memory, state, strict=True):
            log_probs, st = member.step(mem, st, tokens)
            parts.append(log_probs)
            states.append(st)
        return combine_log_probs(parts, self.combine, self.weights), states

    def reorder(self, memory: list[Any], state: list[Any], index: torch.Tensor) -> tuple[list[Any], list[Any]]:
        pairs = [m.reorder(mem, st, index) for m, mem, st in zip(self.members, memory, state, strict=True)]
        return [p[0] for p in pairs], [p[1] for p in pairs]


def combine_log_probs(parts: list[torch.Tensor], rule: str, weights: Sequence[float] | None = None) -> torch.Tensor:
    """One (N, V) log-distribution from the members' (N, V) log-probabilities (one member: returned as is).

    `weights` (summing to 1; equal when None): prob -> log sum_i w_i p_i; logprob -> log_softmax(sum_i w_i log p_i).
    """
    if len(parts) == 1:
        return parts[0]
    if len({p.shape for p in parts}) != 1:
        raise ValueError(f"ensemble members disagree on the output shape {sorted({tuple(p.shape) for p in parts})}:"
                         " they must share one vocabulary")
    stacked = torch.stack(parts)
    w = torch.tensor([1.0 / len(parts)] * len(parts) if weights is None else list(weights)).view(-1, 1, 1)
    if rule == "prob":
        return torch.logsumexp(stacked + w.log(), 0)
    return torch.log_softmax((stacked * w).sum(0), -1)


@dataclass(frozen=True)
class Hypothesis:
    tokens: tuple[int, ...]  # words only: no <start>, no <end>
    log_prob: float
    score: float  # length-normalised
    truncated: bool = False  # hit max_len without <end>

    @property
    def mean_prob(self) -> float:
        """Geometric mean token probability (a confidence in 0..1), counting <end> unless truncated."""
        steps = len(self.tokens) + (0 if self.truncated else 1)
        return float(torch.tensor(self.log_prob / max(1, steps)).exp())


def length_penalty(length: int, alpha: float) -> float:
    return ((5.0 + length) / 6.0) ** alpha


def _blocked(history: torch.Tensor, n: int) -> list[list[int]]:
    """Per row: tokens that would repeat an n-gram already in the row (history excludes <start>)."""
    rows = history.tolist()
    banned: list[list[int]] = []
    for row in rows:
        if len(row) < n:
            banned.append([])
            continue
        prefix = tuple(row[-(n - 1):]) if n > 1 else ()
        seen = [row[i + n - 1] for i in range(len(row) - n + 1) if tuple(row[i : i + n - 1]) == prefix]
        banned.append(seen)
    return banned


def beam_search(decoder: Any, grid: torch.Tensor, start: int, end: int, beam: int = 3, max_len: int = 20,
                alpha: float = 0.7, no_repeat_ngram: int = 0, banned: tuple[int, ...] = (),
                combine: str = "prob") -> list[Hypothesis]:
    """Best hypothesis per image of `grid` (N, cells, C). beam=1 is greedy decoding.

    `decoder`: one decoder, a list of members, or a `DecoderEnsemble` (see `DecoderEnsemble.of`); `combine` is
    the rule for a list (an ensemble keeps its own).
    """
    return [hyps[0] if hyps else Hypothesis((), NEG_INF, NEG_INF, True)
            for hyps in beam_candidates(decoder, grid, start, end, beam, max_len, alpha, no_repeat_ngram, banned,
                                        combine)]


@torch.inference_mode()
def beam_candidates(decoder: Any, grid: torch.Tensor, start: int, end: int, beam: int = 3, max_len: int = 20,
                    alpha: float = 0.7, no_repeat_ngram: int = 0, banned: tuple[int, ...] = (),
                    combine: str = "prob") -> list[list[Hypothesis]]:
    """Every hypothesis the beam search finished, per image, best (highest length-normalised score) first."""
    model = DecoderEnsemble.of(decoder, combine)
    n = grid.size(0)
    if n == 0:
        return []
    memory = model.encode(grid)
    state = model.start_state(memory)
    index = torch.arange(n).repeat_interleave(beam)
    memory, state = model.reorder(memory, state, index)
    tokens = torch.full((n * beam, 1), start, dtype=torch.long)
    scores = torch.full((n, beam), NEG_INF)
    scores[:, 0] = 0.0  # all beams start identical: keep one so the first step does not pick duplicates
    finished: list[list[Hypothesis]] = [[] for _ in range(n)]
    done = torch.zeros(n, dtype=torch.bool)
    for step in range(max_len):
        log_probs, state = model.step(memory, state, tokens)
        log_probs = log_probs.clone()
        for token in banned:
            log_probs[:, token] = NEG_INF
        if no_repeat_ngram:
            for row, bad in enumerate(_blocked(tokens[:, 1:], no_repeat_ngram)):
                if bad:
                    log_probs[row, bad] = NEG_INF
        vocab = log_probs.size(1)
        total = (scores.view(-1, 1) + log_probs).view(n, beam * vocab)
        top_scores, top_index = total.topk(2 * beam, dim=1)
        source, word = top_index // vocab, top_index % vocab
        next_rows, next_words, next_scores = [], [], []
        for i in range(n):
            kept = 0
            for score, src, w in zip(top_scores[i].tolist(), source[i].tolist(), word[i].tolist(), strict=True):
                row = i * beam + src
                if score == NEG_INF:
                    break
                if w == end:
                    if not done[i]:
                        words = tuple(tokens[row, 1:].tolist())
                        finished[i].append(Hypothesis(words, score, score / length_penalty(len(words) + 1, alpha)))
                    continue
                if kept < beam:
                    next_rows.append(row)
                    next_words.append(w)
                    next_scores.append(score)
                    kept += 1
            while kept < beam:  # fewer than `beam` live continuations (tiny vocab, bans): pad with dead beams
                next_rows.append(i * beam)
                next_words.append(end)
                next_scores.append(NEG_INF)
                kept += 1
            if finished[i] and not done[i]:
                best_done = max(h.score for h in finished[i])
                best_live = max(next_scores[-beam:])
                # the best live one, were it to end at the next step (the usual heuristic: bounding at max_len
                # instead almost never stops early when alpha > 0, and costs ~1.7x decode time)
                bound = best_live / length_penalty(step + 2, alpha) if best_live != NEG_INF else NEG_INF
                done[i] = best_done >= bound
        if bool(done.all()):
            break
        rows = torch.tensor(next_rows)
        memory, state = model.reorder(memory, state, rows)
        tokens = torch.cat([tokens.index_select(0, rows), torch.tensor(next_words).view(-1, 1)], 1)
        scores = torch.tensor(next_scores).view(n, beam)
        scores[done] = NEG_INF
    for i in range(n):
        if done[i]:
            continue
        for b in range(beam):
            score = float(scores[i, b])
            if score != NEG_INF:
                words = tuple(tokens[i * beam + b, 1:].tolist())
                finished[i].append(Hypothesis(words, score, score / length_penalty(len(words), alpha), True))
    return [sorted(hyps, key=lambda h: h.score, reverse=True) for hyps in finished]
