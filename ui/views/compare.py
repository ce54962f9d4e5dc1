"""Compare: the caption-only vs caption+image evaluation report, if the evaluation has been run."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from ui import resources

REPORT = Path(resources.settings().compare_report or Path(__file__).resolve().parents[2] / "docs" / "eval_compare.md")
COMMAND = ("python -m research.evaluate compare --dataset mvsa:PATH/posts.csv "
           "[--dataset senticap:PATH/senticap_test.csv] --out docs/eval_compare.md")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")

st.title("Compare: caption only vs caption + image")

if not REPORT.is_file():
    st.info("No comparison report yet (docs/eval_compare.md is missing). Run the caption-only vs caption+image "
            f"evaluation, `{COMMAND}`; it writes the report and its charts in docs/eval_compare/, and this page "
            "shows them.")
else:
    text = REPORT.read_text(encoding="utf-8")
    st.caption(f"Report: {REPORT}")
    position = 0
    for match in IMAGE.finditer(text):  # st.markdown cannot show local images: draw them with st.image
        st.markdown(text[position:match.start()])
        image = (REPORT.parent / match.group(2)).resolve()
        if image.is_file():
            st.image(str(image), caption=match.group(1) or None)
        else:
            st.warning(f"chart missing: {match.group(2)}")
        position = match.end()
    st.markdown(text[position:])
