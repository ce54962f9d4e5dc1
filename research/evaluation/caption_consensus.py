"""Consensus (minimum-Bayes-risk) reranking of the captioner's candidates, scored on the selection images.

`python -m research.evaluate caption-consensus --dataset flickr8k:PATH [--model PATH]`: for each of the 500
held-out TRAIN "selection" images (dev is never read), candidates come from beam search (every finished
hypothesis of beam `--nbest`), from `--samples` captions sampled at each `--temperatures` value, or both; each
distinct candidate is scored by its mean CIDEr-D against the other candidates (each counted as often as it was
produced; document frequencies from the fit images' references, as the SCST reward) and the best is kept. The
table compares that with greedy and with the beam's own best. A research experiment: the runtime decodes with the
search stored in the artefact.
"""
from __future__ import annotations

import argparse
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.captioning import parse_dataset

log = logging.getLogger(__name__)

Candidate = tuple[tuple[int, ...], bool]  # word ids (no <start>/<end>), whether it ended with <end>


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="flickr8k:PATH (folder with captions.csv and images/)")
    parser.add_argument("--model", type=Path, default=None, help="captioner artefact; default: the packaged one")
    parser.add_argument("--nbest", type=int, default=5, help="beam width whose finished hypotheses are candidates")
    parser.add_argument("--samples", type=int, default=10, help="sampled candidates per image and temperature")
    parser.add_argument("--temperatures", default="0.5,0.7,1.0")
    parser.add_argument("--select-images", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)


def consensus_pick(candidates: list[Candidate], cider: Any, decode: Any) -> Candidate | None:
    """The candidate with the highest mean CIDEr-D against the others (multiplicity-weighted); None if all empty."""
    counts = Counter(c for c in candidates if c[0])
    if not counts:
        return None
    distinct = list(counts)
    if len(distinct) == 1:
        return distinct[0]
    words = {c: decode(c[0]).split() for c in distinct}
    vectors = {c: cider.vector(words[c], c[1]) for c in distinct}
    best, best_score = distinct[0], float("-inf")
    for c in distinct:
        total = weight = 0.0
        for other, count in counts.items():
            times = count - 1 if other == c else count
            if times:
                total += times * cider.score(words[c], [vectors[other]], c[1])
                weight += times
        if total / weight > best_score:
            best, best_score = c, total / weight
    return best


def run(args: argparse.Namespace) -> int:
    import torch

    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, load_artefact
    from extractors.vision.captioner.search import DecoderEnsemble, beam_candidates
    from extractors.vision.captioner.vocab import tokenize
    from research.evaluation.caption_metrics import caption_scores
    from research.training.captioner_data import cached_grid, read_flickr8k
    from research.training.cider_reward import CiderD
    from research.training.scst_captioner import sample_captions
    from research.training.train_captioner import split_selection

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    root = parse_dataset(args.dataset)
    artefact = load_artefact(args.model or DEFAULT_ARTEFACT)
    vocab, model = artefact.vocab, DecoderEnsemble.of(artefact.decoder)
    for member in model.members:
        member.eval()
    data = read_flickr8k(root)["train"]
    fit, names = split_selection(data.images, args.select_images)
    row_of = {n: i for i, n in enumerate(data.images)}
    grid_all = cached_grid([root / "images" / n for n in data.images], "flickr8k-train", artefact.backbone)
    grid = torch.from_numpy(np.asarray(grid_all[[row_of[n] for n in names]]).astype(np.float32))
    refs = {n: data.captions[n] for n in names}
    cider = CiderD([[tokenize(c) for c in data.captions[n]] for n in fit])
    banned = (vocab.unk,)

    def from_beam(width: int) -> list[list[Candidate]]:
        out: list[list[Candidate]] = []
        for start in range(0, len(names), 100):
            hyps = beam_candidates(model, grid[start : start + 100], vocab.start, vocab.end, width, 20, 0.0, 0, banned)
            out += [[(h.tokens, not h.truncated) for h in per_image] for per_image in hyps]
        return out

    def from_samples(temperature: float) -> list[list[Candidate]]:
        out: list[list[Candidate]] = []
        k = args.samples
        with torch.inference_mode():
            for start in range(0, len(names), 50):
                chunk = grid[start : start + 50]
                tokens, _, ended = sample_captions(model, chunk, k, 20, vocab.start, vocab.end, banned, temperature)
                for i in range(chunk.size(0)):
                    rows = []
                    for j in range(i * k, (i + 1) * k):
                        ids = tokens[j].tolist()
                        rows.append((tuple(ids[: ids.index(vocab.end)] if vocab.end in ids else ids), bool(ended[j])))
                    out.append(rows)
        return out

    def scored(label: str, texts: list[str], seconds: float) -> dict[str, Any]:
        scores = caption_scores(refs, dict(zip(names, texts, strict=True)))
        row = {"decoding": label, "seconds": round(seconds, 1), **{k: round(float(v), 4) for k, v in scores.items()}}
        log.info("%s", row)
        return row

    def rerank(pools: list[list[Candidate]]) -> list[str]:
        picks = [consensus_pick(pool, cider, vocab.decode) for pool in pools]
        return [vocab.decode(p[0]) if p else "" for p in picks]

    rows = []
    started = time.perf_counter()
    greedy = from_beam(1)
    rows.append(scored("greedy", [vocab.decode(c[0][0]) if c else "" for c in greedy], time.perf_counter() - started))
    started = time.perf_counter()
    nbest = from_beam(args.nbest)
    beam_seconds = time.perf_counter() - started
    rows.append(scored(f"beam {args.nbest}, its best", [vocab.decode(c[0][0]) if c else "" for c in nbest],
                       beam_seconds))
    rows.append(scored(f"consensus over the beam-{args.nbest} n-best", rerank(nbest), beam_seconds))
    for temperature in (float(t) for t in args.temperatures.split(",")):
        started = time.perf_counter()
        sampled = from_samples(temperature)
        seconds = time.perf_counter() - started
        rows.append(scored(f"consensus over {args.samples} samples at T={temperature}", rerank(sampled), seconds))
        pooled = [s + b + g for s, b, g in zip(sampled, nbest, greedy, strict=True)]
        rows.append(scored(f"consensus over those samples + beam-{args.nbest} n-best + greedy", rerank(pooled),
                           seconds + beam_seconds))
    print("| decoding (500 selection images, simple tokenisation) | BLEU-4 | CIDEr-D | decode s |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['decoding']} | {row['BLEU-4']:.3f} | {row['CIDEr-D']:.3f} | {row['seconds']} |")
    return 0
