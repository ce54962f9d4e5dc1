"""Corpus-level caption metrics (BLEU-1..4, CIDEr-D, METEOR) through pycocoevalcap, the COCO caption toolkit.

Tokenisation: `ptb` runs the toolkit's Stanford PTB tokenizer (Java), as published Flickr8k/COCO numbers do;
`simple` (lower-case words, punctuation dropped) needs no Java and is what training uses for model selection.
METEOR needs Java too and is skipped, with the reason recorded, when it cannot run.
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping, Sequence

from core.errors import MissingDependency
from extractors.vision.captioner.vocab import tokenize

log = logging.getLogger(__name__)


def _toolkit() -> None:
    try:
        import pycocoevalcap  # noqa: F401
    except ImportError:
        raise MissingDependency("pycocoevalcap==1.2 --no-deps", "caption metrics (BLEU, CIDEr, METEOR)") from None


def tokenize_all(texts: Mapping[str, Sequence[str]], how: str = "simple") -> dict[str, list[str]]:
    """{id: [caption, ...]} -> {id: [space-joined tokens, ...]} with the chosen tokeniser."""
    if how == "ptb":
        _toolkit()
        from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

        if not shutil.which("java"):
            raise MissingDependency("a Java runtime (apt-get install default-jre-headless)", "PTB tokenisation")
        return PTBTokenizer().tokenize({k: [{"caption": c} for c in v] for k, v in texts.items()})
    if how != "simple":
        raise ValueError(f"unknown tokeniser {how!r}: ptb or simple")
    return {k: [" ".join(tokenize(c)) for c in v] for k, v in texts.items()}


def caption_scores(references: Mapping[str, Sequence[str]], outputs: Mapping[str, str], tokenizer: str = "simple",
                   meteor: bool = False) -> dict[str, float | str]:
    """Corpus BLEU-1..4, CIDEr-D (and METEOR) of one output per id against its references.

    Empty outputs stay in the corpus (they score zero), so a model cannot gain by skipping hard images.
    """
    _toolkit()
    from pycocoevalcap.bleu.bleu import Bleu
    from pycocoevalcap.cider.cider import Cider

    ids = sorted(outputs)
    missing = [i for i in ids if not references.get(i)]
    if missing:
        raise ValueError(f"{len(missing)} outputs have no references, e.g. {missing[0]!r}")
    gts = tokenize_all({i: list(references[i]) for i in ids}, tokenizer)
    res = tokenize_all({i: [outputs[i]] for i in ids}, tokenizer)
    res = {i: [r[0] if r and r[0].strip() else "<empty>"] for i, r in res.items()}
    bleu, _ = Bleu(4).compute_score(gts, res, verbose=0)
    cider, _ = Cider().compute_score(gts, res)
    scores: dict[str, float | str] = {f"BLEU-{n + 1}": float(b) for n, b in enumerate(bleu)}
    scores["CIDEr-D"] = float(cider)
    if meteor:
        scores.update(_meteor(gts, res))
    return scores


def _meteor(gts: dict[str, list[str]], res: dict[str, list[str]]) -> dict[str, float | str]:
    if not shutil.which("java"):
        return {"METEOR": "skipped: no Java runtime"}
    try:
        from pycocoevalcap.meteor.meteor import Meteor

        scorer = Meteor()
        try:
            value, _ = scorer.compute_score(gts, res)
        finally:
            scorer.close() if hasattr(scorer, "close") else None
        return {"METEOR": float(value)}
    except Exception as exc:  # noqa: BLE001 - METEOR is a Java subprocess; any failure is reported, not fatal
        log.warning("METEOR failed: %r", exc)
        return {"METEOR": f"skipped: {type(exc).__name__}: {exc}"}
