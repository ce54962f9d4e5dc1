"""When a photo's sentiment verdict is too unsure to state: one threshold for every place that shows it (the app's
pages and the chat's answers).

The image head (a logistic regression fitted on MVSA, where 11% of the posts are neutral) reads photos as positive
or negative and says neutral rarely: 10 of 214 MVSA dev photos, none of the 37 demo photos. Rather than invent
neutrals, a verdict it is unsure of reads "unclear": its score p(positive) - p(negative) is closer to 0 than
IMAGE_UNCLEAR_BELOW. The threshold was chosen on MVSA dev rows (the largest tried whose band the head gets right
less than half the time); docs/eval_compare.md has the measurement and what it does on the test rows.
"""
from __future__ import annotations

IMAGE_UNCLEAR_BELOW = 0.10
UNCLEAR = "unclear"


def is_unclear(score: float | None) -> bool:
    """True when a photo's score p(positive) - p(negative) is too close to 0 to state its verdict."""
    return score is not None and abs(float(score)) < IMAGE_UNCLEAR_BELOW


def image_verdict(label: str | None, score: float | None) -> str | None:
    """The photo verdict as shown: the head's label, or 'unclear' when its score is too close to 0 to trust."""
    if label is None:
        return None
    return UNCLEAR if is_unclear(score) else label
