"""The player on small screens and at 200% scaling: the countdown's number is read from a mat 2-3 m
away, so it takes the room the other rows leave, and never less than its share of the page.

The rule: the digits as painted (their ink, from the top of the "1" to the bottom of the "0") are at
least ``NUMBER_SHARE`` of the player's height, at 800x600 and at 200% on a 1280x800 screen (there the
window gets 624x352 of the 640x400 the screen has at 200%, under openbox). For that the labels elide
instead of wrapping onto more lines, and the secondary rows fold (the instructions first); the part
word, the buttons, the exercise, the rep and what comes next stay. The same rule through the real
xcb platform with QT_SCALE_FACTOR=2: ``test_at_200_percent_on_x11`` below.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from test_run_on_x11 import x_display  # noqa: F401 - the fixture: a private Xvfb
from test_window_size import cut_controls, settle

from helpers import ink_height, run_until

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")

#: The digits' ink height, as a share of the player's height.
NUMBER_SHARE = 0.25

SIZES = {"800x600": (800, 600), "200% on 1280x800": (624, 352)}


def size_as_on_its_screen(window, size: tuple[int, int]) -> None:
    """The window at ``size``; as on a screen of that size, its minimum size gives way to it
    (coach/gui/window_size.py's fit_to_screen)."""
    window.setMinimumSize(window.minimumSize().boundedTo(QSize(*size)))
    settle(window, *size)


def showing(window) -> None:
    for _ in range(3):
        QApplication.processEvents()


def check_number(window, moment: str) -> float:
    player = window.player
    ink = ink_height(player.countdown)
    assert ink >= NUMBER_SHARE * player.height(), (
        f"{moment}: the number is {ink:.0f} px high in a player {player.height()} px high "
        f"({ink / player.height():.0%}, wanted {NUMBER_SHARE:.0%})")
    return ink


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_number_takes_at_least_its_share_of_the_player(make_window, clock, size) -> None:
    window = make_window()
    size_as_on_its_screen(window, size)
    window.session.start_workout(window.routine_view.routine)
    showing(window)
    player = window.player
    assert player.part.text() == "GET READY"
    check_number(window, "get ready")
    run_until(window, clock, 3.1)
    showing(window)
    assert (player.exercise.text(), player.part.text(), player.rep.text()) == ("Bridges", "UP", "Rep 1 of 2")
    check_number(window, "a rep")
    # What must stay in view: the part, the exercise, the rep and set, what comes next, every button.
    for label in (player.part, player.exercise, player.rep, player.set, player.next_up):
        assert label.isVisible() and label.height() >= QFontMetrics(label.font()).height(), label.objectName()
    assert cut_controls(window) == []


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_long_names_and_instructions_never_push_the_number(make_window, clock, size) -> None:
    window = make_window()
    size_as_on_its_screen(window, size)
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.1)
    showing(window)
    player = window.player
    before = ink_height(player.countdown)
    driver = window.session.driver
    driver.timer.stop()  # the workout holds still: only the long words below are shown
    driver.refresh_timer.stop()
    long = dataclasses.replace(
        player.display, exercise="Lying lateral leg lifts with a resistance band around the knees " * 2,
        next_up="Next: Lower back rotational stretches, set 2 of 2, right side, then a long rest",
        instructions="Lie on your back with both knees bent and your feet flat on the floor. " * 8)
    player.show_display(long)
    showing(window)
    assert ink_height(player.countdown) == before
    for label in (player.exercise, player.next_up):  # on one line, ending in "…"
        assert label.height() < 2 * QFontMetrics(label.font()).height(), label.objectName()
        assert label.text() == getattr(long, label.objectName())  # the whole text for a screen reader
    player.exercise.grab()  # painted: cut short, it shows the whole name when pointed at
    assert player.exercise.toolTip() == long.exercise
    check_number(window, "long texts")


def test_the_rows_come_back_when_there_is_room(make_window, clock) -> None:
    window = make_window()
    size_as_on_its_screen(window, SIZES["200% on 1280x800"])
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 3.1)
    showing(window)
    player = window.player
    assert not player.instructions.isVisible()  # folded away for the number
    settle(window, 1280, 800)
    showing(window)
    assert player.instructions.isVisible() and player.instructions.text() == "Lift your hips slowly."
    assert player.workout_bar.isVisible() and player.elapsed.isVisible()
    check_number(window, "1280x800")


AT_200_PERCENT = """
import json, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.gui.app import make_application
from coach.gui.main_window import MainWindow
from coach.gui.settings import Settings
from helpers import ink_height
app = make_application()
data = DataDir(Path({data!r}))
settings = Settings(data.settings_file)
for key in ("sound/enabled", "voice/enabled", "checkin/enabled"):
    settings.set(key, False)
faq = load_faq(data)
window = MainWindow(data, load_library(builtin_routines_dir(), data.routines, set(faq.ids())), settings, faq=faq)
window.show()
QTest.qWaitForWindowExposed(window, 10000)  # on screen: the workout's clock starts at once (start_when_shown.py)
window.library_view.select_routine("lower-back-basics")
window.request_workout(window.routine_view.routine)
window.session.driver.command("next")  # get ready: done; the first exercise's hold
for _ in range(5):
    app.processEvents()
player = window.player
print(json.dumps({{"scale": window.devicePixelRatio(), "screen": window.screen().availableGeometry().getRect(),
                   "exercise": player.exercise.text(), "number": ink_height(player.countdown),
                   "player": player.height()}}))
window.session.driver.command("stop")
"""


@pytest.mark.slow
def test_at_200_percent_on_x11(x_display, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display, "QT_SCALE_FACTOR": "2"}
    script = AT_200_PERCENT.format(tests=str(Path(__file__).parent), data=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown["scale"] == 2.0 and shown["screen"][2:] == [640, 400], shown  # Xvfb's 1280x800 at 200%
    assert shown["exercise"] == "Knee-to-chest stretches"
    assert shown["number"] >= NUMBER_SHARE * shown["player"], shown
