"""The parser route (agent/parser.py, slots/, plan_compile.py) against a REAL embedded FalkorDB holding
the agent fixture graph: parsed questions give the right rows without calling the LLM, questions with words no
slot understands fall through to the (faked) LLM, write requests are still refused, and follow-ups change the
previous plan. (Most cases here were written for the regex intents this parser replaced.)"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.chain import REFUSAL, CypherAgent
from extractors.base import TopicScore
from research.agent_eval.fixture import load_fixture
from tests.support.agent_helpers import LLM_COUNT, fingerprint, fixture_graph, scripted_agent
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_intent_test", query_row_limit=100)


def agent_for(store: Any, replies: list[str] | None = None) -> CypherAgent:
    return scripted_agent(store, replies or [LLM_COUNT] * 3, store.settings)


def rows_of(store: Any, cypher: str) -> Counter:
    return Counter(tuple(sorted(r.items())) for r in store.query(cypher))


def values(answer: Any, column: str) -> list[Any]:
    return [row[column] for row in answer.rows]


# question -> hand-written gold Cypher over the fixture (same columns the template returns)
CASES = {
    "How many posts do I have overall?": "MATCH (p:Post) RETURN count(p) AS posts",
    "How many neutral posts are there?": "MATCH (p:Post) WHERE p.sentiment = 'neutral' RETURN count(p) AS posts",
    "How many posts have a positive caption?":
        "MATCH (p:Post) WHERE p.caption_sentiment = 'positive' RETURN count(p) AS posts",
    "Give me the sentiment breakdown of my posts.":
        "MATCH (p:Post) RETURN p.sentiment AS sentiment, count(p) AS posts",
    "How many posts mention Sarah?":
        "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'sarah'}) RETURN count(DISTINCT p) AS posts",
    "How many posts are about health?":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'health'}) RETURN count(DISTINCT p) AS posts",
    "How many negative posts show a laptop?":
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'laptop'}) WHERE p.sentiment = 'negative' "
        "RETURN count(DISTINCT p) AS posts",
    "How many photos show a guitar?":
        "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'guitar'}) RETURN count(DISTINCT i) AS images",
    "How many posts did I publish in 2022?": "MATCH (p:Post) WHERE p.year = 2022 RETURN count(p) AS posts",
    "How many posts in February 2021?":
        "MATCH (p:Post) WHERE p.year = 2021 AND p.month = 2 RETURN count(p) AS posts",
    "How many posts lack a topic?": "MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic) RETURN count(p) AS posts",
    "How many posts have no mention?":
        "MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'}) RETURN count(p) AS posts",
    "What is the average sentiment score of posts about cycling?":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) RETURN avg(p.sentiment_score) AS avg_score",
    "How many posts per year?": "MATCH (p:Post) RETURN p.year AS year, count(p) AS posts",
}


@pytest.mark.parametrize("question", list(CASES))
def test_template_counts_equal_hand_written_cypher(store: Any, question: str) -> None:
    answer = agent_for(store).ask(question)
    assert answer.route == "parser" and answer.attempts == 0, answer
    assert answer.error is None
    got = Counter(tuple(sorted(zip(range(len(r)), [round(v, 4) if isinstance(v, float) else v for v in r.values()])))
                  for r in answer.rows)
    gold = Counter(tuple(sorted(zip(range(len(r)), [round(v, 4) if isinstance(v, float) else v for v in r.values()])))
                   for r in store.query(CASES[question]))
    assert got == gold
    assert not agent_for(store).fake_llm.seen  # type: ignore[attr-defined]


def test_post_lists_cite_posts(store: Any) -> None:
    answer = agent_for(store).ask("Show me the posts that mention Max.")
    assert answer.route == "parser" and sorted(answer.post_ids) == ["p01", "p24", "p35"]
    answer = agent_for(store).ask("Which posts use the hashtag #nature?")
    assert answer.post_ids == ["p23"]
    answer = agent_for(store).ask("List my posts about cycling.")
    assert sorted(answer.post_ids) == ["p12", "p13", "p34"]
    answer = agent_for(store).ask("Which of my posts depict a bird?")
    assert answer.post_ids == ["p23"]


def test_count_answers_cite_the_counted_posts(store: Any) -> None:
    answer = agent_for(store).ask("How many posts are about work?")
    assert answer.rows == [{"posts": 3}] and sorted(answer.post_ids) == ["p08", "p09", "p21"]


def test_rankings_and_shares(store: Any) -> None:
    answer = agent_for(store).ask("What are my three most common topics?")
    assert values(answer, "topic") == ["travel", "beach", "holiday"] and answer.route == "parser"
    answer = agent_for(store).ask("Which hashtags do I use most?")
    assert values(answer, "posts")[:2] == [2, 2]
    answer = agent_for(store).ask("Which topics are mostly negative?")
    assert set(values(answer, "topic")) == {"commute", "health", "work"}  # weather is 1 of 2
    answer = agent_for(store).ask("What is the average sentiment per topic?")
    assert len(answer.rows) == len(store.query("MATCH (t:Topic) RETURN t.name AS t"))


def test_mostly_negative_summarises_with_a_stated_minimum_support(store: Any) -> None:
    """The headline question: the rows hold every mostly-negative topic (well-supported first, with the share),
    the answer lists only topics with enough posts and counts the rest instead of dumping them."""
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS topic, count(DISTINCT p) AS posts, "
                       "count(DISTINCT CASE WHEN p.sentiment = 'negative' THEN p END) AS neg "
                       "WHERE neg * 2 > posts RETURN topic, neg, posts")
    for min_posts in (1, 2, 3):
        agent = scripted_agent(store, [LLM_COUNT], store.settings, min_support_posts=min_posts)
        answer = agent.ask("Which topics are mostly negative?")
        assert answer.route == "parser" and {r["topic"] for r in answer.rows} == {g["topic"] for g in gold}
        strong = sorted((g for g in gold if g["posts"] >= min_posts), key=lambda g: (-g["neg"] / g["posts"], -g["neg"],
                                                                                     g["topic"]))
        weak = len(gold) - len(strong)
        assert [r["topic"] for r in answer.rows[: len(strong)]] == [g["topic"] for g in strong]  # supported first
        if strong:
            assert answer.answer.startswith(f"{len(strong)} topic{'s' if len(strong) > 1 else ''} with at least "
                                            f"{min_posts} post{'s' if min_posts > 1 else ''}")
            for g in strong:
                share = round(100 * g["neg"] / g["posts"])
                assert f"- {g['topic']}: {g['neg']} of {g['posts']} posts negative ({share}%)" in answer.answer
        else:
            assert answer.answer.startswith(f"No topic with at least {min_posts} post")
        assert (f"{weak} more topic" in answer.answer or f"{weak} topic" in answer.answer) if weak else \
            "fewer than" not in answer.answer


def test_time_superlatives_and_extremes(store: Any) -> None:
    answer = agent_for(store).ask("Show the two most positive posts.")
    assert len(answer.rows) == 2 and all(r["score"] == 0.7 for r in answer.rows)
    answer = agent_for(store).ask("What was my earliest post?")
    assert values(answer, "post_id") == ["p01"]
    answer = agent_for(store).ask("Show my three newest posts.")
    assert values(answer, "post_id") == ["p36", "p35", "p34"]
    answer = agent_for(store).ask("Show posts from July 2020.")
    assert sorted(answer.post_ids) == ["p03", "p04"]


def test_a_per_month_average_is_answered_per_month_or_left_to_the_llm(store: Any) -> None:
    """The template rules used to answer this with the three most negative posts, dropping "month" and "average".
    "Which month" without a year is read as a month of a year (May 2023), or as a calendar month across years."""
    answer = agent_for(store).ask("Which month had my gloomiest posts on average?")
    if answer.route == "parser":
        by_year_month = store.query("MATCH (p:Post) RETURN p.year AS year, p.month AS month, "
                                    "avg(p.sentiment_score) AS s ORDER BY s LIMIT 1")
        by_month = store.query("MATCH (p:Post) RETURN p.month AS month, avg(p.sentiment_score) AS s "
                               "ORDER BY s LIMIT 1")
        row = answer.rows[0]  # several months tie at the lowest average in the fixture: compare the average
        assert round(row["avg_score"], 4) == round((by_year_month if "year" in row else by_month)[0]["s"], 4)
        assert "average" in answer.answer and "more tie" in answer.answer
    else:  # or leave it to the LLM, whose scripted reply is then what ran
        assert answer.route == "llm" and answer.rows == store.query(LLM_COUNT)


def test_disagreement_and_negation(store: Any) -> None:
    answer = agent_for(store).ask("Show posts where caption and image sentiment differ.")
    gold = store.query("MATCH (p:Post) WHERE p.caption_sentiment <> p.image_sentiment RETURN p.id AS id")
    assert sorted(answer.post_ids) == sorted(r["id"] for r in gold)
    answer = agent_for(store).ask("List the posts without an image.")
    assert sorted(answer.post_ids) == ["p17", "p19", "p33"]
    answer = agent_for(store).ask("Which posts about cycling do not show a bicycle?")
    assert answer.route == "parser" and answer.rows == []


@pytest.mark.parametrize("question", [
    "How many posts have more than one photo?",      # comparison: no template
    "Which posts mention Rome, Paris?",             # two values for one slot, no word joining them
    "What is the ratio of happy to sad posts?",     # words no template explains
    "Which posts were written in Klingon?",          # no such language slot value
    "Show posts published after lunch.",            # not a date the time slots read
])
def test_unclear_questions_fall_through_to_the_llm(store: Any, question: str) -> None:
    agent = agent_for(store)
    answer = agent.ask(question)
    assert answer.route == "llm" and answer.attempts >= 1
    assert agent.fake_llm.seen  # type: ignore[attr-defined]


@pytest.mark.parametrize("question", ["Delete all posts about work", "remove the negative posts",
                                      "How many posts? Also run: MATCH (p:Post) SET p.sentiment = 'positive'"])
def test_write_requests_are_still_refused(store: Any, question: str) -> None:
    before = fingerprint(store)
    answer = agent_for(store, ["MATCH (n) DETACH DELETE n"] * 3).ask(question)
    assert answer.answer == REFUSAL and answer.route == "llm" and not answer.rows
    assert fingerprint(store) == before


def test_follow_up_reuses_the_previous_intent(store: Any) -> None:
    agent = agent_for(store)
    first = agent.ask("Show my posts about beach.")
    assert first.route == "parser" and len(first.rows) == 6
    negative = agent.ask("And the negative ones?")
    assert negative.route == "parser" and sorted(negative.post_ids) == ["p25", "p36"] or \
        all(r["post_id"] in first.post_ids for r in negative.rows)
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) WHERE p.sentiment = 'negative' "
                       "RETURN p.id AS id")
    assert sorted(negative.post_ids) == sorted(r["id"] for r in gold)
    year = agent.ask("What about 2022?")
    assert year.route == "parser"
    assert sorted(year.post_ids) == sorted(
        r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) WHERE p.year = 2022 "
                                     "AND p.sentiment = 'negative' RETURN p.id AS id"))
    agent.memory.clear()
    assert agent.ask("And the negative ones?").route == "llm"  # nothing to follow up on


def test_no_eval_question_is_written_into_the_intent_rules() -> None:
    rule_files = [REPO / "agent" / "parser.py", REPO / "agent" / "wording.py", REPO / "agent" / "preamble.py",
                  REPO / "agent" / "plan_compile.py",
                  *sorted((REPO / "agent" / "slots").glob("*.py"))]
    source = "".join(path.read_text(encoding="utf-8").lower() for path in rule_files)
    suites = sorted((REPO / "research" / "agent_eval").glob("*.jsonl"))
    assert suites, "no question suites found"
    for path in suites:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            for question in item.get("questions") or [item["question"]]:
                for text in question if isinstance(question, list) else [question]:
                    text = text.lower()
                    if len(text.split()) < 3:  # a bare follow-up ("in 2021?") is a fragment, not a question
                        continue
                    # whole words only: a terse "how many pos?" is not the start of "how many posts"
                    for said in {text, text.rstrip("?.")}:
                        assert not re.search(r"(?<![\w'])" + re.escape(said) + r"(?![\w'])", source), text


def test_counting_distinct_groups_and_per_group_counts(store: Any) -> None:
    answer = agent_for(store).ask("How many unique topics do my posts have?")
    assert answer.route == "parser" and answer.rows == [{"topics": 22}]
    answer = agent_for(store).ask("Which kinds of things appear, with how many photos per kind?")
    # "kinds of things ... how many ... per kind" is one grouped count; the parser may leave it to the LLM
    assert (answer.route == "parser" and len(answer.rows) == 5) or answer.route == "llm"


def test_different_alone_is_not_a_caption_image_disagreement(store: Any) -> None:
    answer = agent_for(store).ask("How many different hashtags are there?")
    assert "caption_sentiment" not in answer.cypher


SLOTS = {
    "Which posts are written in German?": "MATCH (p:Post) WHERE p.language = 'de' RETURN p.id AS id",
    "How many posts did I publish before 2022?": "MATCH (p:Post) WHERE p.year < 2022 RETURN count(p) AS n",
    "How many posts since 2022?": "MATCH (p:Post) WHERE p.year >= 2022 RETURN count(p) AS n",
    "Which posts have a caption containing the word paris?":
        "MATCH (p:Post) WHERE toLower(p.caption) CONTAINS 'paris' RETURN p.id AS id",
    "How many posts in December across all years?": "MATCH (p:Post) WHERE p.month = 12 RETURN count(p) AS n",
}


@pytest.mark.parametrize("question", list(SLOTS))
def test_language_year_range_caption_words_and_month_of_any_year(store: Any, question: str) -> None:
    answer = agent_for(store).ask(question)
    gold = store.query(SLOTS[question])
    assert answer.route == "parser", question
    if "id" in gold[0]:
        assert sorted(r["post_id"] for r in answer.rows) == sorted(r["id"] for r in gold)
    else:
        assert list(answer.rows[0].values()) == list(gold[0].values())
    assert "Understood as" in answer.answer


def test_a_tag_name_after_show_is_a_tag(store: Any) -> None:
    # 'person' is both a Tag name and a Tag.kind in the fixture: "show a person" names the tag
    answer = agent_for(store).ask("Which positive posts show a person?")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) "
                       "WHERE p.sentiment = 'positive' RETURN DISTINCT p.id AS id")
    assert answer.route == "parser" and sorted(answer.post_ids) == sorted(r["id"] for r in gold)


# Questions the template rules answered confidently wrong: a cue word the firing rule ignored ("not", "least",
# "average") or a ranking word taken for a value ("biggest", when a topic of that name exists). The parser must
# answer them right (each negation is a slot's polarity), checked against hand-written gold.
NEGATED = {
    "Which posts are not about the beach?":
        "MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS id",
    "How many posts do not mention Anna?":
        "MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN count(p) AS n",
    "Show posts that never mention Max.":
        "MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {name: 'max'}) RETURN p.id AS id",
    "How many posts are not neutral?": "MATCH (p:Post) WHERE p.sentiment <> 'neutral' RETURN count(p) AS n",
    "Which posts have no image?": "MATCH (p:Post) WHERE NOT (p)-[:HAS_IMAGE]->(:Image) RETURN p.id AS id",
}


@pytest.mark.parametrize("question", list(NEGATED))
def test_negations_are_answered_with_their_polarity(store: Any, question: str) -> None:
    answer = agent_for(store).ask(question)
    gold = store.query(NEGATED[question])
    assert answer.route == "parser", question
    if "id" in gold[0]:
        assert sorted(r["post_id"] for r in answer.rows) == sorted(r["id"] for r in gold)
    else:
        assert list(answer.rows[0].values()) == list(gold[0].values())
    assert " not " in answer.answer or "without" in answer.answer  # the answer says how it read the question


def test_least_and_fewest_rank_from_the_bottom_and_say_when_others_tie(store: Any) -> None:
    answer = agent_for(store).ask("What is my least common topic?")
    assert answer.route == "parser" and answer.rows[0]["posts"] == 1
    ones = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t, count(p) AS n WHERE n = 1 RETURN count(t) AS k")
    assert f"{ones[0]['k'] - 1} more tie" in answer.answer  # eight topics have one post: not a single answer
    answer = agent_for(store).ask("Which tag appears in the fewest photos?")
    assert answer.route == "parser" and answer.rows[0]["images"] == 1
    answer = agent_for(store).ask("Which hashtags do I use least?")
    assert answer.route == "parser" and [r["posts"] for r in answer.rows] == sorted(r["posts"] for r in answer.rows)


def test_a_size_word_ranks_even_where_a_topic_has_its_name(falkordb_home: Path) -> None:  # noqa: F811
    from graph.falkordb_store import FalkorDBStore
    from graph.writer import write_analyses
    from research.agent_eval.fixture import analyses

    store = FalkorDBStore(graph_settings(falkordb_home, graph_name="agent_biggest_test", query_row_limit=100))
    try:
        load_fixture(store)
        items = analyses()
        items[0].extraction.topics.append(TopicScore("biggest", 0.5))  # a topic called 'biggest' exists
        write_analyses(store, items[:1], pipeline="fixture")
        answer = agent_for(store).ask("What are my 10 biggest topics?")
        gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS topic, count(DISTINCT p) AS posts "
                           "ORDER BY posts DESC, topic LIMIT 10")
        assert answer.route == "parser" and answer.rows == gold
        assert "biggest" not in answer.cypher
        answer = agent_for(store).ask("How many posts are about biggest?")  # in a topic slot it is the topic
        assert answer.route == "parser" and answer.rows[0]["posts"] == 1
    finally:
        store.clear()
        store.close()


def test_answers_summarise_rankings_and_cut_lists(store: Any) -> None:
    answer = agent_for(store).ask("What are my top 3 topics?")
    assert answer.answer.startswith("The 3 of 22 topics with the most posts:")
    assert "- travel: 7 posts, 19% of 36 posts" in answer.answer
    answer = agent_for(store).ask("Which posts are not about dogs?")
    assert answer.answer.startswith("33 posts, showing 15 of 33:") and len(answer.rows) == 33
    assert "(Understood as: posts not about 'dog'.)" in answer.answer
    assert answer.post_ids and all(p in {r["post_id"] for r in answer.rows} for p in answer.post_ids)
    answer = agent_for(store).ask("Which topics are mostly negative?")
    assert "with at least 3 posts" in answer.answer and "too few posts" in answer.answer


def test_had_the_highest_average_is_a_score_ranking_but_has_the_most_positive_posts_counts(store: Any) -> None:
    answer = agent_for(store).ask("Which topic had the highest average sentiment score?")
    assert answer.route == "parser" and "avg_score" in answer.rows[0]
    answer = agent_for(store).ask("Which topic has the most positive posts?")
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.sentiment = 'positive' "
                       "RETURN t.name AS topic, count(DISTINCT p) AS n ORDER BY n DESC, topic LIMIT 1")
    assert answer.route == "parser" and answer.rows[0]["topic"] == gold[0]["topic"]


def test_mostly_question_with_no_such_group_says_so(store: Any) -> None:
    """When no topic or tag is mostly of a sentiment the answer says that (with the rule), not a bare "No topics
    match that question." (the empty-rows branch used to catch the headline question before its own wording)."""
    empty = []
    for group, label in (("topics", "Topic"), ("tags", "Tag")):
        rel = "ABOUT" if label == "Topic" else "HAS_IMAGE]->(:Image)-[:DEPICTS"
        for sentiment in ("positive", "neutral", "negative"):
            gold = store.query(f"MATCH (p:Post)-[:{rel}]->(t:{label}) WITH t, count(DISTINCT p) AS posts, "
                               f"count(DISTINCT CASE WHEN p.sentiment = '{sentiment}' THEN p END) AS hits "
                               "WHERE hits * 2 > posts RETURN count(t) AS n")[0]["n"]
            if gold == 0:
                answer = agent_for(store).ask(f"Which {group} are mostly {sentiment}?")
                assert answer.route == "parser"
                assert answer.answer.startswith(f"No {group[:-1]} is mostly {sentiment}: none has more than half"), \
                    answer.answer
                empty.append((group, sentiment))
    assert empty, "the fixture should hold at least one sentiment no topic or tag is mostly of"


MENTION_RANKING = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'MENTION'}) "
                   "RETURN e.name AS account, count(DISTINCT p) AS posts")
PERSON_RANKING = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                  "RETURN e.name AS person, count(DISTINCT p) AS posts")


@pytest.mark.parametrize("question", ["who do I tag the most", "Who do I shout out most?", "who do I @mention most?",
                                      "My top @mentions", "What are my most mentioned accounts?",
                                      "which handles do I tag most often?"])
def test_who_do_i_mention_ranks_the_at_mentioned_accounts(store: Any, question: str) -> None:
    """@mentions are their own entities (label MENTION): 'who do I mention / tag' ranks them, not PERSON names;
    'who' may mean the people named, so the answer says how it was read, that it is not sure, and names the people
    named in the most posts too (the fixture holds both). 'Who ... most' asks for the top one: the answer gives the
    first account and says which others tie with it."""
    answer = agent_for(store).ask(question)
    assert answer.route == "parser", answer
    ranking = rows_of(store, MENTION_RANKING)
    if question.lower().startswith("who"):
        ranked = sorted((dict(r) for r in ranking.elements()), key=lambda r: (-r["posts"], r["account"]))
        assert answer.rows == [ranked[0]], answer.answer
        tied = [r["account"] for r in ranked[1:] if r["posts"] == ranked[0]["posts"]]
        every_one_tied = f"None of your {len(ranked)} accounts is in more than one post" in answer.answer
        assert not tied or every_one_tied or (f"{len(tied)} more tie" in answer.answer
                                              and all(t in answer.answer for t in tied)), answer.answer
    else:
        assert ranking == Counter(tuple(sorted(r.items())) for r in answer.rows)
    assert "accounts you @mention" in answer.answer
    top_person = min(rows_of(store, PERSON_RANKING).elements(),
                     key=lambda row: (-dict(row)["posts"], dict(row)["person"]))
    if question.lower().startswith("who"):
        assert "I am not sure you meant @accounts" in answer.answer, answer.answer
        assert f"{dict(top_person)['person']} ({dict(top_person)['posts']} posts)" in answer.answer, answer.answer
    else:  # "my top @mentions", "which handles": no doubt to state
        assert "not sure" not in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["Which people come up most?", "Which names come up most in my posts?",
                                      "Which people do I mention most?"])
def test_people_and_names_rank_person_entities(store: Any, question: str) -> None:
    answer = agent_for(store).ask(question)
    assert answer.route == "parser", answer
    gold = store.query(PERSON_RANKING + " ORDER BY posts DESC, person LIMIT 10")
    assert answer.rows == gold


def test_who_reads_people_when_no_account_is_mentioned(store: Any) -> None:
    """With no @mentions in the graph, 'who do I mention' can only mean the people named in captions."""
    from agent.parser import parse
    from agent.vocab import GraphFacts

    facts = GraphFacts({"Entity": {"anna": ["PERSON"], "berlin": ["GPE"]}})
    plan = parse("Who do I mention most?", facts)
    assert plan is not None and plan.subject == "person" and "reading=who=person" in plan.notes
    facts = GraphFacts({"Entity": {"anna": ["PERSON"], "luca": ["MENTION"]}})
    plan = parse("Who do I tag most?", facts)
    assert plan is not None and plan.subject == "mention" and plan.direction == "desc" and plan.singular  # the top one
    plan = parse("Who do I mention most?", facts)  # 'mention' is mostly said of people: them first
    assert plan is not None and plan.subject == "person" and "reading=who=people" in plan.notes
    facts = GraphFacts({"Entity": {"luca": ["MENTION"], "berlin": ["GPE"]}})
    plan = parse("Who do I mention most?", facts)  # nobody named: the accounts
    assert plan is not None and plan.subject == "mention" and "reading=who=mention" in plan.notes


def test_who_do_i_mention_ranks_the_people_named_and_names_the_accounts_too(store: Any) -> None:
    """'Who do I mention most?' gives the person named in the most captions (what 'mention' mostly means), says so,
    and, as 'mention' may mean the @accounts, says it is not sure and names the accounts in the most posts too."""
    answer = agent_for(store).ask("Who do I mention most?")
    assert answer.route == "parser", answer
    people = sorted((dict(r) for r in rows_of(store, PERSON_RANKING).elements()),
                    key=lambda r: (-r["posts"], r["person"]))
    assert answer.rows == people[:1] and people[0]["posts"] > people[1]["posts"], answer.answer
    assert "read as the people named in your captions, not the accounts you @mention" in answer.answer
    accounts = sorted(store.query(MENTION_RANKING), key=lambda r: (-r["posts"], r["account"]))
    assert accounts and "I am not sure you meant the people named" in answer.answer, answer.answer
    assert f"{accounts[0]['account']} ({accounts[0]['posts']} post" in answer.answer, answer.answer
