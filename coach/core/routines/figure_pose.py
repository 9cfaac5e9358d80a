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
    """Joint angles (every joint of :data:`JOINTS`), lifts and highlighted places."""

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
    angles = tuple((name, va + (vb - va) * t) for (name, va), (_n, vb) in zip(a.angles, b.angles))
    lifts = tuple((name, va + (vb - va) * t) for (name, va), (_n, vb) in zip(a.lifts, b.lifts))
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
    xs: list[float] = []
    ys: list[float] = []
    for _part, _side, (x1, y1), (x2, y2), thickness in segments:
        r = thickness / 2
        xs += (x1 - r, x1 + r, x2 - r, x2 + r)
        ys += (y1 - r, y1 + r, y2 - r, y2 + r)
    return min(xs), min(ys), max(xs), max(ys)


_RADIANS = math.pi / 180.0  # what math.radians multiplies by


def _step(point: tuple[float, float], degrees: float, length: float, lift: float = 0.0) -> tuple[float, float]:
    rad = degrees * _RADIANS
    projected = length * math.cos(lift * _RADIANS) if lift else length
    return point[0] + projected * math.cos(rad), point[1] + projected * math.sin(rad)


def body_of(pose: Pose, view: str = "side", mirror: bool = False) -> Body:
    """Forward kinematics: where every part of ``pose`` is. ``view``: "side" (the left and right
    limbs one behind the other), "front" or "top" (the shoulders and hips apart: seen from the
    front, or from above). Seen from the side or the front the body rests on the mat (its lowest
    point touching it); ``mirror`` shows it from the other side."""
    a = dict(pose.angles)
    lift = dict(pose.lifts)
    torso, back = a["torso"], a["back"]
    pelvis = (0.0, 0.0)
    lower_dir, upper_dir = torso + back / 2, torso - back / 2
    mid = _step(pelvis, lower_dir, LENGTH["back"])
    shoulders = _step(mid, upper_dir, LENGTH["back"])
    head_dir = upper_dir - a["neck"]
    neck_top = _step(shoulders, head_dir, LENGTH["neck"])
    head = _step(neck_top, head_dir, HEAD_RADIUS * 0.9)
    front = torso - 90.0  # where the belly faces
    joints = {"pelvis": pelvis, "mid": mid, "shoulders": shoulders, "head": head,
              # Arrows point at these from the front: the belly drawn in, the lower back pressed down.
              "belly": _step(_step(pelvis, lower_dir, LENGTH["back"] * 0.8), front, THICKNESS["torso"] / 2),
              "lower_back": _step(_step(pelvis, lower_dir, LENGTH["back"] * 0.35), front,
                                  THICKNESS["torso"] / 2),
              "front": _step(pelvis, front, 1.0)}
    segments: list[Segment] = []
    for side, sign in (("far", -1.0), ("near", 1.0)):
        shoulder, hip = shoulders, pelvis
        if view in ("top", "front"):
            shoulder = _step(shoulders, torso - 90 * sign, TOP_HALF_WIDTH["shoulder"])
            hip = _step(pelvis, torso - 90 * sign, TOP_HALF_WIDTH["hip"])
        arm = torso + 180 + a[f"{side}_shoulder"]
        elbow = _step(shoulder, arm, LENGTH["upper_arm"], lift[f"{side}_upper_arm"])
        fore = arm + a[f"{side}_elbow"]
        hand = _step(elbow, fore, LENGTH["forearm"], lift[f"{side}_forearm"])
        thigh = torso + 180 + a[f"{side}_hip"]
        knee = _step(hip, thigh, LENGTH["thigh"], lift[f"{side}_thigh"])
        shin = thigh - a[f"{side}_knee"]
        ankle = _step(knee, shin, LENGTH["shin"], lift[f"{side}_shin"])
        foot_dir = shin + 90 - a[f"{side}_ankle"]
        toes = _step(ankle, foot_dir, LENGTH["foot"], lift[f"{side}_foot"])
        joints.update({f"{side}_elbow": elbow, f"{side}_hand": hand, f"{side}_knee": knee,
                       f"{side}_ankle": ankle, f"{side}_toes": toes, f"{side}_hip": hip,
                       f"{side}_shoulder": shoulder})
        # Heights off the floor (only a view from above draws them): a lift toward the viewer raises.
        rise = {name: length * math.sin(math.radians(lift[f"{side}_{name}"]))
                for name, length in (("upper_arm", LENGTH["upper_arm"]), ("forearm", LENGTH["forearm"]),
                                     ("thigh", LENGTH["thigh"]), ("shin", LENGTH["shin"]),
                                     ("foot", LENGTH["foot"]))}
        z_elbow = rise["upper_arm"]
        z_knee = rise["thigh"]
        z_ankle = z_knee + rise["shin"]
        near = view == "top"
        segments += [
            *_limb("thigh", side, hip, knee, 0.0, z_knee, near),
            *_limb("shin", side, knee, ankle, z_knee, z_ankle, near),
            *_limb("foot", side, ankle, toes, z_ankle, z_ankle + rise["foot"], near),
            *_limb("upper_arm", side, shoulder, elbow, 0.0, z_elbow, near),
            *_limb("forearm", side, elbow, hand, z_elbow, z_elbow + rise["forearm"], near),
            Segment("hand", side, hand, hand, HAND_RADIUS * 2),
        ]
    torso_width = THICKNESS["torso"] if view == "side" else TOP_TORSO_WIDTH
    segments += [
        Segment("torso", "", pelvis, mid, torso_width),
        Segment("torso", "", mid, shoulders, torso_width),
        Segment("neck", "", shoulders, neck_top, THICKNESS["neck"]),
        Segment("head", "", head, head, HEAD_RADIUS * 2),
    ]
    segments = _draw_order(segments)
    box = _bounds(segments)
    # Seen from the side or the front the body rests on the mat: its lowest point at 0. Mirrored
    # and moved in one pass (a moving figure computes a body 30 times a second).
    shift, floor = (box[1], 0.0) if view in ("side", "front") else (0.0, box[1])
    if mirror or shift:
        sx = -1.0 if mirror else 1.0

        def move(p: tuple[float, float]) -> tuple[float, float]:
            return sx * p[0], p[1] - shift

        segments = [Segment(s.part, s.side, move(s.start), move(s.end), s.thickness) for s in segments]
        joints = {name: move(p) for name, p in joints.items()}
        left, bottom, right, top = box
        box = (-right if mirror else left), bottom - shift, (-left if mirror else right), top - shift
    return Body(tuple(segments), joints, floor, pose.highlight, box)


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


def _draw_order(segments: list[Segment]) -> list[Segment]:
    """Far limbs first (behind), then the torso and head, then the near limbs in front."""
    rank = {"far": 0, "": 1, "near": 2}
    return sorted(segments, key=lambda s: rank[s.side])

