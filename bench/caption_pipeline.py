"""Caption pipeline throughput on real tweets (MVSA), against the floor of its bare model forward passes.

Pipeline: default_extractors(with_images=False) = embeddings, language, sentiment (if installed), entities,
topics, run by extractors.runner with a fresh topic vocabulary each run (a first import: nothing cached).
Floor: MiniLM encode of the same caption views + spaCy nlp.pipe (NER only, as the pipeline runs it) of the
same texts. Runs alternate pipeline and floor so machine load drifts hit both alike; medians are reported.
"All forward passes" adds the MiniLM encodes the topic extractor makes inside the run (KeyBERT's new candidate
words and new topic phrases; a first import needs them, a re-import finds them cached): pipeline / that figure
is the pipeline's own overhead.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_pipeline.py --n 2000 --runs 3 --threads 1 2
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MVSA = REPO.parent / "shared" / "data" / "mvsa" / "posts.csv"
log = logging.getLogger(__name__)


def read_captions(n: int) -> list[str]:
    """The first n MVSA tweet texts (tolerating the odd legacy encoding)."""
    import pandas as pd

    for encoding in ("utf-8", "gb18030", "latin-1"):
        try:
            frame = pd.read_csv(MVSA, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
    return [str(t) for t in frame["text"].fillna("").tolist()[:n]]


def run_pipeline(captions: list[str], home: Path | None = None) -> tuple[float, dict[str, float]]:
    """Seconds for the whole caption pipeline, and seconds per extractor (fresh FeedLens home unless given).

    The per-extractor dict also carries 'phrase_encode' (seconds inside the topic extractor's MiniLM encode of
    candidate words and new topic phrases: forward passes a first import cannot avoid, absent when warm) and
    'phrases' (how many it encoded)."""
    from core.settings import Settings
    from data.models import Post
    from extractors.base import PostAnalysis
    from extractors.pipeline import default_extractors
    from extractors.runner import run_extractors

    with tempfile.TemporaryDirectory() as fresh:
        extractors = default_extractors(Settings(home=home or Path(fresh)), with_images=False)
        phrase = {"phrase_encode": 0.0, "phrases": 0.0}
        for extractor in extractors:
            if extractor.name == "topics":
                extractor._encode = _timed_encode(extractor._encode, phrase)  # type: ignore[attr-defined]
        items = [PostAnalysis(Post(id=str(i), caption=c)) for i, c in enumerate(captions)]
        started = time.perf_counter()
        report = run_extractors(items, extractors)
        total = time.perf_counter() - started
    if report.failures:
        log.warning("%s extractor failures, first: %s", len(report.failures), report.failures[0])
    return total, {**report.seconds, **phrase}


def _timed_encode(encode: Callable[[list[str]], Any], into: dict[str, float]) -> Callable[[list[str]], Any]:
    def timed(texts: list[str]) -> Any:
        started = time.perf_counter()
        try:
            return encode(texts)
        finally:
            into["phrase_encode"] += time.perf_counter() - started
            into["phrases"] += len(texts)

    return timed


def run_floor(captions: list[str]) -> tuple[float, float]:
    """Seconds of the bare forward passes: MiniLM encode, spaCy NER pipe."""
    from extractors.embeddings import embed_texts
    from extractors.entities import EntityExtractor, load_ner, ner_text
    from extractors.social_text import text_views

    views = [text_views(c) for c in captions]
    started = time.perf_counter()
    embed_texts([v.for_sentiment for v in views], batch_size=64)
    minilm = time.perf_counter() - started
    nlp = load_ner(str(EntityExtractor().model_name))
    texts = [ner_text(v) for v in views]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=128):
        pass
    return minilm, time.perf_counter() - started


def bench(captions: list[str], threads: int, runs: int, warm_home: Path | None) -> dict[str, float]:
    """Median figures over `runs` alternating pipeline / floor runs with `threads` torch threads.

    With `warm_home`, every run reuses one FeedLens home: topic vocabulary and phrase cache from the previous
    run are on disk (a re-import); the first, cold run is then excluded from the median."""
    import torch

    torch.set_num_threads(threads)
    run_pipeline(captions[:64])  # load every model outside the timing
    if warm_home is not None:
        run_pipeline(captions, warm_home)
    totals, minilms, spacys, parts = [], [], [], []
    for run in range(runs):
        total, seconds = run_pipeline(captions, warm_home)
        minilm, spacy_s = run_floor(captions)
        totals.append(total)
        minilms.append(minilm)
        spacys.append(spacy_s)
        parts.append(seconds)
        print(f"  threads={threads} run {run + 1}: pipeline {total:.1f}s, floor {minilm:.1f}+{spacy_s:.1f}s, "
              + ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items()), flush=True)
    floor = statistics.median(m + s for m, s in zip(minilms, spacys, strict=True))
    # every forward pass the run made: the caption floor plus the topic extractor's phrase encodes
    floor_all = statistics.median(m + s + p["phrase_encode"] for m, s, p in zip(minilms, spacys, parts, strict=True))
    total = statistics.median(totals)
    per = {k: statistics.median(p[k] for p in parts) for k in parts[0]}
    phrases = per.pop("phrases")
    return {"total": total, "floor": floor, "floor_all": floor_all, "phrases": phrases,
            "minilm": statistics.median(minilms), "spacy": statistics.median(spacys),
            **{f"x_{k}": v for k, v in per.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--warm", action="store_true", help="reuse topic vocabulary + phrase cache across runs")
    args = parser.parse_args()
    if not MVSA.is_file():
        print(f"skipped: MVSA captions not found at {MVSA} (the shared evaluation data is not on this machine)")
        return 0
    logging.basicConfig(level=logging.WARNING)
    captions = read_captions(args.n)
    mode = "warm (vocabulary and phrase cache from a previous run)" if args.warm else "cold (fresh home each run)"
    print(f"{len(captions)} MVSA captions, {args.runs} runs per setting (medians), {mode}")
    print("| torch threads | pipeline s | captions/s | floor s (MiniLM + spaCy NER) | pipeline / floor "
          "| phrases encoded by topics | all forward passes s | pipeline / all forward passes | per extractor s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for threads in args.threads:
        with tempfile.TemporaryDirectory() as warm:
            r = bench(captions, threads, args.runs, Path(warm) if args.warm else None)
        parts = ", ".join(f"{k[2:]} {v:.1f}" for k, v in r.items() if k.startswith("x_"))
        print(f"| {threads} | {r['total']:.1f} | {len(captions) / r['total']:.0f} | {r['floor']:.1f} "
              f"({r['minilm']:.1f} + {r['spacy']:.1f}) | {r['total'] / r['floor']:.2f}x | {r['phrases']:.0f} "
              f"| {r['floor_all']:.1f} | {r['total'] / r['floor_all']:.2f}x | {parts} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
