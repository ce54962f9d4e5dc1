"""`python -m ingest PATH ...`: the batch load (see ingest/cli.py)."""
import sys

from ingest.cli import main

sys.exit(main())
