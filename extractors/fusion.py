"""Fusion: one combined sentiment per post from its caption and image verdicts (late fusion).

Rules first, model second:
- caption and image both usable: the fusion head (fitted by `python -m research.training.train_image_sentiment` on
  out-of-sample probabilities of the MVSA train+dev rows) combines their probabilities: a tuned convex mix, a
  confidence-gated mix (the image's weight shrinks as the caption grows confident:
  w_image = (1 - alpha) * (1 - caption_confidence) ** k, caption_confidence = (max p(caption) - 1/3) * 3/2),
  either with optional per-class offsets, or a logistic regression on [log p(caption), log p(image), caption
  confidence, image confidence], whichever cross-validated better (macro-F1);
- a caption that states its sentiment plainly keeps its verdict against the photo (the head's `caption_gate`):
  when the caption verdict is positive or negative, VADER's compound on the caption agrees with its sign and
  |compound| >= caption_gate, the combined verdict is the caption's (caption_explicitness). MVSA's labels describe
  the whole post and are 59% positive, so a head fitted on them alone lets a cheerful photo overturn "too bitter,
  again. Giving up."; the gate is chosen on MVSA train+dev (research.training.fusion_training.choose_caption_gate);
- no image verdict: combined = the caption verdict; no usable caption (empty, only links/mentions, a caption
  composed from image tags, or a language the caption model skipped): combined = the image verdict.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError
from core.settings import option_reader
from extractors.base import SENTIMENT_LABELS, Extraction, PostAnalysis, SentimentVerdict
from extractors.image_sentiment.head import HEADS_DIR, file_digest, sidecar_path, softmax

log = logging.getLogger(__name__)

DEFAULT_FUSION_PATH = HEADS_DIR / "fusion_head.npz"  # fitted on the caption head's probabilities
# fitted on the fine-tuned caption branch's probabilities (research.training.train_fusion): used with that backend
FINETUNED_FUSION_PATH = HEADS_DIR / "fusion_head_finetuned.npz"
FEATURE_NAMES = ("log_caption_neg", "log_caption_neu", "log_caption_pos", "log_image_neg", "log_image_neu",
                 "log_image_pos", "caption_confidence", "image_confidence")
EPS = 1e-4


def caption_confidence(caption: np.ndarray) -> np.ndarray:
    """(n,) in [0, 1]: 0 for a uniform caption verdict, 1 for a certain one ((max p - 1/3) * 3/2)."""
    return np.clip((np.atleast_2d(caption).max(axis=1) - 1.0 / 3.0) * 1.5, 0.0, 1.0)


def gated_mix(caption: np.ndarray, image: np.ndarray, alpha: float, exponent: float) -> np.ndarray:
    """alpha * caption + (1 - alpha) * (1 - caption confidence) ** exponent * image, renormalised per row."""
    caption, image = np.atleast_2d(caption).astype(np.float64), np.atleast_2d(image).astype(np.float64)
    image_weight = (1.0 - alpha) * (1.0 - caption_confidence(caption)) ** exponent
    mixed = alpha * caption + image_weight[:, None] * image
    return mixed / np.maximum(mixed.sum(axis=1, keepdims=True), 1e-12)


def caption_explicitness(caption: np.ndarray, compound: np.ndarray) -> np.ndarray:
    """(n,) in [0, 1]: how plainly each caption states its verdict: |VADER compound| when the caption verdict is
    positive or negative and the compound has the same sign, else 0 (a neutral verdict, or the two disagree, as
    for sarcasm: "Overpriced, overcrowded... Great day out.")."""
    side = np.atleast_2d(caption).argmax(axis=1)
    compound = np.asarray(compound, dtype=np.float64).reshape(-1)
    agree = ((side == 2) & (compound > 0)) | ((side == 0) & (compound < 0))
    return np.where(agree, np.abs(compound), 0.0)


def fusion_features(caption: np.ndarray, image: np.ndarray) -> np.ndarray:
    """(n, 8) fusion inputs from (n, 3) caption and image probabilities (FEATURE_NAMES order)."""
    caption, image = np.atleast_2d(caption).astype(np.float64), np.atleast_2d(image).astype(np.float64)
    return np.hstack([np.log(caption + EPS), np.log(image + EPS), caption.max(axis=1, keepdims=True),
                      image.max(axis=1, keepdims=True)])


@dataclass
class FusionHead:
    """`kind` 'logreg' (weights (3, 8), bias (3,)), 'convex' (p = alpha * caption + (1 - alpha) * image) or
    'gated' (gated_mix: the image's weight times (1 - caption confidence) ** exponent); convex and gated are then
    re-weighted by exp(bias) per class when bias is set (the tuned class thresholds). Any kind: a row whose
    caption_explicitness is at least `caption_gate` keeps the caption's probabilities (inf: never)."""

    kind: str = "convex"
    alpha: float = 0.5
    exponent: float = 0.0  # 'gated' only
    weights: np.ndarray | None = None
    bias: np.ndarray | None = None
    caption_gate: float = float("inf")
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def model_id(self) -> str:
        digest = str(self.meta.get("weights_sha256", ""))[:10] or "untracked"
        offsets = self.kind != "logreg" and self.bias is not None and bool(np.any(self.bias))
        gate = f"^{self.exponent:g}" if self.kind == "gated" else ""
        detail = "" if self.kind == "logreg" else f"{self.alpha:.2f}{gate}{'+offsets' if offsets else ''}"
        keep = f"+keep{self.caption_gate:g}" if np.isfinite(self.caption_gate) else ""
        return f"{self.kind}{detail}{keep}#{digest}"

    def predict_proba(self, caption: np.ndarray, image: np.ndarray, explicitness: np.ndarray | None = None
                      ) -> np.ndarray:
        """(n, 3) fused probabilities in SENTIMENT_LABELS order; rows whose `explicitness` (caption_explicitness)
        reaches caption_gate keep the caption's."""
        mixed = self._mix(np.atleast_2d(caption), np.atleast_2d(image))
        if explicitness is None or not np.isfinite(self.caption_gate):
            return mixed
        keep = np.asarray(explicitness, dtype=np.float64).reshape(-1) >= self.caption_gate
        return np.where(keep[:, None], np.atleast_2d(caption).astype(np.float64), mixed)

    def _mix(self, caption: np.ndarray, image: np.ndarray) -> np.ndarray:
        if self.kind in ("convex", "gated"):
            if self.kind == "gated":
                mixed = gated_mix(caption, image, self.alpha, self.exponent)
            else:
                mixed = self.alpha * caption + (1.0 - self.alpha) * image
            if self.bias is None or not np.any(self.bias):
                return mixed
            shifted = mixed * np.exp(np.asarray(self.bias, dtype=np.float64))  # per-class log offsets (thresholds)
            return shifted / shifted.sum(axis=1, keepdims=True)
        return softmax(fusion_features(caption, image) @ np.asarray(self.weights).T + np.asarray(self.bias))

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        weights = self.weights if self.weights is not None else np.zeros((3, len(FEATURE_NAMES)))
        bias = self.bias if self.bias is not None else np.zeros(3)
        np.savez(path, kind=np.array(self.kind), alpha=np.float32(self.alpha), exponent=np.float32(self.exponent),
                 caption_gate=np.float32(self.caption_gate),
                 weights=weights.astype(np.float32),
                 bias=bias.astype(np.float32), feature_names=np.array(FEATURE_NAMES))
        self.meta.update(weights_sha256=file_digest(path), labels=list(SENTIMENT_LABELS))
        sidecar = sidecar_path(path)
        import json

        sidecar.write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return sidecar


def load_fusion_head(path: Path | str = DEFAULT_FUSION_PATH) -> FusionHead:
    """Read a fusion artefact (ConfigError naming the fix when missing or malformed)."""
    import json

    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"fusion head not found at {path}: train one with `python -m research.training.train_image_sentiment`")
    try:
        with np.load(path, allow_pickle=False) as arrays:
            head = FusionHead(kind=str(arrays["kind"]), alpha=float(arrays["alpha"]), weights=arrays["weights"],
                              bias=arrays["bias"])
            names = tuple(str(n) for n in arrays["feature_names"])
            head.exponent = float(arrays["exponent"]) if "exponent" in arrays.files else 0.0
            if "caption_gate" in arrays.files:  # heads from before the gate: the caption never kept its verdict
                head.caption_gate = float(arrays["caption_gate"])
        sidecar = sidecar_path(path)
        head.meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"fusion head {path} is not a valid artefact: {exc}") from exc
    if head.kind not in ("convex", "gated", "logreg") or names != FEATURE_NAMES:
        raise ConfigError(f"fusion head {path}: kind {head.kind!r} / features {names} not understood")
    return head


def verdict_probs(verdict: SentimentVerdict) -> np.ndarray:
    """A verdict's probabilities; backends without them (VADER) get a spread built from the signed score."""
    if verdict.probs is not None:
        return np.asarray(verdict.probs, dtype=np.float64)
    polarity = abs(verdict.score)
    side = 2 if verdict.score > 0 else 0
    probs = np.full(3, EPS)
    probs[1] += 1.0 - polarity
    probs[side] += polarity
    return probs / probs.sum()


def caption_is_usable(item: PostAnalysis) -> bool:
    """A real caption with a real verdict: text to read (extractors.sentiment.base.has_readable_text), not composed
    from tags, not a skipped language. The caption extractor stores no verdict for the unreadable cases; the
    placeholder test below still answers for verdicts stored before it did (caption_sentiment version < 3)."""
    from extractors.sentiment.base import has_readable_text, views_of

    verdict = item.extraction.sentiments.get("caption")
    if verdict is None or item.text_is_generated or not has_readable_text(views_of(item).for_sentiment):
        return False
    return not (verdict.probs is None and verdict.label == "neutral" and verdict.score == 0.0)


class Fusion:
    """Extractor: Extraction(sentiments={'combined': verdict}); runs last."""

    name = "fusion"
    batch_size = 256

    def __init__(self, head: FusionHead | None = None, path: Path | str = DEFAULT_FUSION_PATH) -> None:
        self._head = head
        self.path = Path(path)

    @property
    def head(self) -> FusionHead:
        """The trained fusion head, read on first use; an even convex mix (logged) when none is installed."""
        if self._head is None:
            if self.path.is_file():
                self._head = load_fusion_head(self.path)
            else:
                log.warning("no fusion head at %s: combining caption and image 50/50", self.path)
                self._head = FusionHead(kind="convex", alpha=0.5)
        return self._head

    @property
    def version(self) -> str:
        # 2: confidence-gated fusion heads; 3: a plainly worded caption keeps its verdict (caption_gate)
        return f"3:{self.head.model_id}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        compounds = self._compounds(items)
        return [self._one(item, compound) for item, compound in zip(items, compounds, strict=True)]

    def _compounds(self, items: Sequence[PostAnalysis]) -> list[float | None]:
        """VADER's compound for the captions the head will weigh against a photo (one batch; None elsewhere)."""
        out: list[float | None] = [None] * len(items)
        if not np.isfinite(self.head.caption_gate):
            return out
        from extractors.sentiment.base import MAX_SENTIMENT_CHARS, views_of
        from extractors.sentiment.vader import vader_scores

        todo = [i for i, item in enumerate(items) if "image" in item.extraction.sentiments
                and caption_is_usable(item)]
        texts = [views_of(items[i]).for_sentiment[:MAX_SENTIMENT_CHARS] for i in todo]
        for i, scores in zip(todo, vader_scores(texts) if texts else [], strict=True):
            out[i] = float(scores[3])
        return out

    def _one(self, item: PostAnalysis, compound: float | None = None) -> Extraction:
        out = Extraction()
        combined = self.combine(item, compound)
        if combined is not None:
            out.sentiments["combined"] = combined
        return out

    def combine(self, item: PostAnalysis, compound: float | None = None) -> SentimentVerdict | None:
        """The combined verdict by the rules in the module docstring (None when neither source said anything);
        `compound`: VADER's on the caption (the caption gate is not applied without it)."""
        sentiments = item.extraction.sentiments
        caption, image = sentiments.get("caption"), sentiments.get("image")
        usable = caption is not None and caption_is_usable(item)
        if image is None:
            return dataclasses.replace(caption, model=f"fusion:caption-only|{caption.model}") if caption else None
        if not usable:
            return dataclasses.replace(image, model=f"fusion:image-only|{image.model}")
        caption_probs = verdict_probs(caption)[None, :]
        explicitness = None if compound is None else caption_explicitness(caption_probs, np.array([compound]))
        probs = self.head.predict_proba(caption_probs, verdict_probs(image)[None, :], explicitness)[0]
        triple = (float(probs[0]), float(probs[1]), float(probs[2]))
        return SentimentVerdict(label=SENTIMENT_LABELS[int(np.argmax(probs))], score=triple[2] - triple[0],
                                model=f"fusion:{self.head.model_id}", probs=triple)


def build_fusion(settings: Any = None) -> Fusion:
    """The fusion extractor (head from FEEDLENS_FUSION_HEAD, else the packaged one fitted on the probabilities of
    the caption backend in use)."""
    path = option_reader(settings, {})("fusion_head")
    if not path:
        path = DEFAULT_FUSION_PATH
        try:
            from extractors.sentiment import resolve_backend_name

            if resolve_backend_name(settings) == "finetuned" and FINETUNED_FUSION_PATH.is_file():
                path = FINETUNED_FUSION_PATH
        except (ConfigError, ImportError) as exc:  # the caption extractor reports its own problem
            log.debug("fusion head for the default caption backend: %s", exc)
    return Fusion(path=path)
