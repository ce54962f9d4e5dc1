"""Evaluation of FeedLens extractors on labelled public data (metrics, dataset loaders, one module per sub-command)."""
