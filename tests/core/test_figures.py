"""Figures: the file format's problems at their line and column, the kinematics, the easing between
poses, and that every built-in exercise has a figure that loads."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.core.routines.figure_format import LOOP_SECONDS, load_figure_text, pose_at
from coach.core.routines.figure_library import FigureLibrary, builtin_figures_dir, figure_name
from coach.core.routines.figure_pose import (
    JOINTS, LENGTH, Body, Pose, Segment, along, blend, body_of, ease, largest_move,
)
from coach.core.files.paths import builtin_routines_dir

BRIDGE = """\
name: Bridges
poses:
  rest: {torso: 180, near_hip: 45, near_knee: 115, far_hip: 45, far_knee: 115}
  top: {torso: 200, near_hip: 0, near_knee: 90, far_hip: 0, far_knee: 90}
moves:
  up: rest -> top
  hold: top
  down: top -> rest
  pause: rest
"""


def load(text: str):
    return load_figure_text(text, "f.yaml")


def messages(text: str) -> list[str]:
    return [str(p) for p in load(text)[1]]


# --- the format -------------------------------------------------------------------------------

def test_a_figure_loads_with_its_poses_and_moves() -> None:
    figure, problems = load(BRIDGE)
    assert problems == []
    assert list(figure.poses) == ["rest", "top"]
    assert figure.moves["up"] == ("rest", "top")
    assert figure.hold == "top" and figure.view == "side" and figure.sides == "mirror"
    assert figure.start == "rest"
    assert figure.moving("up") and figure.moving("down") and not figure.moving("hold")


def test_moves_default_to_up_and_back_between_the_first_two_poses() -> None:
    figure, _ = load("poses:\n  a: {torso: 180}\n  b: {torso: 190}\n")
    assert figure.moves["up"] == ("a", "b") and figure.moves["down"] == ("b", "a")
    assert figure.moves["pause"] == ("a",) and figure.hold == "b"


def test_a_single_pose_stands_still_in_every_part() -> None:
    figure, _ = load("poses:\n  only: {torso: 90}\n")
    assert not any(figure.moving(p) for p in ("up", "hold", "down", "pause", "rep"))
    assert figure.hold == "only"


@pytest.mark.parametrize(("text", "expected"), [
    ("poses:\n  rest: {torso: 180, near_knee: 200}\n",
     "f.yaml:2:33: error: 'near_knee' in 'rest' must be a number of degrees from 0 to 165, got 200 "
     "(outside what the joint can do)"),
    ("poses:\n  rest: {torso: 180, near_kne: 20}\n",
     "f.yaml:2:22: error: unknown joint 'near_kne' in 'rest'; did you mean 'near_knee'?"),
    ("poses:\n  rest: {torso: ten}\n",
     "f.yaml:2:17: error: 'torso' in 'rest' must be a number of degrees from -360 to 360, got 'ten'"),
    ("poses:\n  rest: {torso: 180}\nmoves:\n  up: rest -> tpo\n",
     "f.yaml:4:7: error: 'up' moves through the pose 'tpo', which is not among the poses (rest)"),
    ("poses:\n  rest: {torso: 180}\nmoves:\n  upp: rest\n",
     "f.yaml:4:3: error: unknown tempo part 'upp' in 'moves'; did you mean 'up'?"),
    ("poses:\n  rest: {torso: 180}\nview: sideways\n",
     "f.yaml:3:7: error: 'view' must be 'side' or 'front' or 'top', got 'sideways'; did you mean 'side'?"),
    ("poses:\n  rest: {torso: 180}\nhold: top\n",
     "f.yaml:3:7: error: 'hold' names the pose 'top', which is not among the poses (rest)"),
    ("poses:\n  Rest Pose: {torso: 180}\n",
     "f.yaml:2:3: error: a pose name must be a short word of lowercase letters, digits and '_' "
     "(like 'rest' or 'top'), got 'Rest Pose'"),
    ("name: x\n", "f.yaml:1:1: error: a figure needs 'poses' (the named poses as joint angles in "
                  "degrees; the first is the start)"),
    ("poses:\n  rest: {highlight: [nose]}\n",
     "f.yaml:2:22: error: 'highlight' in 'rest' must be 'belly' or 'lower_back' or 'pelvis' or 'near_knee' or "
     "'far_knee', got 'nose'"),
    ("- a\n", "f.yaml:1:1: error: a figure file must be a mapping of 'key: value' lines "
              "(poses:, moves: ...), got a list"),
])
def test_mistakes_are_reported_at_their_line_and_column(text: str, expected: str) -> None:
    figure, problems = load(text)
    assert figure is None
    assert expected in [str(p) for p in problems]


def test_nothing_in_a_figure_file_runs_code() -> None:
    figure, problems = load("poses: !!python/object/apply:os.system ['true']\n")
    assert figure is None
    assert "never runs anything from a file" in str(problems[0])


@given(st.text(max_size=300))
def test_any_text_gives_a_figure_or_problems_never_a_traceback(text: str) -> None:
    figure, problems = load(text)
    assert (figure is None) == any(p.is_error for p in problems)


_angles = st.fixed_dictionaries({}, optional={
    name: st.one_of(st.floats(lo, hi, allow_nan=False), st.floats(-1000, 1000, allow_nan=False),
                    st.text(max_size=5))
    for name, (lo, hi, _d) in JOINTS.items()})


@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True), _angles, min_size=1, max_size=4))
def test_random_poses_load_exactly_when_every_angle_is_in_range(poses: dict) -> None:
    import yaml

    text = yaml.safe_dump({"poses": poses})
    figure, problems = load(text)
    valid = all(isinstance(v, float) and JOINTS[k][0] <= v <= JOINTS[k][1]
                for pose in poses.values() for k, v in pose.items())
    assert (figure is not None) == valid, problems


# --- kinematics and motion ---------------------------------------------------------------------

def test_standing_straight_puts_the_head_above_the_feet() -> None:
    body = body_of(Pose.of({"torso": 90}))
    head, toes = body.joints["head"], body.joints["near_ankle"]
    assert head[1] > toes[1] + 150
    assert math.isclose(head[0], 0.0, abs_tol=1e-9)
    assert body.bounds()[1] == pytest.approx(0.0)  # the lowest point rests on the mat


def test_the_bridge_lifts_the_hips_and_halfway_is_between() -> None:
    figure, _ = load(BRIDGE)
    hip = lambda pose: body_of(pose).joints["pelvis"][1]  # noqa: E731
    rest, top = hip(figure.pose("rest")), hip(figure.pose("top"))
    assert top > rest + 10
    middle = hip(pose_at(figure, "rep", "up", 0.5))
    assert rest < middle < top


def test_part_boundaries_are_exactly_the_poses() -> None:
    figure, _ = load(BRIDGE)
    assert pose_at(figure, "rep", "up", 0.0) == figure.pose("rest")
    assert pose_at(figure, "rep", "up", 1.0) == figure.pose("top")
    assert pose_at(figure, "rep", "down", 0.0) == figure.pose("top")
    assert pose_at(figure, "rep", "down", 1.0) == figure.pose("rest")
    assert pose_at(figure, "rep", "hold", 0.3) == figure.pose("top")
    assert pose_at(figure, "rep", "pause", 0.7) == figure.pose("rest")
    assert pose_at(figure, "hold", None, 0.5) == figure.pose("top")
    assert pose_at(figure, "rest", None, 0.5) == figure.pose("rest")  # the start pose
    # Out of range fractions stay at the ends.
    assert pose_at(figure, "rep", "up", 1.5) == figure.pose("top")
    assert pose_at(figure, "rep", "up", -1) == figure.pose("rest")


def test_a_set_at_ones_own_pace_loops_slowly() -> None:
    figure, _ = load(BRIDGE)
    assert pose_at(figure, "self_paced", None, 0, elapsed=0) == figure.pose("rest")
    assert pose_at(figure, "self_paced", None, 0, elapsed=LOOP_SECONDS / 2) == figure.pose("top")
    assert pose_at(figure, "self_paced", None, 0, elapsed=LOOP_SECONDS) == figure.pose("rest")


def test_easing_is_slow_at_both_ends() -> None:
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)
    assert ease(0.05) < 0.05 and ease(0.95) > 0.95


@given(st.floats(0, 1))
def test_blend_stays_between_the_two_poses(t: float) -> None:
    a, b = Pose.of({"torso": 180, "near_hip": 10}), Pose.of({"torso": 200, "near_hip": 90})
    mixed = blend(a, b, t)
    assert 180 <= mixed.angle("torso") <= 200 and 10 <= mixed.angle("near_hip") <= 90
    assert along((a, b), t) == blend(a, b, ease(t))


def test_mirroring_maps_left_to_right() -> None:
    pose = Pose.of({"torso": 180, "near_hip": 90})
    body, mirrored = body_of(pose), body_of(pose, mirror=True)
    for name, (x, y) in body.joints.items():
        assert mirrored.joints[name] == pytest.approx((-x, y))


def test_swapping_the_limbs_moves_the_other_leg() -> None:
    pose = Pose.of({"near_hip": 90, "far_hip": 10, "near_knee": 5}, highlight=("near_knee",))
    swapped = pose.mirrored_limbs()
    assert swapped.angle("far_hip") == 90 and swapped.angle("near_hip") == 10
    assert swapped.angle("far_knee") == 5 and swapped.highlight == ("far_knee",)


def test_largest_move_is_the_farthest_any_drawn_end_went() -> None:
    """What the window compares with a pixel to skip a frame that would look the same."""
    standing = body_of(Pose.of({"torso": 90}))
    bent = body_of(Pose.of({"torso": 90, "near_elbow": 10}))  # only the near hand moves, on its forearm
    assert largest_move(standing, standing) == 0.0
    assert largest_move(standing, bent) == pytest.approx(2 * LENGTH["forearm"] * math.sin(math.radians(5)))
    assert largest_move(bent, standing) == largest_move(standing, bent)
    # Seen from above a knee raised toward the viewer is drawn thicker: its edge moves too.
    flat = body_of(Pose.of({"torso": 180}), "top")
    assert largest_move(flat, body_of(Pose.of({"torso": 180}, highlight=("belly",)), "top")) == math.inf
    raised = body_of(Pose.of({"torso": 180}, lifts={"near_thigh": 1}), "top")
    assert len(raised.segments) != len(flat.segments) and largest_move(flat, raised) == math.inf
    # A part drawn thicker in place: its edge moves by half the difference.
    head = lambda thickness: Body((Segment("head", "", (0.0, 0.0), (0.0, 0.0), thickness),), {}, 0.0)  # noqa: E731
    assert largest_move(head(10.0), head(14.0)) == 2.0


# --- the built-in figures ----------------------------------------------------------------------

FAQ_EXERCISES = ["Bridges", "Knee-to-chest stretches", "Lower back rotational stretches",
                 "Draw-in maneuvers", "Pelvic tilts", "Lying lateral leg lifts", "Cat stretches",
                 "Supermans", "Leg lowers"]


@pytest.mark.parametrize("path", sorted(builtin_figures_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_figure_file_loads_without_a_problem(path) -> None:
    library = FigureLibrary()
    assert library.get(path.stem) is not None, library.problems.get(path.stem)
    assert library.problems.get(path.stem) is None


def test_every_built_in_exercise_and_every_faq_exercise_has_a_figure() -> None:
    library = FigureLibrary()
    from coach.core.routines.routine_format import load_routine_file

    names = set(FAQ_EXERCISES)
    for path in sorted(builtin_routines_dir().glob("*.yaml")):
        routine, _problems = load_routine_file(path)
        names |= {ex.name for ex in routine.exercises}
    assert len(names) >= 9
    missing = [n for n in sorted(names) if library.get(n) is None]
    assert missing == []


def test_figure_names_come_from_exercise_names() -> None:
    assert figure_name("Knee-to-chest stretches") == "knee-to-chest-stretches"
    assert figure_name("  Lying lateral leg lifts! ") == "lying-lateral-leg-lifts"


def test_a_users_figure_wins_and_a_broken_one_is_none_with_its_problems(tmp_path) -> None:
    (tmp_path / "bridges.yaml").write_text("poses:\n  rest: {torso: 999}\n")
    (tmp_path / "my-stretch.yaml").write_text("poses:\n  rest: {torso: 90}\n")
    library = FigureLibrary(user_dir=tmp_path)
    assert library.get("Bridges") is None
    assert "bridges.yaml:2:17" in str(library.problems["bridges"][0])
    assert library.get("My stretch") is not None
    assert "my-stretch" in library.names() and "supermans" in library.names()


def test_coach_validate_checks_the_figures_too(capsys, data_dir) -> None:
    from coach.cli import main

    folder = data_dir / "figures"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("poses:\n  rest: {torso: 180, near_knee: -5}\n")
    assert main(["validate"]) == 1
    out = capsys.readouterr()
    assert "mine.yaml:2:33: error: 'near_knee' in 'rest' must be a number of degrees from 0 to 165" in out.out
    assert main(["validate", str(folder / "mine.yaml")]) == 1
    (folder / "mine.yaml").write_text("poses:\n  rest: {torso: 180}\n")
    assert main(["validate"]) == 0


def test_an_exercise_can_name_its_figure_and_the_name_is_written_back() -> None:
    from coach.core.routines.routine_format import load_routine_text
    from coach.core.routines.routine_writer import routine_to_yaml

    text = "name: R\nexercises:\n  - name: My hip lift\n    reps: 5\n    figure: bridges\n"
    routine, problems = load_routine_text(text, "r.yaml")
    assert problems == []
    exercise = routine.exercises[0]
    assert exercise.figure == "bridges"
    assert FigureLibrary().for_exercise(exercise).name == "Bridges"
    again, _ = load_routine_text(routine_to_yaml(routine), "r.yaml")
    assert again.exercises[0].figure == "bridges"
    _, problems = load_routine_text(text.replace("figure: bridges", "figure: Big Bridge"), "r.yaml")
    assert "r.yaml:5:13: error: 'figure' must be an id" in str(problems[0])


# --- what each built-in figure shows (the instructions, in numbers) ----------------------------

def built_in(name: str):
    figure = FigureLibrary().get(name)
    assert figure is not None
    return figure


def joints_of(figure, pose_name: str, mirror: bool = False) -> dict:
    return body_of(figure.pose(pose_name), figure.view, mirror).joints


def distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def test_knee_to_chest_both_hands_hold_the_knee_drawn_toward_the_chest() -> None:
    figure = built_in("knee-to-chest-stretches")
    rest, stretch = joints_of(figure, "rest"), joints_of(figure, "stretch")
    for side in ("near", "far"):  # both hands at the knee (a hand is 10 cm across)
        assert distance(stretch[f"{side}_hand"], stretch["near_knee"]) < 10
        assert distance(rest[f"{side}_hand"], rest["near_knee"]) > 30
    # The knee comes toward the chest: past the hips toward the head, nearer the shoulders.
    assert stretch["near_knee"][0] < stretch["pelvis"][0] - 10
    assert distance(stretch["near_knee"], stretch["shoulders"]) < distance(rest["near_knee"], rest["shoulders"]) - 15
    # The other foot stays flat on the floor where it was.
    assert stretch["far_ankle"] == pytest.approx(rest["far_ankle"])
    assert stretch["far_toes"][1] == pytest.approx(stretch["far_ankle"][1], abs=1)
    # The arm is a line of its own from the shoulder to the knee, not hidden along the thigh.
    elbow = stretch["near_elbow"]
    assert elbow[1] > stretch["shoulders"][1] + 13  # above the chest
    assert elbow[0] < stretch["near_knee"][0]  # on the head's side of the knee


def test_lying_lateral_leg_lift_lies_on_its_side_and_lifts_the_top_foot() -> None:
    figure = built_in("lying-lateral-leg-lifts")
    assert figure.view == "front"
    rest, top = joints_of(figure, "rest"), joints_of(figure, "lifted")
    # Lying: head and feet at one height, the body along the floor.
    assert abs(rest["head"][1] - rest["pelvis"][1]) < 5 and abs(rest["near_ankle"][0] - rest["head"][0]) > 150
    # On the side, legs stacked: the top leg rests on the lower one.
    assert rest["near_ankle"][1] == pytest.approx(rest["far_ankle"][1] + 18, abs=2)
    assert rest["near_ankle"][0] == pytest.approx(rest["far_ankle"][0], abs=1)
    # The top foot is higher at `lifted` than at `rest` (a little way: 20-35 degrees), the lower leg stays.
    leg = LENGTH["thigh"] + LENGTH["shin"]
    assert leg * math.sin(math.radians(20)) < top["near_ankle"][1] - rest["near_ankle"][1] < leg * math.sin(math.radians(35))
    assert top["far_ankle"] == pytest.approx(rest["far_ankle"])
    # The head rests on the lower arm, which lies along the floor beyond it.
    assert rest["far_hand"][0] < rest["head"][0] - 20
    body = body_of(figure.pose("rest"), "front")
    arm = [s for s in body.segments if s.part == "upper_arm" and s.side == "far"][0]
    assert body.joints["head"][1] - 11 <= arm.start[1] + arm.thickness / 2 + 1
    # Toes point forward, at the viewer: the feet are seen end on.
    assert distance(rest["near_toes"], rest["near_ankle"]) < 4


def test_lower_back_rotational_stretch_starts_with_the_knees_up_and_rolls_both_to_one_side() -> None:
    figure = built_in("lower-back-rotational-stretches")
    assert figure.view == "top"
    rest, rolled = joints_of(figure, "rest"), joints_of(figure, "rolled")
    # Arms out to the sides, shoulders flat: the hands far apart in both poses.
    for joints in (rest, rolled):
        assert joints["near_hand"][0] - joints["far_hand"][0] > 140
    # Start: knees together in the middle, bent up toward the ceiling (drawn nearer: thicker).
    assert abs(rest["near_knee"][0] + rest["far_knee"][0]) < 1 and rest["near_knee"][0] - rest["far_knee"][0] < 20
    body = body_of(figure.pose("rest"), "top")
    thigh = [s for s in body.segments if s.part == "thigh" and s.side == "near"]
    assert thigh[-1].thickness > thigh[0].thickness * 1.15
    # Rolled: both knees well to one side of the hips, the feet near the middle.
    for side in ("near", "far"):
        assert rolled[f"{side}_knee"][0] > rolled["near_hip"][0] + 5
        assert abs(rolled[f"{side}_ankle"][0]) < 25
    # The right side rolls the other way.
    mirrored = joints_of(figure, "rolled", mirror=True)
    assert mirrored["near_knee"][0] < -5 and mirrored["far_knee"][0] < -5


def test_a_foot_can_point_at_the_viewer() -> None:
    figure, problems = load("poses:\n  rest: {torso: 180, lift: {near_foot: 90, far_foot: 0}}\n")
    assert problems == []
    joints = body_of(figure.pose("rest")).joints
    assert distance(joints["near_toes"], joints["near_ankle"]) == pytest.approx(0, abs=1e-9)
    assert distance(joints["far_toes"], joints["far_ankle"]) == pytest.approx(17)
    assert "f.yaml:2:29: error: unknown segment 'near_toe' in 'rest.lift'; did you mean 'near_foot'?" in messages(
        "poses:\n  rest: {torso: 180, lift: {near_toe: 90}}\n")[0]


def direction(a, b) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def test_bridges_lift_the_hips_into_a_line_with_knees_and_shoulders_feet_flat_and_still() -> None:
    figure = built_in("bridges")
    rest, top = joints_of(figure, "rest"), joints_of(figure, "top")
    assert top["pelvis"][1] > rest["pelvis"][1] + 12
    # At the top knees, hips and shoulders are in one line (not higher: no arched back).
    assert direction(top["shoulders"], top["pelvis"]) == pytest.approx(direction(top["pelvis"], top["near_knee"]), abs=2)
    for joints in (rest, top):
        # Feet flat on the floor, knees bent.
        assert joints["near_toes"][1] == pytest.approx(joints["near_ankle"][1], abs=0.5) == pytest.approx(6, abs=0.5)
        bend = direction(joints["near_knee"], joints["pelvis"]) - direction(joints["near_knee"], joints["near_ankle"])
        assert 60 < abs(bend) % 360 < 120
    # The feet do not slide: as far from the shoulders at the top as at rest; arms stay on the floor.
    assert top["near_ankle"][0] - top["shoulders"][0] == pytest.approx(rest["near_ankle"][0] - rest["shoulders"][0], abs=1)
    assert top["near_hand"][1] < 8


def test_supermans_lift_arms_and_legs_together_a_little_with_the_neck_long() -> None:
    figure = built_in("supermans")
    rest, lifted = joints_of(figure, "rest"), joints_of(figure, "lifted")
    assert rest["front"][1] < rest["pelvis"][1]  # face down
    for part in ("near_hand", "far_hand", "near_ankle", "far_ankle"):
        assert rest[part][1] < 12  # along the floor
        assert 8 < lifted[part][1] - rest[part][1] < 25  # lifted a little, all four together
    assert abs(lifted["head"][1] - lifted["shoulders"][1]) < 5  # eyes on the floor, not looking up


def test_leg_lowers_start_with_the_legs_up_and_point_at_the_belly_clear_of_the_legs() -> None:
    figure = built_in("leg-lowers")
    assert figure.start == "up" and figure.moves["down"] == ("up", "low")
    up, low = joints_of(figure, "up"), joints_of(figure, "low")
    assert up["near_ankle"][1] > up["pelvis"][1] + 70  # toward the ceiling
    assert up["pelvis"][1] + 15 < low["near_ankle"][1] < up["near_ankle"][1] - 40
    for name in figure.poses:
        pose = figure.pose(name)
        assert pose.highlight == ("belly",)
        for mirror in (False, True):  # the arrow, from above the belly, misses the thighs
            joints = body_of(pose, "side", mirror).joints
            assert abs(joints["belly"][0] - joints["near_knee"][0]) > 15
            assert abs(joints["belly"][0] - joints["pelvis"][0]) > 15


def test_draw_in_stays_still_and_shows_the_belly_drawn_in_while_held() -> None:
    figure = built_in("draw-in-maneuvers")
    rest, drawn = figure.pose("rest"), figure.pose("drawn_in")
    assert rest.angles == drawn.angles  # the back does not move
    assert rest.highlight == () and drawn.highlight == ("belly",)
    assert pose_at(figure, "rep", "hold", 0.5).highlight == ("belly",)
    assert pose_at(figure, "rep", "pause", 0.5).highlight == ()


def test_pelvic_tilt_flattens_the_small_of_the_back() -> None:
    figure = built_in("pelvic-tilts")
    rest, tilted = figure.pose("rest"), figure.pose("tilted")
    assert rest.angle("back") < -10 and abs(tilted.angle("back")) < 5
    assert tilted.highlight == ("lower_back",)
    for pose in (rest, tilted):  # knees bent, feet flat
        joints = body_of(pose).joints
        assert joints["near_knee"][1] > 30 and joints["near_toes"][1] == pytest.approx(joints["near_ankle"][1], abs=1)


def test_cat_stretch_rounds_the_back_up_with_the_head_down_then_sinks_with_the_head_up() -> None:
    figure = built_in("cat-stretches")
    rest, rounded, sunk = (joints_of(figure, n) for n in ("rest", "round", "sink"))
    assert rounded["mid"][1] > rest["mid"][1] + 5 > sunk["mid"][1] + 5
    assert rounded["head"][1] < rest["head"][1] < sunk["head"][1]
    for joints in (rest, rounded, sunk):  # on hands and knees: hands under shoulders, knees under hips
        assert joints["near_hand"][0] == pytest.approx(joints["shoulders"][0], abs=6)
        assert joints["near_knee"][0] == pytest.approx(joints["pelvis"][0], abs=3)
        assert joints["near_hand"][1] < 8 and joints["near_knee"][1] < 10
        # Hands and knees stay where they are on the floor while the back moves.
        assert joints["near_hand"][0] - joints["near_knee"][0] == pytest.approx(rest["near_hand"][0] - rest["near_knee"][0], abs=0.5)


def test_pelvic_tilt_keeps_the_feet_where_they_were() -> None:
    figure = built_in("pelvic-tilts")
    rest, tilted = joints_of(figure, "rest"), joints_of(figure, "tilted")
    assert tilted["near_ankle"][0] - tilted["shoulders"][0] == pytest.approx(rest["near_ankle"][0] - rest["shoulders"][0], abs=1)


def test_every_exercise_done_on_each_side_shows_the_other_side_the_other_way_round() -> None:
    from coach.core.routines.routine_format import load_routine_file

    library, checked = FigureLibrary(), set()
    for path in sorted(builtin_routines_dir().glob("*.yaml")):
        routine, _problems = load_routine_file(path)
        for exercise in routine.exercises:
            if exercise.sides != "each" or exercise.name in checked:
                continue
            checked.add(exercise.name)
            figure = library.for_exercise(exercise)
            pose = figure.pose(figure.hold)
            left = body_of(pose, figure.view).joints
            if figure.sides == "swap":  # the other limbs do the work, seen from the same side
                right = body_of(pose.mirrored_limbs(), figure.view).joints
                assert right["far_knee"] == pytest.approx(left["near_knee"])
            else:  # seen from the other side: the picture mirrored, the working limb still in front
                right = body_of(pose, figure.view, mirror=True).joints
                assert right["near_knee"] == pytest.approx((-left["near_knee"][0], left["near_knee"][1]))
                assert left["near_knee"] != pytest.approx(right["near_knee"])
    assert checked == {"Knee-to-chest stretches", "Lower back rotational stretches", "Lying lateral leg lifts"}
