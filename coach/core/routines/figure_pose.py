"""A figure's body in numbers: joint angles -> points (forward kinematics), easing between poses.

Angles are in degrees, measured as a person bends (0 = standing straight), seen from the figure's
left side with its front to the right (+x); y points up. ``torso`` alone is absolute: the direction
from the pelvis to the shoulders (90 = upright, 180 = lying on the back with the head to the left,
0 = on all fours with the head to the right). Everything else is relative to its parent:

- ``back``: rounding of the spine (+ rounds the back up like a cat, - arches it)
- ``neck``: chin toward the chest (+) or head back (-)
- ``*_shoulder``: the arm raised forward (+) or back (-) from hanging along the body
- ``*_elbow``, ``*_knee``: bent (0 = straight)
- ``*_hip``: the thigh raised forward (+) or back (-) from the line of the body
- ``*_ankle``: toes pointed (+) or pulled up (-)

``near_`` is the side facing the viewer (the left side, drawn darker), ``far_`` the other.
A pose may also ``lift`` a segment out of the drawing plane (degrees, toward the viewer): the
segment is drawn shorter, as one sees it foreshortened (knees rolled to one side, seen from above;
toes pointing at the viewer).
Nothing here knows about Qt: the GUI draws the points this module computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

#: Every joint a pose may set, with its allowed range (degrees) and its value when not given.
JOINTS: dict[str, tuple[float, float, float]] = {
    "torso": (-360.0, 360.0, 90.0),
    "back": (-60.0, 60.0, 0.0),
    "neck": (-70.0, 80.0, 0.0),
    "near_shoulder": (-90.0, 200.0, 0.0),
    "near_elbow": (0.0, 160.0, 0.0),
    "near_hip": (-60.0, 160.0, 0.0),
    "near_knee": (0.0, 165.0, 0.0),
    "near_ankle": (-40.0, 90.0, 0.0),
    "far_shoulder": (-90.0, 200.0, 0.0),
    "far_elbow": (0.0, 160.0, 0.0),
    "far_hip": (-60.0, 160.0, 0.0),
    "far_knee": (0.0, 165.0, 0.0),
    "far_ankle": (-40.0, 90.0, 0.0),
}

#: Segments a pose may lift out of the drawing plane.
SEGMENTS = ("near_upper_arm", "near_forearm", "near_thigh", "near_shin", "near_foot",
            "far_upper_arm", "far_forearm", "far_thigh", "far_shin", "far_foot")

#: Places a pose may point at with an arrow (the belly drawn in, the small of the back pressed down).
HIGHLIGHTS = ("belly", "lower_back", "pelvis", "near_knee", "far_knee")

#: Body measures in centimetres of an adult about 1.75 m tall.
LENGTH = {"back": 26.0, "neck": 9.0, "upper_arm": 30.0, "forearm": 28.0, "thigh": 44.0,
          "shin": 43.0, "foot": 17.0}
HEAD_RADIUS = 11.0
HAND_RADIUS = 5.0
#: Thickness of each part as drawn (the GUI rounds the ends); also what touches the mat.
THICKNESS = {"torso": 26.0, "neck": 10.0, "upper_arm": 11.0, "forearm": 9.0, "thigh": 16.0,
             "shin": 12.0, "foot": 8.0}
#: Half the width of the shoulders and of the hips, used only when seen from above or the front.
TOP_HALF_WIDTH = {"shoulder": 14.0, "hip": 9.0}
#: Seen from above or the front the chest is wider than it is deep from the side.
TOP_TORSO_WIDTH = 34.0
#: Seen from above, a part this many centimetres off the floor is drawn twice as thick: knees
#: bent up toward the ceiling look near, as they do from above.
NEARER = 90.0


@dataclass(frozen=True)
class Pose:
    """Joint angles (every joint of :data:`JOINTS`, in its order), lifts (every one of
    :data:`SEGMENTS`, in its order) and highlighted places: made by :meth:`of`, :func:`blend` and
    :meth:`mirrored_limbs`, which keep that order (:func:`body_of` reads the angles by place)."""

    angles: tuple[tuple[str, float], ...]
    lifts: tuple[tuple[str, float], ...] = ()
    highlight: tuple[str, ...] = ()

    @classmethod
    def of(cls, angles: dict[str, float] | None = None, lifts: dict[str, float] | None = None,
           highlight: tuple[str, ...] = ()) -> Pose:
        angles = angles or {}
        full = tuple((name, float(angles.get(name, default))) for name, (_lo, _hi, default) in JOINTS.items())
        lifted = tuple((name, float((lifts or {}).get(name, 0.0))) for name in SEGMENTS)
        return cls(full, lifted, tuple(highlight))

    def angle(self, name: str) -> float:
        return dict(self.angles)[name]

    def mirrored_limbs(self) -> Pose:
        """The same pose with the near and far limbs exchanged (the other leg does the work)."""
        def swap(name: str) -> str:
            if name.startswith("near_"):
                return "far_" + name[5:]
            if name.startswith("far_"):
                return "near_" + name[4:]
            return name
        highlight = tuple(swap(h) for h in self.highlight)
        return Pose(tuple(sorted(((swap(n), v) for n, v in self.angles), key=lambda nv: _ORDER[nv[0]])),
                    tuple(sorted(((swap(n), v) for n, v in self.lifts), key=lambda nv: _SEG_ORDER[nv[0]])),
                    highlight)


_ORDER = {name: i for i, name in enumerate(JOINTS)}
_SEG_ORDER = {name: i for i, name in enumerate(SEGMENTS)}


def ease(fraction: float) -> float:
    """Smooth start and end of a movement (0 -> 0, 1 -> 1, slope 0 at both ends)."""
    t = min(1.0, max(0.0, fraction))
    return t * t * (3.0 - 2.0 * t)


def blend(a: Pose, b: Pose, fraction: float) -> Pose:
    """The pose ``fraction`` (0..1, already eased) of the way from ``a`` to ``b``."""
    t = min(1.0, max(0.0, fraction))
    angles = tuple([(name, va + (vb - va) * t) for (name, va), (_n, vb) in zip(a.angles, b.angles)])
    if a.lifts == b.lifts:  # most movements lift nothing out of the plane
        lifts = a.lifts
    else:
        lifts = tuple([(name, va + (vb - va) * t) for (name, va), (_n, vb) in zip(a.lifts, b.lifts)])
    return Pose(angles, lifts, a.highlight if t < 0.5 else b.highlight)


def along(poses: tuple[Pose, ...], fraction: float) -> Pose:
    """The pose ``fraction`` of the way along a movement through ``poses`` (eased per stretch)."""
    if len(poses) == 1:
        return poses[0]
    t = min(1.0, max(0.0, fraction)) * (len(poses) - 1)
    index = min(int(t), len(poses) - 2)
    return blend(poses[index], poses[index + 1], ease(t - index))


class Segment(NamedTuple):
    """One drawn part: from ``start`` to ``end`` (a head or a hand is a dot: start == end).
    A named tuple: a moving figure makes some 26 of them 30 times a second."""

    part: str  # "torso", "thigh", "head", ...
    side: str  # "near", "far" or "" (the torso, neck and head)
    start: tuple[float, float]
    end: tuple[float, float]
    thickness: float


@dataclass(frozen=True)
class Body:
    """A pose turned into points, ready to draw; the mat is at ``floor`` (side view)."""

    segments: tuple[Segment, ...]
    joints: dict[str, tuple[float, float]]
    floor: float
    highlight: tuple[str, ...] = ()
    #: :meth:`bounds`, when already known (body_of computes it anyway).
    box: tuple[float, float, float, float] | None = field(default=None, compare=False, repr=False)

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of everything drawn, thickness included."""
        return self.box if self.box is not None else _bounds(self.segments)


def _bounds(segments) -> tuple[float, float, float, float]:  # noqa: ANN001 - Segments
    left = bottom = math.inf
    right = top = -math.inf
    for _part, _side, (x1, y1), (x2, y2), thickness in segments:
        r = thickness / 2
        if x1 > x2:
            x1, x2 = x2, x1
        if y1 > y2:
            y1, y2 = y2, y1
        if x1 - r < left:
            left = x1 - r
        if x2 + r > right:
            right = x2 + r
        if y1 - r < bottom:
            bottom = y1 - r
        if y2 + r > top:
            top = y2 + r
    return left, bottom, right, top


_RADIANS = math.pi / 180.0  # what math.radians multiplies by


def _step(point: tuple[float, float], degrees: float, length: float, lift: float = 0.0) -> tuple[float, float]:
    rad = degrees * _RADIANS
    projected = length * math.cos(lift * _RADIANS) if lift else length
    return point[0] + projected * math.cos(rad), point[1] + projected * math.sin(rad)


def body_of(pose: Pose, view: str = "side", mirror: bool = False) -> Body:
    """Forward kinematics: where every part of ``pose`` is. ``view``: "side" (the left and right
    limbs one behind the other), "front" or "top" (the shoulders and hips apart: seen from the
    front, or from above). Seen from the side or the front the body rests on the mat (its lowest
    point touching it); ``mirror`` shows it from the other side.

    A moving figure computes a body 30 times a second: the angles are read in the order of
    :data:`JOINTS` (the order every Pose keeps), the parts made in drawing order (far limbs, the
    torso and head, near limbs), measured, and moved onto the mat in one pass."""
    angles, lifts = pose.angles, pose.lifts
    if len(angles) != _JOINT_COUNT or len(lifts) != _SEGMENT_COUNT:  # not every joint: the others' defaults
        full = Pose.of(dict(angles), dict(lifts), pose.highlight)
        angles, lifts = full.angles, full.lifts
    ((_, torso), (_, back), (_, neck), (_, near_shoulder), (_, near_elbow), (_, near_hip), (_, near_knee),
     (_, near_ankle), (_, far_shoulder), (_, far_elbow), (_, far_hip), (_, far_knee), (_, far_ankle)) = angles
    pelvis = (0.0, 0.0)
    lower_dir, upper_dir = torso + back / 2, torso - back / 2
    mid = _step(pelvis, lower_dir, LENGTH["back"])
    shoulders = _step(mid, upper_dir, LENGTH["back"])
    head_dir = upper_dir - neck
    neck_top = _step(shoulders, head_dir, LENGTH["neck"])
    head = _step(neck_top, head_dir, HEAD_RADIUS * 0.9)
    front = torso - 90.0  # where the belly faces
    joints = {"pelvis": pelvis, "mid": mid, "shoulders": shoulders, "head": head,
              # Arrows point at these from the front: the belly drawn in, the lower back pressed down.
              "belly": _step(_step(pelvis, lower_dir, LENGTH["back"] * 0.8), front, THICKNESS["torso"] / 2),
              "lower_back": _step(_step(pelvis, lower_dir, LENGTH["back"] * 0.35), front,
                                  THICKNESS["torso"] / 2),
              "front": _step(pelvis, front, 1.0)}
    sides = []  # (part, side, start, end, thickness) of each side's limbs: far, then near
    above = view == "top"
    for side, sign, bends, (_a, up_lift), (_b, fore_lift), (_c, thigh_lift), (_d, shin_lift), (_e, foot_lift) in (
            ("far", -1.0, (far_shoulder, far_elbow, far_hip, far_knee, far_ankle), *lifts[5:]),
            ("near", 1.0, (near_shoulder, near_elbow, near_hip, near_knee, near_ankle), *lifts[:5])):
        shoulder_bend, elbow_bend, hip_bend, knee_bend, ankle_bend = bends
        shoulder, hip = shoulders, pelvis
        if view in ("top", "front"):
            shoulder = _step(shoulders, torso - 90 * sign, TOP_HALF_WIDTH["shoulder"])
            hip = _step(pelvis, torso - 90 * sign, TOP_HALF_WIDTH["hip"])
        arm = torso + 180 + shoulder_bend
        elbow = _step(shoulder, arm, _UPPER_ARM, up_lift)
        hand = _step(elbow, arm + elbow_bend, _FOREARM, fore_lift)
        thigh = torso + 180 + hip_bend
        knee = _step(hip, thigh, _THIGH, thigh_lift)
        shin = thigh - knee_bend
        ankle = _step(knee, shin, _SHIN, shin_lift)
        toes = _step(ankle, shin + 90 - ankle_bend, _FOOT, foot_lift)
        names = _SIDE_JOINTS[side]
        joints[names[0]] = elbow
        joints[names[1]] = hand
        joints[names[2]] = knee
        joints[names[3]] = ankle
        joints[names[4]] = toes
        joints[names[5]] = hip
        joints[names[6]] = shoulder
        if not above:  # seen from the side or the front, each part is one segment of its thickness
            sides.append((
                ("thigh", side, hip, knee, _THICK_THIGH), ("shin", side, knee, ankle, _THICK_SHIN),
                ("foot", side, ankle, toes, _THICK_FOOT), ("upper_arm", side, shoulder, elbow, _THICK_UPPER_ARM),
                ("forearm", side, elbow, hand, _THICK_FOREARM), ("hand", side, hand, hand, _HAND)))
            continue
        # Heights off the floor (only a view from above draws them): a lift toward the viewer raises.
        rise = {name: length * math.sin(math.radians(lift)) for (name, length), lift in
                zip(_LIMB_LENGTHS, (up_lift, fore_lift, thigh_lift, shin_lift, foot_lift))}
        z_elbow = rise["upper_arm"]
        z_knee = rise["thigh"]
        z_ankle = z_knee + rise["shin"]
        sides.append((
            *_limb("thigh", side, hip, knee, 0.0, z_knee, True),
            *_limb("shin", side, knee, ankle, z_knee, z_ankle, True),
            *_limb("foot", side, ankle, toes, z_ankle, z_ankle + rise["foot"], True),
            *_limb("upper_arm", side, shoulder, elbow, 0.0, z_elbow, True),
            *_limb("forearm", side, elbow, hand, z_elbow, z_elbow + rise["forearm"], True),
            ("hand", side, hand, hand, _HAND)))
    torso_width = THICKNESS["torso"] if view == "side" else TOP_TORSO_WIDTH
    # In drawing order: far limbs first (behind), then the torso and head, then the near limbs.
    parts = (*sides[0],
             ("torso", "", pelvis, mid, torso_width),
             ("torso", "", mid, shoulders, torso_width),
             ("neck", "", shoulders, neck_top, _THICK_NECK),
             ("head", "", head, head, _HEAD),
             *sides[1])
    box = _bounds(parts)
    # Seen from the side or the front the body rests on the mat: its lowest point at 0. Mirrored
    # and moved in one pass.
    shift, floor = (box[1], 0.0) if view in ("side", "front") else (0.0, box[1])
    if mirror or shift:
        sx = -1.0 if mirror else 1.0
        segments = tuple([_SEGMENT(Segment, (part, side, (sx * x1, y1 - shift), (sx * x2, y2 - shift), thickness))
                          for part, side, (x1, y1), (x2, y2), thickness in parts])
        joints = {name: (sx * x, y - shift) for name, (x, y) in joints.items()}
        left, bottom, right, top = box
        box = (-right if mirror else left), bottom - shift, (-left if mirror else right), top - shift
    else:
        segments = tuple([_SEGMENT(Segment, part) for part in parts])
    return Body(segments, joints, floor, pose.highlight, box)


_JOINT_COUNT, _SEGMENT_COUNT = len(JOINTS), len(SEGMENTS)
#: The names of a side's joints, made once (not 30 times a second).
_SIDE_JOINTS = {side: tuple(f"{side}_{name}" for name in ("elbow", "hand", "knee", "ankle", "toes", "hip", "shoulder"))
                for side in ("far", "near")}
_LIMB_LENGTHS = (("upper_arm", LENGTH["upper_arm"]), ("forearm", LENGTH["forearm"]), ("thigh", LENGTH["thigh"]),
                 ("shin", LENGTH["shin"]), ("foot", LENGTH["foot"]))
_SEGMENT = tuple.__new__  # a Segment from its five fields, without the named tuple's own __new__
_UPPER_ARM, _FOREARM, _THIGH, _SHIN, _FOOT = (LENGTH[n] for n in ("upper_arm", "forearm", "thigh", "shin", "foot"))
_THICK_THIGH, _THICK_SHIN, _THICK_FOOT, _THICK_UPPER_ARM, _THICK_FOREARM, _THICK_NECK = (
    THICKNESS[n] for n in ("thigh", "shin", "foot", "upper_arm", "forearm", "neck"))
_HAND, _HEAD = HAND_RADIUS * 2, HEAD_RADIUS * 2


def _limb(part: str, side: str, start: tuple[float, float], end: tuple[float, float], z_start: float,
          z_end: float, nearer: bool) -> list[Segment]:
    """A limb's part; seen from above, one raised toward the viewer is drawn thicker at its
    raised end (two halves: a knee bent up toward the ceiling looks near)."""
    thickness = THICKNESS[part]
    if not nearer or z_start == z_end:
        return [Segment(part, side, start, end, thickness)]
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)

    def at(z: float) -> float:
        return thickness * (1.0 + max(0.0, z) / NEARER)

    return [Segment(part, side, start, middle, at(z_start * 0.75 + z_end * 0.25)),
            Segment(part, side, middle, end, at(z_start * 0.25 + z_end * 0.75))]


def largest_move(a: Body, b: Body) -> float:
    """How far (cm) the drawing moved from ``a`` to ``b``: the largest distance between the same
    end of the same part (a change of thickness counts as its half, the edge's move); infinite
    when they differ in parts or highlights (not two moments of one movement)."""
    if a.highlight != b.highlight or len(a.segments) != len(b.segments):
        return math.inf
    largest = 0.0
    for (part_a, _sa, (ax1, ay1), (ax2, ay2), thick_a), (part_b, _sb, (bx1, by1), (bx2, by2), thick_b) \
            in zip(a.segments, b.segments):
        if part_a != part_b:
            return math.inf
        dx, dy = bx1 - ax1, by1 - ay1
        moved = dx * dx + dy * dy
        dx, dy = bx2 - ax2, by2 - ay2
        end = dx * dx + dy * dy
        if end > moved:
            moved = end
        grown = (thick_b - thick_a) / 2
        if grown * grown > moved:
            moved = grown * grown
        if moved > largest:
            largest = moved
    return math.sqrt(largest)
