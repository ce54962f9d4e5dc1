"""The captioner's checks: photos far from its training photos get no sentence (familiarity), and a sentence naming
something its photo shows no sign of is withheld (grounding); everything else decodes as before."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from core.errors import ConfigError
from extractors.vision.captioner.artefact import save_artefact
from extractors.vision.captioner.familiarity import bank_path, kth_distance, load_bank, pooled_unit, save_bank
from extractors.vision.captioner.grounding import NounProbes, load_probes, probes_path, save_probes
from extractors.vision.captioner.model import build_decoder
from extractors.vision.captioner.runtime import CaptionDecoder, CaptionResult
from extractors.vision.captioner.vocab import Vocabulary

CHANNELS, CELLS = 12, 4


def test_kth_distance_matches_brute_force_and_skips_self() -> None:
    rng = np.random.default_rng(0)
    points, queries = rng.normal(size=(700, 5)), rng.normal(size=(600, 5))  # more than one 512-row chunk
    brute = np.sort(np.linalg.norm(queries[:, None, :] - points[None, :, :], axis=2), axis=1)
    assert np.allclose(kth_distance(queries, points, 3), brute[:, 2], atol=1e-4)
    self_brute = np.sort(np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2), axis=1)
    assert np.allclose(kth_distance(points, points, 1, skip_self=True), self_brute[:, 1], atol=1e-4)


def test_pooled_unit_is_the_unit_cell_mean() -> None:
    grid = np.array([[[3.0, 0.0], [5.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]]])
    assert np.allclose(pooled_unit(grid), [[1.0, 0.0], [0.0, 1.0]])


def _training_world(rng: np.random.Generator, count: int) -> np.ndarray:
    """Grids whose features live near one direction: the 'photos the captioner learned from'."""
    base = np.zeros(CHANNELS)
    base[:3] = 1.0
    return base + 0.1 * rng.normal(size=(count, CELLS, CHANNELS))


@pytest.fixture()
def artefact_with_bank(tmp_path: Path) -> Path:
    torch.manual_seed(1)
    vocab = Vocabulary.build(["a dog runs on the grass", "a man rides a bike"] * 2, min_count=1)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": CHANNELS, "cells": CELLS,
                                   "embed_dim": 8, "hidden": 16, "attention_dim": 8})
    path = tmp_path / "tiny.pt"
    save_artefact(path, model.eval(), vocab, "mobilenet_v2", {"beam": 2, "max_len": 5}, {})
    unit = pooled_unit(_training_world(np.random.default_rng(0), 200))
    mean = unit.mean(axis=0)
    basis = np.linalg.svd(unit - mean, full_matrices=False)[2][:4].T
    save_bank(bank_path(path), mean, basis, (unit - mean) @ basis, 5, 0.3, {"rule": "test"})
    return path


def test_unfamiliar_photos_are_not_described_and_the_rest_keep_their_order(artefact_with_bank: Path) -> None:
    decoder = CaptionDecoder(artefact_with_bank)
    familiar = _training_world(np.random.default_rng(5), 2)
    stranger = np.zeros((1, CELLS, CHANNELS))
    stranger[..., 8:] = 1.0  # a direction no training photo has
    grid = torch.tensor(np.concatenate([familiar[:1], stranger, familiar[1:]]), dtype=torch.float32)
    decoded_rows: list[int] = []
    decode = decoder._decode
    decoder._decode = lambda rows: decoded_rows.append(rows.size(0)) or decode(rows)  # type: ignore[method-assign]
    results = decoder.caption_grid(grid)
    assert decoded_rows == [2]  # the unfamiliar photo never reaches the decoder
    unlike = ["unlike the photos the captioner learned from" in (r.reason or "") for r in results]
    assert unlike == [False, True, False], [r.reason for r in results]
    assert results[1].text is None
    unchecked = CaptionDecoder(artefact_with_bank, checks=False).caption_grid(grid)
    assert not any("unlike" in (r.reason or "") for r in unchecked)
    assert unchecked[0] == results[0] and unchecked[2] == results[2]  # the familiar rows decode as without it


def test_the_checks_are_part_of_the_version_and_a_missing_bank_means_no_check(artefact_with_bank: Path) -> None:
    with_bank = CaptionDecoder(artefact_with_bank)
    assert with_bank.bank is not None and with_bank.bank.threshold == pytest.approx(0.3)
    assert CaptionDecoder(artefact_with_bank, checks=False).version != with_bank.version
    bank_path(artefact_with_bank).unlink()
    without = CaptionDecoder(artefact_with_bank)
    assert without.bank is None and without.version != with_bank.version
    assert without.unfamiliar(np.zeros((2, CHANNELS))) == [False, False]


def test_damaged_check_files_are_config_errors(artefact_with_bank: Path) -> None:
    bank_path(artefact_with_bank).write_bytes(b"not an npz")
    with pytest.raises(ConfigError, match="unreadable"):
        load_bank(bank_path(artefact_with_bank))
    probes_path(artefact_with_bank).write_bytes(b"not an npz")
    probes_path(artefact_with_bank).with_suffix(".json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="unreadable"):
        load_probes(probes_path(artefact_with_bank))


def _dog_probes(threshold: float = 0.05) -> NounProbes:
    """One probe: 'dog' is likely exactly when channel 0 is high; base rate 0.2."""
    weight = np.zeros((1, CHANNELS), np.float32)
    weight[0, 0] = 8.0
    return NounProbes(("dog",), {"dog": "dog", "dogs": "dog"}, weight, np.array([-4.0], np.float32),
                      np.zeros(CHANNELS, np.float32), np.ones(CHANNELS, np.float32), np.array([0.2], np.float32),
                      threshold, {"rule": "test"})


def test_weakest_noun_reads_word_forms_and_reports_the_lowest_lift() -> None:
    probes = _dog_probes()
    with_dog, without = np.zeros((2, CHANNELS), np.float32), None
    with_dog[0, 0] = 1.0
    support = probes.support(with_dog)
    assert support[0, 0] > 0.9 and support[1, 0] < 0.05
    weak = probes.weakest("two dogs run on the grass", support[1])
    assert weak is not None and weak.noun == "dog" and weak.lift == pytest.approx(support[1, 0] / 0.2)
    assert probes.weakest("a man rides a bike", support[1]) is without  # no noun with a probe: nothing to check


def test_a_sentence_naming_what_the_photo_does_not_show_is_withheld(artefact_with_bank: Path) -> None:
    save_probes(probes_path(artefact_with_bank), _dog_probes())
    bank_path(artefact_with_bank).unlink()  # grounding alone: the familiarity check has its own test
    decoder = CaptionDecoder(artefact_with_bank)
    assert decoder.probes is not None and decoder.probes.nouns == ("dog",)
    grid = torch.tensor(_training_world(np.random.default_rng(5), 2), dtype=torch.float32)  # channel 0 near 1: dog
    grid[1, :, 0] = -0.3  # no sign of a dog
    decoder._decode = lambda rows: [CaptionResult("a dog runs", 0.5)] * rows.size(0)  # type: ignore[method-assign]
    results = decoder.caption_grid(grid)
    assert results[0].text == "a dog runs"
    assert results[1].text is None and "named 'dog'" in results[1].reason
    kept = CaptionDecoder(artefact_with_bank, checks=False)
    kept._decode = decoder._decode  # type: ignore[method-assign]
    assert [r.text for r in kept.caption_grid(grid)] == ["a dog runs", "a dog runs"]


def test_agreement_withholds_a_named_animal_only_when_a_confident_tag_says_otherwise() -> None:
    from extractors.base import ImageTag
    from extractors.vision.captioner.agreement import contradiction
    from extractors.vision.tag_table import load_tag_table

    table = load_tag_table()
    cat = [ImageTag("cat", "animal", 0.99), ImageTag("animal", "animal", 0.99)]
    clash = contradiction("a white bird is in the water", cat, table)
    assert clash == "the sentence named a bird, but the photo's tags say cat"
    assert contradiction("a cat sits on a bed", cat, table) is None  # the tags agree
    assert contradiction("a man sits on a bed", cat, table) is None  # no animal named
    chicken = [ImageTag("chicken", "animal", 0.9), ImageTag("bird", "animal", 0.9)]
    assert contradiction("two birds on a fence", chicken, table) is None  # a narrower tag confirms
    only_broad = [ImageTag("animal", "animal", 0.95), ImageTag("hippo", "animal", 0.4)]
    assert contradiction("a brown dog", only_broad, table) is None  # "animal" neither confirms nor contradicts
    coffee = [ImageTag("drink", "drink", 0.98), ImageTag("coffee", "drink", 0.97)]
    assert contradiction("dogs play on the grass", coffee, table) == (
        "the sentence named a dog, but the photo's tags say drink")  # the most confident contradicting tag
    assert contradiction("a dog", [ImageTag("coffee", "drink", 0.45)], table) is None  # not confident enough
