"""A focus ring seen from a normal distance: 2 px, 3:1 against the window, on whatever has the focus.

The styles draw focus faintly (1 px, or nothing on containers, default buttons and table cells),
so one QFocusFrame follows the application's focus and draws a ring in a colour that stands out
from the window's background in light and dark palettes (WCAG 2.2, 2.4.11 and 2.4.13).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QMenu, QMenuBar, QWidget

#: The ring's width in device-independent pixels.
RING_WIDTH = 2
#: The least contrast between the ring and the window around it (WCAG non-text contrast).
RING_CONTRAST = 3.0


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ring_colour(palette: QPalette) -> QColor:
    """The palette's highlight when it stands out from the window enough; else the text colour."""
    window = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.WindowText):
        if contrast(palette.color(role), window) >= RING_CONTRAST:
            return palette.color(role)
    return QColor("#000000") if luminance(window) > 0.18 else QColor("#ffffff")


class FocusRing(QFocusFrame):
    """Draws the ring around the widget it is set on, inside what its parent shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("")

    def paintEvent(self, event: QPaintEvent) -> None:
        target = self.widget()
        if target is None:
            return
        # Around the widget, but within its parent: a widget that fills its parent (the player,
        # a scroll area) gets the ring just inside its own edge.
        area = self.rect()
        parent = self.parentWidget()
        if parent is not None:
            area = area.intersected(QRect(self.mapFrom(parent, parent.rect().topLeft()), parent.size()))
        painter = QPainter(self)
        pen = QPen(ring_colour(target.palette()), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        painter.drawRect(area.adjusted(half, half, -half, -half))


class FocusRings:
    """Keeps one ring on the focused widget of the application (see ``install``)."""

    def __init__(self, app: QApplication) -> None:
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self.follow)

    def follow(self, _old: QWidget | None, now: QWidget | None) -> None:
        ring = self.ring if self.ring is not None and shiboken6.isValid(self.ring) else None
        if now is None or now.isWindow() or isinstance(now, (QMenu, QMenuBar)):
            if ring is not None:
                ring.setWidget(None)
            return
        if ring is None or ring.window() is not now.window():
            if ring is not None:
                ring.setWidget(None)
                ring.deleteLater()
            ring = FocusRing(now.window())
        self.ring = ring
        ring.setWidget(now)


def install(app: QApplication) -> FocusRings:
    """Once per application: the ring follows the focus in every window from now on."""
    rings = getattr(app, "_coach_focus_rings", None)
    if rings is None:
        rings = FocusRings(app)
        app._coach_focus_rings = rings
    return rings
