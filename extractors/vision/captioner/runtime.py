"""CaptionDecoder: sentences for images from the trained offline captioner (the artefact beside this file).

The image tagger hands it the backbone's feature grid from the same forward pass that makes the tags, so a
caption costs only the decoder. Decoding never raises for one image: an empty or failed hypothesis comes back
as a result with `text=None` and the reason, which the tagger records as a note on the post.

Confidence gate: a caption whose geometric-mean token probability is below the artefact's threshold (chosen on
the 500 held-out training images, stored in the sidecar's `confidence_gate`) comes back with `uncertain=True`.
It is still stored on the image, but it is not used as the post's text (topics, caption-side sentiment) and
the UI shows it as "probably: ...". FEEDLENS_OFFLINE_CAPTIONER_MIN_CONFIDENCE overrides the threshold.

Two checks withhold a sentence (text None, the reason as a note), because outside its training world the
confidence says nothing: the model writes a fluent Flickr8k sentence about anything. Before decoding, a photo far
from every photo the captioner learned from is not described (familiarity.py); after decoding, a sentence naming
a thing the photo shows no sign of is dropped (grounding.py); the image tagger also drops a sentence naming an
animal its confident tags contradict (agreement.py). Thresholds live in the files beside the artefact;
FEEDLENS_OFFLINE_CAPTIONER_CHECKS=false turns all three off.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.errors import ConfigError
from extractors.vision.captioner.agreement import CONFIDENT
from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, CaptionerArtefact, load_artefact, sidecar_path
from extractors.vision.captioner.familiarity import FamiliarityBank, bank_path, load_bank
from extractors.vision.captioner.grounding import NounProbes, load_probes, probes_path

if TYPE_CHECKING:
    import torch

logger = logging.getLogger(__name__)

OFF_VALUES = {"off", "none", "compose", ""}
# notes say why without numbers, so a load's summary groups them (the scores are in the check files' sidecars)
UNFAMILIAR = "not described: the photo is unlike the photos the captioner learned from"
_REPEAT = re.compile(r"\b(\w+)(?: \1\b)+")
_DANGLING = frozenset({"a", "an", "the", "on", "in", "of", "with", "at", "and", "is", "are", "to", "its", "his",
                       "her", "their", "into", "for", "from", "by", "while", "near", "over", "under", "through"})


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
    """Collapse immediately repeated words ("a a dog" -> "a dog"), which beam search can still produce, and drop
    words left dangling at the end ("a girl is sitting on a" -> "a girl is sitting"), which a sentence cut at the
    maximum length or ended early by the model leaves."""
    words = _REPEAT.sub(r"\1", text).split()
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words)


class CaptionDecoder:
    """Loads the artefact on first use; `caption_grid` turns (N, cells, C) backbone grids into CaptionResults."""

    def __init__(self, path: Path, beam: int | None = None, min_confidence: float | None = None,
                 checks: bool = True) -> None:
        self.path = Path(path)
        self.beam_override = beam
        self.confidence_override = min_confidence
        self.checks = checks  # agreement with the tags (agreement.py) is run by the tagger, which has them
        self.sidecar_gate = _sidecar_threshold(self.path)  # read without torch: it is part of `version`
        self._artefact: CaptionerArtefact | None = None
        self.digest = _file_digest(self.path)
        self.bank: FamiliarityBank | None = load_bank(bank_path(self.path)) if checks else None
        self.probes: NounProbes | None = load_probes(probes_path(self.path)) if checks else None
        self.checks_digest = "-".join(_file_digest(file) if present else "none" for file, present in
                                      ((bank_path(self.path), self.bank), (probes_path(self.path), self.probes)))

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
    def version(self) -> str:
        checks = f"-c{self.checks_digest}-a{CONFIDENT:g}" if self.checks else "-c0"
        return f"cap-{self.digest}-b{self.beam_override or 'a'}-g{self.min_confidence:g}{checks}"

    def unfamiliar(self, pooled: np.ndarray) -> list[bool]:
        """Per photo: is it further from the training photos than the bank's threshold? All familiar without a bank."""
        if self.bank is None:
            return [False] * len(pooled)
        return [bool(d > self.bank.threshold) for d in self.bank.distances_pooled(pooled)]

    def caption_grid(self, grid: torch.Tensor) -> list[CaptionResult]:
        """One result per photo: unfamiliar photos are not decoded; the rest go through the artefact's search,
        and a sentence naming something its photo shows no sign of is withheld."""
        if grid.size(0) == 0:
            return []
        pooled = grid.float().mean(dim=1).numpy()
        unfamiliar = self.unfamiliar(pooled)
        results: list[CaptionResult] = [
            CaptionResult(None, 0.0, UNFAMILIAR) if flag else CaptionResult(None) for flag in unfamiliar]
        keep = [row for row, flag in enumerate(unfamiliar) if not flag]
        if not keep:
            return results
        decoded = self._decode(grid[keep] if len(keep) < grid.size(0) else grid)
        support = self.probes.support(pooled[keep]) if self.probes is not None else None
        for position, (row, result) in enumerate(zip(keep, decoded, strict=True)):
            weak = self.probes.weakest(result.text, support[position]) \
                if result.text and self.probes is not None and support is not None else None
            if weak is not None and self.probes is not None and weak.lift < self.probes.threshold:
                result = CaptionResult(None, result.confidence, f"not described: the sentence named "
                                                                f"'{weak.noun}', which the photo shows no sign of")
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
                          checks: bool = True) -> CaptionDecoder | None:
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
    return CaptionDecoder(path, beam, min_confidence, checks)


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

