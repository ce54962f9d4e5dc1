"""Image extractors: robust decoding, ImageNet tags + embeddings (offline default), BLIP-2 / HF captioners.

Importing this package loads no model and no torch; classes are imported from their modules on demand.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Blip2Tagger", "HFCaptioner", "ImageNetTagger", "compose_caption", "decode_image", "load_tag_table"]

_WHERE = {
    "ImageNetTagger": "extractors.vision.imagenet_tagger",
    "Blip2Tagger": "extractors.vision.blip2",
    "HFCaptioner": "extractors.vision.hf_captioner",
    "compose_caption": "extractors.vision.tagging",
    "decode_image": "extractors.vision.decode",
    "load_tag_table": "extractors.vision.tag_table",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
