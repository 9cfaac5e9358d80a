"""The routine file format, declared once as data: the checker and the JSON Schema both read it.

Each key of a routine and of an exercise is a :class:`Field` whose type is a small object
(qutebrowser's ``configtypes`` idea) that checks one YAML node and reports what is wrong with it
in the user's words, at the node's line and column. Rules that tie keys together (exactly one of
``reps`` and ``hold``...) are the few functions at the end of the declaration.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach.core import durations
from coach.core.problems import WARNING, Problem
from coach.core.routine import TEMPO_PART_NAMES, WHOLE_REP, Exercise, Progression, Routine, TempoPart
from coach.core.yamlsource import (NotAValue, YamlFile, describe, display_name, key_text, read_file,
                                   read_text, scalar_value)

FORMAT_VERSIONS = (1,)
_STR = "tag:yaml.org,2002:str"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class _Bad:
    """Returned by a check that reported a problem: the value cannot be used."""

    def __repr__(self) -> str:
        return "BAD"


BAD = _Bad()


#: Words people use for a key that difflib would not find close enough.
SYNONYMS = {
    "repetitions": "reps", "repeats": "reps", "reps_per_set": "reps", "count": "reps",
    "duration": "hold", "time": "hold", "seconds": "hold", "hold_time": "hold",
    "title": "name", "exercise_name": "name", "notes": "instructions", "how": "instructions",
    "rest": "rest_between_sets", "side": "sides", "each_side": "sides", "links": "faq",
    "picture": "image", "photo": "image", "countdown": "get_ready", "warmup": "get_ready",
}


def suggestion(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'reps'?"`` or ``""``."""
    import difflib  # only for a mistake: not worth importing at every start

    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower().replace(" ", "_").replace("-", "_"),
                                          choices, n=1, cutoff=0.6)
    if not close and SYNONYMS.get(word.lower()) in choices:
        close = [SYNONYMS[word.lower()]]
    return f"; did you mean {close[0]!r}?" if close else ""


# --- types: each checks one node and describes itself for the schema ---------------------------

class Type:
    #: How a correct value is described in messages: "'reps' must be <what>, got ...".
    what = "a value"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def fail(self, node: Node, src: YamlFile, key: str, what: str | None = None,
             hint: str = "") -> _Bad:
        src.problem(node, f"{subject(key)} must be {what or self.what}, got {describe(node)}{hint}")
        return BAD


def subject(key: str) -> str:
    """How a key is named in a message: ``'reps'``, ``item 2 of 'tags'``, ``'up' in 'tempo'``."""
    found = re.fullmatch(r"(.+)\[(\d+)\]", key)
    if found:
        return f"item {found.group(2)} of {found.group(1)!r}"
    outer, dot, inner = key.partition(".")
    if dot:
        return f"{inner!r} in {outer!r}"
    return repr(key)


def _plain(node: Node) -> object:
    """The scalar's value, or BAD for a list, a mapping or a tag that does not fit its text."""
    if not isinstance(node, ScalarNode):
        return BAD
    try:
        return scalar_value(node)
    except NotAValue:
        return BAD


@dataclass(frozen=True)
class Whole(Type):
    """A whole number within bounds."""

    minimum: int
    maximum: int

    @property
    def what(self) -> str:
        return f"a whole number >= {self.minimum}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node)
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            return self.fail(node, src, key)
        if value > self.maximum:
            return self.fail(node, src, key, f"at most {self.maximum}")
        return value

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Text(Type):
    """Text as written; numbers and yes/no are taken as the text they were written as."""

    max_length: int
    required: bool = False  # must not be empty
    what = "text"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node)
        if value is BAD or value is None:
            return self.fail(node, src, key, hint="; put the text after the colon, in quotes if "
                                                  "it has a ':' in it" if value is None else "")
        text = node.value.strip() if isinstance(value, str) else node.value
        if self.required and not text:
            return self.fail(node, src, key, "some text (it cannot be empty)")
        if len(text) > self.max_length:
            src.problem(node, f"{subject(key)} must be at most {self.max_length} characters long, "
                              f"got {len(text)}")
            return BAD
        return text

    def schema(self) -> dict:
        # As the check: a number or yes/no is the text it was written as; spaces alone are empty.
        text = {"type": "string", "maxLength": self.max_length,
                **({"pattern": r"\S"} if self.required else {})}
        return {"anyOf": [text, {"type": ["number", "boolean"]}]}


@dataclass(frozen=True)
class Picture(Text):
    """A path to a PNG, JPEG or SVG file."""

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        path = super().check(node, src, key)
        if isinstance(path, str) and not path.lower().endswith(IMAGE_SUFFIXES):
            src.problem(node, f"{subject(key)} must be a PNG, JPEG or SVG file "
                              f"(ending in {', '.join(IMAGE_SUFFIXES)}), got {path!r}")
            return BAD
        return path

    def schema(self) -> dict:
        endings = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c)
                                   for c in suffix) for suffix in IMAGE_SUFFIXES)
        return {"type": "string", "maxLength": self.max_length, "pattern": f"({endings})\\s*$"}


@dataclass(frozen=True)
class Slug(Type):
    """An id: lowercase letters, digits and dashes."""

    what = "an id of lowercase letters, digits and dashes (like 'lower-back-basics')"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node)
        text = node.value if isinstance(node, ScalarNode) and value is not BAD and value is not None else None
        if text is None or not SLUG.match(text) or len(text) > 80:
            return self.fail(node, src, key)
        return text

    def schema(self) -> dict:
        # A whole number written plainly (id: 2024) is read as its text, which is an id.
        return {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
                          {"type": "integer", "minimum": 0}]}


@dataclass(frozen=True)
class Choice(Type):
    """One of a few values, written exactly."""

    choices: tuple
    meaning: str = ""

    @property
    def what(self) -> str:
        shown = " or ".join(repr(c) if isinstance(c, str) else str(c) for c in self.choices)
        return shown + (f" ({self.meaning})" if self.meaning else "")

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node)
        if any(value == c and type(value) is type(c) for c in self.choices):
            return value
        hint = ""
        if isinstance(value, str):
            hint = suggestion(value, [c for c in self.choices if isinstance(c, str)])
        return self.fail(node, src, key, hint=hint)

    def schema(self) -> dict:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Duration(Type):
    allow_zero: bool = False

    @property
    def what(self) -> str:
        return f"a duration such as {durations.EXAMPLES}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node)
        if value is BAD:
            return self.fail(node, src, key)
        try:
            return durations.parse_duration(value, allow_zero=self.allow_zero)
        except durations.DurationError as exc:
            src.problem(node, f"{subject(key)} {exc}, got {describe(node)}")
            return BAD

    def schema(self) -> dict:
        number = {"type": "number", "maximum": durations.MAX_SECONDS}
        number["minimum" if self.allow_zero else "exclusiveMinimum"] = 0
        text = {"type": "string", "pattern": durations.schema_pattern(allow_zero=self.allow_zero)}
        return {"description": "a number of seconds, or a text such as 45s, 2.5s, 1m or 1m30s",
                "oneOf": [number, text]}


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    min_items: int
    max_items: int
    #: Report an item listed twice.
    unique: bool = False

    @property
    def what(self) -> str:
        return "a list"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, SequenceNode):
            hint = ("; write it as a list, one '- ' item a line" if isinstance(node, ScalarNode)
                    else "; start each item with '- ' (a dash and a space)")
            return self.fail(node, src, key, hint=hint)
        if len(node.value) < self.min_items:
            src.problem(node, f"{key!r} needs at least {self.min_items} "
                              f"{'item' if self.min_items == 1 else 'items'}, got an empty list")
            return BAD
        if len(node.value) > self.max_items:
            src.problem(node, f"{key!r} can have at most {self.max_items} items, got {len(node.value)}")
            return BAD
        values = []
        seen: dict[object, int] = {}
        for index, item in enumerate(node.value, start=1):
            if src.is_reported(item):
                values.append(BAD)
                continue
            value = self.item.check(item, src, f"{key}[{index}]")
            if self.unique and value is not BAD:
                if value in seen:
                    src.problem(item, f"{value!r} is listed twice in {key!r} "
                                      f"(items {seen[value]} and {index})")
                else:
                    seen[value] = index
            values.append(value)
        return values

    def schema(self) -> dict:
        return {"type": "array", "items": self.item.schema(), "minItems": self.min_items,
                "maxItems": self.max_items, **({"uniqueItems": True} if self.unique else {})}


@dataclass(frozen=True)
class Tempo(Type):
    """One duration for the whole rep, or a mapping of parts played in the order written."""

    @property
    def what(self) -> str:
        return ("a duration (the length of one rep) or parts such as {up: 2s, hold: 3s, down: 2s}")

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if isinstance(node, ScalarNode):
            value = _plain(node)
            try:
                return [(WHOLE_REP, durations.parse_duration(value))]
            except durations.DurationError as exc:
                if value is BAD or "must be a duration" in str(exc):
                    return self.fail(node, src, key)
                src.problem(node, f"{subject(key)} {exc}, got {describe(node)}")
                return BAD
        if not isinstance(node, MappingNode):
            return self.fail(node, src, key)
        if not node.value:
            return self.fail(node, src, key)
        parts = []
        for key_node, value_node in node.value:
            name = key_text(key_node)
            if name not in TEMPO_PART_NAMES:
                shown = repr(name) if name is not None else describe(key_node)
                src.problem(key_node, f"unknown tempo part {shown}: the parts are "
                                      f"{', '.join(TEMPO_PART_NAMES)}"
                                      f"{suggestion(name, TEMPO_PART_NAMES) if name else ''}")
                parts.append(BAD)
                continue
            if src.is_reported(value_node):
                parts.append(BAD)
                continue
            seconds = Duration().check(value_node, src, f"{key}.{name}")
            parts.append(BAD if seconds is BAD else (name, seconds))
        return BAD if BAD in parts else parts

    def schema(self) -> dict:
        part = Duration().schema()
        return {
            "description": "the length of one rep, or its parts played in the order written",
            "oneOf": [
                part,
                {"type": "object", "minProperties": 1, "additionalProperties": False,
                 "properties": {name: part for name in TEMPO_PART_NAMES}},
            ],
        }


@dataclass(frozen=True)
class Field:
    key: str
    type: Type
    help: str
    default: object = None
    required: bool = False


@dataclass
class Checked:
    """The good values of one mapping, with the nodes they came from (for later checks)."""

    node: MappingNode
    values: dict[str, object] = field(default_factory=dict)
    keys: dict[str, Node] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    #: Keys that were given but are wrong: rules skip them rather than report twice.
    bad: set[str] = field(default_factory=set)

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)

    def given(self, key: str) -> bool:
        return key in self.values or key in self.bad


Rule = Callable[[Checked, YamlFile], None]


@dataclass(frozen=True)
class Record(Type):
    """A mapping with declared keys; unknown keys get a "did you mean"."""

    name: str  # "an exercise"
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    help: str = ""
    #: Shown when the value is not a mapping at all.
    example: str = ""

    @property
    def what(self) -> str:
        return f"{self.name} (a mapping of keys such as {', '.join(f.key for f in self.fields[:3])})"

    def field_named(self, key: str) -> Field:
        return self.by_key[key]

    @functools.cached_property
    def by_key(self) -> dict[str, Field]:
        return {f.key: f for f in self.fields}

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if not isinstance(node, MappingNode):
            return self.fail(node, src, key, f"{self.name}, written as 'key: value' lines",
                             hint=self._hint_for(node))
        known = self.by_key
        reported = src.reported
        checked = Checked(node)
        for key_node, value_node in node.value:
            plain = type(key_node) is ScalarNode and key_node.tag == _STR
            name = key_node.value if plain else key_text(key_node)
            if name is None:
                src.problem(key_node, f"keys must be plain words, got {describe(key_node)}")
                continue
            declared = known.get(name)
            if declared is None:
                src.problem(key_node, f"unknown key {name!r} in {self.name}{suggestion(name, list(known))}")
                continue
            checked.keys[name] = key_node
            checked.nodes[name] = value_node
            if reported and id(value_node) in reported:
                value = BAD
            else:
                value = declared.type.check(value_node, src, name)
            if value is BAD:
                checked.bad.add(name)
                checked.values.pop(name, None)
            else:
                checked.values[name] = value
                checked.bad.discard(name)
        for declared in self.fields:
            if declared.required and not checked.given(declared.key):
                src.problem(node, f"{self.name} needs {declared.key!r} ({declared.help})")
        for rule in self.rules:
            rule(checked, src)
        return checked

    def _hint_for(self, node: Node) -> str:
        if isinstance(node, ScalarNode) and node.value and self.fields[0].key == "name":
            return f"; write '- name: {node.value}' and the exercise's keys below it"
        if self.example:
            return f"; write it like {self.example}"
        return ""

    def schema(self) -> dict:
        properties = {}
        for f in self.fields:
            prop = dict(f.type.schema())
            prop["description"] = f.help + (f" (default: {f.default})" if f.default not in (None, "", ()) else "")
            if f.default is not None and not isinstance(f.type, (ListOf, Record)):
                prop["default"] = f.default
            properties[f.key] = prop
        result = {"type": "object", "additionalProperties": False, "properties": properties}
        required = [f.key for f in self.fields if f.required]
        if required:
            result["required"] = required
        if self.help:
            result["description"] = self.help
        return result


# --- the declaration ---------------------------------------------------------------------------

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


PROGRESSION = Record(
    "a progression",
    (
        Field("to", Whole(1, 1000), "the most reps to work up to", required=True),
        Field("step", Whole(1, 100), "how many reps to add each time", required=True),
        Field("every", Whole(1, 100), "after how many completed sessions to add them", required=True),
    ),
    help="suggest 'step' more reps after 'every' completed sessions, up to 'to'",
    example="{to: 20, step: 2, every: 3}",
)

EXERCISE = Record(
    "an exercise",
    (
        Field("name", Text(200, required=True), "the exercise's name, shown in the library and the "
              "workout", required=True),
        Field("instructions", Text(5000), "how to do it, shown during the exercise", default=""),
        Field("sets", Whole(1, 100), "how many sets", default=1),
        Field("reps", Whole(1, 1000), "repetitions per set (per side)"),
        Field("hold", Duration(), "a timed hold instead of reps (a stretch, a plank)"),
        Field("tempo", Tempo(), "the timing of one rep: one duration, or parts up, hold, down, "
              "pause in the order written; without it reps are self-paced"),
        Field("sides", Choice(("each",), "left, then right"), "'each': every set on the left, then "
              "on the right"),
        Field("rest_between_sets", Duration(allow_zero=True), "rest between two sets of this "
              "exercise (default: the routine's)"),
        Field("faq", ListOf(Slug(), 0, 50, unique=True), "ids of FAQ answers about this exercise",
              default=()),
        Field("progression", PROGRESSION, "suggest more reps over time: {to: 20, step: 2, every: 3}"),
        Field("image", Picture(500, required=True), "a PNG, JPEG or SVG picture, as a path relative to "
              "the routine file"),
    ),
    rules=(_reps_or_hold, _tempo_needs_reps, _progression_fits),
    help="one exercise: 'reps' (with an optional 'tempo') or 'hold'",
)

ROUTINE = Record(
    "a routine",
    (
        Field("version", Choice(FORMAT_VERSIONS, "the routine format versions this Coach reads"),
              "the routine format version", default=1),
        Field("id", Slug(), "the routine's identity (default: the file name); a routine of yours "
              "with a built-in's id replaces it"),
        Field("name", Text(200, required=True), "the routine's name, shown in the library",
              required=True),
        Field("description", Text(5000), "a few words about the routine", default=""),
        Field("tags", ListOf(Text(50, required=True), 0, 50), "words to find the routine by",
              default=()),
        Field("get_ready", Duration(allow_zero=True), "countdown before the first exercise",
              default=10.0),
        Field("rest_between_sets", Duration(allow_zero=True), "rest between two sets, for every "
              "exercise", default=30.0),
        Field("rest_between_exercises", Duration(allow_zero=True), "rest between two exercises",
              default=30.0),
        Field("switch_sides", Duration(allow_zero=True), "pause between the left and the right side",
              default=5.0),
        Field("exercises", ListOf(EXERCISE, 1, 200), "the exercises, in order", required=True),
    ),
    rules=(_not_too_many_steps,),
    help="a Coach routine (format version 1)",
)


def json_schema() -> dict:
    """The JSON Schema of a routine file, generated from :data:`ROUTINE`."""
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://coach.invalid/schema/routine.schema.json",
        "title": "Coach routine",
    }
    schema.update(ROUTINE.schema())
    exercise = schema["properties"]["exercises"]["items"]
    # The rules between keys, as far as JSON Schema can say them.
    exercise["oneOf"] = [{"required": ["reps"]}, {"required": ["hold"]}]
    exercise["dependencies"] = {"tempo": ["reps"], "progression": ["reps"]}
    return schema


# --- loading: text -> checked tree -> Routine --------------------------------------------------

def default_id(filename: str) -> str:
    """The id a routine gets from its file name when it has no ``id:``: ``My Back.yaml`` -> ``my-back``."""
    stem = os.path.basename(filename)
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:80].strip("-") or "routine"


def load_routine_text(text: str | bytes, filename: str, *, faq_ids: Collection[str] | None = None,
                      base_dir: Path | None = None, loader: type | None = None,
                      looked_at: list[tuple[Path, bool]] | None = None,
                      ) -> tuple[Routine | None, list[Problem]]:
    """Check a routine file's text; the routine when it has no errors, and every problem found.

    ``faq_ids``: when given, unknown ids in ``faq:`` are warnings. ``base_dir``: when given, an
    ``image`` that does not exist there is a warning. ``looked_at``: when given, gets each path
    checked that way with whether it was a file: besides the text, the only thing the result
    depends on (the startup cache checks them again to know whether its copy still holds).
    """
    src = read_text(text, filename) if loader is None else read_text(text, filename, loader)
    return _check_and_build(src, filename, faq_ids, base_dir, None, looked_at)


def load_routine_file(path: str | os.PathLike[str], *, name: str | None = None,
                      faq_ids: Collection[str] | None = None,
                      looked_at: list[tuple[Path, bool]] | None = None,
                      ) -> tuple[Routine | None, list[Problem]]:
    """Read and check one routine file (see :func:`load_routine_text`); ``name`` is how problems
    call the file (default: the path, relative to the current folder when inside it)."""
    path = Path(path)
    src = read_file(path, name if name is not None else display_name(path))
    return _check_and_build(src, path.name, faq_ids, path.parent, path, looked_at)


def _check_and_build(src: YamlFile, filename: str, faq_ids: Collection[str] | None,
                     base_dir: Path | None, source_path: Path | None,
                     looked_at: list[tuple[Path, bool]] | None = None,
                     ) -> tuple[Routine | None, list[Problem]]:
    routine = None
    if src.root is not None:
        if not isinstance(src.root, MappingNode):
            src.problem(src.root, "a routine file must be a mapping of 'key: value' lines "
                                  f"(name:, exercises: ...), got {describe(src.root)}")
        else:
            checked = ROUTINE.check(src.root, src, "routine")
            assert isinstance(checked, Checked)
            _check_references(checked, src, faq_ids, base_dir, looked_at)
            if not any(p.is_error for p in src.problems):
                routine = _build(checked, filename, source_path)
    return routine, sorted(src.problems, key=lambda p: (p.line or 0, p.column or 0))


def _check_references(routine: Checked, src: YamlFile, faq_ids: Collection[str] | None,
                      base_dir: Path | None, looked_at: list[tuple[Path, bool]] | None = None) -> None:
    exercises = routine.get("exercises")
    if not isinstance(exercises, list):
        return
    known = sorted(faq_ids) if faq_ids is not None else None
    for exercise in exercises:
        if not isinstance(exercise, Checked):
            continue
        faq = exercise.get("faq")
        if known is not None and isinstance(faq, list):
            for item, faq_id in zip(exercise.nodes["faq"].value, faq):
                if faq_id is not BAD and faq_id not in faq_ids:
                    hint = suggestion(faq_id, known) or "; 'coach faq' lists the answers"
                    src.problem(item, f"unknown FAQ id {faq_id!r}{hint}", WARNING)
        image = exercise.get("image")
        if base_dir is None or not isinstance(image, str):
            continue
        image_path = base_dir / image
        found = image_path.is_file()
        if looked_at is not None:
            looked_at.append((image_path, found))
        if not found:
            src.problem(exercise.nodes["image"], f"the image {image!r} does not exist "
                                                 f"(looked in {base_dir}); the exercise is shown "
                                                 "without it", WARNING)


def _build(checked: Checked, filename: str, source_path: Path | None = None) -> Routine:
    exercises = []
    for checked_exercise in checked.values["exercises"]:
        ex = checked_exercise.values
        progression = ex.get("progression")
        exercises.append(Exercise(
            name=ex.get("name"),
            instructions=ex.get("instructions", ""),
            sets=ex.get("sets", 1),
            reps=ex.get("reps"),
            hold=ex.get("hold"),
            tempo=tuple(TempoPart(name, seconds) for name, seconds in ex.get("tempo", ())),
            sides=ex.get("sides"),
            rest_between_sets=ex.get("rest_between_sets"),
            faq=tuple(ex.get("faq", ())),
            progression=None if progression is None else Progression(
                to=progression.values["to"], step=progression.values["step"],
                every=progression.values["every"]),
            image=ex.get("image"),
        ))
    field_defaults = {f.key: f.default for f in ROUTINE.fields}
    value = lambda key: checked.get(key, field_defaults[key])  # noqa: E731
    return Routine(
        id=checked.get("id") or default_id(filename),
        name=checked.get("name"),
        exercises=tuple(exercises),
        description=value("description"),
        tags=tuple(value("tags")),
        get_ready=value("get_ready"),
        rest_between_sets=value("rest_between_sets"),
        rest_between_exercises=value("rest_between_exercises"),
        switch_sides=value("switch_sides"),
        version=value("version"),
        source_path=source_path,
    )
