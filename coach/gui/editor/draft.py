"""The routine being edited, as the user typed it, and its checking by the loader (no Qt here).

A draft is plain data (dicts, lists, texts, numbers) that can hold mistakes: a duration typed
halfway (``1m3``), an empty name. It is written to YAML text with the routine writer and checked
by the loader, so the editor reports exactly what a hand-written file would get, at the field the
problem is in. Being plain data, a draft is also what undo and redo keep.
"""

from __future__ import annotations

import copy
import re
import textwrap
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, SequenceNode

from coach.core.routines.durations import DurationError, parse_duration
from coach.core.files.problems import Problem, has_errors
from coach.core.routines.routine import EXERCISE, ROUTINE, TEMPO_PART_NAMES, WHOLE_REP, Exercise, Routine, TempoPart
from coach.core.routines.routine_format import load_routine_text
from coach.core.routines.routine_types import Duration, Field, ListOf, Fields, Slug, Whole
from coach.core.routines.routine_writer import DuplicateKeys, dump_document, format_duration
from coach.core.workout.timeline import build_timeline

#: Exercise kinds in the editor.
REPS, HOLD = "reps", "hold"
#: How reps are paced.
SELF_PACED, WHOLE, PARTS = "self-paced", "whole", "parts"

ROUTINE_DURATIONS = tuple(f.key for f in ROUTINE.fields if isinstance(f.type, Duration))
#: The exercise's keys the editor shows with a form of its own (the kind of exercise, its tempo,
#: its own rest, its progression); every other key is a field its type describes (see _draft_value).
EXERCISE_OWN_FORMS = ("reps", "hold", "tempo", "sides", "rest_between_sets", "progression")
#: The routine's keys that are not a field of the form.
ROUTINE_NOT_IN_FORM = ("version", "exercises")
_NUMBER = re.compile(r"^\s*(\d+(\.\d*)?|\.\d+)\s*$")
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return str(format_duration(seconds))


# --- a field's value as the form holds it, and as the file would --------------------------------

def plain_fields(record: Fields, leave_out: tuple[str, ...]) -> list[Field]:
    """The fields of ``record`` the form shows as their type says (not nested records)."""
    return [f for f in record.fields if f.key not in leave_out and not isinstance(f.type, Fields)]


def _draft_value(f: Field, value: object) -> object:
    if isinstance(f.type, Duration):
        return duration_text(value)
    if isinstance(f.type, ListOf):
        return list(value or ())
    if isinstance(f.type, Whole):
        return value if value is not None else (f.default if f.default is not None else f.type.minimum)
    return "" if value is None else value


def _put(doc: dict, f: Field, value: object) -> None:
    """What was typed into ``f``, into the document; an optional field left empty is left out."""
    if isinstance(f.type, Duration):
        if f.default is not None or value.strip():
            doc[f.key] = _duration(value)
    elif isinstance(f.type, ListOf):
        if value:
            doc[f.key] = list(value)
    elif isinstance(value, str):
        if f.required or f.model_required or value.strip():
            doc[f.key] = value.strip() if isinstance(f.type, Slug) else value
    else:
        doc[f.key] = value


def new_exercise(name: str = "New exercise") -> dict:
    return exercise_draft(Exercise(name=name, sets=2, reps=10))


def exercise_draft(exercise: Exercise) -> dict:
    whole = len(exercise.tempo) == 1 and exercise.tempo[0].name == WHOLE_REP
    if not exercise.tempo:
        mode = SELF_PACED
    else:
        mode = WHOLE if whole else PARTS
    parts = [] if whole else [[p.name, duration_text(p.seconds)] for p in exercise.tempo]
    progression = exercise.progression
    reps = exercise.reps if exercise.reps is not None else 10
    return {
        **{f.key: _draft_value(f, getattr(exercise, f.name))
           for f in plain_fields(EXERCISE, EXERCISE_OWN_FORMS)},
        "kind": HOLD if exercise.hold is not None else REPS,
        "reps": reps,
        "hold": duration_text(exercise.hold) if exercise.hold is not None else "30s",
        "tempo_mode": mode,
        "tempo_whole": duration_text(exercise.tempo[0].seconds) if whole else "3s",
        "tempo_parts": parts or [["up", "2s"], ["down", "2s"]],
        "sides": exercise.sides == "each",
        "own_rest": exercise.rest_between_sets is not None,
        "rest_between_sets": duration_text(exercise.rest_between_sets) or "30s",
        "faq": list(exercise.faq),
        "progression": progression is not None,
        "to": progression.to if progression else max(reps + 5, 2),
        "step": progression.step if progression else 1,
        "every": progression.every if progression else 3,
    }


def routine_draft(routine: Routine) -> dict:
    # Tags are a list, shown as "a, b" and split again only when the user edits them.
    return {
        **{f.key: _draft_value(f, getattr(routine, f.name))
           for f in plain_fields(ROUTINE, ROUTINE_NOT_IN_FORM)},
        "exercises": [exercise_draft(e) for e in routine.exercises],
    }


def draft_exercise(ex: dict) -> Exercise | None:
    """What the exercise asks for (sets, reps or hold, tempo, sides), to show its dose while it is
    edited; None while a duration it needs is not a valid one. Each exercise on its own, so one
    exercise being typed does not hide the doses of the others."""
    try:
        if ex["kind"] == HOLD:
            return Exercise(name=ex["name"], sets=ex["sets"], hold=parse_duration(ex["hold"]),
                            sides="each" if ex["sides"] else None)
        if ex["tempo_mode"] == WHOLE:
            tempo: tuple[TempoPart, ...] = (TempoPart(WHOLE_REP, parse_duration(ex["tempo_whole"])),)
        elif ex["tempo_mode"] == PARTS:
            tempo = tuple(TempoPart(name, parse_duration(text)) for name, text in ex["tempo_parts"])
            if not tempo:
                return None  # not self-paced: a tempo in parts with no part yet
        else:
            tempo = ()
    except DurationError:
        return None
    return Exercise(name=ex["name"], sets=ex["sets"], reps=ex["reps"], tempo=tempo,
                    sides="each" if ex["sides"] else None)


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def tags_text(tags: list[str]) -> str:
    return ", ".join(tags)


def copy_draft(draft: dict) -> dict:
    return copy.deepcopy(draft)


# --- draft -> the document the writer writes -----------------------------------------------

def _duration(text: str) -> object:
    """What was typed, as the file would hold it: ``30`` is a number of seconds, the rest is text."""
    if _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text.strip()


def _exercise_document(ex: dict) -> dict:
    doc: dict = {}
    for f in EXERCISE.fields:
        if f.key not in EXERCISE_OWN_FORMS:
            _put(doc, f, ex[f.key])
        elif f.key == "reps" and ex["kind"] == REPS:
            doc["reps"] = ex["reps"]
        elif f.key == "hold" and ex["kind"] == HOLD:
            doc["hold"] = _duration(ex["hold"])
        elif f.key == "tempo" and ex["kind"] == REPS:
            if ex["tempo_mode"] == WHOLE:
                doc["tempo"] = _duration(ex["tempo_whole"])
            elif ex["tempo_mode"] == PARTS:
                doc["tempo"] = DuplicateKeys((name, _duration(text)) for name, text in ex["tempo_parts"])
        elif f.key == "sides" and ex["sides"]:
            doc["sides"] = "each"
        elif f.key == "rest_between_sets" and ex["own_rest"]:
            doc["rest_between_sets"] = _duration(ex["rest_between_sets"])
        elif f.key == "progression" and ex["progression"] and ex["kind"] == REPS:
            doc["progression"] = {"to": ex["to"], "step": ex["step"], "every": ex["every"]}
    return doc


def draft_document(draft: dict) -> dict:
    doc: dict = {"version": ROUTINE.by_key["version"].default}
    for f in plain_fields(ROUTINE, ROUTINE_NOT_IN_FORM):
        _put(doc, f, draft[f.key])
    doc["exercises"] = [_exercise_document(ex) for ex in draft["exercises"]]
    return doc


#: Each exercise's YAML text by its content: PyYAML's writer is pure Python, and re-writing 200
#: exercises at every key press would make typing lag; usually only one exercise changed.
_exercise_texts: dict[str, str] = {}
_CACHE_SIZE = 1000


def _exercise_text(exercise: dict) -> str:
    key = repr(exercise)
    text = _exercise_texts.get(key)
    if text is None:
        text = textwrap.indent(dump_document([exercise]), "  ", lambda _line: True)
        if len(_exercise_texts) >= _CACHE_SIZE:
            _exercise_texts.clear()
        _exercise_texts[key] = text
    return text


def draft_text(draft: dict) -> str:
    """The draft as a routine file (the same text as writing the whole document at once, but for
    where long lines are folded)."""
    doc = draft_document(draft)
    if not doc["exercises"]:
        return dump_document(doc)
    exercises = doc.pop("exercises")
    return dump_document(doc) + "exercises:\n" + "".join(_exercise_text(e) for e in exercises)


# --- checking -------------------------------------------------------------------------------

#: Where a problem is shown: ``("name",)``, ``("exercises", 2, "hold")``; ``()`` for the whole routine.
FieldPath = tuple


@dataclass
class Check:
    """The result of checking a draft: the routine (when it has no errors) and where each problem is."""

    text: str
    routine: Routine | None
    problems: list[Problem]
    by_field: dict[FieldPath, list[Problem]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.routine is not None and not has_errors(self.problems)

    @property
    def total_seconds(self) -> float | None:
        return None if self.routine is None else build_timeline(self.routine).total_seconds

    def messages(self, path: FieldPath) -> list[str]:
        return [_shown(p) for p in self.by_field.get(path, [])]

    def exercise_has_errors(self, index: int) -> bool:
        return any(p.is_error for path, problems in self.by_field.items()
                   if path[:2] == ("exercises", index) for p in problems)


def _shown(problem: Problem) -> str:
    return problem.message if problem.is_error else f"warning: {problem.message}"


def _key_lines(text: str) -> list[tuple[int, FieldPath]]:
    """(1-based line, path) of every key and list item in the text, in order."""
    found: list[tuple[int, FieldPath]] = []

    def walk(node, path: FieldPath) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                here = (*path, key.value)
                found.append((key.start_mark.line + 1, here))
                walk(value, here)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                found.append((item.start_mark.line + 1, (*path, index)))
                walk(item, (*path, index))

    walk(yaml.compose(text, Loader=_LOADER), ())
    return found


def _field_of(path: FieldPath) -> FieldPath:
    """The editor field a YAML path belongs to: ``exercises.2.tempo.up`` is the tempo field."""
    if len(path) >= 1 and path[0] == "exercises":
        if len(path) >= 3:
            return path[:3]
        if len(path) == 2:
            return path[:2]
    return path[:1]


def check_draft(draft: dict, filename: str, *, faq_ids: Collection[str] | None = None,
                base_dir: Path | None = None) -> Check:
    """Check the draft with the loader; each problem is filed under the field it is about."""
    text = draft_text(draft)
    routine, problems = load_routine_text(text, filename, faq_ids=faq_ids, base_dir=base_dir)
    by_field: dict[FieldPath, list[Problem]] = defaultdict(list)
    lines = _key_lines(text) if problems else []
    for problem in problems:
        where: FieldPath = ()
        if problem.line is not None:
            before = [path for line, path in lines if line <= problem.line]
            exact = [path for line, path in lines if line == problem.line]
            if exact:
                where = _field_of(exact[-1])
            elif before:
                where = _field_of(before[-1])
        by_field[where].append(problem)
    return Check(text, routine, problems, dict(by_field))


def tempo_part_names() -> tuple[str, ...]:
    return TEMPO_PART_NAMES
