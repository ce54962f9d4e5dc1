"""Caption sentiment from MiniLM with its top layers fine-tuned on tweets (the `finetuned` backend).

The artefact stores only what training changed: the top `top_layers` transformer layers of the packaged
all-MiniLM-L6-v2 (fp16) and a linear classifier on their mean-pooled tokens, in one .safetensors file with a
sidecar JSON (command, data sha256, scores). The lower layers are the base encoder's own, so at run time the
branch reads the hidden states the shared embedding pass already computed at layer `base_layers`
(`SharedFeatures.sentiment_states`, left by extractors.embeddings when a branch asks for them) and only the top
layers run again; a caption without those states is encoded here from scratch.

Loading is lazy (nothing is read until the first classify) and offline: the base encoder is the packaged
MiniLM, or whatever hub id / local directory the artefact's `base_model` (or FEEDLENS_SENTIMENT_BASE) names.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError, FeedLensError, MissingDependency
from extractors.base import SENTIMENT_LABELS, PostAnalysis, SentimentVerdict
from extractors.sentiment.base import verdict_from_probs

log = logging.getLogger(__name__)

DEFAULT_BRANCH_PATH = Path(__file__).resolve().parent / "heads" / "caption_minilm_top2.safetensors"
FORMAT_VERSION = 1
HUB_MINILM = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 128  # tweets are < 64 tokens; the branch was trained at 64 and mean-pools, so longer inputs still work


@dataclass(frozen=True)
class BranchMeta:
    """What the artefact's safetensors metadata says about the branch."""

    base_model: str
    base_layers: int  # frozen lower layers (the branch reads their output)
    top_layers: int
    max_tokens: int = MAX_TOKENS
    extra: dict[str, Any] = field(default_factory=dict)


def resolve_branch(model: str) -> Path:
    """FEEDLENS_SENTIMENT_MODEL for this backend -> the artefact file: '' is the packaged one; a .safetensors
    path is itself; a directory holds DEFAULT_BRANCH_PATH's file name; anything else is a Hugging Face hub repo
    id holding that file (downloaded once, where the hub is reachable)."""
    if not model:
        return DEFAULT_BRANCH_PATH
    path = Path(model).expanduser()
    if model.endswith(".safetensors") or path.is_file():
        return path
    if path.is_dir():
        return path / DEFAULT_BRANCH_PATH.name
    try:
        from huggingface_hub import hf_hub_download

        return Path(hf_hub_download(model, DEFAULT_BRANCH_PATH.name))
    except Exception as exc:  # offline, unknown repo, missing file: one clear message
        raise ConfigError(f"FEEDLENS_SENTIMENT_MODEL={model!r} is neither a local .safetensors branch, a directory "
                          f"holding {DEFAULT_BRANCH_PATH.name}, nor a reachable hub repo with it: {exc}") from exc


def sidecar_path(path: Path) -> Path:
    return Path(str(path) + ".json")


def read_meta(path: Path) -> BranchMeta:
    """The branch's metadata (safetensors header); a missing or malformed file raises ConfigError."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"fine-tuned sentiment branch not found at {path}: train one with "
            "`python -m research.training.finetune_sentiment` or set FEEDLENS_SENTIMENT_BACKEND=head or vader")
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="np") as handle:
            meta = handle.metadata() or {}
        if int(meta.get("format_version", "0")) != FORMAT_VERSION:
            raise ValueError(f"format_version {meta.get('format_version')!r}, expected {FORMAT_VERSION}")
        return BranchMeta(base_model=meta["base_model"], base_layers=int(meta["base_layers"]),
                          top_layers=int(meta["top_layers"]), max_tokens=int(meta.get("max_tokens", MAX_TOKENS)))
    except (OSError, KeyError, ValueError, SafetensorError) as exc:
        raise ConfigError(f"{path} is not a fine-tuned sentiment branch artefact: {exc}") from exc


def additive_mask(attention_mask: Any, dtype: Any) -> Any:
    """(B, L) 0/1 mask -> (B, 1, 1, L) additive mask (0 keep, dtype-min drop) as BERT layers take it."""
    import torch

    return (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def mean_pool(tokens: Any, attention_mask: Any) -> Any:
    mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
    return (tokens * mask).sum(1) / mask.sum(1).clamp(min=1)


def build_branch_module(layers: Any, hidden: int) -> Any:
    """torch module: the top layers + a linear classifier on their mean-pooled output (shared by training)."""
    import torch

    class Branch(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = layers
            self.classifier = torch.nn.Linear(hidden, len(SENTIMENT_LABELS))

        def forward(self, states: Any, attention_mask: Any) -> Any:
            mask = additive_mask(attention_mask, states.dtype if states.dtype.is_floating_point else torch.float32)
            for layer in self.layers:
                out = layer(states, attention_mask=mask.to(states.dtype))
                states = out[0] if isinstance(out, tuple) else out
            return self.classifier(mean_pool(states.float(), attention_mask))

    return Branch()


class FineTunedSentiment:
    """The loaded branch: base encoder (for captions without shared states) + tuned top layers + classifier."""

    def __init__(self, path: Path | str = DEFAULT_BRANCH_PATH, base_model: str | None = None) -> None:
        self.path = Path(path)
        self.meta = read_meta(self.path)
        self.base_model = base_model or self.meta.base_model
        sidecar = sidecar_path(self.path)
        self.sidecar = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        digest = str(self.sidecar.get("weights_sha256", ""))[:10] or _file_digest(self.path)[:10]
        self.model_id = f"minilm-top{self.meta.top_layers}@{self.meta.base_model}#{digest}"
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any] | None = None  # tokenizer, base encoder, branch

    def _load(self) -> tuple[Any, Any, Any]:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._build()
        return self._loaded

    def _build(self) -> tuple[Any, Any, Any]:
        import copy

        import torch
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer

        from extractors.embeddings import PACKAGED_MINILM, configure_torch, resolve_model_path

        configure_torch()
        try:
            source = resolve_model_path(self.base_model)
        except MissingDependency:
            if self.base_model != PACKAGED_MINILM:
                raise
            source = HUB_MINILM  # the same weights from the hub, where it is reachable
            log.info("packaged MiniLM not installed: loading the branch's base encoder from %s", source)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            encoder = AutoModel.from_pretrained(source)
        except OSError as exc:
            hint = "" if Path(source).exists() else " (not a local directory: is the model hub reachable?)"
            raise ConfigError(f"cannot load the sentiment branch's base encoder {self.base_model!r}{hint}: {exc}"
                              ) from exc
        layers = encoder.encoder.layer
        if len(layers) != self.meta.base_layers + self.meta.top_layers:
            raise ConfigError(f"{self.path}: branch expects {self.meta.base_layers}+{self.meta.top_layers} layers, "
                              f"base encoder {self.base_model!r} has {len(layers)}")
        top = torch.nn.ModuleList(copy.deepcopy(layers[i]) for i in range(self.meta.base_layers, len(layers)))
        branch = build_branch_module(top, encoder.config.hidden_size)
        state = {k: v.float() for k, v in load_file(str(self.path)).items()}
        missing, unexpected = branch.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise ConfigError(f"{self.path}: weights do not fit the branch (missing {missing[:3]}, "
                              f"unexpected {unexpected[:3]})")
        encoder.encoder.layer = torch.nn.ModuleList(layers[: self.meta.base_layers])  # the bottom only
        encoder.eval()
        branch.eval()
        return tokenizer, encoder, branch

    def lower_states(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Hidden states after the frozen lower layers, one (tokens, hidden) array per text (what the embedding
        pass shares when it ran the same base encoder)."""
        import torch

        tokenizer, encoder, _ = self._load()
        out: list[np.ndarray] = [np.zeros(0)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode(), _autocast():
            for start in range(0, len(order), 64):
                idx = order[start : start + 64]
                batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                  max_length=self.meta.max_tokens, return_tensors="pt")
                states = encoder(**batch).last_hidden_state.float().numpy()
                lengths = batch["attention_mask"].sum(1).tolist()
                for row, i in enumerate(idx):
                    out[i] = states[row, : lengths[row]]
        return out

    def predict_proba_states(self, states: Sequence[np.ndarray]) -> np.ndarray:
        """(n, 3) probabilities from per-text lower-layer states (batched by length)."""
        import torch

        _, _, branch = self._load()
        probs = np.zeros((len(states), len(SENTIMENT_LABELS)), dtype=np.float64)
        order = sorted(range(len(states)), key=lambda i: len(states[i]))
        with torch.inference_mode(), _autocast():
            for start in range(0, len(order), 64):
                idx = order[start : start + 64]
                longest = max(len(states[i]) for i in idx)
                hidden = states[idx[0]].shape[1]
                padded = np.zeros((len(idx), longest, hidden), dtype=np.float32)
                mask = np.zeros((len(idx), longest), dtype=np.int64)
                for row, i in enumerate(idx):
                    padded[row, : len(states[i])] = states[i]
                    mask[row, : len(states[i])] = 1
                logits = branch(torch.from_numpy(padded), torch.from_numpy(mask)).float()
                probs[idx] = torch.softmax(logits, dim=1).numpy()
        return probs

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.predict_proba_states(self.lower_states(texts))


def _autocast() -> Any:
    """bf16 autocast where the CPU multiplies bf16 natively (as the shared encoder does), else a no-op."""
    import contextlib

    import torch

    from core.settings import get_settings
    from extractors.embeddings import resolve_precision

    settings = get_settings()
    if resolve_precision(settings.embedding_model, settings) == "bf16":
        return torch.autocast(device_type="cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_encoder(a: str, b: str) -> bool:
    """Whether two model strings name the same encoder weights (the packaged name and its hub id do)."""
    from extractors.embeddings import resolve_model_path

    if a == b:
        return True
    try:
        return resolve_model_path(a) == resolve_model_path(b)
    except FeedLensError:  # a missing package just means "cannot tell": do not share
        return False


class FineTunedBackend:
    """The fine-tuned branch as a caption-sentiment backend; English only (MiniLM is an English model).

    `shared_layer` is the layer whose states the embedding pass should leave (None: the pipeline embeds with
    another model, so the branch encodes captions itself)."""

    name = "finetuned"
    languages: frozenset[str] | None = frozenset({"en"})

    def __init__(self, path: Path | str = DEFAULT_BRANCH_PATH, base_model: str | None = None,
                 embedding_model: str | None = None) -> None:
        self.model = FineTunedSentiment(path, base_model)
        self.model_id = self.model.model_id
        self.embedding_model = embedding_model
        share = embedding_model is not None and same_encoder(embedding_model, self.model.base_model)
        self.shared_layer: int | None = self.model.meta.base_layers if share else None

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        from extractors.social_text import emoji_as_words

        inputs = [emoji_as_words(text) for text in texts]  # the view the branch was trained on (for_embedding)
        states: list[np.ndarray | None] = []
        for text, item in zip(inputs, items, strict=True):
            shared = item.extraction.shared
            layer = shared.sentiment_states
            view = shared.text_views.for_embedding if shared.text_views is not None else None
            # a caption cut to MAX_SENTIMENT_CHARS differs from its view: it is encoded again, as read
            usable = (self.shared_layer is not None and layer is not None and layer.layer == self.shared_layer
                      and layer.model == self.embedding_model and view == text)
            states.append(layer.states if usable else None)
            shared.sentiment_states = None  # read once: drop the token states so a long import holds no copies
        missing = [i for i, s in enumerate(states) if s is None]
        if missing:
            log.debug("encoding %s captions the embedding pass left no states for", len(missing))
            for i, value in zip(missing, self.model.lower_states([inputs[i] for i in missing]), strict=True):
                states[i] = value
        probs = self.model.predict_proba_states([s for s in states if s is not None])
        return verdict_from_probs(probs, f"{self.name}:{self.model_id}")
