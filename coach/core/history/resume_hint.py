"""Whether the history may hold a session to offer resuming, known without opening it.

Opening the history loads SQLite (a few MiB and milliseconds), and nothing of the history shows in
the library, so Coach opens it when it is first needed. The one thing needed at start-up is
whether an interrupted session may be waiting: the history keeps a small file beside its session
locks while one may be. The file errs on the side of "maybe": it is written before a session
begins and removed only when no session is open and none is left to resume; a start-up that finds
it opens the history and asks the history itself. No file means there is nothing to offer.

This module never imports sqlite3: the window calls it at start-up.
"""

from __future__ import annotations

from pathlib import Path

from coach.core.files.paths import DataDir

#: The file's name, in the folder of the session locks beside the history file.
HINT_NAME = "resume-offer"


def sessions_folder(history_db: Path) -> Path:
    """The folder of the session locks (and of the hint) of the history file ``history_db``."""
    return history_db.with_name(".history-sessions")


def hint_file(history_db: Path) -> Path:
    return sessions_folder(history_db) / HINT_NAME


def may_offer_resume(data_dir: DataDir) -> bool:
    """False when the history certainly holds no session to offer resuming."""
    try:
        return hint_file(data_dir.history_db).exists()
    except OSError:
        return True  # cannot tell: ask the history


def keep_hint(history_db: Path) -> None:
    """A session may need resuming from now on (written before the session is)."""
    folder = sessions_folder(history_db)
    try:
        folder.mkdir(exist_ok=True)
        hint_file(history_db).touch()
    except OSError:
        pass  # the folder cannot be written: then neither can the locks, nor the history


def drop_hint(history_db: Path) -> None:
    try:
        hint_file(history_db).unlink(missing_ok=True)
    except OSError:
        pass
