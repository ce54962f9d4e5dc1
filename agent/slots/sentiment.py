"""Sentiment: which verdict (caption, photo, overall), which value, negated."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import Filter
from agent.slots.common import CAPTION_SIDE, ONE, PHOTO_SIDE, SENT, SENTIMENT_OF, VERDICT_WORD, Rule, registrar
from agent.slots.values import TAGS, value_rule

RULES: list[Rule] = []
rule = registrar(RULES)

DISAGREE = r"(?:disagree|differ|conflict|mismatch|contradict|clash)\w*"


@rule(r"(?<!with )(?<!have )(?<!has )\b(?:the |my )?" + ONE + r"(?= posts? (?:(?:that |which )?"
      r"(?:are|is|were|was|looks?|seems?|feels?) )(?:not )?(?:" + SENT + r")\b)")
def _value_before_verdict(m: re.Match[str], s: ParseState) -> bool:
    """'my travel posts that are sad', 'the cycling posts that look upbeat': the value naming the posts whose verdict
    follows. Not said of photos: 'which cat photos are sad' may ask for the photo's verdict or the post's, and
    the suites' authors read it both ways, so it stays with the LLM."""
    return value_rule(("Topic",))(m, s) or value_rule(TAGS)(m, s)


@rule(r"\b(?:the )?caption(?: sentiment)? and (?:the )?photo(?: sentiment)? (?:that )?" + DISAGREE +
      r"|\b(?:the )?caption(?: sentiment)? (?:that )?" + DISAGREE + r" (?:with |from )?(?:the )?photo(?: sentiment)?"
      r"|\b(?:mismatched|mismatching|conflicting|different) caption and photo sentiments?\b"
      r"|\b(?:the |a )?caption and (?:the |a )?photo (?:with|having|that have|have|showing) (?:a )?"
      r"(?:different|opposite|contrasting|mismatched|conflicting) sentiments?\b"
      r"|\b(?:the |a |my )?(?:caption|text)s? (?:vs|versus|and) (?:the |a |my )?photos? (?:with |having |that have "
      r"|have )?"
      r"(?:(?:an? )?(?:opposite|opposing|contrary) sentiments?|(?:opposite|opposing|contrary)(?= ~))\b"
      r"|\b(?:the |a )?(?:caption|text) and (?:the |a )?photo (?:" + DISAGREE + r")(?: on sentiment)?"
      r" (?:with )?(?:one|1) (?:" + SENT + r") and the other (?:" + SENT + r")\b")
def _disagree(m: re.Match[str], s: ParseState) -> bool:
    """'the caption and photo with different sentiments': the verdicts differ; 'opposite' (or 'one happy and the
    other sad') is stronger: one side positive and the other negative."""
    opposite = re.search(r"\b(?:opposite|opposing|contrary|(?:one|1) \w+ and the other)\b", m.group(0))
    s.add_filter(Filter("sides", "opposite") if opposite else Filter("disagree", True))
    return True


SIDE = r"(?:(?:the|my|its|their|a) )?(?P<{0}>caption|photo|text)s?(?: whose)?(?: sentiment)?"
MISMATCH = (r"(?:(?:do|does|did) not |not )(?:match|agree)(?: with)?|" + DISAGREE + r"(?: with| from)?"
            r"|(?:is|are|was|were) (?:different|not the same) (?:from|than|as|to)|(?:do|does|did) not have the same"
            r"|(?:are|were) (?:different|not the same)$")
ON_SENTIMENT = r"(?: (?:on|in|about|by) (?:the |their |its )?sentiment)?"


@rule(r"\b" + SIDE.format("a") + r" (?:and|&) " + SIDE.format("b") + r" (?:that |which )?(?:" + MISMATCH + r")"
      + ON_SENTIMENT + r"\b"
      r"|\b" + SIDE.format("c") + r" (?:that |which )?(?:" + MISMATCH + r") " + SIDE.format("d") + ON_SENTIMENT + r"\b")
def _sides_disagree(m: re.Match[str], s: ParseState) -> bool:
    """The caption's and the photo's verdicts differ, said either way round: 'the photo and caption disagree',
    'a caption that does not match the photo sentiment', 'photos whose sentiment disagrees with the caption', 'the
    photo sentiment is different from the caption sentiment', 'do not match in sentiment'."""
    sides = {(m.group(k) or "").replace("text", "caption") for k in "abcd"} - {""}
    if sides != {"caption", "photo"}:
        return False
    s.add_filter(Filter("disagree", True))
    return True




@rule(r"\b" + CAPTION_SIDE + r" (?:that |which )?(?:matches|match|matched|equals|equal|agrees with|agree with"
      r"|agreed with|(?:is|are|was|were) the same as) " + PHOTO_SIDE + r"(?!\w)"
      r"|\b(?:the |a )?caption sentiment (?:is|equals) (?:the )?photo sentiment(?!\w)"
      r"|\b(?:the |a )?(?:caption|text) and (?:the |a )?photo (?:with|having|that have|which have|have|has|sharing"
      r"|that share|share) (?:the )?same (?:sentiment|mood|verdict|tone)(?!\w)"
      r"|\b(?:the )?same (?:sentiment|mood|verdict|tone) (?:in|for|on) (?:the |its |their )?(?:caption|text) and "
      r"(?:the |its |their )?photo(?!\w)"
      r"|\b" + PHOTO_SIDE + r" (?:matches|match|matched|equals|equal|agrees with|agree with|agreed with"
      r"|(?:is|are|was|were) the same as) " + CAPTION_SIDE + r"(?!\w)"
      r"|\b(?:the |a )?(?:caption|text|photo)" + VERDICT_WORD + r" and (?:the |a )?(?:photo|caption|text)"
      + VERDICT_WORD
      + r" (?:that |which )?(?:agree|agreed|match|matched|(?:are|were) the same|(?:have|had|share|shared) the same "
      r"sentiment)(?: on (?:the )?sentiment)?(?!\w)"
      r"|\b(?:is|are|was|were) " + CAPTION_SIDE + r" the same as " + PHOTO_SIDE + r"(?!\w)")
def _sides_agree(m: re.Match[str], s: ParseState) -> bool:
    """'the text's mood matches the picture's', 'caption sentiment equals image sentiment', 'the caption and image
    verdicts agree', 'the photo and the caption have the same sentiment': both verdicts set and the same (the negated
    forms are _sides_disagree's, which runs first)."""
    if len({side for side in ("caption", "text", "photo") if side in m.group(0)} - {"text"} | (
            {"caption"} if "text" in m.group(0) else set())) != 2:
        return False  # "the caption and the caption": not the two sides
    s.add_filter(Filter("sides", "agree"))
    return True


SIDE_VERDICT = r"(?:a |an )?(?:" + SENT + r") (?:caption|photo|text)"


@rule(r"\b(?:that |which )?(?:pair|pairs|paired|pairing|combine|combines|combined|combining|match|matches|matched"
      r"|matching)(?= " + SIDE_VERDICT + r" (?:with|and) " + SIDE_VERDICT + r"\b)"
      r"|\bboth(?= " + SIDE_VERDICT + r" and " + SIDE_VERDICT + r"\b)")
def _pair_verdicts(m: re.Match[str], s: ParseState) -> bool:
    """'posts that pair a negative caption with a positive photo', 'both a happy caption and a happy photo': the
    verb joining two verdicts (each taken by the verdict slot)."""
    return True


@rule(r"\b(?:both )?(?:the |my |its )?(?P<a>caption|photo|text)s? and (?:the |my |its )?(?P<b>caption|photo|text)s? "
      r"(?:(?:are|were|both are|both were|look|looked) (?:both )?|both )?(?P<s>" + SENT + r")\b"
      r"|\b(?:are |is |were |was )?(?P<s2>" + SENT + r") (?:in|on) (?:both )?(?:the |its |their )?"
      r"(?P<c>caption|photo|text)s? and (?:in |on )?(?:the |its |their )?(?P<d>caption|photo|text)s?\b")
def _both_verdicts(m: re.Match[str], s: ParseState) -> bool:
    """'the text and the picture are both positive', 'positive in the caption and in the photo': both verdicts."""
    sides = {(m.group(k) or "").replace("text", "caption") for k in "abcd"} - {""}
    if sides != {"caption", "photo"} or not re.search(r"\b(?:both|are|were|look|looked|in|on)\b", m.group(0)):
        return False  # "the caption and photo positive" with neither 'both' nor a verb: not said of both
    value = m.group("s") or m.group("s2")
    value = SENTIMENT_OF.get(value, value)
    s.add_filter(Filter("caption_sentiment", value))
    s.add_filter(Filter("image_sentiment", value))
    return True


CAPTIONS, PHOTOS = r"(?:captions?|text)", r"photos?"
SIDE_SENT = r"(?:(?:my|the|all) )?(?:(?P<{0}>" + SENT + r") )?(?P<{1}>{2})"
COMPARED_SIDES = (r"\b" + SIDE_SENT.format("s1", "a", CAPTIONS + "|" + PHOTOS)
                  + r" (?P<c>or|vs|versus|and|compared (?:to|with)|against) "
                  + SIDE_SENT.format("s2", "b", CAPTIONS + "|" + PHOTOS)
                  + r"(?: i (?:post|posted|share|shared|write|wrote))?\b(?! (?:are|were|is|was|both|look|looked)\b)")


@rule(COMPARED_SIDES)
def _sources_compared(m: re.Match[str], s: ParseState) -> bool:
    """'are my photos or my captions positive more often?', 'happy captions compared to happy photos', 'count the sad
    photos and sad captions': the caption's and the photo's verdicts counted side by side. Joined by 'and' only
    when both are plural things counted ('a sad caption and a happy photo' is said of one post, and 'the caption
    and the photo are both ...' of both verdicts of one post)."""
    sides = {re.sub(r"s$", "", m.group(k)).replace("text", "caption") for k in "ab"}
    if sides != {"caption", "photo"}:
        return False
    if m.group("c") == "and" and not (m.group("a").endswith("s") and m.group("b").endswith("s")):
        return False
    if not m.group("s1") and re.search(r"\b(?:" + SENT + r") $", m.string[: m.start()]):
        return False  # "negative captions and positive photos" read from its second word: two verdicts, not one
    values = {SENTIMENT_OF.get(v, v) for v in (m.group("s1"), m.group("s2")) if v}
    if len(values) > 1:
        return False  # "a sad caption vs a happy photo": two different verdicts, not one compared
    s.sources_compared = next(iter(values), "")
    return True


@rule(r"\b(?:how many )?(?:of )?each\b|\b(?:more|fewer|less)\b")
def _of_each(m: re.Match[str], s: ParseState) -> bool:
    """'... how many of each?', 'do I have more ...' with two verdicts compared."""
    return s.sources_compared is not None


@rule(r"\b(?:i )?(?:wrote|write|said|say) (?:something |anything |a |an )?(?P<s>" + SENT + r")"
      r"(?: (?:caption|text|words?|things?))?\b")
def _wrote_sentiment(m: re.Match[str], s: ParseState) -> bool:
    """'posts where I wrote something positive': the caption's verdict."""
    value = m.group("s")
    s.add_filter(Filter("caption_sentiment", SENTIMENT_OF.get(value, value)))
    return True


SOURCE = r"captions?|photos?|text"  # "text" is the caption said another way ("the text is sad")
COPULA = r"(?:is|was|are|were|looks?|looked|seems?|seemed|sounds?|sounded|feels?|felt|reads?|says?|said)(?: as)?"
VERDICTS = ("positive", "neutral", "negative")


@rule(r"\b(?:the |its |their )?(?P<a>caption|text|photo)s?(?: sentiment)? " + COPULA + r" (?P<s>" + SENT + r") "
      r"(?:but|while|whereas|yet|and) (?:the |its |their )?(?P<b>caption|text|photo)s?(?: itself| themselves)?"
      r"(?: sentiment)? " + COPULA + r" not\b(?! (?:" + SENT + r"))")
def _elided_opposite(m: re.Match[str], s: ParseState) -> bool:
    """'the caption is sad but the photo is not': one verdict said, the other side's verdict denied."""
    sides = {m.group(k).replace("text", "caption") for k in "ab"}
    if sides != {"caption", "photo"}:
        return False
    value = SENTIMENT_OF.get(m.group("s"), m.group("s"))
    field = {"caption": "caption_sentiment", "photo": "image_sentiment"}
    s.add_filter(Filter(field[m.group("a").replace("text", "caption")], value))
    s.add_filter(Filter(field[m.group("b").replace("text", "caption")], value, True))
    return True


@rule(r"\b(?:sounds?|looks?|seems?|feels?|is|are|was|were) (?P<s>" + SENT + r") (?:in|on) (?:the |its |their )?"
      r"(?P<src>caption|text|photo)s?(?! and)\b")
def _verdict_in_source(m: re.Match[str], s: ParseState) -> bool:
    """'posts that look sad in the photo': that side's verdict."""
    field = "image_sentiment" if m.group("src") == "photo" else "caption_sentiment"
    s.add_filter(Filter(field, SENTIMENT_OF.get(m.group("s"), m.group("s"))))
    return True


@rule(r"\b(?P<a>caption|text|photo)s?(?: sentiment)? (?P<s1>" + SENT + r") (?:and |but |while |with )?(?:the |its )?"
      r"(?P<b>caption|text|photo)s?(?: sentiment)? (?P<s2>" + SENT + r")\b(?! (?:caption|text|photo))")
def _sides_then_verdicts(m: re.Match[str], s: ParseState) -> bool:
    """'list posts: caption negative, photo neutral' (the comma is gone once normalised): each side's verdict
    after it, not 'positive image' read as one phrase."""
    sides = [m.group(k).replace("text", "caption") for k in "ab"]
    if set(sides) != {"caption", "photo"}:
        return False
    field = {"caption": "caption_sentiment", "photo": "image_sentiment"}
    for side, value in zip(sides, (m.group("s1"), m.group("s2")), strict=True):
        s.add_filter(Filter(field[side], SENTIMENT_OF.get(value, value)))
    return True


@rule(r"\b(?:a |an )?(?P<s>" + SENT + r") (?P<src>" + SOURCE + r")(?: sentiment)?\b"
      r"|\b(?:the )?(?P<src2>" + SOURCE + r")(?: sentiment)?(?: itself| themselves)? (?P<cop>" + COPULA
      + r") (?P<neg>not )?(?P<s2>" + SENT + r")(?: or (?P<s2b>" + SENT + r"))?\b"
      # "a caption that is sad or neutral": two verdicts of that side ("the photo that is negative" alone may be
      # said of the post, so only the two-verdict form is read through "that")
      r"|\b(?:the )?(?P<src7>caption|photo|text)(?: that| which) (?P<cop7>is|was|reads|looks|seems|sounds)"
      r"(?: as)? (?P<neg7>not )?(?P<s7>" + SENT
      + r")(?: or (?P<s7b>" + SENT + r"))?\b"
      r"|\b(?:is|was|are|were) (?:the |my |its )?(?P<src3>caption|photo|text) (?P<neg3>not )?(?P<s3>" + SENT + r")\b"
      r"|\b(?P<src4>captions?|photos?) (?:that |which )?(?P<v4>has|have|had|with|having) (?:a |an )?"
      r"(?P<s4>" + SENT + r") sentiment\b"
      r"|\b(?P<src5>captions|photos|text) (?P<s5>" + SENT + r")$"
      r"|(?<=\band )(?:the |its )?(?P<src6>caption|photo|text) (?P<s6>" + SENT + r")\b")
def _source_sentiment(m: re.Match[str], s: ParseState) -> bool:
    """The caption's or the photo's verdict: 'a negative caption', 'the photo looks happy', 'the text is sad',
    'is over half of my text positive' (the copula fronted), '... and the photo positive' (elided),
    'posts that have a photo with negative sentiment' (the photo's verdict, not the post's)."""
    if m.group("src2") in ("photo", "caption") and m.group("cop") in ("are", "were") \
            or m.group("src4") in ("photo", "caption") and m.group("v4") == "have":
        return False  # "posts with a cat in the photo are sad / have sad sentiment": the verb agrees with the posts
    if (m.group("src2") == "photos" and m.group("cop") in ("are", "were") or m.group("src5") == "photos") \
            and re.search(r"(?:^|\s)(?!(?:my|the|all|of|these|those|their|which|what|are|were|do|did|how|many)\s)"
                          r"[a-z][a-z-]+ $", m.string[: m.start()]):
        # "what % of my animal photos are positive", "which beach photos are sad": the posts with such a photo
        # and that verdict (as the tenth and twelfth rounds' authors read a share, and two other authors a listing
        # and a count), the value read by the value slots; other authors meant the photo's own verdict, so the
        # answer names that reading's answer too (agent/plan_answer.py `_other_reading`)
        s.reading = s.reading or "verdict=post"
        return False
    src = next(m.group(g) for g in ("src", "src2", "src3", "src4", "src5", "src6", "src7") if m.group(g)).rstrip("s")
    other = "caption_sentiment" if src == "photo" else "image_sentiment"
    other_said = r"\b(?:a |an |the |its )?(?:" + ("photo" if src != "photo" else "caption|text") \
        + r")(?: that| which) (?:is|was) (?:not )?(?:" + SENT + r")\b"
    if m.group("src7") == "photo" and not m.group("s7b") and m.group("cop7") != "reads" \
            and not any(f.field == other for f in s.filters) and not re.search(other_said, m.string[m.end():]):
        # "the photo that is sad" alone may be said of the post; after the caption's verdict, or before the
        # other side's said the same way ("a caption that is sad but a photo that is happy"), the photo's. A caption
        # is never the post itself, so "a caption that is (not) sad" is always the caption's verdict
        return False
    value = next(m.group(g) for g in ("s", "s2", "s3", "s4", "s5", "s6", "s7") if m.group(g))
    if m.group("s2b") or m.group("s7b"):  # "a caption that is sad or neutral": every verdict but the third
        said = {SENTIMENT_OF.get(v, v) for v in (value, m.group("s2b") or m.group("s7b"))}
        if len(said) != 2 or m.group("neg") or m.group("neg7"):
            return False
        field = "image_sentiment" if src == "photo" else "caption_sentiment"
        s.add_filter(Filter(field, next(v for v in VERDICTS if v not in said), True))
        return True
    if "captions" in (m.group("src2"), m.group("src5")):
        s.subject(m.start(), "posts")
    field = "image_sentiment" if src == "photo" else "caption_sentiment"
    negated = bool(m.group("neg") or m.group("neg3") or m.group("neg7"))
    s.add_filter(Filter(field, SENTIMENT_OF.get(value, value), negated))
    return True


@rule(r"\b(?:excluding|except(?: for)?|other than|apart from|leaving out|not counting) (?:the |my |any )?(?P<s>" + SENT
      + r")(?: ones| posts?)?\b")
def _excluding(m: re.Match[str], s: ParseState) -> bool:
    """'excluding the sad ones', 'other than positive posts': the posts without that verdict."""
    s.add_filter(Filter("sentiment", SENTIMENT_OF.get(m.group("s"), m.group("s")), True))
    return True


@rule(r"\b(?P<neg>(?:are|is|were|was) not |not |non-|non |without (?:a |an |any )?|with no )?(?:a |an )?(?P<s>"
      + SENT + r")(?: sentiment)?\b")
def _sentiment(m: re.Match[str], s: ParseState) -> bool:
    value = m.group("s")
    before = m.string[: m.start()].split()[-1:]
    # "the most city photos that are not positive": said of the posts (photos) in a relative clause, not of the
    # years or topics asked for
    of_posts = re.search(r"\b(?:posts?|photos?|pics?|pictures?|images?|ones) (?:that|which) (?:(?:are|is|were|was) )?$",
                         m.string[: m.start()])
    s.predicative = s.predicative or (not of_posts and (bool(m.group("neg")) or before in (["are"], ["is"], ["were"],
                                                                                          ["was"])))
    s.add_filter(Filter("sentiment", SENTIMENT_OF.get(value, value), bool(m.group("neg"))))
    return True
