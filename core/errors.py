"""Every error FeedLens raises on purpose, under one root, so the CLI, the UI and the agent can catch FeedLens
problems and show their fix, never a traceback.

Grouped by where they arise: setup (settings, optional packages), sources, the graph database, the chat agent.
Helpers that never leave their module (`_DecodeFailure` in extractors/vision/decode.py, `BadDate` and
`SidecarError` in data/importers/) stay there: importers turn them into a skipped row, the decoder into an
unreadable image, so no caller outside ever sees them.
"""
from __future__ import annotations


class FeedLensError(Exception):
    """Base class for every error FeedLens raises on purpose; the message tells the user what to do."""


# --- setup ------------------------------------------------------------------------------------------------------

class ConfigError(FeedLensError):
    """A setting is missing or wrong (the message names the environment variable to set)."""


class MissingDependency(FeedLensError):
    """An optional package is not installed; the message gives the pip command."""

    def __init__(self, package: str, purpose: str) -> None:
        super().__init__(f"{purpose} needs the '{package}' package: pip install {package}")
        self.package = package


class StorageProblem(ConfigError):
    """A folder a setting names cannot be used: it is a file, it is not writable, or its disk is full (the message
    names the folder, the setting and the fix)."""


# --- sources ----------------------------------------------------------------------------------------------------

class ImportProblem(FeedLensError):
    """A source (folder, CSV, export) cannot be read at all; single bad rows are skipped, not raised.

    The message is the full detail (file, line, parser error) the CLI prints and the log keeps. `what` says the
    problem in one plain sentence without paths or parser jargon, and `fix` what the person can do about it; the
    app shows those two and keeps the detail behind an expander. Both are empty where nobody wrote them yet.
    """

    def __init__(self, message: str, *, what: str = "", fix: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.fix = fix


# --- the graph database -----------------------------------------------------------------------------------------
# Both stores raise these, so the agent can tell bad Cypher (retry with feedback) from a graph that is down
# (GraphUnavailable) or a write attempt on the read-only path (ReadOnlyViolation).

class GraphUnavailable(FeedLensError):
    """The graph database cannot be reached or started."""


class ReadOnlyViolation(FeedLensError):
    """A query tried to change the graph through a read-only path."""


class QueryFailed(FeedLensError):
    """The database rejected a query (syntax, unknown function, type error); the message is the database's."""


class QueryTimeout(QueryFailed):
    """A read-only query ran longer than settings.query_timeout_ms and was stopped by the database."""


# --- the chat agent ---------------------------------------------------------------------------------------------

class CypherRejected(FeedLensError):
    """The statement is not one safe read-only query over our schema; the message is retry feedback."""

    def __init__(self, message: str, unsafe: bool = False) -> None:
        super().__init__(message)
        self.unsafe = unsafe  # a write or procedure: refuse, never retry


class QueryAttemptFailed(FeedLensError):
    """One generated query could not run; `unsafe` means it tried to change the graph (refuse, no retry)."""

    def __init__(self, cypher: str, reason: str, unsafe: bool = False) -> None:
        super().__init__(reason)
        self.cypher = cypher
        self.reason = reason
        self.unsafe = unsafe


class AgentUnavailable(FeedLensError):
    """The chat agent cannot be built here; the message says why and how to fix it."""


class LocalModelStopped(FeedLensError):
    """The local model's worker process died or hung twice in a row on one request (it restarts on the next)."""


class LocalModelFailed(FeedLensError):
    """The local model could not load or refused a request (not a crash: retrying would not help)."""
