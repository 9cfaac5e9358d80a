"""Writing a workout into the history without ever making the workout wait for it.

Each write is tried at once and gives up at once (SQLite's busy wait is off) when another program
holds the history's lock. While the history is locked, the disk is full or the file cannot be
written, the writes are kept in memory, in order, and tried again: before every later write, and
whenever ``retry`` is called (the window calls it from a timer; the terminal before it ends). So
every finished set is stored once the history is free again, and because the order is kept, a
session is marked completed only after all its sets are stored. ``problem`` says in the user's
words why writes are waiting, with the fix.

The window goes one step further (``start``): the writes run on one thread of their own, which
owns the history's connection, so even a disk that never finishes a write (an fsync that hangs)
cannot reach the window. The window only queues; a write still unfinished after ``late_after``
seconds is told (``problem``) and kept; what the window reads of the history is asked of that
thread and waited for at most ``ask_limit`` seconds (``ask``, HistoryNotAnswering after that);
at the end ``finish`` waits a limited time and says how many writes are not done.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from coach.core.workout.record import OUTCOME_COMPLETED, OUTCOME_INTERRUPTED

# Why writes wait.
LOCKED = "locked"
FULL = "full"
READ_ONLY = "read-only"
CANNOT_WRITE = "cannot write"
NOT_ANSWERING = "not answering"

#: A write still running after this many seconds is told to the user (it is kept, not dropped).
LATE_AFTER_S = 5.0
#: How long the window waits for an answer of the history (what the history page shows, ...).
ASK_LIMIT_S = 2.0

_CODES = {
    sqlite3.SQLITE_BUSY: LOCKED, sqlite3.SQLITE_LOCKED: LOCKED, sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY, sqlite3.SQLITE_IOERR: CANNOT_WRITE,
    sqlite3.SQLITE_CANTOPEN: CANNOT_WRITE, sqlite3.SQLITE_PERM: CANNOT_WRITE,
}


class HistoryNotAnswering(sqlite3.OperationalError):
    """The history's thread did not answer within its time limit (a write of it hangs)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the history did not answer within {seconds:g} s")
        self.seconds = seconds


def not_answering_text(seconds: float) -> str:
    """What the user reads when the history does not answer a question of the window."""
    return (f"The history did not answer within {seconds:g} s (the disk may be busy or stuck); "
            "Coach will show it when it answers.")


def why_waiting(error: sqlite3.Error) -> str | None:
    """LOCKED, FULL, READ_ONLY, CANNOT_WRITE or NOT_ANSWERING when trying again later may work;
    else None."""
    if isinstance(error, HistoryNotAnswering):
        return NOT_ANSWERING
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
    if why == NOT_ANSWERING:
        seconds = getattr(error, "seconds", LATE_AFTER_S)
        return late_text(path, seconds)
    return (f"The history file {path} cannot be written just now ({error}); Coach will keep your "
            "sets and try again.")


def late_text(path, seconds: float) -> str:
    return (f"Writing to the history has not finished within {seconds:g} s (the disk holding {path} "
            "may be slow or stuck); Coach will keep your sets and write them when the disk answers.")


@dataclass
class SessionRef:
    """A session being written: its id once the history has it (None until then)."""

    id: int | None = None
    #: Sets that could not be written at all (not for a reason that passes).
    lost_sets: int = 0


class _Ask:
    """A question for the history's thread, and its answer."""

    def __init__(self, question: Callable[[], object]) -> None:
        self.question = question
        self.done = threading.Event()
        self.dropped = False
        self.answer: object = None
        self.error: BaseException | None = None


class HistoryWriter:
    """The queue of writes of one History (``History.writer``); see the module's description."""

    def __init__(self, history, *, wait_ms: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.history = history
        #: How long one attempt may wait for the lock (0: not at all; the terminal waits at its end).
        self.wait_ms = wait_ms
        #: Tells how long a write has been running (a fake clock in tests).
        self.clock = clock
        self.late_after = LATE_AFTER_S
        self.ask_limit = ASK_LIMIT_S
        self._queue: deque[tuple[str, SessionRef | None, Callable[[], None]]] = deque()
        self._asks: deque[_Ask] = deque()
        #: Guards the two queues and the state below: the window and the thread share them.
        self._lock = threading.Condition()
        self._problem: str | None = None
        #: When the write now running began (clock), None when none runs.
        self._writing_since: float | None = None
        self._thread: threading.Thread | None = None
        self._woken = False
        self._stopping = False
        #: Called on the history's thread whenever what waits or why has changed (the window
        #: turns it into a signal: coach/gui/history_writes.py).
        self.on_change: Callable[[], None] | None = None
        #: Set when the history closed while a write of this thread hung.
        self.abandoned = False
        #: Writes given up on (an error that waiting cannot mend); their sessions do not say completed.
        self.lost = 0

    # --- what the window reads ------------------------------------------------------------------

    @property
    def problem(self) -> str | None:
        """Why writes are waiting, in the user's words; None when nothing waits (or only for a
        moment: a write that runs is not a problem until it is late)."""
        with self._lock:
            since = self._writing_since
            if since is not None and self.clock() - since >= self.late_after:
                return late_text(self.history.path, self.late_after)
            return self._problem

    @property
    def late(self) -> bool:
        """True when a write has been running for ``late_after`` seconds or more."""
        with self._lock:
            since = self._writing_since
            return since is not None and self.clock() - since >= self.late_after

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def pending_sets(self) -> int:
        with self._lock:
            return sum(1 for what, _ref, _write in self._queue if what == "set")

    def not_written(self) -> str:
        """What waits to be written, in the user's words ("3 sets, the end of the workout")."""
        with self._lock:
            kinds = [what for what, _ref, _write in self._queue]
        parts = []
        sets = kinds.count("set")
        for count, one, many in ((kinds.count("session"), "the start of a workout", "the starts of {} workouts"),
                                 (sets, "1 set", "{} sets"),
                                 (kinds.count("finish"), "the end of a workout", "the ends of {} workouts"),
                                 (kinds.count("checkin"), "a check-in", "{} check-ins"),
                                 (kinds.count("other"), "an answer to a question", "{} answers to questions")):
            if count:
                parts.append(one if count == 1 else many.format(count))
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + (parts[-1] if parts else "")

    def pending_sets_of(self, ref: SessionRef) -> int:
        with self._lock:
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
        if now_or_raise:
            def now() -> bool:
                if self.pending:
                    return False  # after what waits: queued
                try:
                    with self.history.not_waiting(self.wait_ms):
                        write()
                    return True
                except sqlite3.Error as error:
                    if why_waiting(error) is None:
                        raise
                    return False
            try:
                if self.ask(now):
                    return
            except HistoryNotAnswering:
                pass
        with self._lock:
            self._queue.append((what, ref, write))
        self.retry()

    def retry(self) -> bool:
        """Write what waits, in order, as far as the history lets; True when nothing waits.
        With the thread started, it only wakes the thread (True when nothing waits now)."""
        if self.running and not self.on_its_thread:
            self._wake()
            return self.pending == 0
        return self._write_what_waits()

    def _write_what_waits(self) -> bool:
        while True:
            if self.abandoned:
                return False  # the history was closed while a write hung: nothing to write to
            with self._lock:
                if not self._queue:
                    self._problem = None
                    return True
                what, ref, write = self._queue[0]
                self._writing_since = self.clock()
            try:
                with self.history.not_waiting(self.wait_ms):
                    write()
            except sqlite3.Error as error:
                why = why_waiting(error)
                if why is not None:
                    with self._lock:
                        self._writing_since = None
                        self._problem = problem_text(why, self.history.path, error)
                    return False
                # Waiting will not mend it (a constraint, a damaged file): give this one up.
                self.lost += 1
                if what == "set" and ref is not None:
                    ref.lost_sets += 1
            except ValueError:  # resuming a session another Coach took meanwhile
                self.lost += 1
            with self._lock:
                self._writing_since = None
                self._queue.popleft()

    def finish(self, wait_ms: int) -> int:
        """Before closing: one last try, waiting up to ``wait_ms`` (for the lock, or for the
        history's thread); returns the number of writes that are still not done (and are lost
        when the history closes)."""
        if not self.running:
            before, self.wait_ms = self.wait_ms, wait_ms
            try:
                self._write_what_waits()
            finally:
                self.wait_ms = before
            return self.pending
        give_up = time.monotonic() + wait_ms / 1000
        before = self.wait_ms
        try:
            while True:
                left = give_up - time.monotonic()
                if self.pending == 0 or left <= 0:
                    return self.pending
                self.wait_ms = int(left * 1000)
                with self._lock:
                    self._woken = True
                    self._lock.notify_all()
                    # Woken again when the thread has been through the queue.
                    self._lock.wait(min(left, 0.2))
        finally:
            self.wait_ms = before

    # --- the thread of its own ------------------------------------------------------------------

    def start(self) -> None:
        """From now on the writes (and what others ask of the history) run on one thread of
        their own; nothing done there can make the caller wait longer than the time limits."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="coach-history", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def on_its_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def ask(self, question: Callable[[], object], limit: float | None = None):
        """``question()``'s answer, run on the history's thread after the writes that wait;
        HistoryNotAnswering when it takes more than ``limit`` seconds (``ask_limit``), or at once
        when a write is already late."""
        if not self.running or self.on_its_thread:
            return question()
        limit = self.ask_limit if limit is None else limit
        if self.late:
            raise HistoryNotAnswering(limit)
        job = _Ask(question)
        with self._lock:
            self._asks.append(job)
            self._woken = True
            self._lock.notify_all()
        if not job.done.wait(limit):
            job.dropped = True  # not asked any more, should the thread come to it later
            raise HistoryNotAnswering(limit)
        if job.error is not None:
            raise job.error
        return job.answer

    def stop(self, limit: float) -> bool:
        """Ends the thread after what it is doing; False when it did not end within ``limit``
        seconds (a write that hangs: it is a daemon thread, so the program can still end)."""
        if self._thread is None:
            return True
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._thread.join(limit)
        return not self._thread.is_alive()

    def _wake(self) -> None:
        with self._lock:
            self._woken = True
            self._lock.notify_all()

    def _run(self) -> None:
        seen = (0, None)
        while True:
            with self._lock:
                while not self._woken and not self._stopping:
                    self._lock.wait()
                self._woken = False
                stopping = self._stopping
            self._write_what_waits()
            self._answer_asks()
            with self._lock:
                now = (len(self._queue), self._problem)
                self._lock.notify_all()  # finish() waits for this
            if now != seen and self.on_change is not None:
                seen = now
                try:
                    self.on_change()
                except Exception:  # noqa: BLE001 - a listener gone (window closed) must not end the thread
                    pass
            if stopping:
                if self.abandoned:
                    self.history.closed_by_its_thread()
                return

    def _answer_asks(self) -> None:
        while True:
            with self._lock:
                if not self._asks:
                    return
                job = self._asks.popleft()
            if job.dropped:
                continue
            try:
                job.answer = job.question()
            except BaseException as error:  # noqa: BLE001 - given to the one who asked
                job.error = error
            job.done.set()
