"""Contrast as WCAG 2 measures it, and a palette whose selected text stays readable (AA, 4.5:1)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

#: WCAG 2 AA: text, large text (18 pt, or 14 pt bold) and what is not text (the focus ring).
TEXT = 4.5
LARGE_TEXT = 3.0
NON_TEXT = 3.0

#: (text role, background role) pairs Coach shows text in; each must reach TEXT.
TEXT_PAIRS = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
)


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def toward(colour: QColor, other: QColor, needed: float, against: QColor) -> QColor:
    """``colour`` moved step by step toward ``other`` until it has ``needed`` contrast with ``against``."""
    for step in range(21):
        mixed = QColor(*(round(a + (b - a) * step / 20) for a, b in
                         ((colour.red(), other.red()), (colour.green(), other.green()),
                          (colour.blue(), other.blue()))))
        if contrast(mixed, against) >= needed:
            return mixed
    return QColor(other)


def readable_palette(palette: QPalette) -> QPalette:
    """The system's palette, with the selection's background darkened (or lightened) just enough
    for its text to reach 4.5:1; Qt's default blue with white text has 3.7:1. Only what falls short
    changes, in every colour group (active, inactive, disabled)."""
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        text = fixed.color(group, QPalette.ColorRole.HighlightedText)
        background = fixed.color(group, QPalette.ColorRole.Highlight)
        if contrast(text, background) < TEXT:
            away = QColor("#000000") if luminance(text) > 0.18 else QColor("#ffffff")
            fixed.setColor(group, QPalette.ColorRole.Highlight, toward(background, away, TEXT, text))
    return fixed
