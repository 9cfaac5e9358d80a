"""Renders Coach's icon PNGs from its SVG (resources/icons/hicolor/scalable/apps/<APP_ID>.svg).

    python tools/render_icons.py            # writes resources/icons/hicolor/NxN/apps/<APP_ID>.png
    python tools/render_icons.py --sheet F  # also a contact sheet of every size (and the symbolic
                                            # icon), each drawn at 1:1 and enlarged 4x, to look at

Run it again after changing the SVG; tests/test_desktop_files.py checks that every PNG has the
size its folder says (PNG files are read back by Qt).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coach.core.files.app_id import APP_ID  # noqa: E402

#: The sizes desktops look for (the hicolor theme's usual folders).
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = REPO / "resources" / "icons" / "hicolor"
SVG = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
SYMBOLIC = ICONS / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg"


def png_path(size: int) -> Path:
    return ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int):
    """The SVG drawn on a transparent ``size`` x ``size`` image."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def contact_sheet(target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    images = [render(SVG, s) for s in SIZES] + [render(SYMBOLIC, 16), render(SYMBOLIC, 24)]
    width = sum(i.width() for i in images) + sum(min(i.width() * 4, 256) for i in images[:4]) + 40 * len(images)
    sheet = QImage(max(width, 1200), 560 * 2, QImage.Format.Format_ARGB32)
    for row, background in enumerate((QColor("#f4f4f4"), QColor("#303030"))):
        painter = QPainter(sheet)
        painter.fillRect(0, row * 560, sheet.width(), 560, background)
        x = 10
        for image in images:
            painter.drawImage(x, row * 560 + 10, image)
            if image.width() <= 32:  # small sizes also enlarged, pixel by pixel, to judge them
                big = image.scaled(image.width() * 4, image.height() * 4,
                                   Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
                painter.drawImage(x, row * 560 + 40 + image.height(), big)
                x += max(image.width(), big.width()) + 20
            else:
                x += image.width() + 20
        painter.end()
    sheet.save(str(target))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", metavar="FILE", help="also write a contact sheet of every size")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, image IO
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(SVG, size).save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        print(target.relative_to(REPO))
    if args.sheet:
        contact_sheet(Path(args.sheet))
        print(args.sheet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
