"""Writing routines: readable YAML in the format's order, atomic saves, backups of commented files."""

from __future__ import annotations

import errno
import os
import stat

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from permissions import obeying_file_permissions
from routine_strategies import routines

from coach.core.routines import routine_writer
from coach.core.routines.routine import Exercise, Progression, Routine, TempoPart
from coach.core.routines.routine_format import load_routine_file, load_routine_text
from coach.core.routines.routine_writer import (
    SaveError,
    format_duration,
    has_comments,
    routine_to_yaml,
    save_routine,
)

BRIDGES = Exercise(name="Bridges", instructions="Lie on your back.\nLift slowly.", sets=2, reps=10,
                   tempo=(TempoPart("up", 2), TempoPart("hold", 3), TempoPart("down", 2)),
                   faq=("strengthen-lower-back",), progression=Progression(to=20, step=2, every=3))
STRETCH = Exercise(name="Knee-to-chest stretches", hold=30, sides="each", rest_between_sets=15)
LEG_LOWERS = Exercise(name="Leg lowers", reps=10, tempo=(TempoPart("down", 3), TempoPart("up", 2)))
ROUTINE = Routine(id="back", name="Back: basics", description="For runners.", tags=("back",),
                  exercises=(BRIDGES, STRETCH, LEG_LOWERS), get_ready=5, rest_between_sets=20,
                  rest_between_exercises=90, switch_sides=0)


@pytest.mark.parametrize(("seconds", "written"), [
    (30, "30s"), (30.0, "30s"), (2.5, "2.5s"), (0, "0s"), (60, "1m"), (90, "1m30s"),
    (90.5, "1m30.5s"), (3600, "1h"), (3599, "59m59s"), (0.25, "0.25s"), (59.999, "59.999s"), (1e-5, "0.00001s"),
])
def test_durations_are_written_the_way_people_write_them(seconds: float, written: str) -> None:
    assert format_duration(seconds) == written


def test_keys_follow_the_format_order_and_defaults_are_left_out() -> None:
    text = routine_to_yaml(ROUTINE)
    top_keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert top_keys == ["version", "id", "name", "description", "tags", "get_ready",
                        "rest_between_sets", "rest_between_exercises", "switch_sides", "exercises"]
    exercise = text.split("  - name: Knee-to-chest stretches\n")[1].split("  - name:")[0]
    keys = [line.strip().split(":")[0] for line in exercise.splitlines()]
    # instructions "", faq (), progression None, image None, reps None, tempo () are not written
    assert keys == ["sets", "hold", "sides", "rest_between_sets"]
    assert "    hold: 30s\n" in text
    assert "switch_sides: 0s\n" in text
    assert "rest_between_exercises: 1m30s\n" in text


def test_block_style_with_multiline_text_as_a_literal_block() -> None:
    text = routine_to_yaml(ROUTINE)
    assert "{" not in text and "[" not in text
    assert "    instructions: |-\n      Lie on your back.\n      Lift slowly.\n" in text
    assert "    tempo:\n      down: 3s\n      up: 2s\n" in text  # parts in the order given


def test_whole_rep_tempo_is_one_duration() -> None:
    exercise = Exercise(name="Pelvic tilts", reps=12, tempo=(TempoPart("rep", 4),))
    text = routine_to_yaml(Routine(id="t", name="T", exercises=(exercise,)))
    assert "    tempo: 4s\n" in text


def test_shared_objects_never_become_anchors_or_aliases() -> None:
    same = ("strengthen-lower-back", "run-every-day")
    a = Exercise(name="A", reps=3, faq=same)
    routine = Routine(id="x", name="X", exercises=(a, a, a), tags=same)
    text = routine_to_yaml(routine)
    assert "&" not in text and "*" not in text
    assert text.count("strengthen-lower-back") == 4


@pytest.mark.parametrize("name", [
    "yes", "no", "null", "~", "123", "1e3", "- dash", "key: value", "# not a comment", "'quoted'",
    '"double"', "tab\there", "trailing space ", " leading", "!!python/object:os.system", "*alias",
    "&anchor", "%percent", "@at", "`tick", "émoji 🏃", "line\nbreak ", "a\u2028b", "\x07bell", "",
])
def test_any_text_survives_safe_loading_exactly(name: str) -> None:
    routine = Routine(id="x", name=name, description=name, exercises=(Exercise(name=name, reps=1,
                      instructions=name),))
    data = yaml.safe_load(routine_to_yaml(routine))
    assert data["name"] == name
    assert data["exercises"][0]["name"] == name
    assert data.get("description", "") == name
    assert data["exercises"][0].get("instructions", "") == name


def test_comments_are_found_only_outside_text() -> None:
    assert not has_comments("name: 'a # b'\ninstructions: |\n  # not a comment\n")
    assert not has_comments("name: a#b\n")
    assert has_comments("# my notes\nname: a\n")
    assert has_comments("name: a  # the name\n")
    assert has_comments("name: [unclosed\n")  # cannot be read, so cannot be kept either


def test_save_writes_the_text_and_leaves_no_temporary_file(tmp_path) -> None:
    path = tmp_path / "routines" / "back.yaml"
    result = save_routine(ROUTINE, path)
    assert result.path == path and result.backup is None
    assert path.read_text("utf-8") == routine_to_yaml(ROUTINE)
    assert sorted(p.name for p in path.parent.iterdir()) == ["back.yaml"]


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path) -> None:
    path = tmp_path / "back.yaml"
    path.write_text("name: old\n")
    os.chmod(path, 0o600)
    save_routine(ROUTINE, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_commented_file_is_kept_as_bak_before_it_is_replaced(tmp_path) -> None:
    path = tmp_path / "back.yaml"
    old = "# my physio said: go slowly\nname: Old\n"
    path.write_text(old)
    result = save_routine(ROUTINE, path)
    assert result.backup == tmp_path / "back.yaml.bak"
    assert result.backup.read_text() == old
    assert path.read_text() == routine_to_yaml(ROUTINE)
    # Saving again: the file has no comments any more, so nothing new is backed up.
    assert save_routine(ROUTINE, path).backup is None
    assert (tmp_path / "back.yaml.bak").read_text() == old


def test_a_file_without_comments_gets_no_backup(tmp_path) -> None:
    path = tmp_path / "back.yaml"
    path.write_text("name: 'Old # not a comment'\n")
    assert save_routine(ROUTINE, path).backup is None
    assert not (tmp_path / "back.yaml.bak").exists()


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EROFS, "the folder is read-only"),
    (errno.EACCES, "permission denied"),
])
@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_save_says_why_and_leaves_the_old_file_untouched(
        tmp_path, monkeypatch, code: int, words: str, failing: str) -> None:
    path = tmp_path / "back.yaml"
    path.write_text("name: Old\n")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if failing == "write":
        monkeypatch.setattr(routine_writer.os, "fdopen", lambda *a, **k: _FailingFile(code))
    else:
        monkeypatch.setattr(routine_writer.os, failing, fail)
    with pytest.raises(SaveError) as caught:
        save_routine(ROUTINE, path)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_text() == "name: Old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["back.yaml"]  # temporary file cleaned up


class _FailingFile:
    def __init__(self, code: int) -> None:
        self.code = code

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


def test_a_read_only_folder_is_reported(tmp_path) -> None:
    path = tmp_path / "back.yaml"
    path.write_text("name: Old\n")
    with obeying_file_permissions(tmp_path):
        with pytest.raises(SaveError, match="permission denied|read-only"):
            save_routine(ROUTINE, path)
    assert path.read_text() == "name: Old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["back.yaml"]


# --- loading what was saved gives the same routine ----------------------------------------------

@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines)
def test_loading_what_was_written_gives_the_same_routine(routine: Routine) -> None:
    text = routine_to_yaml(routine)
    loaded, problems = load_routine_text(text, f"{routine.id}.yaml")
    assert problems == [], text
    assert loaded == routine


@settings(max_examples=40, deadline=None, database=None)
@given(routines)
def test_loading_what_was_saved_gives_the_same_routine(tmp_path_factory, routine: Routine) -> None:
    path = tmp_path_factory.mktemp("saved") / f"{routine.id}.yaml"
    save_routine(routine, path)
    loaded, problems = load_routine_file(path)
    # The only thing to complain about: the generated image files do not exist.
    assert all("does not exist" in p.message and not p.is_error for p in problems)
    assert loaded == routine
