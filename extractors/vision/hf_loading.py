"""Shared plumbing for Hugging Face vision-language models: device choice, dtype, install hints.

Models load by hub id or local directory; offline (HF_HUB_OFFLINE=1) only local directories and the local
cache work, and a missing model becomes a ConfigError naming the setting to change instead of a hub traceback.
"""
from __future__ import annotations

import logging
from typing import Any

from core.errors import ConfigError, MissingDependency

logger = logging.getLogger(__name__)


def pick_device(requested: str | None) -> str:
    """`requested` if given ("cpu", "cuda", "cuda:1"), else cuda when available, else cpu."""
    import torch

    if requested and requested != "auto":
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def torch_dtype(device: str) -> Any:
    """float16 on GPU (BLIP-2 OPT-2.7b needs ~8 GB then), float32 on CPU where half is slow or unsupported."""
    import torch

    return torch.float16 if device.startswith("cuda") else torch.float32


def import_transformers() -> Any:
    try:
        import transformers
    except ImportError:
        raise MissingDependency("transformers", "captioning with Hugging Face models") from None
    return transformers


def load_pretrained(loader: Any, source: str, setting: str, **kwargs: Any) -> Any:
    """`loader.from_pretrained(source)`, with an error that names the FEEDLENS_ setting when it fails."""
    try:
        return loader.from_pretrained(source, **kwargs)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot load {source!r} ({exc.__class__.__name__}: {str(exc)[:200]}). Set {setting} to a local model "
            "directory, or to a hub id on a machine with internet access."
        ) from exc


def generate_texts(model: Any, decoder: Any, inputs: dict[str, Any], device: str,
                   max_new_tokens: int) -> list[tuple[str, float]]:
    """Greedy generation for a batch: (text, mean probability of its new tokens) per input.

    Decoder-only language heads (OPT in BLIP-2, GIT) echo the prompt in `sequences`; the scores cover only the
    new tokens, so those are what is decoded. `decoder` is the processor or tokenizer with batch_decode.
    """
    import torch

    inputs = {k: v.to(device) for k, v in inputs.items()}
    if "pixel_values" in inputs:
        inputs["pixel_values"] = inputs["pixel_values"].to(torch_dtype(device))
    with torch.inference_mode():
        out = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False,
                             output_scores=True, return_dict_in_generate=True)
    new_tokens = out.sequences[:, -len(out.scores) :]
    probs = model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True).exp()
    texts = decoder.batch_decode(new_tokens, skip_special_tokens=True)
    return [(t.strip(), round(float(p.mean()), 4) if p.numel() else 0.0) for t, p in zip(texts, probs)]
