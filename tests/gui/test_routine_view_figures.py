"""The routine view's figures: each exercise stands in its start pose; the one under the mouse, or
the one selected with the keyboard, plays its rep at the exercise's tempo on the (fake) clock; no
frames at all while nothing is hovered or selected."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from coach.core.routines.figure_library import FigureLibrary
from coach.gui.figure_view import body_for

LIBRARY = FigureLibrary()
BRIDGES = LIBRARY.get("bridges")


def _window_with_figures(make_window, qtbot):
    window = make_window()
    window.show_figures()  # what the app does after its first paint
    view = window.routine_view
    qtbot.waitUntil(lambda: all(v.figure is not None for v, _e in view._figures))
    return window, view, [v for v, _e in view._figures]


def _enter(widget) -> None:
    QApplication.sendEvent(widget, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))


def _leave(widget) -> None:
    QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))


def _hip(view) -> float:
    return body_for(BRIDGES, view.pose, None).joints["pelvis"][1]


def test_each_exercise_stands_in_its_start_pose_and_nothing_moves(make_window, qtbot, clock) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    assert [f.figure.name for f in figures] == ["Bridges", "Pelvic tilt", "Knee-to-chest stretch"]
    assert all(f.pose == f.figure.pose(f.figure.start) for f in figures)
    assert not any(f.timer.isActive() for f in figures)
    qtbot.waitUntil(lambda: all(f.frames_drawn > 0 for f in figures))  # each drawn once, as shown
    drawn = [f.frames_drawn for f in figures]
    clock.tick(5.0)
    qtbot.wait(100)  # event loop passes (not a sleep for time: the clock is fake): no frame comes
    assert [f.frames_drawn for f in figures] == drawn
    assert view.playing_exercise() is None


def test_the_hovered_exercise_plays_its_rep_at_its_tempo_and_stops_when_left(make_window, qtbot, clock) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    bridges = figures[0]
    _enter(view.exercise_card(0))
    assert view.playing_exercise() == 0 and bridges.playing
    assert not any(f.timer.isActive() for f in figures[1:])
    # Bridges in the test routine: up 1 s, down 1 s.
    low = _hip(bridges)
    clock.tick(0.5)
    bridges.next_frame()
    middle = _hip(bridges)
    clock.tick(0.5)
    bridges.next_frame()
    assert bridges.pose == BRIDGES.pose("top")
    assert low < middle < _hip(bridges)
    clock.tick(1.0)
    bridges.next_frame()
    assert bridges.pose == BRIDGES.pose("rest")  # down again: one rep, then the next
    clock.tick(0.5)
    bridges.next_frame()
    before = bridges.frames_drawn
    _leave(view.exercise_card(0))
    assert view.playing_exercise() is None and not bridges.timer.isActive()
    assert bridges.pose == BRIDGES.pose("rest")  # back in its start pose
    qtbot.waitUntil(lambda: bridges.frames_drawn > before)  # the still pose is painted once
    drawn = bridges.frames_drawn
    clock.tick(1.0)
    qtbot.wait(100)
    assert bridges.frames_drawn == drawn


def test_moving_to_another_exercise_moves_the_playing_figure(make_window, qtbot, clock) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    _enter(view.exercise_card(0))
    _leave(view.exercise_card(0))
    _enter(view.exercise_card(2))
    assert view.playing_exercise() == 2
    assert figures[2].playing and not figures[0].timer.isActive()
    knee = figures[2]
    clock.tick(2.0)  # a hold: into the stretch in 2 s
    knee.next_frame()
    assert knee.pose == knee.figure.pose("stretch")


def test_the_selected_exercise_plays_for_a_keyboard_user(make_window, qtbot, clock) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    card = view.exercise_card(1)
    assert card.focusPolicy() & Qt.FocusPolicy.TabFocus and card.accessibleName().startswith("Pelvic tilts")
    # Tab from the routine's last button reaches the exercises, in order.
    view.start.setFocus()
    qtbot.waitUntil(view.start.hasFocus)
    for _ in range(10):
        if QApplication.focusWidget() is view.exercise_card(0):
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.exercise_card(0)
    assert view.playing_exercise() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card
    assert view.playing_exercise() == 1 and figures[1].playing and not figures[0].timer.isActive()
    view.start.setFocus()
    qtbot.waitUntil(view.start.hasFocus)
    assert view.playing_exercise() is None and not any(f.timer.isActive() for f in figures)


def test_the_mouse_wins_over_the_selection_and_gives_it_back(make_window, qtbot) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    view.exercise_card(1).setFocus()
    qtbot.waitUntil(view.exercise_card(1).hasFocus)
    assert view.playing_exercise() == 1
    _enter(view.exercise_card(0))
    assert view.playing_exercise() == 0 and not figures[1].timer.isActive()
    _leave(view.exercise_card(0))
    assert view.playing_exercise() == 1


def test_with_animations_off_the_chosen_exercise_shows_its_held_pose_still(make_window, qtbot, clock) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    _enter(view.exercise_card(0))
    assert figures[0].playing
    window.settings.set("figures/animate", False)  # Settings > "Animate figures" off, then OK
    window.apply_figure_settings()
    assert figures[0].pose == BRIDGES.pose("top") and not figures[0].timer.isActive()
    _leave(view.exercise_card(0))
    assert figures[0].pose == BRIDGES.pose("rest")
    _enter(view.exercise_card(0))
    assert figures[0].pose == BRIDGES.pose("top") and not figures[0].timer.isActive()
    # Another routine shown keeps to the setting; turned on again, the hovered exercise plays.
    view.show_routine(view.routine)
    view._show_figures()
    figures = [v for v, _e in view._figures]
    _enter(view.exercise_card(0))
    assert not figures[0].timer.isActive()
    window.settings.set("figures/animate", True)
    window.apply_figure_settings()
    assert figures[0].playing


def test_a_window_started_with_animations_off_moves_no_figure(make_window, qtbot, data_dir) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    settings.set("figures/animate", False)
    window, view, figures = _window_with_figures(lambda: make_window(settings=settings), qtbot)
    _enter(view.exercise_card(0))
    assert figures[0].pose == BRIDGES.pose("top") and not figures[0].timer.isActive()


def test_showing_another_routine_stops_the_playing_figure(make_window, qtbot) -> None:
    window, view, figures = _window_with_figures(make_window, qtbot)
    _enter(view.exercise_card(0))
    assert figures[0].playing
    view.show_routine(view.routine)
    assert not figures[0].timer.isActive() and view.playing_exercise() is None


def test_in_a_narrow_card_the_instructions_go_under_the_figure(make_window, qtbot) -> None:
    """Beside the figure in a wide window; in a narrow one (a small screen, large fonts) across the
    whole card under it, not in a thin column of a word or two a line."""
    from PySide6.QtWidgets import QLabel

    window, view, figures = _window_with_figures(make_window, qtbot)
    card = view._exercise_card(1, view.routine.exercises[0])  # a card of its own, sized by the test
    qtbot.addWidget(card)
    card.show()
    instructions = card.findChild(QLabel, "instructions")
    figure = card.figure
    figure.show_pose(figures[0].figure)
    card.resize(700, 300)
    assert card.wide
    qtbot.waitUntil(lambda: instructions.geometry().right() < figure.geometry().left())
    card.resize(330, 300)
    assert not card.wide
    qtbot.waitUntil(lambda: instructions.width() > 0.8 * card.contentsRect().width())
    assert instructions.geometry().top() >= figure.geometry().bottom()


def test_figures_never_make_a_narrow_routine_view_scroll_sideways(qtbot, tmp_path) -> None:
    """At 200% scaling the routine view is about 300 pixels wide: the figures go under the names
    there, and the view needs no more width with them than without (before, each card was at
    least its name plus the figure wide, and the Start button was cut off)."""
    from coach.core.routines.library import load_library
    from coach.core.files.paths import builtin_routines_dir
    from coach.gui.routine_view import RoutineView

    routine = next(e.routine for e in load_library(builtin_routines_dir(), tmp_path).entries
                   if e.routine.id == "lower-back-basics")
    view = RoutineView()
    qtbot.addWidget(view)
    view.resize(320, 600)
    view.show()
    view.show_routine(routine, "built-in")
    qtbot.wait(10)
    without = view.needed_width()
    view.set_figure_source(LIBRARY.for_exercise)
    qtbot.waitUntil(lambda: all(v.figure is not None for v, _e in view._figures))
    qtbot.wait(10)
    assert view.needed_width() <= without
    assert not view.scroll.horizontalScrollBar().isVisible()
