"""Ingest: read a source into posts, run the extractors, write the knowledge graph.

`python -m ingest PATH` (cli.py) and the Streamlit Import page both run ingest_source (source.py): import,
limit, extract and load (loading.py, with the pipelines of pipelines.py), save the report. The graph side
(stores, writer, queries) stays in graph/; this package drives it.
"""
