"""A lower-case hashtag split into the words it runs together: '#catsofinstagram' -> 'cats of instagram'.

CamelCase hashtags are split by their capitals (social_text.split_hashtag); most Instagram hashtags are written
in lower case ('#catsofinstagram', '#foodporn', '#blackandwhite', '#staystrong'), one token MiniLM and c-TF-IDF
cannot read as the words they are. This is the unigram segmentation of Norvig's "Natural Language Corpus Data"
(also ekphrasis' hashtag segmenter), scored with wordfreq's English frequencies: the split into known words with
the highest product of word probabilities wins, unless the hashtag itself is a common enough word. Words of
another language are left alone: every piece must be a common English word ('katze' and 'weihnachten' stay).
"""
from __future__ import annotations

import functools

from extractors.word_frequency import zipf

MIN_LENGTH = 6  # shorter hashtags are words or acronyms ('#tbt', '#yolo', '#ootd')
MAX_LENGTH = 40
MAX_PIECE = 20
KEEP_WORD_ZIPF = 2.5  # a hashtag this common as a word is that word ('#together', not 'to get her'; '#seething')
PIECE_ZIPF = 3.0  # each piece of 4+ letters must be at least this common
THREE_LETTER_ZIPF = 3.5  # a three-letter piece a little more ('the', 'day', 'big'; not 'ers', 'har', 'mmm', 'spo')
SHORT_PIECE_ZIPF = 5.0  # a two-letter piece must be a function word ('of', 'in', 'my', 'no'), not 'mm' or 'ze'
ONE_LETTER = frozenset({"a", "i"})
# a hashtag is more likely words run together than a rare word: the split wins unless the whole word is more than
# this much likelier (log10); wordfreq counts hashtags of tweets as words ('foodporn' 1.7, 'nofilter' 1.6), which
# would otherwise make the run-together token likelier than its words
SPLIT_BONUS = 1.5


def _piece_score(piece: str) -> float | None:
    """log10 probability of one piece as an English word, or None when it may not be a piece."""
    if len(piece) == 1:
        return zipf(piece) - 9 if piece in ONE_LETTER else None
    frequency = zipf(piece)
    if frequency < {2: SHORT_PIECE_ZIPF, 3: THREE_LETTER_ZIPF}.get(len(piece), PIECE_ZIPF):
        return None
    return frequency - 9


@functools.lru_cache(maxsize=16384)
def segment(word: str) -> tuple[str, ...]:
    """The words `word` (lower-case ASCII letters) runs together, or (word,) when it is one word, not English or
    cannot be covered by common words."""
    if not (MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isascii() and word.isalpha() and word.islower()):
        return (word,)
    whole = zipf(word)
    if whole >= KEEP_WORD_ZIPF:
        return (word,)
    n = len(word)
    # best[i]: (log10 probability, pieces) of the best split of word[:i] into at least one piece
    best: list[tuple[float, tuple[str, ...]] | None] = [(0.0, ())] + [None] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PIECE), end):
            head = best[start]
            if head is None or (start == 0 and end == n):  # the whole word is not a split
                continue
            score = _piece_score(word[start:end])
            if score is None:
                continue
            candidate = (head[0] + score, (*head[1], word[start:end]))
            current = best[end]
            if current is None or candidate[0] > current[0]:
                best[end] = candidate
    found = best[n]
    if found is None:
        return (word,)
    if whole > 0 and whole - 9 > found[0] + SPLIT_BONUS:
        return (word,)
    return found[1]
