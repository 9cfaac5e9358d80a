"""Floor mode: the player full screen, in high contrast, readable from the mat 3 m away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from coach.core.workout.presentation import Display
from coach.gui.big_number import BigNumber
from coach.gui.figure_view import FigureView
from coach.gui.player import ProgressLine, name_countdown, scale_fonts

#: Colour family (coach.core.workout.presentation.PARTS) -> (background, text), each pair at least 7:1.
#: Every part has its own hue (a rep's up, hold, down and pause too); work, rest and get ready also
#: differ in lightness, and the part word always says which it is, so nobody relies on colour alone.
FLOOR_COLOURS = {
    "work": ("#0b5d1e", "#ffffff"),
    "hold": ("#00606b", "#ffffff"),
    "down": ("#7a3b00", "#ffffff"),
    "pause": ("#7d1538", "#ffffff"),
    "rest": ("#0a2f6b", "#ffffff"),
    "get_ready": ("#ffc21a", "#000000"),
    "switch_sides": ("#4b1d78", "#ffffff"),
    "paused": ("#2b2b2b", "#ffffff"),
    "finished": ("#000000", "#ffffff"),
}

#: Fractions of the window height for each line; the countdown's digits come out at about
#: 0.7 of its font size, so 0.5 makes them over a third of the height.
FLOOR_SIZES = {"floor_exercise": 0.06, "floor_part": 0.09, "floor_countdown": 0.5,
               "floor_counts": 0.065, "floor_hint": 0.045, "floor_next": 0.045, "floor_remaining": 0.028}

#: Under the count of a set at one's own pace: the one key that ends it.
DONE_HINT = "Press Enter when done"
#: While the workout's clock waits for the coach's voice (coach/gui/voice_wait.py): the part's word
#: stays (GET READY), and this fits one line from 800x600 on (the player's status says it longer).
START_HINT = "Voice loading… Space starts now"


class FloorView(QWidget):
    """Only what matters from afar: part, countdown, reps, exercise, next up, a thin bar; and
    small, for a glance from close by, the time left in the whole workout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("floor")
        self.setAccessibleName("Workout player, floor mode")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)

        def label(name: str, bold: bool = True) -> QLabel:
            widget = QLabel()
            widget.setObjectName(name)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            font = widget.font()
            font.setBold(bold)
            widget.setFont(font)
            return widget

        self.exercise = label("floor_exercise")
        self.part = label("floor_part")
        self.countdown = BigNumber("floor_countdown")
        self.countdown.setAccessibleName("Time left")
        self.counts = label("floor_counts")
        # Always in the layout (empty when there is nothing to press), so the countdown never jumps.
        self.hint = label("floor_hint")
        self.next_up = label("floor_next", bold=False)
        self.bar = ProgressLine("floor_bar", "Whole workout")
        self.bar.setFixedHeight(10)
        self.remaining = label("floor_remaining", bold=False)
        self.remaining.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 4)
        layout.setSpacing(0)
        layout.addWidget(self.exercise)
        layout.addWidget(self.part)
        # The figure beside the number, as tall as the countdown's row (over a third of the window).
        self.figure = FigureView()
        self.figure.set_opaque()  # on the page's own colour: a frame repaints the figure alone
        middle = QHBoxLayout()
        middle.addWidget(self.figure, 1)
        middle.addWidget(self.countdown, 1)
        layout.addLayout(middle, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.hint)
        layout.addWidget(self.next_up)
        layout.addSpacing(16)
        layout.addWidget(self.bar)
        layout.addWidget(self.remaining)
        self.family = ""
        self.display: Display | None = None
        self._colour("work")

    def show_display(self, d: Display) -> None:
        self.display = d
        part = d.part if not d.status or d.starting else d.status
        counts = "   ·   ".join(x for x in (d.rep, d.set, d.side) if x)
        hint = DONE_HINT if d.self_paced and not d.paused else START_HINT if d.starting else ""
        for label, text in ((self.exercise, d.exercise), (self.part, part), (self.countdown, d.countdown),
                            (self.counts, counts), (self.hint, hint),
                            (self.next_up, d.next_up),
                            (self.remaining, f"{d.remaining} left in the workout" if d.remaining else "")):
            if label.text() != text:
                label.setText(text)
        name_countdown(self.countdown, d)
        self.bar.set_fraction(d.workout_fraction)
        if d.family != self.family:
            self._colour(d.family)

    def show_progress(self, part: float, workout: float) -> None:  # noqa: ARG002 - one bar here
        """Moves the bar (between two displays, up to 20 times a second)."""
        self.bar.set_fraction(workout, tell=False)

    def _colour(self, family: str) -> None:
        self.family = family
        background, text = FLOOR_COLOURS.get(family, FLOOR_COLOURS["work"])
        palette = self.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, QColor(background))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, QColor(text))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(text))
        palette.setColor(QPalette.ColorRole.Mid, QColor(text))  # the bar's outline
        self.setPalette(palette)

    def background(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Window)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale_fonts(self, self.height(), FLOOR_SIZES)
