// A post's neighbourhood
// One post with its topics, entities, sentiments, photos and what the photos show.
:param post => 'p05';
MATCH (p:Post {id: $post})-[r]->(n)
OPTIONAL MATCH (n:Image)-[d:DEPICTS]->(t:Tag)
RETURN p, r, n, d, t
