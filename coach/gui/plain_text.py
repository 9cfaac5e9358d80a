"""The user's own text shown as text, where Qt would guess it is markup (tooltips, message boxes)."""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tip(text: str) -> str:
    """``text`` for a tooltip or a message box, shown exactly as written.

    Qt renders such text as HTML when it looks like HTML, and an ``<img src=...>`` in it would
    then be loaded. Text that looks like markup is escaped inside a paragraph that keeps its line
    breaks; any other text is returned unchanged.
    """
    if not Qt.mightBeRichText(text):
        return text
    import html  # only for text that looks like markup: the module's entity table is large

    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"
