"""A small, hand-written graph for agent tests and the offline evaluation: 36 posts over four years with
topics, entities, hashtags, mentions, image tags and caption/image sentiment (some disagreeing).

Written through graph.writer.write_analyses, so it has exactly the properties a real load writes.
"""
from __future__ import annotations

from datetime import UTC, datetime

from data.models import Post
from extractors.base import EntityMention, Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, TopicScore
from graph.store import GraphStore
from graph.writer import write_analyses

KINDS = {"dog": "animal", "cat": "animal", "horse": "animal", "bird": "animal", "beach": "scene",
         "mountain": "scene", "city": "scene", "snow": "scene", "pizza": "food", "coffee": "food", "cake": "food",
         "pasta": "food", "bicycle": "object", "car": "object", "laptop": "object", "guitar": "object",
         "person": "person"}
SCORES = {"positive": 0.7, "neutral": 0.0, "negative": -0.6}

# id, date, caption, topics, entities "name/LABEL", tags, caption sentiment, image sentiment ("" = no image)
POSTS: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("p01", "2020-06-14", "Sunny day at the beach with Max #summer",
     "beach summer", "max/PERSON summer/HASHTAG", "beach dog", "positive", "positive"),
    ("p02", "2020-06-20", "Our dog loves the sea", "beach dog", "", "dog beach", "positive", "positive"),
    ("p03", "2020-07-02", "Pizza night in Rome with @luca",
     "food travel", "rome/GPE luca/MENTION", "pizza person", "positive", "neutral"),
    ("p04", "2020-07-03", "Lost my wallet in Rome, terrible day", "travel", "rome/GPE", "city", "negative", "neutral"),
    ("p05", "2020-08-11", "Hiking to the top, exhausted but happy #hiking",
     "hiking mountain", "hiking/HASHTAG", "mountain person", "positive", "positive"),
    ("p06", "2020-12-24", "Christmas cake with the family", "food family", "", "cake person", "positive", "positive"),
    ("p07", "2020-12-31", "Cold and alone on new year's eve", "holiday", "", "snow", "negative", "negative"),
    ("p08", "2021-01-15", "Back to work, endless meetings", "work", "acme/ORG", "laptop", "negative", "neutral"),
    ("p09", "2021-02-02", "Coffee keeps me going", "coffee work", "", "coffee laptop", "neutral", "positive"),
    ("p10", "2021-03-08", "Paris in spring is magical #travel",
     "travel city", "paris/GPE travel/HASHTAG", "city person", "positive", "positive"),
    ("p11", "2021-03-09", "Rainy Paris, museums closed",
     "travel weather", "paris/GPE louvre/ORG", "city", "negative", "negative"),
    ("p12", "2021-04-18", "New bike! Ready for the season", "cycling", "", "bicycle", "positive", "neutral"),
    ("p13", "2021-05-01", "Flat tyre again, so annoying", "cycling", "", "bicycle", "negative", "positive"),
    ("p14", "2021-06-21", "Cat napping in the sun", "cat home", "", "cat", "neutral", "positive"),
    ("p15", "2021-07-30", "Concert with Anna, best night ever #music",
     "music", "anna/PERSON music/HASHTAG", "guitar person", "positive", "positive"),
    ("p16", "2021-09-10", "Traffic jam for three hours", "commute", "", "car city", "negative", "negative"),
    ("p17", "2021-11-05", "Quiet evening with a book", "home", "", "", "neutral", ""),
    ("p18", "2021-12-25", "Snowy Christmas in the mountains with Anna",
     "holiday mountain", "anna/PERSON alps/LOC", "snow mountain", "positive", "positive"),
    ("p19", "2022-01-10", "Feeling sick, staying in bed", "health", "", "", "negative", ""),
    ("p20", "2022-02-14", "Dinner with Sarah, pasta and wine",
     "food", "sarah/PERSON", "pasta person", "positive", "positive"),
    ("p21", "2022-03-03", "Deadline missed, boss unhappy", "work", "acme/ORG", "laptop", "negative", "neutral"),
    ("p22", "2022-04-09", "Riding the horse at the farm", "animals", "", "horse", "positive", "positive"),
    ("p23", "2022-05-22", "Birds at the lake this morning #nature",
     "nature", "nature/HASHTAG", "bird", "neutral", "positive"),
    ("p24", "2022-06-30", "Beach volleyball with Max and Sarah",
     "beach sport", "max/PERSON sarah/PERSON", "beach person", "positive", "positive"),
    ("p25", "2022-07-15", "Sunburnt and miserable", "beach", "", "beach", "negative", "positive"),
    ("p26", "2022-08-05", "Train to Berlin delayed again @db_bahn",
     "travel commute", "berlin/GPE db_bahn/MENTION", "city", "negative", "neutral"),
    ("p27", "2022-08-06", "Berlin street food is amazing",
     "food travel", "berlin/GPE", "pizza city", "positive", "positive"),
    ("p28", "2022-10-31", "Halloween party, our dog dressed as a pumpkin",
     "holiday dog", "", "dog person", "positive", "neutral"),
    ("p29", "2022-11-20", "Vet visit, the dog is fine", "dog health", "", "dog", "neutral", "negative"),
    ("p30", "2023-01-07", "Morning coffee and snow outside", "coffee weather", "", "coffee snow", "neutral", "neutral"),
    ("p31", "2023-02-12", "Ein schöner Tag in München", "travel", "münchen/GPE", "city", "positive", "positive"),
    ("p32", "2023-03-19", "Guitar practice, getting better #music",
     "music", "music/HASHTAG", "guitar", "positive", "neutral"),
    ("p33", "2023-05-05", "Broken phone screen, what a week", "", "", "", "negative", ""),
    ("p34", "2023-06-18", "Sunday ride along the coast", "cycling beach", "", "bicycle beach", "positive", "positive"),
    ("p35", "2023-07-04", "Fireworks with Max", "holiday", "max/PERSON", "city person", "positive", "negative"),
    ("p36", "2023-08-27", "Last day of holidays, sad to leave the sea #summer",
     "beach holiday", "summer/HASHTAG", "beach", "negative", "positive"),
]


def _combined(caption: str, image: str) -> SentimentVerdict:
    score = SCORES[caption] if not image else (SCORES[caption] + SCORES[image]) / 2
    label = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
    return SentimentVerdict(label, score, model="fixture")


def analyses() -> list[PostAnalysis]:
    """The fixture posts with their findings, as the pipeline would hand them to the writer."""
    items = []
    for pid, day, caption, topics, entities, tags, cap, img in POSTS:
        created = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
        post = Post(id=pid, caption=caption, images=(f"/photos/{pid}.jpg",) if tags else (),
                    created_at=created, source="fixture")
        ex = Extraction(language="de" if pid == "p31" else "en")
        ex.sentiments["caption"] = SentimentVerdict(cap, SCORES[cap], model="fixture")
        if img:
            ex.sentiments["image"] = SentimentVerdict(img, SCORES[img], model="fixture")
            ex.sentiments["combined"] = _combined(cap, img)
        ex.topics = [TopicScore(name, 0.5) for name in topics.split()]
        ex.entities = [EntityMention(*e.split("/")) for e in entities.split()]
        if tags:
            ex.images[0] = ImageInfo(0, width=1200, height=900, format="JPEG",
                                     tags=[ImageTag(t, KINDS[t], 0.8) for t in tags.split()])
        items.append(PostAnalysis(post=post, extraction=ex))
    return items


def load_fixture(store: GraphStore) -> int:
    """Clear the store's graph and write the fixture; returns the number of posts."""
    store.clear()
    store.ensure_schema()
    items = analyses()
    write_analyses(store, items, pipeline="fixture")
    return len(items)
