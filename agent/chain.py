"""The chat agent: GraphCypherQAChain at the core, customised around it for a 1.5B local model.

Per question: refuse obvious write requests, ground question words in graph values, pick the nearest
few-shot examples (after the fixed ones every prompt starts with), add follow-up context and the parser's partial
reading, then let GraphCypherQAChain generate and execute the Cypher against a GuardedGraph (our validation,
the engine's EXPLAIN, LIMIT, read-only store). A failed attempt is retried with the error fed back (at most
`max_retries` times, fewer when the model repeats a query that already failed); with self-consistency on, the
model then samples a few more candidates, which are run and the answer most of them agree on is kept. The
answer is rendered from the rows in code and cites post ids.
"""
from __future__ import annotations

import contextlib
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import RunnableLambda
from langchain_neo4j import GraphCypherQAChain

from agent.answer import MAX_LISTED, AgentAnswer, citation_query, post_ids_in, read_posts, render_answer
from agent.cypher import (
    alias_order_aggregate,
    check_cypher,
    extract_statement,
    final_with_returned,
    standard_not_equal,
)
from agent.few_shot import FewShotSelector, anchor_examples, default_selector, format_examples
from agent.grounding import Grounder, grounding_text
from agent.guard import GuardedGraph, direction_corrector
from agent.llm_unavailable import unavailable_reason, unavailable_sentence
from agent.local_chat import restarts_of
from agent.memory import ConversationMemory
from agent.parser import SENTENCE_END, parse_detail
from agent.plan import QueryPlan
from agent.plan_answer import PlanRoute
from agent.prompts import FEEDBACK, HINT, PRUNED_SCHEMA, cypher_prompt, system_message
from agent.restate import clean_rewording, default_restate_selector, restate_messages, restatement_problem
from agent.schema import relevant_labels, schema_text
from agent.shape import shape_problem
from agent.spelling import slip_rank
from agent.values import value_problem, vocab_of
from agent.vocab import FactsCache
from agent.wording import LEAVE_OUT_VERDICT, mend_slips
from core.errors import FeedLensError, LocalModelFailed, LocalModelStopped, QueryAttemptFailed, StorageProblem
from core.settings import Settings, get_settings
from graph.queries import COUNT_POSTS, NODE_COUNTS
from graph.store import GraphStore

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
REFUSAL = ("I can only read your graph, not change it: I won't create, change or delete anything. "
           "Ask me a question about your posts instead.")
WRITE_REQUEST = re.compile(
    r"\b(detach\s+delete|delete|remove|drop|wipe|erase|destroy|create|insert|merge|update|rename|overwrite|"
    r"load\s+csv|call\s+\w+\.|apoc\.|set\s+\w+\.\w+\s*=)\b", re.IGNORECASE)
NO_QUERY = "the model did not write a Cypher query"
LLM_CAVEAT = ("\n\n(Answered from a query the language model wrote, not from a checked template: "
              "please check the Cypher if the answer matters.)")
RESTATED = ("I am not sure I read your wording right, so I answered it as: \u201c{rewording}\u201d "
            "(rephrase it if that is not what you meant).\n\n")
GRAPH_HOLDS_GENERIC = ("Your graph holds posts (date, caption, sentiment), their photos with the things seen in "
                       "them, topics, and the people, places and hashtags mentioned.")
# what social-media questions often ask about and no FeedLens import records
# (only words with no other common meaning in a question about photos: not "views", "following", "reach")
NOT_RECORDED = {w: "likes, comments, followers, views, saves or engagement" for w in (
    "likes", "liked", "comments", "commented", "followers", "follower", "impressions", "engagement", "saves",
    "bookmarks", "bookmarked", "bookmark", "reactions", "subscribers", "unfollowed")}
# engagement said in a phrase whose words have other meanings alone ("profile visits", "how many people shared")
ENGAGEMENT = re.compile(r"\bprofile (?:visits?|views?|clicks?|taps?|visitors)\b"
                        r"|\b(?:number|count|total|how many) (?:of )?(?:hearts|upvotes|thumbs up)\b"
                        r"|\b(?:hearts|upvotes) (?:\w+ ){0,4}?(?:got|get|gets|received|collected|earned|racked up)\b"
                        r"|\b(?:most|fewest|least) (?:hearts|upvotes|reactions)\b"
                        r"|\bby (?:the )?(?:number of |count of )?(?:hearts|upvotes|reactions|re-?tweets|reposts)\b"
                        # retweets others made of my posts ("my RTs, how many" counts my own, 'RT @')
                        r"|\b(?:most|fewest|least|more|fewer) (?:re-?tweets|reposts|rts)\b"
                        r"|\b(?:re-?tweets|reposts|rts) (?:\w+ ){0,4}?(?:got|get|gets|received|earned|collected)\b"
                        r"|\b(?:got|get|gets|received|earned) (?:\w+ ){0,3}?(?:re-?tweets|reposts|rts)\b"
                        # a post (photo) popular or unpopular: with people, not a count of my posts ("my most popular
                        # topic" is the topic I post about most)
                        r"|\b(?:most|least) (?:popular|liked|loved) (?:post|photo|picture|pic|image|tweet|upload"
                        r"|shot)s?"
                        r"\b(?! (?:tags?|topics?|subjects?|things?|themes?|objects?)\b)"
                        r"|\b(?:people|others|followers|anyone)"
                        r" (?:react|reacted|reacts) to\b"
                        r"|\blike counts?\b|\b(?:people|ppl|others|followers|everyone|everybody|folks)"
                        r" (?:like|liked|love"
                        r"|loved) (?:\w+ )?(?:the )?most\b"
                        r"|\b(?:were|was|been|being|got|get|gets) (?:\w+ ){0,3}?(?:shared|reposted|retweeted|saved|"
                        r"bookmarked)\b(?! (?:without|on|during|between|before|after|since|from|as|at|under)\b"
                        r"| in (?!total\b|all\b))"
                        r"|\bhow many (?:times )?(?:have |has |did )?(?:people|someone|anyone|others|users|followers) "
                        r"(?:saved|shared|reposted|retweeted|visited)\b", re.IGNORECASE)
# views and reach said as engagement ("how many people saw my post", "my most viewed photo", "top posts by reach"),
# not as scenery ("posts with mountain views")
VIEWS_OR_REACH = re.compile(r"\bhow many (?:views|viewers|people (?:saw|have seen|viewed|reached))\b|\b(?:most|least) "
                            r"viewed\b|\bviews? (?:did|do|does|count|counts|per)\b|\b(?:by|biggest|widest|most|largest"
                            r"|top|best) reach\b|\breach(?:ed)? the most\b|\bpeople saw\b|\bhow many [\w ]+ did .+ "
                            r"reach\b", re.IGNORECASE)
# "who is in my photos": photos are tagged 'person' when someone is seen, never with who it is
PHOTO_NOUNS = r"(?:photos?|pictures?|pics?|images?|shots?|selfies?)\b"
WHO_IN_PHOTOS = re.compile(r"^\s*who(?:'s| is| are| was| were)?\s+(?:(?:appears?|appeared|shows? up|showed up|features?"
                           r"|is seen|pictured)\s+)?(?:the\s+)?(?:most\s+(?:often\s+)?)?(?:in|on)\s+(?:my\s+|the\s+"
                           r"|these\s+|those\s+)?(?:most\s+)?" + PHOTO_NOUNS, re.IGNORECASE)
WHO_IN_PHOTOS_MISSING = ("who is in a photo: faces are not recognised (a photo with someone in it is tagged 'person', "
                         "and the people named in captions are kept as names)")
# the camera, phone or lens a photo was taken with: not imported (a photo's metadata gives only its date and
# orientation); "photos of my phone", "camera photos" are photos that show one
DEVICE_OF_PHOTOS = re.compile(r"\b(?:which|what) (?:kind of |type of |brand of )?(?:cameras?|phones?|devices?"
                              r"|lens(?:es)?|gear|equipment)\b(?! (?:photos?|pictures?|pics|images?|shots?|selfies?)\b)"
                              r"(?=.*\b(?:took|taken|take|shot|shoot|used|use|with|on)\b)"
                              r"|\b(?:camera|phone|device|lens) (?:models?|makes?|brands?)\b|\bexif\b"
                              r"|\b(?:shot|taken|took(?: \w+){0,2}?) (?:on|with) (?:an? |my )?(?:iphone|samsung|pixel"
                              r"|dslr|canon|nikon|sony|gopro)\b", re.IGNORECASE)
DEVICE_MISSING = "which camera, phone or lens took a photo (of a photo's metadata only its date is imported)"
# the profile's own arrangement: pinned, archived or highlighted posts (an export's posts carry none of it)
PROFILE_LAYOUT = re.compile(r"\b(?:pinned|pin|pins|pined)\b(?=.*\b(?:posts?|photos?|profile|grid|top)\b)"
                            r"|\b(?:posts?|photos?)\b.*\b(?:pinned|pined)\b"
                            r"|\bstick (?:\w+ )?at the top of my (?:grid|profile)\b"
                            r"|\b(?:archived|in my highlights|story highlights)\b", re.IGNORECASE)
PROFILE_MISSING = "which posts are pinned, archived or in highlights on your profile"
# a post's edit history: an export holds each post as it is now ("which posts did I edit after posting", "edited
# captions"); "fixed" or "changed" said of something else ("posts about my changed plans") is not it
EDIT_VERB = (r"(?:e(?:dit|dti)(?:ed|s|ing)?|revis(?:e|ed|es|ing)|chang(?:e|ed|es|ing)|updat(?:e|ed|es|ing)"
             r"|correct(?:ed|s|ing)?)")
EDITED = r"(?:edited|e(?:dit|dti)ed)"
EDITED_POSTS = re.compile(r"\b" + EDIT_VERB + r"\b(?= (?:\w+ ){0,3}?(?:after|once|later)\b(?: \w+){0,4}? (?:posting"
                          r"|posted|publishing|published|uploading|uploaded|sharing|shared|it went|they went|went|were"
                          r"|was|live|up)\b)"
                          r"|\b" + EDITED + r" (?:posts?|captions?|photos?|pictures?|pics)\b|\bedit history\b"
                          r"|\b(?:posts?|captions?) (?:that |which )?(?:i )?(?:have |had )?" + EDITED + r"\b"
                          r"|\b(?:which|what) (?:posts?|captions?) (?:did|have) i (?:ever )?e(?:dit|dti)\b",
                          re.IGNORECASE)
EDITS_MISSING = "which posts were edited after posting (an export holds each post as it is now, not its edit history)"
QUESTION_CUES = re.compile(r"\b(which|what|how|who|when|where|show|list|find|count|did|do|does|is|are|was|were)\b",
                           re.IGNORECASE)


# a plan of the person's own said before a write verb ("I want to drop ...", "thinking of deleting ..."), and a
# sentence after it that asks something
INTENT_BEFORE = re.compile(r"\b(?:want|wanted|going|planning|plan|hoping|trying|need|would like|'d like|thinking"
                           r"|considering)(?: to| of| about)?\s*$", re.IGNORECASE)
ASKED_AFTER = re.compile(r"[.!;:]\s+(?:which|what|how|who|when|where|can you|could you|show|list|find)\b.*\?\s*$",
                         re.IGNORECASE | re.DOTALL)


def is_write_request(question: str) -> bool:
    """A request to change the graph (imperative write verb or smuggled Cypher), rather than a question about it.

    "Which posts mention 'delete'?" is a question; "delete all posts" / "MATCH (n) DETACH DELETE n" are not.
    """
    if re.search(r"\b(detach\s+delete|load\s+csv|call\s+\w+\.\w+|apoc\.)", question, re.IGNORECASE):
        return True
    said = mend_slips(question.strip().lower())  # "cut the postive ones": the verdict meant
    first = re.split(r"(?<=[.!;:,])\s+", said, maxsplit=1)[0].rstrip(",;: ")
    if LEAVE_OUT_VERDICT.match(said) or (LEAVE_OUT_VERDICT.match(first) and first != said
                                         and not WRITE_REQUEST.search(said[len(first):])):
        # "drop the sad ones" after a listing: the others among them, not a deletion ("Drop the sad ones. How many
        # are left?" too, when nothing after it asks to write)
        return False
    hit = WRITE_REQUEST.search(question)
    if hit and INTENT_BEFORE.search(question[: hit.start()]) and ASKED_AFTER.search(question[hit.end():]):
        # "I want to drop the one-off ones. Which hashtags did I use once?": what the person plans to do with their
        # feed, then the question they ask
        return False
    return bool(hit) and not QUESTION_CUES.search(question[: hit.start()])


def build_chain(llm: Any, graph: GuardedGraph, top_k: int, prompt: Any | None = None) -> GraphCypherQAChain:
    """GraphCypherQAChain with our prompt, tolerant Cypher extraction and the lenient direction corrector.

    allow_dangerous_requests=True is langchain's opt-in acknowledging that generated Cypher runs on the
    database. It is safe here because the database itself refuses writes on this path (FalkorDB
    GRAPH.RO_QUERY, Neo4j READ transactions), and GuardedGraph rejects writes/procedures before that.
    return_direct=True: the rows are the result; answers are rendered in code, not worded by the LLM.
    """
    chain = GraphCypherQAChain.from_llm(
        llm=llm, graph=graph, cypher_prompt=prompt or cypher_prompt(), validate_cypher=True,
        allow_dangerous_requests=True, return_intermediate_steps=True, return_direct=True, top_k=top_k,
    )
    # small models wrap Cypher in prose; langchain's extract_cypher only handles ``` fences
    chain.cypher_generation_chain = (chain.cypher_generation_chain | RunnableLambda(extract_statement)
                                     | RunnableLambda(final_with_returned) | RunnableLambda(alias_order_aggregate)
                                     | RunnableLambda(standard_not_equal))
    chain.cypher_query_corrector = direction_corrector()
    return chain


class CypherAgent:
    """Answers chat questions about one graph; one instance per chat (it holds the conversation memory)."""

    def __init__(self, store: GraphStore, llm: Any, settings: Settings | None = None,
                 selector: FewShotSelector | None = None, grounder: Grounder | None = None,
                 memory: ConversationMemory | None = None, llm_lock: Any | None = None,
                 restate_selector: FewShotSelector | None = None) -> None:
        self.settings = settings or get_settings()
        self.agent_settings = self.settings.agent  # FEEDLENS_LLM_*
        self.store = store
        self.llm = llm
        self.graph = GuardedGraph(store, self.settings.query_row_limit)
        self.selector = selector or default_selector()
        self.anchors = anchor_examples(self.selector.examples, self.agent_settings.anchor_examples)
        self.prompt = cypher_prompt(self.anchors, self.agent_settings.schema_pruning)
        self.chain = build_chain(llm, self.graph, self.settings.query_row_limit, self.prompt)
        self.grounder = grounder or Grounder(store)
        self.memory = memory or ConversationMemory(self.agent_settings.history_turns)
        self.llm_lock = llm_lock or contextlib.nullcontext()
        self.facts = FactsCache(self.grounder)
        self.plans = PlanRoute(self.graph, self.facts, self.agent_settings.min_support_posts,
                               self.agent_settings.cite_posts)
        self.restate_selector = restate_selector or default_restate_selector()

    def ask(self, question: str) -> AgentAnswer:
        """Answer one question; never raises for bad input, bad Cypher or database errors.

        A StorageProblem (no disk space for the local model's first assembly) is raised: it is about this
        machine, not this question, and the caller shows its fix (the CLI exits 2, the app shows the sentence).
        """
        started = time.perf_counter()
        result = AgentAnswer(question=question)
        added = self.memory.added
        try:
            self._answer(question.strip(), result)
        except StorageProblem:
            raise
        except FeedLensError as exc:
            result.error = result.answer = f"Sorry, I could not answer that: {exc}"
        except Exception as exc:  # the LLM runtime or an integration failed: say so, keep the chat alive
            log.exception("agent failed on a question")
            result.error = f"{exc.__class__.__name__}: {exc}"
            result.answer = "Sorry, something went wrong while answering; please try again or rephrase."
        if self.memory.added == added:
            self.memory.mark_unanswered()
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _answer(self, question: str, result: AgentAnswer) -> None:
        problem = self._input_problem(question)
        if problem:
            result.error = result.answer = problem
            return
        if is_write_request(question):
            result.error, result.answer = "write request refused", REFUSAL
            return
        if VIEWS_OR_REACH.search(question) or ENGAGEMENT.search(question):  # before the parser reads "people"
            result.error = f"the graph holds no {NOT_RECORDED['likes']}"
            result.answer = f"Your graph does not record {NOT_RECORDED['likes']}. {self._graph_holds()}"
            return
        for asked, missing in ((WHO_IN_PHOTOS, WHO_IN_PHOTOS_MISSING), (DEVICE_OF_PHOTOS, DEVICE_MISSING),
                               (PROFILE_LAYOUT, PROFILE_MISSING), (EDITED_POSTS, EDITS_MISSING)):
            if asked.search(question):
                result.error = f"the graph holds no {missing}"
                result.answer = f"Your graph does not record {missing}. {self._graph_holds()}"
                return
        hint, previous = "", None
        if self.agent_settings.templates:
            previous = self.memory.last_plan if self.memory.turns else None
            after_unparsed = self.memory.unanswered or (bool(self.memory.turns) and previous is None)
            plan, hint = self.plans.answer(question, previous, result, after_unparsed=after_unparsed,
                                           referent=self.memory.referent if previous is not None else None,
                                           shown=self.memory.shown if previous is not None else ())
            if plan is not None:
                self.memory.add(question, result.cypher, result.answer, plan, self.plans.referent(plan, result.rows),
                                self.plans.shown(plan, result.rows))
                return
        groundings = self.grounder.ground(question)
        missing = self._not_in_graph(question, groundings)
        if missing:
            result.error = f"the graph holds no {missing}"
            result.answer = f"Your graph does not record {missing}. {self._graph_holds()}"
            return
        unavailable = unavailable_reason(self.llm)
        if unavailable is not None:  # only the model could answer this one; the parser's questions still work
            result.error = f"the local model is not available: {unavailable}"
            result.answer = f"{unavailable_sentence(unavailable)}\n\n{self._graph_holds()}"
            return
        if self.agent_settings.templates and self.agent_settings.restate and self._answer_restated(
                question, previous, groundings, result):
            return
        history, selection_text = self.memory.context_for(question)
        nearest = self.selector.select(selection_text, self.agent_settings.few_shot_k, exclude=self.anchors)
        inputs = {
            "query": question,
            "history": history,
            "examples": format_examples(nearest),
            "schema": self._schema_section(selection_text, groundings, nearest),
            "grounding": grounding_text(groundings),
            "hint": HINT.format(hint=hint) if hint and self.agent_settings.parser_hint else "",
        }
        restarts = restarts_of(self.llm)
        self._run_attempts(inputs, result, groundings, selection_text)
        if result.error is None:
            cut = (f"\n(Only the first {self.graph.row_limit:,} rows were read: there may be more.)"
                   if len(result.rows) >= self.graph.row_limit else "")
            result.answer = (render_answer(result.rows, self._listed_posts(result.rows)) + cut + LLM_CAVEAT
                             + self._restart_note(restarts))
            result.post_ids = post_ids_in(result.rows) or self._cite(result)
            self.memory.add(question, result.cypher, result.answer)
        elif not (result.error or "").startswith("refused"):
            result.answer = f"{result.answer}\n\n{self._graph_holds()}"

    def _answer_restated(self, question: str, previous: QueryPlan | None, groundings: list[Any],
                         result: AgentAnswer) -> bool:
        """Ask the LLM to reword the question plainly; answer the rewording from the parser's plan when the plan
        keeps what the question said (agent/restate.py). False (nothing answered) otherwise."""
        turns = self.memory.turns
        last = turns[-1].question if turns and previous is not None else None
        examples = self.restate_selector.select(f"{last} {question}" if last else question,
                                                self.agent_settings.restate_examples)
        try:
            with self.llm_lock:
                reply = self.llm.invoke(restate_messages(question, examples, last,
                                                         system_message(self.agent_settings.schema_pruning)),
                                        stop=["\n"])
        except (LocalModelStopped, LocalModelFailed) as exc:
            log.info("no rewording: %s", exc)
            return False
        rewording = clean_rewording(str(getattr(reply, "content", reply)), question)
        if rewording is None:
            return False
        parsed = parse_detail(rewording, self.facts.get(), previous)
        if parsed.plan is None:
            log.info("rewording %r not understood either", rewording)
            return False
        grounded = {g.name.lower(): g.target for g in groundings if g.target != "Sentiment"}
        named = {g.word.lower(): g.name for g in groundings if g.target == "Sentiment"}
        named_words = {g.word.lower().lstrip("#@") for g in groundings if g.target != "Sentiment"}
        problem = restatement_problem(question, rewording, parsed.plan, grounded, named, named_words)
        if problem is not None:
            log.info("rewording %r not used: %s", rewording, problem)
            return False
        plan, _ = self.plans.answer(rewording, previous, result)
        if plan is None:
            return False
        result.route = "restated"
        result.answer = RESTATED.format(rewording=rewording) + result.answer
        self.memory.add(question, result.cypher, result.answer, plan)
        return True

    def _schema_section(self, question: str, groundings: list[Any], nearest: list[Any]) -> str:
        """'' (the full schema is in the cached system prompt), or the schema pruned to the question."""
        if not self.agent_settings.schema_pruning:
            return ""
        labels = relevant_labels(question, [g.target for g in groundings], [e.cypher for e in nearest])
        return PRUNED_SCHEMA.format(schema=schema_text(labels))

    @staticmethod
    def _not_in_graph(question: str, groundings: list[Any]) -> str | None:
        """Something people ask about that no import records (likes, comments, followers...), unless the word
        names a value in this graph (a hashtag #likes): answered with what the graph does hold, not by the LLM."""
        grounded = {g.word.lstrip("#@").lower() for g in groundings}
        # a sentence before the question says why it is asked ("There's a post I liked. Show me my rainy posts."):
        # the question is the last sentence
        asked = SENTENCE_END.split(question.strip())[-1]
        for word in re.findall(r"[a-z]+", asked.lower()):
            if word in grounded:
                continue
            if word in NOT_RECORDED:
                return NOT_RECORDED[word]
            # "folowers", "commnets": a letter dropped or two swapped in a long word (not "followed": changed)
            slipped = next((w for w in NOT_RECORDED if len(w) >= 7 and slip_rank(word, w) in (0, 1)), None)
            if slipped is not None:
                return NOT_RECORDED[slipped]
        return None

    def _graph_holds(self) -> str:
        """What the graph can answer about, for a question that could not be answered from it."""
        try:
            posts = self.graph.query(COUNT_POSTS)[0]["posts"]
            nodes = {r["label"]: r["nodes"] for r in self.graph.query(NODE_COUNTS)}
        except (QueryAttemptFailed, IndexError, KeyError):
            return GRAPH_HOLDS_GENERIC
        return (f"Your graph holds {int(posts):,} posts with their date, caption and sentiment (overall, caption "
                f"and photo), {int(nodes.get('Image', 0)):,} photos with {int(nodes.get('Tag', 0)):,} kinds of "
                f"things seen in them (tags), {int(nodes.get('Topic', 0)):,} topics and "
                f"{int(nodes.get('Entity', 0)):,} people, places, organisations, hashtags and accounts mentioned. "
                "Questions about those (counts, lists, rankings, shares, averages, per year or month) work best.")

    def _restart_note(self, restarts_before: int) -> str:
        if restarts_of(self.llm) == restarts_before:
            return ""
        return "\n\n(The local model stopped while answering and was restarted; this answer is from the retry.)"

    @staticmethod
    def _input_problem(question: str) -> str | None:
        if not question:
            return "Please type a question about your posts, e.g. 'Which topics are mostly negative?'"
        if len(question) > MAX_QUESTION_CHARS:
            return (f"That question is {len(question):,} characters long; please keep it under "
                    f"{MAX_QUESTION_CHARS:,} and ask one thing at a time.")
        return None

    def _run_attempts(self, inputs: dict[str, Any], result: AgentAnswer, groundings: list[Any],
                      context: str) -> None:
        """Generate and execute, feeding each failure back, up to 1 + max_retries greedy attempts; then, with
        self-consistency on and no clean answer yet, sampled candidates voted on by their rows.

        A query that ran but has the wrong shape for the question is retried too; if no later attempt does
        better, its rows are kept (they may still be right) rather than replaced by an error. When the model
        writes a query that already failed, the next greedy prompt would be the same as the last one (and so
        would its answer): the greedy attempts stop there.
        """
        feedback, doubtful, failed_before = "", None, set()
        for attempt in range(1, self.agent_settings.max_retries + 2):
            result.attempts = attempt
            candidate = self._attempt(self.chain, inputs, feedback, groundings, context)
            if candidate.unsafe:
                result.cypher, result.error, result.answer = candidate.cypher, f"refused: {candidate.error}", REFUSAL
                return
            if candidate.clean:
                result.cypher, result.rows, result.error = candidate.executed, candidate.rows, None
                return
            result.cypher, result.error = candidate.cypher or result.cypher, candidate.error
            if candidate.ran:
                doubtful = doubtful or (candidate.executed, candidate.rows)
            feedback = (FEEDBACK.format(cypher=candidate.cypher, error=candidate.error) if candidate.cypher else
                        FEEDBACK.format(cypher="(none)", error="the reply contained no Cypher query"))
            key = " ".join(candidate.cypher.split())
            if key in failed_before:
                log.info("attempt %s repeated a query that already failed; no more greedy attempts", attempt)
                break
            failed_before.add(key)
        if self.agent_settings.consistency_samples > 0:
            voted = self._self_consistent(inputs, feedback, groundings, context, doubtful, result)
            if voted is not None:
                (result.cypher, result.rows), result.error = voted, None
                return
        if doubtful is not None:
            (result.cypher, result.rows), result.error = doubtful, None
            return
        result.answer = (f"Sorry, I could not turn that into a working graph query ({result.error}). "
                         "Try rephrasing it, e.g. name a topic, a tag or a time period.")

    def _attempt(self, chain: GraphCypherQAChain, inputs: dict[str, Any], feedback: str, groundings: list[Any],
                 context: str) -> Candidate:
        """One generated query, run through the guard (validation, EXPLAIN, read-only run) and the rule checks."""
        try:
            with self.llm_lock:
                out = chain.invoke({**inputs, "feedback": feedback})
        except QueryAttemptFailed as failed:
            log.info("attempt failed: %s", failed.reason)
            return Candidate(cypher=failed.cypher, error=failed.reason, unsafe=failed.unsafe)
        cypher = out["intermediate_steps"][0]["query"]
        if not cypher:
            return Candidate(error=NO_QUERY)
        # report the statement as executed (GuardedGraph added the LIMIT the same deterministic way)
        executed, rows = check_cypher(cypher, self.graph.row_limit).text, list(out["result"])
        problem = shape_problem(inputs["query"], cypher, rows) or value_problem(
            cypher, context, groundings, vocab_of(self.grounder))
        if problem is not None:
            log.info("attempt ran but looks wrong: %s", problem)
        return Candidate(cypher=cypher, executed=executed, rows=rows, ran=True, error=problem)

    def _self_consistent(self, inputs: dict[str, Any], feedback: str, groundings: list[Any], context: str,
                         doubtful: tuple[str, list[Any]] | None,
                         result: AgentAnswer) -> tuple[str, list[Any]] | None:
        """Sample `consistency_samples` candidates from the last prompt (with its feedback), run them, and return
        the (cypher, rows) of a clean candidate in the largest group of equal results; the greedy attempts'
        doubtful rows count as one vote (ties go to the earlier group). None when no sample ran cleanly."""
        groups: dict[Any, list[tuple[str, list[Any]]]] = {}
        if doubtful is not None:
            groups[result_key(doubtful[1])] = [doubtful]
        clean: dict[Any, tuple[str, list[Any]]] = {}
        for n in range(self.agent_settings.consistency_samples):
            sampler = sampling_model(self.llm, self.agent_settings.sample_temperature, seed=n + 1)
            chain = build_chain(sampler, self.graph, self.settings.query_row_limit, self.prompt)
            candidate = self._attempt(chain, inputs, feedback, groundings, context)
            result.attempts += 1
            if candidate.clean:
                key = result_key(candidate.rows)
                groups.setdefault(key, []).append((candidate.executed, candidate.rows))
                clean.setdefault(key, (candidate.executed, candidate.rows))
        ranked = sorted(groups, key=lambda k: len(groups[k]), reverse=True)  # stable: ties keep their order
        best = next((key for key in ranked if key in clean and len(groups[key]) == len(groups[ranked[0]])), None)
        log.info("self-consistency: %s result groups, sizes %s", len(groups), [len(groups[k]) for k in ranked])
        return clean[best] if best is not None else None

    def _listed_posts(self, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The posts that rows naming posts by id (a post_id or id column) stand for, read for their date and
        caption, so a generated query returning only ids is answered with posts a person recognises."""
        ids = [str(r[c]) for r in rows[:MAX_LISTED] for c in ("post_id", "id")
               if isinstance(r.get(c), (str, int)) and not isinstance(r.get(c), bool)]
        try:
            return read_posts(self.graph.query, ids)
        except QueryAttemptFailed as exc:
            log.debug("listed posts not read: %s", exc.reason)
            return {}

    def _cite(self, result: AgentAnswer) -> list[str]:
        """Example posts behind an aggregate answer, from a follow-up read query (best effort)."""
        if not result.rows or not result.cypher:
            return []
        query = citation_query(result.cypher, self.agent_settings.cite_posts)
        if query is None:
            return []
        try:
            return post_ids_in(self.graph.query(query))
        except QueryAttemptFailed as exc:
            log.debug("no citations: %s", exc.reason)
            return []

    def refresh(self) -> None:
        """Re-read grounding vocabularies and the parser's graph facts after the graph changed."""
        self.grounder.refresh()
        self.facts.refresh()


@dataclass
class Candidate:
    """One generated query and what became of it."""

    cypher: str = ""
    executed: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    ran: bool = False
    error: str | None = None
    unsafe: bool = False

    @property
    def clean(self) -> bool:
        """It ran and no rule check doubts it."""
        return self.ran and self.error is None


def _value_key(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return f"{float(value):.2f}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(sorted(str(_value_key(v)) for v in value)) + "]"
    return str(value).strip().lower()


def result_key(rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Rows compared by their values only (column aliases differ between candidates that mean the same):
    a multiset of rows, each a sorted tuple of normalised values (numbers to 2 decimals)."""
    return tuple(sorted(tuple(sorted(str(_value_key(v)) for v in row.values())) for row in rows))


def sampling_model(llm: Any, temperature: float, seed: int) -> Any:
    """The same chat model sampling at `temperature` (seeded, so runs repeat); a model with no temperature
    field (a scripted fake) is returned as it is."""
    fields = getattr(type(llm), "model_fields", {})
    update: dict[str, Any] = {}
    if "temperature" in fields:
        update["temperature"] = temperature
    if "seed" in fields:
        update["seed"] = seed
    return llm.model_copy(update=update) if update else llm


def build_agent(store: GraphStore, llm: Any | None = None, settings: Settings | None = None, *,
                selector: FewShotSelector | None = None, grounder: Grounder | None = None) -> CypherAgent:
    """An agent (one per chat: it holds the memory) over `store`; the configured LLM is shared per process.

    The app passes the model, example selector and grounder it shares between browser sessions. With the
    llamacpp provider every agent takes turns on the one local model (LOCAL_LLM_LOCK), whoever built the model.
    """
    from agent.llm import LOCAL_LLM_LOCK, cached_llm
    from agent.llm_unavailable import llm_or_unavailable

    settings = settings or get_settings()
    if llm is None:  # a model that cannot be built here leaves the parser answering (agent/llm_unavailable.py)
        llm = llm_or_unavailable(lambda: cached_llm(settings))
    lock = LOCAL_LLM_LOCK if settings.agent.provider.strip().lower() == "llamacpp" else None
    return CypherAgent(store, llm, settings=settings, selector=selector, grounder=grounder, llm_lock=lock)
