"""Self-critical training: the CIDEr-D reward (against pycocoevalcap), the baseline, sampling and one update."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from extractors.vision.captioner.model import build_decoder
from extractors.vision.captioner.vocab import Vocabulary
from research.training.cider_reward import CiderD, leave_one_out_advantages
from research.training.scst_captioner import sample_captions, scst_step, words_of

REFS = {
    "1": ["a dog runs on the grass", "a brown dog running on grass", "the dog plays in a field"],
    "2": ["a man rides a bike down the road", "a cyclist on a road", "a man on a bicycle"],
    "3": ["two children play in the snow", "kids playing in snow", "two kids in the snow"],
}


def test_reward_equals_pycocoevalcap_cider_d_when_idf_comes_from_the_same_references() -> None:
    pytest.importorskip("pycocoevalcap")
    from pycocoevalcap.cider.cider import Cider

    outputs = {"1": "a dog runs on grass", "2": "a man on a road", "3": "a dog in the snow"}
    _, expected = Cider().compute_score(REFS, {k: [v] for k, v in outputs.items()})
    cider = CiderD([[r.split() for r in refs] for refs in REFS.values()], end_marker=False)
    mine = [cider.score(outputs[k].split(), cider.references([r.split() for r in REFS[k]])) for k in sorted(REFS)]
    np.testing.assert_allclose(mine, expected, rtol=1e-12)


def test_idf_is_fixed_by_the_training_references() -> None:
    # "the" is in every training image's references: idf 0, so a caption of only "the" earns nothing
    cider = CiderD([[r.split() for r in refs] for refs in REFS.values()], end_marker=False)
    refs = cider.references([r.split() for r in REFS["1"]])
    assert cider.score(["the"], refs) == 0.0
    assert cider.score(["a", "dog", "runs", "on", "the", "grass"], refs) > cider.score(["a", "dog"], refs) > 0.0


def test_end_marker_rewards_finished_captions_over_fragments() -> None:
    train = [[r.split() for r in refs] for refs in REFS.values()]
    marked, plain = CiderD(train), CiderD(train, end_marker=False)
    words = ["a", "dog", "runs", "on", "the", "grass"]
    assert marked.score(words, marked.references(train[0]), ended=True) > \
        marked.score(words, marked.references(train[0]), ended=False)
    assert plain.score(words, plain.references(train[0]), True) == plain.score(words, plain.references(train[0]), False)


def test_leave_one_out_baseline() -> None:
    rewards = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])
    advantages = leave_one_out_advantages(rewards)
    np.testing.assert_allclose(advantages[0], [1.0 - 2.5, 2.0 - 2.0, 3.0 - 1.5])
    np.testing.assert_allclose(advantages[1], [0.0, 0.0, 0.0])  # equal samples: nothing to learn
    np.testing.assert_allclose(advantages.sum(1), 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="k >= 2"):
        leave_one_out_advantages(np.ones((3, 1)))


def _tiny(seed: int = 0) -> tuple[torch.nn.Module, Vocabulary]:
    torch.manual_seed(seed)
    vocab = Vocabulary.build([c for refs in REFS.values() for c in refs], min_count=1)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": 8, "cells": 4, "embed_dim": 16,
                                   "hidden": 32, "attention_dim": 16, "dropout": 0.0})
    return model, vocab


def test_samples_are_image_major_padded_after_end_and_carry_gradients() -> None:
    model, vocab = _tiny()
    grid = torch.randn(2, 4, 8)
    tokens, log_prob, ended = sample_captions(model, grid, 3, 6, vocab.start, vocab.end, (vocab.unk,))
    assert tokens.shape[0] == 6 and tokens.shape[1] <= 6 and log_prob.shape == (6,) and ended.shape == (6,)
    assert not (tokens == vocab.unk).any()
    for row, ids in zip(tokens.tolist(), ended.tolist(), strict=True):
        if vocab.end in row:
            assert ids and all(t == vocab.end for t in row[row.index(vocab.end):])
            assert words_of(vocab, row)[1] is True
    log_prob.sum().backward()
    assert model.out.weight.grad is not None and model.out.weight.grad.abs().sum() > 0


def test_updates_raise_the_reward_on_a_small_problem() -> None:
    model, vocab = _tiny(seed=3)
    train = [[r.split() for r in refs] for refs in REFS.values()]
    cider = CiderD(train)
    refs = [cider.references(r) for r in train]
    torch.manual_seed(3)
    grid = torch.randn(3, 4, 8)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    rewards = [scst_step(model, optimizer, grid, refs, cider, vocab, 8, 10)[0] for _ in range(60)]
    assert np.mean(rewards[-10:]) > np.mean(rewards[:10]) + 0.15  # seeded: 0.40 -> 0.66


def test_a_cold_temperature_samples_the_greedy_caption() -> None:
    from extractors.vision.captioner.search import beam_search

    model, vocab = _tiny(seed=5)
    model.eval()
    with torch.no_grad():  # peaked next-word distributions: no near-ties for the cold sample to break differently
        model.out.weight.mul_(20.0)
        model.out.bias.mul_(20.0)
    grid = torch.randn(2, 4, 8)
    greedy = [h.tokens for h in beam_search(model, grid, vocab.start, vocab.end, 1, 6, 0.0, 0, (vocab.unk,))]
    tokens, _, _ = sample_captions(model, grid, 3, 6, vocab.start, vocab.end, (vocab.unk,), temperature=0.01)
    for row, ids in enumerate(tokens.tolist()):
        words = ids[: ids.index(vocab.end)] if vocab.end in ids else ids
        assert tuple(words) == greedy[row // 3]


def test_continuing_from_an_scst_artefact_keeps_its_stages_flat(tmp_path) -> None:
    from extractors.vision.captioner.artefact import load_artefact, save_artefact
    from research.training.scst_captioner import stage_lineage

    xe_meta = {"command": "train_captioner ...", "history": [{"epoch": 1}], "train_minutes": 40.0,
               "search": {"beam": 3}, "dev_scores": {"3": {"BLEU-4": 0.2}}}
    first = stage_lineage(xe_meta)
    assert set(first) == {"xe_stage"}
    assert "dev_scores" not in first["xe_stage"] and first["xe_stage"]["command"] == "train_captioner ..."

    scst_meta = {"command": "scst_captioner --lr 5e-5", "scst": {"history": [{"step": 0}], "lr": 5e-5},
                 "best_step": 1000, "search": {"beam": 3}, "dev_scores": {"3": {"BLEU-4": 0.209}},
                 "confidence_gate": {"threshold": 0.35}, **first}
    model, vocab = _tiny()
    save_artefact(tmp_path / "scst.pt", model, vocab, "mobilenet_v2", {"beam": 3}, scst_meta)
    loaded = load_artefact(tmp_path / "scst.pt")  # an SCST artefact loads as a starting point like any other
    second = stage_lineage(loaded.meta)
    assert second["xe_stage"] == first["xe_stage"]  # not the whole SCST sidecar nested under "xe_stage"
    assert [s["command"] for s in second["earlier_scst_stages"]] == ["scst_captioner --lr 5e-5"]
    assert second["earlier_scst_stages"][0]["dev_scores"] == {"3": {"BLEU-4": 0.209}}
    assert second["earlier_scst_stages"][0]["scst"]["lr"] == 5e-5

    third = stage_lineage({"command": "scst_captioner --lr 2e-5", "scst": {"lr": 2e-5}, **second})
    assert [s["scst"]["lr"] for s in third["earlier_scst_stages"]] == [5e-5, 2e-5]
