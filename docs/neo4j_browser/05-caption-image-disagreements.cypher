// Where the caption and the photo disagree
// Posts whose caption reads one way and whose photo reads another, with both sentiment edges.
MATCH (p:Post)
WHERE p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL
  AND p.caption_sentiment <> p.image_sentiment
MATCH (p)-[s:HAS_SENTIMENT]->(v:Sentiment)
OPTIONAL MATCH (p)-[h:HAS_IMAGE]->(i:Image)
RETURN p, s, v, h, i LIMIT 200
