"""Every Cypher statement the loader, the UI and the evaluations share, in the subset Neo4j 5 and FalkorDB
both run (no APOC, no datetime(), no COUNT{}/EXISTS{} subqueries, no =~, no label alternation).

Writes are `UNWIND $rows AS row MERGE ...` and are sent in chunks by GraphStore.write_rows. User data only
ever travels as parameters, never formatted into the query text.
"""

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
WHERE type(r) IN ['ABOUT', 'MENTIONS', 'HAS_SENTIMENT']
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

# topics, entities and tags that lost their last post after a re-extraction
PRUNE_ORPHAN_TOPICS = "MATCH (t:Topic) WHERE NOT (t)<-[:ABOUT]-() DELETE t"
PRUNE_ORPHAN_ENTITIES = "MATCH (e:Entity) WHERE NOT (e)<-[:MENTIONS]-() DELETE e"
PRUNE_ORPHAN_TAGS = "MATCH (t:Tag) WHERE NOT (t)<-[:DEPICTS]-() DELETE t"

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
