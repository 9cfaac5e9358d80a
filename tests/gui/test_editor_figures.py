"""The editor's figure gallery: the built-in figures and the user's (a broken one listed with its
problem, never breaking the gallery), picking one writes ``figure: NAME`` and saves it, and the
preview plays the exercise's tempo as edited, on the (fake) clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import make_editor, show_active
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coach.core.routines.figure_library import FigureLibrary
from coach.core.routines.routine_format import load_routine_file
from coach.gui.figure_view import body_for

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

BUILT_IN = ["bridges", "cat-stretches", "draw-in-maneuvers", "knee-to-chest-stretches", "leg-lowers",
            "lower-back-rotational-stretches", "lying-lateral-leg-lifts", "pelvic-tilts", "supermans"]

PLANK = """\
name: My plank
poses:
  down: {torso: 0, near_elbow: 90, far_elbow: 90}
  up: {torso: 10, near_elbow: 90, far_elbow: 90}
"""


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


@pytest.fixture
def figures(data_dir: Path) -> FigureLibrary:
    mine = data_dir / "figures"
    mine.mkdir(parents=True)
    (mine / "my-plank.yaml").write_text(PLANK)
    (mine / "wobbly.yaml").write_text("poses:\n  rest: {torso: 180, near_knee: 400}\n")
    (mine / "notyaml.yaml").write_text("poses: [unclosed\n")
    return FigureLibrary(user_dir=mine)


def test_the_gallery_lists_the_built_in_figures_and_the_users(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    picker = editor.ex_figure
    names = picker.choice_names()
    assert names[0] == ""  # the default: the figure named like the exercise
    assert set(BUILT_IN) <= set(names) and "my-plank" in names
    assert picker.item_for("my-plank").text() == "My plank (yours)"
    assert picker.item_for("bridges").text() == "Bridges"
    assert not picker.item_for("bridges").icon().isNull()


def test_a_broken_figure_is_listed_with_its_problem_and_cannot_be_chosen(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    picker = editor.ex_figure
    wobbly, notyaml = picker.item_for("wobbly"), picker.item_for("notyaml")
    assert wobbly is not None and notyaml is not None
    assert wobbly.text() == "wobbly (yours, cannot be used)"
    assert "wobbly.yaml:2:33: error: 'near_knee' in 'rest'" in wobbly.toolTip()
    assert not wobbly.flags() & Qt.ItemFlag.ItemIsSelectable
    assert picker.problems.isVisibleTo(editor)
    assert "wobbly.yaml:2:33: error:" in picker.problems.text() and "notyaml.yaml:" in picker.problems.text()
    # The other figures are still there and still work.
    assert picker.item_for("my-plank").flags() & Qt.ItemFlag.ItemIsSelectable
    picker.gallery.setCurrentItem(wobbly)
    assert picker.value() == "" and editor.draft["exercises"][0]["figure"] == ""
    assert not editor.is_modified()


def test_picking_a_figure_writes_it_into_the_draft_and_saves_it(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    show_active(qtbot, editor)
    picker = editor.ex_figure
    picker.gallery.setFocus()
    qtbot.waitUntil(picker.gallery.hasFocus)
    # The keyboard: from "named like the exercise" to the first figure, then on to supermans.
    while picker.gallery.currentItem().data(Qt.ItemDataRole.UserRole) != "supermans":
        before = picker.gallery.currentRow()
        qtbot.keyClick(picker.gallery, Qt.Key.Key_Right)
        assert picker.gallery.currentRow() != before, "the arrow keys do not move through the gallery"
    assert editor.draft["exercises"][0]["figure"] == "supermans"
    assert picker.shown_figure().name == "Superman"
    assert editor.is_modified()
    assert editor.save()
    routine, problems = load_routine_file(editor.source)
    assert [p for p in problems if p.is_error] == []
    assert routine.exercises[0].figure == "supermans"
    assert "figure: supermans" in editor.source.read_text()
    # Going through the gallery was one step to undo.
    editor.undo_stack.undo()
    assert editor.draft["exercises"][0]["figure"] == ""
    assert picker.gallery.currentRow() == 0 and picker.shown_figure().name == "Bridges"


def test_back_to_the_default_leaves_the_key_out(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    editor.ex_figure.gallery.setCurrentItem(editor.ex_figure.item_for("my-plank"))
    assert editor.save()
    assert "figure: my-plank" in editor.source.read_text()
    editor.ex_figure.gallery.setCurrentRow(0)
    assert editor.save()
    assert "figure:" not in editor.source.read_text()


def test_the_preview_plays_the_tempo_as_edited(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    show_active(qtbot, editor)
    preview = editor.ex_figure.preview
    bridges = figures.get("bridges")
    hip = lambda: body_for(bridges, preview.pose, None).joints["pelvis"][1]  # noqa: E731
    # Bridges: up 2 s, down 2 s; the preview starts at the start pose, named by its part.
    assert preview.playing and preview.pose == bridges.pose("rest") and preview.caption == "UP"
    clock.tick(2.0)
    preview.next_frame()
    assert preview.pose == bridges.pose("top") and preview.caption == "DOWN"
    # The tempo becomes up 4 s: two seconds in is half way up.
    editor.ex_tempo.set_value("parts", "3s", [["up", "4s"], ["hold", "1s"], ["down", "2s"]])
    editor._tempo_changed("parts", "3s", [["up", "4s"], ["hold", "1s"], ["down", "2s"]], False)
    assert preview.pose == bridges.pose("rest")  # a new tempo plays from its start
    clock.tick(2.0)
    preview.next_frame()
    assert preview.caption == "UP"
    assert bridges.pose("rest") != preview.pose != bridges.pose("top")
    assert body_for(bridges, bridges.pose("rest"), None).joints["pelvis"][1] < hip()
    clock.tick(2.5)
    preview.next_frame()
    assert preview.caption == "HOLD" and preview.pose == bridges.pose("top")


def test_typing_elsewhere_does_not_restart_the_preview(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    show_active(qtbot, editor)
    preview = editor.ex_figure.preview
    clock.tick(1.0)
    preview.next_frame()
    middle = preview.pose
    qtbot.keyClicks(editor.ex_instructions, "Slowly.")
    assert preview.pose == middle


def test_the_gallery_is_a_labelled_tab_stop(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    show_active(qtbot, editor)
    gallery = editor.ex_figure.gallery
    assert gallery.accessibleName() == "Figure" and gallery.accessibleDescription()
    assert gallery.focusPolicy() & Qt.FocusPolicy.TabFocus
    label = editor.form.labelForField(editor.ex_rows["figure"])
    assert label.text() == "Figure" and label.buddy() is gallery
    assert editor.ex_figure.preview.accessibleName() == "Preview of the figure"
    assert "Bridges" in editor.ex_figure.preview.accessibleDescription()
    # Tab reaches it from the field before it.
    editor.ex_image.clear_button.setEnabled(True)
    editor.ex_image.path.setFocus()
    qtbot.waitUntil(editor.ex_image.path.hasFocus)
    for _ in range(6):
        if QApplication.focusWidget() is gallery:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is gallery


def test_a_figure_that_is_not_there_is_said_so(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    editor._edit_ex("figure", "handstand")
    picker = editor.ex_figure
    assert "“handstand”: there is no such figure" in picker.chosen.text()
    assert picker.shown_figure() is None and picker.gallery.currentItem() is None


def test_without_figures_the_editor_still_works(qtbot, folder, clock) -> None:
    editor = make_editor(qtbot, folder, clock=clock)
    assert editor.ex_figure.choice_names() == [""]
    assert editor.ex_figure.shown_figure() is None


def test_a_long_problem_never_lies_over_the_gallery(qtbot, folder, figures, clock) -> None:
    """In a small window the problems below the gallery wrap onto several lines; the form makes
    room for them (before, the picker was as tall as for one line, and they covered the gallery)."""
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    editor.resize(780, 540)
    editor.show()
    qtbot.waitExposed(editor)
    picker = editor.ex_figure
    qtbot.waitUntil(lambda: picker.problems.height() > 0)
    gallery, problems = picker.gallery.geometry(), picker.problems.geometry()
    assert problems.top() >= gallery.bottom()
    lines = picker.problems.heightForWidth(picker.problems.width())
    assert picker.problems.height() >= lines
    assert picker.height() >= problems.bottom()


def test_with_animations_off_the_preview_shows_the_held_pose(qtbot, folder, figures, clock) -> None:
    editor = make_editor(qtbot, folder, figures=figures, clock=clock)
    show_active(qtbot, editor)
    preview = editor.ex_figure.preview
    assert preview.playing
    editor.ex_figure.set_animate(False)
    bridges = figures.get("bridges")
    assert preview.pose == bridges.pose("top") and not preview.timer.isActive() and preview.caption == ""
    editor.ex_figure.gallery.setCurrentItem(editor.ex_figure.item_for("supermans"))
    assert not preview.timer.isActive() and preview.pose == figures.get("supermans").pose(figures.get("supermans").hold)
    editor.ex_figure.set_animate(True)
    assert preview.playing


def test_the_window_opens_the_editor_with_the_setting(make_window, qtbot, data_dir) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    settings.set("figures/animate", False)
    window = make_window(settings=settings)
    window.routine_command("customize")
    assert window.editor is not None
    preview = window.editor.ex_figure.preview
    assert preview.figure is not None and not preview.timer.isActive()
    assert window.editor.ex_figure.gallery.count() >= 10  # the built-ins, from the window's library
