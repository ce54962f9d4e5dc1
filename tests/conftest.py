"""Shared fixtures. Tests never touch the network: model hubs are forced offline here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a skip with the reason when this machine does not have it (as on users' machines)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real evaluation data not present at {SHARED_DATA}")
    return SHARED_DATA

pytest_plugins = ["tests.support.graph_server"]
