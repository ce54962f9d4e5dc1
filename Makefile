# FeedLens: `make demo` sets up everything and opens the app on a demo collection; `make test` runs the tests.
# Both work on a fresh machine with Python 3.11 and access to PyPI (no model hub needed).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOME_DIR ?= .feedlens
DEMO_DIR := $(HOME_DIR)/demo
PORT ?= 8501
export HF_HUB_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false
# pip keeps no second copy of the wheels it downloads: the CUDA torch alone is several GB, and a full cache next to
# the installed venv ran a CI machine out of disk (ENOSPC during install). Set PIP_NO_CACHE_DIR=0 to cache.
export PIP_NO_CACHE_DIR ?= 1

.PHONY: demo install install-dev install-llm test test-fast load-demo app bench clean-graph

demo: install install-llm load-demo app

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip >/dev/null

# the stamp files make re-runs instant while requirements are unchanged
# TORCH_INDEX_URL: where to take torch from first (e.g. PyTorch's CPU-only index; see the README)
TORCH_INDEX_URL ?=

$(VENV)/.installed: requirements.txt scripts/install_extras.sh | $(PY)
	@$(PY) -c "import shutil; free = shutil.disk_usage('.').free / 1e9; \
	print(f'note: {free:.1f} GB free here; installing needs about 10 GB (peak, CUDA torch from PyPI)') if free < 10 else None"
	$(if $(TORCH_INDEX_URL),$(PIP) install "$$(grep '^torch==' requirements.txt)" --index-url $(TORCH_INDEX_URL))
	$(PIP) install -r requirements.txt
	bash scripts/install_extras.sh $(PY)
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -r requirements-dev.txt
	touch $@

$(VENV)/.installed-llm: requirements-llm.txt scripts/install_llm.sh $(VENV)/.installed
	$(PIP) install -r requirements-llm.txt
	bash scripts/install_llm.sh $(PY)
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-llm: $(VENV)/.installed-llm

load-demo: install
	$(PY) -m data.demo $(DEMO_DIR)
	$(PY) -m ingest $(DEMO_DIR) --pipeline full

app: install
	$(VENV)/bin/streamlit run ui/app.py --server.port $(PORT) --server.headless true --client.toolbarMode minimal

test: install-dev install-llm
	bash scripts/run_tests.sh $(PY)

test-fast: install-dev
	$(PY) -m pytest -m "not slow and not docker and not neo4j and not browser" -q

bench: install
	$(PY) bench/ingest.py

clean-graph:
	$(PY) -m graph.falkordb_server stop || true
	rm -rf $(HOME_DIR)/falkordb
