"""Checks that the folders FeedLens writes to can be written, so a bad FEEDLENS_HOME (a file, a read-only folder, a
read-only copy of a database) or a full disk stops a command with one sentence naming the folder and the fix,
instead of an OSError traceback from deep inside the database server, an importer or the model assembly.

Writability is proven by writing: permission bits say yes to root on a read-only mount, and a read-only copy of
a database looks fine until the server tries to take its lock.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from core.errors import StorageProblem

HOME_SETTING = "FEEDLENS_HOME"
# what FeedLens rewrites inside its home while it runs: the embedded database, load reports, the topic vocabulary
HOME_FOLDERS = ("falkordb", "reports")
HOME_FILES = ("topics.json",)
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def storage_problem(exc: OSError, path: Path, setting: str, value: Path | None = None) -> StorageProblem:
    """The OSError `exc`, met while writing `path` (in the folder `setting`=`value`), as a sentence with the fix."""
    value = path if value is None else value
    where = "" if path == value else f": {path}"
    reason = exc.strerror or str(exc)
    if exc.errno in NO_SPACE:
        return StorageProblem(f"no disk space left in {path} ({setting}={value}): free some space or point "
                              f"{setting} at a folder on another disk")
    if exc.errno in NOT_WRITABLE:
        return StorageProblem(f"{setting}={value} is not writable{where} ({reason}): point {setting} at a folder "
                              "you can write to, or copy it there (a read-only copy of a database must be copied "
                              "to a writable folder before FeedLens can open it)")
    if exc.errno == errno.ENOTDIR:
        return StorageProblem(f"{setting}={value}: part of {path} is a file, not a folder: point {setting} at a "
                              "folder")
    return StorageProblem(f"{setting}={value} cannot be used{where} ({reason}): point {setting} at a folder you "
                          "can write to")


def _file_in_the_way(path: Path) -> Path | None:
    """The file (not folder) at `path` or at one of its parents, if any."""
    for candidate in (path, *path.parents):
        try:
            mode = candidate.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return None  # unreadable: the write probe names the problem
        return None if stat.S_ISDIR(mode) else candidate
    return None


def check_writable_dir(path: Path, setting: str, value: Path | None = None) -> Path:
    """`path` as a folder this process can write into, created when missing; StorageProblem naming `setting`
    (whose value is `value`, default `path`) and the fix otherwise. The probe file is removed again."""
    value = path if value is None else value
    blocker = _file_in_the_way(path)
    if blocker == value:
        raise StorageProblem(f"{setting}={value} is a file: point it at a folder")
    if blocker is not None:
        raise StorageProblem(f"{setting}={value} cannot be used: {blocker} is a file; point {setting} at a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".feedlens-write-check-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise storage_problem(exc, path, setting, value) from None
    return path


def _check_files_writable(paths: list[Path], setting: str, value: Path) -> None:
    """Open each existing regular file for appending (nothing is written), as the database server will."""
    for path in paths:
        try:
            if not stat.S_ISREG(path.lstat().st_mode):
                continue
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise storage_problem(exc, path, setting, value) from None


def check_home(home: Path) -> Path:
    """The FeedLens home as a writable folder (created when missing), with everything in it FeedLens rewrites
    writable too; StorageProblem with the fix otherwise."""
    check_writable_dir(home, HOME_SETTING)
    files = [home / name for name in HOME_FILES]
    for name in HOME_FOLDERS:
        folder = home / name
        if folder.exists() and not folder.is_dir():
            raise StorageProblem(f"{HOME_SETTING}={home}: {folder} is a file where FeedLens keeps a folder: move "
                                 "that file away")
        if folder.is_dir():
            for sub, _, names in os.walk(folder):
                check_writable_dir(Path(sub), HOME_SETTING, home)
                files.extend(Path(sub) / n for n in names)
    _check_files_writable(files, HOME_SETTING, home)
    return home


def _configured_home() -> Path | None:
    from core.settings import get_settings

    try:
        return get_settings().home
    except Exception:  # noqa: BLE001 - the settings themselves may be what failed (an unreadable .env)
        return None


def explain_os_error(exc: OSError, home: Path | None = None) -> StorageProblem:
    """An OSError that reached a command's top level, as a sentence with the fix: what is wrong with the home
    (`home`, default the configured one) when something is, else the failed path and the reason."""
    home = home if home is not None else _configured_home()
    if home is None:
        return StorageProblem(f"cannot use {exc.filename or 'a file'} ({exc.strerror or exc})")
    try:
        check_home(home)
    except StorageProblem as problem:
        return problem
    path = Path(exc.filename) if exc.filename else home
    if exc.errno in NO_SPACE + NOT_WRITABLE + (errno.ENOTDIR,):
        return storage_problem(exc, path, HOME_SETTING, home)
    return StorageProblem(f"cannot use {path} ({exc.strerror or exc}); check that it exists and that you may "
                          "read and write it")
