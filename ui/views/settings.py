"""Settings: what FeedLens is configured to use, what is missing, and which environment variable changes it."""
from __future__ import annotations

import importlib.util

import streamlit as st

from core.errors import FeedLensError
from ui import resources
from ui.agent_bridge import chat_model_status

GRAPH_VARS = ["home", "backend", "graph_name", "neo4j_uri", "neo4j_username", "neo4j_database"]
MODEL_VARS = ["embedding_model", "sentiment_backend", "sentiment_model", "spacy_model", "image_model",
              "offline_captioner", "captioner_model", "torch_threads", "device", "query_timeout_ms", "query_row_limit"]
LLM_VARS = ["provider", "model", "base_url", "threads", "n_ctx", "max_tokens", "temperature", "few_shot_k",
            "max_retries"]


def table(obj: object, names: list[str], prefix: str) -> list[dict[str, str]]:
    """Rows of setting, value and the environment variable that sets it."""
    return [{"setting": n, "value": str(getattr(obj, n, "")) or "(empty)", "env var": f"{prefix}{n.upper()}"}
            for n in names if hasattr(obj, n)]


st.title("Settings")
st.markdown("FeedLens reads its settings from environment variables (or a `.env` file in the folder you start it "
            "from). Change one and restart the app, e.g. `FEEDLENS_BACKEND=neo4j streamlit run ui/app.py`.")

cfg = resources.settings()
st.subheader("Graph")
rows = table(cfg, GRAPH_VARS, "FEEDLENS_")
for row in rows:
    if row["setting"].startswith("neo4j_"):  # Neo4j also reads the names docker compose uses
        row["env var"] = row["env var"].replace("FEEDLENS_", "")
rows.append({"setting": "neo4j_password", "value": "set" if cfg.neo4j_password.get_secret_value() else "(not set)",
             "env var": "NEO4J_PASSWORD"})
st.dataframe(rows, hide_index=True, width="stretch")
try:
    st.success(f"Graph reachable ({cfg.backend}): {resources.post_count():,} posts.")
except FeedLensError as exc:
    st.error(f"Graph not reachable: {exc}")
if cfg.backend == "neo4j" and not cfg.neo4j_password.get_secret_value():
    st.warning("FEEDLENS_BACKEND=neo4j but NEO4J_PASSWORD is not set.")

st.subheader("Extractor models")
st.dataframe(table(cfg, MODEL_VARS, "FEEDLENS_"), hide_index=True, width="stretch")
if importlib.util.find_spec("torch") is None:
    st.warning("torch is not installed: the text and full pipelines will not run (pip install torch==2.13.0).")

st.subheader("Chat model (LLM)")
agent_cfg = cfg.agent
rows = table(agent_cfg, LLM_VARS, "FEEDLENS_LLM_")
rows.append({"setting": "api_key", "value": "set" if agent_cfg.api_key.get_secret_value() else "(not set)",
             "env var": "FEEDLENS_LLM_API_KEY / OPENAI_API_KEY / ANTHROPIC_API_KEY"})
st.dataframe(rows, hide_index=True, width="stretch")
ok, message = chat_model_status()
if ok:
    st.success(message)
else:
    st.warning(message)
