"""Ensemble decoding of the offline captioner: one code path for one or several members, and the artefact format
that holds several members (old single-decoder files still load)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from core.errors import ConfigError
from extractors.vision.captioner.artefact import load_artefact, member_hashes, save_artefact
from extractors.vision.captioner.model import build_decoder
from extractors.vision.captioner.runtime import CaptionDecoder, tidy
from extractors.vision.captioner.search import DecoderEnsemble, beam_search
from extractors.vision.captioner.vocab import Vocabulary
from tests.extractors.test_captioner import END, START, ScriptedModel, _grid

CAPTIONS = ["a dog runs on the grass", "a black dog runs", "two children play in the water", "a man rides a bike"]


def _vocab() -> Vocabulary:
    return Vocabulary.build(CAPTIONS * 2, min_count=1)


def _lstm(vocab: Vocabulary, seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": 12, "cells": 4, "embed_dim": 8,
                                   "hidden": 16, "attention_dim": 8})
    with torch.no_grad():  # sharpen the random output layer so that beams and greedy actually differ
        model.out.weight.mul_(8.0)
    return model.eval()


def _decode(decoder, grid: torch.Tensor, vocab: Vocabulary, beam: int, **kwargs) -> list:
    return beam_search(decoder, grid, vocab.start, vocab.end, beam, 8, 0.7, 3, (vocab.unk,), **kwargs)


@pytest.mark.parametrize("beam", [1, 3])
@pytest.mark.parametrize("combine", ["prob", "logprob"])
def test_an_ensemble_of_one_decodes_exactly_like_its_member(beam: int, combine: str) -> None:
    vocab, grid = _vocab(), torch.randn(5, 4, 12)
    model = _lstm(vocab, 0)
    single = _decode(model, grid, vocab, beam)
    as_list = _decode([model], grid, vocab, beam, combine=combine)
    as_ensemble = _decode(DecoderEnsemble([model], combine), grid, vocab, beam)
    assert len({h.tokens for h in single}) > 1  # the images get different captions: the comparison means something
    assert as_list == single and as_ensemble == single  # tokens, log-probabilities and scores, bit for bit


@pytest.mark.parametrize("beam", [1, 3])
@pytest.mark.parametrize("combine", ["prob", "logprob"])
def test_two_copies_of_the_same_weights_decode_like_the_single_model(beam: int, combine: str) -> None:
    vocab, grid = _vocab(), torch.randn(5, 4, 12)
    model, copy = _lstm(vocab, 1), _lstm(vocab, 1)
    single = _decode(model, grid, vocab, beam)
    pair = _decode([model, copy], grid, vocab, beam, combine=combine)
    assert [h.tokens for h in pair] == [h.tokens for h in single]
    assert [h.truncated for h in pair] == [h.truncated for h in single]
    # the mean of two equal distributions is that distribution up to float rounding (logsumexp - log 2)
    assert [h.log_prob for h in pair] == pytest.approx([h.log_prob for h in single], abs=1e-5)


def test_the_combine_rules_average_probabilities_or_log_probabilities() -> None:
    # member A is sure of 4; member B splits between 5 and 6; both give 6 some mass, only A gives 4 any
    a = ScriptedModel(lambda p: {4: 0.98, 6: 0.02} if not p else {END: 1.0})
    b = ScriptedModel(lambda p: {5: 0.6, 6: 0.4} if not p else {END: 1.0})
    by_prob = beam_search([a, b], _grid(), START, END, beam=1, max_len=3, combine="prob")[0]
    by_logprob = beam_search([a, b], _grid(), START, END, beam=1, max_len=3, combine="logprob")[0]
    assert by_prob.tokens == (4,)  # (0.98 + 1e-6) / 2 beats (0.02 + 0.4) / 2
    assert by_logprob.tokens == (6,)  # sqrt(0.02 * 0.4) beats sqrt(0.98 * 1e-6): both members must agree
    first_step = math.log((0.98 + 0.4 * 0 + 1e-6) / 2)  # the mixture's probability of 4 (B gives it 1e-6)
    assert by_prob.log_prob == pytest.approx(first_step, abs=1e-3)  # then <end> with probability ~1


def test_bad_ensembles_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="at least one member"):
        DecoderEnsemble([])
    with pytest.raises(ValueError, match="combine rule"):
        DecoderEnsemble([ScriptedModel(lambda p: {END: 1.0})], "vote")
    small, large = ScriptedModel(lambda p: {END: 1.0}, 8), ScriptedModel(lambda p: {END: 1.0}, 9)
    with pytest.raises(ValueError, match="share one vocabulary"):
        beam_search([small, large], _grid(), START, END, beam=1, max_len=3)


def test_an_artefact_holds_several_members_with_their_hashes(tmp_path: Path) -> None:
    vocab, grid = _vocab(), torch.randn(3, 4, 12)
    members = [_lstm(vocab, 2), _lstm(vocab, 3)]
    search = {"beam": 2, "alpha": 0.7, "max_len": 8, "no_repeat_ngram": 3, "combine": "logprob"}
    path = tmp_path / "pair.pt"
    save_artefact(path, members, vocab, "mobilenet_v2", search, {"note": "pair"})
    loaded = load_artefact(path)
    assert len(loaded.members) == 2 and loaded.search == search and loaded.meta == {"note": "pair"}
    assert loaded.decoder.combine == "logprob" and loaded.kind == "ensemble of 2 lstm"
    assert member_hashes(loaded.members) == member_hashes(members)  # fp16 weights survive the round trip
    assert member_hashes(members)[0] != member_hashes(members)[1]
    with pytest.raises(ConfigError, match="ensemble of 2"):
        _ = loaded.model  # training code needs one decoder: an ensemble says so instead of training one member
    results = CaptionDecoder(path).caption_grid(grid)
    direct = _decode(loaded.decoder, grid, vocab, 2)
    assert [r.text for r in results] == [tidy(vocab.decode(h.tokens)) or None for h in direct]
    assert all(0.0 < r.confidence <= 1.0 for r in results if r.text)


def test_members_must_match_the_vocabulary(tmp_path: Path) -> None:
    vocab = _vocab()
    other = build_decoder("lstm", {"vocab_size": len(vocab) + 1, "feature_dim": 12, "cells": 4, "embed_dim": 8,
                                   "hidden": 16, "attention_dim": 8})
    with pytest.raises(ValueError, match="vocabulary sizes"):
        save_artefact(tmp_path / "bad.pt", [_lstm(vocab, 0), other], vocab, "mobilenet_v2", {"beam": 1}, {})


def test_a_single_decoder_artefact_of_the_old_format_still_loads(tmp_path: Path) -> None:
    vocab, grid = _vocab(), torch.randn(4, 4, 12)
    model = _lstm(vocab, 4)
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    path = tmp_path / "old.pt"  # exactly what save_artefact wrote before ensembles (format 1, one decoder)
    torch.save({"format": 1, "kind": model.kind, "config": model.config, "state": state, "vocab": vocab.words,
                "backbone": "mobilenet_v2", "search": {"beam": 3, "alpha": 0.7, "max_len": 8}}, path)
    loaded = load_artefact(path)
    assert len(loaded.members) == 1 and loaded.model is loaded.members[0] and loaded.kind == "lstm"
    assert loaded.decoder.combine == "prob"  # no rule stored: irrelevant for one member
    resaved = tmp_path / "new.pt"
    save_artefact(resaved, loaded.model, vocab, "mobilenet_v2", loaded.search, {})
    again = load_artefact(resaved)
    assert _decode(again.decoder, grid, vocab, 3) == _decode(loaded.decoder, grid, vocab, 3)
    assert member_hashes(again.members) == member_hashes(loaded.members)
    torch.save({"format": 7, "members": []}, tmp_path / "future.pt")
    with pytest.raises(ConfigError, match="not a FeedLens captioner artefact"):
        load_artefact(tmp_path / "future.pt")


def test_weights_move_the_mixture_towards_a_member() -> None:
    a = ScriptedModel(lambda p: {4: 0.9, 5: 0.1} if not p else {END: 1.0})
    b = ScriptedModel(lambda p: {4: 0.2, 5: 0.8} if not p else {END: 1.0})
    equal = beam_search(DecoderEnsemble([a, b], "prob"), _grid(), START, END, beam=1, max_len=3)[0]
    towards_b = beam_search(DecoderEnsemble([a, b], "prob", [1, 3]), _grid(), START, END, beam=1, max_len=3)[0]
    assert equal.tokens == (4,) and towards_b.tokens == (5,)  # 0.55 vs 0.45, then 0.25 * 0.1 + 0.75 * 0.8 = 0.625
    assert towards_b.log_prob == pytest.approx(math.log(0.25 * 0.1 + 0.75 * 0.8), abs=1e-3)
    with pytest.raises(ValueError, match="one positive number per member"):
        DecoderEnsemble([a, b], "prob", [1.0])
