// A topic's posts with their photos and sentiments
// Every post about one topic, its photos and the sentiment nodes it points to.
:param topic => 'beach';
MATCH (t:Topic {name: $topic})<-[a:ABOUT]-(p:Post)
OPTIONAL MATCH (p)-[h:HAS_IMAGE]->(i:Image)
OPTIONAL MATCH (p)-[s:HAS_SENTIMENT]->(v:Sentiment)
RETURN t, a, p, h, i, s, v LIMIT 300
