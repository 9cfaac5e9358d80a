"""One rep played over and over at the exercise's tempo (the routine view's and the editor's moving
figure): which part, which pose, exact numbers."""

from __future__ import annotations

import pytest

from coach.core.routines.figure_library import FigureLibrary
from coach.core.routines.figure_pose import body_of
from coach.core.routines.figure_preview import (
    INTO_HOLD_SECONDS,
    LONGEST_STILL_SECONDS,
    SHORTEST_PART_SECONDS,
    exercise_steps,
    moves,
    preview_pose,
    rep_seconds,
    rep_steps,
    step_at,
    telling_pose,
)
from coach.core.routines.routine import Exercise, TempoPart

LIBRARY = FigureLibrary()
BRIDGES = LIBRARY.get("bridges")
KNEE = LIBRARY.get("knee-to-chest-stretches")


def hip(pose) -> float:
    return body_of(pose, BRIDGES.view).joints["pelvis"][1]


def test_a_tempo_rep_moves_through_its_parts_for_their_seconds() -> None:
    steps = rep_steps(BRIDGES, [("up", 2.0), ("hold", 1.0), ("down", 3.0)])
    assert [(s.part, s.seconds) for s in steps] == [("up", 2.0), ("hold", 1.0), ("down", 3.0)]
    assert rep_seconds(steps) == 6.0 and moves(steps)
    rest, top = BRIDGES.pose("rest"), BRIDGES.pose("top")
    assert preview_pose(steps, 0.0) == rest
    assert hip(rest) < hip(preview_pose(steps, 1.0)) < hip(top)  # half way up
    assert preview_pose(steps, 2.0) == top and preview_pose(steps, 2.9) == top  # the hold
    assert step_at(steps, 4.5) == (steps[2], 0.5)
    assert hip(preview_pose(steps, 4.5)) == pytest.approx((hip(rest) + hip(top)) / 2, abs=1.0)
    # Over and over: the second rep is the first again.
    assert preview_pose(steps, 7.0) == preview_pose(steps, 1.0)
    assert preview_pose(steps, 6.0) == rest


def test_a_rep_of_one_duration_goes_up_and_down_again() -> None:
    steps = rep_steps(BRIDGES, [("rep", 4.0)])
    assert preview_pose(steps, 0.0) == BRIDGES.pose("rest")
    assert preview_pose(steps, 2.0) == BRIDGES.pose("top")  # the middle of the loop rest, top, rest
    assert preview_pose(steps, 3.999) != BRIDGES.pose("top")


def test_self_paced_reps_play_the_whole_rep_slowly() -> None:
    steps = exercise_steps(BRIDGES, Exercise(name="Bridges", reps=10))
    assert len(steps) == 1 and steps[0].part == "rep" and moves(steps)


def test_a_hold_moves_into_its_pose_stays_a_little_and_comes_back() -> None:
    steps = exercise_steps(KNEE, Exercise(name="Knee-to-chest stretches", hold=30.0, sides="each"))
    assert [s.part for s in steps] == ["into", "hold", "out", "rest"]
    assert steps[1].seconds == LONGEST_STILL_SECONDS  # 30 s is told in words, not waited for
    assert preview_pose(steps, 0.0) == KNEE.pose("rest")
    assert preview_pose(steps, INTO_HOLD_SECONDS) == KNEE.pose("stretch")
    assert preview_pose(steps, INTO_HOLD_SECONDS + LONGEST_STILL_SECONDS + INTO_HOLD_SECONDS) == KNEE.pose("rest")
    short = exercise_steps(KNEE, Exercise(name="Knee", hold=2.0))
    assert short[1].seconds == 2.0


def test_a_figure_with_one_pose_does_not_move() -> None:
    one = BRIDGES.__class__(name="Still", view="side", poses={"only": BRIDGES.pose("top")}, moves={},
                            hold="only")
    assert not moves(rep_steps(one, hold=20.0))
    assert not moves(rep_steps(one, [("up", 1.0), ("down", 1.0)]))


def test_a_part_too_short_to_see_is_stretched() -> None:
    steps = rep_steps(BRIDGES, [("up", 0.01), ("down", 0.01)])
    assert all(s.seconds == SHORTEST_PART_SECONDS for s in steps)
    assert preview_pose(steps, SHORTEST_PART_SECONDS) == BRIDGES.pose("top")


def test_the_telling_pose_is_the_held_one() -> None:
    assert telling_pose(BRIDGES) == BRIDGES.pose("top")
    assert telling_pose(KNEE) == KNEE.pose("stretch")


def test_exercise_steps_follow_the_tempo_of_the_exercise() -> None:
    exercise = Exercise(name="Bridges", reps=8, tempo=(TempoPart("up", 2.0), TempoPart("down", 2.0)))
    steps = exercise_steps(BRIDGES, exercise)
    assert [(s.part, s.seconds) for s in steps] == [("up", 2.0), ("down", 2.0)]
