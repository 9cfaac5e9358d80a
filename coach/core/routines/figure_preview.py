"""One rep of an exercise played over and over at its own tempo: the moving figure of the routine
view (while an exercise is hovered or selected) and of the editor's preview. Plain data, no Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.core.routines.figure import LOOP_SECONDS, Figure
from coach.core.routines.figure_pose import Pose, along
from coach.core.routines.routine import WHOLE_REP

#: A hold exercise's figure moves into its pose and back out in this many seconds each.
INTO_HOLD_SECONDS = 2.0
#: A long hold is shown still for this long at most (a preview, not the workout: the time is in words).
LONGEST_STILL_SECONDS = 4.0
#: The start pose is shown this long between two holds, so the loop reads as "again".
BETWEEN_HOLDS_SECONDS = 1.0
#: Parts shorter than this are stretched to it (a 0.1 s part would be a flicker, not a movement).
SHORTEST_PART_SECONDS = 0.3


#: What a preview calls each step, in the player's words where it has them.
PART_WORDS = {"up": "UP", "hold": "HOLD", "down": "DOWN", "pause": "PAUSE", WHOLE_REP: "ONE REP",
              "into": "INTO POSITION", "out": "BACK", "rest": ""}


@dataclass(frozen=True)
class Step:
    """A part of the previewed rep: its name (a tempo part, ``rep``, or ``into``/``hold``/``out``
    for a timed hold), how long it lasts and the poses it moves through."""

    part: str
    seconds: float
    poses: tuple[Pose, ...]


def rep_steps(figure: Figure, tempo: Sequence[tuple[str, float]] = (),
              hold: float | None = None) -> tuple[Step, ...]:
    """The steps of one rep of an exercise with ``tempo`` (its parts as (name, seconds); empty: at
    one's own pace) or, for a timed hold, ``hold`` seconds long."""
    if hold is not None:
        start, held = figure.pose(figure.start), figure.pose(figure.hold)
        if start == held:
            return (Step("hold", LONGEST_STILL_SECONDS, (held,)),)
        return (Step("into", INTO_HOLD_SECONDS, (start, held)),
                Step("hold", max(SHORTEST_PART_SECONDS, min(hold, LONGEST_STILL_SECONDS)), (held,)),
                Step("out", INTO_HOLD_SECONDS, (held, start)),
                Step("rest", BETWEEN_HOLDS_SECONDS, (start,)))
    if not tempo:
        return (Step(WHOLE_REP, LOOP_SECONDS, figure.loop()),)
    steps = []
    for name, seconds in tempo:
        poses = figure.loop() if name == WHOLE_REP else figure.moves_through(name)
        steps.append(Step(name, max(SHORTEST_PART_SECONDS, float(seconds)), poses))
    return tuple(steps)


def rep_seconds(steps: Sequence[Step]) -> float:
    return sum(step.seconds for step in steps)


def moves(steps: Sequence[Step]) -> bool:
    """Whether the rep changes the pose at all (a figure with one pose needs no frames)."""
    return len({pose for step in steps for pose in step.poses}) > 1


def step_at(steps: Sequence[Step], elapsed: float) -> tuple[Step, float]:
    """The step ``elapsed`` seconds into the endlessly repeated rep, and how far into it (0..1)."""
    total = rep_seconds(steps)
    t = elapsed % total if total > 0 else 0.0
    for step in steps:
        if t < step.seconds:
            return step, t / step.seconds
        t -= step.seconds
    return steps[-1], 1.0


def preview_pose(steps: Sequence[Step], elapsed: float) -> Pose:
    """The pose ``elapsed`` seconds into the repeated rep."""
    step, fraction = step_at(steps, elapsed)
    return along(step.poses, fraction)


def telling_pose(figure: Figure) -> Pose:
    """The one pose that shows the exercise best when nothing may move (animations off): the one
    it is held in."""
    return figure.pose(figure.hold)


def exercise_steps(figure: Figure, exercise) -> tuple[Step, ...]:  # noqa: ANN001 - a routine.Exercise
    """The steps of one rep of ``exercise`` as its routine gives it (its tempo, or its hold)."""
    return rep_steps(figure, [(part.name, part.seconds) for part in exercise.tempo], exercise.hold)
