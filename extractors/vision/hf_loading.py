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
