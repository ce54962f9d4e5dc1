"""Grounding: does the photo show the things the generated sentence names?

The familiarity check (familiarity.py) catches photos far from the training photos; a photo can still be near
them and get a sentence about something it does not show (an espresso cup near Flickr8k's close-ups, described
as "a brown dog is standing on the grass"). For each noun the captioner often writes, a linear probe on the
same pooled features estimates P(a person describing this photo would name the noun), trained on the Flickr8k
training photos and their five reference captions. A sentence is grounded when every noun it names that has a
probe is supported at no less than `threshold` times that noun's base rate in the training photos (the lift);
otherwise the weakest noun is reported and the sentence is withheld.

Nouns are found without a tagger: the bank maps every word form the captioner can write to its noun lemma (the
forms spaCy tagged NOUN in most of their training-caption occurrences, e.g. "dogs" -> "dog", "men" -> "man").
The probes sit beside the artefact as `<artefact>.nouns.npz` with a JSON sidecar (forms, nouns, base rates,
threshold, command); `research.training.captioner_familiarity` builds them with the familiarity bank.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError
from extractors.vision.captioner.check_files import read_check_file, write_check_file

_WORD = re.compile(r"[a-z]+")


def probes_path(artefact: Path) -> Path:
    """`flickr8k-default.pt` -> `flickr8k-default.nouns.npz`."""
    return Path(artefact).with_suffix(".nouns.npz")


@dataclass(frozen=True)
class WeakNoun:
    """The least supported noun of a sentence: its support and its lift over the noun's base rate."""

    noun: str
    support: float
    lift: float


@dataclass(frozen=True)
class NounProbes:
    """Per-noun logistic probes over standardised pooled features, with the word forms that name each noun."""

    nouns: tuple[str, ...]
    forms: dict[str, str]  # word form -> noun
    weight: np.ndarray  # (V, C)
    bias: np.ndarray  # (V,)
    centre: np.ndarray  # (C,) feature means of the training photos
    scale: np.ndarray  # (C,) feature standard deviations
    base_rate: np.ndarray  # (V,) share of training photos whose references name the noun
    threshold: float  # minimum lift
    meta: dict[str, Any]

    def support(self, pooled: np.ndarray) -> np.ndarray:
        """(N, C) pooled features -> (N, V) probabilities that each noun would be named."""
        logits = ((np.asarray(pooled, np.float32) - self.centre) / self.scale) @ self.weight.T + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    def nouns_in(self, text: str) -> list[str]:
        return [self.forms[w] for w in _WORD.findall(text.lower()) if w in self.forms]

    def weakest(self, text: str, support_row: np.ndarray) -> WeakNoun | None:
        """The noun of `text` with the lowest lift, or None when the text names no noun with a probe."""
        index = {noun: i for i, noun in enumerate(self.nouns)}
        found = [WeakNoun(n, float(support_row[index[n]]), float(support_row[index[n]] / self.base_rate[index[n]]))
                 for n in dict.fromkeys(self.nouns_in(text))]
        return min(found, key=lambda weak: weak.lift) if found else None


def save_probes(path: Path, probes: NounProbes) -> None:
    write_check_file(path, {"weight": probes.weight.astype(np.float16), "bias": probes.bias.astype(np.float32),
                            "centre": probes.centre.astype(np.float32), "scale": probes.scale.astype(np.float32),
                            "base_rate": probes.base_rate.astype(np.float32)},
                     {**probes.meta, "nouns": list(probes.nouns), "forms": probes.forms,
                      "threshold": round(float(probes.threshold), 4)})


def load_probes(path: Path) -> NounProbes | None:
    """The probes at `path`, or None when the artefact has none; a damaged file is a ConfigError."""
    found = read_check_file(path, ("weight", "bias", "centre", "scale", "base_rate"))
    if found is None:
        return None
    arrays, meta = found
    try:
        probes = NounProbes(tuple(meta.pop("nouns")), dict(meta.pop("forms")), arrays["weight"], arrays["bias"],
                            arrays["centre"], arrays["scale"], arrays["base_rate"], float(meta.pop("threshold")),
                            meta)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"captioner check file {path} is unreadable: {exc}") from exc
    if probes.weight.shape != (len(probes.nouns), probes.centre.shape[0]) or \
            not set(probes.forms.values()) <= set(probes.nouns):
        raise ConfigError(f"captioner noun probes {path} have mismatched shapes or nouns")
    return probes
