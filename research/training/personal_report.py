"""Markdown report of a personal captioner run: held-out scores of the default and the personal model, examples."""
from __future__ import annotations

import argparse
import html
from typing import Any


def render(meta: dict[str, Any], rows: list[tuple[Any, str, str]], args: argparse.Namespace) -> str:
    metrics = ["BLEU-1", "BLEU-2", "BLEU-3", "BLEU-4", "CIDEr-D"]
    scores = meta["held_out_scores"]
    lines = [
        "# Personal captioner: fine-tuned on a user's own captioned photos",
        "",
        f"`{meta['command']}`",
        "",
        (f"Source: {meta['source']}. {meta['pairs']} usable (photo, own caption) pairs (skipped: "
        f"{', '.join(f'{v} {k}' for k, v in meta['skipped'].items())}); {meta['fit']} trained on, "
        f"{meta['held_out']} held out ({meta['held_out_rule']}) and never trained on. Captions were cleaned of "
        f"links, @mentions, 'RT' and '#'. {meta['oov_rate_fit_words']:.1%} of the training caption words are "
        "outside the default vocabulary (<unk>, never generated). Decoder fine-tuned for "
        f"{meta['epochs']} epochs at lr {meta['lr']} ({meta['seconds']} s, one CPU thread); losses {meta['losses']}."),
        "",
        "Scores on the held-out posts against the user's own caption (one reference, simple tokenisation):",
        "",
        "| model | " + " | ".join(metrics) + " |",
        "|---|" + "---|" * len(metrics),
        *[f"| {name} | " + " | ".join(f"{scores[name][m]:.3f}" for m in metrics) + " |"
          for name in ("default", "personal")],
        "",
        ("Caveat: one reference per photo, and post text is often not a description of the photo at all (tweets "
        "comment, joke or link), so absolute numbers are far below Flickr8k's; what matters is the change."),
        "",
        "| post | own caption | default | personal |",
        "|---|---|---|---|",
    ]
    for pair, before, after in rows:
        lines.append(f"| {html.escape(pair.post_id)} | {html.escape(pair.caption)} | {html.escape(before)} | "
                     f"{html.escape(after)} |")
    return "\n".join(lines) + "\n"
