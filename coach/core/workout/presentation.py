"""What the user sees of a workout at one moment, in words: the part, the number, the rep, set and
side, what comes next and the times. The window, floor mode and the terminal all show a
:class:`Display` made here, so they cannot round or word the same moment differently.

The rules, one each:

- The countdown's number is the whole seconds still to go, rounded up: "3" while 2.0004 s
  remain, "2" from the moment 2 s are left (when the spoken "2" falls), "0" only at the very end.
  From a minute up it reads "1:05".
- A set at your own pace counts up the whole seconds gone by, rounded down, as a stopwatch
  does: "0:00" for its first second.
- The workout's elapsed time is rounded down and its remaining time rounded up, by the same rules,
  and both read m:ss (h:mm:ss from an hour). A past workout's time (the summary at its end, the
  history page, `coach history`) is its elapsed time, read the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.core.workout.cue_table import WORK_KINDS, describe_upcoming, same_set
from coach.core.routines.durations import format_clock
from coach.core.workout.kinds import PauseReason, WorkoutState
from coach.core.workout.plural import plural
from coach.core.routines.routine import WHOLE_REP
from coach.core.workout.snapshot import Snapshot
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES

#: Times computed on the clock carry float crumbs (2.0000000003 for 2): a time within this of a
#: whole second counts as that second. A millionth of a second is far below a frame.
CLOCK_NOISE = 1e-6

#: The word and the colour family of each part: a rep's tempo part by its name, else the phase
#: kind. Each part has its own family; the front-ends give each family its colours.
PARTS: dict[str, tuple[str, str]] = {
    "up": ("UP", "work"),
    "hold": ("HOLD", "hold"),  # a tempo's hold, and a timed hold (kind HOLD is "hold" too)
    "down": ("DOWN", "down"),
    "pause": ("PAUSE", "pause"),
    WHOLE_REP: ("GO", "work"),  # a rep of a one-duration tempo
    SELF_PACED: ("GO", "work"),
    GET_READY: ("GET READY", "get_ready"),
    REST: ("REST", "rest"),
    SWITCH_SIDES: ("SWITCH SIDES", "switch_sides"),
}
assert PARTS["hold"] == PARTS[HOLD]

#: Every colour family a Display can have: the parts' and the states'.
FAMILIES = ("work", "hold", "down", "pause", "get_ready", "rest", "switch_sides", "paused", "finished")

PAUSED_WORD = "PAUSED"
SLEPT_WORDS = "PAUSED: the computer slept"
STARTING_WORDS = "Starting…"
END_OF_WORKOUT = "the end. Well done."


def seconds_to_go(remaining: float) -> int:
    """The whole seconds still to go, rounded up (the countdown's number; see the module)."""
    return max(0, math.ceil(remaining - CLOCK_NOISE))


def seconds_done(elapsed: float) -> int:
    """The whole seconds gone by, rounded down (a stopwatch's number)."""
    return max(0, math.floor(elapsed + CLOCK_NOISE))


def countdown_text(seconds: int) -> str:
    """A countdown's whole seconds: "7", "45", and from a minute "1:05"."""
    return str(seconds) if seconds < 60 else format_clock(seconds)


def elapsed_text(seconds: float) -> str:
    """Time gone by, as m:ss, rounded down: "0:39", "12:05", "1:02:05"."""
    return format_clock(seconds_done(seconds))


def remaining_text(seconds: float) -> str:
    """Time still to go, as m:ss, rounded up."""
    return format_clock(seconds_to_go(seconds))


def pain_text(before: int | None, after: int | None, *, arrow: str = "\u2192", missing: str = "\u2013") -> str:
    """The pain of the check-ins before and after a workout: "5 → 3", "4 → –" (no answer after);
    "" when neither was answered. The terminal's table spells it "5 -> 3" (``arrow``, ``missing``)."""
    if before is None and after is None:
        return ""
    def one(value: int | None) -> str:
        return missing if value is None else str(value)
    return f"{one(before)} {arrow} {one(after)}"


@dataclass(frozen=True)
class Display:
    """Everything a front-end shows of a workout at one moment, already in words."""

    exercise: str  # the exercise during its sets, else ""
    exercise_position: str  # "Exercise 2 of 9" during its sets, else ""
    part: str  # "UP", "PAUSE", "REST", "GET READY", "WORKOUT COMPLETE", ...
    family: str  # one of FAMILIES: the part's colour family, "paused" or "finished"
    countdown: str  # "7", "1:05", or "0:12" counting up in a set at your own pace
    rep: str  # "Rep 3 of 10", "10 reps at your own pace", or ""
    set: str  # "Set 1 of 2", or "" when there is only one set
    side: str  # "Left side" or ""
    instructions: str
    next_up: str  # "Next: Rep 2 of 4", "Next: Rest 30 seconds", ... or "" once ended
    phase_fraction: float  # 0..1 of the part gone by
    workout_fraction: float  # 0..1 of the workout gone by
    elapsed: str  # "1:05"
    remaining: str  # "12:30"
    paused: bool
    status: str  # "PAUSED", "PAUSED: the computer slept", "Starting…" or ""
    self_paced: bool  # a set at your own pace waits for "done"
    starting: bool = False  # not started yet: its clock waits (the player's Pause button starts it)

    @classmethod
    def of(cls, s: Snapshot) -> Display:
        """What to show of the engine's snapshot ``s``."""
        if s.state in (WorkoutState.FINISHED, WorkoutState.STOPPED):
            return cls._ended(s)
        at_work = s.kind in WORK_KINDS
        word, family = PARTS.get(part_key(s), ((s.kind or "").upper().replace("_", " "), "work"))
        status = ""
        if s.state == WorkoutState.PAUSED:
            status = SLEPT_WORDS if s.pause_reason == PauseReason.SLEEP else PAUSED_WORD
            family = "paused"
        elif s.state == WorkoutState.NOT_STARTED:
            status = STARTING_WORDS
        if s.phase_remaining is not None:
            countdown = countdown_text(seconds_to_go(max(0.0, s.phase_remaining)))
        else:  # a set at your own pace counts up: it lasts until you say it is done
            countdown = format_clock(seconds_done(s.phase_elapsed))
        phase_fraction, workout_fraction = progress(s)
        if s.kind == SELF_PACED and s.reps:
            rep = f"{plural(s.reps, 'rep')} at your own pace"
        elif s.kind == REP and s.rep and s.reps:
            rep = f"Rep {s.rep} of {s.reps}"
        else:
            rep = ""
        return cls(
            exercise=(s.exercise_name or "") if at_work else "",
            exercise_position=(f"Exercise {s.exercise_number} of {s.exercise_count}"
                               if at_work and s.exercise_number is not None else ""),
            part=word, family=family, countdown=countdown, rep=rep,
            set=f"Set {s.set} of {s.sets}" if at_work and s.set and s.sets and s.sets > 1 else "",
            side=f"{s.side.capitalize()} side" if s.side and (at_work or s.kind == SWITCH_SIDES) else "",
            instructions=(s.instructions or "").strip(), next_up=next_up_line(s),
            phase_fraction=phase_fraction, workout_fraction=workout_fraction,
            elapsed=elapsed_text(s.workout_elapsed), remaining=remaining_text(s.workout_remaining),
            paused=s.state == WorkoutState.PAUSED, status=status, self_paced=bool(s.waiting_for_done),
            starting=s.state == WorkoutState.NOT_STARTED,
        )

    @classmethod
    def _ended(cls, s: Snapshot) -> Display:
        return cls(
            exercise="", exercise_position="",
            part="WORKOUT COMPLETE" if s.state == WorkoutState.FINISHED else "WORKOUT STOPPED", family="finished",
            countdown="", rep="", set="", side="", instructions="", next_up="",
            phase_fraction=1.0, workout_fraction=progress(s)[1],
            elapsed=elapsed_text(s.workout_elapsed), remaining=remaining_text(s.workout_remaining),
            paused=False, status="", self_paced=False,
        )


def exercise_in_mind(s: Snapshot) -> tuple[int, str, bool] | None:
    """The exercise the user has in mind (the FAQ panel's "About this exercise"): the one being done,
    and during get ready, a rest or the switch of sides the one coming next, which they prepare
    for. As (its index in the routine, its name, whether it is the next exercise rather than the
    one being done); None when there is none (before the start, once ended)."""
    if s.state not in (WorkoutState.RUNNING, WorkoutState.PAUSED) or s.phase is None:
        return None
    coming = s.upcoming
    if s.kind not in WORK_KINDS and coming is not None and coming.exercise_index is not None and coming.exercise_name:
        return coming.exercise_index, coming.exercise_name, coming.exercise_index != s.exercise_index
    if s.exercise_index is None or not s.exercise_name:
        return None
    return s.exercise_index, s.exercise_name, False


def part_key(s: Snapshot) -> str:
    """The key of the part in PARTS: a rep's tempo part, else the phase kind."""
    if s.kind == REP and s.part:
        return s.part
    return s.kind or ""


def next_up_line(s: Snapshot) -> str:
    """"Next: Rep 2 of 4" during a rep before the last; what follows the set during its last
    rep, a hold or a set at your own pace ("Next: Rest 10 seconds"); "" once the workout ended."""
    if s.phase is None:
        return ""
    upcoming = s.upcoming
    if upcoming is None:
        return f"Next: {END_OF_WORKOUT}"
    if upcoming.kind == REP and s.kind == REP and same_set(upcoming, s.phase) and upcoming.rep != s.rep:
        return f"Next: Rep {upcoming.rep} of {upcoming.reps}"
    words = describe_upcoming(upcoming)
    return f"Next: {words[:1].upper()}{words[1:]}"


#: The bars move in steps of about this fraction of their length (finer than a pixel of a bar
#: as wide as a window), but are never redrawn more often than ``BAR_MIN_S`` (20 a second).
BAR_STEPS = 500
BAR_MIN_S = 0.05


def progress(s: Snapshot) -> tuple[float, float]:
    """How far the two bars are, each 0..1: (the part, the whole workout). A set at your own pace
    has no end to measure: its bar stays empty; an ended workout's part bar is full."""
    workout = max(0.0, min(1.0, s.percent / 100))
    if s.state in (WorkoutState.FINISHED, WorkoutState.STOPPED):
        return 1.0, workout
    if s.phase_remaining is None:
        return 0.0, workout
    fraction = 1.0 - max(0.0, s.phase_remaining) / s.phase_duration if s.phase_duration else 1.0
    return min(1.0, max(0.0, fraction)), workout


def next_change(s: Snapshot) -> float | None:
    """Seconds (on the workout's clock) until something written on the display of ``s`` changes
    while it runs: the countdown's next whole second, or the workout's elapsed and remaining
    times; None when nothing moves (paused, not started, ended). The bars move in between
    (:func:`next_bar_step`)."""
    if s.state != WorkoutState.RUNNING:
        return None
    waits = []
    if s.phase_remaining is not None:
        remaining = max(0.0, s.phase_remaining)
        number = seconds_to_go(remaining)
        if number > 0:
            waits.append(remaining - (number - 1))  # when ``number - 1`` seconds are left
    else:
        waits.append(seconds_done(s.phase_elapsed) + 1 - s.phase_elapsed)
    waits.append(seconds_done(s.workout_elapsed) + 1 - s.workout_elapsed)
    left = max(0.0, s.workout_remaining)
    if seconds_to_go(left) > 0:
        waits.append(left - (seconds_to_go(left) - 1))
    return max(0.0, min(waits))


def next_bar_step(s: Snapshot) -> float | None:
    """Seconds (on the workout's clock) until the bars of ``s`` next move a step: 1/``BAR_STEPS``
    of the part (or of the whole workout, when that is sooner), never sooner than ``BAR_MIN_S``;
    None when they stand still (paused, not started, ended)."""
    if s.state != WorkoutState.RUNNING:
        return None
    waits = [(s.workout_elapsed + max(0.0, s.workout_remaining)) / BAR_STEPS]
    if s.phase_duration:
        waits.append(s.phase_duration / BAR_STEPS)
    return max(BAR_MIN_S, min(waits))


def number_age(s: Snapshot) -> float:
    """How long (on the workout's clock) the countdown's number of ``s`` has been the right one."""
    if s.phase_remaining is None:
        return s.phase_elapsed - seconds_done(s.phase_elapsed)
    remaining = max(0.0, s.phase_remaining)
    return max(0.0, min(s.phase_elapsed, seconds_to_go(remaining) - remaining))
