"""Ingest: read a source into posts, run the extractors, write the knowledge graph.

`python -m ingest PATH` is the batch load; the Streamlit Import page runs the same steps. The graph side
(stores, writer, queries) stays in graph/; this package drives it.
"""
