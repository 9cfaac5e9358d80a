"""The library: built-in and user routines, overriding, duplicates, and bad files hiding nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.core.faq.entries import load_faq
from coach.core.routines.library import BUILT_IN, CUSTOMIZED, USER, load_library, open_routine
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.routines.routine_format import load_routine_file
from coach.core.workout.timeline import build_timeline

EXERCISE_NAMES = {"Bridges", "Knee-to-chest stretches", "Lower back rotational stretches",
                  "Draw-in maneuvers", "Pelvic tilts", "Lying lateral leg lifts", "Cat stretches",
                  "Supermans", "Leg lowers"}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def simple(name: str, routine_id: str | None = None, reps: int = 5) -> str:
    head = f"id: {routine_id}\n" if routine_id else ""
    return f"{head}name: {name}\nexercises:\n  - name: Bridges\n    reps: {reps}\n"


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "builtin"
    write(folder, "a.yaml", simple("Alpha"))
    write(folder, "b.yaml", simple("Beta"))
    return folder


def test_builtins_and_user_routines(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "mine.yaml", simple("Mine"))
    library = load_library(builtin, user)
    assert [(e.id, e.source) for e in library.entries] == [("a", BUILT_IN), ("b", BUILT_IN), ("mine", USER)]
    assert library.problems == []
    assert library.get("mine").path == user / "mine.yaml"
    assert library.get("nope") is None


def test_missing_user_folder_is_fine(builtin: Path, tmp_path: Path) -> None:
    library = load_library(builtin, tmp_path / "does-not-exist")
    assert library.ids() == ["a", "b"] and library.problems == []


def test_user_routine_with_a_builtin_id_customizes_it(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "my-version.yaml", simple("My alpha", routine_id="a", reps=12))
    library = load_library(builtin, user)
    assert [(e.id, e.source) for e in library.entries] == [("a", CUSTOMIZED), ("b", BUILT_IN)]
    entry = library.get("a")
    assert entry.routine.name == "My alpha" and entry.routine.exercises[0].reps == 12
    assert entry.path == user / "my-version.yaml" and entry.replaces == builtin / "a.yaml"


def test_same_file_name_customizes_too(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "b.yaml", simple("My beta"))
    assert load_library(builtin, user).get("b").source == CUSTOMIZED


def test_same_id_twice_in_one_folder_names_both_files(builtin: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    user = tmp_path / "user"
    write(user, "one.yaml", simple("One", routine_id="twin"))
    write(user, "two.yaml", simple("Two", routine_id="twin"))
    library = load_library(builtin, user)
    assert library.get("twin").routine.name == "One"  # the first file by name is kept
    assert [str(p) for p in library.problems] == [
        "user/two.yaml: error: the routine id 'twin' is already used by user/one.yaml in the same "
        "folder; give one of them another 'id:' (this file is left out until then)"]


def test_same_id_in_builtins_and_user_is_not_a_duplicate(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "a.yaml", simple("Mine"))
    assert load_library(builtin, user).problems == []


def test_one_bad_file_hides_nothing(builtin: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    user = tmp_path / "user"
    write(user, "0-good.yaml", simple("Good"))
    write(user, "1-broken.yaml", "name: [unclosed\n")
    (user / "2-binary.yaml").write_bytes(b"name: \xff\xfe\n")
    write(user, "3-wrong.yaml", "name: Wrong\nexercises:\n  - name: X\n    reps: ten\n")
    write(user, "4-also-good.yaml", simple("Also good"))
    write(user, "notes.txt", "not a routine")
    library = load_library(builtin, user)
    assert library.ids() == ["a", "b", "0-good", "4-also-good"]
    assert [(p.file, p.line) for p in library.problems] == [
        ("user/1-broken.yaml", 2), ("user/2-binary.yaml", 1), ("user/3-wrong.yaml", 4)]


def test_a_broken_customization_keeps_the_builtin(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "a.yaml", "name: Mine\nexercises: []\n")
    library = load_library(builtin, user)
    assert library.get("a").source == BUILT_IN
    assert len(library.problems) == 1 and library.problems[0].is_error


def test_faq_ids_and_images_warn(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "linked.yaml", simple("Linked") + "    faq: [runners-face, nope]\n    image: x.png\n")
    quiet = load_library(builtin, user)
    assert [p.message.split(" (")[0] for p in quiet.problems] == ["the image 'x.png' does not exist"]
    warned = load_library(builtin, user, faq_ids={"runners-face"})
    assert warned.get("linked") is not None
    assert [(p.severity, p.line, p.column) for p in warned.problems] == [
        ("warning", 5, 25), ("warning", 6, 12)]


def test_open_routine_by_id_and_by_path(data_dir: Path, tmp_path: Path) -> None:
    routine, problems = open_routine("lower-back-basics", data_dir)
    assert routine.id == "lower-back-basics" and problems == []
    path = write(tmp_path / "elsewhere", "solo.yaml", simple("Solo"))
    routine, problems = open_routine(str(path), data_dir)
    assert routine.name == "Solo" and problems == []
    routine, problems = open_routine(str(tmp_path / "missing.yaml"), data_dir)
    assert routine is None and "does not exist" in problems[0].message


def test_open_routine_prefers_the_users_customization(data_dir: Path) -> None:
    write(DataDir(data_dir).routines, "mine.yaml", simple("My basics", routine_id="lower-back-basics"))
    routine, _ = open_routine("lower-back-basics", DataDir(data_dir))
    assert routine.name == "My basics"


def test_open_routine_unknown_id_suggests(data_dir: Path) -> None:
    routine, problems = open_routine("runners-cor", data_dir)
    assert routine is None
    assert [str(p) for p in problems] == [
        "runners-cor: error: there is no routine with the id 'runners-cor'; did you mean 'runners-core'?"]


def test_open_routine_explains_a_broken_file_of_that_name(data_dir: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(DataDir(data_dir).routines, "evening.yaml", "name: Evening\nexercises:\n  - name: X\n")
    routine, problems = open_routine("evening", data_dir)
    assert routine is None
    assert problems[0].message == "there is no routine with the id 'evening'; the file with that name has errors (below)"
    assert "needs 'reps'" in problems[1].message and problems[1].line == 3


# --- the shipped routines --------------------------------------------------------------------

def test_every_builtin_validates_without_warnings(data_dir: Path) -> None:
    faq = load_faq(DataDir(data_dir))
    assert faq.ids(), "the FAQ must load for the links to be checked"
    library = load_library(builtin_routines_dir(), DataDir(data_dir).routines, set(faq.ids()))
    assert [str(p) for p in library.problems] == []
    assert {"lower-back-basics", "runners-core", "gentle-stretching"} <= set(library.ids())
    assert all(e.source == BUILT_IN for e in library.entries)


def test_builtins_use_the_exercise_names_of_the_faq() -> None:
    for path in sorted(builtin_routines_dir().glob("*.yaml")):
        routine, _ = load_routine_file(path)
        names = {e.name for e in routine.exercises}
        assert names <= EXERCISE_NAMES, f"{path.name}: {names - EXERCISE_NAMES}"
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../resources/schema/routine.schema.json\n")
        assert all(e.instructions for e in routine.exercises)


def test_lower_back_basics_has_all_nine_and_leg_lowers_progress() -> None:
    routine, _ = load_routine_file(builtin_routines_dir() / "lower-back-basics.yaml")
    assert {e.name for e in routine.exercises} == EXERCISE_NAMES
    legs = next(e for e in routine.exercises if e.name == "Leg lowers")
    assert legs.reps == 10 and legs.progression.to == 20
    assert legs.faq == ("strengthen-lower-back-for-running",)


def test_runners_core_takes_about_five_minutes() -> None:
    routine, _ = load_routine_file(builtin_routines_dir() / "runners-core.yaml")
    assert 4 * 60 <= build_timeline(routine).total_seconds <= 6 * 60
