"""The JSON Schema is generated from the format declaration, and the committed file is up to date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from coach.core.paths import builtin_routines_dir
from coach.core.routine_format import EXERCISE, PROGRESSION, ROUTINE, json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "schema" / "routine.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    generated = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated, (
        "resources/schema/routine.schema.json is out of date: run "
        "'coach schema > resources/schema/routine.schema.json' and commit it")


def test_schema_follows_the_declaration() -> None:
    schema = json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    exercise = schema["properties"]["exercises"]["items"]
    progression = exercise["properties"]["progression"]
    for record, part in ((ROUTINE, schema), (EXERCISE, exercise), (PROGRESSION, progression)):
        assert set(part["properties"]) == set(record.by_key)
        assert part.get("required", []) == [f.key for f in record.fields if f.required]
    assert schema["properties"]["version"]["enum"] == [1]
    assert schema["properties"]["exercises"]["minItems"] == 1
    assert exercise["oneOf"] == [{"required": ["reps"]}, {"required": ["hold"]}]
    assert exercise["dependencies"] == {"tempo": ["reps"], "progression": ["reps"]}
    assert exercise["properties"]["sides"]["enum"] == ["each"]
    get_ready = schema["properties"]["get_ready"]["oneOf"][0]
    hold = exercise["properties"]["hold"]["oneOf"][0]
    assert get_ready["minimum"] == 0 and hold["exclusiveMinimum"] == 0


def test_builtins_use_only_keys_the_schema_knows() -> None:
    # A tiny structural check (no JSON Schema library is a dependency): keys and their value kinds.
    schema = json_schema()
    exercise = schema["properties"]["exercises"]["items"]
    for path in sorted(builtin_routines_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= set(schema["properties"]), path.name
        for item in data["exercises"]:
            assert set(item) <= set(exercise["properties"]), (path.name, item["name"])
            for key in ("hold",):
                if key in item:
                    pattern = exercise["properties"][key]["oneOf"][1]["pattern"]
                    assert isinstance(item[key], (int, float)) or re.match(pattern, item[key])
