"""Social-media text clean-up shared by the caption extractors.

Tweets and captions carry URLs, "RT @user:" prefixes, @mentions, #CamelCaseHashtags and emoji. Models trained
on plain sentences read them badly, so each extractor asks for the view it needs: sentiment wants hashtags
split into words and emoji kept, KeyBERT wants neither URLs nor mentions, NER wants the text as written minus
URLs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.hashtag_words import segment

# Version of the views below; extractors that read a view put it in their own version, so a change re-extracts.
# 2: a URL cut off by a truncated tweet ("... #Foodporn htt…", "http:/…") is removed like a whole URL.
# (for_topics splitting run-together hashtags is versioned by its only extractor: extractors/topics.RULES_VERSION 4,
# so the sentiment, entity and language results, whose views did not change, are not recomputed.)
VIEWS_VERSION = "2"
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\S+\.(?:com|net|org|ly|co)/\S*", re.IGNORECASE)
# What a retweet truncated mid-URL leaves at its end: 154 of MVSA's 2,047 tweets ("htt…", "http:/…", "ht…",
# a bare "http"); left in, "htt" became half of topics ("paralyzed htt") and noise in every view.
TRUNCATED_URL_RE = re.compile(
    r"(?:^|\s)(?:(?:h|ht|htt|https?)(?::/{0,2})?(?:…|\.\.\.)|(?:htt|https?)(?::/{0,2})?)\s*$", re.IGNORECASE
)
RT_RE = re.compile(r"^\s*RT\s+@\w+\s*:?\s*", re.IGNORECASE)
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")
HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")
CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
WHITESPACE_RE = re.compile(r"\s+")
HTML_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}


def split_hashtag(tag: str, run_together: bool = False) -> str:
    """'#BestDayEver' -> 'best day ever'; '#nyc2019' -> 'nyc 2019'; lower-case words for models. With
    `run_together`, a lower-case word is split into the English words it runs together too ('#catsofinstagram' ->
    'cats of instagram', extractors.hashtag_words)."""
    words = CAMEL_RE.findall(tag.lstrip("#")) or [tag.lstrip("#")]
    if run_together:
        words = [piece for word in words for piece in (segment(word.lower()) if word.isalpha() else (word,))]
    return " ".join(word.lower() for word in words)


def hashtags(text: str) -> list[str]:
    """Hashtags as written minus '#', lower-cased, first occurrence order, no duplicates."""
    return list(dict.fromkeys(tag.lower() for tag in HASHTAG_RE.findall(text)))


def mentions(text: str) -> list[str]:
    """@mentions minus '@', lower-cased, first occurrence order, no duplicates (e-mail addresses excluded)."""
    return list(dict.fromkeys(name.lower() for name in MENTION_RE.findall(text)))


def _unescape(text: str) -> str:
    for entity, char in HTML_ENTITIES.items():
        text = text.replace(entity, char)
    return text


@dataclass(frozen=True)
class TextViews:
    """The views of one caption that different extractors need."""

    original: str
    for_sentiment: str  # URLs and RT prefix gone, mentions -> '@user', hashtags split into words, emoji kept
    for_topics: str  # URLs, mentions, RT gone; hashtags split into words, run-together ones too; emoji removed
    for_entities: str  # URLs and RT prefix gone, text otherwise as written
    # for_sentiment with every emoji replaced by its name in words ('😾' -> 'pouting cat'): what the sentiment
    # head's MiniLM embedding reads (shared.sentiment_embedding), since MiniLM's uncased BERT vocabulary turns
    # most emoji into [UNK]. Topics and their shared caption embedding do not use it.
    for_embedding: str = ""


def text_views(text: str) -> TextViews:
    """Build every view of a caption in one pass over it."""
    base = _unescape(RT_RE.sub("", text or ""))
    base = TRUNCATED_URL_RE.sub(" ", URL_RE.sub(" ", base))
    entities = WHITESPACE_RE.sub(" ", base).strip()
    with_tags_split = HASHTAG_RE.sub(lambda m: split_hashtag(m.group(1)), base)
    sentiment = WHITESPACE_RE.sub(" ", MENTION_RE.sub("@user", with_tags_split)).strip()
    # topics read run-together hashtags as their words; sentiment keeps the view its head was trained on
    topics = MENTION_RE.sub(" ", HASHTAG_RE.sub(lambda m: split_hashtag(m.group(1), run_together=True), base))
    topics = "".join(ch for ch in topics if not _is_emoji(ch))
    topics = WHITESPACE_RE.sub(" ", topics).strip()
    return TextViews(original=text or "", for_sentiment=sentiment, for_topics=topics, for_entities=entities,
                     for_embedding=emoji_as_words(sentiment))


_EMOJI_NAME_RE = re.compile(r":([A-Za-z0-9_&'.,!()*#-]+):")
_SKIN_TONE_RE = re.compile(r"_?(?:light|medium-light|medium|medium-dark|dark)_skin_tone")


def emoji_as_words(text: str) -> str:
    """'Giving up. ☕️👎' -> 'Giving up. hot beverage thumbs down' (names from the emoji package, skin tones
    dropped, underscores as spaces); the text unchanged when it has no emoji or the package is missing."""
    if not any(_is_emoji(ch) or ord(ch) > 0x2000 for ch in text):
        return text
    try:
        import emoji
    except ImportError:
        return text
    named = emoji.demojize(text, delimiters=(" :", ": "))
    if named == text:
        return text
    words = _EMOJI_NAME_RE.sub(lambda m: " " + _SKIN_TONE_RE.sub("", m.group(1)).replace("_", " ") + " ", named)
    return WHITESPACE_RE.sub(" ", words).strip()


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0xFE00 <= code <= 0xFE0F
        or code == 0x200D
        or 0x1F1E6 <= code <= 0x1F1FF
    )
