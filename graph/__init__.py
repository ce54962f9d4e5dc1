"""The knowledge graph: the GraphStore protocol, its FalkorDB and Neo4j implementations, and the batch loader."""
