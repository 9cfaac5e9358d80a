"""The Routine menu, the editor page, files changed by hand and dropped files, through the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from coach.core.routines.library import load_library
from coach.core.routines.routine_format import load_routine_file
from coach.core.files.paths import builtin_routines_dir
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_writer import routine_to_yaml, save_routine
from coach.gui.editor import CANCEL, DISCARD, SAVE

WAIT_MS = 5000


@pytest.fixture
def routines(data_dir: Path) -> Path:
    folder = data_dir / "routines"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def window(make_window, routines):
    return make_window(library=load_library(builtin_routines_dir(), routines))


def library_line(window, routine_id: str) -> str:
    window.library_view.select_routine(routine_id)
    return window.library_view.list.currentItem().text()


def test_customize_a_built_in_and_save_shows_it_customized(window, routines, qtbot) -> None:
    assert "built-in" in library_line(window, "lower-back-basics")
    assert window.routine_view.command_buttons["customize"].isVisible()
    assert not window.routine_view.command_buttons["delete"].isVisible()  # a built-in stays
    qtbot.mouseClick(window.routine_view.command_buttons["customize"], Qt.MouseButton.LeftButton)
    editor = window.editor
    assert window.pages.currentWidget() is editor
    # While editing, routines cannot be changed from the menu, and no workout starts.
    assert not window.edit_routine_action.isEnabled() and not window.new_routine_action.isEnabled()
    assert not window.start_action.isEnabled()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Basics, my way")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved, _problems = load_routine_file(routines / "lower-back-basics.yaml")
    assert saved.name == "Basics, my way"
    line = window.library_view.list.currentItem().text()
    assert line.startswith("✎ Basics, my way") and "customized" in line
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.editor is None and window.pages.currentWidget() is window.browse
    assert window.routine_view.title.text() == "Basics, my way"
    assert window.routine_view.command_buttons["reset"].isVisible()
    assert window.reset_routine_action.isEnabled() and not window.delete_routine_action.isEnabled()
    # Reset to built-in, answered through the question the menu asks.
    window.routine_actions.confirm = lambda title, question: True
    window.reset_routine_action.trigger()
    assert not (routines / "lower-back-basics.yaml").exists()
    assert "built-in" in library_line(window, "lower-back-basics")


def test_closing_the_window_with_an_unsaved_edit_asks(window, routines, qtbot) -> None:
    window.library_view.select_routine("gentle-stretching")
    window.edit_routine_action.trigger()
    editor = window.editor
    qtbot.keyClicks(editor.name_edit, " (sore week)")
    asked = []
    editor.ask_unsaved = lambda e: asked.append(e) or CANCEL
    assert window.close() is False  # cancelled: the window and the edits stay
    assert asked == [editor] and window.isVisible() and editor.name_edit.text().endswith("(sore week)")
    # Switching routine from the FAQ panel asks too.
    window.show_routine_with_exercise("Bridges")
    assert len(asked) == 2 and window.pages.currentWidget() is editor
    editor.ask_unsaved = lambda e: asked.append(e) or SAVE
    assert window.close() is True
    assert len(asked) == 3
    assert load_routine_file(routines / "gentle-stretching.yaml")[0].name.endswith("(sore week)")


def test_a_file_written_by_hand_shows_up(window, routines, qtbot) -> None:
    mine = Routine(id="by-hand", name="Written by hand", exercises=(Exercise(name="Bridges", reps=8),))
    with qtbot.waitSignal(window.library_sync.library_changed, timeout=WAIT_MS):
        (routines / "by-hand.yaml").write_text(routine_to_yaml(mine), encoding="utf-8")
    assert "Written by hand" in window.library_view.visible_names()
    assert window.library.get("by-hand") is not None
    with qtbot.waitSignal(window.library_sync.library_changed, timeout=WAIT_MS):
        (routines / "by-hand.yaml").unlink()
    assert "Written by hand" not in window.library_view.visible_names()


def test_new_duplicate_and_delete_from_the_menu(window, routines, qtbot) -> None:
    window.new_routine_action.trigger()
    assert window.pages.currentWidget() is window.editor
    assert window.editor.source is None  # nothing written until Save
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.editor.save_button, Qt.MouseButton.LeftButton)
    new_file = Path(window.editor.source)
    assert new_file.parent == routines and new_file.exists()
    window.close_editor()
    window.library_view.select_routine(load_routine_file(new_file)[0].id)
    assert window.delete_routine_action.isEnabled()
    asked = []
    window.routine_actions.confirm = lambda title, question: asked.append(title) or True
    qtbot.mouseClick(window.routine_view.command_buttons["delete"], Qt.MouseButton.LeftButton)
    assert asked == ["Delete routine"] and not new_file.exists()
    window.library_view.select_routine("runners-core")
    window.duplicate_routine_action.trigger()
    copy = load_routine_file(Path(window.editor.source))[0]
    assert copy.id != "runners-core" and copy.exercises == window.library.get("runners-core").routine.exercises


def test_no_bare_delete_key_deletes_a_routine(window) -> None:
    keys = {k.toString() for a in window.routine_menu.actions() for k in a.shortcuts()}
    assert keys == {"Ctrl+E", "Ctrl+N", "Ctrl+I"}


def drop(window, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event


def test_a_dropped_file_is_imported(window, routines, tmp_path) -> None:
    elsewhere = tmp_path / "from-a-friend.yaml"
    save_routine(Routine(id="friend", name="A friend's routine", exercises=(Exercise(name="Supermans", reps=6),)),
                 elsewhere)
    drop(window, [elsewhere])
    assert (routines / "friend.yaml").exists() and elsewhere.exists()
    assert "A friend's routine" in window.library_view.visible_names()


def test_a_dropped_broken_file_is_refused_with_its_problem(window, routines, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nname: [\n", encoding="utf-8")
    drop(window, [broken])
    assert list(routines.iterdir()) == []
    [box] = [b for b in window.findChildren(QMessageBox) if b.objectName() == "routine_failure"]
    assert "broken.yaml" in box.text()
    box.done(QMessageBox.StandardButton.Ok)


def test_a_file_broken_by_hand_then_fixed_needs_no_restart(window, routines, qtbot) -> None:
    mine = Routine(id="evening", name="Evening", exercises=(Exercise(name="Cat stretches", hold=30),))
    text = routine_to_yaml(mine)
    with qtbot.waitSignal(window.library_sync.library_changed, timeout=WAIT_MS):
        (routines / "evening.yaml").write_text(text.replace("hold: 30", "hold: thirty"), encoding="utf-8")
    broken = [n for n in window.library_view.visible_names() if n.startswith("⚠")]
    assert broken == ["⚠ evening.yaml"]
    view = window.library_view
    row = next(r for r in range(view.list.count()) if view.list.item(r).text().startswith("⚠"))
    view.list.setCurrentRow(row)
    assert "restart" not in window.routine_view.meta.text()
    assert "picks up the change by itself" in window.routine_view.meta.text()
    with qtbot.waitSignal(window.library_sync.library_changed, timeout=WAIT_MS):
        (routines / "evening.yaml").write_text(text, encoding="utf-8")
    assert "Evening" in window.library_view.visible_names()
    assert not [n for n in window.library_view.visible_names() if n.startswith("⚠")]


def test_export_from_the_menu_writes_a_file_that_loads_back(window, tmp_path) -> None:
    window.library_view.select_routine("runners-core")
    target = tmp_path / "shared" / "core.yaml"
    target.parent.mkdir()
    window.routine_actions.choose_export_path = lambda routine: target
    window.export_routine_action.trigger()
    exported, problems = load_routine_file(target)
    assert not [p for p in problems if p.is_error]
    assert exported.exercises == window.library.get("runners-core").routine.exercises


def test_export_says_in_the_status_bar_where_the_file_went(window, tmp_path) -> None:
    window.library_view.select_routine("runners-core")
    target = tmp_path / "core.yaml"
    window.routine_actions.choose_export_path = lambda routine: target
    window.export_routine_action.trigger()
    name = window.library.get("runners-core").routine.name
    assert window.statusBar().currentMessage() == f"Exported “{name}” to {target}"


def test_settings_shows_its_shortcut_in_the_menu(window) -> None:
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.settings_action in file_menu.actions()


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def new_routine_by_key(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.pages.currentWidget() is window.editor
    window.editor.ask_unsaved = lambda _editor: DISCARD  # when the window closes after the test
    return window.editor


def test_ctrl_n_writes_nothing_until_save(window, routines, qtbot) -> None:
    before = files_in(routines)
    editor = new_routine_by_key(window, qtbot)
    assert files_in(routines) == before
    # Closed untouched: nothing to ask, nothing left behind, no "My routine" in the library.
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert window.editor is None and files_in(routines) == before
    assert "My routine" not in window.library_view.visible_names()
    # Named, then closed with Discard: still nothing.
    editor = new_routine_by_key(window, qtbot)
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Evening stretch")
    asked = []
    editor.ask_unsaved = lambda e: asked.append(e) or DISCARD
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert asked == [editor] and window.editor is None
    assert files_in(routines) == before
    assert "Evening stretch" not in window.library_view.visible_names()


def test_a_new_routine_is_saved_under_the_name_the_user_gave(window, routines, qtbot) -> None:
    editor = new_routine_by_key(window, qtbot)
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Evening stretch")
    assert editor.id_edit.text() == "evening-stretch"  # the id follows the name as it is typed
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_S, CTRL)
    saved, problems = load_routine_file(routines / "evening-stretch.yaml")
    assert problems == [] and (saved.id, saved.name) == ("evening-stretch", "Evening stretch")
    assert files_in(routines) == ["evening-stretch.yaml"]
    assert "Evening stretch" in window.library_view.visible_names()
    # Once saved, renaming it keeps its id and its file (history and links use the id).
    qtbot.keyClicks(editor.name_edit, "es")
    assert editor.id_edit.text() == "evening-stretch"
    editor.ask_unsaved = lambda e: SAVE
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert files_in(routines) == ["evening-stretch.yaml"]
    # A second routine with the same name gets its own file; an id the user typed is kept.
    editor = new_routine_by_key(window, qtbot)
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Evening stretch")
    assert editor.id_edit.text() == "evening-stretch-2"
    editor.id_edit.selectAll()
    qtbot.keyClicks(editor.id_edit, "pm")
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Evening stretch, slow!")
    assert editor.id_edit.text() == "pm"
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert load_routine_file(routines / "pm.yaml")[0].name == "Evening stretch, slow!"


def test_the_id_of_a_new_routine_follows_its_name_in_one_undo_step(window, routines, qtbot) -> None:
    editor = new_routine_by_key(window, qtbot)
    start = editor.name_edit.text(), editor.id_edit.text()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Evening stretch, slow!")
    assert editor.id_edit.text() == "evening-stretch-slow"
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Z, CTRL)
    assert (editor.name_edit.text(), editor.id_edit.text()) == start


def test_undo_and_redo_keys_work_anywhere_in_the_editor(window, routines, qtbot) -> None:
    # Ctrl+Shift+Z was given to the Redo action twice: "Ambiguous shortcut overload" (a Qt
    # warning, which fails the test) and nothing done outside a text field.
    editor = new_routine_by_key(window, qtbot)
    editor.ex_sets.setValue(3)
    editor.exercise_list.setFocus()
    qtbot.keyClick(editor.exercise_list, Qt.Key.Key_Z, CTRL)
    assert editor.ex_sets.value() == 2
    qtbot.keyClick(editor.exercise_list, Qt.Key.Key_Z, CTRL_SHIFT)
    assert editor.ex_sets.value() == 3
    keys = [k.toString() for k in editor.redo_action.shortcuts()]
    assert len(keys) == len(set(keys)) and "Ctrl+Shift+Z" in keys


def test_the_not_saved_banner_goes_when_undo_fixes_the_problem(window, routines, qtbot) -> None:
    editor = new_routine_by_key(window, qtbot)
    editor.routine_edits["get_ready"].selectAll()
    qtbot.keyClicks(editor.routine_edits["get_ready"], "soon")
    qtbot.keyClick(editor.routine_edits["get_ready"], Qt.Key.Key_S, CTRL)
    assert editor.banner.isVisible() and "fix the problems" in editor.banner.text()
    assert files_in(routines) == []
    qtbot.keyClick(editor.routine_edits["get_ready"], Qt.Key.Key_Z, CTRL)
    assert editor.check.ok
    assert not editor.banner.isVisible()


def test_editor_messages_name_the_fields_as_the_form_labels_them(window, routines, qtbot) -> None:
    editor = new_routine_by_key(window, qtbot)
    editor.routine_edits["get_ready"].selectAll()
    qtbot.keyClicks(editor.routine_edits["get_ready"], "get_ready")
    assert editor.routine_rows["get_ready"].message.text() == (
        "Get ready must be a duration such as 45s, 2.5s, 1m, 1m30s or a number of seconds, "
        "got 'get_ready'")  # what the user typed is quoted as typed
    editor.ex_progression.setChecked(True)
    editor.ex_to.setValue(10)
    assert editor.ex_rows["progression"].message.text() == (
        "Most reps must be more than the exercise's reps (10), got 10")


def test_an_exercise_button_under_an_answer_shows_the_exercise_highlighted(make_window, routines, qtbot, data_dir) -> None:
    from coach.core.faq.entries import load_faq
    from coach.core.files.paths import DataDir

    window = make_window(library=load_library(builtin_routines_dir(), routines), faq=load_faq(DataDir(data_dir)))
    window.resize(1100, 700)
    view = window.routine_view
    panel = window.faq_panel
    assert panel.show_answer("strengthen-lower-back-for-running")
    button = next(b for b in panel.related_buttons if b.text() == "Leg lowers")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    routine = view.routine
    assert routine is not None and "Leg lowers" in [e.name for e in routine.exercises]
    index = [e.name for e in routine.exercises].index("Leg lowers")
    assert index > 3, "far enough down the routine to need scrolling"
    assert view.highlighted_exercise() == index
    card = view.exercise_card(index)
    # The card is in sight: scrolled to, all of it inside the visible part of the routine.
    viewport = view.scroll.viewport()
    top_left = card.mapTo(viewport, card.rect().topLeft())
    assert view.scroll.verticalScrollBar().value() > 0
    assert 0 <= top_left.y() and top_left.y() + card.height() <= viewport.height()
    # Only that card is highlighted; showing another routine clears it.
    assert [view.exercise_card(i).property("highlighted") for i in range(len(routine.exercises))].count(True) == 1
    window.library_view.select_routine("gentle-stretching")
    assert view.highlighted_exercise() is None
