"""Evaluation command line: `python -m research.evaluate SUB-COMMAND ...`.

Each sub-command lives in its own module under research/evaluation/ and exposes `add_arguments(parser)`,
`run(args) -> int` and a one-line module docstring; register it in SUBCOMMANDS. Modules are imported only
when their sub-command runs, so `--help` stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

SUBCOMMANDS = {
    "caption": "research.evaluation.caption_eval",  # caption sentiment backends on MVSA / TweetEval / SentiCap
    "compare": "research.evaluation.compare",  # caption-only vs image-only vs caption+image (MVSA, SentiCap)
    "entities": "research.evaluation.entity_eval",  # entity cleaning: precision/recall on hand labels
    "language": "research.evaluation.language_eval",  # caption language: English read as other languages
    "topics": "research.evaluation.topic_eval",  # collection topics on MVSA: counts, coverage, NPMI, largest
    "captions": "research.evaluation.captioning",  # image captioners on Flickr8k: BLEU-1..4, CIDEr-D, METEOR
    "caption-confidence": "research.evaluation.caption_confidence",  # captioner confidence vs CIDEr-D; the gate
    "caption-consensus": "research.evaluation.caption_consensus",  # consensus reranking of caption candidates
    "caption-familiarity": "research.evaluation.caption_familiarity",  # the captioner's checks on judged photos
    "tag-judgements": "research.evaluation.tag_judgements",  # image tag precision by threshold on judged photos
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m research.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        summary = (module.__doc__ or name).strip().split("\n")[0]
        sub = commands.add_parser(name, help=summary, description=summary)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
