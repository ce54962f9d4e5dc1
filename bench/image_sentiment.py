"""How much image sentiment adds to the image pipeline: images/s for the tagger alone vs tagger + image sentiment.

`python bench/image_sentiment.py --n 200` runs the real ImageNetTagger and ImageSentiment extractors on the first
N MVSA images (../shared/data/mvsa), torch threads 1 (research.evaluation.compare_speed does the measuring).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MVSA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "mvsa"

if __name__ == "__main__":
    from research.evaluation.compare_speed import image_pipeline_speed

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    result = image_pipeline_speed(sorted((MVSA / "images").glob("*.jpg"))[: args.n], args.threads)
    print(", ".join(f"{k} {v:,.1f}" for k, v in result.items()))
