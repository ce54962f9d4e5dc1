"""Scoring a ranking whose cut falls inside a tie: any tied row is as right as the gold query's arbitrary pick."""
from __future__ import annotations

from graph.queries.ranking_cut import unlimited
from research.agent_eval.scoring import matches_at_tie, results_match

FULL = [{"tag": "drink", "n": 6}, {"tag": "coffee", "n": 6}, {"tag": "vehicle", "n": 6}, {"tag": "cat", "n": 5}]


def test_unlimited_strips_only_a_final_limit() -> None:
    assert unlimited("MATCH (t:Tag) RETURN t.name AS tag ORDER BY tag LIMIT 3") == (
        "MATCH (t:Tag) RETURN t.name AS tag ORDER BY tag", 3)
    assert unlimited("MATCH (t:Tag) WITH t, count(*) AS n ORDER BY n LIMIT 1 RETURN t.name AS tag") == (
        "MATCH (t:Tag) WITH t, count(*) AS n ORDER BY n RETURN t.name AS tag, n AS n", 1)
    assert unlimited("MATCH (t:Tag) RETURN t.name AS tag") is None
    assert unlimited("MATCH (t:Tag) WITH t, count(*) AS n RETURN t.name AS tag ORDER BY n ASC LIMIT 1") == (
        "MATCH (t:Tag) WITH t, count(*) AS n RETURN t.name AS tag, n AS n ORDER BY n ASC", 1)  # the key comes too


def test_any_two_of_three_tied_rows_match_a_top_two_and_nothing_else_does() -> None:
    gold_pick = FULL[:2]
    agent = [{"tag": "coffee", "images": 6}, {"tag": "vehicle", "images": 6}]
    assert not results_match(gold_pick, agent, ordered=True)  # the plain comparison calls it wrong
    assert matches_at_tie(FULL, 2, agent, ordered=True)
    assert not matches_at_tie(FULL, 2, [{"tag": "coffee", "n": 6}, {"tag": "cat", "n": 5}], ordered=True)
    assert not matches_at_tie(FULL, 2, [{"tag": "coffee", "n": 6}, {"tag": "coffee", "n": 6}], ordered=True)
    assert not matches_at_tie(FULL, 2, [{"tag": "coffee", "n": 7}, {"tag": "drink", "n": 6}], ordered=True)


def test_rows_above_the_tie_are_required_and_no_tie_means_no_leniency() -> None:
    full = [{"tag": "animal", "n": 16}, {"tag": "book", "n": 7}, {"tag": "food", "n": 5}, {"tag": "vehicle", "n": 5}]
    assert matches_at_tie(full, 3, [{"t": "animal", "c": 16}, {"t": "book", "c": 7}, {"t": "vehicle", "c": 5}])
    assert not matches_at_tie(full, 3, [{"t": "food", "c": 5}, {"t": "book", "c": 7}, {"t": "vehicle", "c": 5}])
    assert not matches_at_tie(full, 2, [{"t": "animal", "c": 16}, {"t": "food", "c": 5}])  # row 2 does not tie row 3
    ordered_wrong = [{"t": "book", "c": 7}, {"t": "animal", "c": 16}, {"t": "vehicle", "c": 5}]
    assert not matches_at_tie(full, 3, ordered_wrong, ordered=True)
    assert matches_at_tie(full, 3, ordered_wrong, ordered=False)


def test_a_language_named_matches_its_stored_code_and_nothing_else() -> None:
    gold = [{"language": "fr"}, {"language": "de"}]
    assert results_match(gold, [{"language": "German", "posts": 1}, {"language": "French", "posts": 1}])
    assert not results_match(gold, [{"language": "German", "posts": 1}, {"language": "Spanish", "posts": 1}])
    assert not results_match([{"name": "german"}], [{"name": "French"}])
