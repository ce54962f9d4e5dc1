"""Evaluation of FeedLens extractors on labelled public data: dataset readers and their cached features, metrics,
result types, one module per `python -m research.evaluate` sub-command and its report, and standalone studies."""
