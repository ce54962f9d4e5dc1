"""How the app shows a photo's sentiment verdict: the wording around the one threshold in core/photo_verdict.py
(shared with the chat's answers), which says why a verdict reads "unclear".
"""
from __future__ import annotations

from core.photo_verdict import IMAGE_UNCLEAR_BELOW, UNCLEAR, image_verdict

__all__ = ["IMAGE_UNCLEAR_BELOW", "IMAGE_VERDICT_HELP", "NO_CAPTION_HELP", "NO_NEUTRAL_PHOTOS", "UNCLEAR",
           "image_verdict"]

IMAGE_VERDICT_HELP = ("The photo's verdict comes from an image model that reads photos as positive or negative and "
                      "rarely says neutral. Its score is p(positive) − p(negative); closer to 0 than "
                      f"±{IMAGE_UNCLEAR_BELOW:.2f} it is right less than half the time on labelled photos, so it "
                      "reads 'unclear'.")

NO_NEUTRAL_PHOTOS = ("The image model reads photos as positive or negative and rarely says neutral; a photo it is "
                     "unsure of reads 'unclear' on its post.")
NO_CAPTION_HELP = ("This post has no caption, and the caption generated from its photo was too unsure to read, so no "
                   "caption verdict stands behind its final verdict: that is the photo's.")

