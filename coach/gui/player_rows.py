"""The player's rows on a short page: the countdown's number takes the room the other rows leave.

Someone on a mat 2-3 m away reads the number, so it gets what is left once the other rows have
their height, and never less than ``NUMBER_SHARE`` of the page (its digits' height). For that the
labels end in "…" rather than taking more lines (``ElidedLabel``), the gaps narrow on a short page,
and the secondary rows fold, least needed first, while the number would get less than its share
(``FoldingRows``). Which rows show depends on the page's size only, not on the words shown, so the
number keeps its size from one part to the next.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QWidget

from coach.gui.plain_text import plain_tip

#: The number's digits are at least this share of the player's height.
NUMBER_SHARE = 0.25
#: Font sizes are worked out at this pixel size and scaled (heights grow in proportion).
_REFERENCE_PIXELS = 200


class ElidedLabel(QLabel):
    """A centred label of at most ``lines`` lines, always that high (empty too): a longer text ends
    in "…". It takes the width its layout gives it, never asking for more.

    ``text()`` stays the whole text (a screen reader reads it whole); cut short, the tooltip shows it whole."""

    def __init__(self, name: str, *, lines: int = 1, bold: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if bold:
            font = self.font()
            font.setBold(True)
            self.setFont(font)
        self.lines = lines
        self._shown: tuple[tuple, list[str]] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(metrics.averageCharWidth() * 12,
                     self.lines * metrics.lineSpacing() + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.sizeHint().height())

    def shown_lines(self) -> list[str]:
        """The lines painted: the text wrapped at the label's width, the last one ending in "…"
        when it does not fit in ``lines``."""
        width = self.contentsRect().width()
        key = (self.text(), width, self.font().key(), self.lines)
        if self._shown is None or self._shown[0] != key:
            lines = wrap(self.text(), self.font(), width, self.lines)
            self._shown = (key, lines)
            cut = bool(lines) and lines[-1].endswith("…") and not self.text().rstrip().endswith("…")
            self.setToolTip(plain_tip(self.text()) if cut else "")  # the user's words, never markup
        return self._shown[1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        lines = self.shown_lines()
        if not lines:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        box, step = self.contentsRect(), self.fontMetrics().lineSpacing()
        top = box.top() + (box.height() - step * len(lines)) // 2
        for number, line in enumerate(lines):
            painter.drawText(QRect(box.left(), top + number * step, box.width(), step), self.alignment(), line)


def wrap(text: str, font: QFont, width: int, most: int) -> list[str]:
    """``text`` in lines of ``width`` pixels, at most ``most`` of them, the last ending in "…"
    when the text needs more."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts = []
    layout.beginLayout()
    while len(starts) <= most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    ends = starts[1:] + [len(text)]
    lines = [text[start:end].strip() for start, end in zip(starts, ends)]
    if len(lines) > most:
        rest = text[starts[most - 1]:]
        lines = lines[:most - 1] + [QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return lines


class FoldingRows:
    """Shares a page's height between the rows of its ``layout`` (the widgets in it) and the row of
    ``number`` (a layout in it): the rows have their own height, the number the rest; while the
    rest is less than the number's share, the rows of ``folds`` are hidden, first one first.

    ``fit()`` again whenever the page's size, its fonts or a row shown for its content changes."""

    def __init__(self, page: QWidget, layout: QBoxLayout, number: QLabel, folds: Sequence[QWidget]) -> None:
        self.page, self.layout, self.number = page, layout, number
        self.folds = list(folds)
        self.folded: list[QWidget] = []

    def fit(self) -> None:
        height = self.page.height()
        # A short page spends less on gaps: about 1/40 of its height for each margin, 1/80 between rows.
        margin, spacing = min(16, height // 40), min(6, height // 80)
        left, top, right, _bottom = self.layout.getContentsMargins()
        if self.layout.spacing() != spacing or top != margin:
            self.layout.setContentsMargins(left, margin, right, margin)
            self.layout.setSpacing(spacing)
        width = self.page.width() - left - right
        rows = [self.layout.itemAt(i).widget() for i in range(self.layout.count())]
        rows = [row for row in rows if row is not None and (row in self.folds or not row.isHidden())]
        heights = {row: row_height(row, width) for row in rows}
        needed = number_box(self.number.font(), NUMBER_SHARE * height + 2)  # +2: rounding, antialiasing

        def rest(shown: list[QWidget]) -> int:
            return height - 2 * margin - sum(heights[row] for row in shown) - spacing * len(shown)

        shown = list(rows)
        for row in self.folds:
            if rest(shown) >= needed:
                break
            shown.remove(row)
        self.folded = [row for row in self.folds if row not in shown]
        for row in self.folds:
            if row.isHidden() != (row in self.folded):
                row.setVisible(row not in self.folded)
        self.number.want_pixel_size(pixels_for_height(self.number.font(), max(1, rest(shown))))


def row_height(row: QWidget, width: int) -> int:
    """The height the page's layout gives ``row`` (shown or not) at ``width``."""
    if row.hasHeightForWidth():
        return row.heightForWidth(width)
    return max(row.sizeHint().height(), row.minimumSizeHint().height(), row.minimumHeight())


def _at(font: QFont, pixels: int) -> QFontMetrics:
    sized = QFont(font)
    sized.setPixelSize(pixels)
    return QFontMetrics(sized)


def number_box(font: QFont, digits: float) -> int:
    """The height of a line of ``font`` whose digits are ``digits`` pixels high."""
    reference = _at(font, _REFERENCE_PIXELS)
    pixels = digits * _REFERENCE_PIXELS / max(1, reference.tightBoundingRect("1").height())
    return _at(font, max(1, round(pixels + 0.5))).height()


def pixels_for_height(font: QFont, height: int) -> int:
    """The largest pixel size of ``font`` whose lines are no more than ``height`` high."""
    pixels = max(1, height * _REFERENCE_PIXELS // max(1, _at(font, _REFERENCE_PIXELS).height()))
    while pixels > 1 and _at(font, pixels).height() > height:
        pixels -= 1
    return pixels
