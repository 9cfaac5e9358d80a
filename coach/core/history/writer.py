"""Writing a workout into the history without ever making the workout wait for it.

Each write is tried at once and gives up at once (SQLite's busy wait is off) when another program
holds the history's lock. While the history is locked, the disk is full or the file cannot be
written, the writes are kept in memory, in order, and tried again: before every later write, and
whenever ``retry`` is called (the window calls it from a timer; the terminal before it ends). So
every finished set is stored once the history is free again, and because the order is kept, a
session is marked completed only after all its sets are stored. ``problem`` says in the user's
words why writes are waiting, with the fix.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from coach.core.workout.record import OUTCOME_COMPLETED, OUTCOME_INTERRUPTED

# Why writes wait.
LOCKED = "locked"
FULL = "full"
READ_ONLY = "read-only"
CANNOT_WRITE = "cannot write"

_CODES = {
    sqlite3.SQLITE_BUSY: LOCKED, sqlite3.SQLITE_LOCKED: LOCKED, sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY, sqlite3.SQLITE_IOERR: CANNOT_WRITE,
    sqlite3.SQLITE_CANTOPEN: CANNOT_WRITE, sqlite3.SQLITE_PERM: CANNOT_WRITE,
}


def why_waiting(error: sqlite3.Error) -> str | None:
    """LOCKED, FULL, READ_ONLY or CANNOT_WRITE when trying again later may work; else None."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return _CODES.get(code & 0xFF)
    text = str(error).lower()
    for words, why in (("locked", LOCKED), ("busy", LOCKED), ("full", FULL), ("readonly", READ_ONLY),
                       ("read-only", READ_ONLY), ("disk i/o", CANNOT_WRITE)):
        if words in text:
            return why
    return None


def problem_text(why: str, path, error: Exception | None = None) -> str:
    """The sentence for the user: what is wrong, and what Coach and the user can do."""
    from coach.core.history.store import disk_is_full

    if why == CANNOT_WRITE and disk_is_full(path):
        why = FULL  # a full disk sometimes shows as "disk I/O error"
    if why == LOCKED:
        return ("Another program is using the history; Coach will keep your sets and write them "
                "when it is free.")
    if why == FULL:
        return (f"The disk holding {path} is full; Coach will keep your sets and write them when "
                "there is room again (free some space).")
    if why == READ_ONLY:
        return (f"The history file {path} is read-only; Coach keeps your sets until Coach closes "
                "(make the file writable, for example chmod u+w, then start Coach again).")
    return (f"The history file {path} cannot be written just now ({error}); Coach will keep your "
            "sets and try again.")


@dataclass
class SessionRef:
    """A session being written: its id once the history has it (None until then)."""

    id: int | None = None
    #: Sets that could not be written at all (not for a reason that passes).
    lost_sets: int = 0


class HistoryWriter:
    """The queue of writes of one History (``History.writer``); see the module's description."""

    def __init__(self, history, *, wait_ms: int = 0) -> None:
        self.history = history
        #: How long one attempt may wait for the lock (0: not at all; the terminal waits at its end).
        self.wait_ms = wait_ms
        self._queue: deque[tuple[str, SessionRef | None, Callable[[], None]]] = deque()
        #: Why writes are waiting, in the user's words; None when nothing waits.
        self.problem: str | None = None
        #: Writes given up on (an error that waiting cannot mend); their sessions do not say completed.
        self.lost = 0

    @property
    def pending(self) -> int:
        return len(self._queue)

    @property
    def pending_sets(self) -> int:
        return sum(1 for what, _ref, _write in self._queue if what == "set")

    def pending_sets_of(self, ref: SessionRef) -> int:
        return sum(1 for what, of, _write in self._queue if what == "set" and of is ref)

    # --- the writes -----------------------------------------------------------------------------

    def begin_session(self, routine, started_at: float, planned_seconds: float,
                      pain_before: int | None = None) -> SessionRef:
        ref = SessionRef()

        def write() -> None:
            ref.id = self.history.begin_session(routine, started_at, planned_seconds, pain_before)

        self._submit("session", ref, write)
        return ref

    def resume_session(self, session_id: int) -> SessionRef:
        """Reopen an interrupted session; ValueError when it is not one (nothing is queued then)."""
        ref = SessionRef(session_id)
        self._submit("session", ref, lambda: self.history.resume_session(session_id), now_or_raise=True)
        return ref

    def record_set(self, ref: SessionRef, *args, **kwargs) -> None:
        self._submit("set", ref, lambda: self.history.record_set(ref.id, *args, **kwargs))

    def finish_session(self, ref: SessionRef, outcome: str, ended_at: float,
                       active_seconds: float | None = None) -> None:
        def write() -> None:
            # A set that could not be stored at all: the session must not say it was completed.
            said = OUTCOME_INTERRUPTED if ref.lost_sets and outcome == OUTCOME_COMPLETED else outcome
            self.history.finish_session(ref.id, said, ended_at, active_seconds)

        self._submit("finish", ref, write)

    def set_checkin_after(self, ref: SessionRef, pain: int | None, note: str = "") -> None:
        self._submit("checkin", ref, lambda: self.history.set_checkin_after(ref.id, pain, note))

    def submit(self, write: Callable[[], None]) -> None:
        """Any other write (a declined offer), in the same order as the rest."""
        self._submit("other", None, write)

    # --- the queue ------------------------------------------------------------------------------

    def _submit(self, what: str, ref: SessionRef | None, write: Callable[[], None], *,
                now_or_raise: bool = False) -> None:
        if now_or_raise and not self._queue:
            try:
                with self.history.not_waiting(self.wait_ms):
                    write()
                return
            except sqlite3.Error as error:
                if why_waiting(error) is None:
                    raise
        self._queue.append((what, ref, write))
        self.retry()

    def retry(self) -> bool:
        """Write what waits, in order, as far as the history lets; True when nothing waits."""
        while self._queue:
            what, ref, write = self._queue[0]
            try:
                with self.history.not_waiting(self.wait_ms):
                    write()
            except sqlite3.Error as error:
                why = why_waiting(error)
                if why is not None:
                    self.problem = problem_text(why, self.history.path, error)
                    return False
                # Waiting will not mend it (a constraint, a damaged file): give this one up.
                self.lost += 1
                if what == "set" and ref is not None:
                    ref.lost_sets += 1
            except ValueError:  # resuming a session another Coach took meanwhile
                self.lost += 1
            self._queue.popleft()
        self.problem = None
        return True

    def finish(self, wait_ms: int) -> int:
        """Before closing: one last try, waiting up to ``wait_ms`` for the lock; returns the number
        of writes that are still not done (and are lost when the history closes)."""
        before, self.wait_ms = self.wait_ms, wait_ms
        try:
            self.retry()
        finally:
            self.wait_ms = before
        return self.pending
