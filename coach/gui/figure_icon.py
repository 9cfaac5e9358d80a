"""A figure as a small still picture: the editor's gallery, the FAQ's related-exercise buttons."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap

from coach.core.routines.figure import Figure
from coach.core.routines.figure_preview import telling_pose
from coach.gui.figure_render import figure_image


def figure_pixmap(figure: Figure | None, size: QSize, palette: QPalette, ratio: float = 1.0) -> QPixmap:
    """``figure`` in the pose it is held in, drawn into a pixmap of ``size`` (sharp at ``ratio``);
    an empty frame with a dashed outline when there is no figure to draw."""
    if figure is not None:  # drawn as everywhere else (coach.gui.figure_render)
        return QPixmap.fromImage(figure_image(figure, telling_pose(figure), size, palette=palette,
                                              transparent=True, device_pixel_ratio=ratio))
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    rect = QRectF(2, 2, size.width() - 4, size.height() - 4)
    pen = painter.pen()
    pen.setColor(palette.color(QPalette.ColorRole.PlaceholderText))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRect(rect.adjusted(4, 4, -4, -4))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    return pixmap
