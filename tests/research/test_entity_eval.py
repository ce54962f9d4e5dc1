"""Entity cleaning evaluation: Wilson intervals and how repaired types are scored."""
from __future__ import annotations

import pytest

from research.evaluation.entity_eval import score, wilson


def test_wilson_interval_matches_the_textbook_values() -> None:
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)
    assert wilson(0, 0) == (0.0, 0.0)
    low, high = wilson(10, 10)  # all right: the interval still admits errors
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-3)


def _row(entity: str, label: str, verdict: str, gold: str, text: str) -> dict[str, str]:
    return {"row": "0", "entity": entity, "label": label, "verdict": verdict, "gold_label": gold, "text": text}


def test_a_repaired_type_counts_as_right_and_a_kept_wrong_type_as_wrong() -> None:
    rows = [
        _row("Oakville", "ORG", "wrong_type", "GPE", "Man charged with impaired driving in Oakville"),  # -> GPE
        _row("Harry", "PERSON", "correct", "PERSON", "Harry telling us to stomp"),
        _row("Dentist", "NORP", "not_entity", "", "Dentist body bag fury: Dad finds daughter"),  # dropped
        _row("Louis Vuitton", "PERSON", "wrong_type", "ORG", "Authentic Louis Vuitton Wallet"),  # kept, wrong
    ]
    result = score(rows)
    assert result["kept"] == 3 and result["right_kept"] == 2
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == 1.0  # the one `correct` row is kept with its type
    assert result["name_recall"] == pytest.approx(2 / 3)  # of 3 real names, 2 kept with the right type
    assert result["raw_precision"] == pytest.approx(1 / 4)
