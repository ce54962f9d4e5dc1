"""The social wrapping around a question, taken off before anything reads it: greetings ("hi there!", "good
morning,"), openers that ask nothing ("quick question:", "out of curiosity,", "I was hoping you could", "would it
be possible to", "I'd love to know") and sign-offs ("thanks!", "if you don't mind", "when you get a chance", the
question asked again in short after it). A sentence said before the question ("I bet it's mostly food.") is not
wrapping: it may name what the question is about (agent/parser.py reads it).

People stack these ("Hey! Quick question, I was wondering if you could ..."), so openers are taken off one after
another until none is left. Only the start and the end of the question are touched; what is asked in between is
left to agent/wording.py and the slots. Applied to the lower-cased question with its punctuation still in place.
"""
from __future__ import annotations

import re

_GAP = r"[\s,.!:;\u2013\u2014-]*"  # the punctuation people put after an opener
_YOU_COULD = r"(?:you (?:could|can|would|might|will)(?: (?:please|maybe|possibly|kindly|quickly))?\s+)?"
_TO_LEARN = (r"(?:know|see|find out|figure out|work out|learn|understand|check|get|have|hear|look at|take a look at)"
             r"(?: (?:if|whether))?")

OPENERS = tuple(re.compile(pattern) for pattern in (
    # greetings, with the name of whom they are said to
    r"^(?:hi+|hello+|hey+|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))(?![\w'])"
    r"(?: (?:there|again|friend|buddy|feedlens|bot|assistant|you)(?![\w']))?" + _GAP,
    # "be honest:", "honestly,": a plea, not part of what is asked
    r"^(?:(?:be|being) (?:honest|straight with me|real)|honestly|seriously|tell me (?:honestly|straight|the truth))"
    r"(?=[,.!:;\u2013\u2014-])" + _GAP,
    # fillers and openers that ask nothing
    r"^(?:(?:um+|uh+|erm+|hmm+|so(?! far\b)|okay|ok|k|kk|alright)(?=[\s,.!:;])|(?:well|right)(?=[,.!:;]))" + _GAP,
    r"^(?:(?:a |one )?(?:quick|simple|small|random|short) question|(?:i have |i've got |i got )?(?:a |one )?"
    r"question(?: for you)?|just (?:curious|wondering|checking)|out of (?:pure )?curiosity|real quick|one more thing"
    r"|(?:a )?quick one|i have a request)(?=[\s,.!:;-]|$)" + _GAP,
    # a reason given first and set off by a dash or colon ("I'm trying to work out my busy spells - which ..."):
    # the question after it
    r"^(?:i am|i'm|im|i was) (?:trying|wanting|hoping|looking) to " + _TO_LEARN
    + r"\b[^-\u2013\u2014:?]*(?:\s[-\u2013\u2014]+\s|:\s)" + _GAP,
    # "I was hoping you could ...", "I'm wondering whether ...", "I've been curious to know ..."
    r"^(?:i was|i am|i'm|im|i have been|i've been|been) (?:just |really |kind of |kinda )?"
    r"(?:hoping|wondering|curious|trying|wanting|meaning|looking(?= to\b))"
    r"(?: (?:if|whether|that|about|as to|to))?(?: you)?(?: (?:could|can|would|might|will))?"
    r"(?: (?:please|maybe|possibly|kindly))?(?: " + _TO_LEARN + r")?" + _GAP,
    # "would it be possible (for you) to ...", "is it possible to ...", "any chance I could see ..."
    r"^(?:would|will|is|could) it be possible(?: for (?:you|me))? to(?: " + _TO_LEARN + r")?" + _GAP,
    r"^is it possible(?: for (?:you|me))? to(?: " + _TO_LEARN + r")?" + _GAP,
    r"^(?:would|will|could) you be able to(?: " + _TO_LEARN + r")?" + _GAP,
    # "I'd love to know ...", "I would like to see ...", "I want to find out ...", "I need to know ..."
    r"^(?:i'd|i would|id|i) (?:love|like|want|need|wanna)(?: to)? " + _TO_LEARN + _GAP,
    r"^i (?:want|need|wanna) to " + _TO_LEARN + _GAP,
    # "I'd love a list of the places ...": the list asked for
    r"^(?:i'd|i would|id) (?:love|like|appreciate)(?= (?:a|an|the) (?:list|count|breakdown|rundown|tally|summary"
    r"|overview)\b)" + _GAP,
    # "can you help me (figure out) ...", "help me understand ...", "do you know (whether) ..."
    r"^(?:(?:can|could|would) you )?help me(?: out)?(?: (?:with|to))?(?: " + _TO_LEARN + r")?" + _GAP,
    r"^(?:do|would) you (?:happen to )?know(?: (?:if|whether))?" + _GAP,
    r"^(?:i )?(?:wonder|wondered)(?: (?:if|whether))?" + _GAP + _YOU_COULD,
    # "if you don't mind:" said first (after "quick question")
    (r"^(?:if you (?:don't|do not|dont) mind|if (?:that's|that is|it's|it is) (?:ok|okay|alright)|if possible)"
     r"\s*[,:;.-]+\s*(?=\S)"),
    # an acknowledgement of the last answer, set off before the next question ("thanks - and how many ...",
    # "nice, and ...", "ha, and ...")
    (r"^(?:thanks|thank you|thx|ty|cheers|nice|great|cool|ok|okay|awesome|perfect|interesting|wow|oh|ha+|haha+|hmm+"
     r"|lovely|brilliant|excellent|good|got it|i see|right)"
     r"(?: (?:so much|a lot|again))?\s*[,.!:;\u2013\u2014-]+\s*(?=\S)"),
))
CLOSERS = tuple(re.compile(pattern) for pattern in (
    (r"(?<=[?.!,;:-])\s*\b(?:thanks|thank you|thx|ty|cheers|much appreciated|appreciate it|ta)(?: (?:so much|very much"
    r"|a lot|in advance|a bunch))?[\s.!]*(?:[:;]-?[)dp])?[\s.!]*$"),
    (r"[\s,;-]*\b(?:if you (?:can|could|do not mind|don't mind|dont mind|would|please)|if (?:that is |it is |it's )?"
    r"possible|when you (?:get|have) (?:a )?(?:chance|moment|minute|sec|second)|whenever you can)[\s.!]*$"),
    # "..., could you look into it for me?": a request to answer it, after the question itself
    (r"[,;-]\s*(?:please )?(?:could|can|would) you (?:please )?(?:check|look into|look up|find out|verify|confirm)"
     r"(?: (?:that|this|it))?(?: (?:for me|please))*[\s?.!]*$"),
    r"\s*[:;]-?[)dp]\s*$",  # a smiley at the end
    # "... had the most likes in? What was it?": the question asked again in short, after it
    r"(?<=[?.!])\s*(?:so )?(?:which|what|who) (?:one )?(?:is|was) (?:it|that)[\s?.!]*$",
))


def strip_preamble(text: str) -> str:
    """The question without the greetings, openers and sign-offs around it (lower-cased text in, the same out)."""
    for _ in range(6):  # openers are stacked a few deep at most
        before = text
        for pattern in OPENERS:
            text = pattern.sub("", text, count=1).lstrip()
        if text == before:
            break
    for _ in range(3):
        before = text
        for pattern in CLOSERS:
            text = pattern.sub("", text, count=1).rstrip()
        if text == before:
            break
    return text
