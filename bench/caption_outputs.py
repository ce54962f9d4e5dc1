"""What the caption extractors say about MVSA captions, saved as JSON, and the differences between two such files.

For speed work that must not change results: run `dump` in the checkout before and after the change (from each
checkout's root, so its modules win), then `compare`. One cold run (fresh topic vocabulary), 1 torch thread by
default so the thread choice cannot differ between the two runs.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_outputs.py dump /tmp/before.json --n 2000
    HF_HUB_OFFLINE=1 .venv/bin/python bench/caption_outputs.py dump /tmp/after.json --n 2000
    .venv/bin/python bench/caption_outputs.py compare /tmp/before.json /tmp/after.json
    (FEEDLENS_EMBEDDING_PRECISION=fp32 for both dumps separates bf16 rounding from real changes)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIELDS = ("language", "sentiments", "keyphrases", "entities", "notes", "errors")


def dump(n: int) -> list[dict[str, Any]]:
    """Every caption extractor's output for the first n MVSA captions, one cold pipeline run."""
    from bench.caption_pipeline import read_captions
    from core.settings import Settings
    from data.models import Post
    from extractors.base import PostAnalysis
    from extractors.pipeline import default_extractors
    from extractors.runner import run_extractors

    captions = read_captions(n)
    with tempfile.TemporaryDirectory() as fresh:
        extractors = default_extractors(Settings(home=Path(fresh)), with_images=False)
        items = [PostAnalysis(Post(id=str(i), caption=c)) for i, c in enumerate(captions)]
        run_extractors(items, extractors)
    return [{"id": item.post.id, "language": item.extraction.language,
             "sentiments": {k: [v.label, v.score, v.model, v.probs] for k, v in item.extraction.sentiments.items()},
             "keyphrases": [[t.name, t.score, t.from_image] for t in item.extraction.keyphrases],
             "entities": [[m.name, m.label] for m in item.extraction.entities],
             "notes": list(item.extraction.notes), "errors": list(item.errors)} for item in items]


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]], show: int) -> dict[str, int]:
    """Posts whose output differs, per field (sentiment by label, keyphrases by names); prints the first `show`."""
    if [p["id"] for p in before] != [p["id"] for p in after]:
        raise SystemExit("the two files hold different posts")
    differ: dict[str, list[tuple[str, Any, Any]]] = {f: [] for f in FIELDS}
    for old, new in zip(before, after, strict=True):
        for name in FIELDS:
            a, b = old[name], new[name]
            if name == "sentiments":
                a, b = {k: v[0] for k, v in a.items()}, {k: v[0] for k, v in b.items()}
            elif name == "keyphrases":
                a, b = [k[0] for k in a], [k[0] for k in b]
            if a != b:
                differ[name].append((old["id"], old[name], new[name]))
    same = sum(old == new for old, new in zip(before, after, strict=True))
    score = [abs(v[1] - new["sentiments"][k][1]) for old, new in zip(before, after, strict=True)
             for k, v in old["sentiments"].items() if k in new["sentiments"]]
    print(f"{len(before)} posts, {same} identical in every field and score; differing posts per field: "
          + ", ".join(f"{k} {len(v)}" for k, v in differ.items())
          + f"; largest sentiment score change {max(score, default=0.0):.4f}")
    for name, rows in differ.items():
        for post, old, new in rows[:show]:
            print(f"  {name} post {post}: {old} -> {new}")
    return {k: len(v) for k, v in differ.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("dump")
    run.add_argument("out", type=Path)
    run.add_argument("--n", type=int, default=2000)
    diff = sub.add_parser("compare")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    diff.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if args.command == "compare":
        compare(json.loads(args.before.read_text()), json.loads(args.after.read_text()), args.show)
        return 0
    from bench.caption_pipeline import MVSA

    if not MVSA.is_file():
        print(f"skipped: MVSA captions not found at {MVSA}")
        return 0
    os.environ.setdefault("FEEDLENS_TORCH_THREADS", "1")
    args.out.write_text(json.dumps(dump(args.n)))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
