// Topics by negative share
// Topics with at least 3 posts, the share of their posts whose final verdict is negative first.
MATCH (p:Post)-[:ABOUT]->(t:Topic)
WITH t.name AS topic, count(DISTINCT p) AS posts,
     count(DISTINCT CASE WHEN p.sentiment = 'negative' THEN p END) AS negative
WHERE posts >= 3
RETURN topic, posts, negative, round(100.0 * negative / posts) AS negative_pct
ORDER BY negative_pct DESC, posts DESC LIMIT 25
