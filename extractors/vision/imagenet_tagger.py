"""ImageNetTagger: the offline image extractor (decode -> one batched classifier pass -> tags, embedding).

For every image of every post in a batch it records ImageInfo(width, height, format, tags) or the reason the
image could not be read, shares the classifier's pooled features as `shared.image_embeddings` (a list
aligned with `post.images`, None for unreadable images) so an image-sentiment head needs no second forward
pass. The offline captioner (FEEDLENS_OFFLINE_CAPTIONER) reads the feature grid of that same pass and writes a
generated caption on every image; with it off, posts without a caption get one composed from the tags. Torch
and the weights load on the first `extract`, never at import.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.cpu_share import apply_torch_threads
from core.settings import option_reader
from extractors.base import Extraction, ImageInfo, ImageTag, PostAnalysis
from extractors.vision.backbones import Backbone, load_backbone
from extractors.vision.captioner.agreement import contradiction
from extractors.vision.captioner.runtime import CaptionDecoder, CaptionResult, build_caption_decoder
from extractors.vision.decode import DecodedImage, decode_image
from extractors.vision.tag_table import TABLE_PATH, TagTable, load_tag_table
from extractors.vision.tagging import compose_caption, tags_from_probs

logger = logging.getLogger(__name__)

DEFAULT_IMAGE_MODEL = "mobilenet_v2"


@dataclass
class TaggedImage:
    """One image's result: decoded info with tags, its embedding (None when unreadable) and any note."""

    decoded: DecodedImage
    embedding: np.ndarray | None = None
    caption: CaptionResult | None = None  # from the offline captioner, when it ran

    @property
    def info(self) -> ImageInfo:
        return self.decoded.info


class ImageNetTagger:
    """Extractor: tags, size/format and a 1280-d embedding for each image, from an offline ImageNet classifier."""

    name = "imagenet_tagger"

    def __init__(self, settings: Any = None, **overrides: Any) -> None:
        """Options come from Settings (FEEDLENS_IMAGE_*), then keyword overrides (tests, benchmarks)."""

        option = option_reader(settings, overrides)

        self.model_name: str = option("image_model")
        self.threshold: float = float(option("image_tag_threshold"))
        self.max_tags: int = int(option("image_max_tags"))
        self.top_k: int = int(option("image_top_k"))
        self.decode_workers: int = int(option("image_decode_workers"))
        self.forward_batch: int = int(option("image_forward_batch"))
        self.max_pixels: int = int(option("image_max_pixels"))
        self.torch_threads: int = int(option("torch_threads"))
        self.batch_size: int = int(option("post_batch_size"))
        self.compose_captions: bool = bool(option("image_compose_captions"))
        self.captioner: CaptionDecoder | None = build_caption_decoder(
            option("offline_captioner"), int(option("offline_captioner_beam") or 0) or None,
            option("offline_captioner_min_confidence"), bool(option("offline_captioner_checks")))
        self.table: TagTable = load_tag_table()
        table_hash = hashlib.blake2b(TABLE_PATH.read_bytes(), digest_size=4).hexdigest()
        self.version = f"1-{self.model_name}-{table_hash}-t{self.threshold}-n{self.max_tags}-k{self.top_k}"
        if self.captioner is not None:
            self.version += f"-{self.captioner.version}"
        self._backbone: Backbone | None = None
        self._caption_backbone: Backbone | None = None

    @property
    def backbone(self) -> Backbone:
        """The classifier, loaded on first use."""
        if self._backbone is None:
            self._backbone = load_backbone(self.model_name, self.torch_threads)
        return self._backbone

    def _decode(self, path: Path, index: int) -> DecodedImage:
        return decode_image(path, index=index, size=self.backbone.input_size, max_pixels=self.max_pixels)

    def _decoded_stream(self, jobs: list[tuple[Path, int]]) -> Iterator[DecodedImage]:
        """Decoded images in job order; with workers > 0 decoding runs ahead in threads while the model computes."""
        if self.decode_workers <= 0 or len(jobs) < 2:
            yield from (self._decode(path, index) for path, index in jobs)
            return
        with ThreadPoolExecutor(self.decode_workers, thread_name_prefix="feedlens-decode") as pool:
            yield from pool.map(lambda job: self._decode(*job), jobs)

    def _classify(self, chunk: list[DecodedImage]) -> list[TaggedImage]:
        import torch

        readable = [d for d in chunk if d.pixels is not None]
        results = {id(d): TaggedImage(d) for d in chunk}
        if readable:
            backbone = self.backbone
            apply_torch_threads(self.torch_threads)  # per batch: every core when the machine is idle, else 1
            pixels = torch.from_numpy(np.stack([d.pixels for d in readable]))
            logits, features, captions = self._forward(backbone, pixels)
            probs = logits.softmax(dim=-1).numpy()
            embeddings = features.numpy().astype(np.float32)
            for row, decoded in enumerate(readable):
                decoded.info.tags = tags_from_probs(probs[row], self.table, self.top_k, self.threshold, self.max_tags)
                results[id(decoded)].embedding = embeddings[row]
                if captions:
                    caption = self._agreeing(captions[row], decoded.info.tags)
                    results[id(decoded)].caption = caption
                    decoded.info.generated_caption = caption.text
                    decoded.info.caption_confidence = caption.confidence if caption.text else None
                    decoded.info.caption_uncertain = caption.uncertain
                decoded.pixels = None  # free the array: batches can hold hundreds of images
        return [results[id(d)] for d in chunk]

    def _agreeing(self, caption: CaptionResult, tags: list[ImageTag]) -> CaptionResult:
        """The caption, or a withheld one when it names an animal the confident tags contradict (agreement.py)."""
        if not caption.text or self.captioner is None or not self.captioner.checks:
            return caption
        clash = contradiction(caption.text, tags, self.table)
        return CaptionResult(None, caption.confidence, f"not described: {clash}") if clash else caption

    def _forward(self, backbone: Backbone, pixels: Any) -> tuple[Any, Any, list[CaptionResult]]:
        """Logits, pooled features and (with the offline captioner) a caption per image, sharing one backbone pass
        when the captioner was trained on this backbone's grid."""
        batch = backbone.normalise(pixels)
        if self.captioner is None or not backbone.has_grid:  # a stand-in backbone without a grid: tags only
            return (*backbone.run(batch), [])
        if self.captioner.backbone == backbone.name:
            logits, features, grid = backbone.run_grid(batch)
            return logits, features, self.captioner.caption_grid(grid)
        logits, features = backbone.run(batch)
        if self._caption_backbone is None:
            self._caption_backbone = load_backbone(self.captioner.backbone, self.torch_threads)
        other = self._caption_backbone
        return logits, features, self.captioner.caption_grid(other.run_grid(other.normalise(pixels))[2])

    def tag_paths(self, paths: Sequence[str | Path]) -> list[TaggedImage]:
        """Tag loose image files (evaluation, benchmarks); `extract` is the pipeline entry point."""
        jobs = [(Path(p), i) for i, p in enumerate(paths)]
        _ = self.backbone  # load before decoding starts, so decode threads see the input size
        out: list[TaggedImage] = []
        chunk: list[DecodedImage] = []
        for decoded in self._decoded_stream(jobs):
            chunk.append(decoded)
            if len(chunk) >= self.forward_batch:
                out.extend(self._classify(chunk))
                chunk = []
        if chunk:
            out.extend(self._classify(chunk))
        return out

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        """One Extraction per post: ImageInfo per image, image embeddings, notes, composed captions."""
        paths = [path for item in items for path in item.post.images]
        tagged = iter(self.tag_paths(paths) if paths else [])
        results: list[Extraction] = []
        for item in items:
            extraction = Extraction()
            embeddings: list[np.ndarray | None] = []
            for index in range(len(item.post.images)):
                image = next(tagged)
                image.info.index = index
                extraction.images[index] = image.info
                embeddings.append(image.embedding)
                if image.info.error:
                    extraction.notes.append(f"image {index} skipped: {image.info.error}")
                elif image.decoded.note:
                    extraction.notes.append(f"image {index} {image.decoded.note}")
                if image.caption is not None and image.caption.reason:
                    extraction.notes.append(f"image {index} caption: {image.caption.reason}")
                if image.caption is not None and image.caption.uncertain:
                    extraction.notes.append(f"image {index} caption uncertain (confidence "
                                            f"{image.caption.confidence:.2f}): not used as the post's text")
            if embeddings:
                extraction.shared.image_embeddings = embeddings
                extraction.shared.image_embedding_model = self.model_name
            if self.compose_captions and not item.post.caption.strip():
                self._add_captions(extraction)
            results.append(extraction)
        return results

    def _add_captions(self, extraction: Extraction) -> None:
        for info in extraction.images.values():
            if info.tags and not info.generated_caption:
                info.generated_caption = compose_caption(info.tags, self.table)

