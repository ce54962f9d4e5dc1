"""The offline captioner inside the image tagger: every image gets a caption or a recorded reason, never a crash.

A small random backbone stands in for MobileNetV2 (same grid interface, no weights to load) and a tiny random
decoder for the trained artefact, so these run in the fast tier; the real model is exercised by the slow test.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from data.models import Post
from extractors.base import PostAnalysis
from extractors.vision.backbones import IMAGENET_MEAN, IMAGENET_STD, Backbone
from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, save_artefact
from extractors.vision.captioner.model import build_decoder
from extractors.vision.captioner.vocab import Vocabulary
from extractors.vision.imagenet_tagger import ImageNetTagger

CHANNELS = 12


def _fake_backbone() -> Backbone:
    torch.manual_seed(0)
    grid = torch.nn.Sequential(torch.nn.Conv2d(3, CHANNELS, 32, stride=32), torch.nn.ReLU())  # 224 -> 7x7
    head = torch.nn.Linear(CHANNELS, 1000)
    module = torch.nn.ModuleDict({"grid": grid, "head": head}).eval()
    return Backbone("mobilenet_v2", 224, IMAGENET_MEAN, IMAGENET_STD, CHANNELS, module,
                    lambda x: grid(x).mean(dim=(2, 3)), head, grid)


@pytest.fixture()
def tiny_artefact(tmp_path: Path) -> Path:
    torch.manual_seed(1)
    vocab = Vocabulary.build(["a dog runs on the grass", "a man rides a bike"] * 2, min_count=1)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": CHANNELS, "cells": 49, "embed_dim": 8,
                                   "hidden": 16, "attention_dim": 8})
    path = tmp_path / "tiny.pt"
    save_artefact(path, model.eval(), vocab, "mobilenet_v2", {"beam": 3, "alpha": 0.7, "max_len": 6,
                                                              "no_repeat_ngram": 2}, {})
    return path


def _bad_images(folder: Path) -> dict[str, Path]:
    photo = Image.fromarray(np.random.default_rng(0).integers(0, 255, (300, 400, 3), dtype=np.uint8))
    paths = {name: folder / f"{name}.{ext}" for name, ext in
             [("normal", "jpg"), ("tiny", "png"), ("grey", "png"), ("cmyk", "jpg"), ("truncated", "jpg"),
              ("huge", "png"), ("garbage", "jpg")]}
    photo.save(paths["normal"])
    Image.new("RGB", (1, 1), (200, 10, 10)).save(paths["tiny"])
    photo.convert("L").save(paths["grey"])
    photo.convert("CMYK").save(paths["cmyk"])
    photo.save(folder / "full.jpg")
    paths["truncated"].write_bytes((folder / "full.jpg").read_bytes()[:3000])
    Image.new("L", (3000, 1000)).save(paths["huge"])  # over the 1,000,000-pixel limit set below
    paths["garbage"].write_bytes(b"\x00not an image" * 10)
    return paths


def test_every_image_gets_a_caption_or_a_reason(tmp_path: Path, tiny_artefact: Path) -> None:
    paths = _bad_images(tmp_path)
    tagger = ImageNetTagger(offline_captioner=str(tiny_artefact), image_max_pixels=1_000_000, image_decode_workers=0)
    tagger._backbone = _fake_backbone()
    items = [PostAnalysis(Post(id=name, images=(path,))) for name, path in paths.items()]
    items.append(PostAnalysis(Post(id="captioned", caption="my own words", images=(paths["normal"],))))
    results = tagger.extract(items)
    by_id = {item.post.id: result for item, result in zip(items, results, strict=True)}
    for name in ("normal", "tiny", "grey", "cmyk", "truncated", "captioned"):
        info = by_id[name].images[0]
        assert info.error is None, name
        assert info.generated_caption or any("caption:" in n for n in by_id[name].notes), name
    assert "decoded partially" in " ".join(by_id["truncated"].notes)
    for name in ("huge", "garbage"):
        info = by_id[name].images[0]
        assert info.generated_caption is None and info.error
        assert any(f"skipped: {info.error}" in n for n in by_id[name].notes)


def test_captioner_version_and_off_switch(tiny_artefact: Path) -> None:
    with_model = ImageNetTagger(offline_captioner=str(tiny_artefact))
    assert with_model.captioner is not None and "cap-" in with_model.version
    off = ImageNetTagger(offline_captioner="off")
    assert off.captioner is None and "cap-" not in off.version


def test_composed_caption_is_the_fallback_when_the_captioner_is_off(tmp_path: Path) -> None:
    paths = _bad_images(tmp_path)
    tagger = ImageNetTagger(offline_captioner="off", image_tag_threshold=0.0)
    tagger._backbone = _fake_backbone()
    result = tagger.extract([PostAnalysis(Post(id="p", images=(paths["normal"],)))])[0]
    assert result.images[0].generated_caption  # composed from the (random) tags


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_ARTEFACT.is_file(), reason="the packaged captioner artefact is not built")
def test_packaged_captioner_writes_a_sentence_and_keeps_the_tags(tmp_path: Path) -> None:
    """Quality is measured by `research.evaluate captions` (docs/eval_captioner_flickr8k.md); here: the packaged
    model runs in the real tagger, every photo gets a sentence (with its checks off: the cat is one they withhold),
    and the tags are those of the captioner-off pass."""
    data = pytest.importorskip("skimage.data")
    path = tmp_path / "cat.jpg"
    Image.fromarray(data.chelsea()).save(path)
    post = [PostAnalysis(Post(id="cat", images=(path,)))]
    on = ImageNetTagger(offline_captioner_checks=False).extract(post)[0]
    off = ImageNetTagger(offline_captioner="off").extract(post)[0]
    caption = on.images[0].generated_caption
    assert caption and len(caption.split()) >= 4 and caption != off.images[0].generated_caption
    assert [t.name for t in on.images[0].tags] == [t.name for t in off.images[0].tags] and on.images[0].tags
    assert np.allclose(on.shared.image_embeddings[0], off.shared.image_embeddings[0], atol=1e-4)


def test_a_backbone_without_a_grid_gets_tags_and_the_composed_caption(tmp_path: Path, tiny_artefact: Path) -> None:
    paths = _bad_images(tmp_path)
    fake = _fake_backbone()
    tagger = ImageNetTagger(offline_captioner=str(tiny_artefact), image_tag_threshold=0.0)
    tagger._backbone = Backbone(fake.name, 224, IMAGENET_MEAN, IMAGENET_STD, CHANNELS, fake.module, fake._embed,
                                fake._head)  # no grid
    result = tagger.extract([PostAnalysis(Post(id="p", images=(paths["normal"],)))])[0]
    assert result.images[0].tags and result.images[0].generated_caption  # composed from the tags
