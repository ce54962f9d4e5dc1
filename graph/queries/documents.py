"""MERGE statements for LangChain GraphDocuments (`add_graph_documents` on both stores, without APOC).

Their labels and relationship types come from the documents, not from FeedLens's schema, so they are
backtick-quoted (graph.queries.catalog.backticked refuses a name containing a backtick); ids and properties
are parameters.
"""
from __future__ import annotations

from graph.queries.catalog import backticked

MERGE_SOURCES = "UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.metadata SET d.text = row.text"


def merge_nodes(label: str) -> str:
    """Nodes of one label, merged on `id`, their properties set from `row.properties`."""
    return f"UNWIND $rows AS row MERGE (n:{backticked(label)} {{id: row.id}}) SET n += row.properties"


def link_to_source(label: str) -> str:
    """(:Document)-[:MENTIONS]->(node) for nodes of one label and the source document `row.doc`."""
    quoted = backticked(label)
    return (f"UNWIND $rows AS row MATCH (d:Document {{id: row.doc}}) MATCH (n:{quoted} {{id: row.id}}) "
            "MERGE (d)-[:MENTIONS]->(n)")


def merge_relationships(start: str, rel_type: str, end: str) -> str:
    """Relationships of one type between nodes of two labels (merged on their ids), properties from the row."""
    start, rel_type, end = backticked(start), backticked(rel_type), backticked(end)
    return (f"UNWIND $rows AS row MERGE (s:{start} {{id: row.source}}) MERGE (t:{end} {{id: row.target}}) "
            f"MERGE (s)-[r:{rel_type}]->(t) SET r += row.properties")
