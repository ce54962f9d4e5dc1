"""Ask the graph one question from the command line.

    python -m agent.ask "which topics are mostly negative?" [--json] [--show-cypher]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from agent.answer import QueryRunner, post_ids_in, post_line, read_posts
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
        agent = build_agent(store, settings=settings)
        result = agent.ask(args.question)
        cited = cited_posts(agent.graph.query, result.post_ids)
    except FeedLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an environment problem no check above foresaw: still a sentence, not a traceback
        logging.getLogger(__name__).info("details", exc_info=exc)
        print(f"error: {explain_os_error(exc)}", file=sys.stderr)
        return 2
    if args.json:
        keys = ("question", "cypher", "rows", "answer", "post_ids")
        out = {k: getattr(result, k) for k in keys} | {"posts": [{"id": pid, "shown_as": line} for pid, line in cited]}
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        if args.show_cypher and result.cypher:
            print(result.cypher, end="\n\n")
        print(result.answer)
        if cited:  # the rows' own posts, or (for a count or ranking) a few examples read by a follow-up query
            print("Posts:" if post_ids_in(result.rows) else f"Example posts ({len(cited)}):")
            print("\n".join(f"- {line}  [{pid}]" for pid, line in cited))
    return 1 if result.error else 0


def cited_posts(run: QueryRunner, post_ids: list[str]) -> list[tuple[str, str]]:
    """(id, "2023-01-09: caption") for each cited post, as the chat shows posts; the id stays as the citation. A
    post that cannot be read (any more) is shown by its id alone."""
    try:
        found = read_posts(run, post_ids)
    except FeedLensError as exc:
        logging.getLogger(__name__).info("cited posts not read: %s", exc)
        found = {}
    return [(pid, post_line(found[pid]) if pid in found else "(post not found)") for pid in post_ids]


if __name__ == "__main__":
    sys.exit(main())
