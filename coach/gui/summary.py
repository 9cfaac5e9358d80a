"""The end of a workout: how long it took, sets done and skipped, then back to the library."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from coach.core.workout.presentation import elapsed_text
from coach.core.workout.record import OUTCOME_COMPLETED


class SummaryView(QWidget):
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary")
        self.heading = QLabel()
        self.heading.setObjectName("summary_heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.figures = QLabel()
        self.figures.setObjectName("summary_figures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.figures.setWordWrap(True)
        font = self.figures.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.figures.setFont(font)
        self.figures.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.figures.setAccessibleName("Workout summary")
        self.back = QPushButton("Back to the library")
        self.back.setObjectName("back")
        self.back.setDefault(True)
        self.back.setAccessibleName("Back to the library")
        self.back.clicked.connect(self.back_requested.emit)
        font = self.back.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.back.setFont(font)
        self.back.setMinimumHeight(self.back.sizeHint().height() + 12)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(16)
        layout.addWidget(self.figures)
        layout.addSpacing(24)
        layout.addWidget(self.back, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

    def show_record(self, record, totals=None) -> None:
        """The end of the workout of ``record`` (a WorkoutRecord); ``totals`` (a SessionTotals)
        counts the whole session when it went on with an interrupted one."""
        done = record.outcome == OUTCOME_COMPLETED
        whole = totals if totals is not None else record
        self.heading.setText(f"Well done! {record.routine_name} complete." if done
                             else f"{record.routine_name}: stopped.")
        lines = [
            f"Time: {elapsed_text(whole.active_seconds)}",
            f"Sets done: {whole.sets_completed}",
            f"Sets skipped: {whole.sets_skipped}",
        ]
        self.figures.setText("\n".join(lines))
