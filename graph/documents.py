"""langchain GraphDocuments as FeedLens write batches, for `add_graph_documents` on both stores without APOC.

FeedLens's own loader writes through `write_rows`; this exists so LangChain tools that build graphs
(LLMGraphTransformer and friends) work against either backend, and because langchain-neo4j's GraphStore
protocol, which graph.store.GraphStore extends, has the method. The statements are in graph/queries/documents.py;
labels and relationship types that contain a backtick are refused here, with a message that says so.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from hashlib import md5
from typing import Any

from core.errors import FeedLensError
from graph.queries import documents as statements
from graph.queries.catalog import quotable
from graph.schema import to_param


def _name(name: str, what: str) -> str:
    cleaned = str(name).replace(" ", "_") if what == "relationship type" else str(name)
    if not quotable(cleaned):
        raise FeedLensError(f"Cannot store a graph document with the {what} {name!r}: rename it without backticks.")
    return cleaned


def graph_document_writes(graph_documents: Iterable[Any], include_source: bool = False) -> list[tuple[str, list]]:
    """(query, rows) pairs that MERGE the documents' nodes, relationships and optionally their sources."""
    writes: list[tuple[str, list]] = []
    for doc in graph_documents:
        doc_id = None
        if include_source:
            if doc.source is None:
                raise TypeError("include_source is set to True, but at least one document has no `source`.")
            metadata = dict(doc.source.metadata or {})
            doc_id = str(metadata.get("id") or md5(doc.source.page_content.encode("utf-8")).hexdigest())
            meta = {k: to_param(v) for k, v in metadata.items() if not isinstance(v, dict)}
            writes.append((statements.MERGE_SOURCES,
                           [{"id": doc_id, "text": doc.source.page_content, "metadata": meta}]))
        nodes: dict[str, list[dict]] = defaultdict(list)
        for node in doc.nodes:
            nodes[_name(node.type, "node label")].append(
                {"id": to_param(node.id), "properties": to_param(node.properties or {}), "doc": doc_id}
            )
        for label, rows in nodes.items():
            writes.append((statements.merge_nodes(label), rows))
            if doc_id is not None:
                writes.append((statements.link_to_source(label), rows))
        rels: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for rel in doc.relationships:
            key = (_name(rel.source.type, "node label"), _name(rel.type.upper(), "relationship type"),
                   _name(rel.target.type, "node label"))
            rels[key].append({"source": to_param(rel.source.id), "target": to_param(rel.target.id),
                              "properties": to_param(rel.properties or {})})
        for (start, rel_type, end), rows in rels.items():
            writes.append((statements.merge_relationships(start, rel_type, end), rows))
    return writes
