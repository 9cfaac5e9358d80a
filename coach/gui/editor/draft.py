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

from coach.core.durations import DurationError, parse_duration
from coach.core.problems import Problem, has_errors
from coach.core.routine import TEMPO_PART_NAMES, WHOLE_REP, Exercise, Routine, TempoPart
from coach.core.routine_format import load_routine_text
from coach.core.routine_writer import DuplicateKeys, dump_document, format_duration
from coach.core.timeline import build_timeline

#: Exercise kinds in the editor.
REPS, HOLD = "reps", "hold"
#: How reps are paced.
SELF_PACED, WHOLE, PARTS = "self-paced", "whole", "parts"

ROUTINE_DURATIONS = ("get_ready", "rest_between_sets", "rest_between_exercises", "switch_sides")
_NUMBER = re.compile(r"^\s*(\d+(\.\d*)?|\.\d+)\s*$")
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return str(format_duration(seconds))


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
        "name": exercise.name,
        "instructions": exercise.instructions,
        "sets": exercise.sets,
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
        "image": exercise.image or "",
    }


def routine_draft(routine: Routine) -> dict:
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        # A list, shown as "a, b" and split again only when the user edits the tags.
        "tags": list(routine.tags),
        **{key: duration_text(getattr(routine, key)) for key in ROUTINE_DURATIONS},
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
    doc: dict = {"name": ex["name"]}
    if ex["instructions"].strip():
        doc["instructions"] = ex["instructions"]
    doc["sets"] = ex["sets"]
    if ex["kind"] == HOLD:
        doc["hold"] = _duration(ex["hold"])
    else:
        doc["reps"] = ex["reps"]
        if ex["tempo_mode"] == WHOLE:
            doc["tempo"] = _duration(ex["tempo_whole"])
        elif ex["tempo_mode"] == PARTS:
            doc["tempo"] = DuplicateKeys((name, _duration(text)) for name, text in ex["tempo_parts"])
    if ex["sides"]:
        doc["sides"] = "each"
    if ex["own_rest"]:
        doc["rest_between_sets"] = _duration(ex["rest_between_sets"])
    if ex["faq"]:
        doc["faq"] = list(ex["faq"])
    if ex["progression"] and ex["kind"] == REPS:
        doc["progression"] = {"to": ex["to"], "step": ex["step"], "every": ex["every"]}
    if ex["image"].strip():
        doc["image"] = ex["image"]
    return doc


def draft_document(draft: dict) -> dict:
    doc: dict = {"version": 1, "id": draft["id"].strip(), "name": draft["name"]}
    if draft["description"].strip():
        doc["description"] = draft["description"]
    if draft["tags"]:
        doc["tags"] = list(draft["tags"])
    for key in ROUTINE_DURATIONS:
        doc[key] = _duration(draft[key])
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
