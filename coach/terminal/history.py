"""The history in ``coach run --terminal``: open it, offer to resume, ask the check-ins, record."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from coach.core.workout.checkin import REST_FAQ_ID
from coach.core.faq.entries import load_faq
from coach.core.history.store import History
from coach.core.history.recorder import HistoryRecorder, SessionTotals, workout_to_play
from coach.core.files.paths import DataDir
from coach.core.workout.record import WorkoutRecord
from coach.core.history.resume_offer import QUIT, RESUME, START_OVER
from coach.core.routines.routine import Routine
from coach.terminal.questions import ask_after_on_terminal, ask_before_on_terminal, ask_resume_on_terminal

#: At the end of a terminal workout, how long to wait for a history another program holds (ms).
FINAL_WAIT_MS = 10_000


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
        #: The interrupted session the user chose to go on with (coach.core.history.store.ResumePoint).
        self.resume_point = None
        #: At the end, how long to wait for a history another program holds (the workout is over).
        self.final_wait_ms = final_wait_ms
        self._told: str | None = None

    def before(self) -> bool:
        """Open the history, offer to resume, ask the check-in; False when the user would rather
        rest today or quit. Ctrl+C (KeyboardInterrupt) passes through: nothing is recorded then."""

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
        the window would offer (coach.core.history.store.RESUME_WITHIN_SECONDS): ask whether to go on
        with it. Returns the answer (coach.core.history.resume_offer), None when nothing was asked.

        Unattended, nothing is asked and nothing is declined: the offer is left for someone there.
        A session of another routine is not asked about: the command names the routine to play.
        """
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
        if self.history is None:
            self.before_without_asking()
        played = workout_to_play(self.routine, clock, self.history, pain_before=self.pain_before,
                                 resume=self.resume_point, wall_clock=self.wall_clock)
        if played.notice:  # another Coach resumed it meanwhile
            print(f"coach: {played.notice[0].lower()}{played.notice[1:]}", file=self.stderr)
            self.resume_point = None
        self.recorder = played.recorder
        return played.workout

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
