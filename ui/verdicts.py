"""How the app shows a photo's sentiment verdict.

The image head (a logistic regression fitted on MVSA, where 11% of the posts are neutral) reads photos as positive
or negative and says neutral rarely: 10 of 214 MVSA dev photos, none of the 37 demo photos. Rather than invent
neutrals, a verdict it is unsure of reads "unclear": its score p(positive) - p(negative) is closer to 0 than
IMAGE_UNCLEAR_BELOW. The threshold was chosen on MVSA dev rows (the largest tried whose band the head gets right
less than half the time); docs/eval_compare.md has the measurement and what it does on the test rows.
"""
from __future__ import annotations

IMAGE_UNCLEAR_BELOW = 0.10
UNCLEAR = "unclear"
IMAGE_VERDICT_HELP = ("The photo's verdict comes from an image model that reads photos as positive or negative and "
                      "rarely says neutral. Its score is p(positive) − p(negative); closer to 0 than "
                      f"±{IMAGE_UNCLEAR_BELOW:.2f} it is right less than half the time on labelled photos, so it "
                      "reads 'unclear'.")

NO_NEUTRAL_PHOTOS = ("The image model reads photos as positive or negative and rarely says neutral; a photo it is "
                     "unsure of reads 'unclear' on its post.")
NO_CAPTION_HELP = ("This post has no caption, and the caption generated from its photo was too unsure to read, so no "
                   "caption verdict stands behind its final verdict: that is the photo's.")


def image_verdict(label: str | None, score: float | None) -> str | None:
    """The photo verdict as shown: the head's label, or 'unclear' when its score is too close to 0 to trust."""
    if label is None:
        return None
    if score is not None and abs(float(score)) < IMAGE_UNCLEAR_BELOW:
        return UNCLEAR
    return label
