"""Write the Neo4j Browser guide: one favourite file per exploration (import them in Browser: Favorites, then
Import, and pick the .cypher files) and a README with the list. Run `python -m graph.browser_guide` after
changing graph/queries/browser_guide.py; a test checks the committed files match.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from graph.queries.browser_guide import EXAMPLES, EXPLORATIONS, Exploration
from graph.queries.literals import cypher_literal

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "docs" / "neo4j_browser"


def favourite(exploration: Exploration) -> str:
    """A favourite's text: its name as the first comment line (Browser names it so), the `:param` lines for the
    values it needs (example values, to edit), then the query."""
    names = sorted(set(re.findall(r"\$(\w+)", exploration.cypher)))
    params = [f":param {name} => {cypher_literal(EXAMPLES[name])};" for name in names]
    return "\n".join([f"// {exploration.title}", f"// {exploration.why}", *params, exploration.cypher]) + "\n"


def readme() -> str:
    lines = ["# FeedLens in Neo4j Browser", "",
             ("Ten explorations of a FeedLens graph, as Neo4j Browser favourites. In Browser, open Favorites (the "
              "star), choose Import, and pick the `.cypher` files of this folder; each appears under its title. "
              "Run one, edit its `:param` line to look at another topic, post or tag. They only read."), "",
             ("The app's Graph page links to a post's or a topic's neighbourhood in your Browser "
              "(set `FEEDLENS_NEO4J_BROWSER_URL` when Browser is not at port 7474 of the `NEO4J_URI` host)."), "",
             "| file | exploration | what it shows |", "|---|---|---|"]
    lines += [f"| [{e.slug}.cypher]({e.slug}.cypher) | {e.title} | {e.why} |" for e in EXPLORATIONS]
    lines += ["", ("![A topic's posts with their photos and sentiments in Neo4j Browser]"
                  "(../screenshots/neo4j_browser.png)")]
    return "\n".join(lines) + "\n"


def guide_files() -> dict[str, str]:
    return {"README.md": readme(), **{f"{e.slug}.cypher": favourite(e) for e in EXPLORATIONS}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.browser_guide", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in guide_files().items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(guide_files())} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
