"""Playing a workout in the terminal: a live status with a large countdown, keys, and the bell."""

from __future__ import annotations

import math
import os
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import IO

from coach.core.workout.engine import (
    PAUSE_SLEEP,
    PAUSED,
    CommandRefused,
    Cue,
    Event,
    Paused,
    Resumed,
    SetFinished,
    Workout,
    WorkoutFinished,
)
from coach.core.workout.event_log import EventLog
from coach.core.workout.kinds import CueKind, WorkoutState
from coach.core.workout.plural import plural
from coach.core.workout.presentation import Display, elapsed_text
from coach.core.workout.record import OUTCOME_COMPLETED, OUTCOME_INTERRUPTED, SKIPPED
from coach.core.routines.routine import Routine
from coach.core.workout.sleep_detect import SleepDetector
from coach.core.workout.snapshot import Snapshot
from coach.core.workout.speed_clock import SpeedClock
from coach.core.workout.timeline import build_timeline
from coach.core.workout.what_is_said import speaking_seconds

try:  # not on Windows: there the terminal mode plays unattended
    import termios
    import tty
except ImportError:  # pragma: no cover
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]

#: How often the live status is redrawn, in real seconds (and how often sleep is checked).
REFRESH_SECONDS = 0.1
#: A sentence is shown (in quotes, under "Next") while it would be said, on the workout's clock, and at
#: least this long, to be read from the mat; then the line is empty until the next one.
SAID_AT_LEAST_SECONDS = 3.0

# Each digit five rows high, drawn with block characters.
BIG_GLYPHS = {
    "0": ("█████", "█   █", "█   █", "█   █", "█████"),
    "1": ("  █  ", " ██  ", "  █  ", "  █  ", " ███ "),
    "2": ("█████", "    █", "█████", "█    ", "█████"),
    "3": ("█████", "    █", " ████", "    █", "█████"),
    "4": ("█   █", "█   █", "█████", "    █", "    █"),
    "5": ("█████", "█    ", "█████", "    █", "█████"),
    "6": ("█████", "█    ", "█████", "█   █", "█████"),
    "7": ("█████", "    █", "   █ ", "  █  ", "  █  "),
    "8": ("█████", "█   █", "█████", "█   █", "█████"),
    "9": ("█████", "█   █", "█████", "    █", "█████"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}

#: A gap this long between two turns of the loop means the computer slept or the process was stopped.
MAX_GAP_SECONDS = 5.0

BIG_INDENT = "    "

# Keys -> commands. Arrow keys arrive as escape sequences (normal and application cursor mode).
KEYS = {
    " ": "toggle_pause",
    "n": "next", "N": "next", "\x1b[C": "next", "\x1bOC": "next",
    "p": "previous", "P": "previous", "\x1b[D": "previous", "\x1bOD": "previous",
    "\r": "done", "\n": "done",
    "q": "quit", "Q": "quit",
    "\x03": "interrupt",
}
HELP = ("space pause/resume · Enter done · q stop\n"
        "n/→ end this part (twice: the set) · p/← restart it (twice: the set before)")


def big_text(text: str) -> list[str]:
    """``text`` (digits and ':') as five lines of block characters."""
    glyphs = [BIG_GLYPHS[ch] for ch in text if ch in BIG_GLYPHS]
    return [" ".join(g[row] for g in glyphs) for row in range(5)]


def split_keys(data: str) -> list[str]:
    """Split what the terminal sent into keys (an escape sequence counts as one key)."""
    keys = []
    i = 0
    while i < len(data):
        if data[i] == "\x1b" and i + 2 < len(data) and data[i + 1] in "[O":
            keys.append(data[i:i + 3])
            i += 3
        else:
            keys.append(data[i])
            i += 1
    return keys


def status_lines(snap: Snapshot, routine_name: str, said: str, confirming: bool,
                 suspended: bool = False) -> list[str]:
    """The live status screen for ``snap``: its Display (coach.core.workout.presentation) laid out."""
    d = Display.of(snap)
    if snap.state in (WorkoutState.FINISHED, WorkoutState.STOPPED):
        return [f"Coach · {routine_name}", "", d.part]
    lines = [f"Coach · {routine_name}   {snap.percent:3.0f}% · about {d.remaining} left", ""]
    if d.exercise:
        position = f"   ({d.exercise_position[:1].lower()}{d.exercise_position[1:]})" if d.exercise_position else ""
        lines.append(d.exercise.upper() + position)
        lines.append(" · ".join(x for x in (d.set, d.side, d.rep, d.part) if x))
    else:
        lines.append(d.part)
        lines.append(d.side)
    lines.append("")
    lines.extend(BIG_INDENT + row for row in big_text(d.countdown))
    lines.append("at your own pace: press Enter when the set is done" if d.self_paced else "")
    if d.paused:
        status = "PAUSED: Coach was suspended" if suspended and snap.pause_reason == PAUSE_SLEEP else d.status
        lines.append(f"{status} — space to resume")
    else:
        lines.append("")
    lines.append(d.next_up)
    lines.append(f"“{said}”" if said else "")
    lines.append("")
    lines.extend(["Stop the workout? y to stop, any other key to go on"] if confirming else HELP.split("\n"))
    return lines


def event_line(event: Event, elapsed: float) -> str | None:
    """One line per cue for a log-like output (when stdout is not a terminal)."""
    at = f"[{elapsed_text(elapsed):>5}]"
    if isinstance(event, Cue):
        return f"{at} {event.text}"
    if isinstance(event, Paused):
        why = " (the computer slept)" if event.reason == PAUSE_SLEEP else ""
        return f"{at} Paused{why}."
    if isinstance(event, Resumed):
        return f"{at} Resumed after {elapsed_text(event.paused_seconds)}."
    if isinstance(event, WorkoutFinished) and event.outcome != OUTCOME_COMPLETED:
        return f"{at} Workout {event.outcome}."
    if isinstance(event, SetFinished) and event.record.status == SKIPPED:
        r = event.record
        side = f", {r.side} side" if r.side else ""
        done = plural(r.reps, "rep") if r.reps is not None else f"{r.hold_seconds or 0:g} s held"
        return f"{at} Recorded as skipped: {r.exercise_name}, set {r.set}{side} ({done})."
    return None


class TerminalPlayer:
    """Drives a Workout with the real clock (scaled by ``speed``) and draws it."""

    def __init__(self, routine: Routine, *, speed: float = 1.0, event_log: EventLog | None = None,
                 stdin: IO[str] | None = None, stdout: IO[str] | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 sleep_detector: SleepDetector | None = None, history=None) -> None:
        self.routine = routine
        #: The workout's clock: real monotonic time, ``speed`` times faster from the start.
        self.clock = SpeedClock(speed, real=monotonic)
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self._monotonic = monotonic
        self._sleep = sleep
        self._sleep_detector = sleep_detector
        self.event_log = event_log
        #: Records the workout set by set (coach.terminal.history.TerminalHistory), if given;
        #: when it goes on with an interrupted session, the workout is the rest of that session.
        self.history = history
        if history is not None:
            self.workout = history.workout_to_play(self.engine_time)
        else:
            self.workout = Workout(build_timeline(routine), self.engine_time)
        self.interactive = termios is not None and _isatty(self.stdin)
        self.live = _isatty(self.stdout)
        self._said = ""
        self._said_until = -math.inf  # on the workout's clock
        self._confirming = False
        self._last_frame: str | None = None
        self._suspended = False  # Ctrl+Z since the last resume: the gap was not a sleep
        self._log_failure_told = False
        #: Said during a live workout; repeated on stderr after it, where it stays readable.
        self._told: list[str] = []

    def engine_time(self, real: float | None = None) -> float:
        """The workout time now, or of a reading ``real`` of the real monotonic clock."""
        return self.clock() if real is None else self.clock.at(real)

    def play(self) -> int:
        """Play to the end; returns the exit code: 0 done or stopped, 130 on Ctrl+C,
        128 + the signal when the terminal closes (SIGHUP) or the process is asked to end (SIGTERM)."""
        fd = self.stdin.fileno() if self.interactive else None
        saved = termios.tcgetattr(fd) if fd is not None else None
        previous_handlers = _catch_ending_signals()
        if fd is not None and saved is not None:
            previous_handlers.update(self._handle_suspend(fd, saved))
        try:
            if fd is not None:
                tty.setcbreak(fd)  # keys arrive one by one, unechoed; Ctrl+C still interrupts
            if self.live:
                self._write("\x1b[?25l")
            return self._loop(fd)
        except (KeyboardInterrupt, _Ended) as interruption:
            if not self.workout.is_over:
                self._handle(self.workout.stop(OUTCOME_INTERRUPTED))
            return interruption.code if isinstance(interruption, _Ended) else 130
        finally:
            _restore_signals(previous_handlers)
            if saved is not None:
                termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            try:
                if self.live:
                    self._write("\x1b[?25h\n")
                self._write(self._summary() + "\n")
                for message in self._told:
                    print(message, file=sys.stderr, flush=True)
            except OSError:  # the terminal is gone (SIGHUP): nothing to show it on
                pass

    def _handle_suspend(self, fd: int, saved: list) -> dict[int, object]:
        """Ctrl+Z: give the shell its terminal back as it was; on fg, take it again and redraw.
        (The workout pauses by itself: the sleep detector sees the gap.)"""
        if not hasattr(signal, "SIGTSTP"):
            return {}

        def suspend(signum: int, frame: object) -> None:
            self._suspended = True
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            if self.live:
                self._write("\x1b[?25h\n")
            signal.signal(signal.SIGTSTP, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until fg

        def carry_on(signum: int, frame: object) -> None:
            signal.signal(signal.SIGTSTP, suspend)
            tty.setcbreak(fd)
            if self.live:
                self._write("\x1b[?25l")
            self._last_frame = None  # redraw the whole screen

        try:
            return {signal.SIGTSTP: signal.signal(signal.SIGTSTP, suspend),
                    signal.SIGCONT: signal.signal(signal.SIGCONT, carry_on)}
        except ValueError:  # not the main thread
            return {}

    def _loop(self, fd: int | None) -> int:
        workout = self.workout
        # The loop checks every REFRESH_SECONDS: a much longer gap means it was not running.
        detector = self._sleep_detector or SleepDetector(self._monotonic, max_gap=MAX_GAP_SECONDS)
        self._handle(workout.start())
        while not workout.is_over:
            slept_at = detector.check()
            if slept_at is not None:
                self._handle(workout.computer_slept(self.engine_time(slept_at)))
                if not self.interactive and workout.state == PAUSED:
                    # Nobody at the keyboard to resume: go on from where the workout was.
                    self._handle(workout.resume())
            now = self.engine_time()
            self._handle(workout.advance(now))
            snap = workout.snapshot(now)
            if not self.interactive and snap.waiting_for_done and snap.phase is not None:
                # Nobody at the keyboard: a set at one's own pace lasts its estimate.
                if snap.phase_elapsed >= snap.phase.estimate:
                    self._handle(workout.done())
                    continue
            self._draw(snap)
            wait = self._seconds_to_wait(snap, now)
            if fd is not None:
                ready, _, _ = select.select([fd], [], [], wait)
                if ready:
                    data = os.read(fd, 64).decode("utf-8", "replace")
                    for key in split_keys(data):
                        self._press(key)
            elif wait > 0:
                self._sleep(wait)
        self._draw(workout.snapshot())
        return 0

    def _seconds_to_wait(self, snap: Snapshot, now: float) -> float:
        """Real seconds until the next deadline, the next redraw or an unattended "done"."""
        until = math.inf
        deadline = self.workout.next_deadline()
        if deadline is not None:
            until = deadline - now
        if not self.interactive and snap.waiting_for_done and snap.phase is not None:
            until = min(until, snap.phase.estimate - snap.phase_elapsed)
        return max(0.0, min(self.clock.real_seconds(until), REFRESH_SECONDS))

    def _press(self, key: str) -> None:
        command = KEYS.get(key)
        if self._confirming:
            self._confirming = False
            if key in ("y", "Y"):
                self._handle(self.workout.stop())
            return
        if command == "interrupt":
            raise KeyboardInterrupt
        if command == "quit":
            self._confirming = True
            return
        if command is None:
            return
        try:
            self._handle(getattr(self.workout, command)())
        except CommandRefused as refused:  # say why; the workout is unchanged
            message = str(refused)
            self._say(message[:1].upper() + message[1:])

    def _handle(self, events: list[Event]) -> None:
        if not events:
            return
        at = self.engine_time()
        if self.event_log is not None:
            self.event_log.write(events, at)
            if self.event_log.failure is not None and not self._log_failure_told:
                self._log_failure_told = True
                self._tell(self.event_log.failure)
        if self.history is not None:
            self.history.handle(events)
        ring = False
        for event in events:
            if isinstance(event, Resumed):
                self._suspended = False
            if isinstance(event, Cue):
                ring = True
                if event.cue in (CueKind.ANNOUNCE, CueKind.COMPLETE, CueKind.HALFWAY, CueKind.LAST_REP):
                    self._say(event.text, event.due)
            if not self.live:
                line = event_line(event, self._elapsed(event.due))
                if line:
                    self._write(line + "\n")
        if ring and self.live:
            self._write("\a")

    def _tell(self, message: str) -> None:
        """Something the user should know that does not stop the workout: on the screen now (and
        on stderr once the screen is given back), or on stderr at once when nothing is drawn."""
        if self.live:
            self._say(message)
            self._told.append(message)
        else:
            print(message, file=sys.stderr, flush=True)

    def _say(self, text: str, at: float | None = None) -> None:
        """Shows ``text`` from ``at`` (now) while it would be said, replacing what was shown."""
        start = self.engine_time() if at is None else at
        self._said = text
        self._said_until = start + max(SAID_AT_LEAST_SECONDS, speaking_seconds(text))

    def _said_now(self) -> str:
        return self._said if self.engine_time() < self._said_until else ""

    def _elapsed(self, due: float) -> float:
        started = self.workout.record.started_at
        return 0.0 if started is None else due - started

    def _draw(self, snap: Snapshot) -> None:
        if not self.live:
            return
        frame = "\n".join(status_lines(snap, self.routine.name, self._said_now(), self._confirming, self._suspended))
        if frame != self._last_frame:
            self._last_frame = frame
            self._write("\x1b[H\x1b[J" + frame.replace("\n", "\x1b[K\n"))

    def _summary(self) -> str:
        record = self.workout.record
        outcome = {OUTCOME_COMPLETED: "Workout complete", OUTCOME_INTERRUPTED: "Workout interrupted"}.get(
            record.outcome or "", "Workout stopped")
        # A resumed session is summed up whole, as `coach history` counts it.
        whole = self.history.totals(record) if self.history is not None else record
        return (f"{outcome}: {plural(whole.sets_completed, 'set')} done, {whole.sets_skipped} skipped, "
                f"{elapsed_text(whole.active_seconds)} active.")

    def _write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


class _Ended(Exception):
    """SIGTERM or SIGHUP during a workout: end it as interrupted, restore the terminal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


def _raise_ended(signum: int, frame: object) -> None:
    raise _Ended(signum)


def _catch_ending_signals() -> dict[int, object]:
    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            previous[signum] = signal.signal(signum, _raise_ended)
        except ValueError:  # not the main thread: leave the signals alone
            break
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

