"""One root exception, so the CLI and UI can catch FeedLens problems and show their fix, never a traceback."""


class FeedLensError(Exception):
    """Base class for every error FeedLens raises on purpose; the message tells the user what to do."""


class ConfigError(FeedLensError):
    """A setting is missing or wrong (the message names the environment variable to set)."""


class MissingDependency(FeedLensError):
    """An optional package is not installed; the message gives the pip command."""

    def __init__(self, package: str, purpose: str) -> None:
        super().__init__(f"{purpose} needs the '{package}' package: pip install {package}")
        self.package = package


class ImportProblem(FeedLensError):
    """A source (folder, CSV, export) cannot be read at all; single bad rows are skipped, not raised."""


class GraphUnavailable(FeedLensError):
    """The graph database cannot be reached or started."""


class ReadOnlyViolation(FeedLensError):
    """A query tried to change the graph through a read-only path."""
