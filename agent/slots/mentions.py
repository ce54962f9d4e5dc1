"""@mentions: accounts a post tags with @ (Entity label MENTION), not people named in a caption; and posts that have
any @mention or hashtag at all."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import LIST, POSTS, Filter
from agent.slots.common import Rule, registrar

RULES: list[Rule] = []
rule = registrar(RULES)

NAME_VERB = r"(?:names?|mentions?|@mentions?|tags?)"
NO_ONE = r"(?:no 1|no-1|noone|nobody|no people|no person|none|no names?)"
ANYONE = r"(?:anyone|anybody|any people|any person|any names?|a single person|a single 1|a single name|a name)"


@rule(r"\b(?:(?:the|its|their|my|a) )?captions? (?:that |which )?" + NAME_VERB + r" " + NO_ONE + r"\b"
      r"|\b(?:(?:the|its|their|my|a) )?captions? (?:does|do|did) not (?:name|mention|tag)(?: (?:or|and not|and|nor)"
      r" (?:name|mention|tag|@mention))? " + ANYONE + r"\b"
      r"|\b(?:with |and |but )?" + NO_ONE + r" (?:is |are )?(?:named|mentioned|tagged) in (?:the |its |their |my )?"
      r"captions?\b"
      r"|\b(?:with |and |but )?no (?:name|names|person's name) (?:or|and|nor) (?:an? )?@?mentions? in "
      r"(?:the |its |their |my )?captions?\b")
def _names_no_one(m: re.Match[str], s: ParseState) -> bool:
    """'photos of a person whose caption names no one', 'but the caption doesn't name anyone', 'nobody named in the
    caption': posts with no person's name and no @mention (before the readings of 'name' and 'mention' below)."""
    s.add_filter(Filter("absent", "people"))
    return True

MENTION_VERB = (r"(?:@-?mention(?:ed)?|@[-']?(?:ed|d)|mention(?:ed)?|tag(?:ged)?|shout(?:ed)?[- ]?outs?(?: to)?"
                r"|shout(?:ed)? out|give (?:the )?(?:most )?shout[- ]?outs? to|@(?![\w'-]))")


def _accounts_or_people(s: ParseState, mention_verb: bool = False) -> tuple[str, str]:
    """What 'who do I mention / tag' asks for, and the reading the answer states. 'Tag', '@' and 'shout out' are what
    one does to an account on Instagram: the @accounts when the graph holds any, else the people named in captions.
    'Mention' is mostly said of people (the blind rounds' authors meant the people named in 5 of 6 dev questions):
    the people named when the graph holds any, else the accounts. Either way the answer names the other reading's
    top rows too (agent/plan_answer.py `_other_reading`)."""
    labels = [label for names in s.facts.names.get("Entity", {}).values() for label in names]
    accounts, people = "MENTION" in labels, "PERSON" in labels
    if mention_verb and people:
        return "person", "who=people" if accounts else "who=person"
    if accounts:
        return "mention", "who=mention"
    return "person", "who=person"


LABELS = {"hashtag": "HASHTAG", "mention": "MENTION"}


@rule(r"(?<!not )(?<!never )(?<!without )\b(?:have|has|had|with|use|uses|using|include|includes|included|including"
      r"|contain|contains|contained|containing|put|add|added|write|wrote|(?:is|are|was|were) there) "
      r"(?:(?:a|an|any|at least one|at least 1|one or more|1 or more|some) (?P<w>hashtag|@?mention)s?"
      r"|(?P<p>hashtag|@?mention)s)"
      r"\b(?!\s*[#@]| of\b)"
      r"(?: in (?:them|it|their captions?|the captions?))?")
def _has_label(m: re.Match[str], s: ParseState) -> bool:
    """'posts that have a hashtag', 'the share of my 2021 posts with hashtags': posts with any hashtag (@mention);
    a name after it ('use hashtag #x') is the value slots' instead."""
    s.add_filter(Filter("label", LABELS[(m.group("w") or m.group("p")).lstrip("@")]))
    return True


@rule(r"(?<!not )(?<!never )(?:(?<=\s)|^)(?:@-?mention|@|mention|mentions|tag|tags) "
      r"(?:someone|somebody|anyone|another account|other accounts|another user|other users|an account|accounts)"
      r"(?: with (?:an? )?@)?(?: in (?:them|it))?"
      r"(?:\s+@)?(?=\s|$)")
def _mentions_an_account(m: re.Match[str], s: ParseState) -> bool:
    """'posts that @ somebody', 'posts which tag other accounts': posts with any @mention
    (only with an @ or 'account'/'user' said: 'mention someone' alone may mean a person named in the caption)."""
    if "@" not in m.group(0) and not re.search(r"accounts?|users?", m.group(0)):
        return False
    s.add_filter(Filter("label", "MENTION"))
    return True


@rule(r"^who (?:do|did|have|had) i (?:most )?(?:often )?(?:name|named)(?= in\b| most\b|$)")
def _who_named(m: re.Match[str], s: ParseState) -> bool:
    """'who did I name most often', 'who have I named in 3+ posts': the people named in captions (not the accounts
    @mentioned)."""
    s.subject(m.start(), "person", _who_word(m))
    if s.measure is None:
        s.measure = LIST
    return True


def _who_word(m: re.Match[str]) -> str:
    """'who do I mention most (often)?' asks for the one person (the answer adds any tied with it: 4 of 5 dev golds
    across the blind rounds' authors wanted one row); 'who do I mention?', 'who are the 3 people ...' stay a list."""
    rest = m.string[m.end():]
    counted = re.search(r"\b(?!(?:19|20)\d\d\b)\d+", rest)  # "the 3 people": a number asked for (a year is not)
    if re.search(r"\b(?:most|more than (?:anyone|anybody|any other))\b", rest) and not counted:
        return "person"
    return "who"


@rule(r"^who (?:do|did|have|had|would) i (?:most )?(?:often )?" + MENTION_VERB + r"(?: the)?(?!\w)"
      r"|^who (?:is|are|was|were|gets?|got|has been|have been) (?:the )?(?:most )?(?:often )?"
      r"(?:mentioned|tagged|shouted out)(?: by me)?\b")
def _who_mention(m: re.Match[str], s: ParseState) -> bool:
    """'who do I mention / tag / shout out (most)': ranks or lists the people named or the accounts (see
    `_accounts_or_people`); one unless 'most' asks for the top one (`_who_word`), and the answer says how it was
    read."""
    said = m.group(0)
    subject, s.reading = _accounts_or_people(s, "mention" in said and not re.search(r"@|tag|shout", said))
    s.subject(m.start(), subject, _who_word(m))
    if s.measure is None:
        s.measure = LIST
    return True


@rule(r"(?:(?<=\s)|^)(?<!no )(?<!without )(?<!an )(?<!any )(?<!single )(?<!one )(?<!\d or more )(?<!\d\d or more )"
      r"@-?(?:mentions?|accounts?|handles?"
      r"|usernames?)\b"
      r"|\bat[- ]mentions?\b"
      r"|\b(?:mentioned|tagged) accounts\b|^(?:which|what) mentions\b|\b(?:my|the) mentions$")
def _mention_subject(m: re.Match[str], s: ParseState) -> bool:
    """'top @mentions', 'my most mentioned accounts', 'which mentions come up most': the accounts."""
    if m.group(0).startswith(("which", "what")):
        s.measure = s.measure or LIST
    s.subject(m.start(), "mention", "accounts")
    return True


@rule(r"\b(?:(?:do|did|have|had) )?i (?:have |had )?(?:" + MENTION_VERB
      + r")(?!\w)(?=.*\b(?:accounts?|handles|usernames)\b)"
      r"|(?:(?<=accounts )|(?<=handles )|(?<=usernames )|(?<=users )|(?<=account )|(?<=handle )|(?<=username ))"
      r"(?:(?:do|did|have|had) )?i (?:have |had )?(?:"
      + MENTION_VERB
      + r")(?!\w)")
def _account_verb(m: re.Match[str], s: ParseState) -> bool:
    """'accounts I tag / have I tagged / I shout out': the verb of an accounts question (never a photo tag)."""
    return True


RETWEET_NOUN = r"(?:retweets?|rts?|re-?tweets?|re-?posts?)"
OTHERS_TWEET = (r"(?:somebody|someone|other people|another (?:person|user|account)|other (?:users|accounts))"
                r"(?: else)?(?:'s|s')? (?:tweets?|posts?)")
OTHERS = r"(?:somebody|someone|other people|another (?:person|user|account)|other (?:users|accounts))(?: else)?"


@rule(r"\b(?:that |which )?(?:are|were|is|was) (?P<neg>not )?(?:actually |really )?(?:a |all |just )?" + RETWEET_NOUN
      + r"\b(?: of (?:" + OTHERS_TWEET + "|" + OTHERS + r"\b))?"
      r"|\b(?:did|do|have) i (?:just |ever |only )?(?:retweet(?:ed)?|re-?post(?:ed)?|re-?share[d]?|share|shared)"
      r" (?:an? )?" + OTHERS_TWEET
      + r"|\b(?:did|do|have) i (?:retweet|retweeted)\b")
def _retweets(m: re.Match[str], s: ParseState) -> bool:
    """'posts that are RTs of someone's tweet', 'did I share other users' tweets', 'tweets that are not retweets':
    posts whose text carries Twitter's 'RT @' marker, or not."""
    s.add_filter(Filter("retweet", True, negated=bool(m.group("neg"))))
    return True


@rule(r"\b(?:my|the) " + RETWEET_NOUN + r"\b(?! (?:did|do|does|of my)\b)"
      r"|(?:(?<=^how many )|(?<=^~ ))" + RETWEET_NOUN + r"\b(?! (?:did|do|does|have|has|had|of my)\b)")
def _my_retweets(m: re.Match[str], s: ParseState) -> bool:
    """'my retweets', 'how many of the retweets are negative', 'how many retweets are there': the posts that are
    retweets (not retweets others made of them, which no import records: agent/chain.py ENGAGEMENT)."""
    s.subject(m.start(), POSTS, "retweets")
    s.add_filter(Filter("retweet", True))
    return True
