""""Stop the workout?": the workout waits while the user thinks, and the buttons say what they do."""

from __future__ import annotations

import pytest
from helpers import run_until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProxyStyle, QStyle


@pytest.fixture
def playing(make_window, clock):
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.5)  # bridges, set 1, rep 1
    return window


def esc(qtbot, window) -> QMessageBox:
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
    box = window.session.stop_question
    assert box is not None and box.isVisible()
    return box


def test_the_workout_waits_while_the_question_is_open(playing, qtbot, clock) -> None:
    window = playing
    shown = window.session.workout.snapshot(clock())
    box = esc(qtbot, window)
    assert window.session.workout.state == "paused"
    assert window.player.status.text() == "PAUSED"
    run_until(window, clock, 60)  # the user thinks for a minute: the set, the rest and the next exercise wait
    now = window.session.workout.snapshot(clock())
    assert (now.phase_index, now.phase_elapsed) == (shown.phase_index, shown.phase_elapsed)
    box.button(QMessageBox.StandardButton.No).click()  # Keep going
    assert window.session.workout.state == "running" and window.session.stop_question is None
    run_until(window, clock, 0.4)
    assert window.session.workout.snapshot(clock()).phase_index == shown.phase_index  # on from where it was


def test_keep_going_leaves_a_workout_the_user_paused_paused(playing, qtbot) -> None:
    window = playing
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Space)
    assert window.session.workout.state == "paused"
    esc(qtbot, window).button(QMessageBox.StandardButton.No).click()
    assert window.session.workout.state == "paused"


def test_stop_workout_stops_it(playing, qtbot) -> None:
    window = playing
    box = esc(qtbot, window)
    with qtbot.waitSignal(window.workout_ended) as ended:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert ended.args[0].outcome == "stopped"
    assert window.pages.currentWidget() is window.summary


class ButtonsWithIcons(QProxyStyle):
    """A desktop style that puts icons on dialog buttons (as KDE's and GNOME's themes do): Yes
    gets a green tick and No a red cross, whatever the buttons' words."""

    def styleHint(self, hint, option=None, widget=None, data=None):  # noqa: N802 - Qt's name
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, data)


@pytest.fixture
def icon_style():
    app = QApplication.instance()
    old = app.style().name()
    app.setStyle(ButtonsWithIcons(old))
    yield
    app.setStyle(old)


def test_no_tick_on_stop_and_no_cross_on_keep_going(icon_style, playing, qtbot) -> None:
    box = esc(qtbot, playing)
    stop, keep = box.button(QMessageBox.StandardButton.Yes), box.button(QMessageBox.StandardButton.No)
    assert (stop.text(), keep.text()) == ("Stop workout", "Keep going")
    assert stop.icon().isNull() and keep.icon().isNull()
