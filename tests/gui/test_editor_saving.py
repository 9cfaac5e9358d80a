"""Never losing work: the unsaved-changes prompt, failed saves, a file changed on disk meanwhile."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import pytest
from editor_helpers import MINE, make_editor
from permissions import obeying_file_permissions
from PySide6.QtCore import Qt

from coach.core.routines import routine_writer
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_writer import save_routine
from coach.gui.editor import CANCEL, DISCARD, KEEP_MINE, SAVE, TAKE_THEIRS

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


def edited(qtbot, folder):
    editor = make_editor(qtbot, folder)
    qtbot.keyClicks(editor.name_edit, " (sore week)")
    assert editor.is_modified()
    return editor


def answer(choice: str, asked: list):
    def ask(editor) -> str:
        asked.append(editor)
        return choice
    return ask


def test_nothing_is_asked_without_changes(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)  # asking would fail the test
    assert editor.confirm_close() is True


def test_cancel_keeps_the_editor_and_the_edits(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    asked: list = []
    editor.ask_unsaved = answer(CANCEL, asked)
    assert editor.confirm_close() is False
    assert asked == [editor]
    assert editor.is_modified() and editor.name_edit.text() == "My back (sore week)"
    assert load_routine_file(editor.source)[0].name == "My back"


def test_discard_goes_back_to_the_saved_routine(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    editor.ask_unsaved = answer(DISCARD, [])
    assert editor.confirm_close() is True
    assert not editor.is_modified() and editor.name_edit.text() == "My back"
    assert load_routine_file(editor.source)[0].name == "My back"


def test_save_from_the_prompt_saves(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    editor.ask_unsaved = answer(SAVE, [])
    with qtbot.waitSignal(editor.saved) as saved:
        assert editor.confirm_close() is True
    assert saved.args[0].path == folder / "mine.yaml"
    assert load_routine_file(editor.source)[0].name == "My back (sore week)"


def test_save_from_the_prompt_that_fails_does_not_let_go(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    qtbot.keyClicks(editor.routine_edits["get_ready"], "x")  # not a duration any more
    editor.ask_unsaved = answer(SAVE, [])
    assert editor.confirm_close() is False
    assert editor.is_modified()


def test_the_title_and_signal_say_when_there_are_unsaved_changes(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    assert editor.title.text() == "Editing “My back”"
    with qtbot.waitSignal(editor.modified_changed) as changed:
        editor.ex_sets.setValue(3)
    assert changed.args == [True]
    assert editor.title.text() == "Editing “My back” *"
    with qtbot.waitSignal(editor.modified_changed) as changed:
        editor.save()
    assert changed.args == [False]


@pytest.mark.parametrize(("code", "words"), [
    (errno.EROFS, "the folder is read-only"),
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "permission denied"),
])
def test_a_failed_save_says_why_keeps_the_edits_and_the_old_file(
        qtbot, folder, monkeypatch, code: int, words: str) -> None:
    editor = edited(qtbot, folder)
    before = editor.source.read_bytes()

    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(routine_writer.os, "fsync", fail)
    with qtbot.waitSignal(editor.save_failed) as failed:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert words in failed.args[0]
    assert words in editor.banner.text() and editor.banner.isVisibleTo(editor)
    assert "Your changes are kept" in editor.banner.text()
    assert editor.is_modified() and editor.name_edit.text() == "My back (sore week)"
    assert editor.source.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["mine.yaml"]
    monkeypatch.undo()
    assert editor.save()  # once the disk has room again, the same edits save
    assert load_routine_file(editor.source)[0].name == "My back (sore week)"


def test_a_really_read_only_folder(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    before = editor.source.read_bytes()
    with obeying_file_permissions(folder):
        assert not editor.save()
    assert "permission denied" in editor.banner.text()
    assert editor.is_modified() and editor.source.read_bytes() == before


# --- the file changed on disk ----------------------------------------------------------------

def changed_on_disk(editor, name: str):
    theirs = dataclasses.replace(MINE, name=name)
    save_routine(theirs, editor.source)
    routine, _problems = load_routine_file(editor.source)
    return routine


def test_our_own_save_is_not_a_change_on_disk(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    editor.save()
    routine, _problems = load_routine_file(editor.source)
    editor.file_changed_on_disk(routine)  # the watcher reports our own write: nothing to ask
    assert not editor.is_modified()


def test_without_unsaved_changes_the_new_version_is_shown(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.file_changed_on_disk(changed_on_disk(editor, "Changed by hand"))
    assert editor.name_edit.text() == "Changed by hand"
    assert not editor.is_modified()


def test_with_unsaved_changes_the_user_can_take_the_file(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    asked: list = []
    editor.ask_changed_on_disk = answer(TAKE_THEIRS, asked)
    editor.file_changed_on_disk(changed_on_disk(editor, "Changed by hand"))
    assert asked == [editor]
    assert editor.name_edit.text() == "Changed by hand" and not editor.is_modified()
    editor.undo_stack.undo()  # and get their edits back
    assert editor.name_edit.text() == "My back (sore week)" and editor.is_modified()


def test_with_unsaved_changes_the_user_can_keep_theirs(qtbot, folder) -> None:
    editor = edited(qtbot, folder)
    editor.ask_changed_on_disk = answer(KEEP_MINE, [])
    editor.file_changed_on_disk(changed_on_disk(editor, "Changed by hand"))
    assert editor.name_edit.text() == "My back (sore week)" and editor.is_modified()
    editor.ask_unsaved = answer(SAVE, [])
    assert editor.confirm_close()
    assert load_routine_file(editor.source)[0].name == "My back (sore week)"


def test_a_file_broken_or_removed_on_disk_keeps_the_editors_version(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.source.write_text("name: [broken\n")
    routine, problems = load_routine_file(editor.source)
    editor.file_changed_on_disk(routine, problems)
    assert "now has problems" in editor.banner.text()
    assert editor.is_modified() and editor.name_edit.text() == "My back"
    editor.source.unlink()
    editor.file_changed_on_disk(None)
    assert "removed" in editor.banner.text()
    assert editor.save()
    assert load_routine_file(folder / "mine.yaml")[0] == MINE


def test_close_asks_the_main_window_to_close_it(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    with qtbot.waitSignal(editor.close_requested):
        qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
