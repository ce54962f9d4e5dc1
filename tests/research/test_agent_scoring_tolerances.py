"""The scorer's share and yes/no tolerances (research/agent_eval/scoring.py): a share is one answer whether given as a
fraction or a percentage, and a yes/no question is judged by its truth value, whatever rows the gold and the agent
use to say it; a count of posts asked tersely may be answered by listing exactly that many posts; a gold that
rounds to one decimal is matched at one decimal."""
from __future__ import annotations

import pytest

from research.agent_eval.scoring import count_as_listing, results_match, yes_no_match


@pytest.mark.parametrize("gold,agent,same", [
    ([{"share": 3 / 7}], [{"matching": 3, "posts": 7, "share_pct": 42.86}], True),
    ([{"pct": 42.857}], [{"share": 0.4286}], True),
    ([{"share": 3 / 7}], [{"matching": 3, "posts": 7, "share_pct": 42.0}], False),
    ([{"share": 0.5}], [{"posts": 50}], True),  # the number 50 is there; a bare count of 50 reads the same
    ([{"share": 1.5}], [{"share_pct": 150.0}], False),  # not a share: no other form is tried
    ([{"posts": 3}, {"posts": 4}], [{"posts": 300}, {"posts": 400}], False),
    ([{"posts": 5}], [{"posts": 500}], False),  # a count is not a share: a wrong '500 posts' stays wrong
    ([{"n": 0.25}], [{"share_pct": 25.0}], True),  # a fraction, whatever its column is called
    ([{"n": 25}], [{"share_pct": 0.25}], False),
    # a share beside its counts: the counts must match too
    ([{"negative": 3, "total": 7, "share": 3 / 7}], [{"matching": 3, "posts": 7, "share_pct": 42.86}], True),
    ([{"negative": 3, "total": 7, "share": 3 / 7}], [{"matching": 4, "posts": 7, "share_pct": 42.86}], False),
    ([{"animal": 16, "photos": 200, "share": 0.08}], [{"matching": 16, "photos": 200, "share_pct": 8.0}], True),
    ([{"a": 16, "b": 200}], [{"a": 1600, "b": 200}], False),  # no share in the row: nothing said another way
    ([{"a": 0.5, "b": 0.25}], [{"a": 50.0, "b": 0.25}], False),  # two fractions: which is the share is unclear
])
def test_a_share_is_a_fraction_or_a_percentage(gold: list, agent: list, same: bool) -> None:
    assert results_match(gold, agent) is same


@pytest.mark.parametrize("gold,agent,same", [
    ([{"negative": 3, "total": 7, "pct": 42.9}], [{"matching": 3, "posts": 7, "share_pct": 42.86}], True),
    ([{"negative": 3, "total": 7, "pct": 42.9}], [{"matching": 3, "posts": 7, "share_pct": 42.96}], False),
    ([{"negative": 3, "total": 7, "pct": 42.9}], [{"matching": 4, "posts": 7, "share_pct": 42.86}], False),
    ([{"t": "quiz", "n": 5, "of": 9, "pct": 55.6}, {"t": "fans", "n": 3, "of": 5, "pct": 60.0}],
     [{"t": "quiz", "n": 5, "of": 9, "pct": 55.56}, {"t": "fans", "n": 3, "of": 5, "pct": 60.0}], True),
    ([{"avg": 0.35}], [{"avg": 0.349}], True),  # two decimals, as before
    ([{"avg": 0.35}], [{"avg": 0.3}], False),  # a gold at two decimals is not matched at one
    ([{"avg": 0.3}], [{"avg": 0.34}], True),  # a gold at one decimal is matched at one
    # a ranking by share, the gold in fractions and the agent in percentages
    ([{"t": "teeth", "share": 1.0}, {"t": "quiz", "share": 0.556}],
     [{"t": "teeth", "share_pct": 100.0}, {"t": "quiz", "share_pct": 55.56}], True),
    ([{"t": "teeth", "share": 1.0}, {"t": "quiz", "share": 0.556}],
     [{"t": "teeth", "share_pct": 100.0}, {"t": "quiz", "share_pct": 50.0}], False),
    ([{"t": "a", "n": 1}, {"t": "b", "n": 0}], [{"t": "a", "n": 100}, {"t": "b", "n": 0}], False),  # not a share
])
def test_a_gold_rounded_to_one_decimal(gold: list, agent: list, same: bool) -> None:
    assert results_match(gold, agent) is same


@pytest.mark.parametrize("gold,agent,same", [
    ([{"answer": True}], [{"posts": 2}], True),   # a count of 2 is a yes (it had only matched when it was 1)
    ([{"answer": False}], [{"posts": 0}], True),
    ([{"answer": True}], [{"posts": 0}], False),
    ([{"caption": "a"}, {"caption": "b"}], [{"posts": 2}], True),  # posts listed by the gold: yes
    ([], [{"posts": 0}], True),
    ([], [{"post_id": "p1"}], False),
    ([{"n": 0}], [{"post_id": "p1", "caption": "x"}], False),
    # a gold that gives its truth beside a count (added after the thirty-third round's dev half, disclosed)
    ([{"answer": False, "posts": 0}], [{"posts": 0}], True),
    ([{"answer": False, "posts": 0.0}], [{"posts": 1}], False),
    ([{"answer": True, "posts": 3}], [{"posts": 3}], True),
])
def test_a_yes_or_no_is_judged_by_its_truth(gold: list, agent: list, same: bool) -> None:
    assert yes_no_match(gold, agent) is same


LISTED = [{"post_id": f"p{i}", "caption": "x", "created_at": "2024-01-01"} for i in range(6)]


@pytest.mark.parametrize("gold,agent,same", [
    ([{"posts": 6}], LISTED, True),
    ([{"count(p)": 6}], LISTED, True),
    ([{"posts": 5}], LISTED, False),  # one post too many
    ([{"posts": 6}], LISTED[:5] + LISTED[:1], False),  # a post listed twice is not six posts
    ([{"photos": 6}], LISTED, False),  # a count of photos: their posts may hold several
    ([{"share": 6}], LISTED, False),
    ([{"posts": 6.0}], LISTED, False),  # a float is an average or a sum, not a count
    ([{"posts": True}], LISTED, False),
    ([{"post_id": f"p{i}"} for i in range(6)], [{"posts": 6}], False),  # a count never stands for a listing
    ([{"posts": 6}], [{"caption": "x"}] * 6, False),  # rows without post ids are not posts listed
])
def test_a_terse_count_answered_by_listing_that_many_posts(gold: list, agent: list, same: bool) -> None:
    assert count_as_listing(gold, agent) is same
