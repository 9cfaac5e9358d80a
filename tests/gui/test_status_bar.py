"""Nothing told in the status bar is cut: a message longer than the window is wide (sound and
voice both missing, in an 800 px window, or at 200% scaling) wraps onto more lines."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from coach.gui.cue_messages import SOUND_NO_SERVER, VOICE_NOT_RUNNING


def message_area(bar) -> QRect:
    """The bar less a few pixels each side and its size grip: where its message can be."""
    grip = bar.style().pixelMetric(bar.style().PixelMetric.PM_SizeGripSize, None, bar) if bar.isSizeGripEnabled() else 0
    return bar.rect().adjusted(6, 0, -(6 + grip), 0)


def ink_rows(bar) -> list[int]:
    """The rows of the bar's picture where its text is drawn (pixels close to the text colour)."""
    image = bar.grab().toImage()
    ratio = image.devicePixelRatio()
    text = bar.palette().windowText().color()
    rows = []
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - text.red()) + abs(c.green() - text.green()) + abs(c.blue() - text.blue()) < 120:
                rows.append(int(y / ratio))
                break
    return rows


def told_both(make_window, width: int):
    window = make_window()
    window.resize(width, 600)
    QApplication.processEvents()
    window.tell_cue_problem(SOUND_NO_SERVER)
    window.tell_cue_problem(VOICE_NOT_RUNNING)
    QApplication.processEvents()
    bar = window.statusBar()
    assert bar.currentMessage() == f"{SOUND_NO_SERVER} {VOICE_NOT_RUNNING}"
    return window, bar


def test_sound_and_voice_missing_are_told_whole_in_an_800_px_window(make_window) -> None:
    window, bar = told_both(make_window, 800)
    message = bar.currentMessage()
    area = message_area(bar)
    metrics = bar.fontMetrics()
    assert metrics.horizontalAdvance(message) > area.width()  # one line cannot hold it here
    needed = metrics.boundingRect(QRect(0, 0, area.width(), 100_000), Qt.TextFlag.TextWordWrap, message)
    assert bar.height() >= needed.height(), (
        f"the status bar is {bar.height()} px high; its message needs {needed.height()} px at {area.width()} px")
    # And the text is drawn on those lines: ink reaches the last line of the message.
    rows = ink_rows(bar)
    lines = round(needed.height() / metrics.lineSpacing())
    assert lines == 2 and rows and rows[-1] - rows[0] >= (lines - 1) * metrics.lineSpacing(), (rows[:1], rows[-1:])
    # The page above still has its room: the bar takes only the lines it needs.
    assert bar.height() <= needed.height() + 3 * metrics.height()


def test_at_200_percent_it_takes_two_lines_and_the_whole_message_is_a_click_away(
        make_window, big_font, qtbot) -> None:
    window, bar = told_both(make_window, 800)
    message = bar.currentMessage()
    metrics = bar.fontMetrics()
    area = message_area(bar)
    needed = metrics.boundingRect(QRect(0, 0, area.width(), 100_000), Qt.TextFlag.TextWordWrap, message)
    assert needed.height() > 2 * metrics.lineSpacing()  # more than two lines at this size
    # Two lines, not more: the countdown above keeps its room.
    assert 2 * metrics.lineSpacing() <= bar.height() <= 2 * metrics.lineSpacing() + metrics.height()
    rows = ink_rows(bar)
    assert rows[-1] - rows[0] >= metrics.lineSpacing()
    # The rest: in the tooltip, and a click on the bar shows the whole message.
    assert bar.toolTip() == message
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert bar.details.isVisible() and bar.details.text() == message
    bar.details.close()
