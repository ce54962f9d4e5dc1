"""The Neo4j Browser guide: the ten explorations of a FeedLens graph most worth opening in Neo4j Browser, as
favourites a user imports (graph/browser_guide.py writes them to docs/neo4j_browser/). Browser-only: these
return nodes and relationships for Browser to draw (or one small table), run on Neo4j, and are never sent by the
app. A `$name` here is set in Browser with the favourite's `:param` line, whose example value is in EXAMPLES.
"""
from __future__ import annotations

from typing import NamedTuple


class Exploration(NamedTuple):
    slug: str
    title: str
    why: str
    cypher: str


EXAMPLES = {"topic": "beach", "post": "p05", "tag": "dog"}

EXPLORATIONS = (
    Exploration("01-schema", "What is in the graph",
                "The labels and relationship types, drawn as one small graph.",
                "CALL db.schema.visualization()"),
    Exploration("02-topic-posts", "A topic's posts with their photos and sentiments",
                "Every post about one topic, its photos and the sentiment nodes it points to.",
                """MATCH (t:Topic {name: $topic})<-[a:ABOUT]-(p:Post)
OPTIONAL MATCH (p)-[h:HAS_IMAGE]->(i:Image)
OPTIONAL MATCH (p)-[s:HAS_SENTIMENT]->(v:Sentiment)
RETURN t, a, p, h, i, s, v LIMIT 300"""),
    Exploration("03-post-neighbourhood", "A post's neighbourhood",
                "One post with its topics, entities, sentiments, photos and what the photos show.",
                """MATCH (p:Post {id: $post})-[r]->(n)
OPTIONAL MATCH (n:Image)-[d:DEPICTS]->(t:Tag)
RETURN p, r, n, d, t"""),
    Exploration("04-topics-by-negative-share", "Topics by negative share",
                "Topics with at least 3 posts, the share of their posts whose final verdict is negative first.",
                """MATCH (p:Post)-[:ABOUT]->(t:Topic)
WITH t.name AS topic, count(DISTINCT p) AS posts,
     count(DISTINCT CASE WHEN p.sentiment = 'negative' THEN p END) AS negative
WHERE posts >= 3
RETURN topic, posts, negative, round(100.0 * negative / posts) AS negative_pct
ORDER BY negative_pct DESC, posts DESC LIMIT 25"""),
    Exploration("05-caption-image-disagreements", "Where the caption and the photo disagree",
                "Posts whose caption reads one way and whose photo reads another, with both sentiment edges.",
                """MATCH (p:Post)
WHERE p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL
  AND p.caption_sentiment <> p.image_sentiment
MATCH (p)-[s:HAS_SENTIMENT]->(v:Sentiment)
OPTIONAL MATCH (p)-[h:HAS_IMAGE]->(i:Image)
RETURN p, s, v, h, i LIMIT 200"""),
    Exploration("06-topics-together", "Topics that go together",
                "Pairs of topics that share posts, the most shared first.",
                """MATCH (a:Topic)<-[:ABOUT]-(p:Post)-[:ABOUT]->(b:Topic)
WHERE a.name < b.name
RETURN a.name AS topic, b.name AS with_topic, count(DISTINCT p) AS posts
ORDER BY posts DESC, topic LIMIT 25"""),
    Exploration("07-tag-to-topics", "What a photo tag is talked about as",
                "Posts whose photos show one tag, and the topics of those posts.",
                """MATCH (g:Tag {name: $tag})<-[d:DEPICTS]-(i:Image)<-[h:HAS_IMAGE]-(p:Post)
OPTIONAL MATCH (p)-[a:ABOUT]->(t:Topic)
RETURN g, d, i, h, p, a, t LIMIT 300"""),
    Exploration("08-entities-in-negative-posts", "Who and what negative posts mention",
                "People, places and organisations most mentioned by posts whose final verdict is negative.",
                """MATCH (p:Post {sentiment: 'negative'})-[:MENTIONS]->(e:Entity)
WHERE e.label <> 'HASHTAG' AND e.label <> 'MENTION'
RETURN e.name AS entity, e.label AS label, count(DISTINCT p) AS negative_posts
ORDER BY negative_posts DESC, entity LIMIT 25"""),
    Exploration("09-sentiment-by-month", "Sentiment month by month",
                "Posts per month and final verdict, with the mean polarity score.",
                """MATCH (p:Post) WHERE p.year IS NOT NULL AND p.sentiment IS NOT NULL
RETURN p.year AS year, p.month AS month, p.sentiment AS sentiment, count(DISTINCT p) AS posts,
       round(avg(p.sentiment_score) * 100) / 100 AS mean_score
ORDER BY year, month, sentiment"""),
    Exploration("10-unanalysed-posts", "Posts the pipeline could not fully analyse",
                "Posts with recorded errors, and posts with no topic, no entity and no photo tag.",
                """MATCH (p:Post)
WHERE p.errors IS NOT NULL OR (NOT (p)-[:ABOUT]->(:Topic) AND NOT (p)-[:MENTIONS]->(:Entity)
      AND NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag))
RETURN p.id AS post_id, p.caption AS caption, p.errors AS errors ORDER BY post_id LIMIT 100"""),
)
