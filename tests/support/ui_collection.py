"""Hand-made analysed posts for the UI tests and the UI benchmark: written straight into a real graph with
graph.writer.write_analyses, so no model loads and a collection is ready in well under a second."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from data.models import Post
from extractors.base import EntityMention, Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, TopicScore

PIPELINE = "ui-test"
COLOURS = {"beach": (70, 140, 220), "dog": (170, 120, 60), "food": (220, 90, 60), "city": (120, 120, 130)}

# (id, caption, day offset, caption verdict, image verdict, topics, entities, tag, language)
SAMPLE = [
    ("p01", "Sunny day at the beach with Anna #summer", 0, "positive", "positive", ["beach"],
     [("anna", "PERSON")], "beach", "en"),
    ("p02", "Beach cleanup was exhausting #summer", 20, "negative", "positive", ["beach"], [], "beach", "en"),
    ("p03", "Our dog Rex loves the park", 45, "positive", "positive", ["dogs"], [("rex", "PERSON")], "dog", "en"),
    ("p04", "Rex is sick again, vet visit", 70, "negative", "neutral", ["dogs"], [("rex", "PERSON")], "dog", "en"),
    ("p05", "Dinner in Paris was amazing #foodie", 100, "positive", "positive", ["food", "travel"],
     [("paris", "GPE")], "food", "en"),
    ("p06", "Cold pizza again", 130, "negative", "neutral", ["food"], [], "food", "en"),
    ("p07", "Flight to Paris delayed by five hours", 160, "negative", "negative", ["travel"],
     [("paris", "GPE")], "city", "en"),
    ("p08", "Un café à Paris", 190, "neutral", "positive", ["food", "travel"], [("paris", "GPE")], "food", "fr"),
    ("p09", "Monday at the office", 220, "neutral", "neutral", ["work"], [("acme", "ORG")], "city", "en"),
    ("p10", "Sunset walk on the beach #summer", 250, "positive", "positive", ["beach"], [], "beach", "en"),
    ("p11", "New puppy photos! #dogs", 280, "positive", "positive", ["dogs"], [], "dog", "en"),
    ("p12", "Rainy city streets", 310, "negative", "negative", ["travel"], [], "city", "en"),
]
START = datetime(2023, 1, 5, 12, 0, tzinfo=UTC)
SCORES = {"positive": 0.7, "neutral": 0.0, "negative": -0.6}


def make_image(directory: Path, name: str, kind: str) -> Path:
    """A small solid-colour JPEG standing in for a photo."""
    from PIL import Image

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.jpg"
    if not path.exists():
        Image.new("RGB", (640, 480), COLOURS.get(kind, (90, 90, 90))).save(path, "JPEG", quality=70)
    return path


def analysis(post_id: str, caption: str, created: datetime, caption_label: str, image_label: str,
             topics: list[str], entities: list[tuple[str, str]], tag: str, language: str,
             image: Path | None) -> PostAnalysis:
    """One analysed post as the extractors would leave it (caption, image and fused verdicts)."""
    post = Post(id=post_id, caption=caption, images=(image,) if image else (), created_at=created, source="test")
    combined = caption_label if caption_label == image_label or image_label == "neutral" else "neutral"
    ex = Extraction(language=language)
    ex.sentiments = {"caption": SentimentVerdict(caption_label, SCORES[caption_label], "test"),
                     "image": SentimentVerdict(image_label, SCORES[image_label], "test"),
                     "combined": SentimentVerdict(combined, (SCORES[caption_label] + SCORES[image_label]) / 2,
                                                  "test")}
    ex.topics = [TopicScore(t, 0.8) for t in topics]
    ex.keyphrases = [TopicScore(f"{t} {tag}", 0.6) for t in topics[:1]]  # the caption's own phrase
    hashtags = [EntityMention(w[1:].lower(), "HASHTAG") for w in caption.split() if w.startswith("#")]
    ex.entities = [EntityMention(n, label) for n, label in entities] + hashtags
    if image:
        ex.images[0] = ImageInfo(0, 640, 480, "JPEG", f"a photo of a {tag}", [ImageTag(tag, "scene", 0.9)])
    return PostAnalysis(post, ex)


def sample_analyses(image_dir: Path) -> list[PostAnalysis]:
    """The 12 hand-made posts of SAMPLE (p09 has no image: the grid must cope)."""
    items = []
    for pid, caption, days, cap, img, topics, ents, tag, lang in SAMPLE:
        image = None if pid == "p09" else make_image(image_dir, pid, tag)
        items.append(analysis(pid, caption, START + timedelta(days=days), cap, img, topics, ents, tag, lang, image))
    return items


def synthetic_analyses(count: int, image_dir: Path, seed: int = 7) -> list[PostAnalysis]:
    """`count` varied posts over ~6 years for the benchmark (a handful of shared images)."""
    rng = random.Random(seed)
    images = {kind: make_image(image_dir, f"synthetic-{kind}", kind) for kind in COLOURS}
    topics = ["beach", "dogs", "food", "travel", "work", "family", "music", "sport", "city", "nature"]
    labels = ["positive", "neutral", "negative"]
    items = []
    for n in range(count):
        kind = rng.choice(list(COLOURS))
        caption = f"post {n} about {rng.choice(topics)} with friend{rng.randrange(50)} #tag{rng.randrange(40)}"
        items.append(analysis(
            f"s{n:05d}", caption, START + timedelta(hours=5 * n), rng.choice(labels), rng.choice(labels),
            rng.sample(topics, 2), [(f"person{rng.randrange(200)}", "PERSON"), (f"city{rng.randrange(30)}", "GPE")],
            kind, rng.choice(["en", "en", "en", "fr", "de"]), images[kind]))
    return items
