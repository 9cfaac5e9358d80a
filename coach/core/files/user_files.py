"""Opening the user's files so that nothing in the data folder can hang Coach, and replacing them
so that nothing is ever half written.

A named pipe where a file should be makes ``open()`` wait forever for a writer, and a device such
as ``/dev/zero`` gives bytes without end: every file Coach reads (routines, the FAQ, the settings)
is opened here, without blocking, and used only when it is an ordinary file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from coach.core.files import temp_files

#: What Coach says about a pipe, a device or a socket where it expects a file.
NOT_ORDINARY = "this is not an ordinary file (a pipe or a device); Coach reads only files"


class NotAnOrdinaryFile(OSError):
    """A named pipe, a device or a socket is where a file should be."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(f"{os.fspath(path)}: {NOT_ORDINARY}")
        self.filename = os.fspath(path)


def read_ordinary(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (one more than allowed says that it is too large).

    Raises FileNotFoundError, IsADirectoryError, :class:`NotAnOrdinaryFile` or another OSError;
    never waits for a pipe's writer.
    """
    # O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise NotAnOrdinaryFile(path)
        return handle.read(limit + 1)


def kind_of(path: str | os.PathLike[str]) -> str | None:
    """What is at ``path`` when it is not an ordinary file, in words ("a folder", "a named pipe",
    "a device"...); None for an ordinary file or nothing at all (following symbolic links)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def open_for_writing_lines(path: str | os.PathLike[str]):
    """A text stream writing to ``path`` (created or emptied), for a log the user asked for.

    A pipe or a device is allowed (``--event-log >(jq .)`` gives a pipe), but the file is opened
    without blocking: a pipe nobody reads fails at once (ENXIO) instead of waiting, and a reader
    that stops reading makes a write fail instead of freezing the workout.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, 0o644)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.ftruncate(fd, 0)
        return os.fdopen(fd, "w", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def _fsync_folder(folder: Path) -> None:
    # The rename itself lives in the folder: without this a power cut can bring the old name back.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one, never a part.

    coach.core is pure Python (no Qt), so this does by hand what QSaveFile does: write a temporary
    file in the same folder (a rename is only atomic within one file system), flush and fsync it,
    rename it over the target, then fsync the folder so the rename itself survives a power cut.
    The temporary file is named by :func:`coach.core.files.temp_files.create`, so that one a kill left
    behind is recognized and removed later.
    """
    path = Path(path)
    folder = path.parent
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, temp_name = temp_files.create(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
    _fsync_folder(folder)
