"""Completion backends for worker tests: they run inside the real worker process (spawned), so they must be
importable top-level classes. Each misbehaves the way llama.cpp can: a native crash (SIGSEGV), a hang, a slow
generation that gets killed, a failed load. A marker file makes "once" survive the restart of the worker."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from agent.local_worker import GenerationRequest, LocalModelConfig

REPLY = "MATCH (p:Post) RETURN count(p) AS posts"


def _first_time(marker: str) -> bool:
    path = Path(marker)
    if path.exists():
        return False
    path.write_text("seen")
    return True


class Answering:
    """Answers at once with the pid of the worker it runs in, so tests can see restarts."""

    def __init__(self, config: LocalModelConfig) -> None:
        self.config = config

    def complete(self, request: GenerationRequest) -> str:
        content = request.messages[-1][1]
        if content.startswith("slow:"):
            time.sleep(float(content.split(":")[1]))
        if content.startswith("segfault-once:") and _first_time(content.split(":", 1)[1]):
            os.kill(os.getpid(), signal.SIGSEGV)
        if content == "segfault":
            os.kill(os.getpid(), signal.SIGSEGV)
        if content.startswith("hang-once:") and _first_time(content.split(":", 1)[1]):
            time.sleep(3600)
        if content == "raise":
            raise RuntimeError("the model rejected the prompt")
        return f"{REPLY} // pid {os.getpid()} stop {'|'.join(request.stop)}"


class FailsToLoad:
    def __init__(self, config: LocalModelConfig) -> None:
        raise ValueError(f"not a GGUF file: {config.model_path}")

    def complete(self, request: GenerationRequest) -> str:  # pragma: no cover - never loaded
        return ""


class AlwaysSegfaults(Answering):
    def complete(self, request: GenerationRequest) -> str:
        os.kill(os.getpid(), signal.SIGSEGV)
        return ""


class CrashesOnFirstCall(Answering):
    """SIGSEGV on the first generation of the test (config.model_path names the marker file), then plain Cypher."""

    def complete(self, request: GenerationRequest) -> str:
        if _first_time(self.config.model_path):
            os.kill(os.getpid(), signal.SIGSEGV)
        return REPLY
