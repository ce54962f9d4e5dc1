"""Ask the graph one question from the command line.

    python -m agent.ask "which topics are mostly negative?" [--json] [--show-cypher]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from core.errors import FeedLensError
from core.home import check_home, explain_os_error
from core.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.ask", description="Ask your FeedLens graph a question.")
    parser.add_argument("question")
    parser.add_argument("--json", action="store_true", help="print {question, cypher, rows, answer, post_ids}")
    parser.add_argument("--show-cypher", action="store_true", help="print the Cypher that was run")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        from agent.chain import build_agent
        from graph.connect import open_store

        settings = get_settings()
        if settings.backend == "falkordb":  # the embedded database locks and writes inside the home
            check_home(settings.home)
        store = open_store(settings)
        result = build_agent(store, settings=settings).ask(args.question)
    except FeedLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an environment problem no check above foresaw: still a sentence, not a traceback
        logging.getLogger(__name__).info("details", exc_info=exc)
        print(f"error: {explain_os_error(exc)}", file=sys.stderr)
        return 2
    if args.json:
        keys = ("question", "cypher", "rows", "answer", "post_ids")
        print(json.dumps({k: getattr(result, k) for k in keys}, ensure_ascii=False, indent=2, default=str))
    else:
        if args.show_cypher and result.cypher:
            print(result.cypher, end="\n\n")
        print(result.answer)
        if result.post_ids:
            print(f"Posts: {', '.join(result.post_ids)}")
    return 1 if result.error else 0


if __name__ == "__main__":
    sys.exit(main())
