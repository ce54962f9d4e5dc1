"""Importers that turn social-media sources into Post objects, and the demo collection."""
