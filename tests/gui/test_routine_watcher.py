"""The routine folder watcher: files added, changed, replaced and removed by hand are noticed."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from editor_helpers import load_lib, make_editor

from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_writer import routine_to_yaml, save_routine
from coach.gui.editor import TAKE_THEIRS
from coach.gui.routine_watcher import FolderChange, LibrarySync, RoutineFolderWatcher

ROUTINE = Routine(id="mine", name="Mine", exercises=(Exercise(name="Bridges", reps=10),))
WAIT_MS = 5000


@pytest.fixture
def folder(data_dir: Path) -> Path:
    path = data_dir / "routines"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def watcher(qtbot, folder: Path) -> RoutineFolderWatcher:
    return RoutineFolderWatcher(folder, settle_ms=20)


def test_a_file_added_by_hand(qtbot, folder, watcher) -> None:
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        (folder / "new.yaml").write_text(routine_to_yaml(ROUTINE))
    assert seen.args == [FolderChange(added=(folder / "new.yaml",))]
    assert str(folder / "new.yaml") in watcher.watched()


def test_a_file_changed_in_place(qtbot, folder, watcher) -> None:
    path = folder / "mine.yaml"
    path.write_text(routine_to_yaml(ROUTINE))
    watcher.refresh()
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        with open(path, "a", encoding="utf-8") as handle:  # what an editor saving in place does
            handle.write("description: more\n")
    assert seen.args == [FolderChange(changed=(path,))]


def test_a_file_replaced_atomically_is_still_watched_afterwards(qtbot, folder, watcher) -> None:
    path = folder / "mine.yaml"
    save_routine(ROUTINE, path)
    watcher.refresh()
    for round_number in range(3):
        with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
            save_routine(Routine(id="mine", name=f"Mine {round_number}",
                                 exercises=ROUTINE.exercises), path)
        assert seen.args == [FolderChange(changed=(path,))]
        assert str(path) in watcher.watched()
    # The in-place change of a file that was replaced before is seen through its new watch.
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("tags: [x]\n")
    assert seen.args == [FolderChange(changed=(path,))]


def test_a_file_removed(qtbot, folder, watcher) -> None:
    path = folder / "mine.yaml"
    path.write_text(routine_to_yaml(ROUTINE))
    watcher.refresh()
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        path.unlink()
    assert seen.args == [FolderChange(removed=(path,))]
    assert str(path) not in watcher.watched()


def test_a_rename_is_a_removal_and_an_addition(qtbot, folder, watcher) -> None:
    path = folder / "mine.yaml"
    path.write_text(routine_to_yaml(ROUTINE))
    watcher.refresh()
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        os.rename(path, folder / "evening.yaml")
    assert seen.args == [FolderChange(added=(folder / "evening.yaml",), removed=(path,))]


def test_other_files_are_ignored(qtbot, folder, watcher) -> None:
    (folder / "notes.txt").write_text("x")
    (folder / ".mine.yaml.123.tmp").write_text("x")
    (folder / "mine.yaml.bak").write_text("x")
    assert watcher.refresh() == FolderChange()
    with qtbot.assertNotEmitted(watcher.routines_changed, wait=100):
        (folder / "other.txt").write_text("y")


def test_a_folder_that_does_not_exist_yet(qtbot, data_dir: Path) -> None:
    folder = data_dir / "later" / "routines"
    data_dir.mkdir(parents=True, exist_ok=True)
    watcher = RoutineFolderWatcher(folder, settle_ms=20)
    assert watcher.watched() == [str(data_dir)]
    (data_dir / "later").mkdir()
    qtbot.waitUntil(lambda: watcher.watched() == [str(data_dir / "later")], timeout=WAIT_MS)
    folder.mkdir()
    qtbot.waitUntil(lambda: watcher.watched() == [str(folder)], timeout=WAIT_MS)
    with qtbot.waitSignal(watcher.routines_changed, timeout=WAIT_MS) as seen:
        save_routine(ROUTINE, folder / "mine.yaml")
    assert seen.args == [FolderChange(added=(folder / "mine.yaml",))]


# --- the library and the editor follow the folder ------------------------------------------------

def test_the_library_reloads_and_keeps_the_last_good_version(qtbot, folder) -> None:
    path = folder / "mine.yaml"
    save_routine(ROUTINE, path)
    sync = LibrarySync(load_lib(folder), folder, settle_ms=20)
    assert sync.library.get("mine").routine.name == "Mine"
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS) as seen:
        save_routine(dataclasses.replace(ROUTINE, name="Changed by hand"), path)
    assert seen.args[0].get("mine").routine.name == "Changed by hand"
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS) as seen:
        path.write_text("name: Half\nexercises:\n  - name: Bridges\n    reps: ten\n")
    library = seen.args[0]
    assert library.get("mine").routine.name == "Changed by hand"  # still playable
    assert [p.line for p in library.problems] == [4]  # and the problem is shown
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS) as seen:
        path.unlink()
    assert seen.args[0].get("mine") is None
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS) as seen:
        save_routine(dataclasses.replace(ROUTINE, id="new", name="New"), folder / "new.yaml")
    assert seen.args[0].get("new").routine.name == "New"


def test_an_open_editor_hears_about_its_file(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder, ROUTINE)
    sync = LibrarySync(load_lib(folder), folder, settle_ms=20)
    sync.editor = editor
    # Its own save is not news.
    qtbot.keyClicks(editor.name_edit, " too")
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS):
        assert editor.save()
    assert not editor.is_modified() and editor.name_edit.text() == "Mine too"
    # Another file changing is not news for it either.
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS):
        save_routine(dataclasses.replace(ROUTINE, id="other"), folder / "other.yaml")
    # A change by hand with unsaved edits: the user is asked.
    qtbot.keyClicks(editor.name_edit, "!")
    asked = []
    editor.ask_changed_on_disk = lambda e: asked.append(e) or TAKE_THEIRS
    with qtbot.waitSignal(sync.library_changed, timeout=WAIT_MS):
        save_routine(dataclasses.replace(ROUTINE, name="By hand"), folder / "mine.yaml")
    assert asked == [editor]
    assert editor.name_edit.text() == "By hand" and not editor.is_modified()
