"""The captioner's confidence gate: an uncertain generated caption is stored and marked, never used as the post's text.

The fast tests run the tiny random decoder of test_captioner_images (its confidence is near 1/vocab) through the
real tagger with explicit thresholds; the slow one runs the packaged model and its sidecar's gate on real photos.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from data.models import Post
from extractors.base import Extraction, ImageInfo, PostAnalysis
from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT
from extractors.vision.imagenet_tagger import ImageNetTagger
from extractors.vision.tagging import compose_caption
from tests.extractors.test_captioner_images import CHANNELS, _fake_backbone

SHARED_FLICKR = Path(__file__).resolve().parents[3] / "shared" / "data" / "flickr8k"


@pytest.fixture()
def wordy_artefact(tmp_path: Path) -> Path:
    """A tiny random decoder that never ends early (its <end> logit is pushed down), so every image gets words."""
    import torch

    from extractors.vision.captioner.artefact import save_artefact
    from extractors.vision.captioner.model import build_decoder
    from extractors.vision.captioner.vocab import Vocabulary

    torch.manual_seed(1)
    vocab = Vocabulary.build(["a dog runs on the grass", "a man rides a bike"], min_count=1)
    model = build_decoder("lstm", {"vocab_size": len(vocab), "feature_dim": CHANNELS, "cells": 49, "embed_dim": 8,
                                   "hidden": 16, "attention_dim": 8})
    with torch.no_grad():
        model.out.bias[vocab.end] = -20.0
    path = tmp_path / "wordy.pt"
    save_artefact(path, model.eval(), vocab, "mobilenet_v2", {"beam": 2, "alpha": 0.7, "max_len": 5}, {})
    return path


def _photo(folder: Path) -> Path:
    path = folder / "photo.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (300, 400, 3), dtype=np.uint8)).save(path)
    return path


def _analyse(tagger: ImageNetTagger, posts: list[Post]) -> list[PostAnalysis]:
    items = [PostAnalysis(post) for post in posts]
    for item, extraction in zip(items, tagger.extract(items), strict=True):
        item.extraction.merge(extraction)
    return items


def test_below_the_gate_the_caption_is_stored_marked_and_not_the_posts_text(tmp_path: Path,
                                                                            wordy_artefact: Path) -> None:
    post = Post(id="p", images=(_photo(tmp_path),))
    strict = ImageNetTagger(offline_captioner=str(wordy_artefact), offline_captioner_min_confidence=0.99,
                            image_decode_workers=0)
    strict._backbone = _fake_backbone()
    item = _analyse(strict, [post])[0]
    info = item.extraction.images[0]
    assert info.generated_caption and info.caption_confidence is not None and info.caption_confidence < 0.99
    assert info.caption_uncertain
    assert item.text == "" and not item.text_is_generated
    assert any("caption uncertain" in note for note in item.extraction.notes)

    open_gate = ImageNetTagger(offline_captioner=str(wordy_artefact), offline_captioner_min_confidence=0.0,
                               image_decode_workers=0)
    open_gate._backbone = _fake_backbone()
    item = _analyse(open_gate, [post])[0]
    assert not item.extraction.images[0].caption_uncertain
    assert item.text == item.extraction.images[0].generated_caption and item.text_is_generated
    assert strict.version != open_gate.version  # a new gate re-extracts the posts


def test_a_bad_threshold_is_a_config_error(wordy_artefact: Path) -> None:
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="MIN_CONFIDENCE"):
        ImageNetTagger(offline_captioner=str(wordy_artefact), offline_captioner_min_confidence=1.5)


def test_a_confident_caption_of_another_image_or_captioner_is_used() -> None:
    post = Post(id="p", images=(Path("a.jpg"), Path("b.jpg")))
    item = PostAnalysis(post)
    item.extraction.images = {0: ImageInfo(0, generated_caption="an iron", caption_confidence=0.1,
                                           caption_uncertain=True),
                              1: ImageInfo(1, generated_caption="a dog on grass", caption_confidence=0.5)}
    assert item.text == "a dog on grass"
    # a later captioner (Hugging Face) replacing image 0's caption brings its own (unknown) confidence
    item.extraction.merge(Extraction(images={0: ImageInfo(0, generated_caption="a kitchen with an iron")}))
    assert item.extraction.images[0].caption_uncertain is False and item.text == "a kitchen with an iron"


def test_topics_read_only_confident_generated_captions(falkordb_store, tmp_path: Path) -> None:
    from graph import queries
    from graph.writer import write_analyses

    photo = _photo(tmp_path)
    items = [PostAnalysis(Post(id=f"p{i}", images=(photo,))) for i in range(2)]
    items[0].extraction.images = {0: ImageInfo(0, generated_caption="an iron", caption_confidence=0.12,
                                               caption_uncertain=True)}
    items[1].extraction.images = {0: ImageInfo(0, generated_caption="a dog runs on the grass",
                                               caption_confidence=0.48)}
    write_analyses(falkordb_store, items, "test")
    generated = {r["id"]: r["generated"] for r in falkordb_store.query(queries.POSTS_FOR_TOPICS)}
    assert generated == {"p0": [], "p1": ["a dog runs on the grass"]}
    stored = {r["id"]: (r["caption"], r["uncertain"], r["confidence"]) for r in falkordb_store.query(
        "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image) RETURN p.id AS id, i.generated_caption AS caption, "
        "i.caption_uncertain AS uncertain, i.caption_confidence AS confidence")}
    assert stored["p0"][:2] == ("an iron", True) and stored["p0"][2] == pytest.approx(0.12)
    assert stored["p1"][1] is False


def test_the_ui_says_probably_for_an_uncertain_caption() -> None:
    from ui.components import generated_label

    assert generated_label({"generated_caption": "an iron", "caption_uncertain": True}) == "probably: an iron"
    assert generated_label({"generated_caption": "a dog", "caption_uncertain": False}) == "a dog"
    assert generated_label({"generated_caption": "a dog"}) == "a dog"  # graphs loaded before the gate


def test_post_detail_finds_why_a_photo_got_no_sentence() -> None:
    from ui.components import withheld_caption_reason

    reason = "the sentence named 'dog', which the photo shows no sign of"
    notes = ["image 0 decoded partially", f"image 1 caption: not described: {reason}",
             "image 2 caption: captioner produced no words"]
    assert withheld_caption_reason(notes, 1) == reason
    assert withheld_caption_reason(notes, 0) is None and withheld_caption_reason(notes, 2) is None
    assert withheld_caption_reason(None, 0) is None


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_ARTEFACT.is_file(), reason="the packaged captioner artefact is not built")
def test_packaged_gate_on_real_photos(tmp_path: Path) -> None:
    """The packaged model with its sidecar's gate, on real photos: each caption is marked exactly when its
    confidence is below the gate, and only the unmarked ones become a caption-less post's text."""
    data = pytest.importorskip("skimage.data")
    photos = []
    for name in ("chelsea", "coffee", "astronaut", "rocket", "camera", "checkerboard", "text", "coins"):
        path = tmp_path / f"{name}.png"
        Image.fromarray(getattr(data, name)()).save(path)
        photos.append(path)
    if SHARED_FLICKR.is_dir():
        photos += sorted((SHARED_FLICKR / "images").glob("*.jpg"))[:8]
    tagger = ImageNetTagger(image_decode_workers=0, offline_captioner_checks=False)  # the gate alone
    items = _analyse(tagger, [Post(id=p.stem, images=(p,)) for p in photos])
    gate = tagger.captioner.min_confidence
    # the sidecar's gate as its rule chose it on the selection images (0 = no threshold separated a clearly worse
    # group, as for the EfficientNet-lite0 model: every caption is then used as text)
    assert gate == tagger.captioner.artefact.meta["confidence_gate"]["threshold"] and 0.0 <= gate < 1.0
    marked = 0
    for item in items:
        info = item.extraction.images[0]
        assert info.generated_caption and info.caption_confidence is not None
        assert info.caption_uncertain == (info.caption_confidence < gate), item.post.id
        assert item.text == ("" if info.caption_uncertain else info.generated_caption)
        marked += info.caption_uncertain
    assert marked < len(items), [(i.post.id, i.extraction.images[0].caption_confidence) for i in items]


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_ARTEFACT.is_file(), reason="the packaged captioner artefact is not built")
def test_packaged_checks_on_real_photos(tmp_path: Path) -> None:
    """With the packaged check files, every photo gets a sentence or a note saying why not; a withheld photo of a
    caption-less post falls back to the caption composed from its tags. The espresso photo, which the captioner
    describes as a dog on grass, is withheld."""
    data = pytest.importorskip("skimage.data")
    photos = []
    for name in ("chelsea", "coffee", "astronaut", "rocket", "camera", "coins"):
        path = tmp_path / f"{name}.png"
        Image.fromarray(getattr(data, name)()).save(path)
        photos.append(path)
    tagger = ImageNetTagger(image_decode_workers=0)
    assert tagger.captioner is not None and tagger.captioner.bank is not None and tagger.captioner.probes is not None
    unchecked = _analyse(ImageNetTagger(image_decode_workers=0, offline_captioner_checks=False),
                         [Post(id=p.stem, images=(p,)) for p in photos])
    items = _analyse(tagger, [Post(id=p.stem, images=(p,)) for p in photos])
    withheld = set()
    for item, before in zip(items, unchecked, strict=True):
        info, notes = item.extraction.images[0], " ".join(item.extraction.notes)
        if "caption: not described" in notes:
            withheld.add(item.post.id)
            assert info.caption_confidence is None
            assert info.generated_caption != before.extraction.images[0].generated_caption
            assert info.generated_caption == compose_caption(info.tags, tagger.table)  # the tags' caption, or None
        else:
            assert info.generated_caption == before.extraction.images[0].generated_caption, item.post.id
    assert "coffee" in withheld and withheld < {p.stem for p in photos}
