"""How chat answers read (issue 11, "answers that summarise"), against a REAL embedded FalkorDB holding a small
demo-like feed: folder-style post ids, long captions, one caption-less photo, three topics and no dog. Posts are
listed by caption and date with the ids kept as citations; counts agree in number ("1 post"); a "top 5" over
three topics says only three exist; an empty answer says what was searched and what the graph holds instead."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.answer import count_of, plural, plural_form, post_label, render_share, short_caption, singular
from agent.chain import CypherAgent
from data.models import Post
from extractors.base import Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, TopicScore
from tests.support.agent_helpers import analyses_graph, scripted_agent
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture

LONG = ("50 years since Apollo 11 and we spent the whole afternoon at the Air and Space Museum looking at the "
        "lunar module")
# id, date, caption, topics, tags (name/kind), sentiment
FEED = [
    ("folder:2019/2019-07-20_apollo50.jpg", "2019-07-20", LONG, "space", "rocket/vehicle", "positive"),
    ("folder:2019/2019-05-02_meet-chelsea.jpg", "2019-05-02", "Meet Chelsea, the new boss of the house",
     "cat", "cat/animal", "positive"),
    ("folder:2020/2020-01-13_monday.jpg", "2020-01-13", "Monday mood.", "cat", "cat/animal", "negative"),
    ("folder:2021/2021-05-30_launch.jpg", "2021-05-30", "Watched a launch from Cocoa Beach", "space",
     "rocket/vehicle beach/scene", "positive"),
    ("folder:2022/2022-03-01_grandpas-coins.jpg", "2022-03-01", "", "", "coin/object", "neutral"),
    ("folder:2023/2023-06-06_berlin.jpg", "2023-06-06", "Sunday in Berlin", "berlin", "bicycle/vehicle", "neutral"),
]


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    items = []
    for pid, day, caption, topics, tags, sentiment in FEED:
        ex = Extraction(language="en")
        ex.sentiments["combined"] = SentimentVerdict(sentiment, {"positive": 0.6, "negative": -0.6}.get(sentiment, 0.0),
                                                     model="test")
        ex.topics = [TopicScore(t, 0.5) for t in topics.split()]
        ex.images[0] = ImageInfo(0, width=10, height=10, format="JPEG",
                                 tags=[ImageTag(*t.split("/"), 0.9) for t in tags.split()])
        created = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
        items.append(PostAnalysis(post=Post(id=pid, caption=caption, images=(f"/photos/{pid[-12:]}",),
                                            created_at=created, source="test"), extraction=ex))
    yield from analyses_graph(falkordb_home, "agent_wording_test", items, query_row_limit=100)


def agent_for(store: Any) -> CypherAgent:
    return scripted_agent(store, ["MATCH (p:Post) RETURN count(p) AS posts"] * 3, store.settings)


def test_listed_posts_show_caption_and_date_and_keep_ids_as_citations(store: Any) -> None:
    answer = agent_for(store).ask("Which posts are about space?")
    assert answer.route == "parser"
    ids = {"folder:2019/2019-07-20_apollo50.jpg", "folder:2021/2021-05-30_launch.jpg"}
    assert {r["post_id"] for r in answer.rows} == ids and set(answer.post_ids) == ids  # cards still cite them
    assert "folder:" not in answer.answer  # no raw ids in the text
    assert answer.answer.startswith("2 posts:\n- 2019-07-20: 50 years since Apollo 11")
    line = next(x for x in answer.answer.splitlines() if x.startswith("- 2019-07-20: "))
    caption = line.removeprefix("- 2019-07-20: ")
    assert caption.endswith("\u2026") and len(caption) <= 61 and LONG.startswith(caption[:-1])
    assert "- 2021-05-30: Watched a launch from Cocoa Beach" in answer.answer


def test_a_post_without_caption_or_generated_caption_shows_the_end_of_its_id(store: Any) -> None:
    answer = agent_for(store).ask("Which posts show a coin?")
    assert answer.route == "parser" and answer.post_ids == ["folder:2022/2022-03-01_grandpas-coins.jpg"]
    assert "- 2022-03-01: (no caption; post 2022-03-01_grandpas-coins.jpg)" in answer.answer
    assert answer.answer.startswith("1 post:")  # not "1 posts:"


def test_a_ranked_post_reads_as_the_other_listed_posts_do(store: Any) -> None:
    answer = agent_for(store).ask("what is my most negative post?")
    assert answer.route == "parser" and answer.post_ids == ["folder:2020/2020-01-13_monday.jpg"]
    # by date and caption like every other listed post, with its score; not "1 result:" and a bare caption
    assert answer.answer.startswith("1 post:\n- 2020-01-13: Monday mood.; score: -0.60\n"), answer.answer


def test_counts_agree_in_number(store: Any) -> None:
    answer = agent_for(store).ask("How many posts are about berlin?")
    assert answer.rows == [{"posts": 1}] and answer.answer.startswith("1 post.\n")
    answer = agent_for(store).ask("How many photos show a coin?")
    assert answer.rows[0] == {"photos": 1} and answer.answer.startswith("1 photo.\n")
    answer = agent_for(store).ask("How many posts are about cats?")
    assert answer.rows == [{"posts": 2}] and answer.answer.startswith("2 posts.\n")


def test_top_n_over_fewer_says_only_that_many_exist(store: Any) -> None:
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS topic, count(DISTINCT p) AS n "
                       "ORDER BY n DESC, topic")
    assert len(gold) == 3  # the premise: three topics
    answer = agent_for(store).ask("What are my 5 biggest topics?")
    assert answer.route == "parser" and [r["topic"] for r in answer.rows] == [g["topic"] for g in gold]
    assert answer.answer.startswith("You have only 3 topics; all 3, by posts (most first):")
    assert "- berlin: 1 post, 17% of 6 posts" in answer.answer  # singular "1 post"
    answer = agent_for(store).ask("What are my top 2 topics?")  # enough exist: the usual "N of M"
    assert answer.answer.startswith("The 2 of 3 topics with the most posts (2 posts each):")  # a tie is said


def test_an_empty_photo_search_says_what_the_photos_do_show(store: Any) -> None:
    answer = agent_for(store).ask("show me photos of a dog")
    assert answer.route == "parser" and answer.rows == [] and answer.error is None
    assert "No photo in your graph is tagged 'dog'" in answer.answer and "No results" not in answer.answer
    tags = store.query("MATCH (i:Image)-[:DEPICTS]->(t:Tag) RETURN t.name AS tag, count(DISTINCT i) AS n "
                       "ORDER BY n DESC, tag")
    shown = ", ".join(f"{t['tag']} ({t['n']}{' photos' if i == 0 else ''})" for i, t in enumerate(tags))
    assert f"In your graph, the photos show: {shown}." in answer.answer
    assert "(Understood as: posts showing a 'dog'.)" in answer.answer


def test_photo_listings_are_answered_with_the_posts_showing_it(store: Any) -> None:
    answer = agent_for(store).ask("show me my photos of cats")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'cat'}) RETURN p.id AS id")
    assert answer.route == "parser" and sorted(answer.post_ids) == sorted(g["id"] for g in gold)


def test_an_empty_combination_names_what_the_other_filters_hold(store: Any) -> None:
    answer = agent_for(store).ask("Which posts show a cat in 2021?")
    assert answer.route == "parser" and answer.rows == []
    assert answer.answer.startswith("No posts match that question.\n")
    assert "Among your posts (in 2021), the photos show: beach (1 photo), rocket (1)." in answer.answer
    answer = agent_for(store).ask("How many posts are about space in 2020?")
    assert answer.rows == [{"posts": 0}]
    assert "Among your posts (in 2020), the topics are: cat (1 post)." in answer.answer


def test_an_empty_year_says_which_years_hold_posts(store: Any) -> None:
    answer = agent_for(store).ask("Which posts are negative in 2030?")
    assert answer.route == "parser" and answer.rows == []
    assert ("Your posts are from: 2019 (2 posts), 2020 (1), 2021 (1), 2022 (1), 2023 (1)." in answer.answer)


def test_the_pluralisation_helper() -> None:
    assert [count_of(n, "posts") for n in (0, 1, 2, 2500)] == ["0 posts", "1 post", "2 posts", "2,500 posts"]
    assert count_of(1, "photos") == "1 photo" and count_of(1, "kinds of tag") == "1 kind of tag"
    assert singular("people") == "person" and singular("entities") == "entity" and singular("results") == "result"
    assert singular("analysis") == "analysis" and plural("topics", 1) == "topic" and plural("topics", 3) == "topics"
    assert plural_form("topic") == "topics" and plural_form("entity") == "entities" and plural_form("day") == "days"


def test_captions_are_cut_at_a_word_and_caption_less_posts_are_marked() -> None:
    assert short_caption("short one") == "short one"
    cut = short_caption(LONG)
    assert cut.endswith("\u2026") and len(cut) <= 61 and " " not in cut[-2:]
    assert post_label({"post_id": "x", "caption": "  two\nlines "}) == "two lines"
    assert post_label({"post_id": "a/b.jpg", "caption": ""}, {"a/b.jpg": "a dog"}) == \
        "(no caption; generated from the photo: \u201ca dog\u201d)"


def test_a_mostly_answer_with_one_supported_group_is_singular() -> None:
    rows = [{"topic": "work", "matching": 3, "posts": 4, "share_pct": 75.0}]
    text = render_share(rows, "topic", "negative", 3, groups=2, supported=1)
    assert text.startswith("1 topic with at least 3 posts is mostly negative (more than half of its posts):")
    assert "And 1 more topic with fewer than 3 posts is mostly negative too, but it has too few posts" in text
    text = render_share([], "entity", "negative", 1, groups=2, supported=0)
    assert text.startswith("No entity with at least 1 post is mostly negative. 2 entities with fewer posts")


def test_a_share_of_posts_reads_as_a_sentence(store: Any) -> None:
    """'What share of my posts are negative?' says "N of M posts (x%) are negative.", not a row dump."""
    for sentiment in ("negative", "positive"):
        counts = store.query(f"MATCH (p:Post) RETURN count(p) AS n, "
                             f"sum(CASE WHEN p.sentiment = '{sentiment}' THEN 1 ELSE 0 END) AS k")[0]
        answer = agent_for(store).ask(f"What share of my posts are {sentiment}?")
        assert answer.route == "parser", answer.answer
        k, n = int(counts["k"]), int(counts["n"])  # FalkorDB sums to a float
        share = f"{100 * k / n:.1f}"
        verb = "is" if k == 1 else "are"
        assert answer.answer.startswith(f"{k} of {n} posts ({share}%) {verb} {sentiment}."), \
            answer.answer
        assert "share pct" not in answer.answer


def test_counts_per_bucket_read_as_a_list(store: Any) -> None:
    """'How many posts per year?' lists "- 2019: 1 post" lines under "Posts per year:", not "year: 2019; posts: 1";
    a month of one year is named ('July')."""
    gold = store.query("MATCH (p:Post) RETURN p.year AS year, count(p) AS n ORDER BY year")
    answer = agent_for(store).ask("How many posts per year?")
    assert answer.route == "parser" and answer.answer.startswith("Posts per year:\n")
    for g in gold:
        assert f"- {g['year']}: {g['n']} post{'s' if g['n'] != 1 else ''}\n" in answer.answer
    assert "; posts:" not in answer.answer
    year = gold[0]["year"]
    months = store.query("MATCH (p:Post) WHERE p.year = $y RETURN p.month AS m, count(p) AS n ORDER BY m", {"y": year})
    answer = agent_for(store).ask(f"How many posts per month in {year}?")
    assert answer.route == "parser" and answer.answer.startswith("Posts per month:\n")
    import calendar
    for g in months:
        assert f"- {calendar.month_name[g['m']]}: {g['n']} post{'s' if g['n'] != 1 else ''}\n" in answer.answer
