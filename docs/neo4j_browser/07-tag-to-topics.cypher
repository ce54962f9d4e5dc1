// What a photo tag is talked about as
// Posts whose photos show one tag, and the topics of those posts.
:param tag => 'dog';
MATCH (g:Tag {name: $tag})<-[d:DEPICTS]-(i:Image)<-[h:HAS_IMAGE]-(p:Post)
OPTIONAL MATCH (p)-[a:ABOUT]->(t:Topic)
RETURN g, d, i, h, p, a, t LIMIT 300
