"""Every Cypher statement and fragment FeedLens runs, in the subset Neo4j 5 and FalkorDB both run (no APOC, no
datetime(), no COUNT{}/EXISTS{} subqueries, no =~, no label alternation).

This module holds the fixed statements of the loader, the UI and the agent's grounding; the package's other
modules hold the statements composed from fixed fragments: `posts` (which posts a filter selects, and which
property holds each sentiment verdict), `grid` (the Browse page), `templates` (the agent's question shapes),
`catalog` (indexes, constraints, schema sampling) and `documents` (LangChain graph documents); `literals`
writes a parameterised query out for people to read. tests/graph/test_queries.py fails on Cypher anywhere else.

Writes are `UNWIND $rows AS row MERGE ...` and are sent in chunks by GraphStore.write_rows. User data only
ever travels as parameters, never formatted into the query text; what the builders put into the text (a
property name, a sort order, an integer limit) comes from fixed tables in this package.
"""
from graph.queries import posts as _posts


# --- the agent: plan a generated query without running it (Neo4j; FalkorDB has the GRAPH.EXPLAIN command) ------
def explained(query: str) -> str:
    """The statement that asks Neo4j for `query`'s plan without running it."""
    return f"EXPLAIN {query}"


# --- loader: which posts are already loaded with the same content and pipeline -----------------------------
LOADED_SIGNATURES = """
UNWIND $ids AS id
MATCH (p:Post {id: id})
RETURN p.id AS id, p.content_hash AS content_hash, p.pipeline AS pipeline
"""

# --- loader: forget earlier extraction results of posts that are being re-extracted -------------------------
CLEAR_POST_FINDINGS = """
UNWIND $ids AS id
MATCH (p:Post {id: id})-[r]->()
WHERE type(r) IN ['ABOUT', 'HAS_KEYPHRASE', 'MENTIONS', 'HAS_SENTIMENT']
DELETE r
"""

CLEAR_IMAGE_FINDINGS = """
UNWIND $ids AS id
MATCH (:Post {id: id})-[:HAS_IMAGE]->(i:Image)-[r:DEPICTS]->()
DELETE r
"""

# the commit marker is removed first and written last, so a load killed in between re-extracts the post
UNMARK_POSTS = """
UNWIND $ids AS id
MATCH (p:Post {id: id})
REMOVE p.content_hash
"""

# --- loader: upserts -----------------------------------------------------------------------------------------
UPSERT_POSTS = """
UNWIND $rows AS row
MERGE (p:Post {id: row.id})
SET p.caption = row.caption,
    p.created_at = row.created_at,
    p.year = row.year,
    p.month = row.month,
    p.timestamp = row.timestamp,
    p.source = row.source,
    p.language = row.language,
    p.sentiment = row.sentiment,
    p.sentiment_score = row.sentiment_score,
    p.caption_sentiment = row.caption_sentiment,
    p.caption_sentiment_score = row.caption_sentiment_score,
    p.image_sentiment = row.image_sentiment,
    p.image_sentiment_score = row.image_sentiment_score,
    p.caption_generated = row.caption_generated,
    p.url = row.url,
    p.notes = row.notes,
    p.errors = row.errors
"""

UPSERT_IMAGES = """
UNWIND $rows AS row
MATCH (p:Post {id: row.post_id})
MERGE (i:Image {id: row.id})
SET i.path = row.path,
    i.width = row.width,
    i.height = row.height,
    i.format = row.format,
    i.generated_caption = row.generated_caption,
    i.caption_confidence = row.caption_confidence,
    i.caption_uncertain = row.caption_uncertain,
    i.error = row.error,
    i.position = row.position
MERGE (p)-[:HAS_IMAGE]->(i)
"""

UPSERT_SENTIMENTS = """
UNWIND $rows AS row
MATCH (p:Post {id: row.post_id})
MERGE (s:Sentiment {name: row.name})
MERGE (p)-[r:HAS_SENTIMENT {source: row.source}]->(s)
SET r.score = row.score, r.model = row.model
"""

UPSERT_TOPICS = """
UNWIND $rows AS row
MATCH (p:Post {id: row.post_id})
MERGE (t:Topic {name: row.name})
MERGE (p)-[r:ABOUT]->(t)
SET r.score = row.score, r.from_image = row.from_image
"""

UPSERT_KEYPHRASES = """
UNWIND $rows AS row
MATCH (p:Post {id: row.post_id})
MERGE (k:Keyphrase {name: row.name})
MERGE (p)-[r:HAS_KEYPHRASE]->(k)
SET r.score = row.score, r.from_image = row.from_image
"""

UPSERT_ENTITIES = """
UNWIND $rows AS row
MATCH (p:Post {id: row.post_id})
MERGE (e:Entity {name: row.name, label: row.label})
MERGE (p)-[:MENTIONS]->(e)
"""

UPSERT_TAGS = """
UNWIND $rows AS row
MATCH (i:Image {id: row.image_id})
MERGE (t:Tag {name: row.name})
SET t.kind = row.kind
MERGE (i)-[r:DEPICTS]->(t)
SET r.score = row.score
"""

MARK_POSTS_LOADED = """
UNWIND $rows AS row
MATCH (p:Post {id: row.id})
SET p.content_hash = row.content_hash, p.pipeline = row.pipeline
"""

# --- loader: the collection pass that clusters posts into topics (ingest/topics.py) --------------------------
# each post's text for topics: its caption, else its photos' confident generated captions and tags
POSTS_FOR_TOPICS = """
MATCH (p:Post)
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(i:Image)
OPTIONAL MATCH (i)-[:DEPICTS]->(g:Tag)
RETURN p.id AS id, p.caption AS caption, p.language AS language,
       collect(DISTINCT CASE WHEN coalesce(i.caption_uncertain, false) THEN null ELSE i.generated_caption END)
         AS generated, collect(DISTINCT g.name) AS tags
"""

POSTS_WITH_A_TOPIC = "MATCH (p:Post)-[:ABOUT]->(:Topic) RETURN DISTINCT p.id AS id"

UPSERT_TOPIC_NODES = """
UNWIND $rows AS row
MERGE (t:Topic {name: row.name})
SET t.keywords = row.keywords
"""

# bounded batches, like DELETE_SOME_NODES: a re-clustering first removes every post's topic
DELETE_SOME_ABOUT_EDGES = "MATCH (:Post)-[r:ABOUT]->(:Topic) WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted"

# topics, entities and tags that lost their last post after a re-extraction
PRUNE_ORPHAN_TOPICS = "MATCH (t:Topic) WHERE NOT (t)<-[:ABOUT]-() DELETE t"
PRUNE_ORPHAN_KEYPHRASES = "MATCH (k:Keyphrase) WHERE NOT (k)<-[:HAS_KEYPHRASE]-() DELETE k"
PRUNE_ORPHAN_ENTITIES = "MATCH (e:Entity) WHERE NOT (e)<-[:MENTIONS]-() DELETE e"
PRUNE_ORPHAN_TAGS = "MATCH (t:Tag) WHERE NOT (t)<-[:DEPICTS]-() DELETE t"

# bounded batches, so clearing a large graph never needs one huge transaction
DELETE_SOME_NODES = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted"

# --- agent: the values a question's words are grounded in -------------------------------------------------------
# a topic's detail is its keywords (a list): "coffee" may be a keyword of the topic called 'café'
VOCAB_TOPICS = "MATCH (t:Topic) RETURN t.name AS name, coalesce(t.keywords, []) AS detail LIMIT $limit"
VOCAB_TAGS = "MATCH (t:Tag) RETURN t.name AS name, t.kind AS detail LIMIT $limit"
VOCAB_ENTITIES = "MATCH (e:Entity) RETURN e.name AS name, e.label AS detail LIMIT $limit"
VOCAB_TAG_KINDS = "MATCH (t:Tag) RETURN DISTINCT t.kind AS name, '' AS detail LIMIT $limit"
# "last year" / "this year" in a question are relative to the newest post, not to today
NEWEST_POST_DATE = """
MATCH (p:Post) WHERE p.created_at IS NOT NULL
RETURN p.year AS year, p.month AS month, p.created_at AS created_at ORDER BY p.created_at DESC LIMIT 1
"""

# --- overview ------------------------------------------------------------------------------------------------
COUNT_POSTS = "MATCH (p:Post) RETURN count(p) AS posts"

POSTS_BY_SENTIMENT = """
MATCH (p:Post)
RETURN coalesce(p.sentiment, 'unknown') AS sentiment, count(p) AS posts
ORDER BY posts DESC
"""

NODE_COUNTS = """
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS nodes
ORDER BY label
"""

RELATIONSHIP_COUNTS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS relationships
ORDER BY type
"""

# --- UI: browse, insights, graph view ------------------------------------------------------------------------
# Counts say what they count (count(DISTINCT p) for posts, count(DISTINCT i) for photos): Neo4j counts every
# matched path, FalkorDB sometimes fewer, so a bare count(*) over a pattern differs between engines (docs/engines.md).
# (the grid's filtered page/count queries are composed from fixed fragments in graph/queries/grid.py)

# filter choices for the grid, most used first
UI_TOPIC_CHOICES = """
MATCH (p:Post)-[:ABOUT]->(t:Topic)
RETURN t.name AS name, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

# an "entity" on every page is a name (person, place, organisation ...): hashtags and @mentions have their own lists
UI_ENTITY_CHOICES = """
MATCH (p:Post)-[:MENTIONS]->(e:Entity)
WHERE e.label <> 'HASHTAG' AND e.label <> 'MENTION'
RETURN e.name AS name, e.label AS label, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_MENTION_CHOICES = """
MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'MENTION'})
RETURN e.name AS name, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_HASHTAG_CHOICES = """
MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'})
RETURN e.name AS name, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_TAG_CHOICES = """
MATCH (i:Image)-[:DEPICTS]->(t:Tag)
RETURN t.name AS name, t.kind AS kind, count(DISTINCT i) AS images
ORDER BY images DESC, name LIMIT $limit
"""

UI_LANGUAGE_CHOICES = """
MATCH (p:Post) WHERE p.language IS NOT NULL
RETURN p.language AS language, count(p) AS posts
ORDER BY posts DESC
"""

UI_DATE_RANGE = """
MATCH (p:Post) WHERE p.created_at IS NOT NULL
RETURN min(p.created_at) AS first, max(p.created_at) AS last
"""

# post detail, one small query per part (one query with several OPTIONAL MATCHes would multiply rows)
UI_POST = """
MATCH (p:Post {id: $id})
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at, p.source AS source, p.language AS language,
       p.url AS url, p.sentiment AS sentiment, p.sentiment_score AS sentiment_score,
       p.caption_sentiment AS caption_sentiment, p.caption_sentiment_score AS caption_sentiment_score,
       p.image_sentiment AS image_sentiment, p.image_sentiment_score AS image_sentiment_score,
       p.caption_generated AS caption_generated, p.notes AS notes, p.errors AS errors
"""

UI_POST_IMAGES = """
MATCH (:Post {id: $id})-[:HAS_IMAGE]->(i:Image)
OPTIONAL MATCH (i)-[d:DEPICTS]->(t:Tag)
RETURN i.id AS id, i.path AS path, i.position AS position, i.width AS width, i.height AS height,
       i.generated_caption AS generated_caption, i.caption_uncertain AS caption_uncertain, i.error AS error,
       collect(t.name) AS tags, collect(t.kind) AS kinds, collect(d.score) AS scores
ORDER BY position
"""

UI_POST_TOPICS = """
MATCH (:Post {id: $id})-[r:ABOUT]->(t:Topic)
RETURN t.name AS topic, r.score AS score, r.from_image AS from_image
ORDER BY score DESC
"""

UI_POST_ENTITIES = """
MATCH (:Post {id: $id})-[:MENTIONS]->(e:Entity)
RETURN e.name AS name, e.label AS label
ORDER BY label, name
"""

UI_POST_CARDS = """
UNWIND $ids AS id
MATCH (p:Post {id: id})
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(img:Image {position: 0})
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at, p.sentiment AS sentiment,
       p.sentiment_score AS sentiment_score, img.path AS image_path, img.generated_caption AS generated_caption,
       img.caption_uncertain AS caption_uncertain
"""

# insights (sum() is float in FalkorDB: the UI casts counts to int); caption vs image leaves out posts whose caption
# was generated from the photo: that verdict is not independent of the image's
UI_SENTIMENT_BY_MONTH = """
MATCH (p:Post) WHERE p.year IS NOT NULL AND p.sentiment IS NOT NULL
RETURN p.year AS year, p.month AS month, p.sentiment AS sentiment, count(p) AS posts,
       avg(p.sentiment_score) AS mean_score
ORDER BY year, month
"""

UI_TOPIC_SENTIMENT_SHARE = """
MATCH (p:Post)-[:ABOUT]->(t:Topic)
WITH t.name AS topic, count(DISTINCT p) AS posts,
     count(DISTINCT CASE WHEN p.sentiment = 'negative' THEN p END) AS negative,
     count(DISTINCT CASE WHEN p.sentiment = 'positive' THEN p END) AS positive
WHERE posts >= $min_posts
RETURN topic, posts, negative, positive
ORDER BY posts DESC, topic LIMIT $limit
"""

UI_POSTS_WITHOUT_TOPIC = """
MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic)
RETURN count(p) AS posts
"""

UI_TOP_ENTITIES = """
MATCH (p:Post)-[:MENTIONS]->(e:Entity)
WHERE e.label <> 'HASHTAG' AND e.label <> 'MENTION'
RETURN e.name AS name, e.label AS label, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_TOP_MENTIONS = """
MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'MENTION'})
RETURN '@' + e.name AS name, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_TOP_TAGS = """
MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(t:Tag)
WITH t, p
RETURN t.name AS name, t.kind AS kind, count(DISTINCT p) AS posts
ORDER BY posts DESC, name LIMIT $limit
"""

UI_CAPTION_IMAGE_AGREEMENT = f"""
MATCH (p:Post)
WHERE p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL AND {_posts.OWN_CAPTION}
RETURN p.caption_sentiment AS caption, p.image_sentiment AS image, count(p) AS posts
"""

# Compare page: caption-only vs caption+image (the final, fused verdict) on the user's own posts, for posts with a
# caption of their own and a photo verdict (posts.COMPARABLE: a generated caption's verdict already reads the photo,
# and a post with no caption at all has no caption verdict, or a placeholder 'neutral' in older graphs)

UI_COMPARE_VERDICTS = f"""
MATCH (p:Post) WHERE {_posts.COMPARABLE}
RETURN p.caption_sentiment AS caption, p.sentiment AS combined, count(p) AS posts
"""

UI_COMPARE_CHANGED = f"""
MATCH (p:Post) WHERE {_posts.COMPARABLE} AND p.caption_sentiment <> p.sentiment
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(img:Image {{position: 0}})
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at,
       p.caption_sentiment AS caption_sentiment, p.caption_sentiment_score AS caption_sentiment_score,
       p.image_sentiment AS image_sentiment, p.image_sentiment_score AS image_sentiment_score,
       p.sentiment AS sentiment, p.sentiment_score AS sentiment_score, img.path AS image_path
ORDER BY abs(p.sentiment_score - p.caption_sentiment_score) DESC, p.id LIMIT $limit
"""

# posts with a photo verdict but no caption of their own: left out of the comparison
UI_COMPARE_NO_CAPTION = f"""
MATCH (p:Post)
WHERE p.image_sentiment IS NOT NULL AND NOT ({_posts.OWN_CAPTION})
RETURN count(p) AS posts
"""

UI_IMAGE_VERDICTS = """
MATCH (p:Post) WHERE p.image_sentiment IS NOT NULL
RETURN p.image_sentiment AS verdict, count(p) AS posts
ORDER BY posts DESC, verdict
"""

# every image verdict with its score (research.evaluation.image_head_classes: how sure the image head is)
IMAGE_VERDICTS = """
MATCH (p:Post) WHERE p.image_sentiment IS NOT NULL
RETURN p.id AS post_id, p.image_sentiment AS verdict, p.image_sentiment_score AS score
"""

# graph view: a post's or a topic's neighbourhood
UI_POST_NEIGHBOURS = """
MATCH (p:Post {id: $id})-[r]->(n)
RETURN type(r) AS rel, labels(n)[0] AS label, coalesce(n.name, n.id) AS key, r.source AS source,
       r.score AS score, n.label AS entity_label
"""

UI_POST_IMAGE_TAGS = """
MATCH (:Post {id: $id})-[:HAS_IMAGE]->(i:Image)-[d:DEPICTS]->(t:Tag)
RETURN i.id AS image, t.name AS tag, d.score AS score
"""

UI_TOPIC_NEIGHBOURS = """
MATCH (t:Topic {name: $name})<-[:ABOUT]-(p:Post)
WITH p ORDER BY p.created_at DESC LIMIT $limit
OPTIONAL MATCH (p)-[:ABOUT]->(o:Topic)
WHERE o.name <> $name
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at, p.sentiment AS sentiment,
       collect(o.name) AS topics
"""

# the same neighbourhoods as Neo4j Browser shows them (nodes and relationships, not rows), for the Graph page's
# "Open in Neo4j Browser" link: its URL takes no parameters, so the value is written in (graph.queries.literals)
BROWSER_TOPIC_NEIGHBOURHOOD = """MATCH (t:Topic {name: $name})<-[a:ABOUT]-(p:Post)
WITH t, a, p ORDER BY p.created_at DESC LIMIT 25
OPTIONAL MATCH (p)-[b:ABOUT]->(o:Topic)
RETURN t, a, p, b, o"""

BROWSER_POST_NEIGHBOURHOOD = """MATCH (p:Post {id: $id})-[r]->(n)
OPTIONAL MATCH (n:Image)-[d:DEPICTS]->(t:Tag)
RETURN p, r, n, d, t"""

# every node and relationship with its properties: a canonical dump of the whole graph (research/graph_dump.py)
DUMP_NODES = "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props"
DUMP_EDGES = """
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS a_label, properties(a) AS a_props, type(r) AS type, properties(r) AS props,
       labels(b)[0] AS b_label, properties(b) AS b_props
"""

# the user's own photos with the captions they wrote (not generated ones): training pairs for a personal captioner
CAPTIONED_IMAGES = """
MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)
WHERE p.caption IS NOT NULL AND p.caption <> '' AND coalesce(p.caption_generated, false) = false
      AND i.error IS NULL AND i.path IS NOT NULL
RETURN p.id AS post_id, p.caption AS caption, i.path AS path
ORDER BY post_id, path
"""
