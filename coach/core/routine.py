"""What a routine is: exercises with sets, reps or holds, tempo and sides (the data, not the file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The tempo parts a rep can be made of, in the words people use.
TEMPO_PART_NAMES = ("up", "hold", "down", "pause")
#: The name of the single part of a tempo written as one duration (``tempo: 3s``).
WHOLE_REP = "rep"
#: Self-paced reps have no fixed length; estimates count this many seconds per rep.
SELF_PACED_SECONDS_PER_REP = 3.0


@dataclass(frozen=True)
class TempoPart:
    """One part of a rep: ``up``, ``hold``, ``down``, ``pause``, or ``rep`` for a one-duration tempo."""

    name: str
    seconds: float


@dataclass(frozen=True)
class Progression:
    """Suggest ``step`` more reps after ``every`` completed sessions, up to ``to``."""

    to: int
    step: int
    every: int


@dataclass(frozen=True)
class Exercise:
    name: str
    instructions: str = ""
    sets: int = 1
    reps: int | None = None
    hold: float | None = None
    #: Empty for a hold or for self-paced reps.
    tempo: tuple[TempoPart, ...] = ()
    #: ``"each"`` (left, then right) or ``None``.
    sides: str | None = None
    #: ``None`` means the routine's ``rest_between_sets``.
    rest_between_sets: float | None = None
    faq: tuple[str, ...] = ()
    progression: Progression | None = None
    #: As written in the file: a path relative to the routine file.
    image: str | None = None

    @property
    def is_hold(self) -> bool:
        return self.hold is not None

    @property
    def is_self_paced(self) -> bool:
        return self.reps is not None and not self.tempo

    @property
    def rep_seconds(self) -> float | None:
        """Length of one rep with a tempo; ``None`` when self-paced or a hold."""
        if not self.tempo:
            return None
        return sum(part.seconds for part in self.tempo)

    @property
    def side_names(self) -> tuple[str | None, ...]:
        return ("left", "right") if self.sides == "each" else (None,)


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    get_ready: float = 10.0
    rest_between_sets: float = 30.0
    rest_between_exercises: float = 30.0
    switch_sides: float = 5.0
    version: int = 1
    #: The file it was loaded from, if any (not part of the routine's identity).
    source_path: Path | None = field(default=None, compare=False)

    def rest_between_sets_of(self, exercise: Exercise) -> float:
        if exercise.rest_between_sets is not None:
            return exercise.rest_between_sets
        return self.rest_between_sets
