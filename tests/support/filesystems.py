"""Real unwritable and full folders for environment tests.

chmod does not stop root (CI runs as root), so as root a read-only or tiny folder is a tmpfs mounted over it;
where mounting is not allowed either, the test is skipped with the reason. No fake: the kernel gives the error.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], check=False, capture_output=True, text=True, timeout=30)


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "1m") mounted on `path`; skips the test when this process may not mount."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tiny tmpfs (a full disk cannot be made otherwise)")
    done = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True, timeout=30)


@contextmanager
def read_only(path: Path, fill_from: Path | None = None) -> Iterator[Path]:
    """`path` as a folder nobody can write (with a copy of `fill_from` inside when given).

    Not root: chmod. Root ignores modes, so a tmpfs is mounted there and remounted read-only.
    """
    if os.geteuid() != 0:
        path.mkdir(parents=True, exist_ok=True)
        if fill_from is not None:
            shutil.copytree(fill_from, path, dirs_exist_ok=True)
        for folder, _, files in os.walk(path):
            for name in files:
                os.chmod(os.path.join(folder, name), 0o444)
            os.chmod(folder, 0o555)
        try:
            yield path
        finally:
            for folder, _, _ in os.walk(path):
                os.chmod(folder, 0o755)
        return
    with tmpfs(path, "64m"):
        if fill_from is not None:
            shutil.copytree(fill_from, path, dirs_exist_ok=True)
        done = _mount("-o", "remount,ro", str(path))
        if done.returncode != 0:
            pytest.skip(f"cannot remount the tmpfs read-only: {done.stderr.strip()}")
        yield path
