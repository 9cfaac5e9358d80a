"""The routine editor: editing through the widgets, live checking, the total, save and reopen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from editor_helpers import FAQ, MINE, load_lib, make_editor, show_active
from PySide6.QtCore import Qt

from coach.core.routines.library import CUSTOMIZED
from coach.core.routines.routine import Exercise, Progression, TempoPart
from coach.core.routines.routine_format import load_routine_file
from coach.core.workout.timeline import build_timeline
from coach.core.routines.user_routines import UserRoutines
from coach.gui.editor.draft import PARTS, WHOLE
from coach.core.routines.durations import format_clock

# The offscreen platform says this when a top-level widget is shown; it means nothing here.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


def type_into(qtbot, widget, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def reopened(editor):
    routine, problems = load_routine_file(editor.source)
    assert [p for p in problems if p.is_error] == []
    return routine


def test_it_shows_the_routine(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    assert editor.name_edit.text() == "My back"
    assert editor.routine_edits["rest_between_sets"].text() == "30s"
    assert [editor.exercise_list.item(i).text() for i in range(3)] == [
        "1. Bridges — 2 sets × 10 reps (up 2 s · down 2 s)", "2. Cat stretches — hold 30 s",
        "3. Supermans — 8 reps at your own pace"]
    assert editor.ex_name.text() == "Bridges"
    assert editor.ex_sets.value() == 2 and editor.ex_reps.value() == 10
    assert editor.ex_tempo.mode.currentData() == PARTS
    assert editor.total_label.text() == f"Estimated time: {format_clock(build_timeline(MINE).total_seconds)}"
    assert not editor.is_modified()


def test_editing_every_kind_of_field_then_saving_and_reopening(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    show_active(qtbot, editor)
    type_into(qtbot, editor.name_edit, "Evening back")
    type_into(qtbot, editor.tags_edit, "evening, gentle")
    type_into(qtbot, editor.routine_edits["switch_sides"], "3")
    qtbot.keyClicks(editor.description_edit, "Slow and easy.")
    # Exercise 1: leg-lowers timing, progression, FAQ link.
    type_into(qtbot, editor.ex_name, "Leg lowers")
    editor.ex_tempo._row_widgets[0][0].setCurrentText("down")
    type_into(qtbot, editor.ex_tempo._row_widgets[0][1], "3s")
    editor.ex_tempo._row_widgets[1][0].setCurrentText("up")
    editor.ex_progression.setChecked(True)
    editor.ex_to.setValue(20)
    editor.ex_step.setValue(2)
    editor.ex_faq.item(0).setCheckState(Qt.CheckState.Checked)
    # Exercise 2: a hold of 1m30s on each side, with its own rest.
    editor.exercise_list.setCurrentRow(1)
    assert editor.ex_name.text() == "Cat stretches"
    type_into(qtbot, editor.ex_hold, "1m30s")
    editor.ex_sides.setChecked(True)
    editor.ex_own_rest.setChecked(True)
    type_into(qtbot, editor.ex_rest, "45s")
    qtbot.keyClicks(editor.ex_instructions, "Round, then hollow.")
    # Exercise 3: from self-paced reps to one length per rep, 3 sets.
    editor.exercise_list.setCurrentRow(2)
    editor.ex_tempo.mode.setCurrentIndex(editor.ex_tempo.mode.findData(WHOLE))
    type_into(qtbot, editor.ex_tempo.whole, "4s")
    editor.ex_sets.setValue(3)
    assert editor.is_modified()
    qtbot.keyClick(editor.ex_sets, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.is_modified()

    expected = dataclasses.replace(
        MINE, name="Evening back", tags=("evening", "gentle"), switch_sides=3.0,
        description="Slow and easy.",
        exercises=(
            Exercise(name="Leg lowers", sets=2, reps=10,
                     tempo=(TempoPart("down", 3), TempoPart("up", 2)),
                     faq=("strengthen-lower-back",), progression=Progression(to=20, step=2, every=3)),
            Exercise(name="Cat stretches", hold=90, sides="each", rest_between_sets=45,
                     instructions="Round, then hollow."),
            Exercise(name="Supermans", sets=3, reps=8, tempo=(TempoPart("rep", 4),)),
        ))
    assert reopened(editor) == expected
    assert editor.saved_routine == expected


def test_a_duration_accepts_1m30s_and_the_total_follows_as_you_type(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.exercise_list.setCurrentRow(1)
    row = editor.ex_rows["hold"]
    before = editor.total_label.text()
    type_into(qtbot, editor.ex_hold, "1m3")
    # "1m3" is a duration too (1 min 3 s): the total already counts it.
    three = dataclasses.replace(MINE, exercises=(MINE.exercises[0], Exercise(name="Cat stretches",
                                                                             hold=63), MINE.exercises[2]))
    assert editor.total_label.text() == f"Estimated time: {format_clock(build_timeline(three).total_seconds)}"
    assert editor.total_label.text() != before
    qtbot.keyClicks(editor.ex_hold, "x")
    assert row.message.isVisibleTo(editor)
    assert row.message.text() == ("Hold must be a duration such as 45s, 2.5s, 1m, 1m30s or a "
                                  "number of seconds, got '1m3x'")
    assert editor.total_label.text() == "Estimated time: —"
    assert "⚠" in editor.exercise_list.item(1).text()
    qtbot.keyClick(editor.ex_hold, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.ex_hold, "0s")
    assert not row.message.isVisibleTo(editor)
    ninety = dataclasses.replace(three, exercises=(MINE.exercises[0], Exercise(name="Cat stretches",
                                                                               hold=90), MINE.exercises[2]))
    assert editor.total_label.text() == f"Estimated time: {format_clock(build_timeline(ninety).total_seconds)}"


def test_messages_are_the_loaders_in_the_forms_words_and_sit_next_to_their_field(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    type_into(qtbot, editor.id_edit, "My Back")
    assert editor.routine_rows["id"].message.text().startswith("Id must be an id of lowercase")
    type_into(qtbot, editor.routine_edits["get_ready"], "-5")
    assert editor.routine_rows["get_ready"].message.text().startswith("Get ready must be a duration")
    editor.exercise_list.setCurrentRow(2)
    type_into(qtbot, editor.ex_name, "")
    assert editor.ex_rows["name"].message.text() == "Name must be some text (it cannot be empty), got ''"
    # A problem of another exercise is listed below, with the exercise it is in.
    editor.exercise_list.setCurrentRow(0)
    assert not editor.ex_rows["name"].message.isVisibleTo(editor)
    assert "Exercise 3 ((no name)): Name must be some text" in editor.problems_label.text()
    assert editor.problems_label.text().startswith("3 problems to fix before saving.")


def test_progression_must_go_beyond_the_reps(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.ex_progression.setChecked(True)
    editor.ex_to.setValue(10)
    assert editor.ex_rows["progression"].message.text() == (
        "Most reps must be more than the exercise's reps (10), got 10")


def test_a_routine_with_problems_is_not_saved(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    before = editor.source.read_bytes()
    type_into(qtbot, editor.routine_edits["get_ready"], "soon")
    assert editor.save() is False
    assert "fix the problems" in editor.banner.text()
    assert editor.source.read_bytes() == before
    assert editor.is_modified()


def test_the_image_is_chosen_from_a_file(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    (folder / "bridge.png").write_bytes(b"\x89PNG")
    editor.choose_image_file = lambda: "bridge.png"
    qtbot.mouseClick(editor.ex_image.choose_button, Qt.MouseButton.LeftButton)
    assert editor.ex_image.path.text() == "bridge.png"
    assert not editor.ex_rows["image"].message.isVisibleTo(editor)
    assert editor.save()
    assert reopened(editor).exercises[0].image == "bridge.png"
    editor.choose_image_file = lambda: "missing.png"
    qtbot.mouseClick(editor.ex_image.choose_button, Qt.MouseButton.LeftButton)
    assert editor.ex_rows["image"].message.text().startswith("warning: the image 'missing.png' does not exist")
    qtbot.mouseClick(editor.ex_image.clear_button, Qt.MouseButton.LeftButton)
    assert editor.draft["exercises"][0]["image"] == ""


def test_faq_links_are_chosen_from_the_faq(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    assert [editor.ex_faq.item(i).text() for i in range(editor.ex_faq.count())] == [q for _i, q in FAQ]
    editor.ex_faq.item(2).setCheckState(Qt.CheckState.Checked)
    editor.ex_faq.item(0).setCheckState(Qt.CheckState.Checked)
    assert editor.draft["exercises"][0]["faq"] == ["runners-face", "strengthen-lower-back"]
    editor.ex_faq.item(2).setCheckState(Qt.CheckState.Unchecked)
    assert editor.draft["exercises"][0]["faq"] == ["strengthen-lower-back"]


def test_tempo_parts_keep_their_order(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    tempo = editor.ex_tempo
    qtbot.mouseClick(tempo.add_part, Qt.MouseButton.LeftButton)
    assert [row[0].currentText() for row in tempo._row_widgets] == ["up", "down", "hold"]
    tempo._row_widgets[2][2].click()  # hold moves up, before down
    assert editor.draft["exercises"][0]["tempo_parts"] == [["up", "2s"], ["hold", "2s"], ["down", "2s"]]
    tempo._row_widgets[0][4].click()  # remove up
    assert editor.draft["exercises"][0]["tempo_parts"] == [["hold", "2s"], ["down", "2s"]]
    assert editor.check.routine.exercises[0].tempo == (TempoPart("hold", 2), TempoPart("down", 2))
    # The same part twice is the loader's duplicate-key error, shown at the tempo.
    tempo._row_widgets[1][0].setCurrentText("hold")
    assert "hold" in editor.ex_rows["tempo"].message.text()
    assert editor.check.routine is None


def test_switching_to_a_hold_hides_reps_and_tempo_and_back_keeps_them(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.kind_hold.setChecked(True)
    assert not editor.ex_rows["tempo"].isVisibleTo(editor)
    assert editor.ex_rows["hold"].isVisibleTo(editor)
    assert editor.check.routine.exercises[0].hold == 30
    editor.kind_reps.setChecked(True)
    assert editor.check.routine.exercises[0] == MINE.exercises[0]


def test_customizing_a_built_in_saves_a_copy_in_the_user_folder(qtbot, folder) -> None:
    entry = load_lib(folder).get("runners-core")
    editor = make_editor(qtbot, folder, entry.routine, saved=False, source=entry.path)
    editor.ex_sets.setValue(editor.ex_sets.value() + 1)
    assert editor.save()
    assert editor.source == folder / "runners-core.yaml"
    customized = load_lib(folder).get("runners-core")
    assert customized.source == CUSTOMIZED
    assert customized.routine.exercises[0].sets == entry.routine.exercises[0].sets + 1
    assert entry.path.read_bytes() == entry.path.read_bytes()  # the built-in file is never written
    UserRoutines(folder).reset_to_builtin(customized.path)
    assert load_lib(folder).get("runners-core").routine == entry.routine


def test_changing_the_id_renames_the_file(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    type_into(qtbot, editor.id_edit, "evening")
    assert editor.save()
    assert sorted(p.name for p in folder.glob("*.yaml")) == ["evening.yaml"]
    assert reopened(editor).id == "evening"


def test_an_id_in_use_is_refused_with_a_message(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    type_into(qtbot, editor.id_edit, "runners-core")
    assert editor.save()  # a built-in's id: that is customizing it
    type_into(qtbot, editor.id_edit, "mine")
    other = make_editor(qtbot, folder, dataclasses.replace(MINE, id="other"))
    type_into(qtbot, other.id_edit, "runners-core")
    assert not other.save()
    assert "already uses the id 'runners-core'" in other.banner.text() or \
        "runners-core.yaml already exists" in other.banner.text()
    assert other.is_modified()


def test_a_commented_file_is_backed_up_and_the_user_is_told(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    text = editor.source.read_text()
    editor.source.write_text("# from my physio\n" + text)
    editor.ex_sets.setValue(4)
    assert editor.save()
    assert (folder / "mine.yaml.bak").read_text() == "# from my physio\n" + text
    assert "mine.yaml.bak" in editor.banner.text()


def test_a_routine_too_long_to_play_is_reported_at_the_exercises(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.ex_reps.setValue(1000)
    editor.ex_sets.setValue(100)
    message = editor.exercises_message.message
    assert message.isVisibleTo(editor)
    assert "timed steps" in message.text() and "lower reps or sets" in message.text()
    assert editor.total_label.text() == "Estimated time: —"
    editor.undo_stack.undo()
    assert not message.isVisibleTo(editor)
