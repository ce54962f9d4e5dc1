"""Pieces several pages draw: the thumbnail grid, the post detail view, sentiment badges, the no-graph hint."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from core import languages
from core.languages import UNDETERMINED
from graph import queries
from ui import resources, state
from ui.thumbs import thumbnail
from ui.verdicts import IMAGE_VERDICT_HELP, NO_CAPTION_HELP, image_verdict

NO_GRAPH = ("No graph loaded yet: run `make demo` / `python -m ingest PATH`, or use the **Import** page.")
# markdown colours, not emoji: they render in every browser and font (headless Chromium has no emoji font)
SENTIMENT_COLOURS = {"positive": "green", "neutral": "gray", "negative": "red"}


# what every page calls an entity: a name found in captions (graph/queries UI_ENTITY_CHOICES, UI_TOP_ENTITIES),
# never a hashtag or an @mention, which have their own lists
ENTITY_LABEL = "Person, place or organisation"
ENTITIES = "people, places and organisations"
ENTITY_KINDS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation",
                "NORP": "group", "EVENT": "event"}


def entity_kind(label: str | None) -> str:
    """'place' for spaCy's GPE: the kind of a name in words."""
    return ENTITY_KINDS.get(label or "", (label or "name").lower())


def language_name(code: str | None) -> str:
    """'French (fr)' for a detector code; 'undetermined' when the caption was too short to tell; '?' for none."""
    if not code:
        return "?"
    if code == UNDETERMINED:
        return "undetermined (too little text)"
    name = languages.language_name(code)
    return f"{name} ({code})" if name != code else code


def badge(label: str | None, score: float | None = None) -> str:
    """':green[positive] (+0.62)': a verdict as coloured markdown; '—' when there is none."""
    if not label:
        return "—"
    text = f":{SENTIMENT_COLOURS.get(label, 'gray')}[{label}]"
    return text + (f" ({score:+.2f})" if score is not None else "")


def short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_thumb(image_path: str | None, caption: str | None = None) -> None:
    """A cached thumbnail, or a grey placeholder when the post has no readable image."""
    thumb = thumbnail(resources.settings().home, image_path)
    if thumb is not None:
        st.image(str(thumb), width="stretch")
    else:
        st.markdown("<div style='aspect-ratio:4/3;width:100%;background:#eee;display:flex;align-items:center;"
                    "justify-content:center;color:#888;border-radius:6px'>no image</div>", unsafe_allow_html=True)


def generated_label(row: dict[str, Any], limit: int | None = 90) -> str:
    """A generated caption as shown: below the captioner's confidence gate it reads "probably: ..."."""
    text = row["generated_caption"] if limit is None else short(row["generated_caption"], limit)
    return f"probably: {text}" if row.get("caption_uncertain") else text


def withheld_caption_reason(notes: Sequence[str] | None, position: int | None) -> str | None:
    """Why the captioner wrote no sentence for the photo at `position`, from the post's notes ("image 0 caption: not
    described: ..."), or None when it did or the note is absent."""
    prefix = f"image {position or 0} caption: not described: "
    return next((note[len(prefix):] for note in notes or () if note.startswith(prefix)), None)


def post_grid(cards: Sequence[dict[str, Any]], key: str, columns: int = 4, go_to_browse: bool = False) -> None:
    """Thumbnails with date, verdict and caption; each has a button opening the post's detail view
    (on the Browse page: `go_to_browse` switches there, for grids drawn on other pages)."""
    cols = st.columns(columns)
    for index, card in enumerate(cards):
        with cols[index % columns], st.container(border=True):
            show_thumb(card.get("image_path"))
            st.caption(f"{(card.get('created_at') or 'no date')[:10]} · {badge(card.get('sentiment'))}")
            if card.get("caption"):
                st.markdown(short(card["caption"]))
            elif card.get("generated_caption"):  # the post has no caption: show the photo's, marked as generated
                st.markdown(f"_{generated_label(card)}_ · generated, may be wrong")
            else:
                st.markdown("(no caption)")
            if st.button("Open", key=f"{key}-{card['id']}"):
                state.open_post(card["id"])
                if go_to_browse:
                    st.switch_page(state.BROWSE_PAGE_PATH)
                st.rerun()


GENERATED_CAPTION_HELP = ("This post has no caption of its own: this verdict reads the caption generated from the "
                          "photo, so it is not independent of the image verdict.")


def _verdicts(post: dict[str, Any]) -> None:
    cols = st.columns(3)
    generated = bool(post.get("caption_generated"))
    caption_title = "Generated caption" if generated else "Caption"
    captionless = not generated and not str(post.get("caption") or "").strip()
    helps = {"caption_sentiment": GENERATED_CAPTION_HELP if generated else NO_CAPTION_HELP if captionless else None,
             "image_sentiment": IMAGE_VERDICT_HELP}
    for col, title, key in ((cols[0], caption_title, "caption_sentiment"), (cols[1], "Image", "image_sentiment"),
                            (cols[2], "Combined", "sentiment")):
        value, score = post.get(key), _score(post.get(f"{key}_score"))
        if key == "image_sentiment":
            value = image_verdict(value, post.get(f"{key}_score"))
        if key == "caption_sentiment" and captionless:  # the 'neutral' stored for an empty text is no verdict
            value, score = None, None
        col.metric(title, value or "—", score, delta_arrow="off", help=helps.get(key))


def _score(value: float | None) -> str | None:
    return None if value is None else f"{value:+.2f}"


def post_detail(post_id: str) -> bool:
    """The full view of one post; False when the post does not exist (any more)."""
    found = resources.rows(queries.UI_POST, id=post_id)
    if not found:
        return False
    post = found[0]
    images = resources.rows(queries.UI_POST_IMAGES, id=post_id)
    left, right = st.columns([2, 3])
    with left:
        for image in images or [{}]:
            show_thumb(image.get("path"))
            reason = withheld_caption_reason(post.get("notes"), image.get("position"))
            if reason:
                st.caption(f"generated sentence withheld: {reason}")
            if image.get("generated_caption"):
                st.caption(("composed from the photo's tags" if reason else
                            "generated caption (a machine guess from the photo, may be wrong)")
                           + f": {generated_label(image, limit=None)}")
    with right:
        st.markdown(f"**{(post.get('created_at') or 'no date')[:16].replace('T', ' ')}** · {post.get('source') or ''}"
                    f" · language: {language_name(post.get('language'))}")
        st.markdown(post.get("caption") or "_(no caption)_")
        _verdicts(post)
        _findings(post_id, images)
    return True


def _findings(post_id: str, images: list[dict[str, Any]]) -> None:
    topics = resources.rows(queries.UI_POST_TOPICS, id=post_id)
    entities = resources.rows(queries.UI_POST_ENTITIES, id=post_id)
    best: dict[str, float] = {}  # each tag with the tagger's highest confidence over the post's images
    for image in images:
        for tag, score in zip(image.get("tags") or [], image.get("scores") or [], strict=False):
            best[tag] = max(best.get(tag, 0.0), float(score or 0.0))
    st.markdown("**Topics:** " + (", ".join(f"`{t['topic']}`"
                                            + (" :material/photo_camera:" if t.get("from_image") else "")
                                            for t in topics) or "—"))
    names = [e for e in entities if e["label"] not in ("HASHTAG", "MENTION")]
    st.markdown(f"**{ENTITIES.capitalize()}:** "
                + (", ".join(f"`{e['name']}` ({entity_kind(e['label'])})" for e in names) or "—"))
    for label, title, sign in (("HASHTAG", "Hashtags", "#"), ("MENTION", "@mentions", "@")):
        st.markdown(f"**{title}:** " + (", ".join(f"`{sign}{e['name']}`" for e in entities if e["label"] == label)
                                        or "—"))
    tags = sorted(best, key=lambda t: (-best[t], t))
    st.markdown("**Image tags:** " + (", ".join(f"`{t}` {best[t]:.0%}" for t in tags) or "—"),
                help="the image tagger's confidence; below 30% it is a guess")
    if st.button("Show in graph", key=f"graph-{post_id}"):
        state.focus_graph("post", post_id)
        st.switch_page(state.GRAPH_PAGE_PATH)



def require_graph() -> bool:
    """True when posts are loaded; otherwise shows why not (no graph yet / graph unreachable)."""
    from core.errors import FeedLensError

    try:
        if resources.post_count():
            return True
    except FeedLensError as exc:
        st.error(f"The graph cannot be read: {exc}")
        return False
    st.info(NO_GRAPH)
    return False
