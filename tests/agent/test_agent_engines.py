"""The agent's question suites on both engines, each holding the agent fixture graph: every gold query gives the
same answer on the embedded FalkorDB and on Neo4j, and the question parser answers the dev suite and the family
suite equally well on both (the LLM is a scripted fake here; the real model's accuracy is research/agent_eval's job)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.queries.ranking_cut import unlimited
from research.agent_eval.scoring import matches_at_tie, results_match
from tests.support.agent_helpers import fixture_graph, neo4j_fixture_graph, scripted_agent

pytestmark = pytest.mark.neo4j

SUITES = Path(__file__).resolve().parents[2] / "research" / "agent_eval"


def _suite(name: str) -> list[dict]:
    return [json.loads(line) for line in (SUITES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


DEV = _suite("dev")
# every phrasing of the family suite (dev and held-out halves alike: this compares engines, it tunes nothing)
FAMILY_ITEMS = [{"id": f"{fam['family']}#{i}", "question": q, "cypher": fam["cypher"], "ordered": fam.get("ordered")}
                for fam in _suite("families") for i, q in enumerate(fam["questions"])]
ITEMS = DEV + _suite("demo") + _suite("mvsa")
# a gold query whose top row is a tie that float sums break differently per engine (docs/engines.md)
TIES = {"a07"}


@pytest.fixture(scope="module")
def stores(falkordb_home: Path, neo4j_endpoint: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    falkor = fixture_graph(falkordb_home, "agent_engines_test", query_row_limit=100)
    neo = neo4j_fixture_graph(neo4j_endpoint, tmp_path_factory.mktemp("agent_engines"), query_row_limit=100)
    yield {"falkordb": next(falkor), "neo4j": next(neo)}
    for gen in (falkor, neo):
        gen.close()  # runs the generators' clean-up


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item["id"])
def test_gold_answers_agree_across_engines(stores: dict, item: dict) -> None:
    falkor, neo = (store.query(item["cypher"]) for store in stores.values())
    same = results_match(falkor, neo, bool(item.get("ordered")))
    if item["id"] in TIES:
        assert not same and len(falkor) == len(neo) == 1, "the tie no longer differs: update docs/engines.md"
    else:
        assert same


def _parser_outcome(store: Any, items: list[dict]) -> dict[str, bool]:
    agent = scripted_agent(store, ["MATCH (p:Post) RETURN count(p) AS posts"] * (len(items) + 10), store.settings)
    results = {}
    for item in items:
        if not item.get("follow_up_of"):
            agent.memory.clear()
        answer = agent.ask(item["question"])
        if answer.route == "parser":
            ordered = bool(item.get("ordered"))
            right = answer.error is None and results_match(store.query(item["cypher"]), answer.rows, ordered)
            cut = None if right or answer.error is not None else unlimited(item["cypher"])
            if cut is not None:  # a ranking cut inside a tie: any tied row is as right (as the evaluator scores)
                right = matches_at_tie(store.query(cut[0]), cut[1], answer.rows, ordered)
            results[item["id"]] = right
    return results


def test_parser_route_is_as_accurate_on_both_engines(stores: dict) -> None:
    outcome = {engine: _parser_outcome(store, DEV) for engine, store in stores.items()}
    assert outcome["falkordb"].keys() == outcome["neo4j"].keys()  # the same questions take the parser route
    assert len(outcome["neo4j"]) >= len(DEV) // 2
    wrong = {engine: sorted(k for k, ok in results.items() if not ok) for engine, results in outcome.items()}
    # a08's gold counts image-tag pairs (count(i)) where the question asks for photos; the parser counts
    # DISTINCT photos: a known miss of the suite (docs/eval_agent.md), the same on both engines. m02 ("Who do I
    # mention in posts about the beach?", gold: PERSON names) was read as the @mentioned accounts from the @mentions
    # families on; "mention" now reads the people named first (agent/slots/mentions.py), so it is answered right
    assert wrong["neo4j"] == wrong["falkordb"] and set(wrong["neo4j"]) <= {"a08"}, wrong


def test_family_suite_parser_answers_agree_across_engines(stores: dict) -> None:
    items = [item for item in FAMILY_ITEMS if "follow" not in item["id"]]
    outcome = {engine: _parser_outcome(store, items) for engine, store in stores.items()}
    assert outcome["falkordb"].keys() == outcome["neo4j"].keys()
    assert len(outcome["neo4j"]) >= len(items) * 3 // 4  # most phrasings take the parser route
    wrong = {engine: sorted(k for k, ok in results.items() if not ok) for engine, results in outcome.items()}
    assert wrong["neo4j"] == wrong["falkordb"], wrong
    assert len(wrong["neo4j"]) <= len(outcome["neo4j"]) // 20, wrong  # the parser's own accuracy, on either engine


@pytest.mark.parametrize("question", ["how many of my posts have a photo with neither a cat nor a dog?",
                                      "how many posts did I make from October 2021 to March 2022?",
                                      "list the posts about music or cycling",
                                      "how many photos show a cat or a dog?",
                                      "how many posts show a dog at the beach?",
                                      "which animals appear most in my photos?",
                                      "which topics have nothing but positive posts?",
                                      "number of posts per calendar month", "list my posts that are not retweets",
                                      "list posts that name both sarah and max", "number of posts per season",
                                      "what share of my posts with a sad photo have a sad caption?",
                                      "how many posts have a caption scoring below -0.2",
                                      "how many posts in the last 7 months?", "how many dog photos per year?",
                                      "in 2022 which months had no posts at all?",
                                      "which did I use more, #hiking or #travel?",
                                      "how many posts did I make at weekends?",
                                      "what share of my sad posts were on Sundays?",
                                      "which day of the week do I post the most on?",
                                      "how many posts did I make on 25 December?",
                                      "which topics do my beach posts also have?",
                                      "what part of my posts have a caption I wrote?",
                                      "my three posts that name the most people",
                                      "which photos have the most tags on them?",
                                      "in how many distinct months did I post about travel?",
                                      "which topics come up in at least 2 different years?",
                                      "in what year did I first post about travel?",
                                      "which 4 posts have the biggest gap between caption mood and photo mood?",
                                      "which photo tags never turn up in a negative post?",
                                      "what were my 3 longest breaks from posting?",
                                      "did I post more at weekends or on weekdays?",
                                      "is there a day of the week I never post on?",
                                      "what % of my posts are from the summer months?",
                                      "what share of my cycling posts are from 2021?",
                                      "on average how many posts do I make a year?",
                                      "the lowest and highest score of my beach posts",
                                      "percent negative: beach vs cycling",
                                      "which topics have an average score under 0.2?",
                                      "what share of my posts have no hashtag?",
                                      "mean number of tags per pic",
                                      "on average how many people does a post name?"])
def test_newer_plan_fragments_answer_alike_on_both_engines(stores: dict, question: str) -> None:
    """Several denied values (graph/queries/posts.py ALSO_DENIED), a span of months across a new year, and values
    any one of which will do (PostFilter.any_of, count_images_where's `either`), and things one photo shows together
    (PostFilter.same_photo), the tags of one kind ranked (templates.rank_groups' of_kind), groups all of whose posts
    have one verdict (templates.only_one_sentiment), months pooled across years, posts that are not retweets
    (PostFilter.retweet), names a post has all of (PostFilter.all_of), seasons (templates.SEASON_KEY), one
    side's verdict counted within the other's, a window counted back day for day from the newest post, photos
    counted per year (aggregates.count_images_where's `per`), the months of a year with no post
    (aggregates.time_buckets_empty), two hashtags compared, and posts by the day of the week of their timestamp
    (posts.WEEKDAY_OF_POST: floor, toInteger and % must agree), filtered on and grouped by (templates.WEEKDAY_KEY),
    a day of the month (posts.CONDITIONS 'day': substring counts from 0 on both), the other groups of posts that name
    one (templates._only's `besides`), the share of posts with a caption (aggregates.SHARE_PROPERTIES) and posts ranked
    by their number of names or tags, ties at the cut kept (aggregates.posts_ranked_by_group_count: collect keeps the
    order on both), the number of years or months of the posts, named (aggregates.count_time_buckets: lists as
    buckets, ordered), groups counted in years (aggregates.groups_by_count's per_year) and the first year holding such
    a post (aggregates.time_buckets_by_date), posts ranked by how far apart their caption's and photo's scores are
    (templates.caption_photo_gap: abs and the id tie-break agree), groups none of whose posts has one verdict
    (templates.never_one_sentiment), the gaps from one post to the next (aggregates.posting_pauses: collect keeps
    the order), days of the week compared and those with no post (aggregates.posts_on_days_compared,
    time_buckets_empty), the share of posts made in some months or a year (aggregates.SHARE_PROPERTIES) and the
    posts per year over the years spanned (aggregates.posting_activity: the division agrees to four decimals), the
    range of scores (aggregates.score_range), named groups' shares side by side (aggregates.rank_by_share's `only`),
    groups whose average passes a bar (templates.average_score's `bar`) and the share of posts lacking something
    (aggregates.ABSENT_PARTS), and the mean number of tags per pic or names per post
    (aggregates.average_group_count)."""
    answers = {engine: scripted_agent(store, ["MATCH (p:Post) RETURN count(p) AS posts"] * 3, store.settings)
               .ask(question) for engine, store in stores.items()}
    assert all(a.route == "parser" and a.error is None for a in answers.values()), answers
    assert answers["falkordb"].rows == answers["neo4j"].rows and answers["neo4j"].rows, answers
