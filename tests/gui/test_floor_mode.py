"""Floor mode: full screen, coloured by phase, a countdown readable from the mat."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from helpers import run_until


def press(qtbot, window, key) -> None:
    qtbot.keyClick(window.focusWidget() or window, key)


@pytest.fixture
def playing(make_window):
    window = make_window()
    window.start_workout(window.routine_view.routine)
    return window


def test_f_enters_floor_mode_full_screen_with_only_the_essentials(playing, qtbot) -> None:
    window = playing
    press(qtbot, window, Qt.Key.Key_F)
    assert window.in_floor_mode and window.isFullScreen()
    assert window.pages.currentWidget() is window.floor
    assert not window.menuBar().isVisible() and not window.faq_dock.isVisible()
    floor = window.floor
    visible = {w.objectName() for w in floor.findChildren(type(floor.countdown)) if w.isVisible()}
    assert visible == {"floor_exercise", "floor_part", "floor_countdown", "floor_counts", "floor_next"}
    assert floor.part.text() == "GET READY" and floor.countdown.text() == "3"
    assert floor.bar.isVisible() and floor.bar.height() <= 12  # a thin bar


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080), (1280, 1024)])
def test_the_countdown_digits_are_at_least_a_third_of_the_window_height(playing, qtbot, size) -> None:
    window = playing
    window.enter_floor_mode()
    window.floor.resize(*size)  # the screen's size, whatever it is
    digits = QFontMetrics(window.floor.countdown.font()).tightBoundingRect("0123456789")
    assert digits.height() >= size[1] / 3
    # ... and the whole floor view still fits: the labels' heights add up within the window.
    assert window.floor.countdown.font().pixelSize() < size[1] * 0.6


def test_work_rest_and_get_ready_have_distinct_colours_and_words(playing, clock) -> None:
    window = playing
    window.enter_floor_mode()
    seen = {}
    seen[window.floor.part.text()] = window.floor.background().name()  # GET READY
    run_until(window, clock, 3.1)
    seen[window.floor.part.text()] = window.floor.background().name()  # UP (work)
    run_until(window, clock, 4.0)
    seen[window.floor.part.text()] = window.floor.background().name()  # REST
    assert set(seen) == {"GET READY", "UP", "REST"}
    assert len(set(seen.values())) == 3
    # Text stays readable on each background: dark on the light amber, white on the dark ones.
    assert window.floor.palette().color(window.floor.foregroundRole()).name() == "#ffffff"


def test_esc_leaves_floor_mode_before_it_asks_to_stop(playing, qtbot) -> None:
    window = playing
    window.enter_floor_mode()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.in_floor_mode and not window.isFullScreen()
    assert window.stop_question is None
    assert window.pages.currentWidget() is window.player
    assert window.menuBar().isVisible() and window.faq_dock.isVisible()


def test_f11_toggles_floor_mode_in_the_player(playing, qtbot) -> None:
    window = playing
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.in_floor_mode
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.in_floor_mode


def test_floor_mode_by_default_from_the_settings(make_window, data_dir) -> None:
    from coach.core.paths import DataDir
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    settings.set("player/floor_mode_by_default", True)
    window = make_window(settings=settings)
    window.start_workout(window.routine_view.routine)
    assert window.in_floor_mode and window.floor.countdown.text() == "3"
