"""What the player repaints while a workout plays: only what changed (docs/TIMING.md, CPU).

The bars move up to 20 times a second: each move must repaint only the strip of the bar it moved
by, not the bar's parents (the page and the window under it) nor the rest of the bar, and a move
of less than a pixel, or a display that changed nothing, must repaint nothing at all.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from coach.core.workout.presentation import Display
from coach.gui.player import PlayerView, ProgressLine


class PaintRecorder(QObject):
    """Records every paint event of a widget and of everything in it, as (widget name, rect)."""

    def __init__(self, root: QWidget) -> None:
        super().__init__()
        self.painted: list[tuple[str, QRect]] = []
        for widget in [root, *root.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.painted.append((watched.objectName() or type(watched).__name__, QRect(event.rect())))
        return False


def display(**changes) -> Display:
    shown = Display(exercise="Bridges", exercise_position="Exercise 1 of 2", part="UP", family="work",
                    countdown="3", rep="Rep 1 of 4", set="", side="", instructions="Lift your hips.",
                    next_up="Next: Rep 2 of 4", phase_fraction=0.25, workout_fraction=0.1,
                    elapsed="0:05", remaining="0:55", paused=False, status="", self_paced=False)
    return dataclasses.replace(shown, **changes)


@pytest.fixture
def player(qtbot) -> PlayerView:
    view = PlayerView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_display(display())
    settle()
    return view


def settle() -> None:
    """Lets the window paint what is pending (the repaint manager's update request)."""
    for _ in range(3):
        QApplication.processEvents()


def bar_width(bar: ProgressLine, fraction: float) -> int:
    return int((bar.width() - 2) * round(fraction * 1000) / 1000)


def test_a_bar_move_repaints_only_the_strip_it_moved_by(player) -> None:
    bar = player.phase_bar
    recorder = PaintRecorder(player.window())
    player.show_display(display(phase_fraction=0.5))
    settle()
    before, after = bar_width(bar, 0.25), bar_width(bar, 0.5)
    # Only the bar, and of it only the pixels between the old and the new end of its filled part:
    # not the page under it (the bar is opaque), not the rest of the bar.
    assert recorder.painted == [("phase_bar", QRect(1 + before, 1, after - before, bar.height() - 2))]


def test_a_bar_moving_back_repaints_the_strip_it_left(player) -> None:
    bar = player.phase_bar
    recorder = PaintRecorder(player.window())
    player.show_display(display(phase_fraction=0.125))
    settle()
    before, after = bar_width(bar, 0.25), bar_width(bar, 0.125)
    assert recorder.painted == [("phase_bar", QRect(1 + after, 1, before - after, bar.height() - 2))]


def test_a_move_of_less_than_a_pixel_repaints_nothing(player) -> None:
    bar = player.phase_bar
    inside = bar.width() - 2
    # Two values of the bar (thousandths) that fill the same number of pixels.
    value = next(v for v in range(250, 1000) if inside * v // 1000 == inside * (v + 1) // 1000)
    player.show_display(display(phase_fraction=value / 1000))
    settle()
    recorder = PaintRecorder(player.window())
    player.show_display(display(phase_fraction=(value + 1) / 1000))
    settle()
    assert bar.value() == value + 1  # the value moved (a screen reader reads it)
    assert recorder.painted == []


def test_a_display_that_changed_nothing_repaints_nothing(player) -> None:
    recorder = PaintRecorder(player.window())
    player.show_display(display())
    settle()
    assert recorder.painted == []


def test_the_bar_still_draws_what_it_shows_after_moves(player) -> None:
    """The strips add up to the whole bar: what the window holds equals the bar drawn anew."""
    bar = player.phase_bar
    for fraction in (0.3, 0.31, 0.6, 0.2, 0.9):
        player.show_display(display(phase_fraction=fraction))
        settle()
    held = player.window().screen().grabWindow(player.window().winId()).toImage()
    drawn = bar.grab().toImage()
    corner = bar.mapTo(player.window(), bar.rect().topLeft())
    ratio = held.width() / player.window().width()
    if ratio != 1:
        pytest.skip("the screen's device pixel ratio is not 1")
    part = held.copy(QRect(corner, bar.size())).convertToFormat(drawn.format())
    assert part == drawn


def test_the_bars_stay_opaque_whatever_the_style(player) -> None:
    """The style's polish turns a progress bar's opaque painting off; the bar turns it on again."""
    for bar in (player.phase_bar, player.workout_bar):
        assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    style = QStyleFactory.create("Fusion")
    player.phase_bar.setStyle(style)
    assert player.phase_bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def test_a_bar_step_of_a_workout_repaints_the_bars_alone(make_window, clock) -> None:
    """The driver's bar step (up to 20 a second) in the real window: the bars' strips are painted,
    and nothing else (no label, not the page under them, not the focus ring around the player:
    only its border is its own)."""
    window = make_window()
    window.resize(1000, 700)
    window.session.start_workout(window.routine_view.routine)
    driver = window.session.driver
    settle()
    driver.refresh_timer.stop()  # only the bar step below: the display's own timers held off
    driver.bar_timer.stop()
    driver.timer.stop()
    recorder = PaintRecorder(window)
    for _ in range(20):  # what the window's start still had to paint (the layout settling)
        recorder.painted.clear()
        settle()
        if not recorder.painted:
            break
    assert not recorder.painted
    clock.tick(0.2)
    driver.step_bars()
    settle()
    painted = {name for name, _rect in recorder.painted}
    assert "phase_bar" in painted
    assert window.player.hasFocus()  # the ring is around the player, over the bars
    assert painted <= {"phase_bar", "workout_bar"}, painted
    for name, rect in recorder.painted:
        if name == "phase_bar":
            assert rect.width() < window.player.phase_bar.width() / 4  # a strip, not the bar
    assert window.player.countdown.text() == "3"  # the number is not shown anew for a bar step


def test_a_bar_step_leaves_what_a_screen_reader_reads_to_the_next_display(player) -> None:
    """Up to 20 steps a second draw the bar; the value a screen reader reads (and announces when
    it changes) follows the displays, at most a second apart."""
    bar = player.phase_bar
    recorder = PaintRecorder(player.window())
    player.show_progress(0.5, 0.1)
    settle()
    assert [name for name, _rect in recorder.painted] == ["phase_bar"]  # drawn at once
    assert bar.value() == 250  # still the last display's
    player.show_display(display(phase_fraction=0.5))
    assert bar.value() == 500
