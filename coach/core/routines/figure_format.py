"""The figure file format: named poses as joint angles, and which poses each tempo part moves between.

A figure file is plain YAML read like a routine (coach.core.files.yamlsource: nothing in it runs code,
every problem at its line and column)::

    name: Bridges
    view: side                 # or top: seen from above
    poses:
      rest: {torso: 180, near_hip: 60, near_knee: 110, ...}
      top:  {torso: 195, near_hip: 10, ...}
    moves:                     # optional; these are the defaults for poses 'rest' and 'top'
      up: rest -> top
      hold: top
      down: top -> rest
      pause: rest
    hold: top                  # the pose shown during a timed hold (default: the last pose)
    sides: mirror              # 'each' side: seen from the other side, or 'swap' the limbs

The first pose written is the start pose. Joints and their ranges: coach.core.routines.figure_pose.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach.core.routines.figure import LOOP_SECONDS, MOVE_PARTS, Figure, pose_at  # noqa: F401 - the model, importable here
from coach.core.routines.figure_pose import HIGHLIGHTS, JOINTS, SEGMENTS, Pose
from coach.core.files.problems import Problem
from coach.core.routines.routine import WHOLE_REP
from coach.core.routines.routine_types import BAD, Choice, Field, Fields, Text, Type, suggestion
from coach.core.files.yamlsource import YamlFile, describe_node, display_name, key_text, read_file, read_text, scalar_value

VIEWS = ("side", "front", "top")
SIDES = ("mirror", "swap")
MAX_POSES = 12
POSE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


# --- checking ----------------------------------------------------------------------------------

class _Angle(Type):
    """A number of degrees within a joint's range."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    @property
    def what(self) -> str:
        return f"a number of degrees from {self.low:g} to {self.high:g}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = None
        if isinstance(node, ScalarNode):
            try:
                value = scalar_value(node)
            except Exception:  # noqa: BLE001 - a tag that does not fit: reported below
                value = None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return self.fail(node, src, key)
        if not self.low <= value <= self.high:
            return self.fail(node, src, key, hint=" (outside what the joint can do)")
        return float(value)

    def schema(self) -> dict:
        return {"type": "number", "minimum": self.low, "maximum": self.high}


class _Mapping(Type):
    """A mapping of declared keys, each checked by its own type; returns {key: value}."""

    def __init__(self, name: str, types: dict[str, Type]) -> None:
        self.name, self.types = name, types

    what = "a mapping"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, MappingNode):
            return self.fail(node, src, key, f"a mapping of {self.name}")
        values: dict[str, object] = {}
        bad = False
        for key_node, value_node in node.value:
            name = key_text(key_node)
            if name not in self.types:
                shown = repr(name) if name is not None else describe_node(key_node)
                src.problem(key_node, f"unknown {self.name[:-1]} {shown} in {key!r}"
                                      f"{suggestion(name, list(self.types)) if name else ''}")
                bad = True
                continue
            value = self.types[name].check(value_node, src, f"{key}.{name}")
            if value is BAD:
                bad = True
            else:
                values[name] = value
        return BAD if bad else values

    def schema(self) -> dict:
        return {"type": "object", "additionalProperties": False,
                "properties": {k: t.schema() for k, t in self.types.items()}}


class _Highlights(Type):
    what = f"a list of places to point at: {', '.join(HIGHLIGHTS)}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        items = node.value if isinstance(node, SequenceNode) else None
        if items is None or len(items) > len(HIGHLIGHTS):
            return self.fail(node, src, key)
        values = []
        for item in items:
            value = Choice(HIGHLIGHTS).check(item, src, key)
            if value is BAD:
                return BAD
            values.append(value)
        return tuple(values)

    def schema(self) -> dict:
        return {"type": "array", "items": {"enum": list(HIGHLIGHTS)}, "maxItems": len(HIGHLIGHTS)}


_POSE_KEYS: dict[str, Type] = {name: _Angle(lo, hi) for name, (lo, hi, _d) in JOINTS.items()}
_POSE_KEYS["lift"] = _Mapping("segments", {name: _Angle(-90, 90) for name in SEGMENTS})
_POSE_KEYS["highlight"] = _Highlights()
POSE = _Mapping("joints", _POSE_KEYS)


class _Poses(Type):
    what = "a mapping of named poses (rest: {torso: 180, ...})"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, MappingNode) or not node.value:
            return self.fail(node, src, key)
        if len(node.value) > MAX_POSES:
            src.problem(node, f"a figure can have at most {MAX_POSES} poses, got {len(node.value)}")
            return BAD
        poses: dict[str, Pose] = {}
        bad = False
        for key_node, value_node in node.value:
            name = key_text(key_node)
            if name is None or not POSE_NAME.match(name):
                src.problem(key_node, f"a pose name must be a short word of lowercase letters, digits "
                                      f"and '_' (like 'rest' or 'top'), got {describe_node(key_node)}")
                bad = True
                continue
            value = POSE.check(value_node, src, name)
            if value is BAD:
                bad = True
                continue
            angles = {k: v for k, v in value.items() if k in JOINTS}
            poses[name] = Pose.of(angles, value.get("lift"), value.get("highlight", ()))
        return BAD if bad else poses

    def schema(self) -> dict:
        return {"type": "object", "minProperties": 1, "maxProperties": MAX_POSES,
                "propertyNames": {"pattern": POSE_NAME.pattern}, "additionalProperties": POSE.schema()}


class _Move(Type):
    """``rest -> top``: pose names joined by arrows (checked against the poses later)."""

    what = "pose names joined by '->', like 'rest -> top'"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            return self.fail(node, src, key)
        names = tuple(n.strip() for n in node.value.split("->"))
        if not all(POSE_NAME.match(n) for n in names) or len(names) > MAX_POSES:
            return self.fail(node, src, key)
        return names

    def schema(self) -> dict:
        return {"type": "string", "pattern": r"^\s*[a-z][a-z0-9_]*(\s*->\s*[a-z][a-z0-9_]*)*\s*$"}


class _PoseName(Type):
    what = "the name of one of the poses"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, ScalarNode) or not POSE_NAME.match(str(node.value)):
            return self.fail(node, src, key)
        return node.value

    def schema(self) -> dict:
        return {"type": "string", "pattern": POSE_NAME.pattern}


FIGURE = Fields(
    "a figure",
    (
        Field("version", Choice((1,), "the figure format versions this Coach reads"),
              "the figure format version", default=1),
        Field("name", Text(200, required=True), "what the figure shows, for the gallery"),
        Field("view", Choice(VIEWS), "'side' (seen from the side), 'front' (seen from the front, the left and right "
              "limbs apart) or 'top' (seen from above)",
              default="side"),
        Field("poses", _Poses(), "the named poses as joint angles in degrees; the first is the start",
              required=True),
        Field("moves", _Mapping("tempo parts", {p: _Move() for p in MOVE_PARTS}),
              "for each tempo part, the poses it moves through: up: rest -> top"),
        Field("hold", _PoseName(), "the pose shown during a timed hold (default: the last pose)"),
        Field("sides", Choice(SIDES), "for exercises done on each side: 'mirror' shows the other "
              "side, 'swap' moves the other limbs", default="mirror"),
    ),
    help="a Coach figure: a drawn person in named poses",
)


def json_schema() -> dict:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "https://coach.invalid/schema/figure.schema.json", "title": "Coach figure"}
    schema.update(FIGURE.schema())
    return schema


def default_moves(names: list[str]) -> dict[str, tuple[str, ...]]:
    """With two or more poses: up from the first to the second and back; with one, it stands."""
    if len(names) < 2:
        return {p: (names[0],) for p in MOVE_PARTS}
    first, second = names[0], names[1]
    return {"up": (first, second), "hold": (second,), "down": (second, first), "pause": (first,),
            WHOLE_REP: (first, second, first)}


def load_figure_text(text: str | bytes, filename: str) -> tuple[Figure | None, list[Problem]]:
    """Check a figure file's text: the figure when it has no errors, and every problem found."""
    return _check(read_text(text, filename))


def load_figure_file(path: str | os.PathLike[str], name: str | None = None
                     ) -> tuple[Figure | None, list[Problem]]:
    path = Path(path)
    return _check(read_file(path, name if name is not None else display_name(path)))


def _check(src: YamlFile) -> tuple[Figure | None, list[Problem]]:
    figure = None
    if src.root is not None:
        if not isinstance(src.root, MappingNode):
            src.problem(src.root, f"a figure file must be a mapping of 'key: value' lines "
                                  f"(poses:, moves: ...), got {describe_node(src.root)}")
        else:
            checked = FIGURE.check(src.root, src, "figure")
            figure = _build(checked, src)
    if any(p.is_error for p in src.problems):
        figure = None
    return figure, sorted(src.problems, key=lambda p: (p.line or 0, p.column or 0))


def _build(checked, src: YamlFile) -> Figure | None:  # noqa: ANN001 - a routine_format.Checked
    poses = checked.get("poses")
    if not isinstance(poses, dict):
        return None
    names = list(poses)
    moves = default_moves(names)
    given = checked.get("moves") or {}
    for part, through in given.items():
        node = _value_node(checked.nodes["moves"], part)
        for name in through:
            if name not in poses:
                src.problem(node, f"{part!r} moves through the pose {name!r}, which is not among the "
                                  f"poses ({', '.join(names)}){suggestion(name, names)}")
        moves[part] = through
    hold = checked.get("hold", names[1] if len(names) > 1 else names[0])
    if hold not in poses:
        src.problem(checked.nodes["hold"], f"'hold' names the pose {hold!r}, which is not among the "
                                           f"poses ({', '.join(names)}){suggestion(hold, names)}")
        return None
    if "moves" in checked.bad:
        return None
    return Figure(name=checked.get("name", ""), view=checked.get("view", "side"), poses=poses,
                  moves=moves, hold=hold, sides=checked.get("sides", "mirror"), source=src.name)


def _value_node(mapping: Node, key: str) -> Node:
    for key_node, value_node in mapping.value:
        if key_text(key_node) == key:
            return value_node
    return mapping
