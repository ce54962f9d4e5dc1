"""Fine-tune the offline captioner on a user's own captioned photos: `python -m research.training.personal_captioner`.

"Your own style": the decoder (not the backbone) is trained further on (photo, the caption the user wrote) pairs
from the graph (`--from-graph`, the configured store) or from a posts file (`--posts mvsa:PATH`, id/image/text
columns). A stable fifth of the posts (by a hash of the post id) is held out and never trained on; the default
and the personal model are both scored on it with BLEU-1..4 and CIDEr-D against the user's own caption (one
reference). The personal artefact is written beside, never over, the packaged one; select it with
FEEDLENS_OFFLINE_CAPTIONER=PATH. The vocabulary stays the default's: words it lacks are <unk> (counted in the
report) and never generated.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from research.report_file import write_report
from research.training.captioner_data import DEFAULT_CACHE

log = logging.getLogger(__name__)

DEFAULT_OUT = Path.home() / ".feedlens" / "captioner" / "personal.pt"
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\bRT\b|&amp;|[#]", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    post_id: str
    path: Path
    caption: str


def clean_caption(text: str) -> str:
    """A post's text as a caption to learn from: links, @mentions, 'RT' and '#' signs removed, words kept."""
    return " ".join(_NOISE.sub(" ", text).split())


def held_out(post_id: str, share: float = 0.2) -> bool:
    return int(hashlib.sha256(post_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def pairs_from_posts(spec: str) -> list[Pair]:
    kind, _, path = spec.partition(":")
    root = Path(path)
    if kind != "mvsa" or not (root / "posts.csv").is_file():
        raise SystemExit(f"--posts must be mvsa:PATH with PATH/posts.csv, got {spec!r}")
    with open(root / "posts.csv", newline="", encoding="utf-8") as handle:
        return [Pair(row["id"], root / row["image"], row["text"]) for row in csv.DictReader(handle)]


def pairs_from_graph() -> list[Pair]:
    from graph import queries
    from graph.connect import open_store

    store = open_store()
    try:
        return [Pair(str(r["post_id"]), Path(r["path"]), r["caption"]) for r in store.query(queries.CAPTIONED_IMAGES)]
    finally:
        store.close()


def usable(pairs: list[Pair], min_words: int = 3) -> tuple[list[Pair], dict[str, int]]:
    """Pairs whose photo exists and whose cleaned caption has `min_words` words; counts of what was skipped."""
    from extractors.vision.captioner.vocab import tokenize

    kept, skipped = [], {"missing image": 0, f"caption under {min_words} words": 0}
    for pair in pairs:
        if not pair.path.is_file():
            skipped["missing image"] += 1
        elif len(tokenize(clean_caption(pair.caption))) < min_words:
            skipped[f"caption under {min_words} words"] += 1
        else:
            kept.append(Pair(pair.post_id, pair.path, clean_caption(pair.caption)))
    return kept, skipped


def fine_tune(artefact: Any, grid: Any, tokens: Any, args: argparse.Namespace) -> list[float]:
    """Each member decoder fine-tuned in turn with the same recipe; the mean loss per epoch over members."""
    per_member = [_fine_tune_member(model, grid, tokens, args) for model in artefact.members]
    return [round(float(np.mean(epoch)), 4) for epoch in zip(*per_member, strict=True)]


def _fine_tune_member(model: Any, grid: Any, tokens: Any, args: argparse.Namespace) -> list[float]:
    import torch
    from torch.nn import functional as F

    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    rng, losses = random.Random(args.seed), []
    for epoch in range(args.epochs):
        order = list(range(len(tokens)))
        rng.shuffle(order)
        epoch_losses = []
        for start in range(0, len(order), args.batch_size):
            idx = torch.tensor(order[start : start + args.batch_size])
            batch = tokens[idx]
            lengths = (batch != 0).sum(1)
            sort = torch.argsort(lengths, descending=True, stable=True)
            batch, rows = batch[sort, : int(lengths.max())], idx[sort]
            logits, penalty = model(grid[rows].float(), batch)
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), batch[:, 1:].reshape(-1), ignore_index=0,
                                   label_smoothing=0.1) + (penalty if model.kind == "lstm" else 0.0)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            epoch_losses.append(float(loss.detach()))
        losses.append(round(float(np.mean(epoch_losses)), 4))
        log.info("epoch %s loss %.3f", epoch + 1, losses[-1])
    model.eval()
    return losses


def score(artefact: Any, grid: Any, pairs: list[Pair]) -> tuple[dict[str, float], list[str]]:
    from research.evaluation.caption_metrics import caption_scores
    from research.training.train_captioner import decode_images

    search = artefact.search
    texts = decode_images(artefact.decoder, grid, artefact.vocab, int(search.get("beam", 3)),
                          float(search.get("alpha", 0.7)), int(search.get("max_len", 20)),
                          int(search.get("no_repeat_ngram", 0)))
    refs = {p.post_id: [p.caption] for p in pairs}
    scores = caption_scores(refs, {p.post_id: t for p, t in zip(pairs, texts, strict=True)})
    return {k: round(float(v), 4) for k, v in scores.items()}, texts


def run(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, load_artefact, save_artefact
    from research.training.captioner_data import cached_grid
    from research.training.train_captioner import _encode

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    raw = pairs_from_graph() if args.from_graph else pairs_from_posts(args.posts)
    pairs, skipped = usable(raw)
    fit = [p for p in pairs if not held_out(p.post_id)]
    test = [p for p in pairs if held_out(p.post_id)]
    if len(fit) < 20 or len(test) < 5:
        raise SystemExit(f"too few captioned photos to personalise ({len(fit)} to train, {len(test)} held out)")
    base = load_artefact(args.base or DEFAULT_ARTEFACT)
    tag = "personal-" + hashlib.sha256("\n".join(str(p.path) for p in pairs).encode()).hexdigest()[:12]
    grid_all = torch.from_numpy(np.array(cached_grid([p.path for p in pairs], tag, base.backbone,
                                                                   args.cache)))
    index = {id(p): i for i, p in enumerate(pairs)}
    fit_grid, test_grid = grid_all[[index[id(p)] for p in fit]], grid_all[[index[id(p)] for p in test]]
    vocab = base.vocab
    words = [w for p in fit for w in vocab.encode(p.caption, 10_000)[1:-1]]
    oov = sum(w == vocab.unk for w in words) / max(1, len(words))
    before, before_texts = score(base, test_grid, test)
    started = time.perf_counter()
    personal = load_artefact(args.base or DEFAULT_ARTEFACT)
    losses = fine_tune(personal, fit_grid, torch.from_numpy(_encode(vocab, [p.caption for p in fit], 30)), args)
    after, after_texts = score(personal, test_grid, test)
    meta = {
        "command": "python -m research.training.personal_captioner " + " ".join(sys.argv[1:]),
        "base": str(args.base or DEFAULT_ARTEFACT), "source": "graph" if args.from_graph else args.posts,
        "posts_sha256": hashlib.sha256("\n".join(f"{p.post_id}\t{p.caption}" for p in pairs).encode()).hexdigest(),
        "pairs": len(pairs), "skipped": skipped, "fit": len(fit), "held_out": len(test),
        "held_out_rule": "sha256(post id) in the lowest fifth", "oov_rate_fit_words": round(oov, 4),
        "epochs": args.epochs, "lr": args.lr, "losses": losses, "seconds": round(time.perf_counter() - started, 1),
        "held_out_scores": {"default": before, "personal": after},
        "decoder": personal.meta.get("decoder"), "search": personal.search,
    }
    save_artefact(args.out, personal.members, vocab, personal.backbone, personal.search, {**personal.meta,
                                                                                          "personal": meta})
    log.info("personal captioner written to %s", args.out)
    print(json.dumps(meta["held_out_scores"], indent=2))
    if args.report:
        from research.training.personal_report import render

        examples = random.Random(args.seed).sample(range(len(test)), min(12, len(test)))
        rows = [(test[i], before_texts[i], after_texts[i]) for i in examples]
        write_report(args.report, render(meta, rows, args))
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-graph", action="store_true", help="the user's posts in the configured graph")
    source.add_argument("--posts", help="mvsa:PATH (posts.csv with id, image, text)")
    parser.add_argument("--base", type=Path, default=None, help="artefact to start from (default: packaged)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="feature grid cache folder")
    parser.add_argument("--report", type=Path, default=None, help="write a markdown report here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
