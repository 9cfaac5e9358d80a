"""Writes a workout into the history as it is played: each set when it ends, the outcome at the end."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from coach.core.history.store import History, ResumePoint
from coach.core.history.writer import SessionRef
from coach.core.workout.engine import Workout
from coach.core.workout.kinds import EventKind, PauseReason
from coach.core.workout.record import SetRecord, WorkoutRecord
from coach.core.workout.timeline import build_timeline
from coach.core.routines.routine import Routine

SET_FINISHED = EventKind.SET_FINISHED


def preview_notice(speed: float) -> str:
    """What a ``--speed`` preview says: it is not a workout, so nothing of it is kept."""
    return f"Preview at {speed:g}x speed: not recorded in your history, and no check-ins."


@dataclass(frozen=True)
class SessionTotals:
    """What a whole session did, as the history counts it: a resumed workout adds what was done
    before the interruption (the names are those of WorkoutRecord, so either can be shown)."""

    sets_completed: int
    sets_skipped: int
    active_seconds: float


class HistoryRecorder:
    """Feed it every list of events the engine returns (``handle``); it needs nothing else.

    The session is created when the workout has started, each ``set_finished`` event's SetRecord is
    written at once (durably), and the outcome is written when the workout record has one. The
    writes go through the history's queue (``History.writer``, coach/core/history/writer.py): they
    never wait for the history; while it is locked or cannot be written they are kept, in order,
    and written when it can be (``writer.problem`` says why they wait).

    Durations come from the engine's monotonic ``clock``; the wall clock only labels them. The
    distance between the two is read once, when the workout starts, so a wall clock set back or
    forward during the workout (by hand, by NTP) moves no stored time: a set lasts what it lasted
    and a session never ends before it started. It is read again only after the computer slept
    (the monotonic clock stands still then while the wall clock goes on), and only forward.
    """

    def __init__(self, history: History, routine: Routine, record: WorkoutRecord,
                 clock: Callable[[], float], *, pain_before: int | None = None,
                 wall_clock: Callable[[], float] = time.time, session_id: int | None = None,
                 earlier_active_seconds: float = 0.0, earlier_sets: tuple[int, int] = (0, 0),
                 already_done: frozenset[tuple[int, int, str | None]] = frozenset()) -> None:
        self.history = history
        self.routine = routine
        self.record = record
        self.clock = clock
        self.wall_clock = wall_clock
        self.pain_before = pain_before
        self.writer = history.writer
        #: The session written to (its id once the history has it). Given when resuming an
        #: interrupted session: the sets go on in that session.
        self.session = None if session_id is None else SessionRef(session_id)
        self.earlier_active_seconds = earlier_active_seconds
        #: (completed, skipped) sets of the session before it was interrupted.
        self.earlier_sets = earlier_sets
        #: (exercise index, set, side) stored before an interruption: the resumed workout passes
        #: them again (skipped) on its way to the set it resumes from; they are not written twice.
        self.already_done = already_done
        self.finished = False
        self._sets_sent = 0
        #: Wall time minus monotonic time, read at the start (and after a sleep): see the class.
        self._wall_offset: float | None = None

    @classmethod
    def resuming(cls, history: History, resume_point, record: WorkoutRecord, clock: Callable[[], float],
                 **kwargs) -> HistoryRecorder:
        """A recorder that appends to the interrupted session of ``resume_point`` (reopened here)."""
        session = resume_point.session
        history.writer.resume_session(session.id)
        done = frozenset((s.exercise_index, s.set, s.side) for s in resume_point.sets_done)
        return cls(history, resume_point.routine, record, clock, session_id=session.id,
                   earlier_active_seconds=session.active_seconds,
                   earlier_sets=(session.sets_completed, session.sets_skipped), already_done=done, **kwargs)

    def totals(self) -> SessionTotals:
        """The whole session so far (with the part played before an interruption)."""
        record = self.record
        return SessionTotals(self.earlier_sets[0] + record.sets_completed,
                             self.earlier_sets[1] + record.sets_skipped,
                             self.earlier_active_seconds + record.active_seconds)

    @property
    def session_id(self) -> int | None:
        """The id of the session in the history; None before it is written (or with no history)."""
        return None if self.session is None else self.session.id

    @property
    def recording(self) -> bool:
        """True when this workout is being kept in a history (perhaps still waiting to be written)."""
        return self.session is not None and self.history.enabled

    @property
    def sets_written(self) -> int:
        """The sets of this workout that are in the history (committed), not waiting to be."""
        waiting = self.writer.pending_sets_of(self.session) if self.session is not None else 0
        return self._sets_sent - waiting

    def _wall(self, monotonic: float) -> float:
        if self._wall_offset is None:
            self._wall_offset = self.wall_clock() - self.clock()
        return monotonic + self._wall_offset

    def handle(self, events: Iterable) -> None:
        """Slot for the driver's list of events (also call it with the events of ``start()``)."""
        if self.writer.pending:
            self.writer.retry()  # what waited for the history, before anything new
        if self.finished:
            return
        if self._wall_offset is not None and any(
                getattr(e, "kind", None) == EventKind.PAUSED and getattr(e, "reason", None) == PauseReason.SLEEP for e in events):
            # The computer slept: the wall clock went on while the monotonic clock stood still.
            self._wall_offset = max(self._wall_offset, self.wall_clock() - self.clock())
        if self.session is None and self.record.started_at is not None:
            self.session = self.writer.begin_session(
                self.routine, self._wall(self.record.started_at), self.record.planned_seconds,
                self.pain_before)
        for event in events:
            if getattr(event, "kind", None) == SET_FINISHED:
                done = set_record_of(event)
                if done is not None and (done.exercise_index, done.set, done.side) not in self.already_done:
                    self.write_set(done)
        if self.record.outcome is not None:
            self.finish()

    def write_set(self, done: SetRecord) -> None:
        self._sets_sent += 1
        self.writer.record_set(
            self.session, done.exercise_index, done.exercise_name, done.set, done.side, done.reps,
            done.hold_seconds, done.status, self._wall(done.started_at), self._wall(done.ended_at),
            active_seconds=self.earlier_active_seconds + self._active_until(done.ended_at))

    def finish(self) -> None:
        """Write the outcome (the workout record must have ended)."""
        if self.finished or self.record.outcome is None:
            return
        self.finished = True
        ended = self.record.ended_at if self.record.ended_at is not None else self.clock()
        self.writer.finish_session(self.session, self.record.outcome, self._wall(ended),
                                    self.earlier_active_seconds + self.record.active_seconds)

    def checkin_after(self, pain: int | None, note: str = "") -> None:
        if self.session is not None:
            self.writer.set_checkin_after(self.session, pain, note)

    def _active_until(self, moment: float) -> float:
        start = self.record.started_at
        if start is None:
            return 0.0
        paused = sum(min(p.ended_at if p.ended_at is not None else moment, moment) - p.started_at
                     for p in self.record.pauses if p.started_at < moment)
        return max(0.0, moment - start - paused)


#: Said when the session offered for resuming was resumed meanwhile (by another Coach).
CANNOT_RESUME = "That session can no longer be resumed; starting from the beginning."


@dataclass(frozen=True)
class WorkoutToPlay:
    """A workout ready to start, with the recorder writing it (None: not recorded)."""

    workout: Workout
    recorder: HistoryRecorder | None
    #: Something the user should be told (a resume that could not be), or "".
    notice: str = ""


def workout_to_play(routine: Routine, clock: Callable[[], float], history: History | None, *,
                    pain_before: int | None = None, resume: ResumePoint | None = None,
                    wall_clock: Callable[[], float] = time.time) -> WorkoutToPlay:
    """The workout to play on ``clock``, recorded into ``history`` (None: not recorded): ``routine``
    from its start, or with ``resume`` its get-ready countdown and then the rest of that
    interrupted session, from the set that was not finished. The window and the terminal both
    start their workouts here."""
    notice = ""
    if resume is not None and history is not None:
        workout = Workout(resume.timeline(), clock)
        try:
            recorder = HistoryRecorder.resuming(history, resume, workout.record, clock, wall_clock=wall_clock)
            return WorkoutToPlay(workout, recorder)
        except ValueError:  # another Coach resumed it meanwhile
            notice = CANNOT_RESUME
    workout = Workout(build_timeline(routine), clock)
    recorder = None if history is None else HistoryRecorder(history, routine, workout.record, clock,
                                                             pain_before=pain_before, wall_clock=wall_clock)
    return WorkoutToPlay(workout, recorder, notice)


#: Said when what waited for the history is written after all.
ALL_WRITTEN = "Everything that waited is now written to your history."


def waiting_text(writer) -> str:
    """Why writes wait for the history (``writer``: a HistoryWriter with writes pending), and how
    many sets of them."""
    waiting = writer.pending_sets
    sets = f"{waiting} set{'' if waiting == 1 else 's'} not in your history yet: " if waiting else ""
    return sets + (writer.problem or "the history cannot be written just now.")


def set_record_of(event) -> SetRecord | None:
    """The SetRecord a ``set_finished`` event carries, whatever the engine named its field."""
    for name in ("record", "set_record", "set"):
        value = getattr(event, name, None)
        if isinstance(value, SetRecord):
            return value
    if dataclasses.is_dataclass(event):
        for f in dataclasses.fields(event):
            value = getattr(event, f.name)
            if isinstance(value, SetRecord):
                return value
    return None
