"""Could the fine-tuned MiniLM replace the shared embedding? How far its sentence vectors move from the original's.

Topics, KeyBERT and few-shot retrieval read the shared MiniLM vector (mean-pooled last layer, unit length). If the
fine-tuned encoder (frozen lower layers + the branch's tuned top layers, mean-pooled the same way) were used in its
place, those readers would see other vectors. This prints, over MVSA captions: the mean / 5th percentile cosine
between the two vectors of each caption, and how many of each caption's 10 nearest neighbours stay the same
(the neighbourhoods retrieval and clustering work from).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/branch_embedding_drift.py --n 2000
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MVSA = REPO.parent / "shared" / "data" / "mvsa" / "posts.csv"


def knn_overlap(a: np.ndarray, b: np.ndarray, k: int = 10) -> float:
    """Mean share of each row's k nearest neighbours (cosine, itself excluded) that both spaces agree on."""
    def neighbours(x: np.ndarray) -> np.ndarray:
        sims = x @ x.T
        np.fill_diagonal(sims, -np.inf)
        return np.argsort(-sims, axis=1)[:, :k]

    na, nb = neighbours(a), neighbours(b)
    return float(np.mean([len(set(r1) & set(r2)) / k for r1, r2 in zip(na, nb, strict=True)]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--branch", type=Path, default=None, help="branch artefact (default: packaged)")
    args = parser.parse_args()
    if not MVSA.is_file():
        print(f"skipped: MVSA captions not found at {MVSA}")
        return 0
    import torch

    from extractors.embeddings import embed_with_states
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, FineTunedSentiment, additive_mask, mean_pool
    from extractors.social_text import text_views
    from research.evaluation.datasets import load_dataset

    torch.set_num_threads(1)
    rows = load_dataset(f"mvsa:{MVSA}").rows[: args.n]
    texts = [t for t in (text_views(r.text).for_embedding for r in rows) if t.strip()]
    model = FineTunedSentiment(args.branch or DEFAULT_BRANCH_PATH)
    shared, states = embed_with_states(texts, model.meta.base_layers)
    _, _, branch = model._load()
    tuned = np.zeros_like(shared)
    with torch.inference_mode():
        for i, s in enumerate(states):
            hidden = torch.from_numpy(s)[None]
            mask = torch.ones(1, hidden.shape[1], dtype=torch.long)
            out = hidden
            for layer in branch.layers:
                result = layer(out, attention_mask=additive_mask(mask, out.dtype))
                out = result[0] if isinstance(result, tuple) else result
            vector = mean_pool(out, mask)[0].numpy()
            tuned[i] = vector / max(np.linalg.norm(vector), 1e-12)
    cos = np.sum(shared * tuned, axis=1)
    print(f"{len(texts)} MVSA captions; branch {model.model_id}")
    print("| compared with the shared MiniLM vector | mean cosine | 5th percentile cosine | 10-NN overlap |")
    print("|---|---|---|---|")
    print(f"| fine-tuned encoder (tuned top {model.meta.top_layers} layers) | {cos.mean():.3f} | "
          f"{np.percentile(cos, 5):.3f} | {knn_overlap(shared, tuned):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
