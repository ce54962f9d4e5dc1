"""Months pooled across years, retweets, and everyday wordings from the older suites' and the twenty-second round's
dev halves.

- "Which calendar month ..., counting all years together", "posts per calendar month": months pooled across the
  years (plan note buckets=calendar), not each year's months apart ("March 2021").
- "How many of my posts are retweets", "which posts are not retweets": posts whose text carries Twitter's "RT @"
  marker (PostFilter.retweet); retweets others made of my posts stay a thing no import records.
- "Who do I mention most" reads the people named (the accounts named too, as the other reading); "who did I @"
  the accounts.

Checked against a REAL embedded FalkorDB holding the agent fixture graph, two of whose captions are made retweets
here. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from research.agent_eval.fixture import analyses
from tests.support.agent_helpers import analyses_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture

RETWEETED = {"p02": "RT @sea_lover: Our dog loves the sea", "p09": "so true RT @barista: Coffee keeps me going"}
MINE = ["which calendar month have I posted the most in, all years together?",
        "number of posts per calendar month", "which month of the year do I post the least in",
        "which month do I post the least in?",
        "how many posts are retweets?", "list my posts that are not retweets", "how many of my retweets are positive",
        "how many times did I retweet someone else's post", "how many retweets did my posts get?",
        "how many of my posts were shared without a photo?", "how many of my posts were shared?",
        "who did i @?", "who do I mention the most often?", "show me the posts w sarah",
        "find the posts where i mention my buddy sarah", "did I mention Paris in any of my 2021 posts?",
        "how often does an urban scene show up in my pictures?", "what cities, such as paris or rome, do I mention?",
        "topics ranked by # photos", "which topics do I write about most, in order", "% negative?",
        "posts that don't tag another account", "how many posts did I write without tagging anybody?",
        "which month do I tend to post the most in, counting every year together?",
        "would you mind ranking my topics", "list the pictures taken at the beach where no person appears",
        "posts from before 2022", "any of them pre-2022?", "which posts date from 2021 or earlier?",
        "how many posts up to 2021?", "how many posts in the past 4 mo", "photos of a bike, car or other object",
        "how positive or negative are my beach posts on average?", "which two types of subject are most common",
        "how big a slice of what I've posted is positive?", "which posts are carrying the summer hashtag?",
        "could you check whether sarah came up in any of my 2022 posts?",
        "was Anna mentioned anywhere in what I posted in 2021?", "posts mentioning sarah", "how many are positive?",
        "how many posts mention sarah?",
        "how many photos of mine show cakd", "list the posts I shared without attaching a photo",
        "what was my posting count in 2021?", "can you also tell me how many of them turned out positive?",
        "of those, how many had a sad or gloomy tone?", "the mean overall sentiment score across my dog posts",
        "which accounts have I tagged with an @?", "count the posts whose caption is judged positive",
        "any cake photos?", "any posts written in german?", "any bird pics?", "any sad posts about travel?",
        "any posts mentioning rome that aren't negative?"]


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    items = [replace(item, post=replace(item.post, caption=RETWEETED[item.post.id]))
             if item.post.id in RETWEETED else item for item in analyses()]
    yield from analyses_graph(falkordb_home, "agent_calendar_test", items, pipeline="fixture", query_row_limit=100)


def ask(store: Any, question: str) -> Any:
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", (question, answer.answer)
    return answer


def test_months_pooled_across_years_when_the_question_says_so(store: Any) -> None:
    pooled = store.query("MATCH (p:Post) RETURN p.month AS month, count(p) AS posts ORDER BY month")
    assert len(pooled) == 12 and max(r["posts"] for r in pooled) > 1  # the premise
    answer = ask(store, "number of posts per calendar month")
    assert [(r["month"], r["posts"]) for r in answer.rows] == [(r["month"], r["posts"]) for r in pooled]
    assert "calendar months, all years together" in answer.answer
    most = max(pooled, key=lambda r: (r["posts"], -r["month"]))
    for question in ("which calendar month have I posted the most in, all years together?",
                     "which month do I tend to post the most in, counting every year together?"):
        answer = ask(store, question)
        assert [(r["month"], r["posts"]) for r in answer.rows][:1] == [(most["month"], most["posts"])], answer.rows
    least = ask(store, "which month of the year do I post the least in").rows[0]
    assert least["posts"] == min(r["posts"] for r in pooled) and "year" not in least
    # no cue: each year's months apart, as before
    apart = ask(store, "which month do I post the least in?").rows[0]
    assert "year" in apart, apart


def test_posts_that_are_retweets_are_read_from_the_rt_marker(store: Any) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post) WHERE p.caption CONTAINS 'RT @' RETURN p.id AS id")}
    assert gold == set(RETWEETED)  # the premise
    answer = ask(store, "how many posts are retweets?")
    assert answer.rows[0]["posts"] == 2 and "that are retweets ('RT @' in the text)" in answer.answer
    others = ask(store, "list my posts that are not retweets")
    total = store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"]
    assert len(others.rows) == total - 2 and not {r["post_id"] for r in others.rows} & gold
    positive = store.query("MATCH (p:Post) WHERE p.caption CONTAINS 'RT @' AND p.sentiment = 'positive' "
                           "RETURN count(p) AS n")[0]["n"]
    assert ask(store, "how many of my retweets are positive").rows[0]["posts"] == positive
    assert ask(store, "how many times did I retweet someone else's post").rows[0]["posts"] == 2
    # retweets others made of my posts: not recorded by any import
    engagement = parser_agent(store).ask("how many retweets did my posts get?")
    assert engagement.route != "parser" and "does not record" in engagement.answer, engagement.answer


def test_shared_without_a_photo_is_posting_not_engagement(store: Any) -> None:
    gold = store.query("MATCH (p:Post) WHERE NOT (p)-[:HAS_IMAGE]->(:Image) RETURN count(p) AS n")[0]["n"]
    assert ask(store, "how many of my posts were shared without a photo?").rows[0]["posts"] == gold
    shared = parser_agent(store).ask("how many of my posts were shared?")
    assert shared.route != "parser" and "does not record" in shared.answer


def test_who_did_i_at_lists_the_accounts(store: Any) -> None:
    accounts = {r["a"] for r in store.query("MATCH (:Post)-[:MENTIONS]->(e:Entity {label: 'MENTION'}) "
                                            "RETURN DISTINCT e.name AS a")}
    answer = ask(store, "who did i @?")
    assert {r["account"] for r in answer.rows} == accounts


def test_who_do_i_mention_most_ranks_people_and_names_the_accounts(store: Any) -> None:
    answer = ask(store, "who do I mention the most often?")
    top = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) RETURN e.name AS person, "
                      "count(DISTINCT p) AS posts ORDER BY posts DESC, person LIMIT 1")[0]
    assert (answer.rows[0]["person"], answer.rows[0]["posts"]) == (top["person"], top["posts"])
    assert "I am not sure you meant the people named: asked of the accounts you @mention" in answer.answer


@pytest.mark.parametrize("question", ["show me the posts w sarah", "find the posts where i mention my buddy sarah"])
def test_a_friend_and_texting_with_name_the_person(store: Any, question: str) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'sarah'}) RETURN p.id AS id")}
    assert gold and {r["post_id"] for r in ask(store, question).rows} == gold


def test_did_i_mention_a_name_in_any_post_of_a_year_is_a_yes_no(store: Any) -> None:
    answer = ask(store, "did I mention Paris in any of my 2021 posts?")
    gold = store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'paris'}) WHERE p.year = 2021 "
                       "RETURN count(DISTINCT p) AS n")[0]["n"]
    assert gold > 0 and answer.rows == [{"posts": gold}] and answer.answer.startswith("Yes"), answer.answer


def test_everyday_wordings_from_the_dev_halves(store: Any) -> None:
    city = store.query("MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'city'}) RETURN count(DISTINCT i) AS n")[0]["n"]
    assert ask(store, "how often does an urban scene show up in my pictures?").rows[0]["photos"] == city
    places = ask(store, "what cities, such as paris or rome, do I mention?")
    assert {"paris", "rome"} <= {next(iter(r.values())) for r in places.rows}, places.rows
    photos = ask(store, "topics ranked by # photos")
    assert photos.rows and "by count" in photos.answer
    topics = ask(store, "which topics do I write about most, in order")
    counts = [r["posts"] for r in topics.rows]
    assert counts == sorted(counts, reverse=True) and len(counts) > 1
    negative = store.query("MATCH (p:Post) RETURN 100.0 * sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END)"
                           " / count(p) AS pct")[0]["pct"]
    share = ask(store, "% negative?")
    assert abs(share.rows[0]["share_pct"] - negative) < 0.01, share.rows
    no_account = store.query("MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'}) "
                             "RETURN count(p) AS n")[0]["n"]
    assert ask(store, "how many posts did I write without tagging anybody?").rows[0]["posts"] == no_account
    assert len(ask(store, "posts that don't tag another account").rows) == no_account


def _count(store: Any, cypher: str) -> int:
    return store.query(cypher)[0]["n"]


def test_dates_said_another_way(store: Any) -> None:
    before_2022 = {r["id"] for r in store.query("MATCH (p:Post) WHERE p.year < 2022 RETURN p.id AS id")}
    assert {r["post_id"] for r in ask(store, "posts from before 2022").rows} == before_2022
    until_2021 = {r["post_id"] for r in ask(store, "which posts date from 2021 or earlier?").rows}
    assert until_2021 == before_2022
    assert ask(store, "how many posts up to 2021?").rows[0]["posts"] == len(before_2022)  # not the posts of 2021
    # "4 mo": the last 4 calendar months up to the newest post's month, as "the past 4 months" is read
    newest = store.query("MATCH (p:Post) RETURN max(p.created_at) AS d")[0]["d"]
    year, month = int(newest[:4]), int(newest[5:7]) - 3
    start = f"{year - (month < 1)}-{(month - 1) % 12 + 1:02d}"
    in_window = _count(store, f"MATCH (p:Post) WHERE p.created_at >= '{start}' RETURN count(p) AS n")
    assert ask(store, "how many posts in the past 4 mo").rows == [{"posts": in_window}]
    assert ask(store, "how many posts in the past 4 mo").rows == ask(store, "how many posts in the past 4 months").rows


def test_a_photo_where_something_does_not_appear(store: Any) -> None:
    gold = {r["id"] for r in store.query(
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'beach'}) "
        "WHERE NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) RETURN DISTINCT p.id AS id")}
    answer = ask(store, "list the pictures taken at the beach where no person appears")
    assert gold and {r["post_id"] for r in answer.rows} == gold, answer.answer


def test_kinds_slices_and_averages_said_another_way(store: Any) -> None:
    objects = _count(store, "MATCH (i:Image)-[:DEPICTS]->(:Tag {kind: 'object'}) RETURN count(DISTINCT i) AS n")
    assert len(ask(store, "photos of a bike, car or other object").rows) == objects
    beach = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN avg(p.sentiment_score) AS n")[0]["n"]
    average = ask(store, "how positive or negative are my beach posts on average?").rows[0]
    assert abs(next(v for v in average.values() if isinstance(v, float)) - beach) < 0.01, average
    kinds = ask(store, "which two types of subject are most common")
    assert len(kinds.rows) == 2 and "kind" in kinds.rows[0], kinds.rows
    positive = _count(store, "MATCH (p:Post) WHERE p.sentiment = 'positive' RETURN count(p) AS n")
    assert ask(store, "how big a slice of what I've posted is positive?").rows[0]["matching"] == positive
    summer = {r["id"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'}) "
                                            "RETURN p.id AS id")}
    assert summer and {r["post_id"] for r in ask(store, "which posts are carrying the summer hashtag?").rows} == summer


@pytest.mark.parametrize(("question", "name", "year"), [
    ("could you check whether sarah came up in any of my 2022 posts?", "sarah", 2022),
    ("was Anna mentioned anywhere in what I posted in 2021?", "anna", 2021)])
def test_whether_a_name_came_up_in_a_year_is_a_yes_no(store: Any, question: str, name: str, year: int) -> None:
    gold = _count(store, f"MATCH (p:Post)-[:MENTIONS]->(:Entity {{name: '{name}'}}) WHERE p.year = {year} "
                         "RETURN count(DISTINCT p) AS n")
    answer = ask(store, question)
    assert answer.rows == [{"posts": gold}] and answer.answer.startswith("Yes" if gold else "No"), answer.answer


def test_how_many_are_after_a_listing_counts_among_the_listed(store: Any) -> None:
    """'posts mentioning sarah' then 'how many are positive?': among Sarah's posts; after a count ('how many posts
    mention sarah?' then 'how many are about ...') a new value still replaces the old, as before."""
    agent = parser_agent(store)
    agent.ask("posts mentioning sarah")
    narrowed = agent.ask("how many are positive?")
    gold = _count(store, "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'sarah'}) WHERE p.sentiment = 'positive' "
                         "RETURN count(DISTINCT p) AS n")
    assert narrowed.route == "parser" and narrowed.rows == [{"posts": gold}], narrowed.answer
    ranked = ask(store, "would you mind ranking my topics")
    assert ranked.rows and list(ranked.rows[0])[:1] == ["topic"], ranked.rows


def test_a_short_misspelt_name_gets_a_did_you_mean(store: Any) -> None:
    answer = ask(store, "how many photos of mine show cakd")
    assert "did you mean" in answer.answer and "'cake'" in answer.answer, answer.answer


def test_wordings_from_the_twenty_fourth_dev_half(store: Any) -> None:
    no_photo = {r["id"] for r in store.query("MATCH (p:Post) WHERE NOT (p)-[:HAS_IMAGE]->(:Image) RETURN p.id AS id")}
    assert no_photo and {r["post_id"] for r in ask(store, "list the posts I shared without attaching a photo").rows} \
        == no_photo
    agent = parser_agent(store)
    first = agent.ask("what was my posting count in 2021?")
    total = _count(store, "MATCH (p:Post) WHERE p.year = 2021 RETURN count(p) AS n")
    assert first.route == "parser" and first.rows == [{"posts": total}], first.answer
    positive = agent.ask("can you also tell me how many of them turned out positive?")
    gold = _count(store, "MATCH (p:Post) WHERE p.year = 2021 AND p.sentiment = 'positive' RETURN count(p) AS n")
    assert positive.route == "parser" and positive.rows == [{"posts": gold}], positive.answer
    gloomy = agent.ask("of those, how many had a sad or gloomy tone?")
    gold = _count(store, "MATCH (p:Post) WHERE p.year = 2021 AND p.sentiment = 'negative' RETURN count(p) AS n")
    assert gloomy.route == "parser" and gloomy.rows == [{"posts": gold}], gloomy.answer
    dogs = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'dog'}) RETURN avg(p.sentiment_score) AS n")[0]["n"]
    mean = ask(store, "the mean overall sentiment score across my dog posts").rows[0]
    assert abs(next(v for v in mean.values() if isinstance(v, float)) - dogs) < 0.01, mean
    accounts = {r["a"] for r in store.query("MATCH (:Post)-[:MENTIONS]->(e:Entity {label: 'MENTION'}) "
                                            "RETURN DISTINCT e.name AS a")}
    assert {r["account"] for r in ask(store, "which accounts have I tagged with an @?").rows} == accounts
    judged = _count(store, "MATCH (p:Post) WHERE p.caption_sentiment = 'positive' RETURN count(p) AS n")
    assert ask(store, "count the posts whose caption is judged positive").rows[0]["posts"] == judged


@pytest.mark.parametrize(("question", "gold"), [
    ("any cake photos?", "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) RETURN count(DISTINCT i) AS n"),
    ("any posts written in german?", "MATCH (p:Post) WHERE p.language = 'de' RETURN count(p) AS n"),
    ("any bird pics?", "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'bird'}) RETURN count(DISTINCT i) AS n")])
def test_a_bare_any_question_about_a_thing_is_a_yes_no(store: Any, question: str, gold: str) -> None:
    answer = ask(store, question)
    n = _count(store, gold)
    assert [list(r.values()) for r in answer.rows] == [[n]] and answer.answer.startswith("Yes" if n else "No"), \
        answer.answer


@pytest.mark.parametrize(("question", "gold"), [
    ("any sad posts about travel?",
     "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.sentiment = 'negative' RETURN p.id AS id"),
    ("any posts mentioning rome that aren't negative?",
     "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'rome'}) WHERE p.sentiment <> 'negative' RETURN p.id AS id")])
def test_any_with_a_verdict_or_a_denial_lists_the_posts(store: Any, question: str, gold: str) -> None:
    ids = {r["id"] for r in store.query(gold)}
    answer = ask(store, question)
    assert ids and {r["post_id"] for r in answer.rows} == ids, answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    assert not {q.lower() for q in MINE} & suite_phrasings()
