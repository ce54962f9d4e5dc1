"""The offline captioner: vocabulary, beam search edge cases, artefacts, and decoders (no trained model needed)."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from core.errors import ConfigError
from extractors.vision.captioner.artefact import load_artefact, save_artefact
from extractors.vision.captioner.model import build_decoder
from extractors.vision.captioner.runtime import CaptionDecoder, build_caption_decoder, resolve_artefact, tidy
from extractors.vision.captioner.search import beam_candidates, beam_search, length_penalty
from extractors.vision.captioner.vocab import Vocabulary, tokenize

START, END = 1, 2


class ScriptedModel(torch.nn.Module):
    """A decoder whose next-token log-probabilities come from a function of the prefix (words after <start>)."""

    kind = "scripted"

    def __init__(self, table, vocab_size: int = 8) -> None:
        super().__init__()
        self.table, self.vocab_size = table, vocab_size

    def encode(self, grid):
        return {"cells": grid}

    def start_state(self, memory):
        return None

    def step(self, memory, state, tokens):
        rows = []
        for row in tokens.tolist():
            probs = torch.full((self.vocab_size,), 1e-6)
            for token, p in self.table(tuple(row[1:])).items():
                probs[token] = p
            rows.append((probs / probs.sum()).log())
        return torch.stack(rows), state

    def reorder(self, memory, state, index):
        return {k: v.index_select(0, index) for k, v in memory.items()}, state


def _grid(n: int = 1) -> torch.Tensor:
    return torch.zeros(n, 4, 3)


def test_tokenize_and_vocabulary_round_trip() -> None:
    assert tokenize("A dog's ball, on the GRASS .") == ["a", "dog's", "ball", "on", "the", "grass"]
    vocab = Vocabulary.build(["a dog runs", "a dog sits", "a cat"], min_count=2)
    assert vocab.words[:6] == ["<pad>", "<start>", "<end>", "<unk>", "a", "dog"]
    ids = vocab.encode("A dog flies", max_len=10)
    assert ids == [vocab.start, vocab.index["a"], vocab.index["dog"], vocab.unk, vocab.end]
    assert vocab.decode(ids[1:]) == "a dog"  # <unk> dropped, stops at <end>
    assert vocab.encode("a dog dog dog", max_len=2)[1:-1] == [vocab.index["a"], vocab.index["dog"]]
    with pytest.raises(ValueError, match="must start with"):
        Vocabulary(["a", "b"])


def test_beam_prefers_the_better_whole_sentence_over_the_greedy_first_word() -> None:
    # greedy takes 4 (0.55) then is stuck with poor continuations; beam finds 5 -> 6 -> end (0.45 * 0.9 * 0.9)
    def table(prefix):
        return {(): {4: 0.55, 5: 0.45}, (4,): {6: 0.3, 7: 0.3, END: 0.4}, (5,): {6: 0.9, END: 0.1},
                (5, 6): {END: 0.9, 7: 0.1}}.get(prefix, {END: 1.0})

    model = ScriptedModel(table)
    greedy = beam_search(model, _grid(), START, END, beam=1, max_len=5)[0]
    beam = beam_search(model, _grid(), START, END, beam=3, max_len=5, alpha=0.0)[0]
    assert greedy.tokens == (4,)
    assert beam.tokens == (5, 6)
    assert beam.log_prob == pytest.approx(float(torch.tensor(0.45 * 0.9 * 0.9).log()), abs=1e-4)


def test_beam_candidates_lists_every_finished_hypothesis_best_first_and_the_search_keeps_the_first() -> None:
    def table(prefix):
        return {(): {4: 0.55, 5: 0.45}, (4,): {6: 0.3, 7: 0.3, END: 0.4}, (5,): {6: 0.9, END: 0.1},
                (5, 6): {END: 0.9, 7: 0.1}}.get(prefix, {END: 1.0})

    model = ScriptedModel(table)
    candidates = beam_candidates(model, _grid(2), START, END, beam=3, max_len=5, alpha=0.0)
    assert len(candidates) == 2 and candidates[0] == candidates[1]
    scores = [h.score for h in candidates[0]]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 3
    assert {(5, 6), (4,)} <= {h.tokens for h in candidates[0]}
    assert beam_search(model, _grid(2), START, END, beam=3, max_len=5, alpha=0.0) == [c[0] for c in candidates]


def test_length_normalisation_lets_a_longer_caption_win() -> None:
    def table(prefix):
        if prefix == ():
            return {4: 0.5, 5: 0.5}
        if prefix == (4,):
            return {END: 1.0}  # "4": p 0.5
        return {6: 0.95, END: 0.05} if prefix == (5,) else {END: 0.95, 6: 0.05}  # "5 6": p 0.45

    model = ScriptedModel(table)
    short = beam_search(model, _grid(), START, END, beam=3, max_len=8, alpha=0.0)[0]
    longer = beam_search(model, _grid(), START, END, beam=3, max_len=8, alpha=2.0)[0]
    assert short.tokens == (4,)
    assert longer.tokens == (5, 6)
    assert length_penalty(1, 0.0) == 1.0


def test_end_at_the_first_step_gives_an_empty_hypothesis_not_a_crash() -> None:
    hyps = beam_search(ScriptedModel(lambda prefix: {END: 1.0}), _grid(2), START, END, beam=3, max_len=5)
    assert [h.tokens for h in hyps] == [(), ()]
    assert not hyps[0].truncated


def test_no_image_and_banned_tokens() -> None:
    assert beam_search(ScriptedModel(lambda p: {END: 1.0}), _grid(0), START, END) == []
    hyp = beam_search(ScriptedModel(lambda p: {3: 0.9, 4: 0.05, END: 0.05} if not p else {END: 1.0}), _grid(),
                      START, END, beam=2, max_len=4, banned=(3,))[0]
    assert 3 not in hyp.tokens


def test_repeating_model_hits_max_length_and_ngram_blocking_stops_loops() -> None:
    def loop(prefix):  # loves "4 5 4 5 ...", never ends
        return {4: 0.6, 5: 0.3, 6: 0.1} if not prefix or prefix[-1] != 4 else {5: 0.7, 4: 0.2, 7: 0.1}

    plain = beam_search(ScriptedModel(loop), _grid(), START, END, beam=2, max_len=6)[0]
    assert plain.truncated and len(plain.tokens) == 6
    blocked = beam_search(ScriptedModel(loop), _grid(), START, END, beam=2, max_len=6, no_repeat_ngram=2)[0]
    bigrams = list(zip(blocked.tokens, blocked.tokens[1:], strict=False))
    assert len(bigrams) == len(set(bigrams))


def test_tidy_collapses_immediate_repeats() -> None:
    assert tidy("a a dog runs runs runs on grass") == "a dog runs on grass"
    assert tidy("a dog and a cat") == "a dog and a cat"


def test_tidy_drops_words_left_dangling_at_the_end() -> None:
    assert tidy("a little girl in a red shirt is sitting on a") == "a little girl in a red shirt is sitting"
    assert tidy("a dog runs through the") == "a dog runs"
    assert tidy("a the") == ""  # nothing left: the decoder reports "produced no words"


@pytest.mark.parametrize("kind", ["lstm", "transformer"])
def test_decoders_train_shapes_and_round_trip_through_an_artefact(kind: str, tmp_path: Path) -> None:
    torch.manual_seed(0)
    vocab = Vocabulary.build(["a dog runs on grass", "a dog runs"] * 3, min_count=1)
    small = {"lstm": {"embed_dim": 8, "hidden": 16, "attention_dim": 8},
             "transformer": {"d_model": 16, "layers": 1, "heads": 2, "ff": 32}}[kind]
    model = build_decoder(kind, {"vocab_size": len(vocab), "feature_dim": 12, "cells": 4, **small})
    grid = torch.randn(2, 4, 12)
    tokens = torch.tensor([vocab.encode("a dog runs on grass", 10), vocab.encode("a dog runs", 10) + [0, 0]])
    logits, penalty = model(grid, tokens, torch.tensor([0, 1]))
    assert logits.shape == (2, tokens.size(1) - 1, len(vocab))
    assert torch.isfinite(penalty)
    model.eval()
    before = beam_search(model, grid, vocab.start, vocab.end, beam=3, max_len=6)
    path = tmp_path / "tiny.pt"
    save_artefact(path, model, vocab, "mobilenet_v2", {"beam": 3, "alpha": 0.7, "max_len": 6}, {"note": "test"})
    loaded = load_artefact(path)
    assert loaded.vocab.words == vocab.words and loaded.meta == {"note": "test"} and loaded.backbone == "mobilenet_v2"
    after = beam_search(loaded.model, grid, vocab.start, vocab.end, beam=3, max_len=6)
    assert [h.tokens for h in after] == [h.tokens for h in before]  # fp16 storage keeps the decisions here
    results = CaptionDecoder(path).caption_grid(grid)
    assert len(results) == 2 and all(r.text or r.reason for r in results)


def test_missing_and_corrupt_artefacts_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        build_caption_decoder(str(tmp_path / "nope.pt"))
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a torch file")
    with pytest.raises(ConfigError, match="cannot load"):
        load_artefact(bad)
    assert resolve_artefact("off") is None and build_caption_decoder("off") is None
    assert resolve_artefact("default").name.endswith(".pt")


def test_a_decoder_failure_becomes_a_reason_per_image(tmp_path: Path) -> None:
    vocab = Vocabulary.build(["a dog"], min_count=1)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": 12, "cells": 4, "embed_dim": 8,
                                   "hidden": 16, "attention_dim": 8})
    path = tmp_path / "tiny.pt"
    save_artefact(path, model, vocab, "mobilenet_v2", {"beam": 2, "max_len": 4}, {})
    results = CaptionDecoder(path).caption_grid(torch.randn(2, 4, 99))  # wrong feature width
    assert [r.text for r in results] == [None, None]
    assert all("caption decoding failed" in r.reason for r in results)
