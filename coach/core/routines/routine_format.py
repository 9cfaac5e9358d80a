"""Reading a routine file: its text checked against the declaration, and the routine built from it.

The keys and their rules are declared once in :mod:`coach.core.routines.routine`; each problem is reported in
the user's words at its line and column. :func:`json_schema` is the same declaration for editors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path

from yaml.nodes import MappingNode

from coach.core.files.problems import WARNING, Problem
from coach.core.routines.routine import ROUTINE, Routine
from coach.core.routines.routine_types import BAD, Checked, suggestion
from coach.core.files.user_files import kind_of
from coach.core.files.yamlsource import YamlFile, describe_node, display_name, read_file, read_text


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

#: The name ending of a routine file for the desktop: its routine file type (the shared-mime-info
#: glob in resources/desktop/*.mime.xml) matches it, so a shared routine opens in Coach. Coach
#: reads any .yaml or .yml file as a routine too.
ROUTINE_FILE_SUFFIX = ".coach.yaml"


def export_file_name(routine_id: str) -> str:
    """The name an exported routine gets: ``runners-core`` -> ``runners-core.coach.yaml``."""
    return routine_id + ROUTINE_FILE_SUFFIX


def with_routine_suffix(path: Path) -> Path:
    """``path`` as given when it already ends in .yaml or .yml; else with .coach.yaml added
    (a name typed without one)."""
    return path if path.name.lower().endswith((".yaml", ".yml")) else path.with_name(path.name + ROUTINE_FILE_SUFFIX)


def default_id(filename: str) -> str:
    """The id a routine gets from its file name when it has no ``id:``: ``My Back.yaml`` -> ``my-back``."""
    stem = os.path.basename(filename)
    for suffix in (ROUTINE_FILE_SUFFIX, ".coach.yml", ".yaml", ".yml"):  # *.coach.yaml: the routine file type
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:80].strip("-") or "routine"


def load_routine_text(text: str | bytes, filename: str, *, faq_ids: Collection[str] | None = None,
                      base_dir: Path | None = None, loader: type | None = None,
                      ) -> tuple[Routine | None, list[Problem]]:
    """Check a routine file's text; the routine when it has no errors, and every problem found.

    ``faq_ids``: when given, unknown ids in ``faq:`` are warnings. ``base_dir``: when given, an
    ``image`` that does not exist there is a warning.
    """
    src = read_text(text, filename) if loader is None else read_text(text, filename, loader)
    return _check_and_build(src, filename, faq_ids, base_dir, None)


def load_routine_file(path: str | os.PathLike[str], *, name: str | None = None,
                      faq_ids: Collection[str] | None = None,
                      ) -> tuple[Routine | None, list[Problem]]:
    """Read and check one routine file (see :func:`load_routine_text`); ``name`` is how problems
    call the file (default: the path, relative to the current folder when inside it)."""
    path = Path(path)
    src = read_file(path, name if name is not None else display_name(path))
    return _check_and_build(src, path.name, faq_ids, path.parent, path)


def _check_and_build(src: YamlFile, filename: str, faq_ids: Collection[str] | None,
                     base_dir: Path | None, source_path: Path | None,
                     ) -> tuple[Routine | None, list[Problem]]:
    routine = None
    if src.root is not None:
        if not isinstance(src.root, MappingNode):
            src.problem(src.root, "a routine file must be a mapping of 'key: value' lines "
                                  f"(name:, exercises: ...), got {describe_node(src.root)}")
        else:
            checked = ROUTINE.check(src.root, src, "routine")
            assert isinstance(checked, Checked)
            _check_references(checked, src, faq_ids, base_dir)
            if not any(p.is_error for p in src.problems):
                routine = _build(checked, filename, source_path)
    return routine, sorted(src.problems, key=lambda p: (p.line or 0, p.column or 0))


def _check_references(routine: Checked, src: YamlFile, faq_ids: Collection[str] | None,
                      base_dir: Path | None) -> None:
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
        in_the_way = None if found else kind_of(image_path)
        if in_the_way:
            what = "a folder" if in_the_way == "a folder" else "not an ordinary file (a pipe or a device)"
            src.problem(exercise.nodes["image"], f"the image {image!r} is {what}; the exercise is "
                                                 "shown without it", WARNING)
        elif not found:
            src.problem(exercise.nodes["image"], f"the image {image!r} does not exist "
                                                 f"(looked in {base_dir}); the exercise is shown "
                                                 "without it", WARNING)


def _build(checked: Checked, filename: str, source_path: Path | None = None) -> Routine:
    return ROUTINE.to_model(checked, id=checked.get("id") or default_id(filename),
                            source_path=source_path)
