"""The window on small screens and with large fonts: it fits the screen, no control is ever cut, and
when it is narrow the FAQ dock gives way (F1 shows it over the content) and the library collapses.

The offscreen platform's screen is 800 x 800; the sizes of the issue are set with resize().
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")


@pytest.fixture
def real_window(make_window, data_dir: Path):
    """The main window around the built-in routines and the FAQ, as a user first sees it."""
    folder = DataDir(data_dir)
    faq = load_faq(folder)
    return make_window(library=load_library(builtin_routines_dir(), folder.routines, set(faq.ids())), faq=faq)


def settle(window, width: int, height: int) -> None:
    window.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def cut_controls(window) -> list[str]:
    """The buttons shown smaller than they ask for, or partly hidden (off a scroll area or the window)."""
    cut = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window or button.objectName() == "qt_toolbar_ext_button":
            continue
        hint, shown = button.sizeHint(), button.visibleRegion().boundingRect()
        if button.width() < hint.width() or button.height() < hint.height() or shown.size() != button.size():
            cut.append(f"{button.objectName() or button.text()}: {button.width()}x{button.height()} "
                       f"of {hint.width()}x{hint.height()}, {shown.width()}x{shown.height()} shown")
    return cut


def test_the_first_window_fits_the_screen(real_window) -> None:
    area = real_window.screen().availableGeometry()
    assert area.contains(real_window.frameGeometry()), (area, real_window.frameGeometry())
    assert real_window.width() > area.width() * 0.9  # and uses it


def test_at_800x600_every_control_fits_and_start_workout_is_in_view(real_window) -> None:
    window = real_window
    settle(window, 800, 600)
    assert not window.faq_dock.isVisible()  # the FAQ gave way to the routine
    routine = window.routine_view
    assert routine.width() >= routine.needed_width()
    assert window.library_view.width() >= window.library_view.needed_width()  # still there
    assert cut_controls(window) == []
    start = routine.start
    assert start.visibleRegion().boundingRect() == start.rect()
    window.session.start_workout(routine.routine)
    QApplication.processEvents()
    assert window.pages.currentWidget() is window.player
    assert cut_controls(window) == []  # Previous ... Floor mode, on two lines if need be


def test_f1_shows_the_faq_over_the_content_when_narrow_and_docks_it_when_wide(real_window, qtbot) -> None:
    window = real_window
    settle(window, 800, 600)
    library_before = window.library_view.width()
    window.faq_action.trigger()  # F1
    QApplication.processEvents()
    dock = window.faq_dock
    assert dock.isVisible() and dock.isFloating()
    frame = QRect(window.mapToGlobal(window.rect().topLeft()), window.size())
    assert frame.contains(dock.geometry())  # over the window's content, not beside it
    assert window.library_view.width() == library_before  # nothing underneath moved
    window.faq_action.trigger()
    assert not dock.isVisible()
    window.faq_action.trigger()
    settle(window, 1280, 800)
    assert dock.isVisible() and not dock.isFloating()
    assert cut_controls(window) == []
    assert window.routine_view.width() >= window.routine_view.needed_width()


def test_a_faq_hidden_by_the_user_stays_hidden_when_the_window_widens(real_window) -> None:
    window = real_window
    settle(window, 1280, 800)
    window.faq_action.trigger()  # F1: hidden
    settle(window, 800, 600)
    settle(window, 1280, 800)
    assert not window.faq_dock.isVisible() and not window.faq_dock.isFloating()


def test_the_library_narrows_then_collapses_for_the_routine(big_font, real_window) -> None:
    window = real_window
    settle(window, 900, 700)
    library, routine = window.library_view, window.routine_view
    assert 0 < library.width() < 320 and routine.width() >= routine.needed_width()
    settle(window, 700, 600)
    assert window.browse.sizes()[0] == 0  # collapsed; its handle brings it back
    assert routine.width() >= routine.needed_width()
    assert cut_controls(window) == []


@pytest.mark.parametrize("size", [(1280, 800), (800, 600)])
def test_at_200_percent_fonts_no_control_is_cut(big_font, real_window, size) -> None:
    window = real_window
    settle(window, *size)
    assert cut_controls(window) == []
    start = window.routine_view.start
    assert start.visibleRegion().boundingRect() == start.rect()
    window.session.start_workout(window.routine_view.routine)
    QApplication.processEvents()
    assert cut_controls(window) == []


def test_the_faq_is_saved_docked_even_when_it_gave_way(real_window, make_window, data_dir) -> None:
    window = real_window
    settle(window, 800, 600)
    window.close()
    again = make_window()
    settle(again, 1280, 800)
    assert again.faq_dock.isVisible() and not again.faq_dock.isFloating()


FIRST_WINDOW = """
import json
from pathlib import Path
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.gui.app import make_application
from coach.gui.main_window import MainWindow
from coach.gui.settings import Settings
app = make_application()
data = DataDir(Path({data!r}))
faq = load_faq(data)
window = MainWindow(data, load_library(builtin_routines_dir(), data.routines, set(faq.ids())),
                    Settings(data.settings_file), faq=faq)
window.show()
app.processEvents()
area, frame = window.screen().availableGeometry(), window.frameGeometry()
print(json.dumps({{"area": area.getRect(), "frame": frame.getRect(), "fits": area.contains(frame)}}))
"""


@pytest.mark.slow
def test_at_200_percent_scaling_the_first_window_fits_the_screen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run([sys.executable, "-c", FIRST_WINDOW.format(data=str(tmp_path))], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown["area"][2:] == [400, 400]  # the 800 x 800 screen at 200%
    assert shown["fits"], shown
