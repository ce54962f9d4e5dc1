"""Training of the packaged heads: the caption-sentiment head, the image-sentiment head and the fusion head.

Built on research.evaluation (the shared split, dataset readers and metrics); the heads they write are loaded by
the runtime extractors (extractors/sentiment, extractors/image_sentiment, extractors/fusion.py).
"""
