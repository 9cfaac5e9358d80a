"""The countdown's number: as large as asked, never larger than its own box."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy


class BigNumber(QLabel):
    """A label for the large countdown. It asks the layout for the height of the size wanted
    (``want_pixel_size``, a fraction of the page), takes less when the page is short, and then
    shrinks its font to fit the box it got, so the digits are never cut: not in a short window, at
    200% scaling, nor when a count up reaches "10:00"."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        #: However little room is left, at least two lines of the user's own text size.
        self._least = 2 * QFontMetrics(font).height()
        self._wanted = 0

    def want_pixel_size(self, pixels: int) -> None:
        if pixels != self._wanted:
            self._wanted = pixels
            self.updateGeometry()
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self._wanted <= 0:
            return super().sizeHint()
        font = QFont(self.font())
        font.setPixelSize(self._wanted)
        return QSize(0, max(self._least, QFontMetrics(font).height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self._least)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != self.text():
            super().setText(text)
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._wanted <= 0:
            return
        font = QFont(self.font())
        font.setPixelSize(self._wanted)
        metrics = QFontMetrics(font)
        box = self.contentsRect()
        scale = min(1.0, box.height() / max(1, metrics.height()),
                    box.width() / max(1, metrics.horizontalAdvance(self.text() or "0")))
        size = max(1, int(self._wanted * scale))
        if self.font().pixelSize() != size:
            font.setPixelSize(size)
            self.setFont(font)
