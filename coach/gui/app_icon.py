"""Coach's icon for its windows and About, from the PNGs shipped with it (tools/render_icons.py)."""

from __future__ import annotations

from coach.core.files.app_id import APP_ID
from coach.core.files.paths import shipped_path

from PySide6.QtGui import QIcon

#: The sizes shipped in resources/icons/hicolor/NxN/apps/ (tools/render_icons.py makes them).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_file(size: int):
    return shipped_path("resources", "icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def app_icon() -> QIcon:
    """The icon at every shipped size: Qt picks the one nearest to what it draws (files are read
    only when a size is first drawn, so this costs nothing at start-up)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_file(size)))
    return icon
