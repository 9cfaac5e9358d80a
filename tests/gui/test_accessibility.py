"""Keyboard, screen readers, the system palette and 200% font scaling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def focus_chain(window) -> list[QWidget]:
    widget = window.focusWidget() or window
    chain, start = [widget], widget
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    return chain


def test_every_control_has_a_name_and_takes_the_keyboard(make_window) -> None:
    window = make_window()
    browse = focus_chain(window)
    assert window.library_view.search in browse and window.library_view.list in browse
    assert window.routine_view.start in browse
    window.start_workout(window.routine_view.routine)
    for button in window.player.findChildren(QAbstractButton):
        assert button.accessibleName(), button.objectName()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.objectName()
    assert window.player.countdown.accessibleName() == "Time left"
    for bar in (window.player.phase_bar, window.player.workout_bar):
        assert bar.accessibleName()


def test_the_window_follows_the_system_palette(make_window, qtbot) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark)
    try:
        window = make_window()
        window.start_workout(window.routine_view.routine)
        picture = window.player.grab().toImage()
        assert picture.pixelColor(3, 3).name() == "#202020"
        colour = window.player.countdown.palette().color(window.player.countdown.foregroundRole())
        assert colour.name() == "#f0f0f0"
    finally:
        app.setPalette(old)


def test_usable_at_200_percent_font_scaling(make_window, big_font) -> None:
    window = make_window()
    window.resize(1280, 800)
    fits = QSize(1280, 800)
    assert window.centralWidget().minimumSizeHint().width() <= fits.width()
    window.start_workout(window.routine_view.routine)
    needed = window.player.minimumSizeHint()
    assert needed.width() <= window.player.width() and needed.height() <= window.player.height()
    # No text on the player is ever smaller than the user's own (doubled) font.
    smallest = min(label.font().pixelSize() if label.font().pixelSize() > 0 else 10**6
                   for label in (window.player.exercise, window.player.countdown, window.player.rep))
    assert smallest * 72 / window.player.logicalDpiY() >= big_font.pointSizeF() - 1
    for button in window.player.buttons.values():
        assert button.width() >= button.minimumSizeHint().width()
