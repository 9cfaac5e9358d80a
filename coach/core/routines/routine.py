"""What a routine is: exercises with sets, reps or holds, tempo and sides, declared once.

Each key of a routine and of an exercise is declared here once, as a :class:`Field` (its attribute,
type and bounds, default, label and help; see :mod:`coach.core.routines.routine_types`). The model classes
below are made from the declaration, and so are the loader's checks, the file the writer writes, the
history's copy, the editor's fields and the JSON Schema: a new
key of an exercise is one more ``Field`` here (and its tests). Rules that tie keys together
(exactly one of ``reps`` and ``hold``...) are the few functions before the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path  # noqa: F401 - names the type of Routine.source_path
from typing import TYPE_CHECKING

from coach.core.routines.routine_types import (
    TEMPO_PART_NAMES,
    WHOLE_REP,
    Checked,
    Choice,
    Duration,
    Field,
    ListOf,
    Picture,
    Fields,
    Slug,
    Tempo,
    Text,
    Whole,
    model_class,
)

if TYPE_CHECKING:
    from coach.core.files.yamlsource import YamlFile

__all__ = ["TEMPO_PART_NAMES", "WHOLE_REP", "SELF_PACED_SECONDS_PER_REP", "TempoPart", "Progression",
           "Exercise", "Routine", "PROGRESSION", "EXERCISE", "ROUTINE", "FORMAT_VERSIONS", "MAX_STEPS"]

#: Self-paced reps have no fixed length; estimates count this many seconds per rep.
SELF_PACED_SECONDS_PER_REP = 3.0
FORMAT_VERSIONS = (1,)


@dataclass(frozen=True)
class TempoPart:
    """One part of a rep: ``up``, ``hold``, ``down``, ``pause``, or ``rep`` for a one-duration tempo."""

    name: str
    seconds: float


# --- the rules between keys -------------------------------------------------------------------

def _reps_or_hold(ex: Checked, src: YamlFile) -> None:
    if ex.given("reps") and ex.given("hold"):
        src.problem(ex.keys["hold"], "use either 'reps' (repetitions) or 'hold' (a timed hold), not both")
    elif not ex.given("reps") and not ex.given("hold"):
        name = ex.get("name")
        which = f"exercise {name!r}" if isinstance(name, str) else "an exercise"
        src.problem(ex.node, f"{which} needs 'reps' (repetitions, e.g. 'reps: 10') "
                             "or 'hold' (a timed hold, e.g. 'hold: 30s')")


def _tempo_needs_reps(ex: Checked, src: YamlFile) -> None:
    if ex.given("tempo") and not ex.given("reps") and ex.given("hold"):
        src.problem(ex.keys["tempo"], "'tempo' goes only with 'reps': a hold already has its length; "
                                      "remove 'tempo'")
    elif ex.given("tempo") and not ex.given("reps"):
        src.problem(ex.keys["tempo"], "'tempo' goes only with 'reps': add 'reps: N'")


def _progression_fits(ex: Checked, src: YamlFile) -> None:
    progression = ex.get("progression")
    if not isinstance(progression, Checked):
        return
    if ex.given("hold") and not ex.given("reps"):
        src.problem(ex.keys["progression"], "'progression' adds reps, so it goes only with 'reps'")
        return
    reps, to = ex.get("reps"), progression.get("to")
    if isinstance(reps, int) and isinstance(to, int) and to <= reps:
        src.problem(progression.nodes["to"], f"'to' must be more than the exercise's 'reps' ({reps}), "
                                             f"got {to}")


#: A routine plays at most this many timed steps (one tempo part of one rep, a hold, a rest...).
#: The bounds of each key alone (200 exercises of 100 sets of 1000 reps) allow a file whose plan
#: takes minutes and gigabytes to build; a long real routine has a few thousand steps.
MAX_STEPS = 20_000


def _not_too_many_steps(routine: Checked, src: YamlFile) -> None:
    exercises = routine.get("exercises")
    if not isinstance(exercises, list):
        return
    steps = 0
    for ex in exercises:
        if not isinstance(ex, Checked):
            continue
        reps, tempo = ex.get("reps"), ex.get("tempo")
        per_set = reps * len(tempo) if isinstance(reps, int) and isinstance(tempo, list) else 1
        sides = 2 if ex.get("sides") == "each" else 1
        steps += ex.get("sets", 1) * sides * (per_set + 1)  # + 1: the rest or switch after it
    if steps > MAX_STEPS:
        src.problem(routine.keys["exercises"],
                    f"this routine would play {steps:,} timed steps (reps x tempo parts x sets x "
                    f"sides); Coach plays at most {MAX_STEPS:,}: lower 'reps' or 'sets', or use "
                    "fewer tempo parts")


# --- the declaration ---------------------------------------------------------------------------

PROGRESSION = Fields(
    "a progression",
    (
        Field("to", Whole(1, 1000), "the most reps to work up to", required=True,
              label="Most reps"),
        Field("step", Whole(1, 100), "how many reps to add each time", required=True,
              label="Reps to add"),
        Field("every", Whole(1, 100), "after how many completed sessions to add them",
              required=True, label="Sessions between additions"),
    ),
    help="suggest 'step' more reps after 'every' completed sessions, up to 'to'",
    example="{to: 20, step: 2, every: 3}",
)

EXERCISE = Fields(
    "an exercise",
    (
        Field("name", Text(200, required=True), "the exercise's name, shown in the library and the "
              "workout", required=True, label="Name"),
        Field("instructions", Text(5000), "how to do it, shown during the exercise", default="",
              label="Instructions"),
        Field("sets", Whole(1, 100), "how many sets", default=1, label="Sets"),
        Field("reps", Whole(1, 1000), "repetitions per set (per side)", label="Reps"),
        Field("hold", Duration(), "a timed hold instead of reps (a stretch, a plank)",
              label="Hold for"),
        Field("tempo", Tempo(TempoPart), "the timing of one rep: one duration, or parts up, hold, down, "
              "pause in the order written; without it reps are self-paced", default=(), label="Tempo"),
        Field("sides", Choice(("each",), "left, then right"), "'each': every set on the left, then "
              "on the right", label="Sides"),
        Field("rest_between_sets", Duration(allow_zero=True), "rest between two sets of this "
              "exercise (default: the routine's)", label="Rest between sets"),
        Field("faq", ListOf(Slug(), 0, 50, unique=True), "ids of FAQ answers about this exercise",
              default=(), label="FAQ answers"),
        Field("progression", PROGRESSION, "suggest more reps over time: {to: 20, step: 2, every: 3}",
              label="Progression"),
        Field("image", Picture(500, required=True), "a PNG, JPEG or SVG picture, as a path relative to "
              "the routine file", label="Image"),
        Field("figure", Slug(), "the figure drawn for the exercise: a built-in's name or a file "
              "NAME.yaml in the figures folder of your data folder (default: the figure named like "
              "the exercise)", label="Figure"),
    ),
    rules=(_reps_or_hold, _tempo_needs_reps, _progression_fits),
    help="one exercise: 'reps' (with an optional 'tempo') or 'hold'",
)

ROUTINE = Fields(
    "a routine",
    (
        Field("version", Choice(FORMAT_VERSIONS, "the routine format versions this Coach reads"),
              "the routine format version", default=1),
        Field("id", Slug(), "the routine's identity (default: the file name); a routine of yours "
              "with a built-in's id replaces it", model_required=True, label="Id"),
        Field("name", Text(200, required=True), "the routine's name, shown in the library",
              required=True, label="Name"),
        Field("description", Text(5000), "a few words about the routine", default="",
              label="Description"),
        Field("tags", ListOf(Text(50, required=True), 0, 50), "words to find the routine by",
              default=(), label="Tags"),
        Field("get_ready", Duration(allow_zero=True), "countdown before the first exercise",
              default=10.0, label="Get ready"),
        Field("rest_between_sets", Duration(allow_zero=True), "rest between two sets, for every "
              "exercise", default=30.0, label="Rest between sets"),
        Field("rest_between_exercises", Duration(allow_zero=True), "rest between two exercises",
              default=30.0, label="Rest between exercises"),
        Field("switch_sides", Duration(allow_zero=True), "pause between the left and the right side",
              default=5.0, label="Switch sides"),
        Field("exercises", ListOf(EXERCISE, 1, 200), "the exercises, in order", required=True),
    ),
    rules=(_not_too_many_steps,),
    help="a Coach routine (format version 1)",
)



# --- the model, made from the declaration -------------------------------------------------------

class _ProgressionBehaviour:
    """Suggest ``step`` more reps after ``every`` completed sessions, up to ``to``."""


class _ExerciseBehaviour:
    """One exercise of a routine: reps (with or without a tempo) or a hold, in sets."""

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


class _RoutineBehaviour:
    """A routine: its exercises in order, with the rests between them."""

    def rest_between_sets_of(self, exercise: Exercise) -> float:
        if exercise.rest_between_sets is not None:
            return exercise.rest_between_sets
        return self.rest_between_sets


Progression = model_class(PROGRESSION, "Progression", __name__, _ProgressionBehaviour)
Exercise = model_class(EXERCISE, "Exercise", __name__, _ExerciseBehaviour)
Routine = model_class(ROUTINE, "Routine", __name__, _RoutineBehaviour, extra=[
    # The file it was loaded from, if any (not part of the routine's identity).
    ("source_path", "Path | None", field(default=None, compare=False)),
])
