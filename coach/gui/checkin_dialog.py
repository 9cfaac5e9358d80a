"""The pain check-in before and after a workout: 0-10, a note after, always skippable."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QRadioButton,
    QSizePolicy, QStyle, QStyleOptionButton, QStylePainter, QTextBrowser, QVBoxLayout, QWidget,
)

from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE, CheckinAnswer, advice_before
from coach.core.workout.plural import plural

BEFORE = "before"
AFTER = "after"
#: A note is for a sentence or two; more is kept but the box does not grow.
NOTE_MAX_CHARS = 2000


class PainButton(QRadioButton):
    """One number of the scale: a radio button (one choice of eleven) drawn as a push button."""

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        option.initFrom(self)
        option.text = self.text()
        if self.isChecked():
            option.state |= QStyle.StateFlag.State_On
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)


#: The keys the scale itself answers (the buttons would otherwise move the focus on arrows).
SCALE_KEYS = {*range(Qt.Key.Key_0, Qt.Key.Key_9 + 1), Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus,
              Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus}


class PainScale(QWidget):
    """Eleven buttons, 0 to 10, one exclusive group with one Tab stop (the chosen number, or 0);
    digits and the arrow keys choose too."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        row.setSpacing(4)
        for value in range(11):
            button = PainButton(str(value))
            button.setObjectName(f"pain-{value}")
            button.setAccessibleName(f"Pain {value} of 10")
            button.installEventFilter(self)
            button.setMinimumSize(36, 36)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, value)
            row.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        # The chosen number must stand out in any style and palette, light or dark; the normal
        # state is styled too so that every button keeps the same size.
        self.setStyleSheet(
            "PainButton { border: 1px solid palette(mid); border-radius: 4px; padding: 6px 0;"
            " background: palette(button); color: palette(button-text); }"
            "PainButton:hover { border-color: palette(highlight); }"
            "PainButton:focus { border: 2px solid palette(highlight); }"
            "PainButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " font-weight: bold; border-color: palette(highlight); }")
        ends = QHBoxLayout()
        ends.addWidget(QLabel("no pain"))
        ends.addStretch(1)
        ends.addWidget(QLabel("worst pain imaginable"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(ends)
        self._set_tab_stop(0)

    def _clicked(self, value: int) -> None:
        self._set_tab_stop(value)
        self.changed.emit(value)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int) -> None:
        value = max(0, min(10, value))
        self.group.button(value).setChecked(True)
        self._set_tab_stop(value)
        self.changed.emit(value)

    def _set_tab_stop(self, value: int) -> None:
        """Only the chosen number takes Tab (as radio buttons do); the focus follows the choice."""
        chosen = self.group.button(value)
        had_focus = self.focusWidget() is not None and self.focusWidget().hasFocus()
        for button in self.group.buttons():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is chosen else Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(chosen)
        if had_focus:
            chosen.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            if event.key() in SCALE_KEYS:
                if event.type() == QEvent.Type.KeyPress:
                    self.keyPressEvent(event)
                return True
            # Space does nothing in the check-in (tests/gui/test_keys.py): no number by accident.
            if event.key() == Qt.Key.Key_Space:
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self.value()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            # "1" then "0" makes 10, as typed.
            self.set_value(10 if digit == 0 and current == 1 and self._just_typed_one else digit)
            self._just_typed_one = digit == 1
            return
        self._just_typed_one = False
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_value(0 if current is None else current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.set_value(0 if current is None else current - 1)
        else:
            super().keyPressEvent(event)

    _just_typed_one = False


class CheckinDialog(QDialog):
    """Ask how the back is. ``answer`` holds the result once the dialog is closed.

    Before a workout: Start (or Skip) starts it; at 7 or more the dialog suggests resting, shows
    the FAQ answer about treating strains at home (``rest_answer``, an FAQ entry), and asks:
    "Rest today" or "Start anyway". Closing the dialog before a workout does not start it.
    After a workout: the same scale and an optional note; Skip keeps nothing.
    """

    answered = Signal(object)  # CheckinAnswer

    def __init__(self, when: str, *, routine_name: str = "", rest_answer=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if when not in (BEFORE, AFTER):
            raise ValueError(f"a check-in is {BEFORE!r} or {AFTER!r}, not {when!r}")
        self.when = when
        self.rest_answer = rest_answer
        self.answer: CheckinAnswer = CheckinAnswer(None, start=False) if when == BEFORE else CheckinAnswer(None)
        self.setObjectName(f"checkin-{when}")
        self.setWindowTitle("Before your workout" if when == BEFORE else "After your workout")

        question = QUESTION_BEFORE if when == BEFORE else QUESTION_AFTER
        self.question = QLabel(question.replace(" 0-10", ""))
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.question.setFont(font)
        self.subtitle = QLabel(f"{routine_name} — choose a number from 0 to 10." if routine_name
                               else "Choose a number from 0 to 10.")
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)  # the routine's name, never markup
        self.scale = PainScale()
        self.scale.changed.connect(self._pain_changed)

        self.advice = QFrame()
        self.advice.setObjectName("rest-advice")
        self.advice.setFrameShape(QFrame.Shape.StyledPanel)
        self.advice_text = QLabel()
        self.advice_text.setWordWrap(True)
        self.advice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.faq_view = QTextBrowser()
        self.faq_view.setObjectName("rest-faq")
        self.faq_view.setAccessibleName("What the FAQ says about resting your back")
        self.faq_view.setOpenExternalLinks(False)
        self.faq_view.setMinimumHeight(120)
        self.faq_view.setMaximumHeight(180)
        advice_layout = QVBoxLayout(self.advice)
        advice_layout.addWidget(self.advice_text)
        advice_layout.addWidget(self.faq_view)
        self.advice.hide()

        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("A note about this session (optional): what felt good, what hurt…")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.note.setVisible(when == AFTER)
        self.note_label = QLabel("A note (optional):")
        self.note_label.setBuddy(self.note)
        self.note_label.setVisible(when == AFTER)

        self.skip_button = QPushButton("Skip")
        self.skip_button.setObjectName("skip")
        self.skip_button.setAutoDefault(False)
        self.rest_button = QPushButton("Rest today")
        self.rest_button.setObjectName("rest")
        self.rest_button.setAutoDefault(False)
        self.rest_button.hide()
        self.ok_button = QPushButton("Start" if when == BEFORE else "Save")
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.skip_button.clicked.connect(self.skip)
        self.rest_button.clicked.connect(self.rest_instead)
        self.ok_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rest_button)
        buttons.addWidget(self.ok_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.question)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.scale)
        layout.addWidget(self.advice)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.scale.setFocus()

    # ----- slots

    def _pain_changed(self, pain: int) -> None:
        self.ok_button.setEnabled(True)
        if self.when != BEFORE:
            return
        advice = advice_before(pain)
        self.advice.setVisible(advice.suggest_rest)
        self.rest_button.setVisible(advice.suggest_rest)
        self.ok_button.setText("Start anyway" if advice.suggest_rest else "Start")
        if advice.suggest_rest:
            self.advice_text.setText(advice.message)
            entry = self.rest_answer
            self.faq_view.setVisible(entry is not None)
            if entry is not None:
                paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in entry.answer.split("\n\n"))
                self.faq_view.setHtml(f"<p><b>{html.escape(entry.question)}</b></p>{paragraphs}")
            self.rest_button.setDefault(True)
            self.ok_button.setDefault(False)
        else:
            self.ok_button.setDefault(True)
            self.rest_button.setDefault(False)
        self.adjustSize()

    def confirm(self) -> None:
        """Start (or start anyway) / Save with the chosen number."""
        self._finish(CheckinAnswer(self.scale.value(), start=True, note=self._note()), accept=True)

    def skip(self) -> None:
        """No check-in this time: before, the workout starts; after, nothing is kept."""
        self._finish(CheckinAnswer(None, start=True), accept=True)

    def rest_instead(self) -> None:
        self._finish(CheckinAnswer(self.scale.value(), start=False), accept=False)

    def reject(self) -> None:
        # Escape or closing the window: before a workout it does not start; after one, a skip.
        self.answer = CheckinAnswer(None, start=False) if self.when == BEFORE else CheckinAnswer(None)
        self.answered.emit(self.answer)
        super().reject()

    def _finish(self, answer: CheckinAnswer, *, accept: bool) -> None:
        self.answer = answer
        self.answered.emit(answer)
        if accept:
            super().accept()
        else:
            super().reject()

    def _note(self) -> str:
        return self.note.toPlainText().strip()[:NOTE_MAX_CHARS] if self.when == AFTER else ""


# ----- the other questions asked around a workout (non-blocking: call .open(), read finished(int))


def resume_question(point, tz=None, parent: QWidget | None = None) -> QMessageBox:
    """"Go on where you stopped?" for a ResumePoint; Yes resumes, No declines (remember it with
    ``History.decline_resume``)."""
    from coach.core.history.store import local_time
    from coach.core.history.resume_offer import set_text

    session = point.session
    done = session.sets_completed
    box = QMessageBox(QMessageBox.Icon.Question, "Resume your workout?",
                      f"{session.routine_name}: the workout you started at "
                      f"{local_time(session.started_at, tz):%H:%M} stopped before it was over "
                      f"({plural(done, 'set')} done).\n\n"
                      f"Go on from the start of {set_text(point)}?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("resume-question")
    box.button(QMessageBox.StandardButton.Yes).setText("Resume")
    box.button(QMessageBox.StandardButton.No).setText("Not now")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box


def progression_question(suggestion, parent: QWidget | None = None) -> QMessageBox:
    """"Try more reps?" for a progression Suggestion; Yes accepts, No declines."""
    box = QMessageBox(QMessageBox.Icon.Question, "Ready for a few more reps?",
                      f"{suggestion.exercise_name}: {plural(suggestion.sessions, 'good session')} at "
                      f"{plural(suggestion.reps, 'rep')}, and your back was no worse after them.\n\n"
                      f"Try {plural(suggestion.new_reps, 'rep')} from now on?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("progression-question")
    box.button(QMessageBox.StandardButton.Yes).setText(f"Try {suggestion.new_reps} reps")
    box.button(QMessageBox.StandardButton.No).setText(f"Stay at {suggestion.reps}")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box
