"""Train a caption decoder on cached Flickr8k backbone features: `python -m research.training.train_captioner`.

Model selection never sees the dev split: the last `--select-images` training images (sorted by a hash of the
name) are held out for choosing the epoch, beam width and length penalty; dev stays for the report. Fixed seed,
one torch thread (faster on this shared 2-core machine). Writes the artefact + sidecar (command, data hashes,
selection scores, step times).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.datasets import file_sha256
from research.training.captioner_data import DEFAULT_CACHE, cached_grid, read_flickr8k

log = logging.getLogger(__name__)


def split_selection(images: list[str], count: int) -> tuple[list[str], list[str]]:
    """(fit, select): a stable pseudo-random `count` of the training images held out for model selection."""
    ranked = sorted(images, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    held = set(ranked[:count])
    return [i for i in images if i not in held], [i for i in images if i in held]


def decode_images(decoder: Any, grid: Any, vocab: Any, beam: int, alpha: float, max_len: int, no_repeat: int,
                  batch: int = 100, combine: str = "prob") -> list[str]:
    """Captions of `grid` rows by one decoder, a member list (combined by `combine`) or a DecoderEnsemble."""
    import torch

    from extractors.vision.captioner.search import DecoderEnsemble, beam_search

    model = DecoderEnsemble.of(decoder, combine)
    for member in model.members:
        member.eval()
    out = []
    for start in range(0, len(grid), batch):
        chunk = torch.from_numpy(np.array(grid[start : start + batch]))
        hyps = beam_search(model, chunk, vocab.start, vocab.end, beam, max_len, alpha, no_repeat, (vocab.unk,))
        out += [vocab.decode(h.tokens) for h in hyps]
    return out


def _batches(n: int, size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(n))
    rng.shuffle(order)
    return [order[i : i + size] for i in range(0, n, size)]


def _encode(vocab: Any, captions: list[str], max_words: int) -> np.ndarray:
    rows = [vocab.encode(c, max_words) for c in captions]
    out = np.zeros((len(rows), max_words + 2), np.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def _lr(step: int, progress: float, base: float, warmup: int) -> float:
    """Linear warm-up, then cosine decay over `progress` (0..1: the larger of steps done and time budget used)."""
    if step < warmup:
        return base * (step + 1) / warmup
    return base * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def train(args: argparse.Namespace) -> dict[str, Any]:
    import torch
    from torch.nn import functional as F

    from extractors.vision.captioner.artefact import save_artefact
    from extractors.vision.captioner.model import build_decoder
    from extractors.vision.captioner.vocab import Vocabulary
    from research.evaluation.caption_metrics import caption_scores

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    data = read_flickr8k(args.data)["train"]
    grid_all = cached_grid([args.data / "images" / n for n in data.images], "flickr8k-train", args.backbone,
                           args.cache)
    row_of = {name: i for i, name in enumerate(data.images)}
    fit, select = split_selection(data.images, args.select_images)
    vocab = Vocabulary.build((c for name in fit for c in data.captions[name]), args.min_count)
    pairs = [(row_of[name], c) for name in fit for c in data.captions[name]]
    grid = torch.from_numpy(np.ascontiguousarray(grid_all))  # fp16 in RAM
    tokens = torch.from_numpy(_encode(vocab, [c for _, c in pairs], args.max_words))
    captions_of: dict[int, list[int]] = {}
    for i, (row, _) in enumerate(pairs):
        captions_of.setdefault(row, []).append(i)
    fit_rows = sorted(captions_of)
    select_grid = grid[[row_of[n] for n in select]]
    select_refs = {n: data.captions[n] for n in select}
    config = {"vocab_size": len(vocab), "feature_dim": grid.shape[2], "cells": grid.shape[1]}
    config.update(json.loads(args.config) if args.config else {})
    model = build_decoder(args.decoder, config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(fit_rows) / args.batch_images)
    total_steps = steps_per_epoch * args.epochs
    log.info("%s: %s params, vocab %s, %s captions, %s steps/epoch", args.decoder,
             sum(p.numel() for p in model.parameters()), len(vocab), len(pairs), steps_per_epoch)
    history, best, best_state, step, started = [], -1.0, None, 0, time.perf_counter()
    progress = 0.0
    for epoch in range(args.epochs):
        model.train()
        epoch_started, losses = time.perf_counter(), []
        for batch in _batches(len(fit_rows), args.batch_images, rng):
            images = [fit_rows[b] for b in batch]
            caption_ids = [(slot, cid) for slot, row in enumerate(images) for cid in captions_of[row]]
            batch_tokens = tokens[torch.tensor([cid for _, cid in caption_ids])]
            lengths = (batch_tokens != 0).sum(1)
            order = torch.argsort(lengths, descending=True, stable=True)  # longest first (the LSTM skips padding)
            batch_tokens = batch_tokens[order, : int(lengths.max())]
            rows = torch.tensor([slot for slot, _ in caption_ids])[order]
            logits, penalty = model(grid[torch.tensor(images)].float(), batch_tokens, rows)
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), batch_tokens[:, 1:].reshape(-1),
                                   ignore_index=0, label_smoothing=args.label_smoothing)
            loss = loss + args.attention_penalty * penalty
            elapsed = time.perf_counter() - started
            progress = max(step / total_steps, elapsed / (args.max_minutes * 60) if args.max_minutes else 0.0)
            if progress >= 1.0:
                break
            for group in optimizer.param_groups:
                group["lr"] = _lr(step, progress, args.lr, args.warmup)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            losses.append(float(loss))
            step += 1
            if step == 20:
                log.info("step time %.3fs", (time.perf_counter() - epoch_started) / 20)
        train_seconds = time.perf_counter() - epoch_started
        outputs = decode_images(model, select_grid, vocab, 1, 0.0, args.max_words, 0)
        scores = caption_scores(select_refs, dict(zip(select, outputs, strict=True)))
        history.append({"epoch": epoch + 1, "loss": float(np.mean(losses)), "seconds": round(train_seconds, 1),
                        "select_greedy": {k: round(float(v), 4) for k, v in scores.items()}})
        log.info("epoch %s loss %.3f %.0fs select greedy BLEU-4 %.4f CIDEr-D %.4f", epoch + 1, np.mean(losses),
                 train_seconds, scores["BLEU-4"], scores["CIDEr-D"])
        if scores["CIDEr-D"] > best:
            best = float(scores["CIDEr-D"])
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if progress >= 1.0 or epoch + 1 == args.epochs:
            log.info("stopping after %s steps (%.1f min)", step, (time.perf_counter() - started) / 60)
            break
    assert best_state is not None
    model.load_state_dict(best_state)
    search, search_scores = choose_search(model, select_grid, select, select_refs, vocab, args)
    meta = {
        "command": "python -m research.training.train_captioner " + " ".join(sys.argv[1:]),
        "decoder": args.decoder, "config": model.config, "backbone": args.backbone, "seed": args.seed,
        "data": {"captions_csv_sha256": file_sha256(args.data / "captions.csv"), "fit_images": len(fit),
                 "selection_images": len(select), "selection_rule": "sha256(name) lowest --select-images of train"},
        "vocab_size": len(vocab), "history": history, "best_select_greedy_cider": best, "search": search,
        "search_selection": search_scores, "train_minutes": round((time.perf_counter() - started) / 60, 1),
        "torch_threads": args.threads,
    }
    save_artefact(args.out, model, vocab, args.backbone, search, meta)
    log.info("saved %s (%.1f MB)", args.out, args.out.stat().st_size / 1e6)
    return meta


def choose_search(model: Any, grid: Any, names: list[str], refs: dict, vocab: Any,
                  args: argparse.Namespace) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Beam width, length penalty and n-gram blocking chosen by CIDEr-D on the selection images (not dev)."""
    from research.evaluation.caption_metrics import caption_scores

    tried = []
    for beam, alpha, no_repeat in [(1, 0.0, 0), (3, 0.0, 0), (3, 0.7, 0), (3, 0.7, 3), (5, 0.7, 3), (3, 1.0, 3)]:
        outputs = decode_images(model, grid, vocab, beam, alpha, args.max_words, no_repeat)
        scores = caption_scores(refs, dict(zip(names, outputs, strict=True)))
        tried.append({"beam": beam, "alpha": alpha, "no_repeat_ngram": no_repeat,
                      **{k: round(float(v), 4) for k, v in scores.items()}})
        log.info("search %s", tried[-1])
    best = max((t for t in tried if t["beam"] <= 3), key=lambda t: t["CIDEr-D"])  # beam <= 3: the speed target
    return {"beam": best["beam"], "alpha": best["alpha"], "no_repeat_ngram": best["no_repeat_ngram"],
            "max_len": args.max_words}, tried


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/flickr8k"))
    parser.add_argument("--decoder", choices=("lstm", "transformer"), default="lstm")
    parser.add_argument("--config", default="", help="JSON overrides of the decoder's constructor arguments")
    parser.add_argument("--backbone", default="mobilenet_v2")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--max-minutes", type=float, default=0.0, 
                        help="time budget: the lr schedule anneals over it, then stop")
    parser.add_argument("--batch-images", type=int, default=16, help="images per batch, each with all its captions")
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--attention-penalty", type=float, default=1.0)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--max-words", type=int, default=20)
    parser.add_argument("--select-images", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
