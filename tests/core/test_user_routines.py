"""The user's routines: customize, reset, duplicate, new, delete, save under a new id, import, export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from killed_saves import killed_save, place, refuse_to_remove, set_age

from coach.core.routines.library import BUILT_IN, CUSTOMIZED, USER, load_library
from coach.core.files.paths import builtin_routines_dir
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_writer import routine_to_yaml
from coach.core.files.temp_files import STALE_AFTER_S
from coach.core.routines.user_routines import (
    KEEP_BOTH,
    REPLACE,
    ImportClash,
    ImportRefused,
    UserRoutineError,
    UserRoutines,
    file_state,
    id_for_name,
    keep_last_good,
    unique_id,
)

BUILTINS = builtin_routines_dir()


@pytest.fixture
def user(tmp_path: Path) -> UserRoutines:
    return UserRoutines(tmp_path / "data" / "routines")


def library(user: UserRoutines):
    return load_library(BUILTINS, user.folder)


def taken(user: UserRoutines) -> dict[str, Path]:
    return {e.id: e.path for e in library(user).entries}


def test_customize_makes_a_user_copy_with_the_same_id_that_replaces_the_built_in(user) -> None:
    builtin = library(user).get("runners-core")
    assert builtin.source == BUILT_IN
    done = user.customize(builtin.routine)
    assert done.path == user.folder / "runners-core.yaml"
    entry = library(user).get("runners-core")
    assert entry.source == CUSTOMIZED and entry.path == done.path
    assert entry.routine == builtin.routine
    with pytest.raises(UserRoutineError, match="already have your own version"):
        user.customize(builtin.routine)


def test_reset_to_built_in_deletes_the_copy(user) -> None:
    builtin = library(user).get("runners-core").routine
    done = user.customize(dataclasses.replace(builtin, name="Mine"))
    assert library(user).get("runners-core").routine.name == "Mine"
    user.reset_to_builtin(done.path)
    entry = library(user).get("runners-core")
    assert entry.source == BUILT_IN and entry.routine == builtin
    assert not done.path.exists()


def test_built_in_routines_cannot_be_deleted(user) -> None:
    builtin = library(user).get("runners-core")
    with pytest.raises(UserRoutineError, match="Only your own routines"):
        user.delete(builtin.path)
    assert builtin.path.exists()


def test_duplicate_gets_a_new_unique_id(user) -> None:
    original = library(user).get("runners-core").routine
    first = user.duplicate(original, taken(user))
    second = user.duplicate(original, taken(user))
    assert (first.routine.id, second.routine.id) == ("runners-core-copy", "runners-core-copy-2")
    assert first.routine.name == original.name + " (copy)"
    entries = {e.id: e for e in library(user).entries}
    assert entries["runners-core-copy"].source == USER
    assert entries["runners-core-copy"].routine.exercises == original.exercises
    assert entries["runners-core"].source == BUILT_IN


def new_file(user: UserRoutines):
    """A new routine, saved: a file of the user's own."""
    return user.save(user.new_routine(taken(user)), taken=taken(user))


def test_a_new_routine_is_valid_and_written_only_when_saved(user) -> None:
    routine = user.new_routine(taken(user))
    assert (routine.id, routine.name, routine.source_path) == ("my-routine", "My routine", None)
    assert not user.folder.exists() or list(user.folder.iterdir()) == []
    done = user.save(routine, taken=taken(user))
    assert done.path == user.folder / "my-routine.yaml"
    again = user.new_routine(taken(user))
    assert again.id == "my-routine-2"
    assert library(user).get(done.routine.id).source == USER
    user.delete(done.path)
    assert library(user).get(done.routine.id) is None
    assert library(user).problems == []


def test_the_id_of_a_new_routine_comes_from_its_name(user) -> None:
    assert id_for_name("Evening stretch", set()) == "evening-stretch"
    assert id_for_name("  Évening strétch, slow!  ", set()) == "evening-stretch-slow"
    assert id_for_name("Evening stretch", {"evening-stretch"}) == "evening-stretch-2"
    assert id_for_name("Растяжка", set()) == "routine"
    assert id_for_name("", set()) == "routine"
    long = id_for_name("word " * 40, set())
    assert len(long) <= 80 and not long.endswith("-")
    # A file in the folder takes its id too, even one too broken to be in the library.
    write_file(user.folder / "evening-stretch.yaml", "name: [broken\n")
    assert "evening-stretch" not in taken(user)
    assert user.id_for_name("Evening stretch", taken(user)) == "evening-stretch-2"


def test_unique_id_stays_a_short_valid_id() -> None:
    long = "a" * 80
    assert unique_id(long, {long}) == "a" * 78 + "-2"
    assert unique_id("Not An Id", set()) == "routine"


def test_saving_under_a_new_id_renames_the_file_and_refuses_a_taken_id(user) -> None:
    done = new_file(user)
    renamed = dataclasses.replace(done.routine, id="morning")
    saved = user.save(renamed, replacing=done.path, taken=taken(user))
    assert saved.path == user.folder / "morning.yaml"
    assert not done.path.exists()
    other = new_file(user)
    with pytest.raises(UserRoutineError, match="already uses the id 'morning'|morning.yaml already exists"):
        user.save(dataclasses.replace(other.routine, id="morning"), replacing=other.path,
                  taken=taken(user))
    assert load_routine_file(saved.path)[0] == dataclasses.replace(renamed, source_path=None)


def test_saving_a_hand_named_file_keeps_one_file(user) -> None:
    user.folder.mkdir(parents=True)
    hand = user.folder / "My Stretches.yaml"
    hand.write_text("name: Mine\nexercises:\n  - name: Cat stretches\n    reps: 5\n")
    entry = library(user).get("my-stretches")
    saved = user.save(dataclasses.replace(entry.routine, name="Mine too"), replacing=entry.path,
                      taken=taken(user))
    assert sorted(p.name for p in user.folder.iterdir()) == ["my-stretches.yaml"]
    assert library(user).get("my-stretches").routine.name == "Mine too"
    assert saved.path.name == "my-stretches.yaml"


def _write(path: Path, routine: Routine, comment: str = "") -> Path:
    path.write_text(comment + routine_to_yaml(routine), "utf-8")
    return path


OUTSIDE = Routine(id="physio", name="From my physio",
                  exercises=(Exercise(name="Supermans", sets=2, reps=8),))


def test_import_copies_the_file_as_it_is(user, tmp_path) -> None:
    source = _write(tmp_path / "physio.yaml", OUTSIDE, "# from Dr. K, 3 Nov\n")
    done = user.import_file(source, taken(user))
    assert done.path == user.folder / "physio.yaml"
    assert done.path.read_bytes() == source.read_bytes()  # comments kept
    assert library(user).get("physio").source == USER


def test_import_refuses_a_broken_file_and_writes_nothing(user, tmp_path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("name: Bad\nexercises:\n  - name: X\n    reps: ten\n")
    with pytest.raises(ImportRefused) as caught:
        user.import_file(source, taken(user))
    assert "bad.yaml:4:11: error: 'reps' must be a whole number >= 1" in str(caught.value)
    assert not user.folder.exists() or list(user.folder.iterdir()) == []


def test_import_id_clash_asks_then_replaces(user, tmp_path) -> None:
    mine = new_file(user)
    source = _write(tmp_path / "x.yaml", dataclasses.replace(OUTSIDE, id=mine.routine.id))
    with pytest.raises(ImportClash) as caught:
        user.import_file(source, taken(user))
    assert caught.value.routine.name == "From my physio"
    user.import_file(source, taken(user), on_clash=REPLACE)
    assert library(user).get(mine.routine.id).routine.name == "From my physio"
    assert len(list(user.folder.glob("*.yaml"))) == 1


def test_import_id_clash_keep_both(user, tmp_path) -> None:
    source = _write(tmp_path / "x.yaml", dataclasses.replace(OUTSIDE, id="runners-core"))
    with pytest.raises(ImportClash):
        user.import_file(source, taken(user))
    done = user.import_file(source, taken(user), on_clash=KEEP_BOTH)
    assert done.routine.id == "runners-core-2"
    assert done.routine.name == "From my physio (imported)"
    lib = library(user)
    assert lib.get("runners-core").source == BUILT_IN
    assert lib.get("runners-core-2").routine.exercises == OUTSIDE.exercises


def test_import_replacing_a_built_in_customizes_it(user, tmp_path) -> None:
    source = _write(tmp_path / "x.yaml", dataclasses.replace(OUTSIDE, id="runners-core"))
    user.import_file(source, taken(user), on_clash=REPLACE)
    entry = library(user).get("runners-core")
    assert entry.source == CUSTOMIZED and entry.routine.name == "From my physio"


def test_import_keeps_images_working(user, tmp_path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "superman.png").write_bytes(b"\x89PNG")
    with_image = dataclasses.replace(OUTSIDE, exercises=(
        dataclasses.replace(OUTSIDE.exercises[0], image="pics/superman.png"),))
    source = _write(tmp_path / "physio.yaml", with_image)
    done = user.import_file(source, taken(user))
    routine, problems = load_routine_file(done.path)
    assert problems == []
    assert Path(routine.exercises[0].image) == (tmp_path / "pics" / "superman.png").resolve()


def test_export_of_a_user_file_keeps_it_as_it_is(user, tmp_path) -> None:
    user.folder.mkdir(parents=True)
    original = _write(user.folder / "physio.yaml", OUTSIDE, "# my notes\n")
    entry = library(user).get("physio")
    (tmp_path / "out").mkdir()
    out = user.export(entry.routine, tmp_path / "out" / "physio.yaml")
    assert out.path.read_bytes() == original.read_bytes()


def test_export_of_an_edited_routine_writes_it(user, tmp_path) -> None:
    entry = library(user).get("runners-core")
    edited = dataclasses.replace(entry.routine, name="Shorter")
    out = user.export(edited, tmp_path / "shorter.yaml")
    loaded, problems = load_routine_file(out.path)
    assert problems == []
    assert loaded == edited


def test_a_file_broken_by_hand_keeps_its_last_good_version(user) -> None:
    mine = new_file(user)
    custom = user.customize(library(user).get("runners-core").routine)
    before = library(user)
    mine.path.write_text("name: [half written\n")
    custom.path.write_text("name: Mine\nexercises: []\n")
    fresh = library(user)
    assert fresh.get(mine.routine.id) is None
    assert fresh.get("runners-core").source == BUILT_IN
    kept = keep_last_good(before, fresh)
    assert kept.get(mine.routine.id) == before.get(mine.routine.id)
    assert kept.get("runners-core").source == CUSTOMIZED
    assert kept.get("runners-core") == before.get("runners-core")
    assert kept.problems == fresh.problems and len(kept.problems) == 2
    assert [e.id for e in kept.entries].count("runners-core") == 1
    # What the editor of that file is told: nothing playable, and why.
    routine, problems = file_state(fresh, mine.path)
    assert routine is None and problems and all(p.is_error for p in problems)
    # A removed file is gone, not kept.
    mine.path.unlink()
    assert keep_last_good(before, library(user)).get(mine.routine.id) is None
    assert file_state(library(user), mine.path) == (None, [])


def test_file_state_of_a_good_file(user) -> None:
    mine = new_file(user)
    assert file_state(library(user), mine.path) == (mine.routine, [])


# --- what killed saves left in the folder ------------------------------------------------------

@pytest.fixture(scope="module")
def leftover(tmp_path_factory) -> Path:
    """What a routine save leaves when it is killed between writing and renaming its file."""
    return killed_save("routine", tmp_path_factory.mktemp("killed"))


def test_leftovers_of_killed_saves_go_when_the_folder_is_opened_and_at_each_save(user, leftover) -> None:
    stale = place(leftover, user.folder, STALE_AFTER_S + 60)
    young = place(leftover, user.folder, STALE_AFTER_S - 60, target="theirs.yaml")  # another Coach saving
    look_alikes = [user.folder / name for name in ("notes.tmp", ".backup.yaml.tmp", "mine.yaml.tmp")]
    for path in look_alikes:
        set_age(write_file(path), 10 * STALE_AFTER_S)
    UserRoutines(user.folder)
    assert not stale.exists()
    assert young.exists() and all(p.exists() for p in look_alikes)
    # The other save never finished: its file is a leftover too once old enough; the next save sees it.
    set_age(young, STALE_AFTER_S + 60)
    done = new_file(user)
    assert not young.exists() and all(p.exists() for p in look_alikes)
    assert sorted(p.name for p in user.folder.iterdir()) == sorted(
        [done.path.name, *(p.name for p in look_alikes)])
    assert load_routine_file(done.path)[0] == done.routine


@pytest.mark.parametrize("operation", ["save", "import", "new", "duplicate", "customize"])
def test_every_write_into_the_folder_removes_leftovers(user, leftover, tmp_path, operation: str) -> None:
    mine = new_file(user)
    stale = place(leftover, user.folder, STALE_AFTER_S + 60)
    if operation == "save":
        user.save(dataclasses.replace(mine.routine, name="Renamed"), replacing=mine.path)
    elif operation == "import":
        source = write_file(tmp_path / "friend.yaml", routine_to_yaml(Routine(
            id="friend", name="Friend", exercises=(Exercise(name="Bridges", reps=5),))))
        user.import_file(source, taken(user))
    elif operation == "new":
        user.save(user.new_routine(taken(user)), taken=taken(user))
    elif operation == "duplicate":
        user.duplicate(mine.routine, taken(user))
    else:
        user.customize(library(user).get("runners-core").routine)
    assert not stale.exists()


def test_a_leftover_that_cannot_be_removed_changes_nothing_else(user, leftover, monkeypatch) -> None:
    stuck = place(leftover, user.folder, STALE_AFTER_S + 60)
    other = place(leftover, user.folder, STALE_AFTER_S + 60, target="other.yaml.bak")
    refuse_to_remove(monkeypatch, stuck)
    routines = UserRoutines(user.folder)
    assert stuck.exists() and not other.exists()
    done = new_file(routines)
    moved = routines.save(dataclasses.replace(done.routine, id="moved"), replacing=done.path)
    assert not done.path.exists() and load_routine_file(moved.path)[0] == moved.routine
    assert stuck.exists()


def write_file(path: Path, text: str = "the user's own\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
