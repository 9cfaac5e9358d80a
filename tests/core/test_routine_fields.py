"""One declaration of each field drives the model, the loader, the writer and the history's copy
(the editor's part is tests/gui/test_editor_fields.py; the schema's
tests/core/test_routine_schema.py)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from coach.core.history.store import routine_from_json, routine_to_json
from coach.core.routines.routine import EXERCISE, PROGRESSION, ROUTINE, Exercise, Progression, Routine, TempoPart
from coach.core.routines.routine_format import load_routine_text
from coach.core.routines.routine_types import Duration, Field, Fields, Text, Whole, model_class
from coach.core.routines.routine_writer import routine_to_yaml

EVERYTHING = Routine(
    id="everything", name="Everything", description="All the keys.", tags=("a", "b"), get_ready=5.0,
    rest_between_sets=20.0, rest_between_exercises=45.0, switch_sides=3.0,
    exercises=(
        Exercise("Bridges", instructions="Lift.", sets=3, reps=10,
                 tempo=(TempoPart("up", 2.0), TempoPart("hold", 1.5)), sides="each",
                 rest_between_sets=0.0, faq=("sore-back",),
                 progression=Progression(to=20, step=2, every=3), image="bridge.png"),
        Exercise("Plank", hold=90.0),
        Exercise("Lowers", reps=8, tempo=(TempoPart("rep", 4.0),)),
    ))


@pytest.mark.parametrize("record, model", [(ROUTINE, Routine), (EXERCISE, Exercise),
                                           (PROGRESSION, Progression)])
def test_the_model_has_an_attribute_for_each_declared_field_with_its_default(record, model) -> None:
    declared = {f.name: f.model_default for f in record.fields}
    attributes = {f.name: f.default for f in dataclasses.fields(model) if f.name != "source_path"}
    assert attributes == declared
    assert record.model is model


def test_the_routines_defaults_are_the_declarations() -> None:
    loaded, problems = load_routine_text("name: R\nexercises:\n  - name: X\n    reps: 1\n", "r.yaml")
    assert problems == []
    for f in ROUTINE.fields:
        if f.default is not None and f.key != "exercises":
            assert getattr(loaded, f.name) == f.default, f.key
    assert (loaded.get_ready, loaded.rest_between_sets, loaded.rest_between_exercises,
            loaded.switch_sides) == (10.0, 30.0, 30.0, 5.0)


def test_a_routine_with_every_key_is_written_and_read_back_the_same() -> None:
    text = routine_to_yaml(EVERYTHING)
    loaded, problems = load_routine_text(text, "everything.yaml")
    assert problems == [] and loaded == EVERYTHING
    assert "up: 2s" in text and "hold: 1.5s" in text and "hold: 1m30s" in text and "tempo: 4s" in text


def test_the_history_keeps_a_routine_with_every_key_exactly() -> None:
    kept = routine_to_json(EVERYTHING)
    assert routine_from_json(kept) == EVERYTHING
    data = json.loads(kept)
    assert data["exercises"][0]["tempo"] == [["up", 2.0], ["hold", 1.5]]
    assert data["exercises"][0]["progression"] == {"to": 20, "step": 2, "every": 3}
    assert data["exercises"][1]["progression"] is None


def test_a_routine_kept_before_a_key_existed_reads_with_its_default() -> None:
    data = json.loads(routine_to_json(EVERYTHING))
    for exercise in data["exercises"]:
        del exercise["image"], exercise["faq"]
    del data["switch_sides"]
    again = routine_from_json(json.dumps(data))
    assert again.switch_sides == 5.0
    assert [(e.image, e.faq) for e in again.exercises] == [(None, ())] * 3


def test_a_new_field_is_one_line_of_declaration() -> None:
    # What adding a key to an exercise does, on a small record of its own.
    record = Fields("a thing", (
        Field("name", Text(20, required=True), "its name", required=True, label="Name"),
        Field("count", Whole(1, 9), "how many", default=1, label="Count"),
        Field("pause", Duration(allow_zero=True), "a pause", label="Pause"),
    ))
    thing = model_class(record, "Thing", __name__)
    made = thing(name="x", count=3, pause=2.5)
    assert record.to_document(made) == {"name": "x", "count": 3, "pause": "2.5s"}
    assert record.to_document(thing(name="y")) == {"name": "y", "count": 1}
    assert record.from_json(record.to_json(made)) == made
    assert record.schema()["properties"]["count"]["maximum"] == 9
