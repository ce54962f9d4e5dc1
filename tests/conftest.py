"""Shared fixtures. Tests never touch the network: model hubs are forced offline here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# A developer's shell may hold app settings (FEEDLENS_HOME, FEEDLENS_LLM_PROVIDER=none, ...), which changed what three
# agent tests saw; tests set the settings they need themselves. Test knobs (FEEDLENS_TEST_*, FEEDLENS_SCREENSHOTS,
# FEEDLENS_PROPERTY_*, FEEDLENS_UI_*) stay.
TEST_KNOBS = ("FEEDLENS_TEST_", "FEEDLENS_SCREENSHOTS", "FEEDLENS_PROPERTY_", "FEEDLENS_UI_")
for _name in [n for n in os.environ if n.startswith("FEEDLENS_") and not n.startswith(TEST_KNOBS)]:
    del os.environ[_name]

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
