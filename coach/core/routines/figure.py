"""A figure: named poses and the poses each tempo part of a rep moves through; which pose to show
at a moment of the workout. Plain data (no YAML here: the window draws figures without loading the
file reader; coach.core.routines.figure_format reads and checks figure files)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.core.routines.figure_pose import Pose, along
from coach.core.workout.kinds import PhaseKind
from coach.core.routines.routine import TEMPO_PART_NAMES, WHOLE_REP

MOVE_PARTS = TEMPO_PART_NAMES + (WHOLE_REP,)
#: One cycle of the slow loop shown for a set at one's own pace (seconds).
LOOP_SECONDS = 6.0


@dataclass(frozen=True)
class Figure:
    """A checked figure: its poses (in file order) and the poses each tempo part moves through."""

    name: str
    view: str
    poses: dict[str, Pose]
    moves: dict[str, tuple[str, ...]]
    hold: str
    sides: str = "mirror"
    source: str = ""

    @property
    def start(self) -> str:
        return next(iter(self.poses))

    def pose(self, name: str) -> Pose:
        return self.poses[name]

    def moves_through(self, part: str) -> tuple[Pose, ...]:
        return tuple(self.poses[n] for n in self.moves.get(part, (self.start,)))

    def moving(self, part: str) -> bool:
        """Whether ``part`` changes the pose (the GUI draws frames only then)."""
        names = self.moves.get(part, ())
        return len(set(names)) > 1

    def loop(self) -> tuple[Pose, ...]:
        """The whole rep, once round: for a set at one's own pace and the routine view."""
        if WHOLE_REP in self.moves and len(set(self.moves[WHOLE_REP])) > 1:
            return self.moves_through(WHOLE_REP)
        names: list[str] = []
        for part in TEMPO_PART_NAMES:
            for name in self.moves.get(part, ()):
                if not names or names[-1] != name:
                    names.append(name)
        if len(names) < 2:
            names = [self.hold]
        return tuple(self.poses[n] for n in names)


def pose_at(figure: Figure, kind: str | None, part: str | None, fraction: float,
            elapsed: float = 0.0) -> Pose:
    """The pose to show ``fraction`` (0..1) into a phase of ``kind`` and tempo ``part``.

    A rep's part moves along its poses with easing at both ends; a timed hold stands still in the
    hold pose; a set at one's own pace plays the whole rep slowly as a loop (``elapsed`` seconds in);
    anything else (get ready, rest, switch sides) shows the start pose.
    """
    if kind == PhaseKind.REP and part is not None:
        return along(figure.moves_through(part), fraction)
    if kind == PhaseKind.HOLD:
        return figure.poses[figure.hold]
    if kind == PhaseKind.SELF_PACED:
        cycle = figure.loop()
        if len(cycle) == 1:
            return cycle[0]
        t = (elapsed % LOOP_SECONDS) / LOOP_SECONDS
        return along(cycle, t)
    return figure.poses[figure.start]


