"""The text-to-Cypher prompt: dialect, schema, value conventions, fixed examples, then what changes per question
(the nearest examples, conversation context, grounded values, the parser's hint, retry feedback), so the small
model attends most to what is nearest the question, the most specific material.

Everything up to the fixed examples is the same text for every question: llama.cpp reuses the KV cache of an
identical token prefix, so that part is evaluated once per model process (at start-up, see `static_prefix`) and
each question pays only for its own part. With schema pruning on, the schema moves out of that prefix into the
per-question part, cut to the labels the question needs (agent/schema.py `relevant_labels`).
"""
from __future__ import annotations

from collections.abc import Sequence

from langchain_core.prompts import ChatPromptTemplate

from agent.few_shot import Example, anchor_examples, format_examples, load_examples
from agent.schema import DIALECT, SEMANTICS, schema_text

SYSTEM = f"""You translate questions about one person's social-media photo posts into a single Cypher query.
{DIALECT}

Graph schema:
{schema_text()}

{SEMANTICS}

Rules:
- Use only the labels, relationship types and properties of the schema.
- Match names with the exact lower-case values listed as existing in the graph.
- When the answer is a list of posts, return p.id AS post_id and p.caption AS caption.
- Give every returned column a short alias with AS.
- Reply with the Cypher query only: no explanation, no markdown."""

# the same rules without the schema, for prompts that show a schema pruned to the question instead
SYSTEM_NO_SCHEMA = SYSTEM.replace(f"Graph schema:\n{schema_text()}\n\n", "")

PRUNED_SCHEMA = """Graph schema (the part this question needs):
{schema}

"""

HUMAN = """{examples}{schema}{history}{grounding}{hint}{feedback}Question: {question}
Cypher:"""


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def static_user_start(anchors: Sequence[Example]) -> str:
    """The opening of every question's message: the fixed examples."""
    return "Examples:\n\n" + format_examples(anchors)


def cypher_prompt(anchors: Sequence[Example] = (), pruned_schema: bool = False) -> ChatPromptTemplate:
    """The prompt GraphCypherQAChain fills: the static system message and fixed examples, then the per-question
    variables (examples = the nearest ones, schema = '' or the pruned schema section)."""
    system = system_message(pruned_schema)
    return ChatPromptTemplate.from_messages(
        [("system", _escape(system)), ("human", _escape(static_user_start(anchors)) + HUMAN)]
    )


def system_message(pruned_schema: bool = False) -> str:
    """The system message every Cypher prompt starts with (the full schema unless it is pruned per question)."""
    return SYSTEM_NO_SCHEMA if pruned_schema else SYSTEM


def static_prefix(anchor_count: int, pruned_schema: bool = False) -> tuple[tuple[str, str], ...]:
    """The (role, text) messages every prompt of the packaged example library starts with, for the local model
    to evaluate once when it loads."""
    anchors = anchor_examples(load_examples(), anchor_count)
    return (("system", system_message(pruned_schema)), ("user", static_user_start(anchors)))


# the prompt with no fixed examples (the default: settings.agent.anchor_examples = 0)
CYPHER_PROMPT = cypher_prompt()

FEEDBACK = """Your previous query for this question was:
{cypher}
It failed: {error}
Write a corrected query.
"""

FOLLOW_UP = """The question follows up on the conversation:
{turns}Rewrite the previous Cypher so that it answers the new question.
"""

TURN = """Previous question: {question}
Previous Cypher: {cypher}
"""

HINT = """A rule-based parser read the question as: {hint}
(Use what it understood; write the part it could not express.)
"""

# restating (agent/restate.py): a question the parser did not understand, reworded in plain words for it to read.
# The request goes under the same system message as the Cypher prompt: the local model keeps that long prefix in its
# KV cache, and a request with another system message would evict it, so the Cypher attempt that may follow would
# evaluate it again (measured: 2.7x the time per question). So the task is set in the user message.
RESTATE_TASK = """Not Cypher this time: reword a question about the posts into plain, simple English.
Keep the exact meaning: the same thing asked about (posts, photos, topics, tags, people, places, hashtags), the same
numbers, years and months, the same negation (not, without, never), the same sentiment (positive, negative,
neutral), and whether it is about the photo or the caption. Use plain words: posts, photos, topics, tags, caption,
positive, negative, neutral, how many, which, most, least, at least, more than, per year, per month.
Reply with the reworded question only, on one line.

"""

RESTATE_EXAMPLE = """Question: {question}
Plain: {plain}

"""

RESTATE_HUMAN = """{task}{examples}{context}Question: {question}
Plain:"""
