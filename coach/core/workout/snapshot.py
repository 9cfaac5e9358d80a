"""What a workout looks like at one moment: everything a display needs, as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from coach.core.workout.kinds import PauseReason, PhaseKind, WorkoutState
from coach.core.workout.timeline import Phase


@dataclass(frozen=True)
class Snapshot:
    state: WorkoutState
    #: Why it is paused (the user, or the computer slept), else None.
    pause_reason: PauseReason | None
    #: The phase being played (the first one before the start); None once the workout has ended.
    phase: Phase | None
    phase_index: int | None
    phase_count: int
    #: None once ended.
    kind: PhaseKind | None
    #: A heading in the user's words: the exercise name, "Get ready", "Rest", "Switch sides", ...
    title: str
    exercise_name: str | None
    #: 0-based index into the routine's exercises, and how many there are.
    exercise_index: int | None
    exercise_count: int
    instructions: str
    set: int | None
    sets: int | None
    side: str | None
    rep: int | None
    reps: int | None
    #: Tempo part of a rep ("up", "hold", "down", "pause", "rep").
    part: str | None
    #: Seconds into the phase (excluding pauses).
    phase_elapsed: float
    #: Seconds left in the phase; None for a set at the user's own pace.
    phase_remaining: float | None
    #: Length of the phase; None for a set at the user's own pace.
    phase_duration: float | None
    #: True while a set at the user's own pace waits for "done".
    waiting_for_done: bool
    #: Active seconds since the start (pauses excluded).
    workout_elapsed: float
    #: Estimated seconds to the end (sets at the user's own pace at their estimate).
    workout_remaining: float
    #: 0 to 100, by position in the plan.
    percent: float
    #: What the next-up line names (coach.core.workout.presentation words it): the next rep of this set,
    #: or what follows the set or pause; None at the last one.
    upcoming: Phase | None

    @property
    def exercise_number(self) -> int | None:
        """1-based exercise number, for "exercise 2 of 9"."""
        return None if self.exercise_index is None else self.exercise_index + 1
