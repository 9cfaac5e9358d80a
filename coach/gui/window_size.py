"""The main window's size: it opens within the screen's free area, and when it is narrow the others
give way to the routine (with its Start button) and the player: first the library and the FAQ dock
narrow down to what they need, then the FAQ dock gives way (hidden; F1 shows it over the content),
then the library collapses (its splitter handle brings it back).

Widths come from the widgets' own size hints, so they follow the font size (200% fonts) as well as
the window's scaling (QT_SCALE_FACTOR): no pixel width is fixed here but the first window's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QStyle, QWidget

#: The first window's size when the screen has room for it.
FIRST_SIZE = QSize(1280, 800)
#: Left for the window manager's frame (title bar, borders), unknown before the window is shown.
FRAME_ROOM = QSize(16, 48)
#: The library's width before the user drags it.
LIBRARY_WIDTH = 320


def fit_to_screen(window: QWidget, *, restored: bool) -> None:
    """Sizes a window that is about to be shown to the free area of its screen, and puts it there."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    room = (area.size() - FRAME_ROOM).expandedTo(QSize(1, 1))
    window.setMinimumSize(window.minimumSize().boundedTo(room))
    size = (window.size() if restored else FIRST_SIZE).boundedTo(room)
    window.resize(size)
    if not restored or not area.contains(QRect(window.pos(), size + FRAME_ROOM)):
        left = area.left() + (area.width() - size.width() - FRAME_ROOM.width()) // 2
        top = area.top() + (area.height() - size.height() - FRAME_ROOM.height()) // 2
        window.move(max(left, area.left()), max(top, area.top()))


class NarrowLayout(QObject):
    """Arranges the window for its width at every resize: who gives way, who keeps the room."""

    def __init__(self, window: QMainWindow, browse: QSplitter, library: QWidget, routine: QWidget,
                 dock: QDockWidget) -> None:
        super().__init__(window)
        self.window, self.browse, self.library, self.routine, self.dock = window, browse, library, routine, dock
        #: The library's width as the user left it (dragging the splitter), kept when there is room.
        self.library_width = LIBRARY_WIDTH
        #: True while the dock has given way; then it floats over the content when shown (F1).
        self.faq_gave_way = False
        self._faq_was_shown = False
        self._arranging = False
        browse.setCollapsible(0, True)
        browse.setCollapsible(1, False)
        browse.splitterMoved.connect(self._on_splitter_moved)
        dock.visibilityChanged.connect(self._on_dock_visibility)
        window.installEventFilter(self)
        browse.installEventFilter(self)

    # --- what each part needs

    def routine_needs(self) -> int:
        return self.routine.needed_width()

    def library_needs(self) -> int:
        """Narrower than this the library's names are cut to a few letters: it collapses instead."""
        return self.library.needed_width()

    def faq_needs(self) -> int:
        return self.dock.minimumSizeHint().width()

    def _separator(self) -> int:
        return self.window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self.window)

    # --- arranging

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window:
            if kind == QEvent.Type.Resize:
                self.arrange(event.size().width())
            elif kind == QEvent.Type.Show:
                self.arrange()
            elif kind == QEvent.Type.Move and self._floating_shown():
                self.place_floating_faq()
        elif watched is self.browse and kind == QEvent.Type.Resize:
            # Before the splitter shares out its new width by stretch factors (the library kept
            # its width and the routine got what was left: 100 px at 800x600).
            self._share_browse(event.size().width() - self.browse.handleWidth())
        return False

    def arrange(self, width: int | None = None) -> None:
        """Whether the FAQ dock fits beside the library and the routine at this window width."""
        if getattr(self.window, "in_floor_mode", False):
            return  # floor mode shows only the workout, full screen
        width = self.window.width() if width is None else width
        self._arranging = True
        try:
            self._arrange(width)
        finally:
            self._arranging = False

    def _arrange(self, width: int) -> None:
        # What the library and the FAQ may share once the routine has what it needs.
        spare = width - self.browse.handleWidth() - self.routine_needs() - self._separator()
        if spare < self.library_needs() + self.faq_needs():
            self._faq_gives_way()
        else:
            self._faq_comes_back()
            if self._docked_shown():
                room = max(spare - self.library_width, self.faq_needs())
                if self.dock.width() > room:  # narrower, down to what it needs; else as the user left it
                    self.window.resizeDocks([self.dock], [room], Qt.Orientation.Horizontal)
        if self._floating_shown():
            self.place_floating_faq()

    def _share_browse(self, room: int) -> None:
        """The routine gets what it needs; the library keeps its width, shrinks, or collapses."""
        need = self.routine_needs()
        if room - self.library_width >= need:
            library = self.library_width
        elif room - self.library_needs() >= need:
            library = room - need  # the library narrows first
        else:
            library = 0  # then collapses: dragging the splitter's handle shows it again
        self.browse.setSizes([library, max(room - library, 0)])

    def _docked_shown(self) -> bool:
        return self.dock.isVisible() and not self.dock.isFloating()

    def _floating_shown(self) -> bool:
        return self.faq_gave_way and self.dock.isVisible() and self.dock.isFloating()

    def _faq_gives_way(self) -> None:
        if self.faq_gave_way:
            return
        self.faq_gave_way = True
        self._faq_was_shown = not self.dock.isHidden()  # (isVisible is False before the window shows)
        self.dock.hide()  # it floats when shown again (a hidden floating dock left a black window on X11)

    def _faq_comes_back(self) -> None:
        if not self.faq_gave_way:
            return
        shown = self._faq_was_shown or not self.dock.isHidden()
        self.faq_gave_way = False
        if self.dock.isFloating():
            self.dock.setFloating(False)
        self.dock.setVisible(shown)

    def place_floating_faq(self) -> None:
        """Over the right part of the window's content, as tall as the content."""
        central = self.window.centralWidget()
        width = min(max(self.dock.sizeHint().width(), self.faq_needs()), max(central.width() * 9 // 10, 1))
        top_right = central.mapToGlobal(QPoint(central.width(), 0))
        self.dock.setGeometry(QRect(top_right - QPoint(width, 0), QSize(width, central.height())))

    def docked_state(self) -> None:
        """Puts the dock back as the user had it, before the window's state is saved (the window
        is closing: it is not arranged again)."""
        self._arranging = True
        self._faq_comes_back()

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        library = self.browse.sizes()[0]
        if library >= self.library_needs():
            self.library_width = library

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and self.faq_gave_way and not self.dock.isFloating():
            self.dock.setFloating(True)  # F1 while it gave way: over the content, not beside it
        if visible and self._floating_shown():
            self.place_floating_faq()
        elif visible and self._docked_shown() and not self._arranging:
            self.arrange()  # F1 at a width where it fits: narrower if it must be
