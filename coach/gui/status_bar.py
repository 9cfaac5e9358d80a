"""The window's status bar: a message longer than the window is wide wraps onto a second line, so
what Coach tells the user is not cut ("No sound: ... No voice: ..." in an 800 px window). Longer
still (200% scaling in a small window), the second line ends in "…", the tooltip holds the whole
message, and a click on the bar shows it whole ("Messages"): the page above keeps its room."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QTextLayout
from PySide6.QtWidgets import QMessageBox, QStatusBar, QStyle, QStyleOption

#: Room left and right of the message (QStatusBar's own message sits a few pixels in).
SIDE_MARGIN = 6
#: Room above and below it.
TOP_MARGIN = 2
#: The most lines the bar takes from the page above it.
MAX_LINES = 2
MORE = "\u2026"


class WrappingStatusBar(QStatusBar):
    """A QStatusBar whose message (``showMessage``, ``currentMessage``) wraps at the bar's width
    onto up to MAX_LINES lines; see the module."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        #: The whole message, shown by a click on the bar (built on first use).
        self.details: QMessageBox | None = None
        self.messageChanged.connect(self._fit)
        # Its one-line height now: set at its first resize, it laid the whole window out twice
        # before the first paint (every exercise card's text measured again).
        self._fit()

    def message_rect(self) -> QRect:
        """Where the message is drawn: the bar less its margins and the size grip."""
        right = SIDE_MARGIN
        if self.isSizeGripEnabled():
            right += self.style().pixelMetric(QStyle.PixelMetric.PM_SizeGripSize, None, self)
        return self.rect().adjusted(SIDE_MARGIN, TOP_MARGIN, -right, -TOP_MARGIN)

    def lines(self, width: int) -> list[str]:
        """The message as the lines it takes at ``width`` (all of them, however many)."""
        text = self.currentMessage()
        if not text:
            return []
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        found = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            found.append(text[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        return found

    def shown_lines(self) -> list[str]:
        """The lines drawn: at most MAX_LINES, the last one ending in "…" when some did not fit."""
        width = self.message_rect().width()
        lines = self.lines(width)
        if len(lines) <= MAX_LINES:
            return [line.rstrip() for line in lines]
        rest = "".join(lines[MAX_LINES - 1:]).strip()
        last = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
        return [line.rstrip() for line in lines[:MAX_LINES - 1]] + [last]

    @property
    def cut(self) -> bool:
        """True when the message does not fit in the lines shown (the tooltip and a click have it)."""
        return len(self.lines(self.message_rect().width())) > MAX_LINES

    def _fit(self, _message: str = "") -> None:
        count = max(1, min(MAX_LINES, len(self.lines(self.message_rect().width()))))
        self.setMinimumHeight(count * self.fontMetrics().lineSpacing() + 2 * TOP_MARGIN + 2)
        self.setToolTip(self.currentMessage() if self.cut else "")
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.currentMessage():
            self.show_details()

    def show_details(self) -> None:
        """The whole message, in a window of its own (not modal: the workout goes on)."""
        if self.details is None:
            self.details = QMessageBox(QMessageBox.Icon.Information, "Messages", "",
                                       QMessageBox.StandardButton.Close, self.window())
            self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setText(self.currentMessage())
        self.details.open()

    def paintEvent(self, event) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        painter.setPen(self.palette().windowText().color())
        area = self.message_rect()
        shown = self.shown_lines()
        step = self.fontMetrics().lineSpacing()
        top = area.top() + max(0, (area.height() - step * len(shown)) // 2)
        for n, line in enumerate(shown):
            painter.drawText(QRect(area.left(), top + n * step, area.width(), step),
                             Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter, line)
