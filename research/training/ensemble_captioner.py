"""Build an ensemble captioner from trained artefacts, chosen on the selection images:
`python -m research.training.ensemble_captioner --member xe=PATH --member scst=PATH ... --out PATH`.

Every member is a trained single-decoder artefact over the same backbone and vocabulary. Everything is chosen
by CIDEr-D on the 500 held-out TRAIN "selection" images (the trainers' rule; dev is never read):
1. which members: greedy decoding of every subset (singles included), members' distributions averaged
   (`--combine`'s first rule);
2. how to combine: the best `--top` subsets again with each other rule;
3. the weights, when the best is several members: the strongest single member's share of `--lead-weights`
   (the others split the rest) against equal weights;
4. the search: greedy, and beam 2 / 3 with each length alpha of `--alphas` (trigram blocking on), for the
   best (subset, rule, weights).
The winner is written as one artefact (format 2, fp16 members) whose sidecar lists each member's provenance
(source file and its sha256, the fp16 weights' sha256, the commands that trained it) and the selection tables.
"""
from __future__ import annotations

import argparse
import itertools
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.datasets import file_sha256
from research.training.captioner_data import DEFAULT_CACHE, cached_grid, read_flickr8k
from research.training.train_captioner import decode_images, split_selection

log = logging.getLogger(__name__)


def parse_member(spec: str) -> tuple[str, Path]:
    label, sep, path = spec.partition("=")
    if not sep or not label or not path:
        raise argparse.ArgumentTypeError(f"--member must be LABEL=PATH, got {spec!r}")
    return label, Path(path)


def subsets(labels: list[str], max_size: int) -> list[tuple[str, ...]]:
    """Every non-empty subset of the labels up to `max_size` members, in label order."""
    return [c for size in range(1, min(max_size, len(labels)) + 1) for c in itertools.combinations(labels, size)]


def lineage(meta: dict[str, Any]) -> list[str]:
    """The commands that trained an artefact, first stage first (XE, earlier SCST runs, its own run)."""
    commands = []
    if meta.get("xe_stage", {}).get("command"):
        commands.append(meta["xe_stage"]["command"])
    commands += [s["command"] for s in meta.get("earlier_scst_stages", []) if s.get("command")]
    if meta.get("command"):
        commands.append(meta["command"])
    return commands


def provenance(label: str, path: Path, artefact: Any) -> dict[str, Any]:
    from extractors.vision.captioner.artefact import member_hashes

    meta = artefact.meta
    return {"label": label, "source": str(path), "source_sha256": file_sha256(path),
            "weights_sha256": member_hashes(artefact.members)[0], "decoder": artefact.kind,
            "seed": meta.get("seed"), "commands": lineage(meta),
            "train_minutes": meta.get("train_minutes"),
            "best_select_greedy_cider": meta.get("best_select_greedy_cider")}


class SelectionScorer:
    """Decodes the selection images with a choice of members and settings and scores them (CIDEr-D first)."""

    def __init__(self, members: dict[str, Any], vocab: Any, grid: Any, names: list[str], refs: dict, max_len: int):
        self.members, self.vocab, self.grid, self.names, self.refs = members, vocab, grid, names, refs
        self.max_len = max_len

    def score(self, chosen: tuple[str, ...], combine: str, beam: int, alpha: float, no_repeat: int,
              weights: list[float] | None = None) -> dict[str, Any]:
        from extractors.vision.captioner.search import DecoderEnsemble
        from research.evaluation.caption_metrics import caption_scores

        started = time.perf_counter()
        ensemble = DecoderEnsemble([self.members[label] for label in chosen], combine, weights)
        texts = decode_images(ensemble, self.grid, self.vocab, beam, alpha, self.max_len, no_repeat)
        seconds = time.perf_counter() - started
        scores = caption_scores(self.refs, dict(zip(self.names, texts, strict=True)))
        row = {"members": "+".join(chosen), "combine": combine, "weights": ensemble.weights, "beam": beam,
               "alpha": alpha,
               "no_repeat_ngram": no_repeat, "decode_seconds": round(seconds, 1),
               **{k: round(float(v), 4) for k, v in scores.items()}}
        log.info("%s", row)
        return row


def select(scorer: SelectionScorer, labels: list[str], args: argparse.Namespace) -> dict[str, Any]:
    rules = args.combine.split(",")
    by_subset = [scorer.score(s, rules[0], 1, 0.0, 0) for s in subsets(labels, args.max_members)]
    ranked = sorted(by_subset, key=lambda r: r["CIDEr-D"], reverse=True)
    by_rule = list(ranked[: args.top])
    for row in ranked[: args.top]:
        if "+" in row["members"]:  # one member: every rule is the member itself
            by_rule += [scorer.score(tuple(row["members"].split("+")), rule, 1, 0.0, 0) for rule in rules[1:]]
    best = max(by_rule, key=lambda r: r["CIDEr-D"])
    chosen, rule = tuple(best["members"].split("+")), best["combine"]
    by_weights = [best]
    if len(chosen) > 1:
        single = {r["members"]: r["CIDEr-D"] for r in by_subset if "+" not in r["members"]}
        lead = max(chosen, key=lambda label: single[label])
        for share in args.lead_weights:
            weights = [share if label == lead else (1 - share) / (len(chosen) - 1) for label in chosen]
            by_weights.append(scorer.score(chosen, rule, 1, 0.0, 0, weights))
    weights = max(by_weights, key=lambda r: r["CIDEr-D"]).get("weights")
    searches = [max(by_weights, key=lambda r: r["CIDEr-D"])]
    searches += [scorer.score(chosen, rule, beam, alpha, 3, weights) for beam in (2, 3) for alpha in args.alphas]
    winner = max(searches, key=lambda r: r["CIDEr-D"])
    return {"members": chosen, "combine": rule, "weights": winner.get("weights"), "winner": winner,
            "subset_selection": by_subset, "combine_selection": by_rule, "weight_selection": by_weights,
            "search_selection": searches}


def run(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from extractors.vision.captioner.artefact import load_artefact, save_artefact

    torch.set_num_threads(args.threads)
    loaded = {label: load_artefact(path) for label, path in args.member}
    first = next(iter(loaded.values()))
    for label, artefact in loaded.items():
        if artefact.vocab.words != first.vocab.words or artefact.backbone != first.backbone:
            raise SystemExit(f"member {label} has another vocabulary or backbone than the first member")
    members = {label: artefact.model for label, artefact in loaded.items()}  # single-decoder artefacts only
    data = read_flickr8k(args.data)["train"]
    grid_all = cached_grid([args.data / "images" / n for n in data.images], "flickr8k-train", first.backbone,
                           args.cache)
    _, names = split_selection(data.images, args.select_images)
    row_of = {n: i for i, n in enumerate(data.images)}
    grid = np.asarray(grid_all[[row_of[n] for n in names]])
    scorer = SelectionScorer(members, first.vocab, grid, names, {n: data.captions[n] for n in names},
                             args.max_words)
    started = time.perf_counter()
    result = select(scorer, list(loaded), args)
    winner = result["winner"]
    search = {"beam": winner["beam"], "alpha": winner["alpha"], "no_repeat_ngram": winner["no_repeat_ngram"],
              "max_len": args.max_words, "combine": result["combine"], "weights": result["weights"]}
    sources = dict(args.member)
    meta = {
        "command": "python -m research.training.ensemble_captioner " + " ".join(sys.argv[1:]),
        "decoder": first.kind, "config": first.model.config, "backbone": first.backbone,
        "ensemble": {"members": [provenance(label, sources[label], loaded[label]) for label in result["members"]],
                     "combine": result["combine"],
                     "combine_rule": "prob: mean of the members' next-token probabilities; logprob: renormalised "
                                     "mean of their log-probabilities",
                     "candidates": [provenance(label, sources[label], loaded[label]) for label in loaded
                                    if label not in result["members"]]},
        "data": {"captions_csv_sha256": file_sha256(args.data / "captions.csv"), "selection_images": len(names),
                 "selection_rule": "sha256(name) lowest --select-images of train"},
        "vocab_size": len(first.vocab), "search": search,
        "selection": {"criterion": "CIDEr-D on the selection images", "winner": winner,
                      "subsets": result["subset_selection"], "combine": result["combine_selection"],
                      "weights": result["weight_selection"],
                      "search": result["search_selection"],
                      "minutes": round((time.perf_counter() - started) / 60, 1)},
        "torch_threads": args.threads,
    }
    save_artefact(args.out, [members[label] for label in result["members"]], first.vocab, first.backbone, search,
                  meta)
    log.info("saved %s (%.1f MB): %s", args.out, args.out.stat().st_size / 1e6, winner)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member", type=parse_member, action="append", required=True,
                        help="LABEL=PATH of a trained single-decoder artefact (repeat)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/flickr8k"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--combine", default="prob,logprob", help="rules to try, the first for the subset stage")
    parser.add_argument("--max-members", type=int, default=3,
                        help="at most this many members (8 MB each in fp16; the budget is 30 MB)")
    parser.add_argument("--top", type=int, default=2, help="subsets whose combine rule is compared")
    parser.add_argument("--lead-weights", type=lambda s: [float(a) for a in s.split(",")], default=[0.6, 0.7, 0.8],
                        help="shares of the strongest member tried against equal weights")
    parser.add_argument("--alphas", type=lambda s: [float(a) for a in s.split(",")], default=[0.0, 0.7, 1.0])
    parser.add_argument("--max-words", type=int, default=20)
    parser.add_argument("--select-images", type=int, default=500)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    labels = [label for label, _ in args.member]
    if len(set(labels)) != len(labels):
        parser.error("member labels must be distinct")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
