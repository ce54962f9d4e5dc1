"""The scorer's share and yes/no tolerances (research/agent_eval/scoring.py): a share is one answer whether given as a
fraction or a percentage, and a yes/no question is judged by its truth value, whatever rows the gold and the agent
use to say it."""
from __future__ import annotations

import pytest

from research.agent_eval.scoring import results_match, yes_no_match


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
])
def test_a_share_is_a_fraction_or_a_percentage(gold: list, agent: list, same: bool) -> None:
    assert results_match(gold, agent) is same


@pytest.mark.parametrize("gold,agent,same", [
    ([{"answer": True}], [{"posts": 2}], True),   # a count of 2 is a yes (it had only matched when it was 1)
    ([{"answer": False}], [{"posts": 0}], True),
    ([{"answer": True}], [{"posts": 0}], False),
    ([{"caption": "a"}, {"caption": "b"}], [{"posts": 2}], True),  # posts listed by the gold: yes
    ([], [{"posts": 0}], True),
    ([], [{"post_id": "p1"}], False),
    ([{"n": 0}], [{"post_id": "p1", "caption": "x"}], False),
])
def test_a_yes_or_no_is_judged_by_its_truth(gold: list, agent: list, same: bool) -> None:
    assert yes_no_match(gold, agent) is same
