"""Fusion: the rules (no image, no caption, both), the head artefact, VADER-style verdicts."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import ConfigError
from data.models import Post
from extractors.base import SENTIMENT_LABELS, ImageInfo, PostAnalysis, SentimentVerdict
from extractors.fusion import (
    DEFAULT_FUSION_PATH,
    FEATURE_NAMES,
    Fusion,
    FusionHead,
    build_fusion,
    fusion_features,
    load_fusion_head,
    verdict_probs,
)

CAPTION = SentimentVerdict("positive", 0.6, "cap", (0.1, 0.2, 0.7))
IMAGE = SentimentVerdict("negative", -0.5, "img", (0.6, 0.3, 0.1))


def post(text: str = "what a lovely day", images: int = 1, **sentiments: SentimentVerdict) -> PostAnalysis:
    item = PostAnalysis(post=Post(id="p", caption=text, images=tuple(Path(f"/x/{i}.jpg") for i in range(images))))
    item.extraction.sentiments.update(sentiments)
    return item


def combined(item: PostAnalysis, head: FusionHead | None = None) -> SentimentVerdict | None:
    return Fusion(head=head or FusionHead(kind="convex", alpha=0.5)).extract([item])[0].sentiments.get("combined")


def test_no_image_verdict_means_the_caption_decides() -> None:
    verdict = combined(post(images=0, caption=CAPTION))
    assert (verdict.label, verdict.score, verdict.probs) == (CAPTION.label, CAPTION.score, CAPTION.probs)
    assert verdict.model.startswith("fusion:caption-only")
    assert combined(post(images=0)) is None  # nothing said: nothing combined


@pytest.mark.parametrize("caption", ["", "https://t.co/abc @someone", "   "])
def test_no_usable_caption_means_the_image_decides(caption: str) -> None:
    neutral_placeholder = SentimentVerdict("neutral", 0.0, "cap")
    verdict = combined(post(caption, caption=neutral_placeholder, image=IMAGE))
    assert verdict.label == "negative" and verdict.model.startswith("fusion:image-only")
    assert combined(post(caption, image=IMAGE)).label == "negative"  # no caption verdict at all


def test_caption_composed_from_tags_does_not_count_as_a_caption() -> None:
    item = post("", caption=SentimentVerdict("positive", 0.3, "cap", (0.2, 0.3, 0.5)), image=IMAGE)
    item.extraction.images[0] = ImageInfo(index=0, generated_caption="a dog on a beach")
    assert item.text_is_generated
    assert combined(item).model.startswith("fusion:image-only")


def test_skipped_language_placeholder_defers_to_the_image() -> None:
    verdict = combined(post("c'est la vie", caption=SentimentVerdict("neutral", 0.0, "cap"), image=IMAGE))
    assert verdict.label == "negative"


def test_both_sources_are_mixed_by_the_head() -> None:
    verdict = combined(post(caption=CAPTION, image=IMAGE), FusionHead(kind="convex", alpha=0.7))
    expected = 0.7 * np.array(CAPTION.probs) + 0.3 * np.array(IMAGE.probs)
    assert verdict.probs == pytest.approx(tuple(expected))
    assert verdict.label == "positive" and verdict.score == pytest.approx(expected[2] - expected[0])
    leaning_on_image = combined(post(caption=CAPTION, image=IMAGE), FusionHead(kind="convex", alpha=0.2))
    assert leaning_on_image.label == "negative"


def test_logreg_head_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    head = FusionHead(kind="logreg", weights=rng.normal(size=(3, len(FEATURE_NAMES))), bias=rng.normal(size=3))
    head.meta = {"command": "test"}
    head.save(tmp_path / "f.npz")
    loaded = load_fusion_head(tmp_path / "f.npz")
    caption, image = np.array([CAPTION.probs]), np.array([IMAGE.probs])
    assert loaded.kind == "logreg" and loaded.model_id.startswith("logreg#")
    assert np.allclose(loaded.predict_proba(caption, image), head.predict_proba(caption, image), atol=1e-5)
    assert fusion_features(caption, image).shape == (1, len(FEATURE_NAMES))
    with pytest.raises(ConfigError, match="train one"):
        load_fusion_head(tmp_path / "absent.npz")


def test_verdicts_without_probabilities_get_a_spread_from_their_score() -> None:
    probs = verdict_probs(SentimentVerdict("positive", 0.8, "vader"))
    assert probs.sum() == pytest.approx(1.0) and probs[2] > 0.75 and probs[0] < 0.01
    verdict = combined(post(caption=SentimentVerdict("positive", 0.8, "vader"), image=IMAGE))
    assert verdict.label in SENTIMENT_LABELS and verdict.probs is not None


def test_packaged_fusion_head_and_factory() -> None:
    fusion = build_fusion(None)
    assert fusion.name == "fusion"
    if not DEFAULT_FUSION_PATH.is_file():
        pytest.skip("no packaged fusion head")
    head = load_fusion_head()
    assert "test rows never read" in head.meta["trained_on"] and head.meta["dataset"]["split"]["seed"] == 13
    verdict = combined(post(caption=CAPTION, image=IMAGE), head)
    assert verdict.label in SENTIMENT_LABELS and sum(verdict.probs) == pytest.approx(1.0)


def test_no_fusion_head_installed_mixes_evenly(tmp_path: Path) -> None:
    fusion = Fusion(path=tmp_path / "none.npz")
    assert fusion.head.kind == "convex" and fusion.head.alpha == 0.5


def test_convex_class_offsets_shift_the_decision_and_survive_saving(tmp_path: Path) -> None:
    caption, image = np.array([[0.3, 0.3, 0.4]]), np.array([[0.35, 0.3, 0.35]])
    plain = FusionHead(kind="convex", alpha=0.5)
    shifted = FusionHead(kind="convex", alpha=0.5, bias=np.array([0.0, 0.5, 0.0]))
    assert SENTIMENT_LABELS[int(plain.predict_proba(caption, image).argmax())] == "positive"
    assert SENTIMENT_LABELS[int(shifted.predict_proba(caption, image).argmax())] == "neutral"
    assert shifted.predict_proba(caption, image).sum() == pytest.approx(1.0)
    shifted.save(tmp_path / "c.npz")
    loaded = load_fusion_head(tmp_path / "c.npz")
    assert np.allclose(loaded.predict_proba(caption, image), shifted.predict_proba(caption, image), atol=1e-6)
    assert "+offsets" in loaded.model_id


def test_gated_mix_lets_a_confident_caption_keep_its_verdict(tmp_path: Path) -> None:
    head = FusionHead(kind="gated", alpha=0.45, exponent=2.0)
    confident = np.array([[0.9, 0.07, 0.03]])  # 'clouds ruined everything'
    unsure = np.array([[0.36, 0.30, 0.34]])
    image = np.array([[0.05, 0.1, 0.85]])  # a pretty Hubble photo
    convex = FusionHead(kind="convex", alpha=0.45)
    assert SENTIMENT_LABELS[int(convex.predict_proba(confident, image).argmax())] == "positive"
    assert SENTIMENT_LABELS[int(head.predict_proba(confident, image).argmax())] == "negative"
    assert SENTIMENT_LABELS[int(head.predict_proba(unsure, image).argmax())] == "positive"  # image still decides
    assert head.predict_proba(confident, image).sum() == pytest.approx(1.0)
    zero = FusionHead(kind="gated", alpha=0.45, exponent=0.0)  # exponent 0 is the plain convex mix
    assert np.allclose(zero.predict_proba(unsure, image), convex.predict_proba(unsure, image))
    head.bias = np.array([0.0, 0.25, 0.0])
    head.save(tmp_path / "g.npz")
    loaded = load_fusion_head(tmp_path / "g.npz")
    assert loaded.kind == "gated" and loaded.exponent == pytest.approx(2.0)
    assert loaded.model_id.startswith("gated0.45^2+offsets#")
    assert np.allclose(loaded.predict_proba(confident, image), head.predict_proba(confident, image), atol=1e-6)


def test_fusion_training_picks_the_gate_when_confident_captions_are_right() -> None:
    from research.training import fusion_training

    n = 300
    gold = np.arange(n) % 3
    confident = (np.arange(n) // 3) % 2 == 0
    wrong = (gold + 1) % 3
    caption, image = np.zeros((n, 3)), np.zeros((n, 3))
    # confident captions (0.6) are right and their images (0.95) wrong; unsure captions (0.4) are wrong, images right
    caption[:] = np.where(confident[:, None], 0.2, 0.3)
    caption[confident, gold[confident]] = 0.6
    caption[~confident, wrong[~confident]] = 0.4
    image[:] = np.where(confident[:, None], 0.025, 0.275)
    image[confident, wrong[confident]] = 0.95
    image[~confident, gold[~confident]] = 0.45
    labels = np.array(SENTIMENT_LABELS)[gold]
    head = fusion_training._best_mix(caption, image, labels, offsets=False, gated=True)
    predicted = head.predict_proba(caption, image).argmax(1)
    assert head.kind == "gated" and head.exponent > 0 and (predicted == gold).mean() > 0.95
    convex = fusion_training._best_mix(caption, image, labels, offsets=False, gated=False)
    assert (convex.predict_proba(caption, image).argmax(1) == gold).mean() < 0.9


def test_fusion_training_chooses_only_among_the_requested_families() -> None:
    from research.training import fusion_training

    rng = np.random.default_rng(0)
    gold = np.arange(90) % 3
    caption = rng.dirichlet(np.ones(3), 90)
    image = np.eye(3)[gold] * 0.8 + 0.2 / 3  # the image is right: a free choice would trust it fully
    labels = np.array(SENTIMENT_LABELS)[gold]
    head, record = fusion_training.train_fusion(caption, image, labels, seed=0)
    assert fusion_training.DEFAULT_FAMILIES == ("gated",)
    assert head.kind == "gated" and {row["kind"].split("+")[0] for row in record["cross_validation"]} == {"gated"}
    head, record = fusion_training.train_fusion(caption, image, labels, seed=0, families=("convex", "logreg"))
    assert {row["kind"].split("+")[0] for row in record["cross_validation"]} == {"convex", "logreg"}
    with pytest.raises(ValueError, match="families"):
        fusion_training.train_fusion(caption, image, labels, seed=0, families=("bayes",))


def test_a_plainly_worded_caption_keeps_its_verdict_against_the_photo(tmp_path: Path) -> None:
    head = FusionHead(kind="convex", alpha=0.2, caption_gate=0.3)  # the photo outweighs any caption in the mix
    unsure_negative = SentimentVerdict("negative", -0.2, "cap", (0.45, 0.3, 0.25))
    happy_photo = SentimentVerdict("positive", 0.8, "img", (0.05, 0.1, 0.85))
    plain = post("Cold brew experiment #3: too bitter, again. Giving up. ☕️👎", caption=unsure_negative,
                 image=happy_photo)
    sarcastic = post("Overpriced, overcrowded... Great day out. 🙄", caption=unsure_negative, image=happy_photo)
    assert combined(plain, head).label == "negative"  # VADER agrees with the caption's side, strongly enough
    assert combined(plain, head).probs == unsure_negative.probs
    assert combined(sarcastic, head).label == "positive"  # VADER reads it positive: not plain, the photo decides
    ungated = FusionHead(kind="convex", alpha=0.2)
    assert combined(plain, ungated).label == "positive"  # what the gate prevents
    head.save(tmp_path / "k.npz")
    loaded = load_fusion_head(tmp_path / "k.npz")
    assert loaded.caption_gate == pytest.approx(0.3) and "+keep0.3#" in loaded.model_id
    assert Fusion(head=loaded).version.startswith("3:")
    np.savez(tmp_path / "old.npz", kind=np.array("convex"), alpha=np.float32(0.5), weights=np.zeros((3, 8)),
             bias=np.zeros(3), feature_names=np.array(FEATURE_NAMES))
    assert load_fusion_head(tmp_path / "old.npz").caption_gate == float("inf")  # heads from before: no gate


def test_caption_explicitness_needs_the_caption_and_vader_to_agree() -> None:
    from extractors.fusion import caption_explicitness

    caption = np.array([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1], [0.2, 0.6, 0.2], [0.1, 0.2, 0.7]])
    assert np.allclose(caption_explicitness(caption, np.array([-0.7, 0.5, -0.9, 0.4])), [0.7, 0.0, 0.0, 0.4])


def test_the_caption_gate_is_the_strongest_within_the_tolerance_of_no_gate() -> None:
    from research.training import fusion_training

    n = 300
    gold = np.arange(n) % 3
    rng = np.random.default_rng(1)
    caption = np.full((n, 3), 0.2)
    caption[np.arange(n), np.where(rng.random(n) < 0.7, gold, (gold + 1) % 3)] = 0.6
    image = np.full((n, 3), 0.1)
    image[np.arange(n), np.where(rng.random(n) < 0.8, gold, (gold + 2) % 3)] = 0.8
    labels = np.array(SENTIMENT_LABELS)[gold]
    explicitness = rng.random(n)
    gate, table = fusion_training.choose_caption_gate(caption, image, labels, explicitness, 0, "convex")
    ungated = table[0]["macro_f1"]
    assert table[0]["caption_gate"] == float("inf") and len(table) == 1 + len(fusion_training.CAPTION_GATES)
    allowed = [r["caption_gate"] for r in table if r["macro_f1"] >= ungated - fusion_training.GATE_TOLERANCE]
    assert gate == min(allowed)
    # a caption right only 70% of the time against an image right 80%: keeping most captions costs more than the
    # tolerance, so the weakest gates are refused
    assert table[1]["macro_f1"] < ungated - fusion_training.GATE_TOLERANCE and gate > fusion_training.CAPTION_GATES[0]
