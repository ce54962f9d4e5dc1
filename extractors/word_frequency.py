"""How common a word is (wordfreq's Zipf scale: 0 unknown .. ~7 'the'), cached: entity cleaning and language
detection both ask about the same caption words."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=65536)
def zipf(word: str, lang: str = "en") -> float:
    """wordfreq's Zipf frequency of `word` in `lang` (0.0 for a word it has never seen)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))
