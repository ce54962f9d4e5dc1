"""HFCaptioner: captions (and tags read from them) from any Hugging Face image-to-text model.

Covers BLIP, BLIP-2, GIT and VisionEncoderDecoder checkpoints (ViT-GPT2 and the like) by hub id or local
path (FEEDLENS_CAPTIONER_MODEL), for users who have the weights; none ship offline. Captions are written for
caption-less posts by default (`captioner_caption_mode`: missing | always), so text extractors get text.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

from core.settings import option_reader
from extractors.base import Extraction, PostAnalysis
from extractors.vision.blip2 import parse_answer
from extractors.vision.decode import open_rgb
from extractors.vision.hf_loading import generate_texts, import_transformers, load_pretrained, pick_device, torch_dtype
from extractors.vision.tag_table import load_tag_table

logger = logging.getLogger(__name__)

DEFAULT_CAPTIONER_MODEL = "Salesforce/blip-image-captioning-base"
_SETTING = "FEEDLENS_CAPTIONER_MODEL"


class HFCaptioner:
    """Extractor: a caption per image from a hub/local image-to-text model, plus tags parsed from it."""

    name = "hf_captioner"

    def __init__(self, settings: Any = None, **overrides: Any) -> None:
        option = option_reader(settings, overrides)

        self.model_source: str = str(option("captioner_model") or DEFAULT_CAPTIONER_MODEL)
        self.device_setting: str | None = option("captioner_device")
        self.prompt: str | None = option("captioner_prompt")  # e.g. "a photo of" for BLIP / GIT
        self.caption_mode: str = option("captioner_caption_mode")
        self.max_new_tokens: int = int(option("captioner_max_new_tokens"))
        self.batch_size: int = int(option("captioner_batch_size"))
        self.max_pixels: int = int(option("image_max_pixels"))
        self.table = load_tag_table()
        digest = hashlib.blake2b(f"{self.prompt}|{self.caption_mode}".encode(), digest_size=4).hexdigest()
        self.version = f"1-{self.model_source}-{digest}"
        self.device = ""
        self._model: Any = None
        self._image_processor: Any = None
        self._tokenizer: Any = None
        self._processor: Any = None

    def load(self) -> None:
        """Pick the model class from the checkpoint's config; encoder-decoder models get their own pre/post."""
        if self._model is not None:
            return
        transformers = import_transformers()
        self.device = pick_device(self.device_setting)
        config = load_pretrained(transformers.AutoConfig, self.model_source, _SETTING)
        dtype = torch_dtype(self.device)
        if config.model_type == "vision-encoder-decoder":
            model_class = transformers.VisionEncoderDecoderModel
            self._image_processor = load_pretrained(transformers.AutoImageProcessor, self.model_source, _SETTING)
            self._tokenizer = load_pretrained(transformers.AutoTokenizer, self.model_source, _SETTING)
        else:
            model_class = transformers.AutoModelForImageTextToText
            self._processor = load_pretrained(transformers.AutoProcessor, self.model_source, _SETTING)
            self._tokenizer = self._processor.tokenizer
        logger.info("loading captioner %s (%s) on %s", self.model_source, config.model_type, self.device)
        model = load_pretrained(model_class, self.model_source, _SETTING, dtype=dtype)
        self._model = model.to(self.device).eval()

    def caption(self, images: list[Any]) -> list[tuple[str, float]]:
        """(caption, mean token probability) per PIL image."""
        self.load()
        if self._processor is None:
            inputs = {"pixel_values": self._image_processor(images=images, return_tensors="pt").pixel_values}
        else:
            text = [self.prompt] * len(images) if self.prompt else None
            inputs = dict(self._processor(images=images, text=text, return_tensors="pt"))
        return generate_texts(self._model, self._tokenizer, inputs, self.device, self.max_new_tokens)

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        results = [Extraction() for _ in items]
        jobs: list[tuple[Any, Any]] = []
        for n, item in enumerate(items):
            if self.caption_mode != "always" and item.post.caption.strip():
                continue
            for index, path in enumerate(item.post.images):
                image, info, note = open_rgb(path, index, 512, self.max_pixels)
                results[n].images[index] = info
                if image is None:
                    results[n].notes.append(f"image {index} skipped: {info.error}")
                    continue
                if note:
                    results[n].notes.append(f"image {index} {note}")
                jobs.append((info, image))
        for start in range(0, len(jobs), self.batch_size):
            chunk = jobs[start : start + self.batch_size]
            for (info, _), (text, score) in zip(chunk, self.caption([image for _, image in chunk])):
                info.generated_caption = text or None
                info.tags = parse_answer(text, self.table, score) if text else []
        return results
