"""Builders for importer test inputs: real files written into a tmp folder (no binaries are committed)."""
