"""`python -m graph.load PATH ...`: the old name of the batch load, kept because the README and users typed it.

The load itself lives in ingest/ (`python -m ingest`); this runs the same command with the same arguments.
"""
import sys

from ingest.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m graph.load"))
