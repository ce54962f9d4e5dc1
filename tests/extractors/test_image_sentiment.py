"""Image sentiment: cues, the head artefact (save/load/validation), the extractor's rules, pipeline placement."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import ConfigError
from data.models import Post
from extractors.base import SENTIMENT_LABELS, ImageInfo, ImageTag, PostAnalysis
from extractors.image_sentiment import DEFAULT_IMAGE_HEAD_PATH, ImageSentiment, load_image_head
from extractors.image_sentiment.cues import COLOUR_CUES, TAG_KINDS, colour_cues, colour_cues_of_array, tag_kind_cues
from extractors.image_sentiment.head import ImageHead

DIM = 1280


def random_head(use_colour: bool = False, use_kinds: bool = False, seed: int = 0) -> ImageHead:
    rng = np.random.default_rng(seed)
    width = DIM + len(COLOUR_CUES) * use_colour + len(TAG_KINDS) * use_kinds
    return ImageHead(rng.normal(size=(3, width)).astype(np.float32) * 0.05, np.zeros(3, np.float32),
                     use_colour=use_colour, use_kinds=use_kinds)


def item_with(embeddings: list, images: int | None = None, backbone: str = "mobilenet_v2") -> PostAnalysis:
    count = len(embeddings) if images is None else images
    item = PostAnalysis(post=Post(id="p1", caption="x", images=tuple(Path(f"/none/{i}.jpg") for i in range(count))))
    item.extraction.shared.image_embeddings, item.extraction.shared.image_embedding_model = embeddings, backbone
    return item


def test_colour_cues_separate_grey_from_vivid(tmp_path: Path) -> None:
    from PIL import Image

    grey = colour_cues_of_array(np.full((8, 8, 3), 128, np.uint8))
    red = colour_cues_of_array(np.tile(np.array([255, 0, 0], np.uint8), (8, 8, 1)))
    assert grey.shape == (len(COLOUR_CUES),)
    assert grey[1] == pytest.approx(0.0) and grey[2] == pytest.approx(0.0)  # no saturation, no colourfulness
    assert red[1] == pytest.approx(1.0) and red[2] > 0.3 and red[4] > 0.9  # saturated, colourful, warm
    Image.new("RGB", (300, 200), (250, 220, 40)).save(tmp_path / "sun.jpg")
    assert colour_cues(tmp_path / "sun.jpg")[0] > 0.7
    assert colour_cues(tmp_path / "missing.jpg") is None


def test_tag_kind_cues_keep_the_best_score_per_kind() -> None:
    tags = [ImageTag("person", "person", 0.4), ImageTag("dog", "animal", 0.2), ImageTag("person", "person", 0.7)]
    cues = tag_kind_cues(tags)
    assert cues[TAG_KINDS.index("person")] == pytest.approx(0.7)
    assert cues[TAG_KINDS.index("animal")] == pytest.approx(0.2)
    assert cues.sum() == pytest.approx(0.9)


def test_head_round_trip_and_validation(tmp_path: Path) -> None:
    head = random_head(use_colour=True)
    head.meta = {"command": "test"}
    sidecar = head.save(tmp_path / "h.npz")
    loaded = load_image_head(tmp_path / "h.npz")
    assert sidecar.is_file() and loaded.use_colour and not loaded.use_kinds
    assert loaded.model_id.startswith("lr+colour@mobilenet_v2#")
    rows = loaded.features(np.ones((2, DIM)), np.ones((2, len(COLOUR_CUES))), None)
    assert np.allclose(loaded.predict_proba(rows).sum(axis=1), 1.0)
    with pytest.raises(ConfigError, match="train one"):
        load_image_head(tmp_path / "absent.npz")
    np.savez(tmp_path / "bad.npz", weights=np.zeros((3, 7)), bias=np.zeros(3), temperature=1.0, use_colour=False,
             use_kinds=False, embedding_dim=DIM)
    with pytest.raises(ConfigError, match="expected"):
        load_image_head(tmp_path / "bad.npz")


def test_extractor_means_the_images_and_skips_unreadable_ones() -> None:
    head = random_head()
    extractor = ImageSentiment(head=head)
    a, b = np.ones(DIM, np.float32), -np.ones(DIM, np.float32)
    both = extractor.extract([item_with([a, None, b])])[0].sentiments["image"]
    expected = head.predict_proba(np.vstack([a, b])).mean(axis=0)
    assert both.probs == pytest.approx(tuple(expected), abs=1e-6)
    assert both.label == SENTIMENT_LABELS[int(np.argmax(expected))]
    assert both.score == pytest.approx(expected[2] - expected[0], abs=1e-6)
    assert extractor.version.startswith("1:lr@mobilenet_v2")


def test_extractor_notes_instead_of_verdicts_when_it_cannot_see() -> None:
    extractor = ImageSentiment(head=random_head())
    unreadable = extractor.extract([item_with([None, None])])[0]
    assert not unreadable.sentiments and "no readable image" in unreadable.notes[0]
    other_backbone = extractor.extract([item_with([np.ones(DIM)], backbone="efficientnet_lite0")])[0]
    assert not other_backbone.sentiments and "mobilenet_v2" in other_backbone.notes[0]
    text_only = PostAnalysis(post=Post(id="t", caption="no picture"))
    assert extractor.extract([text_only])[0].notes == []
    assert not extractor.extract([item_with(None, images=1)])[0].sentiments


def test_extractor_uses_tag_kinds_from_the_tagger() -> None:
    head = random_head(use_kinds=True)
    item = item_with([np.zeros(DIM, np.float32)])
    item.extraction.images[0] = ImageInfo(index=0, tags=[ImageTag("person", "person", 0.9)])
    verdict = ImageSentiment(head=head).extract([item])[0].sentiments["image"]
    kinds = tag_kind_cues(item.extraction.images[0].tags)[None, :]
    expected = head.predict_proba(head.features(np.zeros((1, DIM)), None, kinds))[0]
    assert verdict.probs == pytest.approx(tuple(expected), abs=1e-6)


def test_packaged_head_loads_and_gives_valid_verdicts() -> None:
    if not DEFAULT_IMAGE_HEAD_PATH.is_file():
        pytest.skip("no packaged image head (train it with python -m research.training.train_image_sentiment)")
    head = load_image_head()
    assert head.meta["dataset"]["split"]["seed"] == 13 and "train" in head.meta["trained_on"]
    assert DEFAULT_IMAGE_HEAD_PATH.stat().st_size < 300_000
    verdict = ImageSentiment().extract([item_with([np.random.default_rng(1).random(DIM).astype(np.float32)])])[0]
    v = verdict.sentiments.get("image")
    if head.use_colour:  # the file does not exist: colour cues fall back to zeros, a verdict still comes out
        assert v is not None
    assert v.label in SENTIMENT_LABELS and -1 <= v.score <= 1 and sum(v.probs) == pytest.approx(1.0)


def test_pipeline_puts_image_sentiment_right_after_the_tagger() -> None:
    from core.settings import get_settings
    from extractors.pipeline import vision_extractors

    names = [e.name for e in vision_extractors(get_settings())]
    if "imagenet_tagger" not in names or not DEFAULT_IMAGE_HEAD_PATH.is_file():
        pytest.skip("image tagger or image head not installed")
    assert names[names.index("imagenet_tagger") + 1] == "image_sentiment"
