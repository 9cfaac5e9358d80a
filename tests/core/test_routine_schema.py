"""The JSON Schema says what the loader says: python-jsonschema (the standard's own validator) and
Coach's checker give the same verdict on every built-in routine and on a corpus of good and bad files.

An editor using the schema (yaml-language-server) marks exactly the files Coach refuses, but for the
rules JSON Schema cannot say (at the end of this file).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coach.core.routines.durations import DurationError, parse_duration, schema_pattern
from coach.core.files.paths import builtin_routines_dir
from coach.core.routines.routine_format import json_schema, load_routine_text

if os.environ.get("CI"):  # .ci/run installs the test extra: there a missing validator is a failure
    import jsonschema
else:  # a checkout whose venv predates the dependency
    jsonschema = pytest.importorskip("jsonschema", reason="a test dependency: pip install -e '.[test]'")

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "schema" / "routine.schema.json"

GOOD_EXERCISE = "  - name: Bridges\n    reps: 10\n"


def routine(*lines: str, exercise: str = GOOD_EXERCISE, name: str = "name: Back\n") -> str:
    """A routine file: ``name``, the routine's ``lines``, then one exercise."""
    return name + "".join(line + "\n" for line in lines) + "exercises:\n" + exercise


def exercise(*lines: str) -> str:
    """A routine whose one exercise is ``- name: X`` and ``lines``."""
    return routine(exercise="  - name: X\n" + "".join(f"    {line}\n" for line in lines))


#: (what it is, the file, whether Coach takes it).
CORPUS = [
    # the three disagreements issue 16 found
    ("a number as a name", routine(name="name: 123\n"), True),
    ("a name of spaces", routine(name='name: "   "\n'), False),
    ("a hold of 61 minutes", exercise("hold: 61m"), False),
    # names and texts
    ("yes as a name", routine(name="name: yes\n"), True),
    ("a decimal as a name", routine(name="name: 2.5\n"), True),
    ("no name", routine(name=""), False),
    ("an empty name", routine(name="name: ''\n"), False),
    ("a null name", routine(name="name:\n"), False),
    ("a list as a name", routine(name="name: [a, b]\n"), False),
    ("a name of 200 characters", routine(name=f"name: {'x' * 200}\n"), True),
    ("a name of 201 characters", routine(name=f"name: {'x' * 201}\n"), False),
    ("an empty description", routine("description: ''"), True),
    ("a tag of spaces", routine("tags: ['  ']"), False),
    ("numbers as tags", routine("tags: [1, 2]"), True),
    ("a text as tags", routine("tags: back"), False),
    # ids
    ("an id", routine("id: my-back-2"), True),
    ("a number as an id", routine("id: 2024"), True),
    ("an id with capitals", routine("id: My-Back"), False),
    ("an id ending in a dash", routine("id: back-"), False),
    # the routine's timings
    ("no rest", routine("rest_between_sets: 0"), True),
    ("no get-ready countdown, as text", routine("get_ready: 0s"), True),
    ("a negative rest", routine("rest_between_sets: -5"), False),
    ("an hour's rest", routine("rest_between_exercises: 1h"), True),
    ("3601 seconds of rest", routine("rest_between_exercises: 3601"), False),
    ("a rest of 60 minutes", routine("rest_between_exercises: 60m"), True),
    ("a rest in words", routine("switch_sides: thirty"), False),
    ("a quoted number of seconds", routine("switch_sides: '45'"), True),
    ("a version this Coach reads", routine("version: 1"), True),
    ("a version it does not", routine("version: 2"), False),
    ("an unknown key", routine("colour: red"), False),
    ("no exercises", "name: Back\nexercises: []\n", False),
    ("no exercises key", "name: Back\n", False),
    # exercises
    ("a hold", exercise("hold: 30s"), True),
    ("a hold of 1m30s", exercise("hold: 1m30s"), True),
    ("a hold of 59m59s", exercise("hold: 59m59s"), True),
    ("a hold of 0 seconds", exercise("hold: 0s"), False),
    ("a hold of 0", exercise("hold: 0"), False),
    ("a hold of 1h1s", exercise("hold: 1h1s"), False),
    ("neither reps nor hold", exercise("sets: 2"), False),
    ("reps and a hold", exercise("reps: 10", "hold: 30s"), False),
    ("no reps", exercise("reps: 0"), False),
    ("1000 reps", exercise("reps: 1000", "sets: 1"), True),
    ("1001 reps", exercise("reps: 1001"), False),
    ("yes as reps", exercise("reps: yes"), False),
    ("reps in words", exercise("reps: ten"), False),
    ("2.5 sets", exercise("reps: 10", "sets: 2.5"), False),
    ("101 sets", exercise("reps: 1", "sets: 101"), False),
    ("a tempo in parts", exercise("reps: 10", "tempo: {up: 2s, hold: 3s, down: 2s}"), True),
    ("a tempo of one duration", exercise("reps: 10", "tempo: 5s"), True),
    ("a tempo without reps", exercise("hold: 30s", "tempo: 5s"), False),
    ("an empty tempo", exercise("reps: 10", "tempo: {}"), False),
    ("an unknown tempo part", exercise("reps: 10", "tempo: {lift: 2s}"), False),
    ("a tempo part of 0", exercise("reps: 10", "tempo: {up: 0s}"), False),
    ("sides each", exercise("hold: 30s", "sides: each"), True),
    ("sides both", exercise("hold: 30s", "sides: both"), False),
    ("an exercise's own rest of 0", exercise("reps: 5", "rest_between_sets: 0"), True),
    ("FAQ links", exercise("reps: 5", "faq: [sore-back, run-2]"), True),
    ("a FAQ link listed twice", exercise("reps: 5", "faq: [sore-back, sore-back]"), False),
    ("a FAQ link with a space", exercise("reps: 5", "faq: [sore back]"), False),
    ("a progression", exercise("reps: 10", "progression: {to: 20, step: 2, every: 3}"), True),
    ("a progression without 'every'", exercise("reps: 10", "progression: {to: 20, step: 2}"), False),
    ("a progression of a hold", exercise("hold: 30s", "progression: {to: 20, step: 2, every: 3}"),
     False),
    ("an image", exercise("reps: 5", "image: pictures/bridge.PNG"), True),
    ("a GIF image", exercise("reps: 5", "image: bridge.gif"), False),
    ("a number as an image", exercise("reps: 5", "image: 12"), False),
    ("an unknown exercise key", exercise("reps: 5", "weight: 5"), False),
    ("an exercise as text", routine(exercise="  - Bridges\n"), False),
]

#: What JSON Schema cannot say, so an editor's schema takes it and Coach refuses it with its reason.
ONLY_THE_LOADER_REFUSES = [
    ("a progression to fewer reps than now", exercise("reps: 10", "progression: {to: 5, step: 1, every: 3}")),
    ("a key given twice", exercise("reps: 10", "reps: 12")),
    ("more than 20,000 timed steps",
     exercise("reps: 1000", "sets: 100", "tempo: {up: 1s, down: 1s}")),
]


def validator():
    cls = jsonschema.validators.validator_for(json_schema())
    cls.check_schema(json_schema())
    return cls(json_schema(), format_checker=cls.FORMAT_CHECKER)


def schema_takes(text: str) -> bool:
    return validator().is_valid(yaml.safe_load(text))


def loader_takes(text: str) -> bool:
    routine_found, _problems = load_routine_text(text, "back.yaml")
    return routine_found is not None


def test_committed_schema_is_up_to_date() -> None:
    generated = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated, (
        "resources/schema/routine.schema.json is out of date: run "
        "'coach schema > resources/schema/routine.schema.json' and commit it")


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    assert json_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", sorted(builtin_routines_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_builtin_routine_is_valid_for_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator().iter_errors(yaml.safe_load(text))]
    assert errors == [] and loader_takes(text)


@pytest.mark.parametrize("what, text, taken", CORPUS, ids=[c[0] for c in CORPUS])
def test_the_schema_and_the_loader_agree(what: str, text: str, taken: bool) -> None:
    assert (loader_takes(text), schema_takes(text)) == (taken, taken)


@pytest.mark.parametrize("what, text", ONLY_THE_LOADER_REFUSES, ids=[c[0] for c in ONLY_THE_LOADER_REFUSES])
def test_rules_json_schema_cannot_say_are_the_loaders(what: str, text: str) -> None:
    assert schema_takes(text) and not loader_takes(text)


_NUMBERS = st.from_regex(r"\A(0|[1-9]\d{0,4}|0?\.\d{1,2}|[1-9]\d{0,3}\.\d{1,2})\Z")
_UNITS = st.sampled_from(["", "s", " s", "sec", "seconds", "m", "min", " minutes", "h", "hr", "hours"])


@given(st.lists(st.tuples(_NUMBERS, _UNITS), min_size=1, max_size=3), st.booleans())
def test_a_duration_the_schema_takes_coach_takes(parts: list[tuple[str, str]], allow_zero: bool) -> None:
    # The schema's pattern cannot add up the parts, so it takes fewer spellings: never more.
    written = "".join(number + unit for number, unit in parts)
    if re.search(schema_pattern(allow_zero=allow_zero), written):
        try:
            parse_duration(written, allow_zero=allow_zero)
        except DurationError as error:
            pytest.fail(f"the schema takes {written!r}, Coach says it {error}")
