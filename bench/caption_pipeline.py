"""Caption pipeline throughput on real tweets (MVSA), against the floor of its bare model forward passes.

Pipeline: default_extractors(with_images=False) = embeddings, language, sentiment (if installed), entities,
topics, run by extractors.runner with a fresh topic vocabulary each run (a first import: nothing cached).
Floor: MiniLM encode of the same caption views + spaCy nlp.pipe (NER only, as the pipeline runs it) of the
same texts. Runs alternate pipeline and floor so machine load drifts hit both alike; medians are reported.
"All forward passes" adds the MiniLM encodes the topic extractor makes inside the run (KeyBERT's new candidate
words and new topic phrases; a first import needs them, a re-import finds them cached): pipeline / that figure
is the pipeline's own overhead.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_pipeline.py --n 2000 --runs 3 --threads 0 1 2
    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_pipeline.py --threads 1 --sentiment-backends finetuned head
    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_pipeline.py --threads 1 --sentiment-backends head head=other.npz
"""
from __future__ import annotations

import argparse
import logging
import os
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


def run_pipeline(captions: list[str], home: Path | None = None, backend: str = "auto"
                 ) -> tuple[float, dict[str, float]]:
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
        name, _, model = backend.partition("=")  # 'head=PATH' times the head artefact at PATH
        chosen = {"sentiment_model": model} if model else {}  # else FEEDLENS_SENTIMENT_MODEL, as before
        extractors = default_extractors(Settings(home=home or Path(fresh), sentiment_backend=name, **chosen),
                                        with_images=False)
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


def bench(captions: list[str], threads: int, runs: int, warm_home: Path | None,
          backends: tuple[str, ...] = ("auto",)) -> dict[str, dict[str, float]]:
    """Median figures per caption-sentiment backend over `runs` rounds with `threads` torch threads; each round
    runs the pipeline once per backend, then the floor, so machine load drifts hit every setting alike.

    With `warm_home`, every run reuses one FeedLens home per backend: topic vocabulary and phrase cache from the
    previous run are on disk (a re-import); the first, cold run is then excluded from the median."""
    # through the setting, as a user sets it: the extractors apply it before each batch (0 = chosen from the load)
    os.environ["FEEDLENS_TORCH_THREADS"] = str(threads)
    homes = {b: (warm_home / f"home{i}" if warm_home is not None else None) for i, b in enumerate(backends)}
    for backend in backends:
        run_pipeline(captions[:64], backend=backend)  # load every model outside the timing
        if homes[backend] is not None:
            run_pipeline(captions, homes[backend], backend)
    totals: dict[str, list[float]] = {b: [] for b in backends}
    parts: dict[str, list[dict[str, float]]] = {b: [] for b in backends}
    minilms, spacys = [], []
    for run in range(runs):
        for backend in backends:
            total, seconds = run_pipeline(captions, homes[backend], backend)
            totals[backend].append(total)
            parts[backend].append(seconds)
            print(f"  threads={threads} run {run + 1} sentiment={backend}: pipeline {total:.1f}s, "
                  + ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items()), flush=True)
        minilm, spacy_s = run_floor(captions)
        minilms.append(minilm)
        spacys.append(spacy_s)
        print(f"  threads={threads} run {run + 1}: floor {minilm:.1f}+{spacy_s:.1f}s", flush=True)
    floor = statistics.median(m + s for m, s in zip(minilms, spacys, strict=True))
    out = {}
    for backend in backends:
        # every forward pass the run made: the caption floor plus the topic extractor's phrase encodes
        floor_all = statistics.median(m + s + p["phrase_encode"]
                                      for m, s, p in zip(minilms, spacys, parts[backend], strict=True))
        per = {k: statistics.median(p[k] for p in parts[backend]) for k in parts[backend][0]}
        phrases = per.pop("phrases")
        out[backend] = {"total": statistics.median(totals[backend]), "floor": floor, "floor_all": floor_all,
                        "phrases": phrases, "minilm": statistics.median(minilms), "spacy": statistics.median(spacys),
                        **{f"x_{k}": v for k, v in per.items()}}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[0],
                        help="FEEDLENS_TORCH_THREADS values to run (0: chosen per batch from the load, the default)")
    parser.add_argument("--warm", action="store_true", help="reuse topic vocabulary + phrase cache across runs")
    parser.add_argument("--sentiment-backends", nargs="+", default=["auto"],
                        help="caption-sentiment backends to time side by side (auto, finetuned, head, vader; "
                             "BACKEND=PATH sets FEEDLENS_SENTIMENT_MODEL for that one, e.g. head=other_head.npz)")
    args = parser.parse_args()
    if not MVSA.is_file():
        print(f"skipped: MVSA captions not found at {MVSA} (the shared evaluation data is not on this machine)")
        return 0
    logging.basicConfig(level=logging.WARNING)
    captions = read_captions(args.n)
    mode = "warm (vocabulary and phrase cache from a previous run)" if args.warm else "cold (fresh home each run)"
    print(f"{len(captions)} MVSA captions, {args.runs} runs per setting (medians), {mode}")
    print("| torch threads | sentiment | pipeline s | captions/s | floor s (MiniLM + spaCy NER) | pipeline / floor "
          "| phrases encoded by topics | all forward passes s | pipeline / all forward passes | per extractor s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for threads in args.threads:
        with tempfile.TemporaryDirectory() as warm:
            results = bench(captions, threads, args.runs, Path(warm) if args.warm else None,
                            tuple(args.sentiment_backends))
        for backend, r in results.items():
            parts = ", ".join(f"{k[2:]} {v:.1f}" for k, v in r.items() if k.startswith("x_"))
            print(f"| {threads} | {backend} | {r['total']:.1f} | {len(captions) / r['total']:.0f} | {r['floor']:.1f} "
                  f"({r['minilm']:.1f} + {r['spacy']:.1f}) | {r['total'] / r['floor']:.2f}x | {r['phrases']:.0f} "
                  f"| {r['floor_all']:.1f} | {r['total'] / r['floor_all']:.2f}x | {parts} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
