"""The workout history: an SQLite file of sessions and their sets that survives crashes and kills."""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone, tzinfo
from pathlib import Path

from coach.core.history import resume_hint
from coach.core.files.paths import DataDir
from coach.core.workout.record import (
    COMPLETED,
    OUTCOME_COMPLETED,
    OUTCOME_INTERRUPTED,
    OUTCOME_STOPPED,
    SET_STATUSES,
    SKIPPED,
)
from coach.core.routines.routine import ROUTINE, Routine
from coach.core.workout.timeline import GET_READY, REST, SWITCH_SIDES, Timeline, build_timeline

# json, csv, tempfile and uuid are imported where they are used: the main window opens the history
# at startup, and they are only needed to record a workout or export the history.

OUTCOMES = (OUTCOME_COMPLETED, OUTCOME_STOPPED, OUTCOME_INTERRUPTED)
#: A session interrupted less than this long ago is offered for resuming.
RESUME_WITHIN_SECONDS = 12 * 3600
#: Two Coach windows (or a window and `coach history`) wait for each other instead of failing.
BUSY_TIMEOUT_MS = 10_000
#: How long closing waits for the history's own thread to end (a write of it may hang).
CLOSE_WAIT_S = 1.0

# Each entry upgrades the schema by one version: MIGRATIONS[0] turns an empty file into version 1,
# MIGRATIONS[1] (when it exists) turns version 1 into version 2, and so on. Never edit a published
# entry: a file made by an older Coach runs exactly the entries after its own version.
MIGRATIONS: list[tuple[str, ...]] = [
    (  # version 1
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            routine_json TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            planned_seconds REAL NOT NULL,
            active_seconds REAL NOT NULL DEFAULT 0,
            outcome TEXT CHECK (outcome IN ('completed', 'stopped', 'interrupted')),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            sets_completed INTEGER NOT NULL DEFAULT 0,
            sets_skipped INTEGER NOT NULL DEFAULT 0,
            owner_lock TEXT,
            resume_declined INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
        """CREATE TABLE sets (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            exercise_index INTEGER NOT NULL,
            exercise_name TEXT NOT NULL,
            set_number INTEGER NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            reps INTEGER,
            hold_seconds REAL,
            status TEXT NOT NULL CHECK (status IN ('completed', 'skipped')),
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL
        )""",
        "CREATE INDEX sets_by_session ON sets (session_id)",
        """CREATE TABLE progression_declines (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            exercise_index INTEGER NOT NULL,
            exercise_name TEXT NOT NULL,
            reps INTEGER NOT NULL,
            declined_at REAL NOT NULL
        )""",
    ),
    (  # version 2: a set cut short by a stop or an interruption is "interrupted" (resumed at)
        """CREATE TABLE sets_v2 (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            exercise_index INTEGER NOT NULL,
            exercise_name TEXT NOT NULL,
            set_number INTEGER NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            reps INTEGER,
            hold_seconds REAL,
            status TEXT NOT NULL CHECK (status IN ('completed', 'skipped', 'interrupted')),
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL
        )""",
        "INSERT INTO sets_v2 SELECT id, session_id, exercise_index, exercise_name, set_number, side, reps,"
        " hold_seconds, status, started_at, ended_at FROM sets",
        "DROP TABLE sets",
        "ALTER TABLE sets_v2 RENAME TO sets",
        "CREATE INDEX sets_by_session ON sets (session_id)",
    ),
]


def schema_version() -> int:
    return len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The file was written by a newer Coach."""


@dataclass(frozen=True)
class Session:
    id: int
    routine_id: str
    routine_name: str
    #: UTC seconds since the epoch.
    started_at: float
    #: ``None`` while the workout is being played.
    ended_at: float | None
    planned_seconds: float
    active_seconds: float
    #: One of OUTCOMES, or ``None`` while the workout is being played.
    outcome: str | None
    pain_before: int | None
    pain_after: int | None
    note: str
    sets_completed: int
    sets_skipped: int

    def started_local(self, tz: tzinfo | None = None) -> datetime:
        return local_time(self.started_at, tz)


@dataclass(frozen=True)
class StoredSet:
    session_id: int
    exercise_index: int
    exercise_name: str
    set: int
    side: str | None
    reps: int | None
    hold_seconds: float | None
    status: str
    #: UTC seconds since the epoch.
    started_at: float
    ended_at: float


@dataclass(frozen=True)
class ResumePoint:
    """An interrupted session that can go on from the first set it did not finish (a set cut
    short by the interruption is not finished: it is played again, from its start)."""

    session: Session
    routine: Routine
    #: The sets finished before (completed or skipped; not the interrupted one).
    sets_done: tuple[StoredSet, ...]
    exercise_index: int
    set: int
    side: str | None

    @property
    def exercise_name(self) -> str:
        return self.routine.exercises[self.exercise_index].name

    def timeline(self) -> Timeline:
        """What the resumed workout plays: the routine's get-ready countdown, then everything
        from the start of the set to resume (its phases numbered and timed from 0 again)."""
        whole = build_timeline(self.routine)
        at = self.phase_index(whole)
        kept = [p for p in whole.phases[:1] if p.kind == GET_READY] + list(whole.phases[at:])
        phases = []
        offset = 0
        for index, phase in enumerate(kept):
            phases.append(replace(phase, index=index, start_ms=offset))
            offset += phase.estimate_ms
        return Timeline(routine=self.routine, phases=tuple(phases))

    def phase_index(self, timeline: Timeline) -> int:
        """Index of the first phase of that set in ``timeline`` (built from ``self.routine``)."""
        for phase in timeline.phases:
            if (phase.exercise_index == self.exercise_index and phase.set == self.set
                    and phase.side == self.side and phase.kind not in (REST, SWITCH_SIDES)):
                return phase.index
        raise ValueError("the timeline does not contain the set to resume from")


@dataclass(frozen=True)
class PlayedSession:
    """What the progression rules need to know about a past session."""

    started_at: float
    outcome: str | None
    pain_before: int | None
    pain_after: int | None
    routine: Routine


@dataclass(frozen=True)
class Decline:
    routine_id: str
    exercise_index: int
    exercise_name: str
    reps: int
    declined_at: float


# ----------------------------------------------------------------------------------------------
# Values read back are checked: a row changed by hand, by another program or by an old bug must
# not make the whole history unreadable. A session with a value that cannot be right is left out,
# and the readers say so (History.damaged_notice).

#: The last moment a date can be shown for (the end of the year 9999, UTC).
LATEST_TIME = 253_402_300_799.0
#: No duration Coach stores comes near this (a routine is at most about 20,000 hours).
LONGEST_SECONDS = 1e8


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_time(value) -> bool:
    return _is_number(value) and 0 <= value <= LATEST_TIME


def _is_seconds(value) -> bool:
    return _is_number(value) and 0 <= value <= LONGEST_SECONDS


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_pain(value) -> bool:
    return value is None or (_is_count(value) and value <= 10)


def _session_of(row) -> Session | None:
    """The Session of a row of _SESSION_COLUMNS, or None when a value in it cannot be right."""
    (session_id, routine_id, routine_name, started, ended, planned, active, outcome, before, after,
     note, done, skipped) = row
    good = (_is_count(session_id) and isinstance(routine_id, str) and isinstance(routine_name, str)
            and _is_time(started) and (ended is None or _is_time(ended)) and _is_seconds(planned)
            and _is_seconds(active) and (outcome is None or outcome in OUTCOMES) and _is_pain(before)
            and _is_pain(after) and isinstance(note, str) and _is_count(done) and _is_count(skipped))
    return Session(*row) if good else None


def _set_of(row) -> StoredSet | None:
    (_session, index, name, set_number, side, reps, hold, status, started, ended) = row
    good = (_is_count(index) and isinstance(name, str) and _is_count(set_number)
            and side in (None, "left", "right") and (reps is None or _is_count(reps))
            and (hold is None or _is_seconds(hold)) and status in SET_STATUSES
            and _is_time(started) and _is_time(ended))
    return StoredSet(*row) if good else None


def _routine_or_none(text) -> Routine | None:
    """The routine as played, or None when its copy in the history cannot be read."""
    try:
        return routine_from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def local_time(utc_seconds: float, tz: tzinfo | None = None) -> datetime:
    """An aware local datetime; ``tz=None`` means the computer's own time zone (with its DST)."""
    moment = datetime.fromtimestamp(utc_seconds, timezone.utc)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


# ----------------------------------------------------------------------------------------------
# The routine as played, kept as JSON in the session so that later edits do not rewrite the past.

def routine_to_json(routine: Routine) -> str:
    import json

    return json.dumps(ROUTINE.to_json(routine), ensure_ascii=False, separators=(",", ":"))


def routine_from_json(text: str) -> Routine:
    import json

    return ROUTINE.from_json(json.loads(text))


# ----------------------------------------------------------------------------------------------
# Opening the file: pragmas, migrations, damaged or newer files, folders we cannot write.

def connect(path: Path) -> sqlite3.Connection:
    """A connection with the settings every writer uses (autocommit; explicit transactions)."""
    # Opened here, used by the history's own thread in the window (HistoryWriter.start).
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL lets `coach history` read while a workout writes; FULL syncs every commit, so a set
    # that was reported as written is still there after a power cut.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to the current version; returns the version it had before."""
    # A current file needs no write lock: opening never waits for another program writing.
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    if before == len(MIGRATIONS):
        return before
    # IMMEDIATE takes the write lock first, so two Coach instances starting at once do not both
    # run the same migration.
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute("PRAGMA user_version").fetchone()[0]
        if before > len(MIGRATIONS):
            raise NewerSchemaError(before)
        for version in range(before, len(MIGRATIONS)):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return before


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the transaction if there still is one: SQLite ends it by itself on some errors (a full
    disk), and a ROLLBACK then would only hide the real error behind "no transaction is active"."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def disk_is_full(path: Path) -> bool:
    """True when the disk holding ``path`` has (almost) no room left."""
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _is_damaged(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def move_aside(path: Path, why: str, now: float | None = None) -> Path:
    """Rename the file (and its WAL companions) with a timestamp; returns the new name."""
    stamp = datetime.fromtimestamp(time.time() if now is None else now, timezone.utc)
    base = f"{path.stem}.{why}-{stamp:%Y%m%d-%H%M%S}"
    target = path.with_name(base + path.suffix)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{base}-{n}{path.suffix}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target



def open_within(data_dir: DataDir | Path, limit: float, now: float | None = None) -> History:
    """``History.open`` on a thread of its own, waited for at most ``limit`` seconds. Opening reads
    and may write the file (its check, an upgrade, closing sessions a crash left open): a disk
    that does not answer leaves the history off for this run, with the reason; should the opening
    end later, what it opened is closed. Never raises."""
    import threading

    data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir))
    opened: list[History] = []
    gave_up = threading.Event()
    guard = threading.Lock()

    def open_it() -> None:
        try:
            history = History.open(data_dir, now)
        except Exception as error:  # noqa: BLE001 - a history problem must never keep Coach from starting
            history = History(data_dir.history_db, None, off_reason=f"history is off: {error}")
        with guard:
            if gave_up.is_set():
                history.close()  # too late: Coach went on without it
            else:
                opened.append(history)

    thread = threading.Thread(target=open_it, name="coach-history-open", daemon=True)
    thread.start()
    thread.join(limit)
    with guard:
        if opened:
            return opened[0]
        gave_up.set()
    path = data_dir.history_db
    return History(path, None, off_reason=f"history is off: it did not open within {limit:g} s "
                                          f"(the disk holding {path} may be slow or stuck)")

def _on_its_thread(method):
    """The method runs on the history's own thread once the window started it (History.writer's
    ``start``): asked from any other thread, it waits for the answer at most the writer's time
    limit (HistoryNotAnswering after that). Without that thread it runs where it is called."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        writer = self._writer
        if writer is None or not writer.running or writer.on_its_thread:
            return method(self, *args, **kwargs)
        return writer.ask(lambda: method(self, *args, **kwargs))

    return call


def _on_its_thread_as_list(method):
    """As _on_its_thread, for a method that yields: the answer is read whole on that thread."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        writer = self._writer
        if writer is None or not writer.running or writer.on_its_thread:
            return method(self, *args, **kwargs)
        return iter(writer.ask(lambda: list(method(self, *args, **kwargs))))

    return call


class History:
    """The history store. Never raises at opening: when it cannot work, ``enabled`` is False and
    ``off_reason`` says why; writes are then ignored and reads are empty."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None, *, off_reason: str | None = None,
                 moved_aside: Path | None = None, notice: str | None = None) -> None:
        self.path = path
        self._conn = conn
        self.off_reason = off_reason
        #: Where a damaged or newer file was moved, if that happened at opening.
        self.moved_aside = moved_aside
        #: A sentence for the user about what happened at opening (moved file), or None.
        self.notice = notice
        #: Sessions that were left open by a crash and marked interrupted when this opened.
        self.interrupted_at_opening: list[Session] = []
        self._locks: dict[int, _SessionLock] = {}
        #: Sessions left out of what was read because a value in them cannot be right.
        self.damaged_sessions: set[int] = set()
        self._writer = None
        self._left_to_its_thread: sqlite3.Connection | None = None

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    # --- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: DataDir | Path, now: float | None = None) -> History:
        data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir))
        path = data_dir.history_db
        now = time.time() if now is None else now
        try:
            data_dir.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls(path, None, off_reason=f"history is off: the data folder {data_dir.root} "
                                              f"cannot be created ({exc.strerror or exc})")
        # Asked as the writes will be made: with the effective ids and powers (root without its
        # file-permission capabilities is refused like anyone else).
        if not os.access(data_dir.root, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
            return cls(path, None, off_reason=f"history is off: the data folder {data_dir.root} "
                                              "is read-only")
        moved = None
        why = None
        for _attempt in range(2):
            try:
                conn = cls._open_waiting(path)
            except NewerSchemaError:
                why = "newer"
            except sqlite3.DatabaseError as exc:
                if not _is_damaged(exc):
                    return cls._opened_for_reading(path, exc)
                why = "damaged"
            else:
                break
            try:
                moved = move_aside(path, why, now)
            except OSError as exc:
                return cls(path, None, off_reason=f"history is off: {path} is {why} and could not be "
                                                  f"moved aside ({exc.strerror or exc})")
        else:
            return cls(path, None, off_reason=f"history is off: a new {path} could not be created")
        notice = None
        if moved is not None:
            what = ("was written by a newer version of Coach" if why == "newer"
                    else "is damaged and could not be read")
            notice = (f"Your history file {what}, so Coach started a new one. "
                      f"Nothing was deleted: the old file is now {moved}")
        history = cls(path, conn, moved_aside=moved, notice=notice)
        history.interrupted_at_opening = history._close_abandoned_sessions()
        return history

    @classmethod
    def _opened_for_reading(cls, path: Path, error: sqlite3.DatabaseError) -> History:
        """When the file cannot be opened for writing (a full disk has no room for SQLite's
        companion files; a read-only file): open it just to read it, so the history is still shown.
        What a workout records then waits in memory (coach/core/history/writer.py)."""
        off = cls(path, None, off_reason=f"history is off: {path} cannot be opened ({error})")
        try:
            if not path.is_file():
                return off
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False)
        except (sqlite3.Error, OSError, ValueError):
            return off
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != len(MIGRATIONS):
                conn.close()
                return off  # an older file needs writing to be upgraded; a newer one is not ours
        except sqlite3.Error:
            conn.close()
            return off
        why = ("the disk holding it is full" if "full" in str(error).lower() or disk_is_full(path)
               else f"it cannot be written ({error})")
        return cls(path, conn, notice=f"Your history {path} can only be read just now: {why}. "
                                      "Workouts still play; their sets wait to be written.")

    @classmethod
    def _open_waiting(cls, path: Path) -> sqlite3.Connection:
        """:meth:`_open_checked`, tried again while another Coach is opening the same file.

        Two instances creating the file at once both switch it to WAL; SQLite answers the second
        "database is locked" at once instead of calling the busy handler (waiting could deadlock).
        """
        give_up = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return cls._open_checked(path)
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", None)
                busy = (code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) if code is not None
                        else "locked" in str(exc))
                if not busy or time.monotonic() > give_up:
                    raise
                time.sleep(0.01)

    @staticmethod
    def _open_checked(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise NewerSchemaError(version)
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
            conn.close()
            conn = connect(path)
            migrate(conn)
            return conn
        except BaseException:
            conn.close()
            raise

    @contextmanager
    def not_waiting(self, wait_ms: int = 0) -> Iterator[None]:
        """Writes in this block wait at most ``wait_ms`` for another program's lock (then fail
        with "database is locked") instead of the usual BUSY_TIMEOUT_MS."""
        conn = self._conn  # the same one after the block, should the history be closed meanwhile
        if conn is None:
            yield
            return
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @property
    def writer(self):
        """The queue that writes workouts without waiting (coach/core/history/writer.py); one per
        history, so writes stay in order across workouts."""
        if self._writer is None:
            from coach.core.history.writer import HistoryWriter

            self._writer = HistoryWriter(self)
        return self._writer

    def finish_writing(self, wait_ms: int) -> int:
        """One last try of the writes still waiting (up to ``wait_ms`` for the lock); returns how
        many are still not written (they are lost when the history closes)."""
        return 0 if self._writer is None else self._writer.finish(wait_ms)

    def close(self) -> None:
        writer = self._writer
        if writer is not None and writer.running and not writer.on_its_thread:
            if not writer.stop(CLOSE_WAIT_S):
                # A write hangs on its thread (a daemon thread: Coach can still end). The connection
                # is left to it, closing it here would wait for that write: the thread closes it
                # should the write ever end (closed_by_its_thread).
                writer.abandoned = True
                self._left_to_its_thread, self._conn = self._conn, None
                return
        self._close_now()

    def closed_by_its_thread(self) -> None:
        """The history's thread ends after a write that hung past ``close``: close it now."""
        self._conn, self._left_to_its_thread = self._left_to_its_thread, None
        self._close_now()

    def _close_now(self) -> None:
        for lock in list(self._locks.values()):
            lock.release()
        self._locks.clear()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- sessions being played ------------------------------------------------------------------

    @property
    def _lock_dir(self) -> Path:
        return resume_hint.sessions_folder(self.path)

    @_on_its_thread
    def begin_session(self, routine: Routine, started_at: float, planned_seconds: float,
                      pain_before: int | None = None) -> int | None:
        """Start a session (left open until ``finish_session``); returns its id, None when off."""
        if self._conn is None:
            return None
        _check_pain(pain_before)
        # Before the session exists: should Coach be killed from now on, the next start-up
        # knows there may be a session to offer resuming (coach/core/history/resume_hint.py).
        resume_hint.keep_hint(self.path)
        lock = _SessionLock.create(self._lock_dir)
        try:
            cur = self._conn.execute(
                "INSERT INTO sessions (routine_id, routine_name, routine_json, started_at, planned_seconds,"
                " pain_before, owner_lock) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (routine.id, routine.name, routine_to_json(routine), started_at, planned_seconds,
                 pain_before, lock.name if lock else None))
        except BaseException:
            if lock:
                lock.release(remove=True)
            raise
        session_id = cur.lastrowid
        if lock:
            self._locks[session_id] = lock
        return session_id

    @_on_its_thread
    def record_set(self, session_id: int | None, exercise_index: int, exercise_name: str, set_number: int,
                   side: str | None, reps: int | None, hold_seconds: float | None, status: str,
                   started_at: float, ended_at: float, active_seconds: float | None = None) -> None:
        """Write one finished set, durably, in one transaction with the session's counters."""
        if self._conn is None or session_id is None:
            return
        if status not in SET_STATUSES:
            raise ValueError(f"a set is completed, skipped or interrupted, not {status!r}")
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO sets (session_id, exercise_index, exercise_name, set_number, side, reps,"
                " hold_seconds, status, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, exercise_index, exercise_name, set_number, side, reps, hold_seconds,
                 status, started_at, ended_at))
            # An interrupted set counts as neither: it is done again when the session resumes.
            done = int(status == COMPLETED)
            skipped = int(status == SKIPPED)
            conn.execute(
                "UPDATE sessions SET sets_completed = sets_completed + ?, sets_skipped = sets_skipped + ?,"
                " active_seconds = COALESCE(?, active_seconds) WHERE id = ?",
                (done, skipped, active_seconds, session_id))
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    @_on_its_thread
    def finish_session(self, session_id: int | None, outcome: str, ended_at: float,
                       active_seconds: float | None = None) -> None:
        if self._conn is None or session_id is None:
            return
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        self._conn.execute(
            "UPDATE sessions SET outcome = ?, ended_at = ?, active_seconds = COALESCE(?, active_seconds),"
            " owner_lock = NULL WHERE id = ?", (outcome, ended_at, active_seconds, session_id))
        lock = self._locks.pop(session_id, None)
        if lock:
            lock.release(remove=True)
        self.settle_resume_hint(ended_at)

    @_on_its_thread
    def set_checkin_after(self, session_id: int | None, pain_after: int | None, note: str = "") -> None:
        """The check-in after the workout: pain 0-10 (or None when skipped) and a note."""
        if self._conn is None or session_id is None:
            return
        _check_pain(pain_after)
        self._conn.execute("UPDATE sessions SET pain_after = ?, note = ? WHERE id = ?",
                           (pain_after, note, session_id))

    # --- crashes and resuming -------------------------------------------------------------------

    def _close_abandoned_sessions(self) -> list[Session]:
        """Mark interrupted the open sessions whose program is gone (its lock is free). When the
        history cannot be written now (another program writing, a full disk, a read-only file),
        they are left for the next opening: opening never waits or fails for that."""
        try:
            with self.not_waiting():
                return self._close_abandoned_sessions_now()
        except sqlite3.OperationalError:
            return []

    def _close_abandoned_sessions_now(self) -> list[Session]:
        assert self._conn is not None
        rows = self._conn.execute(
            "SELECT id, owner_lock FROM sessions WHERE outcome IS NULL").fetchall()
        closed = []
        for session_id, owner in rows:
            lock = _SessionLock.try_existing(self._lock_dir, owner) if owner else None
            if owner and lock is None:
                continue  # another Coach is playing it right now
            try:
                last = self._conn.execute("SELECT MAX(ended_at) FROM sets WHERE session_id = ?",
                                          (session_id,)).fetchone()[0]
                self._conn.execute(
                    "UPDATE sessions SET outcome = 'interrupted', owner_lock = NULL,"
                    " ended_at = COALESCE(?, started_at) WHERE id = ? AND outcome IS NULL", (last, session_id))
            except BaseException:
                if lock:
                    lock.release()  # the session stays open, for the next opening to close
                raise
            if lock:
                lock.release(remove=True)
            closed.append(session_id)
        return [s for s in (self.session(i) for i in closed) if s is not None]

    @_on_its_thread
    def interrupted_session_to_resume(self, now: float) -> ResumePoint | None:
        """The latest session, when it was interrupted less than 12 hours ago and sets remain."""
        if self._conn is None:
            return None
        row = self._conn.execute(
            f"SELECT {_SESSION_COLUMNS}, routine_json, resume_declined FROM sessions"
            " ORDER BY started_at DESC, id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        session = self._checked(row[:-2])
        if (session is None or session.outcome != OUTCOME_INTERRUPTED or row[-1]
                or not 0 <= now - session.started_at < RESUME_WITHIN_SECONDS):
            return None
        routine = _routine_or_none(row[-2])
        if routine is None:
            self.damaged_sessions.add(session.id)
            return None
        done = tuple(s for s in self.sets_of(session.id) if s.status in (COMPLETED, SKIPPED))
        finished = {(s.exercise_index, s.set, s.side) for s in done}
        for index, exercise in enumerate(routine.exercises):
            for set_number in range(1, exercise.sets + 1):
                for side in exercise.side_names:
                    if (index, set_number, side) not in finished:
                        return ResumePoint(session, routine, done, index, set_number, side)
        return None

    @_on_its_thread
    def resume_session(self, session_id: int) -> int | None:
        """Open an interrupted session again, to append the remaining sets to it."""
        if self._conn is None:
            return None
        lock = _SessionLock.create(self._lock_dir)
        cur = self._conn.execute(
            "UPDATE sessions SET outcome = NULL, ended_at = NULL, owner_lock = ? WHERE id = ?"
            " AND outcome = 'interrupted'", (lock.name if lock else None, session_id))
        if cur.rowcount != 1:
            if lock:
                lock.release(remove=True)
            raise ValueError(f"session {session_id} is not an interrupted session")
        if lock:
            self._locks[session_id] = lock
        return session_id

    def decline_resume(self, session_id: int, now: float | None = None) -> None:
        """"Not now" to resuming: through the write queue, so a locked history never makes the
        window wait (the answer is kept and written when the history is free)."""
        if self._conn is not None:
            now = time.time() if now is None else now

            def write() -> None:
                self._conn.execute("UPDATE sessions SET resume_declined = 1 WHERE id = ?", (session_id,))
                self.settle_resume_hint(now)

            self.writer.submit(write)

    @_on_its_thread
    def settle_resume_hint(self, now: float) -> None:
        """Drops the start-up hint (coach/core/history/resume_hint.py) once no session is open (being
        played, here or by another Coach) and none is left to offer resuming at ``now``."""
        if self._conn is None:
            return
        playing = self._conn.execute("SELECT COUNT(*) FROM sessions WHERE outcome IS NULL").fetchone()[0]
        if playing == 0 and self.interrupted_session_to_resume(now) is None:
            resume_hint.drop_hint(self.path)

    # --- reading --------------------------------------------------------------------------------

    @property
    def damaged_notice(self) -> str | None:
        """A sentence for the user when sessions were left out because of damaged values."""
        ids = sorted(self.damaged_sessions)
        if not ids:
            return None
        which = ", ".join(str(i) for i in ids[:10]) + (", ..." if len(ids) > 10 else "")
        one = len(ids) == 1
        return (f"{len(ids)} session{'' if one else 's'} in your history {'has' if one else 'have'} "
                f"damaged values and {'is' if one else 'are'} left out (id {which} in {self.path}); "
                "the others are shown.")

    def _checked(self, row) -> Session | None:
        session = _session_of(row)
        if session is None:
            self.damaged_sessions.add(row[0])
        return session

    @_on_its_thread
    def sessions(self, routine_id: str | None = None) -> list[Session]:
        """All sessions, oldest first (optionally of one routine)."""
        if self._conn is None:
            return []
        where, params = ("WHERE routine_id = ?", (routine_id,)) if routine_id is not None else ("", ())
        rows = self._conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions {where} ORDER BY started_at, id", params)
        return [s for s in map(self._checked, rows) if s is not None]

    @_on_its_thread
    def session(self, session_id: int) -> Session | None:
        if self._conn is None:
            return None
        row = self._conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?",
                                 (session_id,)).fetchone()
        return self._checked(row) if row else None

    @_on_its_thread
    def routine_played(self, session_id: int) -> Routine | None:
        if self._conn is None:
            return None
        row = self._conn.execute("SELECT routine_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return _routine_or_none(row[0]) if row else None

    @_on_its_thread
    def sets_of(self, session_id: int) -> list[StoredSet]:
        if self._conn is None:
            return []
        rows = self._conn.execute(
            "SELECT session_id, exercise_index, exercise_name, set_number, side, reps, hold_seconds,"
            " status, started_at, ended_at FROM sets WHERE session_id = ? ORDER BY id", (session_id,))
        sets = [_set_of(row) for row in rows]
        if None in sets:
            self.damaged_sessions.add(session_id)
        return [s for s in sets if s is not None]

    @_on_its_thread
    def routines(self) -> list[tuple[str, str]]:
        """(id, latest name) of every routine with a session, by name."""
        if self._conn is None:
            return []
        rows = self._conn.execute(
            "SELECT routine_id, routine_name FROM sessions s WHERE id = "
            "(SELECT id FROM sessions WHERE routine_id = s.routine_id ORDER BY started_at DESC LIMIT 1)"
            " ORDER BY routine_name COLLATE NOCASE")
        return [(r[0], r[1]) for r in rows]

    @_on_its_thread_as_list
    def played_sessions(self, routine_id: str) -> Iterator[PlayedSession]:
        """The sessions of a routine, newest first, with the routine as played (read lazily)."""
        if self._conn is None:
            return
        rows = self._conn.execute(
            "SELECT started_at, outcome, pain_before, pain_after, routine_json FROM sessions"
            " WHERE routine_id = ? ORDER BY started_at DESC, id DESC", (routine_id,)).fetchall()
        for started, outcome, before, after, text in rows:
            routine = _routine_or_none(text)
            # A damaged session counts for nothing (it is reported where the history is shown).
            if (routine is not None and _is_time(started) and (outcome is None or outcome in OUTCOMES)
                    and _is_pain(before) and _is_pain(after)):
                yield PlayedSession(started, outcome, before, after, routine)

    # --- progression suggestions that were declined ----------------------------------------------

    def record_decline(self, routine_id: str, exercise_index: int, exercise_name: str, reps: int,
                       declined_at: float) -> None:
        if self._conn is not None:  # through the write queue, as decline_resume
            self.writer.submit(lambda: self._conn.execute(
                "INSERT INTO progression_declines (routine_id, exercise_index, exercise_name, reps,"
                " declined_at) VALUES (?, ?, ?, ?, ?)",
                (routine_id, exercise_index, exercise_name, reps, declined_at)))

    @_on_its_thread
    def declines(self, routine_id: str) -> list[Decline]:
        if self._conn is None:
            return []
        rows = self._conn.execute(
            "SELECT routine_id, exercise_index, exercise_name, reps, declined_at FROM progression_declines"
            " WHERE routine_id = ? ORDER BY declined_at", (routine_id,))
        return [Decline(*row) for row in rows]

    # --- export ---------------------------------------------------------------------------------

    @_on_its_thread
    def write_csv(self, out, tz: tzinfo | None = None, routine_id: str | None = None) -> int:
        """Write the sessions as CSV to a text stream; returns the number of sessions."""
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        count = 0
        for session in self.sessions(routine_id):
            writer.writerow(session_row(session, tz))
            count += 1
        return count

    @_on_its_thread
    def export_csv(self, path: Path, tz: tzinfo | None = None, routine_id: str | None = None) -> int:
        """Write the CSV to ``path`` atomically (a half-written export never replaces a good file)."""
        import tempfile

        path = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = self.write_csv(out, tz, routine_id)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return count


_SESSION_COLUMNS = ("id, routine_id, routine_name, started_at, ended_at, planned_seconds, active_seconds,"
                    " outcome, pain_before, pain_after, note, sets_completed, sets_skipped")

CSV_COLUMNS = ("id", "started", "ended", "routine_id", "routine", "outcome", "planned_seconds",
               "active_seconds", "sets_completed", "sets_skipped", "pain_before", "pain_after", "note")


def session_row(session: Session, tz: tzinfo | None = None) -> list:
    """One session as the values of CSV_COLUMNS (local times in ISO 8601 with their UTC offset)."""
    def iso(ts: float | None) -> str:
        return "" if ts is None else local_time(ts, tz).isoformat(timespec="seconds")

    return [session.id, iso(session.started_at), iso(session.ended_at), session.routine_id,
            session.routine_name, session.outcome or "in progress", round(session.planned_seconds, 1),
            round(session.active_seconds, 1), session.sets_completed, session.sets_skipped,
            "" if session.pain_before is None else session.pain_before,
            "" if session.pain_after is None else session.pain_after, session.note]


def _check_pain(value: int | None) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10):
        raise ValueError(f"pain is a whole number from 0 to 10, got {value!r}")


class _SessionLock:
    """A lock file held by the program playing a session; the OS frees it when the program dies,
    which is how the next start-up tells a crashed session from one still being played."""

    def __init__(self, path: Path, handle) -> None:
        self.path = path
        self.name = path.stem
        self._handle = handle

    @classmethod
    def create(cls, folder: Path) -> _SessionLock | None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            return None
        import uuid

        return cls._acquire(folder / f"{uuid.uuid4().hex}.lock")

    @classmethod
    def try_existing(cls, folder: Path, name: str) -> _SessionLock | None:
        """The lock of a session, when nobody holds it any more (None when it is held)."""
        path = folder / f"{name}.lock"
        if not path.exists():
            return cls(path, None)  # the owner never got a lock file, or it was cleaned up
        return cls._acquire(path)

    @classmethod
    def _acquire(cls, path: Path) -> _SessionLock | None:
        try:
            handle = open(path, "a+b")  # noqa: SIM115 - held for the whole session
        except OSError:
            return None
        try:
            _lock_nowait(handle)
        except OSError:
            handle.close()
            return None
        return cls(path, handle)

    def release(self, remove: bool = False) -> None:
        if remove:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass
        if self._handle is not None:
            self._handle.close()  # closing the file frees the lock
            self._handle = None


try:
    import fcntl

    def _lock_nowait(handle) -> None:
        # flock, not lockf: its locks belong to the open file, so a second open in the same
        # process sees the session as taken too.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
except ImportError:  # Windows
    import msvcrt

    def _lock_nowait(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
