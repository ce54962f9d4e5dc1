"""Caption language: how often English is read as another language (which switches English-only models off).

    # measure the detector with and without the English-word fallback (dev: a SemEval sample; held out: TweetEval
    # val and Flickr8k captions; non-English: spaCy's example sentences of other languages, half dev, half test)
    python -m research.evaluate language --semeval ../shared/data/semeval/train.csv \
        --tweeteval ../shared/data/tweeteval/val.csv --flickr8k ../shared/data/flickr8k/captions.csv \
        [--tune] [--out docs/eval_language/report.md]

English texts are scored as they are and cut to their first k words (k = 2..6: short captions, the case the
lite fastText model gets wrong). "Switched off" is what the pipeline does with the language: English-only
caption sentiment steps aside for any language other than en/und, NER and topics for one detected with
confidence >= 0.5. Non-English sentences are scored for how many are turned English (lost).
`--tune` searches the fallback's parameters on the dev sets only and prints the grid.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.language import (
    ENGLISH_FALLBACK,
    RIVAL_LANGUAGES,
    EnglishFallback,
    LanguageGuess,
    decide,
    detect_raw,
    language_text,
)
from research.report_file import write_report

DEV_SIZE = 5_000
FLICKR_SIZE = 5_000
PREFIX_WORDS = (2, 3, 4, 5, 6)
NER_MIN_SCORE = 0.5  # EntityExtractor / topics skip a caption confidently in another language
STORE_MIN_SCORE = 0.3  # LanguageExtractor's min_score: below it the language is 'und'
BUCKETS = ((1, 3), (4, 6), (7, 10), (11, 15), (16, 10_000))
SKIP_SPACY = frozenset({"en", "xx"})  # English, and 'xx' (a mix that includes English sentences)


@dataclass(frozen=True)
class Text:
    id: str
    text: str  # already the language view (language_text)
    lang: str  # the truth: 'en' or the spaCy module's code


def by_hash(ids_texts: Sequence[tuple[str, str]], size: int, salt: str) -> list[tuple[str, str]]:
    """A fixed sample: the `size` rows whose sha256(salt:id) is smallest (independent of file order)."""
    return sorted(ids_texts, key=lambda row: hashlib.sha256(f"{salt}:{row[0]}".encode()).digest())[:size]


def english_sets(args: argparse.Namespace) -> dict[str, list[Text]]:
    from research.evaluation.datasets import load_dataset

    sets: dict[str, list[Text]] = {}
    if args.semeval:
        rows = load_dataset(f"semeval:{args.semeval}").rows
        sample = by_hash([(r.id, r.text) for r in rows], DEV_SIZE, "language")
        sets["semeval dev (5,000 by hash)"] = [Text(i, language_text(t), "en") for i, t in sample]
    if args.tweeteval:
        rows = load_dataset(f"tweeteval:{args.tweeteval}").rows
        sets["tweeteval val (held out)"] = [Text(r.id, language_text(r.text), "en") for r in rows]
    if args.flickr8k:
        with Path(args.flickr8k).open(encoding="utf-8") as handle:
            captions = [(f"flickr-{n}", row["caption"]) for n, row in enumerate(csv.DictReader(handle))]
        sets["flickr8k captions (held out, 5,000 by hash)"] = [
            Text(i, language_text(t), "en") for i, t in by_hash(captions, FLICKR_SIZE, "language")]
    return sets


def spacy_examples() -> dict[str, list[Text]]:
    """spaCy's example sentences of every language but English, split in half by a hash of (language, number)."""
    import importlib
    import pkgutil

    import spacy.lang

    parts: dict[str, list[Text]] = {"dev": [], "test": []}
    for module in sorted(pkgutil.iter_modules(spacy.lang.__path__), key=lambda m: m.name):
        if module.name in SKIP_SPACY or not module.ispkg:
            continue
        try:
            sentences = importlib.import_module(f"spacy.lang.{module.name}.examples").sentences
        except (ImportError, AttributeError):
            continue
        for number, sentence in enumerate(sentences):
            part = "dev" if hashlib.sha256(f"language:{module.name}:{number}".encode()).digest()[0] % 2 else "test"
            parts[part].append(Text(f"{module.name}-{number}", language_text(sentence), module.name))
    return parts


def prefixes(texts: Sequence[Text], words: int) -> list[Text]:
    """Each text with more than `words` words cut to its first `words` words."""
    out = []
    for t in texts:
        split = t.text.split()
        if len(split) > words:
            out.append(Text(t.id, " ".join(split[:words]), t.lang))
    return out


class Decider:
    """The detector's answers cached per text, so many fallback settings cost no new detection."""

    def __init__(self) -> None:
        self._raw: dict[str, tuple[str, float] | None] = {}

    def __call__(self, text: str, fallback: EnglishFallback | None) -> LanguageGuess:
        if text not in self._raw:
            self._raw[text] = detect_raw(text)
        return decide(text, self._raw[text], STORE_MIN_SCORE, fallback)


def switched_off(guess: LanguageGuess) -> tuple[bool, bool]:
    """(sentiment off, NER off) for an English text given the stored language."""
    other = guess.lang not in ("en", "und")
    return other, other and guess.score >= NER_MIN_SCORE


def english_rates(texts: Sequence[Text], guess: Callable[[str], LanguageGuess]) -> tuple[float, float]:
    results = [switched_off(guess(t.text)) for t in texts]
    n = max(len(results), 1)
    return sum(s for s, _ in results) / n, sum(e for _, e in results) / n


def lost_rate(texts: Sequence[Text], guess: Callable[[str], LanguageGuess]) -> float:
    """Share of non-English texts stored as English."""
    return sum(guess(t.text).lang == "en" for t in texts) / max(len(texts), 1)


def english_variants(texts: Sequence[Text]) -> list[tuple[str, list[Text]]]:
    return [("as written", list(texts))] + [(f"first {k} words", prefixes(texts, k)) for k in PREFIX_WORDS]


def bucket_of(text: str) -> str:
    n = len(text.split())
    for low, high in BUCKETS:
        if low <= n <= high:
            return f"{low}-{high}" if high < 10_000 else f"{low}+"
    return "0"


def english_report(name: str, texts: Sequence[Text], decider: Decider, fallback: EnglishFallback) -> list[str]:
    before = lambda t: decider(t, None)
    after = lambda t: decider(t, fallback)
    lines = [f"### {name}", "", "| texts | n | sentiment off, before | after | NER off, before | after |",
             "|---|---|---|---|---|---|"]
    for label, chosen in english_variants(texts):
        b, a = english_rates(chosen, before), english_rates(chosen, after)
        lines.append(f"| {label} | {len(chosen)} | {b[0]:.2%} | {a[0]:.2%} | {b[1]:.2%} | {a[1]:.2%} |")
    lines += ["", "As written, by length (words of the language view):", "",
              "| words | n | sentiment off, before | after |", "|---|---|---|---|"]
    for low, high in BUCKETS:
        key = f"{low}-{high}" if high < 10_000 else f"{low}+"
        chosen = [t for t in texts if bucket_of(t.text) == key]
        if chosen:
            b, a = english_rates(chosen, before), english_rates(chosen, after)
            lines.append(f"| {key} | {len(chosen)} | {b[0]:.2%} | {a[0]:.2%} |")
    short = [t for _, v in english_variants(texts) for t in v]
    langs_before = Counter(before(t.text).lang for t in short)
    langs_after = Counter(after(t.text).lang for t in short)
    others = [(lang, count) for lang, count in langs_before.most_common() if lang not in ("en", "und")][:10]
    lines += ["", "Languages English was read as (all rows above, as written and cut): " + ", ".join(
        f"{lang} {count} -> {langs_after.get(lang, 0)}" for lang, count in others), ""]
    return lines


def non_english_report(parts: dict[str, list[Text]], decider: Decider, fallback: EnglishFallback) -> list[str]:
    lines = ["### Non-English sentences (spaCy's examples of other languages)", "",
             "| part | texts | n | stored as English, before | after | detected as their own language, after |",
             "|---|---|---|---|---|---|"]
    for part, texts in parts.items():
        for label, chosen in [("as written", texts)] + [(f"first {k} words", prefixes(texts, k)) for k in (3, 5)]:
            before = lost_rate(chosen, lambda t: decider(t, None))
            after = lost_rate(chosen, lambda t: decider(t, fallback))
            own = sum(decider(t.text, fallback).lang == t.lang for t in chosen) / max(len(chosen), 1)
            lines.append(f"| {part} | {label} | {len(chosen)} | {before:.2%} | {after:.2%} | {own:.2%} |")
    test = [*parts["test"], *prefixes(parts["test"], 3), *prefixes(parts["test"], 5)]
    lost = [t for t in test if decider(t.text, fallback).lang == "en" and decider(t.text, None).lang != "en"]
    lines += ["", "Test texts (as written or cut) the fallback turns English: " + ("; ".join(
        f"{t.lang}: '{t.text}'" for t in lost) or "none"), ""]
    return lines


def tune(dev: Sequence[Text], foreign_dev: Sequence[Text], decider: Decider) -> list[str]:
    """Grid over the fallback's settings on dev rows only: English switched off vs non-English lost."""
    english = [t for _, v in english_variants(dev) for t in v]
    foreign_full = list(foreign_dev)
    foreign_short = [t for k in PREFIX_WORDS for t in prefixes(foreign_dev, k)]
    lines = [("| word_zipf | margin | min_share | max_words | rivals | English off (all dev rows) | non-English lost "
              "(as written) | non-English lost (cut) |"), "|---|---|---|---|---|---|---|---|"]
    base = (english_rates(english, lambda t: decider(t, None))[0], lost_rate(foreign_full, lambda t: decider(t, None)),
            lost_rate(foreign_short, lambda t: decider(t, None)))
    lines.append(f"| (no fallback) | | | | | {base[0]:.2%} | {base[1]:.2%} | {base[2]:.2%} |")
    for zipf, margin, share, words, rivals in itertools.product(
            (2.5, 3.0, 3.5), (0.0, 1.0), (0.5, 0.6, 0.75, 1.0), (4, 6, 8, 12, None), ((), RIVAL_LANGUAGES)):
        fallback = EnglishFallback(zipf, margin, share, words, rivals)
        off = english_rates(english, lambda t, f=fallback: decider(t, f))[0]
        lost = lost_rate(foreign_full, lambda t, f=fallback: decider(t, f))
        lost_short = lost_rate(foreign_short, lambda t, f=fallback: decider(t, f))
        lines.append(f"| {zipf} | {margin} | {share} | {words} | {'+'.join(rivals) or '-'} | {off:.2%} | {lost:.2%} "
                     f"| {lost_short:.2%} |")
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--semeval", type=Path, default=None, help="semeval/train.csv (the dev sample comes from it)")
    parser.add_argument("--tweeteval", type=Path, default=None, help="tweeteval/val.csv (held out: report only)")
    parser.add_argument("--flickr8k", type=Path, default=None, help="flickr8k/captions.csv (held out: report only)")
    parser.add_argument("--tune", action="store_true", help="print the fallback's grid on the dev sets")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here")


def run(args: argparse.Namespace) -> int:
    for path in (args.semeval, args.tweeteval, args.flickr8k):
        if path is not None and not Path(path).is_file():
            raise SystemExit(f"not found: {path}")
    sets = english_sets(args)
    parts = spacy_examples()
    decider = Decider()
    lines = [f"Fallback: {ENGLISH_FALLBACK}", ""]
    if args.tune:
        dev = next((v for k, v in sets.items() if k.startswith("semeval")), None)
        if dev is None:
            raise SystemExit("--tune needs --semeval (the dev sample)")
        lines += ["## Tuning grid (dev: SemEval sample, spaCy examples' dev half)", ""]
        lines += tune(dev, parts["dev"], decider) + [""]
    for name, texts in sets.items():
        lines += english_report(name, texts, decider, ENGLISH_FALLBACK)
    lines += non_english_report(parts, decider, ENGLISH_FALLBACK)
    text = "\n".join(lines)
    print(text)
    if args.out:
        write_report(args.out, text)
    return 0
