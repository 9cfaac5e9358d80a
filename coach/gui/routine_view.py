"""The routine in the centre: what it contains, how long it takes, and the Start button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout,
    QWidget,
)

from coach.core.files.problems import Problem
from coach.core.routines.figure_preview import exercise_steps
from coach.core.workout.plural import plural
from coach.core.workout.timeline import build_timeline
from coach.gui.accessible import name_scroll_area
from coach.gui.figure_view import FigureView
from coach.gui.flow_layout import FlowLayout
from coach.gui.words import about_text, dose_text

#: An exercise asked for (from an answer's "Related exercises") stands out with a frame in the
#: selection colour, on light and dark themes alike.
HIGHLIGHT_STYLE = ("QFrame#exercise-card[highlighted=\"true\"] "
                   "{ border: 3px solid palette(highlight); border-radius: 4px; }")

SOURCE_WORDS = {"built-in": "Built-in routine", "user": "Your routine",
                "customized": "Customized: your copy of a built-in routine"}


def _label(text: str = "", *, name: str = "", scale: float = 1.0, bold: bool = False,
           wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # routine text is the user's, never markup
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if scale != 1.0 or bold:
        font = label.font()
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    return label


#: The size of an exercise's figure beside its instructions, and how soon after the routine it is drawn.
FIGURE_SIZE = (150, 100)
FIGURES_AFTER_MS = 50


class RoutineView(QWidget):
    """Shows one routine (or the problems of a broken file) and offers to start it."""

    start_requested = Signal(object)  # Routine
    #: "customize", "duplicate", "reset" or "delete" on the routine shown (the Routine menu's commands).
    command_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine = None
        self._cards: list[QFrame] = []
        #: Gives an exercise's figure (or None); set by the window after its start-up work, and
        #: figures are drawn a moment after the routine: reading their files never delays anything.
        self.figure_for = None
        #: The clock the figures move on while their exercise is hovered or selected (the window's).
        self.clock = None
        #: The "Animate figures" setting (off: the chosen exercise shows the pose it is held in).
        self.animate = True
        self._figures: list[tuple[FigureView, object]] = []
        # The exercise under the mouse, and the one with the keyboard focus: the one playing its
        # rep is the first of them (at most one figure moves; none when neither is there).
        self._hovered: int | None = None
        self._selected: int | None = None
        self._playing: int | None = None
        self._highlighted: int | None = None
        self.setStyleSheet(HIGHLIGHT_STYLE)
        self._watch = _CardWatcher(self)
        self.title = _label(name="routine_name", scale=1.8, bold=True)
        self.title.setAccessibleName("Routine name")
        self.meta = _label(name="routine_meta")
        self.start = QPushButton("▶  Start workout")
        self.start.setObjectName("start")
        self.start.setAccessibleName("Start workout")
        self.start.setToolTip("Start this workout (Enter)")
        self.start.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # never cut
        font = self.start.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.start.setFont(font)
        self.start.setMinimumHeight(self.start.sizeHint().height() + 12)
        self.start.clicked.connect(self._on_start)
        # The Routine menu's commands that apply to this routine, where people look first.
        self.commands = FlowLayout(spacing=6, centred=False)  # wraps in a narrow column
        self.command_buttons: dict[str, QPushButton] = {}
        for name, text, tip in (
            ("customize", "Customize…", "Edit your own copy of this routine (Ctrl+E)"),
            ("duplicate", "Duplicate", "Make a new routine from this one"),
            ("reset", "Reset to built-in…", "Delete your version and use the built-in routine again"),
            ("delete", "Delete…", "Delete this routine of yours"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{name}_button")
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, n=name: self.command_requested.emit(n))
            self.commands.addWidget(button)
            self.command_buttons[name] = button

        self.description = _label(name="routine_description", scale=1.1)
        self.problems = _label(name="routine_problems")
        # file:line:col messages line up and read like a compiler's in a fixed-width font.
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(max(fixed.pointSizeF(), self.font().pointSizeF()))
        self.problems.setFont(fixed)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.problems.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so a keyboard user can read and copy them
        self.problems.setAccessibleName("Problems in this file")
        self.exercises = QVBoxLayout()
        self.exercises.setSpacing(14)

        header = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.meta)
        header.addLayout(heading, 1)
        header.addWidget(self.start, 0, Qt.AlignmentFlag.AlignTop)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 20, 24, 24)
        column.setSpacing(12)
        column.addLayout(header)
        column.addLayout(self.commands)
        column.addWidget(self.description)
        column.addWidget(self.problems)
        column.addLayout(self.exercises)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("routine_scroll")
        # A Tab stop that scrolls the routine with the arrow keys; named for what it shows.
        name_scroll_area(scroll, "Routine details")
        self.scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self._body, self.scroll = body, scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.show_nothing()

    def needed_width(self) -> int:
        """Narrower than this, the title and the Start button no longer fit side by side (the
        scroll area would hide the button off to the right)."""
        return self._body.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()

    def _clear_exercises(self) -> None:
        for view, _exercise in self._figures:
            view.hide_figure()  # no more frames from a figure on its way out
        self._cards = []
        self._figures = []
        self._highlighted = None
        self._hovered = self._selected = self._playing = None
        while self.exercises.count():
            item = self.exercises.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # Hidden and detached now: deleteLater alone leaves it painted under the new cards.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()

    def show_nothing(self) -> None:
        self.routine = None
        self._clear_exercises()
        self.title.setText("No routine selected")
        self.meta.setText("Pick a routine in the library on the left.")
        self.description.hide()
        self.problems.hide()
        self.start.hide()
        self._show_commands("")

    def show_routine(self, routine, source: str = "", warnings: list[Problem] | None = None) -> None:
        self.routine = routine
        self._clear_exercises()
        total = build_timeline(routine).total_seconds
        count = len(routine.exercises)
        words = [plural(count, "exercise"), f"{about_text(total)} in all"]
        if source:
            words.append(SOURCE_WORDS.get(source, source))
        self.title.setText(routine.name)
        self.meta.setText(" · ".join(words))
        self.description.setText(routine.description)
        self.description.setVisible(bool(routine.description))
        self._show_problems(warnings or [], "Warnings in this file:")
        before = self.command_buttons["delete"]  # Tab goes Start, the commands, then the exercises
        for number, exercise in enumerate(routine.exercises, 1):
            card = self._exercise_card(number, exercise)
            self._cards.append(card)
            self.exercises.addWidget(card)
            card.show()  # now, not at the next event loop pass: highlight_exercise scrolls to it at once
            QWidget.setTabOrder(before, card)
            before = card
        if self.figure_for is not None:
            QTimer.singleShot(FIGURES_AFTER_MS, self._show_figures)
        self.start.show()
        self.start.setEnabled(True)
        self._show_commands(source)

    def show_problems(self, file: str, problems: list[Problem], *, watched: bool = True) -> None:
        """A file with problems; ``watched``: it is in the routines folder, which Coach watches
        (a file opened from elsewhere, ``coach FILE``, is not)."""
        self.routine = None
        self._clear_exercises()
        self.title.setText(file.replace("\\", "/").rsplit("/", 1)[-1])
        self.meta.setText("This file has problems and cannot be used until they are fixed. "
                          "Coach keeps the file as it is; "
                          + ("fix it in a text editor and save: Coach picks up the change by itself."
                             if watched else
                             "fix it in a text editor, save, then open it again (or import it with "
                             "Routine > Import…): Coach does not watch files outside your routines folder."))
        self.description.hide()
        self.start.hide()
        self._show_commands("")
        self._show_problems(problems, "")

    def _show_commands(self, source: str) -> None:
        """Only the commands that apply: a built-in is customized, a user's routine edited or
        deleted, a customized one edited or reset."""
        shown = {"built-in": ("customize", "duplicate"), "user": ("customize", "duplicate", "delete"),
                 "customized": ("customize", "duplicate", "reset")}.get(source, ())
        self.command_buttons["customize"].setText("Customize…" if source == "built-in" else "Edit…")
        for name, button in self.command_buttons.items():
            button.setVisible(name in shown)

    def _show_problems(self, problems: list[Problem], heading: str) -> None:
        if not problems:
            self.problems.hide()
            return
        lines = [heading] if heading else []
        lines += [str(p) for p in problems]
        self.problems.setText("\n\n".join(lines))
        self.problems.show()

    def _exercise_card(self, number: int, exercise) -> QFrame:
        figure = FigureView()
        figure.setFixedSize(FIGURE_SIZE[0], FIGURE_SIZE[1])
        self._figures.append((figure, exercise))
        heading = [_label(f"{number}. {exercise.name}", scale=1.2, bold=True),
                   _label(dose_text(exercise), name="dose", scale=1.1, bold=True)]
        instructions = (_label(exercise.instructions.strip(), name="instructions", scale=1.1)
                        if exercise.instructions else None)
        card = _ExerciseCard(heading, instructions, figure)
        card.setAccessibleName(f"{exercise.name}: {dose_text(exercise)}")
        # A Tab stop: selecting an exercise (or pointing at it) plays its figure's movement.
        card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        card.setProperty("exercise_index", number - 1)
        card.installEventFilter(self._watch)
        return card

    def set_figure_source(self, figure_for, clock=None) -> None:  # noqa: ANN001 - Exercise -> Figure | None
        """Draw each exercise's figure (``figure_for`` gives it), now a moment from now and for
        every routine shown after; ``clock`` (seconds, monotonic) moves them while one is hovered
        or selected."""
        self.figure_for = figure_for
        if clock is not None:
            self.clock = clock
        if self._figures:
            QTimer.singleShot(FIGURES_AFTER_MS, self._show_figures)

    def _show_figures(self) -> None:
        """Each exercise's figure in its start pose; the hovered or selected one plays its rep."""
        if self.figure_for is None:
            return
        for view, exercise in self._figures:
            view.clock = self.clock
            view.animate = self.animate
            view.show_pose(self.figure_for(exercise))
        self._playing = None
        self._play_the_chosen()

    def set_animate(self, on: bool) -> None:
        """The "Animate figures" setting: off, the chosen exercise's figure shows the pose it is
        held in, still."""
        self.animate = on
        for view, _exercise in self._figures:
            view.set_animate(on)

    def playing_exercise(self) -> int | None:
        """The exercise whose figure plays its rep now (None: every figure stands still)."""
        return self._playing

    def _exercise_pointed(self, index: int, hovered: bool) -> None:
        if hovered:
            self._hovered = index
        elif self._hovered == index:
            self._hovered = None
        self._play_the_chosen()

    def _exercise_focused(self, index: int, focused: bool) -> None:
        if focused:
            self._selected = index
        elif self._selected == index:
            self._selected = None
        self._play_the_chosen()

    def _play_the_chosen(self) -> None:
        """The hovered exercise, else the selected one, plays its rep; every other stands still."""
        chosen = self._hovered if self._hovered is not None else self._selected
        if chosen == self._playing:
            return
        if self._playing is not None and self._playing < len(self._figures):
            view, _exercise = self._figures[self._playing]
            view.stop_rep()
        self._playing = None
        if chosen is None or self.figure_for is None or chosen >= len(self._figures):
            return
        view, exercise = self._figures[chosen]
        if view.figure is None:
            return  # no figure (or not drawn yet): nothing to play
        view.play_rep(view.figure, exercise_steps(view.figure, exercise))
        self._playing = chosen

    def highlight_exercise(self, is_it) -> int | None:
        """Scroll to the first exercise for which ``is_it(exercise)`` is true and highlight it
        (until another routine is shown); its index, or None when the routine has none."""
        if self.routine is None:
            return None
        index = next((i for i, e in enumerate(self.routine.exercises) if is_it(e)), None)
        for number, card in enumerate(self._cards):
            card.setProperty("highlighted", number == index)
            card.style().unpolish(card)  # the style sheet reads the property again
            card.style().polish(card)
        self._highlighted = index
        if index is not None:
            card = self._cards[index]
            card.setAccessibleDescription("The exercise you asked for")
            # The cards were just made: lay them out now, so that scrolling knows where they are.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.scroll.ensureWidgetVisible(card, 0, 24)
        return index

    def highlighted_exercise(self) -> int | None:
        return self._highlighted

    def exercise_card(self, index: int) -> QFrame:
        return self._cards[index]

    def exercise_texts(self) -> list[str]:
        """What the cards say, one string each (for tests and screen readers alike)."""
        texts = []
        for i in range(self.exercises.count()):
            card = self.exercises.itemAt(i).widget()
            texts.append(" | ".join(label.text() for label in card.findChildren(QLabel)))
        return texts

    def _on_start(self) -> None:
        if self.routine is not None:
            self.start_requested.emit(self.routine)


class _ExerciseCard(QFrame):
    """One exercise: its name and dose, its instructions, its figure. In a wide card the figure is
    on the right, beside the text; in a narrow one (a small window, large fonts) it goes under the
    name and the instructions under it, each across the whole card, rather than the text in a thin
    column of a word or two a line, or the card wider than the window."""

    def __init__(self, heading: list[QLabel], instructions: QLabel | None, figure: FigureView) -> None:
        super().__init__()
        self.setObjectName("exercise-card")
        self.setProperty("highlighted", False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 10, 12, 10)
        self.grid.setHorizontalSpacing(12)
        self.top = QVBoxLayout()
        for label in heading:
            self.top.addWidget(label)
        self.top.addStretch(1)
        self.grid.setColumnStretch(0, 1)
        self.figure, self.instructions = figure, instructions
        self.wide: bool | None = None
        self._arrange(True)

    def _arrange(self, wide: bool) -> None:
        if wide == self.wide:
            return
        self.wide = wide
        grid = self.grid
        for item in (self.top, self.figure, self.instructions):
            if item is not None:
                grid.removeItem(item) if item is self.top else grid.removeWidget(item)
        if wide:
            grid.addLayout(self.top, 0, 0)
            grid.addWidget(self.figure, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            if self.instructions is not None:
                grid.addWidget(self.instructions, 1, 0)
        else:
            grid.addLayout(self.top, 0, 0, 1, 2)
            grid.addWidget(self.figure, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
            if self.instructions is not None:
                grid.addWidget(self.instructions, 2, 0, 1, 2)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        super().resizeEvent(event)
        # Beside the figure, the text gets what the figure leaves: at least 1.3 times its width.
        self._arrange(event.size().width() >= 2.3 * self.figure.width() + 36)


class _CardWatcher(QObject):
    """Tells the routine view when the mouse enters or leaves an exercise, and when the keyboard
    focus does (on the card or on a text inside it)."""

    def __init__(self, view: RoutineView) -> None:
        super().__init__(view)
        self.view = view
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.Enter, QEvent.Type.Leave):
            index = watched.property("exercise_index")
            if index is not None:
                self.view._exercise_pointed(int(index), kind == QEvent.Type.Enter)
        return False

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        index = None
        widget = new
        while widget is not None and widget is not self.view:
            found = widget.property("exercise_index")
            if found is not None and widget.objectName() == "exercise-card":
                index = int(found)
                break
            widget = widget.parentWidget()
        if index is None:
            if self.view._selected is not None:
                self.view._exercise_focused(self.view._selected, False)
        else:
            self.view._exercise_focused(index, True)
