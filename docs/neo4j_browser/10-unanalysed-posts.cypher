// Posts the pipeline could not fully analyse
// Posts with recorded errors, and posts with no topic, no entity and no photo tag.
MATCH (p:Post)
WHERE p.errors IS NOT NULL OR (NOT (p)-[:ABOUT]->(:Topic) AND NOT (p)-[:MENTIONS]->(:Entity)
      AND NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag))
RETURN p.id AS post_id, p.caption AS caption, p.errors AS errors ORDER BY post_id LIMIT 100
