"""The image head's class report on real MVSA dev rows (skips without the data): it does predict neutral there,
rarely, which is what docs/eval_compare.md says."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH
from research.evaluation.image_head_classes import confidence, part_report


def test_confidence_is_the_size_of_the_stored_score() -> None:
    probs = np.array([[0.2, 0.1, 0.7], [0.5, 0.4, 0.1]])
    assert confidence(probs).round(3).tolist() == [0.5, 0.4]


@pytest.mark.slow
def test_dev_report_counts_every_row_and_finds_rare_neutrals(shared_data) -> None:
    report = part_report(DEFAULT_IMAGE_HEAD_PATH, f"mvsa:{shared_data / 'mvsa' / 'posts.csv'}", "dev")
    assert sum(report["predicted"].values()) == sum(report["gold"].values()) == report["rows"] == 214
    assert 0 < report["predicted"]["neutral"] < 0.1 * report["rows"]
    shares = [band["unclear_share"] for band in report["bands"]]
    assert shares == sorted(shares)  # a higher threshold never calls fewer photos unclear
