"""The named extractor pipelines a load can run: the CLI's --pipeline and the Import page's choice."""
from __future__ import annotations

from core.settings import Settings
from extractors.base import Extractor

PIPELINES = ("full", "text", "minimal")


def build_extractors(pipeline: str, settings: Settings) -> list[Extractor]:
    """Extractors for `pipeline`: full = caption + image models, text = caption only, minimal = hashtags/mentions.

    extractors.pipeline is imported here, not at the top: it pulls in torch, which importing ingest/ never does.
    """
    from extractors.pipeline import default_extractors

    if pipeline == "minimal":
        return default_extractors(settings, mode="minimal")
    return default_extractors(settings, with_images=pipeline == "full")
