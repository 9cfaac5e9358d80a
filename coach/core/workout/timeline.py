"""A routine expanded into the ordered list of phases that a workout plays."""

from __future__ import annotations

from dataclasses import dataclass

from coach.core.workout.kinds import PhaseKind
from coach.core.routines.routine import SELF_PACED_SECONDS_PER_REP, Exercise, Routine

# Phase kinds (coach/core/workout/kinds.py), by their short names.
GET_READY, REP, SELF_PACED, HOLD, SWITCH_SIDES, REST = (
    PhaseKind.GET_READY, PhaseKind.REP, PhaseKind.SELF_PACED, PhaseKind.HOLD, PhaseKind.SWITCH_SIDES,
    PhaseKind.REST)

PHASE_KINDS = tuple(PhaseKind)


def to_ms(seconds: float) -> int:
    """Durations are kept in whole milliseconds so that sums are exact."""
    return int(round(seconds * 1000))


@dataclass(frozen=True)
class Phase:
    index: int
    kind: PhaseKind
    #: Index into ``routine.exercises``; ``None`` for get ready. For a rest, the exercise just done.
    exercise_index: int | None
    exercise_name: str | None
    set: int | None  # 1-based
    sets: int | None
    side: str | None  # "left", "right" or None
    rep: int | None  # 1-based, for REP phases
    reps: int | None
    part: str | None  # tempo part name for REP phases
    #: Fixed length in milliseconds; ``None`` for a self-paced set.
    duration_ms: int | None
    #: Planned length in milliseconds (the estimate for a self-paced set).
    estimate_ms: int
    #: Planned start, in milliseconds from the start of the workout (using estimates).
    start_ms: int

    @property
    def duration(self) -> float | None:
        return None if self.duration_ms is None else self.duration_ms / 1000

    @property
    def estimate(self) -> float:
        return self.estimate_ms / 1000

    @property
    def start(self) -> float:
        return self.start_ms / 1000

    @property
    def is_self_paced(self) -> bool:
        return self.duration_ms is None


@dataclass(frozen=True)
class Timeline:
    routine: Routine
    phases: tuple[Phase, ...]

    @property
    def total_ms(self) -> int:
        return sum(p.estimate_ms for p in self.phases)

    @property
    def total_seconds(self) -> float:
        return self.total_ms / 1000

    def __len__(self) -> int:
        return len(self.phases)

    def __getitem__(self, index: int) -> Phase:
        return self.phases[index]


class _Builder:
    def __init__(self) -> None:
        self.phases: list[Phase] = []
        self.offset_ms = 0

    def add(self, kind: PhaseKind, *, duration_ms: int | None, estimate_ms: int | None = None,
            exercise_index: int | None = None, exercise: Exercise | None = None,
            set_number: int | None = None, side: str | None = None, rep: int | None = None,
            part: str | None = None) -> None:
        estimate = duration_ms if duration_ms is not None else estimate_ms
        assert estimate is not None
        self.phases.append(Phase(
            index=len(self.phases), kind=kind, exercise_index=exercise_index,
            exercise_name=exercise.name if exercise else None,
            set=set_number, sets=exercise.sets if exercise else None, side=side, rep=rep,
            reps=exercise.reps if exercise else None, part=part,
            duration_ms=duration_ms, estimate_ms=estimate, start_ms=self.offset_ms,
        ))
        self.offset_ms += estimate


def build_timeline(routine: Routine) -> Timeline:
    """Expand ``routine`` into phases, as the routine format describes."""
    b = _Builder()
    if to_ms(routine.get_ready) > 0:
        b.add(GET_READY, duration_ms=to_ms(routine.get_ready))
    for ex_index, exercise in enumerate(routine.exercises):
        where = {"exercise_index": ex_index, "exercise": exercise}
        for set_number in range(1, exercise.sets + 1):
            sides = exercise.side_names
            for side_number, side in enumerate(sides):
                if side_number > 0 and to_ms(routine.switch_sides) > 0:
                    b.add(SWITCH_SIDES, duration_ms=to_ms(routine.switch_sides), set_number=set_number,
                          side=side, **where)
                _add_set(b, exercise, set_number, side, where)
            rest = to_ms(routine.rest_between_sets_of(exercise))
            if set_number < exercise.sets and rest > 0:
                b.add(REST, duration_ms=rest, set_number=set_number, **where)
        rest = to_ms(routine.rest_between_exercises)
        if ex_index < len(routine.exercises) - 1 and rest > 0:
            b.add(REST, duration_ms=rest, set_number=exercise.sets, **where)
    return Timeline(routine=routine, phases=tuple(b.phases))


def _add_set(b: _Builder, exercise: Exercise, set_number: int, side: str | None, where: dict) -> None:
    if exercise.hold is not None:
        b.add(HOLD, duration_ms=to_ms(exercise.hold), set_number=set_number, side=side, **where)
    elif exercise.tempo:
        assert exercise.reps is not None
        for rep in range(1, exercise.reps + 1):
            for part in exercise.tempo:
                b.add(REP, duration_ms=to_ms(part.seconds), set_number=set_number, side=side, rep=rep,
                      part=part.name, **where)
    else:
        assert exercise.reps is not None
        b.add(SELF_PACED, duration_ms=None,
              estimate_ms=to_ms(exercise.reps * SELF_PACED_SECONDS_PER_REP),
              set_number=set_number, side=side, **where)
