"""BLIP-2 tags and captions, for users who have the weights (none ship offline; see docs/offline-stack.md).

`Blip2Tagger` asks the model what is in each photo ("Question: what objects are in this photo? Answer:"),
parses the answer into tags of the same vocabulary the ImageNet tagger uses (so "puppies" and a malamute both
become 'dog', with parent 'animal'), and writes a caption for posts that have none. Model id or local path
and device are settings (FEEDLENS_BLIP2_MODEL, FEEDLENS_BLIP2_DEVICE); the default device is cuda when present.
Nothing loads until the first `extract`.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from typing import Any

from core.settings import option_reader
from extractors.base import Extraction, ImageInfo, ImageTag, PostAnalysis
from extractors.vision.decode import open_rgb
from extractors.vision.hf_loading import generate_texts, import_transformers, load_pretrained, pick_device, torch_dtype
from extractors.vision.tag_table import TagTable, load_tag_table
from extractors.vision.vocabulary import tags_in_text

logger = logging.getLogger(__name__)

DEFAULT_BLIP2_MODEL = "Salesforce/blip2-opt-2.7b"
OBJECTS_PROMPT = "Question: what objects are in this photo? Answer:"
_SPLIT = re.compile(r",|;|\band\b|\bwith\b|\bon\b|\bin\b|\bnear\b|\.")
_ARTICLES = re.compile(r"^(?:a|an|the|some|two|three|many|several)\s+")


def parse_answer(answer: str, table: TagTable, score: float, max_tags: int = 8) -> list[ImageTag]:
    """Tags from a free-text answer: known words map onto the shared vocabulary (with parent tags);
    other short noun phrases are kept as-is with kind 'object' so open-vocabulary answers are not lost."""
    names: list[str] = []
    for phrase in _SPLIT.split(answer.lower()):
        phrase = _ARTICLES.sub("", phrase.strip(" '\"!?"))
        if not phrase:
            continue
        known = tags_in_text(phrase)
        if known:
            names.extend(t for t in known if t not in names)
        elif len(phrase.split()) <= 3 and phrase not in names and re.fullmatch(r"[a-z][a-z -]*", phrase):
            names.append(phrase)
    tags: list[ImageTag] = []
    for name in names[:max_tags]:
        tags.append(ImageTag(name=name, kind=table.kinds.get(name, "object"), score=score))
    seen = {t.name for t in tags}
    for name in list(seen):
        for ancestor in table.ancestors(name):
            if ancestor not in seen:
                seen.add(ancestor)
                tags.append(ImageTag(name=ancestor, kind=table.kind_of(ancestor), score=score))
    return tags


class Blip2Tagger:
    """Extractor: BLIP-2 answers about objects (-> tags) and captions for caption-less posts."""

    name = "blip2"

    def __init__(self, settings: Any = None, **overrides: Any) -> None:
        option = option_reader(settings, overrides)

        self.model_source: str = str(option("blip2_model"))
        self.device_setting: str | None = option("blip2_device")
        self.prompt: str = option("blip2_prompt")
        self.caption_mode: str = option("blip2_caption_mode")  # missing | always | never
        self.max_new_tokens: int = int(option("blip2_max_new_tokens"))
        self.batch_size: int = int(option("blip2_batch_size"))
        self.image_side: int = int(option("blip2_image_side"))
        self.max_pixels: int = int(option("image_max_pixels"))
        self.table = load_tag_table()
        digest = hashlib.blake2b(f"{self.prompt}|{self.caption_mode}".encode(), digest_size=4).hexdigest()
        self.version = f"1-{self.model_source}-{digest}"
        self._model: Any = None
        self._processor: Any = None
        self.device = ""

    def load(self) -> None:
        """Load processor and model (once) on the configured device."""
        if self._model is not None:
            return
        transformers = import_transformers()
        self.device = pick_device(self.device_setting)
        logger.info("loading BLIP-2 %s on %s", self.model_source, self.device)
        self._processor = load_pretrained(transformers.Blip2Processor, self.model_source, "FEEDLENS_BLIP2_MODEL")
        model = load_pretrained(
            transformers.Blip2ForConditionalGeneration, self.model_source, "FEEDLENS_BLIP2_MODEL",
            dtype=torch_dtype(self.device),
        )
        self._model = model.to(self.device).eval()

    def generate(self, images: list[Any], prompt: str | None) -> list[tuple[str, float]]:
        """(text, mean token probability) per image; `prompt` None means a plain caption."""
        self.load()
        text = [prompt] * len(images) if prompt else None
        inputs = self._processor(images=images, text=text, return_tensors="pt", padding=True)
        return generate_texts(self._model, self._processor, dict(inputs), self.device, self.max_new_tokens)

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        """One Extraction per post: tags (and captions per caption_mode) for every readable image."""
        results = [Extraction() for _ in items]
        jobs: list[tuple[int, ImageInfo, Any, bool]] = []
        for n, item in enumerate(items):
            for index, path in enumerate(item.post.images):
                image, info, note = open_rgb(path, index, self.image_side, self.max_pixels)
                results[n].images[index] = info
                if image is None:
                    results[n].notes.append(f"image {index} skipped: {info.error}")
                    continue
                if note:
                    results[n].notes.append(f"image {index} {note}")
                wants_caption = self.caption_mode == "always" or (
                    self.caption_mode == "missing" and not item.post.caption.strip()
                )
                jobs.append((n, info, image, wants_caption))
        for start in range(0, len(jobs), self.batch_size):
            chunk = jobs[start : start + self.batch_size]
            answers = self.generate([job[2] for job in chunk], self.prompt)
            for (_, info, _, _), (answer, score) in zip(chunk, answers):
                info.tags = parse_answer(answer, self.table, score)
            to_caption = [job for job in chunk if job[3]]
            if to_caption:
                captions = self.generate([job[2] for job in to_caption], None)
                for (_, info, _, _), (caption, _) in zip(to_caption, captions):
                    info.generated_caption = caption or None
        return results
