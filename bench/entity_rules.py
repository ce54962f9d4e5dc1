"""Cost of the entity cleaning rules (extractors/entity_rules.py) next to spaCy NER on the same MVSA captions.

spaCy runs once (NER only, as the pipeline runs it); then `clean_entity` cleans every useful-label entity it found,
`--runs` times: the first run in a fresh process pays the gazetteer load (GeoNames + first names) and fills the
word-frequency caches, later runs show the per-entity cost. Runs alternate NER and rules so load drifts hit both.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/entity_rules.py --n 2000 --runs 3
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import torch

    from bench.caption_pipeline import read_captions
    from extractors.entities import USEFUL_LABELS, EntityExtractor, load_ner, ner_text
    from extractors.social_text import text_views

    torch.set_num_threads(1)
    texts = [ner_text(text_views(c)) for c in read_captions(args.n)]
    nlp = load_ner(str(EntityExtractor().model_name))
    list(nlp.pipe(texts[:64], batch_size=128))  # model warm-up outside the timing
    ner_s, rules_s = [], []
    for run in range(args.runs):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=128))
        ner_s.append(time.perf_counter() - started)
        ents = [(e.text, e.label_, text, e.start_char) for doc, text in zip(docs, texts, strict=True)
                for e in doc.ents if e.label_ in USEFUL_LABELS]
        from extractors.entity_rules import clean_entity

        started = time.perf_counter()
        kept = sum(clean_entity(*ent) is not None for ent in ents)
        rules_s.append(time.perf_counter() - started)
        print(f"run {run + 1}: NER {ner_s[-1]:.2f}s, rules {rules_s[-1]:.2f}s over {len(ents)} entities "
              f"({kept} kept)", flush=True)
    warm = statistics.median(rules_s[1:]) if len(rules_s) > 1 else rules_s[0]
    print(f"{len(texts)} captions: NER median {statistics.median(ner_s):.2f}s; rules first run {rules_s[0]:.2f}s "
          f"(gazetteer load + caches), later runs median {warm:.3f}s = {warm / statistics.median(ner_s):.1%} of NER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
