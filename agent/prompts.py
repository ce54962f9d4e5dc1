"""The text-to-Cypher prompt: dialect, schema, value conventions, grounded values, nearest examples,
conversation context and retry feedback, in that order (the small model attends most to what is nearest the
question, so the most specific material comes last)."""
from __future__ import annotations

from langchain_core.prompts import ChatPromptTemplate

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

HUMAN = """Examples:

{examples}{history}{grounding}{hint}{feedback}Question: {question}
Cypher:"""

# the schema text holds Cypher braces: escape them for the template
CYPHER_PROMPT = ChatPromptTemplate.from_messages(
    [("system", SYSTEM.replace("{", "{{").replace("}", "}}")), ("human", HUMAN)]
)

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
