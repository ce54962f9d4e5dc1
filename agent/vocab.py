"""What the parser needs to know about the graph: the names that exist per kind of value (from the grounder's
cached vocabularies) and the newest post's year and month, which "last year" / "this year" are relative to."""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field

from agent.grounding import Grounder
from graph import queries

log = logging.getLogger(__name__)


@dataclass
class GraphFacts:
    """Names per target ("Topic", "Tag", "Tag.kind", "Entity": {name: [details]}) and the newest post's date."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    newest: tuple[int, int] | None = None
    newest_day: str | None = None  # the newest post's date, 'YYYY-MM-DD' (a window of N months counts back from it)
    matcher: Grounder | None = None
    _seen: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)

    def name(self, word: str, target: str) -> str | None:
        """The graph name of kind `target` that `word` names (plural, possessive, synonym forms, a close spelling),
        or None. Remembered per word: a question tries the same words in several slots, and the close-spelling
        search over thousands of names is the slow part."""
        key = (word, target)
        if key not in self._seen:
            self._seen[key] = self._lookup(word, target)
        return self._seen[key]

    def _lookup(self, word: str, target: str) -> str | None:
        names = self.names.get(target) or {}
        if not names or not word:
            return None
        if self.matcher is not None:
            return self.matcher.match_name(word, names)
        return word if word in names else None

    def details(self, target: str, name: str) -> list[str]:
        """An Entity's labels, a Tag's kind, a Topic's keywords."""
        return (self.names.get(target) or {}).get(name, [])

    def topics_with_keyword(self, *forms: str) -> list[str]:
        """The topics one of whose keywords is one of `forms` ('coffee' is a keyword of the topic 'café'), in the
        graph's order."""
        wanted = {f.lower() for f in forms if f}
        return [name for name, keywords in (self.names.get("Topic") or {}).items()
                if wanted & {k.lower() for k in keywords}]


class FactsCache:
    """GraphFacts read once per store (thread-safe); `refresh()` after a load."""

    def __init__(self, grounder: Grounder) -> None:
        self.grounder = grounder
        self._facts: GraphFacts | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        with self._lock:
            self._facts = None

    def get(self) -> GraphFacts:
        with self._lock:
            if self._facts is None:
                newest, day = None, None
                rows = self.grounder.store.query(queries.NEWEST_POST_DATE)
                if rows and rows[0].get("year") is not None:
                    newest = (int(rows[0]["year"]), int(rows[0].get("month") or 12))
                    stamp = str(rows[0].get("created_at") or "")
                    day = stamp[:10] if re.match(r"\d{4}-\d\d-\d\d", stamp) else None
                self._facts = GraphFacts(self.grounder.vocabularies(), newest, day, self.grounder)
            return self._facts
