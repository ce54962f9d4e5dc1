"""Extractors read posts in batches and say what is in them (sentiment, topics, entities, image tags...)."""
