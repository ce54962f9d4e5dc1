"""Consensus reranking picks the candidate the others agree with, weighs repeats, and survives empty pools."""
from __future__ import annotations

from research.evaluation.caption_consensus import consensus_pick
from research.training.cider_reward import CiderD

WORDS = ["<pad>", "<start>", "<end>", "<unk>", "a", "dog", "runs", "on", "grass", "cat", "sleeps", "sofa"]


def _decode(ids: tuple[int, ...]) -> str:
    return " ".join(WORDS[i] for i in ids)


def _ids(text: str) -> tuple[int, ...]:
    return tuple(WORDS.index(w) for w in text.split())


CIDER = CiderD([[["a", "dog", "runs"], ["a", "cat", "sleeps"]], [["a", "dog", "on", "grass"]]])


def test_the_candidate_closest_to_the_others_wins() -> None:
    pool = [(_ids("a dog runs on grass"), True), (_ids("a dog runs"), True), (_ids("a dog on grass"), True),
            (_ids("a cat sleeps on sofa"), True)]
    assert consensus_pick(pool, CIDER, _decode) == (_ids("a dog runs on grass"), True)


def test_a_candidate_produced_often_outweighs_a_lone_one() -> None:
    cat, dog = (_ids("a cat sleeps on sofa"), True), (_ids("a dog runs on grass"), True)
    near_cat = (_ids("a cat sleeps"), True)
    assert consensus_pick([dog, cat, cat, cat, near_cat], CIDER, _decode) in (cat, near_cat)
    assert consensus_pick([dog, dog, dog, cat, near_cat], CIDER, _decode) == dog


def test_empty_candidates_give_none_and_a_single_one_is_kept() -> None:
    assert consensus_pick([((), True), ((), False)], CIDER, _decode) is None
    only = (_ids("a dog"), False)
    assert consensus_pick([only, ((), True)], CIDER, _decode) == only
