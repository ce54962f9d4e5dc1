"""Save and load a trained captioner: one torch file (fp16 weights of each member decoder, their configs, the
shared vocabulary, backbone and search) + a JSON sidecar.

Format 2 holds a list of members (an ensemble decoded by averaging their per-step distributions, see
`search.DecoderEnsemble`); a single decoder is a list of one. Format 1 files (one decoder, before ensembles)
still load, as an ensemble of one.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ConfigError

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefacts"
DEFAULT_ARTEFACT = ARTEFACT_DIR / "flickr8k-default.pt"
FORMAT = 2
READABLE_FORMATS = (1, 2)


@dataclass
class CaptionerArtefact:
    """Loaded member decoders with what decoding needs (vocabulary, backbone name, search defaults)."""

    members: list[Any]
    vocab: Any
    backbone: str
    search: dict[str, Any] = field(default_factory=dict)  # beam, alpha, max_len, no_repeat_ngram, combine, weights
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def decoder(self) -> Any:
        """What the search drives: the members as an ensemble with the artefact's combine rule."""
        from extractors.vision.captioner.search import DecoderEnsemble

        return DecoderEnsemble(self.members, str(self.search.get("combine", "prob")), self.search.get("weights"))

    @property
    def model(self) -> Any:
        """The single decoder, for code that trains one (SCST, personal fine-tuning); an ensemble has none."""
        if len(self.members) != 1:
            raise ConfigError(f"{self.path}: an ensemble of {len(self.members)} decoders, not a single decoder "
                              "(train or fine-tune its members one by one)")
        return self.members[0]

    @property
    def kind(self) -> str:
        kinds = sorted({m.kind for m in self.members})
        return kinds[0] if len(self.members) == 1 else f"ensemble of {len(self.members)} {'/'.join(kinds)}"


def sidecar_path(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def _half_state(model: Any) -> dict[str, Any]:
    return {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}


def state_sha256(state: dict[str, Any]) -> str:
    """A hash of a member's saved (fp16) weights, independent of the file it sits in."""
    import torch

    digest = hashlib.sha256()
    for name in sorted(state):
        tensor = state[name].contiguous()
        digest.update(name.encode())
        digest.update(str(tuple(tensor.shape)).encode())
        digest.update(tensor.view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def member_hashes(members: list[Any]) -> list[str]:
    """state_sha256 of each member as it would be saved (fp16), for the sidecar's provenance."""
    return [state_sha256(_half_state(m)) for m in members]


def save_artefact(path: Path, members: Any, vocab: Any, backbone: str, search: dict[str, Any],
                  meta: dict[str, Any]) -> None:
    """Write `members` (one decoder or a list of them, sharing `vocab`) as one format-2 file + the sidecar."""
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    members = list(members) if isinstance(members, (list, tuple)) else [members]
    if not members:
        raise ValueError("an artefact needs at least one decoder")
    sizes = {m.config.get("vocab_size") for m in members}
    if sizes != {len(vocab)}:
        raise ValueError(f"members' vocabulary sizes {sorted(sizes)} do not match the vocabulary ({len(vocab)})")
    torch.save({"format": FORMAT, "members": [{"kind": m.kind, "config": m.config, "state": _half_state(m)}
                                              for m in members],
                "vocab": vocab.words, "backbone": backbone, "search": search}, path)
    sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _build(kind: str, config: dict[str, Any], state: dict[str, Any]) -> Any:
    from extractors.vision.captioner.model import build_decoder

    model = build_decoder(kind, config)
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    return model.eval()


def load_artefact(path: Path | str) -> CaptionerArtefact:
    """Load a captioner artefact; a missing or foreign file is a ConfigError that names the setting."""
    import torch

    from extractors.vision.captioner.vocab import Vocabulary

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"captioner artefact not found: {path} (FEEDLENS_OFFLINE_CAPTIONER_PATH)")
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(saved, dict) or saved.get("format") not in READABLE_FORMATS:
            found = saved.get("format") if isinstance(saved, dict) else type(saved).__name__
            raise ConfigError(f"{path}: not a FeedLens captioner artefact (format {found!r})")
        records = saved["members"] if saved["format"] == 2 else [saved]  # format 1: the file is the one member
        if not records:
            raise ConfigError(f"{path}: captioner artefact without decoders")
        members = [_build(r["kind"], r["config"], r["state"]) for r in records]
        weights = saved["search"].get("weights")
        if weights is not None and len(weights) != len(members):
            raise ConfigError(f"{path}: {len(weights)} ensemble weights for {len(members)} decoders")
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt file of any kind becomes one clear error
        raise ConfigError(f"{path}: cannot load captioner artefact ({type(exc).__name__}: {exc})") from None
    sidecar = sidecar_path(path)
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    return CaptionerArtefact(members, Vocabulary(list(saved["vocab"])), saved["backbone"], dict(saved["search"]),
                             meta, path)
