"""The editor's list of exercises: each one's number, name and dose, in the routine's order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

#: The dose line of an exercise whose sets, reps or durations are not valid yet.
NEEDS_FIXING = "needs fixing"
_NAME_ROLE = Qt.ItemDataRole.UserRole
_DOSE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The list is never lower than this many exercises.
MIN_ROWS = 3
#: Room above and below the two lines, so the rows do not run into each other.
_PADDING = 3


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise as the list shows it."""

    number: int
    name: str
    #: ``2 sets × 10 reps (up 2 s · down 2 s)``; None while the exercise cannot be read.
    dose: str | None
    has_errors: bool

    @property
    def title(self) -> str:
        return f"{self.number}. {self.name}" + ("   ⚠" if self.has_errors else "")

    @property
    def dose_line(self) -> str:
        return self.dose if self.dose is not None else NEEDS_FIXING

    @property
    def text(self) -> str:
        """On one line, for screen readers and tooltips: ``5. Bridges — 2 sets × 10 reps``."""
        text = f"{self.number}. {self.name} — {self.dose_line}"
        return text + ("   ⚠" if self.has_errors else "")


class ExerciseDelegate(QStyledItemDelegate):
    """Draws an exercise on two lines: number and name, then its dose under the name, lighter.

    Two lines because a dose such as "2 sets × 10 reps (up 2 s · hold 1 s · down 2 s), each side"
    next to a long name does not fit a column of the editor; a line that still does not fit ends
    in "…" and its tooltip shows it whole.
    """

    def _lines(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QRect, QRect, int]:
        """Where the name line and the dose line go, and the dose's indent."""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = option.rect.adjusted(margin, _PADDING, -margin, -_PADDING)
        if widget is not None and hasattr(widget, "viewport"):
            # Never past the visible width (an item can be wider when the list is narrow).
            rect.setRight(min(rect.right(), widget.viewport().rect().right() - margin))
        spacing = option.fontMetrics.lineSpacing()
        first = QRect(rect.left(), rect.top(), rect.width(), spacing)
        indent = option.fontMetrics.horizontalAdvance(f"{index.row() + 1}. ")
        second = QRect(rect.left() + indent, first.bottom() + 1, max(0, rect.width() - indent), spacing)
        return first, second, indent

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, dose = index.data(_NAME_ROLE), index.data(_DOSE_ROLE)
        if name is None:
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""  # the style draws the background, selection and focus; the text is drawn here
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        first, second, _indent = self._lines(opt, index)
        if not opt.state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                 else QPalette.ColorRole.Text)
        # Lighter than the name but well readable: three quarters of the way from the background.
        lighter = text if selected else _mix(text, opt.palette.color(group, QPalette.ColorRole.Base), 0.75)
        metrics = opt.fontMetrics
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(text)
        painter.drawText(first, align, metrics.elidedText(name, Qt.TextElideMode.ElideRight, first.width()))
        painter.setPen(lighter)
        painter.drawText(second, align, metrics.elidedText(dose, Qt.TextElideMode.ElideRight, second.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        name = index.data(_NAME_ROLE)
        if name is None:
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = opt.fontMetrics
        # The width of the name only: a long dose is cut with "…" rather than making the list
        # scroll sideways.
        return QSize(metrics.horizontalAdvance(name), 2 * metrics.lineSpacing() + 2 * _PADDING)

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 - Qt's name
                  option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QHelpEvent.Type.ToolTip and index.isValid() and not index.data(
                Qt.ItemDataRole.ToolTipRole) and not self.shows_whole(option, index):
            QToolTip.showText(event.globalPos(), index.data(Qt.ItemDataRole.DisplayRole), view)
            return True
        return super().helpEvent(event, view, option, index)

    def shows_whole(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        """True when both lines fit, nothing cut with "…"."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        first, second, _indent = self._lines(opt, index)
        metrics = opt.fontMetrics
        return (metrics.horizontalAdvance(index.data(_NAME_ROLE) or "") <= first.width()
                and metrics.horizontalAdvance(index.data(_DOSE_ROLE) or "") <= second.width())


def _mix(colour: QColor, background: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(*(amount * a + (1 - amount) * b for a, b in zip(
        (colour.redF(), colour.greenF(), colour.blueF()),
        (background.redF(), background.greenF(), background.blueF()))))


class ExerciseList(QListWidget):
    """The exercises in order; drag one to move it (the draft moves it, not the list)."""

    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Exercises")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(ExerciseDelegate(self))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Three exercises at least, whatever the font size: a list one row high is no overview.
        row = 2 * self.fontMetrics().lineSpacing() + 2 * _PADDING
        return QSize(super().minimumSizeHint().width(), MIN_ROWS * row + 2 * self.frameWidth())

    def set_rows(self, rows: Sequence[ExerciseRow]) -> None:
        """Shows ``rows``, changing only the items that changed (the selection stays put)."""
        while self.count() < len(rows):
            QListWidgetItem(self)
        while self.count() > len(rows):
            self.takeItem(self.count() - 1)
        for number, row in enumerate(rows):
            item = self.item(number)
            if item.text() != row.text:
                item.setText(row.text)
                item.setData(_NAME_ROLE, row.title)
                item.setData(_DOSE_ROLE, row.dose_line)
            tooltip = "This exercise has problems" if row.has_errors else ""
            if item.toolTip() != tooltip:
                item.setToolTip(tooltip)

    def row_lines(self, number: int) -> tuple[str, str]:
        """The two lines the list draws for an exercise: its number and name, and its dose."""
        item = self.item(number)
        return item.data(_NAME_ROLE), item.data(_DOSE_ROLE)

    def row_fits(self, number: int) -> bool:
        """True when both lines of an exercise are shown whole, nothing cut with "…"."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        index = self.model().index(number, 0)
        option.rect = self.visualRect(index)
        return self.itemDelegate().shows_whole(option, index)

    def drop_target(self, point: QPoint) -> int:
        """Where an exercise dropped at ``point`` goes, as an index before the move."""
        index = self.indexAt(point)
        if not index.isValid():
            return self.count()
        rect = self.visualRect(index)
        return index.row() + (1 if point.y() > rect.center().y() else 0)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        source = self.currentRow()
        if event.source() not in (self, None) or source < 0:
            event.ignore()
            return
        target = self.drop_target(event.position().toPoint())
        if target > source:
            target -= 1
        # The list is redrawn from the draft; let Qt move nothing itself.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if target != source:
            self.move_requested.emit(source, target)
