"""The routine checker: every kind of problem, with its exact line and column, all at once."""

from __future__ import annotations

import textwrap

import pytest

from coach.core.routines.routine import EXERCISE, ROUTINE, WHOLE_REP, Progression, TempoPart
from coach.core.routines.routine_format import default_id, load_routine_file, load_routine_text


def check(text: str, **kwargs) -> list[str]:
    routine, problems = load_routine_text(textwrap.dedent(text), "r.yaml", **kwargs)
    if any(p.is_error for p in problems):
        assert routine is None
    return [str(p) for p in problems]


GOOD = "name: Back\nexercises:\n  - name: Bridges\n    reps: 10\n"


def test_a_small_routine_gets_the_defaults() -> None:
    routine, problems = load_routine_text(textwrap.dedent(GOOD), "routines/My Back.yaml")
    assert problems == []
    assert routine.id == "my-back"
    assert routine.name == "Back"
    assert routine.version == 1
    assert (routine.get_ready, routine.rest_between_sets, routine.rest_between_exercises,
            routine.switch_sides) == (10.0, 30.0, 30.0, 5.0)
    assert routine.description == "" and routine.tags == ()
    (bridges,) = routine.exercises
    assert (bridges.name, bridges.sets, bridges.reps, bridges.hold, bridges.tempo) == ("Bridges", 1, 10, None, ())
    assert bridges.is_self_paced and bridges.sides is None and bridges.rest_between_sets is None
    assert bridges.faq == () and bridges.progression is None and bridges.image is None


def test_every_key_is_read() -> None:
    routine, problems = load_routine_text(textwrap.dedent("""\
        version: 1
        id: full-one
        name: Full
        description: All keys.
        tags: [a, b c]
        get_ready: 0
        rest_between_sets: 15s
        rest_between_exercises: 1m
        switch_sides: 0
        exercises:
          - name: Leg lowers
            instructions: Slowly.
            sets: 3
            reps: 10
            tempo: {down: 3s, up: 2s}
            sides: each
            rest_between_sets: 0
            faq: [strengthen-lower-back-for-running]
            progression: {to: 20, step: 2, every: 3}
            image: leg-lowers.svg
          - name: Plank
            hold: 1m30s
          - name: Fast
            reps: 5
            tempo: 2.5
    """), "full.yaml")
    assert problems == []
    assert routine.id == "full-one" and routine.tags == ("a", "b c")
    assert (routine.get_ready, routine.rest_between_sets, routine.rest_between_exercises,
            routine.switch_sides) == (0.0, 15.0, 60.0, 0.0)
    legs, plank, fast = routine.exercises
    assert legs.tempo == (TempoPart("down", 3.0), TempoPart("up", 2.0))
    assert legs.rep_seconds == 5.0
    assert (legs.sets, legs.sides, legs.rest_between_sets) == (3, "each", 0.0)
    assert legs.faq == ("strengthen-lower-back-for-running",)
    assert legs.progression == Progression(to=20, step=2, every=3)
    assert legs.image == "leg-lowers.svg" and legs.instructions == "Slowly."
    assert plank.hold == 90.0 and plank.is_hold
    assert fast.tempo == (TempoPart(WHOLE_REP, 2.5),)


def test_tempo_parts_keep_the_order_written() -> None:
    text = "name: T\nexercises:\n  - name: X\n    reps: 1\n    tempo: {pause: 1, hold: 2, up: 3, down: 4}\n"
    routine, _ = load_routine_text(text, "t.yaml")
    assert [p.name for p in routine.exercises[0].tempo] == ["pause", "hold", "up", "down"]


def test_the_example_message_from_the_issue() -> None:
    text = "name: Back\n" + "# padding\n" * 8 + "exercises:\n  - name: Bridges\n    reps: ten\n"
    assert check(text) == ["r.yaml:12:11: error: 'reps' must be a whole number >= 1, got 'ten'"]


def test_all_problems_of_a_file_at_once_in_file_order() -> None:
    problems = check("""\
        name: Back
        get_ready: soon
        exercises:
          - name: Bridges
            reps: ten
            tempo: {up: 2s, hodl: 3s}
          - name: Plank
            hold: thirty
        resst_between_sets: 20s
        version: 2
    """)
    assert problems == [
        "r.yaml:2:12: error: 'get_ready' must be a duration such as 45s, 2.5s, 1m, 1m30s or a number "
        "of seconds, got 'soon'",
        "r.yaml:5:11: error: 'reps' must be a whole number >= 1, got 'ten'",
        "r.yaml:6:21: error: unknown tempo part 'hodl': the parts are up, hold, down, pause; "
        "did you mean 'hold'?",
        "r.yaml:8:11: error: 'hold' must be a duration such as 45s, 2.5s, 1m, 1m30s or a number of "
        "seconds, got 'thirty'",
        "r.yaml:9:1: error: unknown key 'resst_between_sets' in a routine; did you mean "
        "'rest_between_sets'?",
        "r.yaml:10:10: error: 'version' must be 1 (the routine format versions this Coach reads), got 2",
    ]


@pytest.mark.parametrize("text, expected", [
    ("[1, 2]\n", "r.yaml:1:1: error: a routine file must be a mapping of 'key: value' lines (name:, "
                 "exercises: ...), got a list"),
    ("just words\n", "r.yaml:1:1: error: a routine file must be a mapping of 'key: value' lines "
                     "(name:, exercises: ...), got 'just words'"),
    ("~\n", "r.yaml:1:1: error: a routine file must be a mapping of 'key: value' lines (name:, "
            "exercises: ...), got nothing"),
])
def test_top_level_not_a_mapping(text: str, expected: str) -> None:
    assert check(text) == [expected]


def test_empty_file() -> None:
    assert check("# nothing yet\n") == [
        "r.yaml: error: the file is empty (it holds no YAML value, at most comments)"]


def test_syntax_error() -> None:
    problems = check("name: Back\nexercises:\n  - name: Bridges\n    reps: [10\n")
    assert len(problems) == 1 and problems[0].startswith("r.yaml:5:1: error: YAML syntax error: ")


def test_missing_required_keys_point_at_the_mapping() -> None:
    assert check("description: x\n") == [
        "r.yaml:1:1: error: a routine needs 'name' (the routine's name, shown in the library)",
        "r.yaml:1:1: error: a routine needs 'exercises' (the exercises, in order)",
    ]
    assert check("name: Back\nexercises:\n  - reps: 3\n") == [
        "r.yaml:3:5: error: an exercise needs 'name' (the exercise's name, shown in the library and "
        "the workout)"]


def test_unknown_keys_with_and_without_suggestion() -> None:
    assert check("""\
        name: Back
        excercises:
          - name: Bridges
            reps: 3
            rest_betwen_sets: 10s
            colour: red
    """) == [
        "r.yaml:1:1: error: a routine needs 'exercises' (the exercises, in order)",
        "r.yaml:2:1: error: unknown key 'excercises' in a routine; did you mean 'exercises'?",
    ]
    assert check(GOOD + "colour: red\nName: again\n") == [
        "r.yaml:5:1: error: unknown key 'colour' in a routine",
        "r.yaml:6:1: error: unknown key 'Name' in a routine; did you mean 'name'?",
    ]


def test_unknown_key_in_an_exercise() -> None:
    assert check(GOOD + "    repetitions: 3\n") == [
        "r.yaml:5:5: error: unknown key 'repetitions' in an exercise; did you mean 'reps'?"]


def test_key_that_is_not_a_word() -> None:
    assert check(GOOD + "? [a, b]\n: 1\n") == ["r.yaml:5:3: error: keys must be plain words, got a list"]


def test_duplicate_keys_report_both_lines() -> None:
    assert check(GOOD + "    reps: 12\n") == [
        "r.yaml:5:5: error: duplicate key 'reps': it is also on line 4; keep only one (otherwise one "
        "of them would be silently ignored)"]


@pytest.mark.parametrize("line, expected", [
    ("reps: 0", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got 0"),
    ("reps: -2", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got -2"),
    ("reps: 2.5", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got 2.5"),
    ("reps: yes", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got yes"),
    ("reps:", "r.yaml:4:10: error: 'reps' must be a whole number >= 1, got nothing"),
    ("reps: [10]", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got a list"),
    ("reps: 1001", "r.yaml:4:11: error: 'reps' must be at most 1000, got 1001"),
    ("reps: !!int ten", "r.yaml:4:11: error: 'reps' must be a whole number >= 1, got 'ten'"),
])
def test_reps_types_and_ranges(line: str, expected: str) -> None:
    assert check(f"name: Back\nexercises:\n  - name: Bridges\n    {line}\n") == [expected]


@pytest.mark.parametrize("line, expected", [
    ("sets: 0", "r.yaml:5:11: error: 'sets' must be a whole number >= 1, got 0"),
    ("sets: 101", "r.yaml:5:11: error: 'sets' must be at most 100, got 101"),
    ("sides: both", "r.yaml:5:12: error: 'sides' must be 'each' (left, then right), got 'both'"),
    ("sides: Each", "r.yaml:5:12: error: 'sides' must be 'each' (left, then right), got 'Each'; "
                    "did you mean 'each'?"),
    ("tempo: {}", "r.yaml:5:12: error: 'tempo' must be a duration (the length of one rep) or parts "
                  "such as {up: 2s, hold: 3s, down: 2s}, got a mapping"),
    ("tempo: [2s, 3s]", "r.yaml:5:12: error: 'tempo' must be a duration (the length of one rep) or "
                        "parts such as {up: 2s, hold: 3s, down: 2s}, got a list"),
    ("tempo: fast", "r.yaml:5:12: error: 'tempo' must be a duration (the length of one rep) or parts "
                    "such as {up: 2s, hold: 3s, down: 2s}, got 'fast'"),
    ("tempo: 0", "r.yaml:5:12: error: 'tempo' must be longer than 0, got 0"),
    ("tempo: {up: 0}", "r.yaml:5:17: error: 'up' in 'tempo' must be longer than 0, got 0"),
    ("tempo: {up: 2h}", "r.yaml:5:17: error: 'up' in 'tempo' must be at most 1 hour (1h, 60m or 3600), "
                        "got '2h'"),
    ("rest_between_sets: -1", "r.yaml:5:24: error: 'rest_between_sets' must be 0 or longer (0 means "
                              "no pause), got -1"),
    ("instructions: [a]", "r.yaml:5:19: error: 'instructions' must be text, got a list"),
    ("faq: strengthen-lower-back", "r.yaml:5:10: error: 'faq' must be a list, got "
                                   "'strengthen-lower-back'; write it as a list, one '- ' item a line"),
    ("faq: [Strengthen Lower Back]", "r.yaml:5:11: error: item 1 of 'faq' must be an id of lowercase "
                                     "letters, digits and dashes (like 'lower-back-basics'), got "
                                     "'Strengthen Lower Back'"),
    ("faq: [a, b, a]", "r.yaml:5:17: error: 'a' is listed twice in 'faq' (items 1 and 3)"),
    ("image: picture.gif", "r.yaml:5:12: error: 'image' must be a PNG, JPEG or SVG file (ending in "
                           ".png, .jpg, .jpeg, .svg), got 'picture.gif'"),
    ("progression: 20", "r.yaml:5:18: error: 'progression' must be a progression, written as "
                        "'key: value' lines, got 20; write it like {to: 20, step: 2, every: 3}"),
    ("progression: {to: 8, step: 2, every: 3}", "r.yaml:5:23: error: 'to' must be more than the "
                                                "exercise's 'reps' (10), got 8"),
    ("progression: {to: 20, step: 0, every: 3}", "r.yaml:5:33: error: 'step' must be a whole number "
                                                 ">= 1, got 0"),
    ("progression: {to: 20, step: 2}", "r.yaml:5:18: error: a progression needs 'every' (after how "
                                       "many completed sessions to add them)"),
    ("progression: {to: 20, step: 2, every: 3, by: 1}", "r.yaml:5:46: error: unknown key 'by' in a "
                                                        "progression"),
])
def test_exercise_values(line: str, expected: str) -> None:
    assert check(f"name: Back\nexercises:\n  - name: Bridges\n    reps: 10\n    {line}\n") == [expected]


@pytest.mark.parametrize("line, expected", [
    ("name:", "r.yaml:1:6: error: 'name' must be text, got nothing; put the text after the colon, "
              "in quotes if it has a ':' in it"),
    ("name: ''", "r.yaml:1:7: error: 'name' must be some text (it cannot be empty), got ''"),
    ("name: " + "x" * 201, "r.yaml:1:7: error: 'name' must be at most 200 characters long, got 201"),
    ("id: Lower Back", "r.yaml:1:5: error: 'id' must be an id of lowercase letters, digits and dashes "
                       "(like 'lower-back-basics'), got 'Lower Back'"),
    ("version: 1.0", "r.yaml:1:10: error: 'version' must be 1 (the routine format versions this Coach "
                     "reads), got 1.0"),
    ("version: one", "r.yaml:1:10: error: 'version' must be 1 (the routine format versions this Coach "
                     "reads), got 'one'"),
    ("tags: running", "r.yaml:1:7: error: 'tags' must be a list, got 'running'; write it as a list, "
                      "one '- ' item a line"),
    ("tags: [a, [b]]", "r.yaml:1:11: error: item 2 of 'tags' must be text, got a list"),
    ("get_ready: 0s", None),
    ("get_ready: 2h", "r.yaml:1:12: error: 'get_ready' must be at most 1 hour (1h, 60m or 3600), got '2h'"),
    ("switch_sides: -5", "r.yaml:1:15: error: 'switch_sides' must be 0 or longer (0 means no pause), "
                         "got -5"),
    ("rest_between_exercises: true", "r.yaml:1:25: error: 'rest_between_exercises' must be a duration "
                                     "such as 45s, 2.5s, 1m, 1m30s or a number of seconds, got true"),
])
def test_routine_values(line: str, expected: str | None) -> None:
    text = f"{line}\nexercises:\n  - name: Bridges\n    reps: 10\n"
    if not line.startswith("name"):
        text = "name: Back\n" + text
        expected = expected and expected.replace("r.yaml:1:", "r.yaml:2:")
    assert check(text) == ([expected] if expected else [])


def test_numbers_as_names_are_kept_as_written() -> None:
    routine, problems = load_routine_text("name: 1984\nexercises:\n  - name: 0x10\n    reps: 1\n", "n.yaml")
    assert problems == []
    assert routine.name == "1984" and routine.exercises[0].name == "0x10"


def test_exercises_list_problems() -> None:
    assert check("name: Back\nexercises: []\n") == [
        "r.yaml:2:12: error: 'exercises' needs at least 1 item, got an empty list"]
    assert check("name: Back\nexercises:\n") == [
        "r.yaml:2:11: error: 'exercises' must be a list, got nothing; write it as a list, one '- ' "
        "item a line"]
    assert check("name: Back\nexercises:\n  - Bridges\n") == [
        "r.yaml:3:5: error: item 1 of 'exercises' must be an exercise, written as 'key: value' lines, "
        "got 'Bridges'; write '- name: Bridges' and the exercise's keys below it"]
    many = "name: Back\nexercises:\n" + "  - {name: X, reps: 1}\n" * 201
    assert check(many) == ["r.yaml:3:3: error: 'exercises' can have at most 200 items, got 201"]


def test_reps_and_hold_both_or_neither() -> None:
    assert check("name: Back\nexercises:\n  - name: Plank\n    reps: 3\n    hold: 30s\n") == [
        "r.yaml:5:5: error: use either 'reps' (repetitions) or 'hold' (a timed hold), not both"]
    assert check("name: Back\nexercises:\n  - name: Plank\n    sets: 2\n") == [
        "r.yaml:3:5: error: exercise 'Plank' needs 'reps' (repetitions, e.g. 'reps: 10') or 'hold' "
        "(a timed hold, e.g. 'hold: 30s')"]
    # A wrong value still counts as given: the message is about the value, not a missing key.
    assert check("name: Back\nexercises:\n  - name: Plank\n    hold: long\n") == [
        "r.yaml:4:11: error: 'hold' must be a duration such as 45s, 2.5s, 1m, 1m30s or a number of "
        "seconds, got 'long'"]


def test_tempo_without_reps() -> None:
    assert check("name: Back\nexercises:\n  - name: Plank\n    hold: 30s\n    tempo: 2s\n") == [
        "r.yaml:5:5: error: 'tempo' goes only with 'reps': a hold already has its length; remove 'tempo'"]
    assert check("name: Back\nexercises:\n  - name: Plank\n    tempo: 2s\n") == [
        "r.yaml:3:5: error: exercise 'Plank' needs 'reps' (repetitions, e.g. 'reps: 10') or 'hold' "
        "(a timed hold, e.g. 'hold: 30s')",
        "r.yaml:4:5: error: 'tempo' goes only with 'reps': add 'reps: N'"]


def test_progression_with_a_hold() -> None:
    assert check("name: B\nexercises:\n  - name: P\n    hold: 3s\n    progression: {to: 2, step: 1, every: 1}\n") == [
        "r.yaml:5:5: error: 'progression' adds reps, so it goes only with 'reps'"]


def test_unknown_version_names_the_supported_ones() -> None:
    assert check("version: 2\n" + textwrap.dedent(GOOD)) == [
        "r.yaml:1:10: error: 'version' must be 1 (the routine format versions this Coach reads), got 2"]


def test_unsafe_tag_is_reported_once() -> None:
    assert check("name: !!python/object/apply:os.system [echo hi]\nexercises:\n  - {name: X, reps: 1}\n") == [
        "r.yaml:1:7: error: the tag '!!python/object/apply:os.system' is not allowed: Coach reads plain "
        "data only and never runs anything from a file; remove the tag"]


def test_faq_ids_warn_only_when_known_ids_are_given() -> None:
    text = GOOD + "    faq: [strengthen-lower-bak, runners-face, no-such-answer]\n"
    assert check(text) == []
    routine, problems = load_routine_text(textwrap.dedent(text), "r.yaml",
                                          faq_ids={"strengthen-lower-back", "runners-face"})
    assert routine is not None  # warnings do not stop the routine
    assert [str(p) for p in problems] == [
        "r.yaml:5:11: warning: unknown FAQ id 'strengthen-lower-bak'; did you mean 'strengthen-lower-back'?",
        "r.yaml:5:47: warning: unknown FAQ id 'no-such-answer'; 'coach faq' lists the answers",
    ]


def test_missing_image_warns_relative_to_the_file(tmp_path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(textwrap.dedent(GOOD) + "    image: pics/bridge.png\n", encoding="utf-8")
    routine, problems = load_routine_file(path, name="r.yaml")
    assert routine is not None
    assert [str(p) for p in problems] == [
        f"r.yaml:5:12: warning: the image 'pics/bridge.png' does not exist (looked in {tmp_path}); "
        "the exercise is shown without it"]
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "bridge.png").write_bytes(b"\x89PNG")
    assert load_routine_file(path, name="r.yaml")[1] == []
    assert routine.source_path is None or routine.source_path == path


def test_loaded_file_remembers_its_path(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(textwrap.dedent(GOOD), encoding="utf-8")
    routine, _ = load_routine_file(path)
    assert routine.source_path == path and routine.id == "mine"


@pytest.mark.parametrize("filename, routine_id", [
    ("back.yaml", "back"), ("My Back Routine.yaml", "my-back-routine"), ("x.YML", "x"),
    ("__.yaml", "routine"), ("routines/Leg_Lowers-2.yaml", "leg-lowers-2"),
])
def test_default_id(filename: str, routine_id: str) -> None:
    assert default_id(filename) == routine_id


def test_declaration_is_the_single_source() -> None:
    # The checker's keys, the schema's properties and the model agree.
    from coach.core.routines.routine_format import json_schema

    schema = json_schema()
    assert list(schema["properties"]) == [f.key for f in ROUTINE.fields]
    exercise = schema["properties"]["exercises"]["items"]
    assert list(exercise["properties"]) == [f.key for f in EXERCISE.fields]
    assert schema["required"] == ["name", "exercises"]
    assert exercise["required"] == ["name"]
    assert exercise["properties"]["reps"] == {
        "type": "integer", "minimum": 1, "maximum": 1000,
        "description": "repetitions per set (per side)"}


def test_exercises_written_without_dashes() -> None:
    assert check("name: A\nexercises:\n  name: Bridges\n  reps: 10\n") == [
        "r.yaml:3:3: error: 'exercises' must be a list, got a mapping; start each item with '- ' "
        "(a dash and a space)"]


def test_exercise_key_out_of_line() -> None:
    (problem,) = check("name: A\nexercises:\n  - name: Bridges\n  reps: 10\n")
    assert problem.startswith("r.yaml:4:3: error: YAML syntax error: ")
    assert problem.endswith("check the indentation: the keys of a list item line up under the first "
                            "key after its '- '")


# --- nothing escapes ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "name: ", "exercises:", "\n", "  ", "- ", "reps: ", "hold: ", "tempo: ", "{up: 2s}", "[", "]",
    "{", "}", ":", "&a ", "*a", "!!python/object ", "!x ", "'", '"', "#", "10", "-1", "1m30s",
    "sides: each", "progression: {to: 2}", "\t", "? ", "---", "...", "%YAML 1.1", "\ufeff", "é",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_routine_like_text_gives_a_routine_or_errors(text: str) -> None:
    routine, problems = load_routine_text(text, "f.yaml")
    assert (routine is None) == any(p.is_error for p in problems)
    assert all(p.file == "f.yaml" and p.message for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_routine_or_errors(data: bytes) -> None:
    routine, problems = load_routine_text(data, "f.yaml")
    assert (routine is None) == any(p.is_error for p in problems)


def test_an_exported_routine_is_named_for_the_routine_file_type() -> None:
    from pathlib import Path

    from coach.core.routines.routine_format import default_id, export_file_name, with_routine_suffix

    assert export_file_name("runners-core") == "runners-core.coach.yaml"
    assert default_id(export_file_name("runners-core")) == "runners-core"  # and reads back as that id
    assert with_routine_suffix(Path("/x/mine")) == Path("/x/mine.coach.yaml")  # typed without one
    assert with_routine_suffix(Path("/x/mine.yml")) == Path("/x/mine.yml")
    assert with_routine_suffix(Path("/x/Mine.YAML")) == Path("/x/Mine.YAML")
