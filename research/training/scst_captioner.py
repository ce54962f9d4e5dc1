"""Self-critical sequence training of a trained caption decoder: `python -m research.training.scst_captioner`.

Starts from a trained artefact (the packaged one by default; a cross-entropy one, or an earlier SCST run to
continue) and maximises CIDEr-D directly (Rennie et al. 2017): for each training image draw `--samples` captions,
reward each by its CIDEr-D against the image's five references (idf from the TRAIN fit references only, see
`cider_reward`), and push up the log-probability of the samples that beat the mean of the image's other samples
(Luo 2020's baseline; no greedy decode needed).

Model selection is the XE trainer's: greedy CIDEr-D on the 500 held-out TRAIN "selection" images, checked every
`--eval-every` steps; beam width and length penalty are then chosen on the same images. Dev is never read.
"""
from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.datasets import file_sha256
from research.training.captioner_data import DEFAULT_CACHE, cached_grid, read_flickr8k
from research.training.cider_reward import CiderD, leave_one_out_advantages
from research.training.train_captioner import choose_search, decode_images, split_selection

log = logging.getLogger(__name__)


def sample_captions(model: Any, grid: Any, k: int, max_len: int, start: int, end: int,
                    banned: tuple[int, ...] = (), temperature: float = 1.0) -> tuple[Any, Any, Any]:
    """k sampled captions per image: (tokens (N*k, T) without <start>, summed log-prob (N*k,), ended (N*k,)).

    Rows are image-major (image i owns rows i*k .. i*k+k-1). After <end> a row is padded with <end> and adds
    nothing to its log-probability. Banned tokens (<unk>) get probability zero, as in beam search.
    `temperature` < 1 samples from (and returns log-probabilities of) the sharpened policy softmax(logits / T):
    its most likely caption is the model's own, and REINFORCE on it is exact for that policy.
    """
    import torch

    n = grid.size(0)
    memory = model.encode(grid)
    state = model.start_state(memory)
    memory, state = model.reorder(memory, state, torch.arange(n).repeat_interleave(k))
    tokens = torch.full((n * k, 1), start, dtype=torch.long)
    alive = torch.ones(n * k, dtype=torch.bool)
    total = torch.zeros(n * k)
    for _ in range(max_len):
        log_probs, state = model.step(memory, state, tokens)
        if temperature != 1.0:
            log_probs = (log_probs / temperature).log_softmax(-1)
        if banned:
            log_probs = log_probs.index_fill(1, torch.tensor(banned), float("-inf")).log_softmax(-1)
        with torch.no_grad():
            word = torch.multinomial(log_probs.exp(), 1).squeeze(1)
        word = torch.where(alive, word, torch.full_like(word, end))
        total = total + log_probs.gather(1, word.unsqueeze(1)).squeeze(1) * alive
        tokens = torch.cat([tokens, word.unsqueeze(1)], 1)
        alive = alive & (word != end)
        if not bool(alive.any()):
            break
    return tokens[:, 1:], total, ~alive


def words_of(vocab: Any, ids: list[int]) -> tuple[list[str], bool]:
    """Decoded words (specials and <unk> dropped) and whether the caption ended with <end>."""
    ended = vocab.end in ids
    return vocab.decode(ids).split(), ended


def scst_step(model: Any, optimizer: Any, grid: Any, refs: list[list], cider: CiderD, vocab: Any, k: int,
              max_len: int, temperature: float = 1.0) -> tuple[float, float]:
    """One update on a batch of images; returns (mean sample reward, mean sample length)."""
    import torch

    tokens, log_prob, _ = sample_captions(model, grid, k, max_len, vocab.start, vocab.end, (vocab.unk,), temperature)
    rewards, lengths = np.zeros((grid.size(0), k)), []
    for row, ids in enumerate(tokens.tolist()):
        words, ended = words_of(vocab, ids)
        rewards[row // k, row % k] = cider.score(words, refs[row // k], ended)
        lengths.append(len(words))
    advantage = torch.from_numpy(leave_one_out_advantages(rewards).reshape(-1)).float()
    loss = -(advantage * log_prob).mean()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    return float(rewards.mean()), float(np.mean(lengths))


# what a stage's own sidecar says about the run that made it, as opposed to about the packaged model
_STAGE_ONLY = ("dev_scores", "dev_scores_xe_stage", "search", "search_selection", "confidence_gate", "artefact_note")


def stage_lineage(init_meta: dict[str, Any]) -> dict[str, Any]:
    """The earlier stages of the artefact training starts from, for the new sidecar.

    From a cross-entropy artefact: {"xe_stage": its run}. From an SCST artefact (its sidecar has "scst"): its own
    XE stage stays "xe_stage" and the SCST runs before this one are listed in order under "earlier_scst_stages",
    each with its command, history, chosen step and (where it was scored) its dev scores, so a continued run does
    not nest the previous sidecar inside "xe_stage".
    """
    if "scst" not in init_meta:
        return {"xe_stage": {k: v for k, v in init_meta.items() if k not in _STAGE_ONLY}}
    earlier = list(init_meta.get("earlier_scst_stages", []))
    earlier.append({"command": init_meta.get("command"), "scst": init_meta["scst"],
                    "best_step": init_meta.get("best_step"),
                    "best_select_greedy_cider": init_meta.get("best_select_greedy_cider"),
                    "search": init_meta.get("search"), "search_selection": init_meta.get("search_selection"),
                    "dev_scores": init_meta.get("dev_scores")})
    return {"xe_stage": init_meta.get("xe_stage", {}), "earlier_scst_stages": earlier}


def train(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from extractors.vision.captioner.artefact import load_artefact, save_artefact
    from extractors.vision.captioner.vocab import tokenize
    from research.evaluation.caption_metrics import caption_scores

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    init = load_artefact(args.init)
    model, vocab = init.model, init.vocab
    data = read_flickr8k(args.data)["train"]
    grid_all = cached_grid([args.data / "images" / n for n in data.images], "flickr8k-train", init.backbone,
                           args.cache)
    row_of = {name: i for i, name in enumerate(data.images)}
    fit, select = split_selection(data.images, args.select_images)
    grid = torch.from_numpy(np.ascontiguousarray(grid_all))
    fit_refs = [[tokenize(c) for c in data.captions[name]] for name in fit]
    cider = CiderD(fit_refs)
    ref_vectors = [cider.references(refs) for refs in fit_refs]
    fit_rows = torch.tensor([row_of[name] for name in fit])
    select_grid = grid[[row_of[n] for n in select]]
    select_refs = {n: data.captions[n] for n in select}

    def evaluate() -> dict[str, float]:
        outputs = decode_images(model, select_grid, vocab, 1, 0.0, args.max_words, 0)
        model.train(args.keep_dropout)
        scores = caption_scores(select_refs, dict(zip(select, outputs, strict=True)))
        return {k: round(float(v), 4) for k, v in scores.items()}

    start_scores = evaluate()
    log.info("start: select greedy BLEU-4 %.4f CIDEr-D %.4f", start_scores["BLEU-4"], start_scores["CIDEr-D"])
    best, best_state = start_scores["CIDEr-D"], {k: v.detach().clone() for k, v in model.state_dict().items()}
    best_at = 0
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = random.Random(args.seed)
    history: list[dict[str, Any]] = [{"step": 0, "select_greedy": start_scores}]
    started, step, rewards, lengths = time.perf_counter(), 0, [], []
    model.train(args.keep_dropout)  # without dropout the sampled policy is the one decoding uses
    while time.perf_counter() - started < args.max_minutes * 60 and step < args.max_steps:
        order = list(range(len(fit)))
        rng.shuffle(order)
        for begin in range(0, len(order), args.batch_images):
            batch = order[begin : begin + args.batch_images]
            reward, length = scst_step(model, optimizer, grid[fit_rows[batch]].float(), [ref_vectors[i] for i in batch],
                                       cider, vocab, args.samples, args.max_words, args.temperature)
            rewards.append(reward)
            lengths.append(length)
            step += 1
            if step == 20:
                log.info("step time %.3fs", (time.perf_counter() - started) / 20)
            out_of_time = time.perf_counter() - started >= args.max_minutes * 60 or step >= args.max_steps
            if step % args.eval_every == 0 or out_of_time:
                scores = evaluate()
                history.append({"step": step, "minutes": round((time.perf_counter() - started) / 60, 1),
                                "sample_reward": round(float(np.mean(rewards)), 4),
                                "sample_words": round(float(np.mean(lengths)), 2), "select_greedy": scores})
                log.info("step %s reward %.3f words %.1f select greedy BLEU-4 %.4f CIDEr-D %.4f", step,
                         np.mean(rewards), np.mean(lengths), scores["BLEU-4"], scores["CIDEr-D"])
                rewards, lengths = [], []
                if scores["CIDEr-D"] > best:
                    best, best_at = scores["CIDEr-D"], step
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            if out_of_time:
                break
    minutes = round((time.perf_counter() - started) / 60, 1)
    model.load_state_dict(best_state)
    model.eval()
    search, search_scores = choose_search(model, select_grid, select, select_refs, vocab, args)
    meta = {
        "command": "python -m research.training.scst_captioner " + " ".join(sys.argv[1:]),
        "decoder": model.kind, "config": model.config, "backbone": init.backbone, "seed": args.seed,
        "data": {"captions_csv_sha256": file_sha256(args.data / "captions.csv"), "fit_images": len(fit),
                 "selection_images": len(select), "selection_rule": "sha256(name) lowest --select-images of train",
                 "cider_idf": "CIDEr-D document frequencies from the fit (train) references only"},
        "vocab_size": len(vocab), "best_select_greedy_cider": best, "best_step": best_at, "search": search,
        "search_selection": search_scores, "torch_threads": args.threads,
        "scst": {"history": history, "train_minutes": minutes, "steps": step, "lr": args.lr, "samples": args.samples,
                 "temperature": args.temperature, "dropout": args.keep_dropout,
                 "batch_images": args.batch_images, "baseline": "mean reward of the image's other samples",
                 "reward": "CIDEr-D (train idf) with <end> as a word"},
        **stage_lineage(init.meta),
        "init": {"path": str(args.init), "sha256": file_sha256(args.init),
                 "select_greedy": start_scores},
        "train_minutes": round(minutes + float(init.meta.get("train_minutes", 0.0)), 1),
    }
    save_artefact(args.out, model, vocab, init.backbone, search, meta)
    log.info("saved %s (%.1f MB)", args.out, args.out.stat().st_size / 1e6)
    return meta


def main(argv: list[str] | None = None) -> int:
    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--init", type=Path, default=DEFAULT_ARTEFACT,
                        help="artefact to start from: a cross-entropy one, or an SCST one to continue (its earlier "
                             "stages are kept in the new sidecar)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/flickr8k"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--max-minutes", type=float, default=50.0)
    parser.add_argument("--max-steps", type=int, default=10**9)
    parser.add_argument("--batch-images", type=int, default=16)
    parser.add_argument("--samples", type=int, default=5, help="sampled captions per image (>= 2)")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--temperature", type=float, default=0.5,
                        help="sample from softmax(logits / T): at 1 the label-smoothed XE model's samples score far "
                             "below its greedy caption, so the reward signal is mostly noise")
    parser.add_argument("--keep-dropout", action="store_true", help="sample with dropout on (train mode)")
    parser.add_argument("--eval-every", type=int, default=100, help="steps between selection-set checks")
    parser.add_argument("--max-words", type=int, default=20)
    parser.add_argument("--select-images", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.samples < 2:
        parser.error("--samples must be at least 2 (the baseline is the mean of the other samples)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
