"""Chat: ask your graph questions in plain words; answers cite the posts behind them."""
from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

import streamlit as st

from agent.answer import count_of
from graph import queries
from ui import agent_bridge, resources, state
from ui.components import post_grid, require_graph

FLAGSHIP = "Which topics are mostly negative?"
MAX_CITED = 8


def examples() -> list[str]:
    """Questions this graph can answer: its largest topic and most named place or person, not fixed words (on the
    demo, 'food' is no topic, and the first example answered 'No topic food is in your graph')."""
    found = [FLAGSHIP]
    topics = resources.rows(queries.UI_TOPIC_CHOICES, limit=1)
    if topics:
        found.insert(0, f"How many posts are about {topics[0]['name']}?")
    named = resources.rows(queries.UI_ENTITY_CHOICES, limit=1)  # a name, never an @mention or a hashtag
    if named:
        found.append(f"Show my posts that mention {named[0]['name']}")
    return found


def show_answer(answer: dict[str, Any], index: int) -> None:
    """Answer text (or a polite error), thumbnails of cited posts, and the Cypher with its rows."""
    error, text = answer.get("error"), answer.get("answer")
    if error:  # the agent's answer text is already user-facing; the error is the technical detail
        st.warning(text or f"Sorry, I could not answer that: {error}")
        if text and error not in text:
            st.caption(f"details: {error}")
    else:
        st.markdown(answer.get("answer") or "No answer.")
    cited = list(answer.get("post_ids") or [])
    ids = cited[:MAX_CITED]
    if len(cited) > len(ids):  # say the grid is a sample, not everything the answer found
        st.caption(f"Showing {len(ids)} of the {len(cited)} posts behind this answer (all of them are in the rows "
                   "below the Cypher).")
    if ids:
        cards = resources.rows(queries.UI_POST_CARDS, ids=ids)
        order = {pid: n for n, pid in enumerate(ids)}
        post_grid(sorted(cards, key=lambda c: order.get(c["id"], 0)), key=f"cite{index}", go_to_browse=True)
    if answer.get("cypher"):
        with st.expander(query_label(answer)):
            st.code(answer["cypher"], language="cypher")
            if answer.get("rows"):
                st.dataframe(answer["rows"][:200], hide_index=True, width="stretch")


def query_label(answer: dict[str, Any]) -> str:
    """'Cypher and 3 rows · from the question parser, 0.0 s': who wrote the query, not an internal retry count."""
    rows, attempts = len(answer.get("rows") or []), int(answer.get("attempts") or 0)
    author = ("from the question parser" if answer.get("route") == "parser" else
              f"written by the language model ({count_of(attempts, 'attempts')})")
    return f"Cypher and {count_of(rows, 'rows')} · {author}, {answer.get('seconds', 0):.1f} s"


st.title("Chat with your photos")
ok, reason = agent_bridge.agent_status()
if require_graph():
    if not ok:
        st.warning(reason)
    history = state.chat_history()
    if not history:
        st.caption("Try: " + " · ".join(f"“{q}”" for q in examples()))
    for index, message in enumerate(history):
        with st.chat_message(message["role"]):
            if message.get("answer"):
                show_answer(message["answer"], index)
            else:
                st.markdown(message["content"])
    if history and st.button("Clear conversation"):
        history.clear()
        agent_bridge.reset_conversation()
        st.rerun()
    question = st.chat_input("Ask about your posts…", disabled=not ok)
    if question is not None and not question.strip():  # a blank bubble in the history helps nobody
        st.info(f"Type a question about your posts, e.g. “{FLAGSHIP}”")
    elif question:
        history.append({"role": "user", "content": question})
        with st.chat_message("user"):
            st.markdown(question)
        with st.chat_message("assistant"), st.spinner("Thinking… (the local model takes a few seconds)"):
            result = agent_bridge.ask(question)
            answer = asdict(result) if is_dataclass(result) else dict(result)
            history.append({"role": "assistant", "content": answer.get("answer", ""), "answer": answer})
            show_answer(answer, len(history) - 1)
