// Who and what negative posts mention
// People, places and organisations most mentioned by posts whose final verdict is negative.
MATCH (p:Post {sentiment: 'negative'})-[:MENTIONS]->(e:Entity)
WHERE e.label <> 'HASHTAG' AND e.label <> 'MENTION'
RETURN e.name AS entity, e.label AS label, count(DISTINCT p) AS negative_posts
ORDER BY negative_posts DESC, entity LIMIT 25
