"""Writes a workout into the history as it is played: each set when it ends, the outcome at the end."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from coach.core.history import History
from coach.core.history_writer import SessionRef
from coach.core.record import SetRecord, WorkoutRecord
from coach.core.routine import Routine

SET_FINISHED = "set_finished"
#: At the end of a terminal workout, how long to wait for a history another program holds (ms).
FINAL_WAIT_MS = 10_000


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
    writes go through the history's queue (``History.writer``, coach/core/history_writer.py): they
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
                getattr(e, "kind", None) == "paused" and getattr(e, "reason", None) == "sleep" for e in events):
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


class TerminalHistory:
    """What ``coach run --terminal`` needs for the history: open it, the check-ins, a recorder.

    Wiring (in the terminal player): ``th = TerminalHistory(data_dir, routine, checkin=...)``;
    ``if not th.before(): return 0`` (the user chose to rest or to quit); ``workout =
    th.workout_to_play(clock)`` (the routine, or the rest of the interrupted session, recorded),
    then ``workout.start()``; ``th.handle(events)`` with every list of events; ``th.after()`` at the end.
    """

    def __init__(self, data_dir, routine: Routine, *, checkin: bool = True, stdin=None, stdout=None,
                 stderr=None, wall_clock: Callable[[], float] = time.time,
                 final_wait_ms: int = FINAL_WAIT_MS) -> None:
        import sys

        from coach.core.paths import DataDir

        self.data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(data_dir)
        self.routine = routine
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        # Nobody can answer when stdin is not a terminal (a pipe, a test, cron).
        self.interactive = _isatty(self.stdin)
        self.checkin = checkin and self.interactive
        self.wall_clock = wall_clock
        self.history: History | None = None
        self.recorder: HistoryRecorder | None = None
        self.pain_before: int | None = None
        #: The interrupted session the user chose to go on with (coach.core.history.ResumePoint).
        self.resume_point = None
        #: At the end, how long to wait for a history another program holds (the workout is over).
        self.final_wait_ms = final_wait_ms
        self._told: str | None = None

    def before(self) -> bool:
        """Open the history, offer to resume, ask the check-in; False when the user would rather
        rest today or quit. Ctrl+C (KeyboardInterrupt) passes through: nothing is recorded then."""
        from coach.core.checkin import ask_before_on_terminal
        from coach.core.resume_offer import QUIT

        self.history = History.open(self.data_dir, now=self.wall_clock())
        if not self.history.enabled:
            print(f"coach: {self.history.off_reason}; this workout will not be recorded.", file=self.stderr)
        if self.history.notice:
            print(f"coach: {self.history.notice}", file=self.stderr)
        if self.offer_resume() == QUIT:
            print("Nothing was started.", file=self.stdout)
            self.close()
            return False
        if self.resume_point is not None:
            return True  # the session had its check-in when it began
        if not self.checkin:
            return True
        answer = ask_before_on_terminal(self.stdin, self.stdout, self._rest_answer_text())
        self.pain_before = answer.pain
        if not answer.start:
            print("Rest well. Your check-in is not recorded as a workout.", file=self.stdout)
            self.close()
        return answer.start

    def offer_resume(self) -> str | None:
        """At a terminal, when the latest session is an interrupted one of this same routine that
        the window would offer (coach.core.history.RESUME_WITHIN_SECONDS): ask whether to go on
        with it. Returns the answer (coach.core.resume_offer), None when nothing was asked.

        Unattended, nothing is asked and nothing is declined: the offer is left for someone there.
        A session of another routine is not asked about: the command names the routine to play.
        """
        from coach.core.resume_offer import RESUME, START_OVER, ask_resume_on_terminal

        if not self.interactive or self.history is None:
            return None
        now = self.wall_clock()
        point = self.history.interrupted_session_to_resume(now)
        if point is None or point.routine.id != self.routine.id:
            return None
        answer = ask_resume_on_terminal(self.stdin, self.stdout, point, now)
        if answer == RESUME:
            self.resume_point = point
        elif answer == START_OVER:
            self.history.decline_resume(point.session.id, now)
        return answer

    def workout_to_play(self, clock: Callable[[], float]):
        """The Workout to play on ``clock``, recorded: the routine from its start, or, when resuming,
        its get-ready countdown and then the rest of the interrupted session from the set that
        was not finished."""
        from coach.core.engine import Workout
        from coach.core.timeline import build_timeline

        if self.history is None:
            self.before_without_asking()
        if self.resume_point is not None:
            workout = Workout(self.resume_point.timeline(), clock)
            try:
                self.recorder = HistoryRecorder.resuming(self.history, self.resume_point, workout.record,
                                                         clock, wall_clock=self.wall_clock)
                return workout
            except ValueError:  # another Coach resumed it meanwhile
                print("coach: that session can no longer be resumed; starting from the beginning.",
                      file=self.stderr)
                self.resume_point = None
        workout = Workout(build_timeline(self.routine), clock)
        self.recorder = HistoryRecorder(self.history, self.routine, workout.record, clock,
                                        pain_before=self.pain_before, wall_clock=self.wall_clock)
        return workout

    def totals(self, record) -> SessionTotals | WorkoutRecord:
        """What to sum up at the end: the whole session when resuming, else ``record``."""
        return self.recorder.totals() if self.recorder is not None else record

    def before_without_asking(self) -> None:
        self.checkin = False
        self.before()

    def handle(self, events) -> None:
        if self.recorder is not None:
            self.recorder.handle(events)
            problem = self.recorder.writer.problem
            if problem and problem != self._told:  # once per reason; the workout goes on
                self._told = problem
                print(f"coach: {problem}", file=self.stderr, flush=True)

    def after(self) -> None:
        """The check-in after the workout (when one was recorded), then close the history."""
        from coach.core.checkin import ask_after_on_terminal

        try:
            if self.recorder is not None and self.recorder.finished and self.checkin \
                    and self.recorder.recording:
                answer = ask_after_on_terminal(self.stdin, self.stdout)
                self.recorder.checkin_after(answer.pain, answer.note)
        finally:
            self.close()

    def close(self) -> None:
        if self.history is not None:
            self._write_what_waits()
            self.history.close()

    def _write_what_waits(self) -> None:
        """The workout is over: wait a little for writes the history could not take during it."""
        history = self.history
        if not history.enabled or history.finish_writing(0) == 0:
            return
        writer = history.writer
        print(f"coach: {writer.problem} Waiting up to {self.final_wait_ms / 1000:g} s for it...",
              file=self.stderr, flush=True)
        left = history.finish_writing(self.final_wait_ms)
        if left == 0:
            print("coach: everything is now written to your history.", file=self.stderr, flush=True)
            return
        print(f"coach: {left} change{'' if left == 1 else 's'} (sets, the outcome or the check-in) could "
              f"not be written to your history and {'is' if left == 1 else 'are'} lost: "
              f"{writer.problem.split(';')[0]}. A session left unfinished is kept as interrupted and "
              "offered for resuming.", file=self.stderr, flush=True)

    def _rest_answer_text(self) -> str | None:
        from coach.core.checkin import REST_FAQ_ID
        from coach.core.faq import load_faq

        try:
            entry = load_faq(self.data_dir).get(REST_FAQ_ID)
        except Exception:  # the advice still stands without the FAQ text
            return None
        return None if entry is None else f"{entry.question}\n\n{entry.answer}"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
