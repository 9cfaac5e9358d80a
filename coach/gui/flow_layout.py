"""A row of buttons that wraps onto more lines when it is short of room, so no button is ever cut.

Qt's own box layouts squeeze buttons below their size hint (the text is clipped) when a window is
narrower than the row; this layout keeps every item at its size hint and starts a new line instead,
each line centred or from the left (Qt's Flow Layout example, with heightForWidth so the parent
makes room).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8, *, centred: bool = True) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.centred = centred
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # --- QLayout's item list

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # --- sizes

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        visible = self._visible()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in visible) + self.spacing() * max(len(visible) - 1, 0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest item: narrower than that, one item alone would be cut."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.sizeHint())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    # --- placing

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items of each line at ``width`` (inside the margins)."""
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            needed = item.sizeHint().width() + (self.spacing() if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0, item.sizeHint().width()
            lines[-1].append(item)
            used += needed
        return [line for line in lines if line]

    def _place(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = inner.y()
        for line in self.lines(inner.width()):
            width = sum(i.sizeHint().width() for i in line) + self.spacing() * (len(line) - 1)
            height = max(i.sizeHint().height() for i in line)
            x = inner.x() + (max((inner.width() - width) // 2, 0) if self.centred else 0)
            for item in line:
                if move:
                    hint = item.sizeHint()
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += item.sizeHint().width() + self.spacing()
            y += height + self.spacing()
        return max(y - self.spacing() - inner.y(), 0) + margins.top() + margins.bottom()
