// Topics that go together
// Pairs of topics that share posts, the most shared first.
MATCH (a:Topic)<-[:ABOUT]-(p:Post)-[:ABOUT]->(b:Topic)
WHERE a.name < b.name
RETURN a.name AS topic, b.name AS with_topic, count(DISTINCT p) AS posts
ORDER BY posts DESC, topic LIMIT 25
