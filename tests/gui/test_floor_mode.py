"""Floor mode: full screen, coloured by phase, a countdown readable from the mat."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel

from helpers import run_until

from coach.core.workout.presentation import remaining_text


def press(qtbot, window, key) -> None:
    qtbot.keyClick(window.focusWidget() or window, key)


@pytest.fixture
def playing(make_window):
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    return window


def test_f_enters_floor_mode_full_screen_with_only_the_essentials(playing, qtbot) -> None:
    window = playing
    press(qtbot, window, Qt.Key.Key_F)
    assert window.in_floor_mode and window.isFullScreen()
    assert window.pages.currentWidget() is window.floor
    assert not window.menuBar().isVisible() and not window.faq_dock.isVisible()
    floor = window.floor
    visible = {w.objectName() for w in floor.findChildren(QLabel) if w.isVisible()}
    assert visible == {"floor_exercise", "floor_part", "floor_countdown", "floor_counts", "floor_hint",
                       "floor_next", "floor_remaining"}
    assert floor.part.text() == "GET READY" and floor.countdown.text() == "3"
    assert floor.bar.isVisible() and floor.bar.height() <= 12  # a thin bar


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080), (1280, 1024)])
def test_the_countdown_digits_are_at_least_a_third_of_the_window_height(playing, qtbot, size) -> None:
    window = playing
    window.session.set_floor_mode(True)
    window.floor.resize(*size)  # the screen's size, whatever it is
    digits = QFontMetrics(window.floor.countdown.font()).tightBoundingRect("0123456789")
    assert digits.height() >= size[1] / 3
    # ... and the whole floor view still fits: the labels' heights add up within the window.
    assert window.floor.countdown.font().pixelSize() < size[1] * 0.6


def test_work_rest_and_get_ready_have_distinct_colours_and_words(playing, clock) -> None:
    window = playing
    window.session.set_floor_mode(True)
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
    window.session.set_floor_mode(True)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.in_floor_mode and not window.isFullScreen()
    assert window.session.stop_question is None
    assert window.pages.currentWidget() is window.player
    assert window.menuBar().isVisible() and window.faq_dock.isVisible()


def test_f11_toggles_floor_mode_in_the_player(playing, qtbot) -> None:
    window = playing
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.in_floor_mode
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.in_floor_mode


def test_floor_mode_by_default_from_the_settings(make_window, data_dir) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    settings.set("player/floor_mode_by_default", True)
    window = make_window(settings=settings)
    window.session.start_workout(window.routine_view.routine)
    assert window.in_floor_mode and window.floor.countdown.text() == "3"


def contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(colour) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        colour = QColor(colour)
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_part_has_its_own_readable_colours() -> None:
    from coach.core.workout.presentation import FAMILIES
    from coach.gui.floor_mode import FLOOR_COLOURS
    from coach.gui.player import WINDOW_PART_COLOURS

    assert set(FLOOR_COLOURS) == set(FAMILIES)
    assert len({background for background, _ in FLOOR_COLOURS.values()}) == len(FAMILIES)
    for family, (background, text) in FLOOR_COLOURS.items():
        assert contrast(background, text) >= 7, family  # from the mat, 3 m away
    assert set(WINDOW_PART_COLOURS) == set(FAMILIES) - {"finished"}
    assert len(set(WINDOW_PART_COLOURS.values())) == len(WINDOW_PART_COLOURS)
    for family, colour in WINDOW_PART_COLOURS.items():  # a large bold word: 3:1, light or dark
        for window in ("#ffffff", "#efefef", "#202020", "#2a2a2a"):
            assert contrast(colour, window) >= 3, (family, window)


def test_a_rep_with_a_pause_shows_each_part_in_its_own_colour(make_window, clock) -> None:
    from pathlib import Path

    from coach.core.routines.library import Library, LibraryEntry
    from coach.core.routines.routine import Exercise, Routine, TempoPart

    tempo = (TempoPart("up", 1), TempoPart("hold", 1), TempoPart("down", 1), TempoPart("pause", 1))
    routine = Routine(id="paused", name="With a pause", get_ready=1,
                      exercises=(Exercise("Bridges", reps=2, tempo=tempo),))
    window = make_window(library=Library(entries=[LibraryEntry(routine, "built-in", Path("/x/p.yaml"))]))
    window.session.start_workout(routine)
    window_colours, floor_colours = {}, {}
    run_until(window, clock, 1.5)
    for _ in range(4):  # up, hold, down, pause
        window_colours[window.player.part.text()] = window.player.part.styleSheet()
        window.session.set_floor_mode(True)
        floor_colours[window.floor.part.text()] = window.floor.background().name()
        window.session.set_floor_mode(False)
        run_until(window, clock, 1.0)
    assert list(window_colours) == ["UP", "HOLD", "DOWN", "PAUSE"]
    assert len(set(window_colours.values())) == 4 and all(window_colours.values())
    assert len(set(floor_colours.values())) == 4
    assert floor_colours["PAUSE"] != floor_colours["UP"]  # a pause is not drawn as work


def test_floor_mode_hides_the_status_bar_and_brings_it_back(playing, qtbot) -> None:
    window = playing
    window.tell("No sound: a test message.")
    qtbot.waitUntil(window.statusBar().isVisible)  # a new status bar is shown at the next turn
    press(qtbot, window, Qt.Key.Key_F)
    # Nothing under the floor view: its bar reaches the bottom of the screen.
    assert not window.statusBar().isVisible()
    assert window.floor.geometry().bottom() == window.centralWidget().geometry().bottom()
    window.tell("No voice: told during floor mode.")
    assert not window.statusBar().isVisible()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.statusBar().isVisible()
    assert window.statusBar().currentMessage() == "No voice: told during floor mode."


def test_a_set_at_your_own_pace_says_press_enter_when_done(playing, clock) -> None:
    window = playing
    window.session.set_floor_mode(True)
    assert window.floor.hint.text() == ""  # get ready: nothing to press
    run_until(window, clock, 3 + 4 + 2 + 4 + 3 + 1)  # pelvic tilts, at one's own pace
    assert window.floor.part.text() == "GO"
    assert window.floor.hint.text() == "Press Enter when done"
    window.session.command("toggle_pause")
    assert window.floor.hint.text() == ""  # paused: Enter is not what to press now
    window.session.command("toggle_pause")
    window.session.command("done")
    assert window.floor.part.text() == "REST" and window.floor.hint.text() == ""


def test_the_time_left_in_the_workout_is_shown_small(playing, clock) -> None:
    window = playing
    window.session.set_floor_mode(True)
    run_until(window, clock, 4.0)
    floor = window.floor
    remaining = window.session.workout.snapshot(clock()).workout_remaining
    assert floor.remaining.text() == f"{remaining_text(remaining)} left in the workout"
    assert floor.remaining.isVisible()
    size = floor.remaining.font().pixelSize()
    assert size < floor.next_up.font().pixelSize() and size < floor.counts.font().pixelSize()


@pytest.mark.parametrize("size", [(640, 330), (400, 300), (1280, 700)])
def test_the_countdown_is_never_cut_however_short_or_narrow_the_page(qtbot, size) -> None:
    from coach.core.workout.presentation import Display
    from coach.gui.floor_mode import FloorView
    from coach.gui.player import PlayerView

    shown = Display(exercise="Bridges", exercise_position="Exercise 1 of 9", part="GET READY", family="get_ready",
                    countdown="10:00", rep="", set="", side="", instructions="Lie on your back.",
                    next_up="Next: Knee-to-chest stretches, left side", phase_fraction=0.1, workout_fraction=0.0,
                    elapsed="0:00 elapsed", remaining="18:16 remaining", paused=False, status="", self_paced=True)
    for view in (PlayerView(), FloorView()):
        qtbot.addWidget(view)
        view.show_display(shown)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        number = view.countdown
        metrics = QFontMetrics(number.font())
        assert metrics.height() <= number.height(), (type(view).__name__, size)
        assert metrics.horizontalAdvance(number.text()) <= number.width(), (type(view).__name__, size)


def test_floor_mode_shows_the_keyboard_focus_ring(playing, qtbot) -> None:
    """The floor view fills the screen and has the focus: its ring is drawn just inside the
    screen's edge, in floor mode's text colour, 2 px wide (it used to be masked away, off screen)."""
    from PySide6.QtWidgets import QApplication

    from coach.gui.focus_ring import RING_WIDTH, ring_colour

    window = playing
    press(qtbot, window, Qt.Key.Key_F)
    floor = window.floor
    qtbot.waitUntil(floor.hasFocus)
    ring = QApplication.instance()._coach_focus_rings.ring
    assert ring.widget() is floor and ring.isVisible()
    picture = window.grab().toImage()
    colour = ring_colour(floor.palette())
    assert colour != floor.background()
    width, height = picture.width(), picture.height()
    for x, y in ((width // 2, 0), (width // 2, height - 1), (0, height // 2), (width - 1, height // 2)):
        # Within RING_WIDTH of each edge of the screen, the ring's colour.
        inside = [(x + dx, y + dy) for dx in range(-RING_WIDTH - 1, RING_WIDTH + 2)
                  for dy in range(-RING_WIDTH - 1, RING_WIDTH + 2) if 0 <= x + dx < width and 0 <= y + dy < height]
        assert any(picture.pixelColor(px, py) == colour for px, py in inside), (x, y, picture.pixelColor(x, y).name())
