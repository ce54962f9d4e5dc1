"""CaptionDecoder: sentences for images from the trained offline captioner (the artefact beside this file).

The image tagger hands it the backbone's feature grid from the same forward pass that makes the tags, so a
caption costs only the decoder. Decoding never raises for one image: an empty or failed hypothesis comes back
as a result with `text=None` and the reason, which the tagger records as a note on the post.

Confidence gate: a caption whose geometric-mean token probability is below the artefact's threshold (chosen on
the 500 held-out training images, stored in the sidecar's `confidence_gate`) comes back with `uncertain=True`.
It is still stored on the image, but it is not used as the post's text (topics, caption-side sentiment) and
the UI shows it as "probably: ...". FEEDLENS_OFFLINE_CAPTIONER_MIN_CONFIDENCE overrides the threshold.

Familiarity check (familiarity.py), before decoding: a photo far from every photo the captioner learned from
gets no sentence at all (text None, the reason as a note), because there the confidence says nothing: the
model writes a fluent caption of its training world. FEEDLENS_OFFLINE_CAPTIONER_FAMILIARITY overrides the bank's
distance threshold (0 = no check).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ConfigError
from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, CaptionerArtefact, load_artefact, sidecar_path
from extractors.vision.captioner.familiarity import FamiliarityBank, bank_digest, bank_path, load_bank

if TYPE_CHECKING:
    import torch

logger = logging.getLogger(__name__)

OFF_VALUES = {"off", "none", "compose", ""}
_REPEAT = re.compile(r"\b(\w+)(?: \1\b)+")


@dataclass(frozen=True)
class CaptionResult:
    text: str | None
    confidence: float = 0.0  # geometric mean token probability of the chosen hypothesis
    reason: str | None = None  # why there is no text, or a caveat (truncated at max length)
    uncertain: bool = False  # confidence below the gate: stored, but not used as the post's text


def resolve_artefact(setting: str | None) -> Path | None:
    """The artefact FEEDLENS_OFFLINE_CAPTIONER names: "default" -> packaged, "off" -> None, else a path."""
    value = (setting or "default").strip()
    if value.lower() in OFF_VALUES:
        return None
    return DEFAULT_ARTEFACT if value.lower() == "default" else Path(value).expanduser()


def tidy(text: str) -> str:
    """Collapse immediately repeated words ("a a dog" -> "a dog"), which beam search can still produce."""
    return _REPEAT.sub(r"\1", text).strip()


class CaptionDecoder:
    """Loads the artefact on first use; `caption_grid` turns (N, cells, C) backbone grids into CaptionResults."""

    def __init__(self, path: Path, beam: int | None = None, min_confidence: float | None = None,
                 familiarity: float | None = None) -> None:
        self.path = Path(path)
        self.beam_override = beam
        self.confidence_override = min_confidence
        self.familiarity_override = familiarity
        self.sidecar_gate = _sidecar_threshold(self.path)  # read without torch: it is part of `version`
        self._artefact: CaptionerArtefact | None = None
        self.digest = _file_digest(self.path)
        self.bank: FamiliarityBank | None = load_bank(bank_path(self.path)) if familiarity != 0 else None
        self.bank_digest = bank_digest(bank_path(self.path)) if self.bank is not None else "none"

    @property
    def artefact(self) -> CaptionerArtefact:
        if self._artefact is None:
            self._artefact = load_artefact(self.path)
            logger.info("offline captioner %s (%s decoder, %s)", self.path.name, self._artefact.kind,
                        self._artefact.search)
        return self._artefact

    @property
    def backbone(self) -> str:
        return self.artefact.backbone

    @property
    def min_confidence(self) -> float:
        """The gate: the override, else the threshold in the artefact's sidecar, else 0 (no gate)."""
        return float(self.confidence_override if self.confidence_override is not None else self.sidecar_gate)

    @property
    def familiarity_threshold(self) -> float:
        """Distance above which a photo is not described: the override, else the bank's; 0 without a bank."""
        if self.bank is None:
            return 0.0
        return float(self.familiarity_override if self.familiarity_override is not None else self.bank.threshold)

    @property
    def version(self) -> str:
        return (f"cap-{self.digest}-b{self.beam_override or 'a'}-g{self.min_confidence:g}"
                f"-f{self.bank_digest}-{self.familiarity_threshold:g}")

    def unfamiliar(self, grid: torch.Tensor) -> tuple[list[bool], list[float]]:
        """(unfamiliar?, distance) per photo; all familiar when there is no bank or the check is off."""
        if self.bank is None or self.familiarity_threshold <= 0:
            return [False] * grid.size(0), [0.0] * grid.size(0)
        distances = self.bank.distances(grid.float().numpy())
        flags = self.bank.unfamiliar(distances, self.familiarity_threshold)
        return [bool(f) for f in flags], [float(d) for d in distances]

    def caption_grid(self, grid: torch.Tensor) -> list[CaptionResult]:
        """One result per photo: unfamiliar photos are not decoded; the rest go through the artefact's search."""
        if grid.size(0) == 0:
            return []
        unfamiliar, distances = self.unfamiliar(grid)
        keep = [row for row, flag in enumerate(unfamiliar) if not flag]
        results: list[CaptionResult] = [
            CaptionResult(None, 0.0, f"not described: the photo is unlike the photos the captioner learned from "
                                     f"(distance {distance:.2f} > {self.familiarity_threshold:.2f})")
            for distance in distances]
        if keep:
            for row, result in zip(keep, self._decode(grid[keep] if len(keep) < grid.size(0) else grid),
                                   strict=True):
                results[row] = result
        return results

    def _decode(self, grid: torch.Tensor) -> list[CaptionResult]:
        from extractors.vision.captioner.search import beam_search

        artefact, search = self.artefact, dict(self.artefact.search)
        vocab = artefact.vocab
        try:
            hyps = beam_search(artefact.decoder, grid, vocab.start, vocab.end,
                               int(self.beam_override or search["beam"]), int(search.get("max_len", 20)),
                               float(search.get("alpha", 0.7)),
                               int(search.get("no_repeat_ngram", 0)), (vocab.unk,))
        except Exception as exc:  # noqa: BLE001 - a decoder failure costs the captions, never the batch
            logger.warning("caption decoding failed: %r", exc)
            return [CaptionResult(None, 0.0, f"caption decoding failed: {type(exc).__name__}")] * grid.size(0)
        out, gate = [], self.min_confidence
        for hyp in hyps:
            text = tidy(vocab.decode(hyp.tokens))
            if not text:
                out.append(CaptionResult(None, 0.0, "captioner produced no words"))
                continue
            confidence = round(hyp.mean_prob, 4)
            out.append(CaptionResult(text, confidence,
                                     "caption cut at the maximum length" if hyp.truncated else None,
                                     confidence < gate))
        return out


def build_caption_decoder(setting: str | None, beam: int | None = None, min_confidence: float | None = None,
                          familiarity: float | None = None) -> CaptionDecoder | None:
    """The decoder FEEDLENS_OFFLINE_CAPTIONER asks for (None when off); a missing named file is a ConfigError."""
    path = resolve_artefact(setting)
    if path is None:
        return None
    if path == DEFAULT_ARTEFACT and not path.is_file():
        logger.warning("the packaged captioner %s is missing: captions are composed from tags instead", path)
        return None
    if not path.is_file():
        raise ConfigError(f"offline captioner artefact not found: {path} (FEEDLENS_OFFLINE_CAPTIONER: "
                          "'default', 'off' or a path to a .pt artefact)")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise ConfigError(f"FEEDLENS_OFFLINE_CAPTIONER_MIN_CONFIDENCE must be between 0 and 1, got {min_confidence}")
    if familiarity is not None and familiarity < 0:
        raise ConfigError(f"FEEDLENS_OFFLINE_CAPTIONER_FAMILIARITY must be 0 (off) or a positive distance, "
                          f"got {familiarity}")
    return CaptionDecoder(path, beam, min_confidence, familiarity)


def _sidecar_threshold(path: Path) -> float:
    """The confidence gate stored in the artefact's sidecar; 0 (no gate) when it has none or is unreadable."""
    try:
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        return float(meta.get("confidence_gate", {}).get("threshold", 0.0))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0.0


def _file_digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
    except OSError:
        return "missing"

