"""The ensemble captioner's selection logic (which members, which combine rule, which search), without models."""
from __future__ import annotations

import argparse

import pytest

from research.training.ensemble_captioner import lineage, parse_member, select, subsets


class FakeScorer:
    """CIDEr-D from a table: members+rule -> greedy score; beam settings add a fixed bonus."""

    def __init__(self, greedy: dict[tuple[str, str], float], bonus: dict[tuple[int, float], float]) -> None:
        self.greedy, self.bonus, self.calls = greedy, bonus, []

    def score(self, chosen, combine, beam, alpha, no_repeat, weights=None):
        self.calls.append(("+".join(chosen), combine, beam, alpha, tuple(weights or ())))
        value = self.greedy[("+".join(chosen), combine)] + self.bonus.get((beam, alpha), 0.0)
        value += self.bonus.get(tuple(weights or ()), 0.0)
        return {"members": "+".join(chosen), "combine": combine, "weights": weights, "beam": beam, "alpha": alpha,
                "no_repeat_ngram": no_repeat, "CIDEr-D": value}


def test_subsets_respect_the_member_budget() -> None:
    assert subsets(["a", "b", "c"], 2) == [("a",), ("b",), ("c",), ("a", "b"), ("a", "c"), ("b", "c")]
    assert len(subsets(["a", "b", "c", "d"], 3)) == 14


def test_selection_picks_members_then_rule_then_search_by_selection_cider() -> None:
    greedy = {("a", "prob"): 0.50, ("b", "prob"): 0.55, ("a+b", "prob"): 0.56, ("a+b", "logprob"): 0.58}
    lead_07 = (1 - 0.7, 0.7)  # b is the stronger single member: it gets the lead share
    scorer = FakeScorer(greedy, {(3, 0.7): 0.01, (2, 0.0): -0.02, lead_07: 0.005, (1 - 0.6, 0.6): -0.01})
    args = argparse.Namespace(combine="prob,logprob", max_members=2, top=2, alphas=[0.0, 0.7], lead_weights=[0.6, 0.7])
    result = select(scorer, ["a", "b"], args)
    assert result["members"] == ("a", "b") and result["combine"] == "logprob"
    assert result["weights"] == list(lead_07)
    assert (result["winner"]["beam"], result["winner"]["alpha"]) == (3, 0.7)
    assert result["winner"]["CIDEr-D"] == pytest.approx(0.595)
    assert ("a+b", "logprob", 3, 0.7, lead_07) in scorer.calls  # the search runs with the chosen weights
    assert not any(c[0] == "b" and c[1] == "logprob" for c in scorer.calls)  # one member: no rule to compare


def test_greedy_stays_when_no_beam_beats_it() -> None:
    scorer = FakeScorer({("a", "prob"): 0.5, ("b", "prob"): 0.6, ("a+b", "prob"): 0.55, ("a+b", "logprob"): 0.4},
                        {(2, 0.0): -0.1, (3, 0.0): -0.1})
    result = select(scorer, ["a", "b"], argparse.Namespace(combine="prob,logprob", max_members=2, top=2,
                                                            alphas=[0.0], lead_weights=[0.7]))
    assert result["members"] == ("b",) and result["winner"]["beam"] == 1


def test_member_specs_and_lineage() -> None:
    assert parse_member("scst=/tmp/x.pt")[0] == "scst"
    with pytest.raises(argparse.ArgumentTypeError):
        parse_member("/tmp/x.pt")
    meta = {"xe_stage": {"command": "xe"}, "earlier_scst_stages": [{"command": "s1"}], "command": "s2"}
    assert lineage(meta) == ["xe", "s1", "s2"]
