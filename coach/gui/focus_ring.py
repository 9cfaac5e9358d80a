"""A focus ring seen from a normal distance: 2 px, 3:1 against the window, on whatever has the focus.

The styles draw focus faintly (1 px, or nothing on containers, default buttons and table cells),
so one QFocusFrame follows the application's focus and draws a ring in a colour that stands out
from the window's background in light and dark palettes (WCAG 2.2, 2.4.11 and 2.4.13).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPaintEvent, QPen, QRegion
from PySide6.QtWidgets import QApplication, QFocusFrame, QMenu, QMenuBar, QProxyStyle, QStyle, QWidget

from coach.gui.contrast import NON_TEXT, contrast, luminance, readable_palette

#: The ring's width in device-independent pixels.
RING_WIDTH = 2
#: The least contrast between the ring and the window around it (WCAG non-text contrast).
RING_CONTRAST = NON_TEXT


def ring_colour(palette: QPalette) -> QColor:
    """The palette's highlight when it stands out from the window enough; else the text colour."""
    window = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.WindowText):
        if contrast(palette.color(role), window) >= RING_CONTRAST:
            return palette.color(role)
    return QColor("#000000") if luminance(window) > 0.18 else QColor("#ffffff")


class _AboveTheWidget(QProxyStyle):
    """Puts the ring above the widget it is on (most styles put it under): a widget that fills its
    parent (the player, a scroll area) would hide it. And no mask: the styles' mask keeps only a
    band just outside the widget, which is off the screen for a widget that fills it (floor mode),
    so the ring drawn just inside its edge was cut away; FocusRing paints nothing but the ring."""

    def styleHint(self, hint, option=None, widget=None, returnData=None) -> int:  # noqa: N802 - Qt's name
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        if hint == QStyle.StyleHint.SH_FocusFrame_Mask:
            return 0
        return super().styleHint(hint, option, widget, returnData)


def _ring_style() -> QStyle:
    app = QApplication.instance()
    style = getattr(app, "_coach_ring_style", None)
    if style is None:
        style = _AboveTheWidget()
        style.setParent(app)
        app._coach_ring_style = style
    return style


class FocusRing(QFocusFrame):
    """Draws the ring around the widget it is set on, inside what its parent shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyle(_ring_style())
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("")

    def _area(self) -> QRect:
        """Where the ring is drawn: around the widget, but within its parent (a widget that fills
        its parent, the player or a scroll area, gets the ring just inside its own edge)."""
        area = self.rect()
        parent = self.parentWidget()
        if parent is not None:
            area = area.intersected(QRect(self.mapFrom(parent, parent.rect().topLeft()), parent.size()))
        return area

    def _mask_to_the_ring(self) -> None:
        """The ring's widget is only its border: what is repainted inside it (the bars' steps, 20 a
        second, and the figure's frames in the player) does not repaint the ring over them."""
        area = self._area()
        inside = area.adjusted(RING_WIDTH + 1, RING_WIDTH + 1, -RING_WIDTH - 1, -RING_WIDTH - 1)
        self.setMask(QRegion(area).subtracted(QRegion(inside)) if inside.isValid() else QRegion(area))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # (QFocusFrame takes its resize and move events itself: resizeEvent is never called.)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._mask_to_the_ring()
        return handled

    def paintEvent(self, event: QPaintEvent) -> None:
        target = self.widget()
        if target is None:
            return
        area = self._area()
        inside = area.adjusted(RING_WIDTH + 1, RING_WIDTH + 1, -RING_WIDTH - 1, -RING_WIDTH - 1)
        if inside.contains(event.rect()):
            return  # a repaint inside the ring does not reach it
        painter = QPainter(self)
        pen = QPen(ring_colour(target.palette()), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        painter.drawRect(area.adjusted(half, half, -half, -half))


class FocusRings:
    """Keeps a ring on the focused widget of the application (see ``install``): one ring per window,
    made the first time a widget of that window has the focus and kept as long as the window."""

    def __init__(self, app: QApplication) -> None:
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self.follow)

    def follow(self, _old: QWidget | None, now: QWidget | None) -> None:
        if self.ring is not None and shiboken6.isValid(self.ring):
            self.ring.setWidget(None)
        self.ring = None
        if now is None or now.isWindow() or isinstance(now, (QMenu, QMenuBar)):
            return
        window = now.window()
        # QFocusFrame moves itself to the parent of the widget it is on: look through the window.
        ring = window.findChild(FocusRing, "focus_ring")
        if ring is None:
            ring = FocusRing(window)
        ring.setWidget(now)
        self.ring = ring


def install(app: QApplication) -> FocusRings:
    """Once per application: the ring follows the focus in every window from now on, and the
    selection's colours are made readable (coach.gui.contrast.readable_palette)."""
    readable = readable_palette(app.palette())
    if readable.color(QPalette.ColorRole.Highlight) != app.palette().color(QPalette.ColorRole.Highlight):
        app.setPalette(readable)
    rings = getattr(app, "_coach_focus_rings", None)
    if rings is None:
        rings = FocusRings(app)
        app._coach_focus_rings = rings
    return rings
