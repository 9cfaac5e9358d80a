"""The workout engine: plays a timeline against a clock it is given, with no I/O and no sleeping.

A driver (the Qt window, the terminal) calls ``advance(now)`` whenever it wakes up and re-arms
one timer for ``next_deadline()``. Deadlines come from the start time and the phases' planned
offsets in whole milliseconds, so the schedule never drifts whatever the pattern of wake-ups;
pauses and the commands next/previous/done move the anchor of that schedule, nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from coach.core.workout import cue_table
from coach.core.workout.cue_table import COMPLETE, WORK_KINDS, WORKOUT_COMPLETE, CueSpec
from coach.core.workout.kinds import EventKind, Outcome, PauseReason, PhaseEnd, WorkoutState
from coach.core.workout.record import (
    COMPLETED,
    INTERRUPTED,
    OUTCOME_COMPLETED,
    OUTCOME_INTERRUPTED,
    OUTCOME_STOPPED,
    SKIPPED,
    Pause,
    SetRecord,
    WorkoutRecord,
)
from coach.core.workout.snapshot import Snapshot
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, Phase, Timeline

# States (coach/core/workout/kinds.py), by their short names.
NOT_STARTED, RUNNING, PAUSED, FINISHED, STOPPED = (
    WorkoutState.NOT_STARTED, WorkoutState.RUNNING, WorkoutState.PAUSED, WorkoutState.FINISHED,
    WorkoutState.STOPPED)

# Why the workout is paused.
PAUSE_USER, PAUSE_SLEEP = PauseReason.USER, PauseReason.SLEEP

# Why a phase ended (PhaseEnded.reason).
ENDED_COMPLETED, ENDED_SKIPPED, ENDED_RESTARTED, ENDED_STOPPED = (
    PhaseEnd.COMPLETED, PhaseEnd.SKIPPED, PhaseEnd.RESTARTED, PhaseEnd.STOPPED)

#: A second "previous" within this many seconds goes back to the start of the previous set; a
#: second "next" within as many seconds ends the set (one press ends only the part).
AGAIN_SECONDS = 2.0

#: Every state change, in one table: (state, command) -> new state. Anything else is refused.
#: "reach_end" is not a command: it is the last phase ending (by time, next or done).
TRANSITIONS: dict[tuple[str, str], str] = {
    (NOT_STARTED, "start"): RUNNING,
    (RUNNING, "pause"): PAUSED,
    (RUNNING, "toggle_pause"): PAUSED,
    (RUNNING, "computer_slept"): PAUSED,
    (RUNNING, "next"): RUNNING,
    (RUNNING, "previous"): RUNNING,
    (RUNNING, "done"): RUNNING,
    (RUNNING, "stop"): STOPPED,
    (RUNNING, "reach_end"): FINISHED,
    (PAUSED, "resume"): RUNNING,
    (PAUSED, "toggle_pause"): RUNNING,
    # Moving while paused stays paused: the new phase starts when the workout resumes.
    (PAUSED, "next"): PAUSED,
    (PAUSED, "previous"): PAUSED,
    (PAUSED, "done"): PAUSED,
    (PAUSED, "stop"): STOPPED,
    (PAUSED, "reach_end"): FINISHED,
}

#: Why a command does not fit a state, in the user's words.
STATE_WORDS = {
    NOT_STARTED: "the workout has not started",
    RUNNING: "the workout is already running",
    PAUSED: "the workout is paused",
    FINISHED: "the workout is finished",
    STOPPED: "the workout was stopped",
}
REFUSALS = {
    ("pause", PAUSED): "the workout is already paused",
    ("resume", RUNNING): "the workout is not paused",
}


#: What each command does, for "cannot ...: why" messages.
COMMAND_WORDS = {
    "start": "start", "pause": "pause", "resume": "resume", "toggle_pause": "pause or resume",
    "next": "skip ahead", "previous": "go back", "done": "mark the set done", "stop": "stop",
}


class CommandRefused(Exception):
    """A command that does not fit the workout's state; the workout is unchanged."""

    def __init__(self, command: str, state: str, reason: str) -> None:
        super().__init__(f"cannot {COMMAND_WORDS.get(command, command)}: {reason}")
        self.command = command
        self.state = state
        self.reason = reason


# ----------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    """Something that happened at ``due`` seconds on the workout's clock."""

    due: float
    kind: ClassVar[EventKind] = EventKind.EVENT


@dataclass(frozen=True)
class WorkoutStarted(Event):
    kind: ClassVar[EventKind] = EventKind.WORKOUT_STARTED


@dataclass(frozen=True)
class PhaseStarted(Event):
    phase: Phase
    kind: ClassVar[EventKind] = EventKind.PHASE_STARTED


@dataclass(frozen=True)
class PhaseEnded(Event):
    phase: Phase
    #: ENDED_COMPLETED, ENDED_SKIPPED, ENDED_RESTARTED or ENDED_STOPPED.
    reason: PhaseEnd
    kind: ClassVar[EventKind] = EventKind.PHASE_ENDED


@dataclass(frozen=True)
class Cue(Event):
    #: A CueKind (coach/core/workout/kinds.py).
    cue: str
    #: The sentence to say or show ("Bridges. Set 1 of 2. 10 reps.", "Up", "3", ...).
    text: str
    #: The phase it belongs to; None for "workout complete".
    phase_index: int | None
    #: 3, 2 or 1 for a countdown; the rep number for a one-part tempo; else None.
    count: int | None = None
    kind: ClassVar[EventKind] = EventKind.CUE


@dataclass(frozen=True)
class SetFinished(Event):
    """A set on one side ended (completed or skipped): its record, ready to be stored."""

    record: SetRecord
    kind: ClassVar[EventKind] = EventKind.SET_FINISHED


@dataclass(frozen=True)
class Paused(Event):
    reason: PauseReason
    kind: ClassVar[EventKind] = EventKind.PAUSED


@dataclass(frozen=True)
class Resumed(Event):
    paused_seconds: float
    kind: ClassVar[EventKind] = EventKind.RESUMED


@dataclass(frozen=True)
class WorkoutFinished(Event):
    """The workout ended, once: at its end (completed) or by stop."""

    outcome: Outcome
    kind: ClassVar[EventKind] = EventKind.WORKOUT_FINISHED


EVENT_TYPES = (WorkoutStarted, PhaseStarted, PhaseEnded, Cue, SetFinished, Paused, Resumed, WorkoutFinished)


# ----------------------------------------------------------------------------- the engine


class Workout:
    """One play of a timeline. ``clock`` is a zero-argument callable returning monotonic seconds."""

    def __init__(self, timeline: Timeline, clock: Callable[[], float]) -> None:
        if not timeline.phases:
            raise ValueError("a workout needs at least one phase")
        self.timeline = timeline
        self._clock = clock
        phases = self._phases = timeline.phases
        n = len(phases)
        self._start_cues = tuple(cue_table.phase_start_cues(timeline, i) for i in range(n))
        self._inner_cues = tuple(cue_table.in_phase_cues(p) for p in phases)
        self._set_start, self._set_end, self._rep_start, self._rep_end = _set_bounds(phases)
        self._upcoming = tuple(self._upcoming_index(i) for i in range(n))
        after = [0] * n
        for i in range(n - 2, -1, -1):
            after[i] = after[i + 1] + phases[i + 1].estimate_ms
        self._estimate_after = tuple(after)
        self._total_ms = timeline.total_ms
        self._exercise_count = len(timeline.routine.exercises)

        self.state = NOT_STARTED
        self.record = WorkoutRecord(
            routine_id=timeline.routine.id, routine_name=timeline.routine.name,
            planned_seconds=timeline.total_ms / 1000,
        )
        self._index = 0
        # The schedule: planned offset ``anchor_ms`` falls at clock time ``anchor_time``.
        self._anchor_time = 0.0
        self._anchor_ms = 0
        self._cue_pos = 0  # next cue inside the current phase
        self._deadline: float | None = None
        self._now = -math.inf  # latest time the engine has been told about
        self._pending: list[Event] = []  # caught up before a refused command; handed out next
        self._pause_started: float | None = None
        self._pause_reason: PauseReason | None = None
        self._paused_total = 0.0
        self._set_started_at: float | None = None
        #: A part of the set in progress was ended by "next": the set is recorded as skipped.
        self._set_cut_short = False
        self._last_previous_at: float | None = None
        #: When "next" was last pressed, and the start of the set it was pressed in (None: no set).
        self._last_next: tuple[float, int | None] | None = None

    # ------------------------------------------------------------------ driving

    def advance(self, now: float | None = None) -> list[Event]:
        """Every event due up to ``now``, in order (a late call catches up; nothing is skipped)."""
        self._catch_up(self._time(now))
        return self._take()

    def next_deadline(self) -> float | None:
        """When the driver must call ``advance`` next; None while nothing is scheduled
        (not started, paused, waiting for "done", or ended)."""
        if self._pending:
            return self._now
        return self._deadline

    @property
    def is_over(self) -> bool:
        return self.state in (FINISHED, STOPPED)

    @property
    def phase(self) -> Phase | None:
        return None if self.is_over else self._phases[self._index]

    # ------------------------------------------------------------------ commands

    def start(self, at_phase: int = 0) -> list[Event]:
        """Start at the first phase, or at phase ``at_phase`` (resuming an interrupted workout):
        the phases before it are not played, cued or recorded, and the schedule and the time
        remaining are counted from there."""
        if not 0 <= at_phase < len(self._phases):
            raise ValueError(f"phase {at_phase} is not in this workout (0-{len(self._phases) - 1})")
        now = self._begin("start")
        self.state = TRANSITIONS[(self.state, "start")]
        self.record.started_at = now
        self._anchor_time = now
        self._anchor_ms = self._phases[at_phase].start_ms
        out = self._pending
        out.append(WorkoutStarted(now))
        self._enter(at_phase, now, out)
        return self._take()

    def pause(self) -> list[Event]:
        now = self._begin("pause")
        self._pause(now, PAUSE_USER, self._pending)
        return self._take()

    def resume(self) -> list[Event]:
        now = self._begin("resume")
        self._resume(now, self._pending)
        return self._take()

    def toggle_pause(self) -> list[Event]:
        now = self._begin("toggle_pause")
        if self.state == RUNNING:
            self._pause(now, PAUSE_USER, self._pending)
        else:
            self._resume(now, self._pending)
        return self._take()

    def next(self) -> list[Event]:
        """End the current part (a tempo part of a rep, a hold, a rest, get ready); pressed again
        within AGAIN_SECONDS in the same set, end the rest of that set. A set with a part cut
        short is recorded as skipped, with the reps gone through (a hold: the seconds held)."""
        now = self._begin("next")
        out = self._pending
        index, phase = self._index, self._phases[self._index]
        in_set = self._set_start[index] if phase.kind in WORK_KINDS else None
        # Again: a second press within the time, in the set the first one was pressed in.
        again = (in_set is not None and self._last_next is not None and self._last_next[1] == in_set
                 and now - self._last_next[0] <= AGAIN_SECONDS)
        self._last_next = (now, in_set)
        out.append(PhaseEnded(now, phase, ENDED_SKIPPED))
        if phase.kind in WORK_KINDS:
            self._set_cut_short = True
            target = self._set_end[index] if again else index + 1
            if target == self._set_end[index]:
                self._finish_set(phase, now, out, to_its_end=not again)
        else:
            target = index + 1
        self._move_to(target, now, out)
        return self._take()

    def done(self) -> list[Event]:
        """End a set done at the user's own pace, as completed."""
        now = self._begin("done")
        phase = self._phases[self._index]
        if phase.kind != SELF_PACED:
            raise CommandRefused("done", self.state, "only a set done at your own pace waits for done; "
                                                     f"this is {_phase_words(phase)}")
        out = self._pending
        out.append(PhaseEnded(now, phase, ENDED_COMPLETED))
        self._finish_set(phase, now, out, to_its_end=True)
        self._move_to(self._index + 1, now, out)
        return self._take()

    def previous(self) -> list[Event]:
        """Restart the current phase (a rep from its first part); pressed again within
        AGAIN_SECONDS, go back to the start of the previous set."""
        now = self._begin("previous")
        out = self._pending
        index, phase = self._index, self._phases[self._index]
        again = self._last_previous_at is not None and now - self._last_previous_at <= AGAIN_SECONDS
        self._last_previous_at = now
        if again:
            target = self._previous_set_start(self._set_start[index])
        else:
            target = self._rep_start[index]
        out.append(PhaseEnded(now, phase, ENDED_RESTARTED))
        if self._set_start[target] != self._set_start[index]:
            self._set_started_at = None  # the set in progress is left, to be done again later
            self._set_cut_short = False
        self._jump(target, now, out)
        return self._take()

    def stop(self, outcome: Outcome = OUTCOME_STOPPED) -> list[Event]:
        """End the workout now; a set in progress is recorded as interrupted with what was done
        (resuming starts at it again). ``outcome`` may be OUTCOME_INTERRUPTED when the program is
        being closed."""
        if outcome not in (OUTCOME_STOPPED, OUTCOME_INTERRUPTED):
            raise ValueError(f"stop outcome must be stopped or interrupted, not {outcome!r}")
        now = self._begin("stop")
        out = self._pending
        phase = self._phases[self._index]
        out.append(PhaseEnded(now, phase, ENDED_STOPPED))
        if phase.kind in WORK_KINDS:
            self._finish_set(phase, now, out, to_its_end=False, interrupted=True)
        new_state = TRANSITIONS[(self.state, "stop")]
        if self.state == PAUSED:
            self._close_pause(now)
        self._end(now, outcome, new_state, out)
        return self._take()

    def computer_slept(self, at: float) -> list[Event]:
        """The computer slept from ``at`` on: pause the workout where it was at that time.

        A report from the driver rather than a user's command: when the workout is not
        running it changes nothing (and raises nothing)."""
        now = self._time(None)
        at = min(max(at, self._now), now)
        self._catch_up(at)
        if (self.state, "computer_slept") in TRANSITIONS:
            self._pause(at, PAUSE_SLEEP, self._pending)
        self._now = now
        return self._take()

    # ------------------------------------------------------------------ display

    def snapshot(self, now: float | None = None) -> Snapshot:
        """What to show at ``now`` (the state as of the last advance; times clamped to the phase)."""
        now = self._time(now)
        state = self.state
        if state in (FINISHED, STOPPED):
            return self._ended_snapshot()
        index = self._index
        phase = self._phases[index]
        if state == NOT_STARTED:
            elapsed_ms = 0.0
            workout_elapsed = 0.0
        else:
            effective = self._pause_started if state == PAUSED else now
            elapsed_ms = (effective - self._anchor_time) * 1000 + self._anchor_ms - phase.start_ms
            workout_elapsed = max(0.0, effective - self.record.started_at - self._paused_total)
        duration_ms = phase.duration_ms
        if elapsed_ms < 0:
            elapsed_ms = 0.0
        if duration_ms is not None:
            if elapsed_ms > duration_ms:
                elapsed_ms = duration_ms
            left_ms = duration_ms - elapsed_ms
            phase_remaining = left_ms / 1000
            phase_duration = duration_ms / 1000
        else:
            left_ms = max(0.0, phase.estimate_ms - elapsed_ms)
            phase_remaining = None
            phase_duration = None
        remaining_ms = left_ms + self._estimate_after[index]
        total = self._total_ms
        percent = 100.0 * (total - remaining_ms) / total if total else 0.0
        exercise_index = phase.exercise_index
        return Snapshot(
            state=state,
            pause_reason=self._pause_reason if state == PAUSED else None,
            phase=phase, phase_index=index, phase_count=len(self._phases), kind=phase.kind,
            title=_title(phase), exercise_name=phase.exercise_name, exercise_index=exercise_index,
            exercise_count=self._exercise_count,
            instructions=(self.timeline.routine.exercises[exercise_index].instructions
                          if exercise_index is not None and phase.kind in WORK_KINDS else ""),
            set=phase.set, sets=phase.sets, side=phase.side, rep=phase.rep, reps=phase.reps,
            part=phase.part,
            phase_elapsed=elapsed_ms / 1000, phase_remaining=phase_remaining, phase_duration=phase_duration,
            waiting_for_done=phase.kind == SELF_PACED and state != NOT_STARTED,
            workout_elapsed=workout_elapsed, workout_remaining=remaining_ms / 1000,
            percent=min(100.0, max(0.0, percent)),
            upcoming=self._upcoming_phase(index),
        )

    def _ended_snapshot(self) -> Snapshot:
        record = self.record
        elapsed = record.active_seconds
        done = self.state == FINISHED
        return Snapshot(
            state=self.state, pause_reason=None, phase=None, phase_index=None,
            phase_count=len(self._phases), kind=None,
            title="Workout complete" if done else "Workout stopped",
            exercise_name=None, exercise_index=None, exercise_count=self._exercise_count,
            instructions="", set=None, sets=None, side=None, rep=None, reps=None, part=None,
            phase_elapsed=0.0, phase_remaining=0.0, phase_duration=None, waiting_for_done=False,
            workout_elapsed=elapsed, workout_remaining=0.0, percent=100.0 if done else self._percent_at_stop(),
            upcoming=None,
        )

    def _upcoming_index(self, index: int) -> int:
        """What the next-up line names during phase ``index``: in a rep before the last, the
        next rep of the set; in the last rep or another part of a set, what follows the set;
        else the phase after it."""
        phase = self._phases[index]
        if phase.kind == REP and phase.rep is not None and phase.reps is not None and phase.rep < phase.reps:
            return self._rep_end[index]
        if phase.kind in WORK_KINDS:
            return self._set_end[index]
        return index + 1

    def _upcoming_phase(self, index: int) -> Phase | None:
        upcoming = self._upcoming[index]
        return self._phases[upcoming] if upcoming < len(self._phases) else None

    def _percent_at_stop(self) -> float:
        total = self._total_ms
        return 100.0 * (total - self._estimate_after[self._index] - self._phases[self._index].estimate_ms) / total

    # ------------------------------------------------------------------ inside

    def _time(self, now: float | None) -> float:
        if now is None:
            now = self._clock()
        # A clock read twice can come back a hair earlier from another source; time never runs back.
        return now if now > self._now else self._now

    def _take(self) -> list[Event]:
        out, self._pending = self._pending, []
        return out

    def _begin(self, command: str) -> float:
        """Catch up to now, then check ``command`` against the state; returns now."""
        now = self._time(None)
        self._catch_up(now)
        if (self.state, command) not in TRANSITIONS:
            reason = REFUSALS.get((command, self.state), STATE_WORDS[self.state])
            raise CommandRefused(command, self.state, reason)
        return now

    def _catch_up(self, now: float) -> None:
        if now > self._now:
            self._now = now
        out = self._pending
        while self._deadline is not None and self._deadline <= now:
            due = self._deadline
            index = self._index
            inner = self._inner_cues[index]
            if self._cue_pos < len(inner):
                spec = inner[self._cue_pos][1]
                self._cue_pos += 1
                out.append(Cue(due, spec.cue, spec.text, index, spec.count))
                self._deadline = self._compute_deadline()
            else:
                phase = self._phases[index]
                out.append(PhaseEnded(due, phase, ENDED_COMPLETED))
                if phase.kind in WORK_KINDS and self._set_end[index] == index + 1:
                    self._finish_set(phase, due, out, to_its_end=True)
                if index + 1 < len(self._phases):
                    self._enter(index + 1, due, out)  # the schedule's anchor stays: no drift
                else:
                    self._end(due, OUTCOME_COMPLETED, FINISHED, out)

    def _compute_deadline(self) -> float | None:
        if self.state != RUNNING:
            return None
        phase = self._phases[self._index]
        inner = self._inner_cues[self._index]
        if self._cue_pos < len(inner):
            offset = phase.start_ms + inner[self._cue_pos][0]
        elif phase.duration_ms is not None:
            offset = phase.start_ms + phase.duration_ms
        else:
            return None  # a set at the user's own pace waits for "done"
        return self._anchor_time + (offset - self._anchor_ms) / 1000

    def _enter(self, index: int, due: float, out: list[Event]) -> None:
        self._index = index
        self._cue_pos = 0
        phase = self._phases[index]
        if phase.kind in WORK_KINDS and self._set_started_at is None:
            self._set_started_at = due
            self._set_cut_short = False
        out.append(PhaseStarted(due, phase))
        spec: CueSpec
        for spec in self._start_cues[index]:
            out.append(Cue(due, spec.cue, spec.text, index, spec.count))
        self._deadline = self._compute_deadline()

    def _jump(self, index: int, now: float, out: list[Event]) -> None:
        """Start phase ``index`` now: the schedule is re-anchored there (while paused, at the pause)."""
        self._anchor_time = self._pause_started if self.state == PAUSED else now
        self._anchor_ms = self._phases[index].start_ms
        self._enter(index, now, out)

    def _move_to(self, index: int, now: float, out: list[Event]) -> None:
        if index >= len(self._phases):
            if self.state == PAUSED:
                self._close_pause(now)
            self._end(now, OUTCOME_COMPLETED, TRANSITIONS[(self.state, "reach_end")], out)
        else:
            self._jump(index, now, out)

    def _previous_set_start(self, before: int) -> int:
        """The first phase of the last set that starts before phase ``before`` (0 if none)."""
        i = before - 1
        while i >= 0:
            if self._phases[i].kind in WORK_KINDS:
                return self._set_start[i]
            i -= 1
        return 0

    def _effective_time(self, now: float) -> float:
        return self._pause_started if self.state == PAUSED and self._pause_started is not None else now

    def _finish_set(self, phase: Phase, now: float, out: list[Event], *, to_its_end: bool,
                    interrupted: bool = False) -> None:
        """Record the set of ``phase``, which ends now. ``to_its_end``: its last part ended (by
        its time, by "done", or by "next" on that part), so every rep of it was gone through;
        else it was left in the middle ("next" twice, or stop). Completed only when played to
        its end with no part cut short by "next"; ``interrupted`` when the workout stops in it."""
        if interrupted:
            status = INTERRUPTED
        else:
            status = COMPLETED if to_its_end and not self._set_cut_short else SKIPPED
        reps: int | None = None
        hold: float | None = None
        if phase.kind == HOLD:
            if status == COMPLETED:
                hold = phase.duration_ms / 1000 if phase.duration_ms is not None else None
            else:
                effective = self._effective_time(now)
                elapsed_ms = (effective - self._anchor_time) * 1000 + self._anchor_ms - phase.start_ms
                hold = round(max(0.0, min(elapsed_ms, phase.duration_ms or 0)) / 1000, 3)
        elif phase.kind == REP:
            reps = phase.rep if to_its_end else (phase.rep or 1) - 1
        else:  # a set at the user's own pace: done, or skipped with nothing known to be done
            reps = phase.reps if status == COMPLETED else 0
        started = self._set_started_at if self._set_started_at is not None else now
        record = SetRecord(
            exercise_index=phase.exercise_index if phase.exercise_index is not None else -1,
            exercise_name=phase.exercise_name or "", set=phase.set or 1, side=phase.side,
            reps=reps, hold_seconds=hold, status=status, started_at=started, ended_at=now,
        )
        self.record.sets.append(record)
        self._set_started_at = None
        self._set_cut_short = False
        out.append(SetFinished(now, record))

    def _pause(self, at: float, reason: PauseReason, out: list[Event]) -> None:
        self.state = TRANSITIONS[(self.state, "pause" if reason == PAUSE_USER else "computer_slept")]
        self._pause_started = at
        self._pause_reason = reason
        self.record.pauses.append(Pause(started_at=at, ended_at=None, reason=reason))
        self._deadline = None
        out.append(Paused(at, reason))

    def _close_pause(self, now: float) -> float:
        assert self._pause_started is not None
        shift = now - self._pause_started
        self._paused_total += shift
        self.record.pauses[-1] = replace(self.record.pauses[-1], ended_at=now)
        self._pause_started = None
        self._pause_reason = None
        return shift

    def _resume(self, now: float, out: list[Event]) -> None:
        shift = self._close_pause(now)
        self._anchor_time += shift
        self.state = TRANSITIONS[(self.state, "resume")]
        self._deadline = self._compute_deadline()
        out.append(Resumed(now, shift))

    def _end(self, now: float, outcome: Outcome, state: WorkoutState, out: list[Event]) -> None:
        self.state = state
        self._deadline = None
        self.record.ended_at = now
        self.record.outcome = outcome
        if outcome == OUTCOME_COMPLETED:
            out.append(Cue(now, COMPLETE, WORKOUT_COMPLETE, None))
        out.append(WorkoutFinished(now, outcome))


def _set_bounds(phases: tuple[Phase, ...]) -> tuple[tuple[int, ...], ...]:
    """For each phase: where its set (on one side) starts and ends, and where its rep starts and
    ends (ends: the index after the last phase). A phase outside a set is its own unit."""
    n = len(phases)
    start = list(range(n))
    end = [i + 1 for i in range(n)]
    rep_start = list(range(n))
    rep_end = [i + 1 for i in range(n)]
    for i in range(1, n):
        a, b = phases[i - 1], phases[i]
        if a.kind in WORK_KINDS and b.kind in WORK_KINDS and cue_table.same_set(a, b):
            start[i] = start[i - 1]
            if b.kind == REP and a.rep == b.rep:
                rep_start[i] = rep_start[i - 1]
    for i in range(n - 2, -1, -1):
        if start[i + 1] == start[i]:
            end[i] = end[i + 1]
        if rep_start[i + 1] == rep_start[i]:
            rep_end[i] = rep_end[i + 1]
    return tuple(start), tuple(end), tuple(rep_start), tuple(rep_end)


def _title(phase: Phase) -> str:
    if phase.kind == GET_READY:
        return "Get ready"
    if phase.kind == REST:
        return "Rest"
    if phase.kind == SWITCH_SIDES:
        return "Switch sides"
    return phase.exercise_name or ""


def _phase_words(phase: Phase) -> str:
    return {
        GET_READY: "the get-ready countdown", REST: "a rest", SWITCH_SIDES: "the switch of sides",
        HOLD: "a timed hold", REP: "a set with a tempo",
    }.get(phase.kind, phase.kind)
