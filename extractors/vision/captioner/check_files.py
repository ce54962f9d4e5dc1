"""The captioner's check files: named arrays in one .npz beside the artefact, with a JSON sidecar of the same stem
(threshold, rule, command, data hashes). familiarity.py and grounding.py each store one such pair."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError


def write_check_file(path: Path, arrays: dict[str, np.ndarray], sidecar: dict[str, Any]) -> None:
    np.savez_compressed(path, **arrays)
    path.with_suffix(".json").write_text(json.dumps(sidecar, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_check_file(path: Path, names: tuple[str, ...]) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """(arrays as float32, sidecar), or None when the file is absent; an unreadable pair is a ConfigError."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path) as stored:
            arrays = {name: stored[name].astype(np.float32) for name in names}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"captioner check file {path} is unreadable: {exc}") from exc
    if not isinstance(sidecar, dict):
        raise ConfigError(f"captioner check file {path.with_suffix('.json')} is not a JSON object")
    return arrays, sidecar
