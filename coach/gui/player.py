"""The player: what to do now, a large countdown, what comes next, and the workout controls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from coach.core.workout.presentation import Display
from coach.gui.big_number import BigNumber
from coach.gui.figure_view import FigureView
from coach.gui.flow_layout import FlowLayout
from coach.gui.player_rows import ElidedLabel, FoldingRows
from coach.gui.words import NEXT_TIP, PREVIOUS_TIP


class PlayerView(QWidget):
    """The player in the window; follows the system palette."""

    command_requested = Signal(str)  # "toggle_pause", "next", "previous", "done", "stop"
    mute_toggled = Signal()
    floor_mode_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Workout player")

        def label(name: str, *, bold: bool = False) -> QLabel:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if bold:
                font = widget.font()
                font.setBold(True)
                widget.setFont(font)
            return widget

        # One line each (three for the instructions), as high when empty: see coach/gui/player_rows.py.
        self.exercise = ElidedLabel("exercise", bold=True)
        self.exercise_position = ElidedLabel("exercise_position")
        self.part = label("part", bold=True)
        self.countdown = BigNumber("countdown")
        self.countdown.setAccessibleName("Time left")
        self.rep = ElidedLabel("rep", bold=True)
        self.set = ElidedLabel("set", bold=True)
        self.side = ElidedLabel("side", bold=True)
        self.status = label("status", bold=True)
        self.instructions = ElidedLabel("instructions", lines=3)
        self.next_up = ElidedLabel("next_up")
        self.phase_bar = ProgressLine("phase_bar", "This part")
        self.workout_bar = ProgressLine("workout_bar", "Whole workout")
        self.elapsed = ElidedLabel("elapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.remaining = ElidedLabel("remaining")
        self.remaining.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.buttons: dict[str, QPushButton] = {}
        # Wraps onto a second line when the window is narrow, rather than cutting the buttons.
        controls = FlowLayout(spacing=8)
        for name, text, tip in (
            ("previous", "◀ Previous", f"{PREVIOUS_TIP} (Left)"),
            ("toggle_pause", "Pause", "Pause or resume (Space)"),
            ("next", "Next ▶", f"{NEXT_TIP} (Right)"),
            ("done", "Done ✓", "End this set (Enter)"),
            ("stop", "Stop", "Stop the workout (Esc)"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAccessibleName(text.strip("◀▶✓ "))
            button.clicked.connect(lambda _=False, n=name: self.command_requested.emit(n))
            controls.addWidget(button)
            self.buttons[name] = button
        self.mute = QPushButton("Mute")
        self.mute.setObjectName("mute_button")
        self.mute.setToolTip("Sound and voice on or off (M)")
        self.mute.setAccessibleName("Mute")
        self.mute.setCheckable(True)
        self.mute.clicked.connect(self.mute_toggled.emit)
        self.floor_button = QPushButton("Floor mode")
        self.floor_button.setObjectName("floor_button")
        self.floor_button.setToolTip("Large, full screen, readable from your mat (F)")
        self.floor_button.setAccessibleName("Floor mode")
        self.floor_button.clicked.connect(self.floor_mode_requested.emit)
        controls.addWidget(self.mute)
        controls.addWidget(self.floor_button)

        counts, self.counts_row = row()
        for widget in (self.set, self.rep, self.side):
            counts.addWidget(widget, 1)
        times, self.times_row = row()
        times.addWidget(self.elapsed, 1)
        times.addWidget(self.remaining, 1)
        self.controls_row = QWidget()
        self.controls_row.setLayout(controls)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.exercise_position)
        layout.addWidget(self.exercise)
        layout.addWidget(self.part)
        layout.addWidget(self.status)
        # The exercise's figure beside the countdown (hidden for an exercise without one).
        self.figure = FigureView()
        self.figure.set_opaque()  # on the page's own colour: a frame repaints the figure alone
        middle = QHBoxLayout()
        middle.addWidget(self.figure, 1)
        middle.addWidget(self.countdown, 1)
        layout.addLayout(middle, 1)  # the number takes what the other rows leave
        layout.addWidget(self.phase_bar)
        layout.addWidget(self.counts_row)
        layout.addWidget(self.instructions)
        layout.addWidget(self.next_up)
        layout.addWidget(self.workout_bar)
        layout.addWidget(self.times_row)
        layout.addWidget(self.controls_row)
        # On a short page these fold, first one first, while the number would get less than its share.
        self.rows = FoldingRows(self, layout, self.countdown, (
            self.exercise_position, self.times_row, self.instructions, self.workout_bar, self.phase_bar,
            self.next_up))
        self.display: Display | None = None
        self._family = ""

    def show_display(self, d: Display) -> None:
        self.display = d
        self._set(self.exercise, d.exercise)
        self._set(self.exercise_position, d.exercise_position)
        self._set(self.part, d.part)
        self._set(self.status, d.status)
        if self.status.isHidden() == bool(d.status):
            self.status.setVisible(bool(d.status))
            self.rows.fit()
        self._set(self.countdown, d.countdown)
        self._set(self.rep, d.rep)
        self._set(self.set, d.set)
        self._set(self.side, d.side)
        self._set(self.instructions, d.instructions)
        self._set(self.next_up, d.next_up)
        self.phase_bar.set_fraction(d.phase_fraction)
        self.workout_bar.set_fraction(d.workout_fraction)
        self._set(self.elapsed, f"{d.elapsed} elapsed")
        self._set(self.remaining, f"{d.remaining} remaining")
        self._set_button(self.buttons["toggle_pause"],
                         "Resume" if d.paused else "Start now" if d.starting else "Pause", name=True)
        self.buttons["done"].setEnabled(d.self_paced and not d.paused)
        for name in ("previous", "next"):  # nothing to move before the clock starts
            self.buttons[name].setEnabled(not d.starting)
        if d.family != self._family:
            self._family = d.family
            self.part.setStyleSheet(f"color: {WINDOW_PART_COLOURS.get(d.family, '')};"
                                    if d.family in WINDOW_PART_COLOURS else "")
        description = f"{d.part} {d.countdown}"
        if self.countdown.accessibleDescription() != description:
            self.countdown.setAccessibleDescription(description)
        name_countdown(self.countdown, d)

    def show_progress(self, part: float, workout: float) -> None:
        """Moves the bars (between two displays, up to 20 times a second)."""
        self.phase_bar.set_fraction(part, tell=False)
        self.workout_bar.set_fraction(workout, tell=False)

    def show_muted(self, muted: bool) -> None:
        self.mute.setChecked(muted)
        self._set_button(self.mute, "Muted" if muted else "Mute")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:  # an unchanged label must not repaint 10 times a second
            label.setText(text)

    @staticmethod
    def _set_button(button: QPushButton, text: str, *, name: bool = False) -> None:
        if button.text() != text:
            button.setText(text)
            if name:  # a screen reader says what the button says ("Resume", not "Pause")
                button.setAccessibleName(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale_fonts(self, self.height(), {
            "part": 0.075, "exercise": 0.05, "rep": 0.04, "set": 0.04, "side": 0.04,
            "status": 0.035, "next_up": 0.03, "instructions": 0.026,
            "elapsed": 0.024, "remaining": 0.024, "exercise_position": 0.024,
        })
        self.rows.fit()


def row() -> tuple[QHBoxLayout, QWidget]:
    """A row of widgets side by side, as one widget (which can fold)."""
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout, widget


def name_countdown(label: QLabel, d: Display) -> None:
    """The countdown's name carries its number: "Time left: 7" ("Time in this set: 0:12")."""
    name = f"Time in this set: {d.countdown}" if d.self_paced else f"Time left: {d.countdown}"
    if label.accessibleName() != name:
        label.setAccessibleName(name)


#: Colours of the part word in the window, by colour family (coach.core.workout.presentation.PARTS): each
#: part its own, each at least 3:1 (large text) on light and on dark palettes alike.
WINDOW_PART_COLOURS = {"work": "#2e9d4a", "hold": "#1a94a0", "down": "#c96320", "pause": "#d0457a",
                       "rest": "#3b82d6", "get_ready": "#b87800", "switch_sides": "#9b59d0", "paused": "#888888"}


class ProgressLine(QProgressBar):
    """A progress bar drawn as two flat rectangles in the palette's colours.

    It moves up to 20 times a second during a workout, so a move costs as little as it can: the
    bar paints every pixel of its own rectangle (opaque: the page and window under it are not
    painted with it), a move repaints only the pixels between the old and the new end of the
    filled part, and a move of less than a pixel repaints nothing. (The style's own bar, with its
    gradients and rounded chunks, cost about as much CPU as the rest of the window together.)
    """

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setTextVisible(False)
        self.setRange(0, BAR_RANGE)
        self.setMinimumHeight(8)
        self.ensurePolished()  # the style's polish turns WA_OpaquePaintEvent off: set after it
        self._opaque()
        # Kept here as well as in Qt: a move is worked out without asking Qt for them.
        self._value = self._told = 0  # drawn, and told to a screen reader
        self._inside = self.rect().adjusted(1, 1, -1, -1)

    def _opaque(self) -> None:
        self.setAttribute(_OPAQUE)  # paintEvent fills its whole rect

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # polished again by another style
            self._opaque()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._inside = self.rect().adjusted(1, 1, -1, -1)

    def sizeHint(self) -> QSize:
        return QSize(200, max(8, self.fontMetrics().height() // 2))

    def _done(self, value: int) -> int:
        """The width of the part filled at ``value``, in pixels."""
        return max(0, self._inside.width()) * value // BAR_RANGE

    def set_fraction(self, fraction: float, *, tell: bool = True) -> None:
        """Moves the bar to ``fraction`` (0..1), repainting only the pixels that change.

        ``tell``: the value a screen reader reads follows too; the steps between two displays
        (up to 20 a second) leave it to the next display (at most a second later)."""
        value = int(round(max(0.0, min(1.0, fraction)) * BAR_RANGE))
        if value != self._value:
            before, after = self._done(self._value), self._done(value)
            self._value = value
            if after != before:  # joins the window's next repaint
                inside = self._inside
                self.update(inside.x() + min(before, after), inside.y(), abs(after - before), inside.height())
        if tell and value != self._told:
            self._told = value
            # QProgressBar repaints itself, all of it and at once, on most new values: not while
            # its updates are off (which setUpdatesEnabled(True) would undo with a whole repaint).
            self.setAttribute(_UPDATES_OFF, True)
            self.setValue(value)
            self.setAttribute(_UPDATES_OFF, False)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # clipped to what needs repainting (a move: the strip it moved by)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Mid))
        inside = self._inside
        painter.fillRect(inside, palette.color(QPalette.ColorRole.Base))
        done = self._done(self._value)
        if done > 0:
            painter.fillRect(inside.x(), inside.y(), done, inside.height(),
                             palette.color(QPalette.ColorRole.Highlight))


#: A bar's steps: the value a screen reader reads, in thousandths.
BAR_RANGE = 1000
_OPAQUE = Qt.WidgetAttribute.WA_OpaquePaintEvent
_UPDATES_OFF = Qt.WidgetAttribute.WA_UpdatesDisabled


def scale_fonts(widget: QWidget, height: int, fractions: dict[str, float]) -> None:
    """Sizes the named labels to a fraction of ``height``, never below the user's own font size.

    Keeping the user's size as the floor is what keeps the player usable at 200% font scaling.
    """
    base = widget.font().pixelSize()
    if base <= 0:
        base = int(round(widget.font().pointSizeF() * widget.logicalDpiY() / 72))
    for name, fraction in fractions.items():
        label = widget.findChild(QLabel, name)
        if label is None:
            continue
        size = max(base, int(height * fraction))
        if isinstance(label, BigNumber):
            label.want_pixel_size(size)  # shrunk to fit its box if need be
            continue
        font = QFont(label.font())
        if font.pixelSize() != size:
            font.setPixelSize(size)
            label.setFont(font)
