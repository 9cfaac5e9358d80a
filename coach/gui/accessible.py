"""Small helpers that give screen readers what the widgets do not say by themselves."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QToolButton, QWidget

from coach.core.workout.kinds import CueKind, EventKind


def name_scroll_area(area: QAbstractScrollArea, name: str) -> None:
    """Names a scroll area and its scroll bars ("Routine: scroll up and down")."""
    area.setAccessibleName(name)
    area.verticalScrollBar().setAccessibleName(f"{name}: scroll up and down")
    area.horizontalScrollBar().setAccessibleName(f"{name}: scroll left and right")


def name_clear_button(field: QLineEdit, name: str = "Clear the search") -> None:
    """Names the ✕ button a line edit shows with setClearButtonEnabled(True)."""
    for button in field.findChildren(QToolButton):
        button.setAccessibleName(name)


def words_heard(event) -> str:
    """What a workout event says aloud or by a tone, in words: the sentence at the start of a set,
    a rest or a switch of sides, the tempo part ("Up", "Hold", "Down"), the countdown's 3, 2, 1,
    "Halfway.", "Last rep.", "Workout complete."; "" for the rest (the time ticking by)."""
    if event.kind != EventKind.CUE:
        return ""
    if event.cue == CueKind.COUNTDOWN and event.count is not None:
        return str(event.count)
    return event.text or ""


def announce(widget: QWidget, text: str) -> None:
    """Says ``text`` through the screen reader (a polite announcement: it waits its turn)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
