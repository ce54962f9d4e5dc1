"""Save and load a trained captioner: one torch file (fp16 weights, config, vocabulary) + a JSON sidecar."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ConfigError

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefacts"
DEFAULT_ARTEFACT = ARTEFACT_DIR / "flickr8k-default.pt"
FORMAT = 1


@dataclass
class CaptionerArtefact:
    """A loaded decoder with what decoding needs (vocabulary, backbone name, search defaults)."""

    model: Any
    vocab: Any
    backbone: str
    search: dict[str, Any] = field(default_factory=dict)  # beam, alpha, max_len, no_repeat_ngram
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def sidecar_path(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def save_artefact(path: Path, model: Any, vocab: Any, backbone: str, search: dict[str, Any],
                  meta: dict[str, Any]) -> None:
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    torch.save({"format": FORMAT, "kind": model.kind, "config": model.config, "state": state, "vocab": vocab.words,
                "backbone": backbone, "search": search}, path)
    sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_artefact(path: Path | str) -> CaptionerArtefact:
    """Load a captioner artefact; a missing or foreign file is a ConfigError that names the setting."""
    import torch

    from extractors.vision.captioner.model import build_decoder
    from extractors.vision.captioner.vocab import Vocabulary

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"captioner artefact not found: {path} (FEEDLENS_OFFLINE_CAPTIONER_PATH)")
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        if saved.get("format") != FORMAT:
            raise ConfigError(f"{path}: not a FeedLens captioner artefact (format {saved.get('format')!r})")
        model = build_decoder(saved["kind"], saved["config"])
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in saved["state"].items()})
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt file of any kind becomes one clear error
        raise ConfigError(f"{path}: cannot load captioner artefact ({type(exc).__name__}: {exc})") from None
    model.eval()
    sidecar = sidecar_path(path)
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    return CaptionerArtefact(model, Vocabulary(list(saved["vocab"])), saved["backbone"], dict(saved["search"]), meta,
                             path)
