"""The kinds of value a routine file holds, each a small object that knows everything about it.

A :class:`Field` declares one key of a routine or an exercise: its model attribute, its type, its
default, its label and its help. The type (qutebrowser's ``configtypes`` idea) checks one YAML node
and reports what is wrong in the user's words, describes itself in JSON Schema, and turns a value
into the model's, the file's and the history's form. :mod:`coach.core.routines.routine` declares the fields;
the model classes, the loader, the writer, the history's copy and the editor all follow from that
declaration.

No YAML here: nodes are told apart by their ``id`` and the file (``src``) reads and describes them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.core.routines import durations

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node

    from coach.core.files.yamlsource import YamlFile

_STR = "tag:yaml.org,2002:str"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
#: The tempo parts a rep can be made of, in the words people use.
TEMPO_PART_NAMES = ("up", "hold", "down", "pause")
#: The name of the single part of a tempo written as one duration (``tempo: 3s``).
WHOLE_REP = "rep"


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
    #: The model's type of the value (an annotation of the model's class).
    annotation = "object"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    # What a checked value becomes in the model, in a file and in the history's JSON, and back.
    # Most values are the same in all four; the types whose values are not say so below.

    def to_model(self, checked: object) -> object:
        return checked

    def to_document(self, value: Any) -> object:
        return value

    def to_json(self, value: Any) -> object:
        return value

    def from_json(self, data: Any) -> object:
        return data

    def fail(self, node: Node, src: YamlFile, key: str, what: str | None = None,
             hint: str = "") -> _Bad:
        src.problem(node, f"{subject(key)} must be {what or self.what}, got {src.describe(node)}{hint}")
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


def _plain(node: Node, src: YamlFile) -> object:
    """The scalar's value, or BAD for a list, a mapping or a tag that does not fit its text."""
    if not node.id == "scalar":
        return BAD
    try:
        return src.scalar_value(node)
    except ValueError:  # the tag does not fit its text (yamlsource.NotAValue)
        return BAD


@dataclass(frozen=True)
class Whole(Type):
    """A whole number within bounds."""

    minimum: int
    maximum: int
    annotation = "int"

    @property
    def what(self) -> str:
        return f"a whole number >= {self.minimum}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node, src)
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
    annotation = "str"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node, src)
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
    annotation = "str"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node, src)
        text = node.value if node.id == "scalar" and value is not BAD and value is not None else None
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
        value = _plain(node, src)
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
    annotation = "float"

    @property
    def what(self) -> str:
        return f"a duration such as {durations.EXAMPLES}"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        value = _plain(node, src)
        if value is BAD:
            return self.fail(node, src, key)
        try:
            return durations.parse_duration(value, allow_zero=self.allow_zero)
        except durations.DurationError as exc:
            src.problem(node, f"{subject(key)} {exc}, got {src.describe(node)}")
            return BAD

    def schema(self) -> dict:
        number = {"type": "number", "maximum": durations.MAX_SECONDS}
        number["minimum" if self.allow_zero else "exclusiveMinimum"] = 0
        text = {"type": "string", "pattern": durations.schema_pattern(allow_zero=self.allow_zero)}
        return {"description": "a number of seconds, or a text such as 45s, 2.5s, 1m or 1m30s",
                "oneOf": [number, text]}

    def to_document(self, value: float) -> object:
        return durations.duration_for_file(value)


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    min_items: int
    max_items: int
    #: Report an item listed twice.
    unique: bool = False
    annotation = "tuple"

    @property
    def what(self) -> str:
        return "a list"

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if node.id != "sequence":
            hint = ("; write it as a list, one '- ' item a line" if node.id == "scalar"
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

    def to_model(self, checked: list) -> tuple:
        return tuple(self.item.to_model(item) for item in checked)

    def to_document(self, value: Sequence) -> list:
        return [self.item.to_document(item) for item in value]

    def to_json(self, value: Sequence) -> list:
        return [self.item.to_json(item) for item in value]

    def from_json(self, data: list) -> tuple:
        return tuple(self.item.from_json(item) for item in data)


@dataclass(frozen=True)
class Tempo(Type):
    """One duration for the whole rep, or a mapping of parts played in the order written."""

    #: The model's class of one part: ``part(name, seconds)``.
    part: type
    annotation = "tuple"

    @property
    def what(self) -> str:
        return ("a duration (the length of one rep) or parts such as {up: 2s, hold: 3s, down: 2s}")

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if node.id == "scalar":
            value = _plain(node, src)
            try:
                return [(WHOLE_REP, durations.parse_duration(value))]
            except durations.DurationError as exc:
                if value is BAD or "must be a duration" in str(exc):
                    return self.fail(node, src, key)
                src.problem(node, f"{subject(key)} {exc}, got {src.describe(node)}")
                return BAD
        if node.id != "mapping":
            return self.fail(node, src, key)
        if not node.value:
            return self.fail(node, src, key)
        parts = []
        for key_node, value_node in node.value:
            name = src.key_text(key_node)
            if name not in TEMPO_PART_NAMES:
                shown = repr(name) if name is not None else src.describe(key_node)
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

    def to_model(self, checked: list) -> tuple:
        return tuple(self.part(name, seconds) for name, seconds in checked)

    def to_document(self, value: tuple) -> object:
        if len(value) == 1 and value[0].name == WHOLE_REP:
            return durations.duration_for_file(value[0].seconds)
        return {part.name: durations.duration_for_file(part.seconds) for part in value}

    def to_json(self, value: tuple) -> list:
        return [[part.name, part.seconds] for part in value]

    def from_json(self, data: list) -> tuple:
        return tuple(self.part(name, seconds) for name, seconds in data)


#: A field of the model that has no default (``Field.required``, or given by the loader).
NO_DEFAULT = dataclasses.MISSING


@dataclass(frozen=True)
class Field:
    """One key of a routine or an exercise, declared once."""

    key: str
    type: Type
    help: str
    default: object = None
    required: bool = False
    #: What the editor's form calls it.
    label: str = ""
    #: The model's attribute (the key, unless a Python name needs to differ).
    attr: str = ""
    #: The model always has it although a file may leave it out (``id``: the file name).
    model_required: bool = False

    @property
    def name(self) -> str:
        """The model's attribute."""
        return self.attr or self.key

    @property
    def model_default(self) -> object:
        return NO_DEFAULT if self.required or self.model_required else self.default


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


Rule = Callable[[Checked, "YamlFile"], None]


@dataclass(frozen=True)
class Fields(Type):
    """A mapping with declared keys; unknown keys get a "did you mean"."""

    name: str  # "an exercise"
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    help: str = ""
    #: Shown when the value is not a mapping at all.
    example: str = ""
    #: The model's class, built by :func:`model_class` (set by the declaration, once).
    model: type | None = field(default=None, compare=False)

    @property
    def what(self) -> str:
        return f"{self.name} (a mapping of keys such as {', '.join(f.key for f in self.fields[:3])})"

    def field_named(self, key: str) -> Field:
        return self.by_key[key]

    @functools.cached_property
    def by_key(self) -> dict[str, Field]:
        return {f.key: f for f in self.fields}

    def check(self, node: Node, src: YamlFile, key: str) -> object:
        if node.id != "mapping":
            return self.fail(node, src, key, f"{self.name}, written as 'key: value' lines",
                             hint=self._hint_for(node))
        known = self.by_key
        reported = src.reported
        checked = Checked(node)
        for key_node, value_node in node.value:
            plain = key_node.id == "scalar" and key_node.tag == _STR
            name = key_node.value if plain else src.key_text(key_node)
            if name is None:
                src.problem(key_node, f"keys must be plain words, got {src.describe(key_node)}")
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
        if node.id == "scalar" and node.value and self.fields[0].key == "name":
            return f"; write '- name: {node.value}' and the exercise's keys below it"
        if self.example:
            return f"; write it like {self.example}"
        return ""

    def schema(self) -> dict:
        properties = {}
        for f in self.fields:
            prop = dict(f.type.schema())
            prop["description"] = f.help + (f" (default: {f.default})" if f.default not in (None, "", ()) else "")
            if f.default is not None and f.default != () and not isinstance(f.type, (ListOf, Fields)):
                prop["default"] = f.default
            properties[f.key] = prop
        result = {"type": "object", "additionalProperties": False, "properties": properties}
        required = [f.key for f in self.fields if f.required]
        if required:
            result["required"] = required
        if self.help:
            result["description"] = self.help
        return result

    def to_model(self, checked: Checked, **given: object) -> object:
        """The model of a checked mapping; ``given``: attributes the file does not hold."""
        values = {f.name: f.type.to_model(checked.values[f.key]) if f.key in checked.values
                  else f.default for f in self.fields if f.name not in given}
        return self.model(**values, **given)

    def to_document(self, value: object) -> dict:
        """Keys in the declaration's order; nothing, empty texts and empty lists left out, but for
        the keys a file or the model needs."""
        document = {}
        for f in self.fields:
            item = getattr(value, f.name)
            if f.required or f.model_required or (item is not None and item != "" and item != ()):
                document[f.key] = f.type.to_document(item)
        return document

    def to_json(self, value: object) -> object:
        if value is None:
            return None
        return {f.key: None if (item := getattr(value, f.name)) is None else f.type.to_json(item)
                for f in self.fields}

    def from_json(self, data: dict | None) -> object:
        if data is None:
            return None
        values = {}
        for f in self.fields:
            if f.key in data:
                values[f.name] = None if data[f.key] is None else f.type.from_json(data[f.key])
            elif f.model_default is not NO_DEFAULT:
                values[f.name] = f.default  # a field added since this copy was kept
        return self.model(**values)


def model_class(record: Fields, name: str, module: str, behaviour: type = object,
                extra: Sequence[tuple[str, Any, Any]] = (), doc: str = "") -> type:
    """The model's frozen dataclass for ``record``: one attribute per field, with its default;
    ``behaviour`` holds the methods, ``extra`` attributes that are not in a file. Sets
    ``record.model``."""
    required = [(f.name, f.type.annotation) for f in record.fields if f.model_default is NO_DEFAULT]
    optional = [(f.name, f.type.annotation if f.default is not None else f"{f.type.annotation} | None",
                 dataclasses.field(default=f.default)) for f in record.fields
                if f.model_default is not NO_DEFAULT]
    cls = dataclasses.make_dataclass(name, [*required, *optional, *extra], bases=(behaviour,),
                                     frozen=True, namespace={"__doc__": doc or behaviour.__doc__})
    cls.__module__ = module
    object.__setattr__(record, "model", cls)
    return cls


