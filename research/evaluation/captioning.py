"""Image captioners on Flickr8k: corpus BLEU-1..4, CIDEr-D, METEOR for greedy and beam decoding + examples.

`python -m research.evaluate captions --dataset flickr8k:../shared/data/flickr8k --split dev`. Features come
from the same cached backbone grid as training (images decoded exactly as at runtime). Scores are corpus-level
against all five references, PTB-tokenised by the COCO caption toolkit (pycocoevalcap) unless `--tokenizer
simple`. The report shows random examples with their thumbnails linked from the shared data folder (the images
are never copied into the repository).
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path
from typing import Any

from research.evaluation.captioning_report import render_report, score_table

log = logging.getLogger(__name__)

DEFAULT_BEAMS = "1,3,5"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="flickr8k:PATH (folder with captions.csv and images/)")
    parser.add_argument("--split", default="dev", help="split of captions.csv to score (dev; test where you have it)")
    parser.add_argument("--model", action="append", type=Path, default=None,
                        help="captioner artefact (.pt); repeatable; default: the packaged one")
    parser.add_argument("--beams", default=DEFAULT_BEAMS, help="comma-separated beam widths (1 = greedy)")
    parser.add_argument("--tokenizer", choices=("ptb", "simple"), default="ptb")
    parser.add_argument("--no-meteor", action="store_true", help="skip METEOR (Java)")
    parser.add_argument("--examples", type=int, default=20, help="random examples in the report")
    parser.add_argument("--seed", type=int, default=13, help="seed for picking the examples")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N images (smoke runs)")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here")
    parser.add_argument("--json", type=Path, default=None, help="write the scores as JSON here")


def parse_dataset(spec: str) -> Path:
    kind, _, path = spec.partition(":")
    if kind != "flickr8k" or not path:
        raise SystemExit(f"--dataset must be flickr8k:PATH, got {spec!r}")
    root = Path(path)
    if not (root / "captions.csv").is_file():
        raise SystemExit(f"{root}/captions.csv not found")
    return root


def evaluate_model(path: Path, grid: Any, names: list[str], refs: dict[str, list[str]], beams: list[int],
                   tokenizer: str, meteor: bool) -> tuple[list[dict[str, Any]], dict[int, dict[str, str]]]:
    """One row of scores per beam width (plus seconds per image) and the outputs per beam width."""
    from extractors.vision.captioner.artefact import load_artefact
    from research.evaluation.caption_metrics import caption_scores
    from research.training.train_captioner import decode_images

    artefact = load_artefact(path)
    search = artefact.search
    rows, outputs = [], {}
    for beam in beams:
        alpha, no_repeat = (0.0, 0) if beam == 1 else (search.get("alpha", 0.7), search.get("no_repeat_ngram", 0))
        started = time.perf_counter()
        texts = decode_images(artefact.decoder, grid, artefact.vocab, beam, alpha, search.get("max_len", 20), no_repeat)
        seconds = time.perf_counter() - started
        outputs[beam] = dict(zip(names, texts, strict=True))
        scores = caption_scores(refs, outputs[beam], tokenizer, meteor)
        rows.append({"model": path.name, "decoder": artefact.kind, "beam": beam, "alpha": alpha,
                     "no_repeat_ngram": no_repeat, "decode_ms_per_image": round(1000 * seconds / len(names), 1),
                     **{k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}})
        log.info("%s", rows[-1])
    return rows, outputs


def run(args: argparse.Namespace) -> int:
    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT
    from research.training.captioner_data import cached_grid, read_flickr8k

    root = parse_dataset(args.dataset)
    splits = read_flickr8k(root)
    if args.split not in splits:
        raise SystemExit(f"split {args.split!r} not in {root}/captions.csv (has {sorted(splits)})")
    data = splits[args.split]
    names = data.images[: args.limit] if args.limit else data.images
    models = args.model or [DEFAULT_ARTEFACT]
    backbone = _backbone_of(models)
    grid = cached_grid([root / "images" / n for n in data.images], f"flickr8k-{args.split}", backbone)[: len(names)]
    refs = {n: data.captions[n] for n in names}
    beams = [int(b) for b in args.beams.split(",") if b.strip()]
    rows, outputs_by_model = [], {}
    for path in models:
        model_rows, outputs_by_model[path.name] = evaluate_model(path, grid, names, refs, beams, args.tokenizer,
                                                                 not args.no_meteor)
        rows += model_rows
    print(score_table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    if args.out:

        default_beam = _default_beam(models[0], beams)
        examples = random.Random(args.seed).sample(names, min(args.examples, len(names)))
        shown = {n: outputs_by_model[models[0].name][default_beam][n] for n in examples}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render_report(rows, args, root, names, refs, shown, default_beam, models), encoding="utf-8")
        print(f"report written to {args.out}")
    return 0


def _backbone_of(models: list[Path]) -> str:
    from extractors.vision.captioner.artefact import load_artefact

    backbones = {load_artefact(p).backbone for p in models}
    if len(backbones) != 1:
        raise SystemExit(f"models read different backbones {sorted(backbones)}: evaluate them separately")
    return backbones.pop()


def _default_beam(path: Path, beams: list[int]) -> int:
    from extractors.vision.captioner.artefact import load_artefact

    beam = int(load_artefact(path).search.get("beam", 3))
    return beam if beam in beams else beams[-1]


