"""Renders every pose of every built-in figure into one contact sheet, to look at them all at once.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/figure_sheet.py /tmp/figures.png [--dark] [--mid]

``--mid`` adds, between the poses, the pose halfway through each moving tempo part.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from coach.core.routines.figure_format import MOVE_PARTS  # noqa: E402
from coach.core.routines.figure_library import FigureLibrary  # noqa: E402
from coach.core.routines.figure_pose import along  # noqa: E402
from coach.gui.figure_view import body_for, frame_of, paint_body  # noqa: E402

CELL_W, CELL_H = 300, 220


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("/tmp/figures.png")
    dark, mid = "--dark" in argv, "--mid" in argv
    QApplication.instance() or QApplication([])
    library = FigureLibrary()
    rows = []
    for name in library.names():
        figure = library.get(name)
        if figure is None:
            print(f"{name}: {library.problems.get(name)}")
            continue
        cells = [(f"{pose_name}", figure.pose(pose_name), None) for pose_name in figure.poses]
        if mid:
            for part in MOVE_PARTS:
                if figure.moving(part):
                    cells.append((f"{part} 1/2", along(figure.moves_through(part), 0.5), None))
        cells.append((f"{figure.hold} (right side)", figure.pose(figure.hold), "right"))
        rows.append((figure, name, cells))
    columns = max(len(cells) for _f, _n, cells in rows)
    image = QImage(CELL_W * columns, CELL_H * len(rows), QImage.Format.Format_RGB32)
    palette = QPalette()
    background, text = ("#202124", "#e8eaed") if dark else ("#ffffff", "#202124")
    palette.setColor(QPalette.ColorRole.Window, QColor(background))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#d9480f"))
    image.fill(QColor(background))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    for row, (figure, name, cells) in enumerate(rows):
        frame = frame_of(figure)
        for column, (label, pose, side) in enumerate(cells):
            cell = QRectF(column * CELL_W, row * CELL_H, CELL_W, CELL_H)
            painter.setPen(QColor("#999999"))
            painter.drawRect(cell.adjusted(0, 0, -1, -1))
            painter.setPen(QColor(text))
            painter.drawText(cell.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignTop, f"{name}: {label}")
            paint_body(painter, cell.adjusted(8, 24, -8, -8), body_for(figure, pose, side), frame,
                       palette, figure.view)
    painter.end()
    image.save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
