"""What was done in a workout, written set by set as it goes (the history stores it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.core.workout.kinds import Outcome, PauseReason, SetStatus

# How a set ended (coach/core/workout/kinds.py), by their short names.
COMPLETED, SKIPPED, INTERRUPTED = SetStatus.COMPLETED, SetStatus.SKIPPED, SetStatus.INTERRUPTED
SET_STATUSES = tuple(SetStatus)

# How a workout ended.
OUTCOME_COMPLETED, OUTCOME_STOPPED, OUTCOME_INTERRUPTED = Outcome.COMPLETED, Outcome.STOPPED, Outcome.INTERRUPTED


@dataclass(frozen=True)
class SetRecord:
    """One set on one side, recorded when it ends."""

    exercise_index: int
    exercise_name: str
    set: int  # 1-based
    side: str | None  # "left", "right" or None
    #: Reps done (for rep exercises), else None.
    reps: int | None
    #: Seconds held (for hold exercises), else None.
    hold_seconds: float | None
    #: COMPLETED, SKIPPED or INTERRUPTED.
    status: SetStatus
    started_at: float  # on the workout's monotonic clock
    ended_at: float


@dataclass(frozen=True)
class Pause:
    started_at: float
    ended_at: float | None
    #: "user" or "sleep" (the computer slept).
    reason: PauseReason


@dataclass
class WorkoutRecord:
    routine_id: str
    routine_name: str
    planned_seconds: float
    started_at: float | None = None
    ended_at: float | None = None
    #: OUTCOME_* once the workout has ended.
    outcome: Outcome | None = None
    sets: list[SetRecord] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)

    @property
    def active_seconds(self) -> float:
        """Time from start to end less the pauses."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else self.started_at
        paused = sum((p.ended_at if p.ended_at is not None else end) - p.started_at for p in self.pauses)
        return max(0.0, end - self.started_at - paused)

    @property
    def sets_completed(self) -> int:
        return sum(1 for s in self.sets if s.status == COMPLETED)

    @property
    def sets_skipped(self) -> int:
        return sum(1 for s in self.sets if s.status == SKIPPED)
