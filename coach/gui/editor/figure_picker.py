"""The editor's figure field: a gallery of the built-in figures and the user's own to choose from,
and a preview that plays the exercise's rep at its tempo as it is edited.

The figures come from core's :class:`~coach.core.routines.figure_library.FigureLibrary` (the window
hands it to the editor): this widget reads no file itself. A broken figure of the user's is listed
with its problem, and cannot be chosen until it is fixed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QSizePolicy,
    QVBoxLayout, QWidget,
)

from coach.core.routines.figure import Figure
from coach.core.routines.figure_library import USER, FigureChoice, figure_name
from coach.core.routines.figure_preview import exercise_steps
from coach.gui.figure_icon import figure_pixmap
from coach.gui.figure_view import FigureView

#: The size of a figure in the gallery (device-independent pixels), and of the preview.
ICON_SIZE = QSize(96, 60)
PREVIEW_SIZE = QSize(220, 132)
#: The gallery's first entry: no ``figure:`` key, the figure named like the exercise.
DEFAULT = ""
NAME_ROLE = Qt.ItemDataRole.UserRole


def choice_words(choice: FigureChoice) -> str:
    """How an entry of the gallery is named (also for screen readers)."""
    title = choice.figure.name if choice.figure is not None else choice.name
    if choice.problem:
        return f"{choice.name} (yours, cannot be used)"
    return f"{title} (yours)" if choice.source == USER else title


class FigurePicker(QWidget):
    """Choose an exercise's figure; ``changed(name)`` says which ("" for the default, the figure
    named like the exercise)."""

    changed = Signal(str)

    def __init__(self, figures, clock: Callable[[], float] | None = None,  # noqa: ANN001 - a FigureLibrary or None
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = figures
        self._choices: list[FigureChoice] = []
        self._value = DEFAULT
        self._exercise = None  # the exercise as edited (coach.core.routines.routine.Exercise), for the tempo
        self._exercise_name = ""
        self._updating = False
        self._played: tuple = ()
        self._default_icon_of: object = False  # the figure the default entry's picture shows

        self.preview = FigureView(clock=clock, parent=self)
        self.preview.setObjectName("figure_preview")
        self.preview.setAccessibleName("Preview of the figure")
        self.preview.name_parts = True  # "UP", "HOLD", "DOWN" on the figure as it plays them
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.chosen = QLabel(self)
        self.chosen.setObjectName("figure_chosen")
        self.chosen.setWordWrap(True)
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.gallery = QListWidget(self)
        self.gallery.setObjectName("figure_gallery")
        self.gallery.setAccessibleName("Figure")
        self.gallery.setAccessibleDescription(
            "The figure drawn for this exercise: the built-in figures and yours. Arrow keys choose.")
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setFlow(QListView.Flow.LeftToRight)
        self.gallery.setWrapping(True)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setWordWrap(True)
        self.gallery.setIconSize(ICON_SIZE)
        self.gallery.setSpacing(4)
        self.gallery.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gallery.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.gallery.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.gallery.currentItemChanged.connect(self._picked)

        self.problems = QLabel(self)
        self.problems.setObjectName("figure_problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.problems.hide()

        # The words about the figure beside the preview, or under it when the form is narrow.
        self.top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.chosen, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.gallery)
        column.addWidget(self.problems)
        self.setFocusProxy(self.gallery)
        self.reload()

    # --- what there is to choose from

    def reload(self) -> None:
        """Lists the figures again (the user may have added or fixed one)."""
        self._choices = self.figures.choices() if self.figures is not None else []
        self._updating = True
        try:
            self.gallery.clear()
            self._default_icon_of = False
            default = QListWidgetItem("Named like the exercise")
            default.setData(NAME_ROLE, DEFAULT)
            default.setToolTip("No 'figure:' key: the figure named like the exercise, if there is one")
            self.gallery.addItem(default)
            ratio = self.devicePixelRatioF()
            for choice in self._choices:
                item = QListWidgetItem(choice_words(choice))
                item.setData(NAME_ROLE, choice.name)
                item.setIcon(figure_pixmap(choice.figure, ICON_SIZE, self.palette(), ratio))
                if choice.problem:
                    item.setToolTip(choice.problem)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                else:
                    where = "yours, in your figures folder" if choice.source == USER else "built-in"
                    item.setToolTip(f"{choice.name} ({where})")
                self.gallery.addItem(item)
        finally:
            self._updating = False
        broken = [c for c in self._choices if c.problem]
        self.problems.setText("\n".join(f"Your figure “{c.name}” cannot be used: {c.problem}" for c in broken))
        self.problems.setVisible(bool(broken))
        self._fit_gallery()
        self._fit_labels()
        self._show_value()

    def choice_names(self) -> list[str]:
        """The names in the gallery, in order ("" first: named like the exercise)."""
        return [self.gallery.item(i).data(NAME_ROLE) for i in range(self.gallery.count())]

    def item_for(self, name: str) -> QListWidgetItem | None:
        for i in range(self.gallery.count()):
            if self.gallery.item(i).data(NAME_ROLE) == name:
                return self.gallery.item(i)
        return None

    # --- the value

    def set_value(self, name: str, exercise) -> None:  # noqa: ANN001 - an Exercise, or None while it has a mistake
        """Show ``name`` (the draft's ``figure``) for ``exercise`` as edited; its rep plays."""
        self._value = name.strip()
        if exercise is not None:
            self._exercise = exercise
            self._exercise_name = exercise.name
        self._show_value()

    def value(self) -> str:
        return self._value

    def shown_figure(self) -> Figure | None:
        """The figure the preview shows (None: none)."""
        return self.preview.figure

    def _figure_for(self, name: str) -> Figure | None:
        if self.figures is None:
            return None
        return self.figures.get(name or self._exercise_name)

    def _show_value(self) -> None:
        self._updating = True
        try:
            item = self.item_for(self._value)
            if item is not None and item is not self.gallery.currentItem():
                self.gallery.setCurrentItem(item)
            elif item is None:
                self.gallery.setCurrentItem(None)
                self.gallery.clearSelection()
        finally:
            self._updating = False
        default = self.item_for(DEFAULT)
        named_like = self._figure_for(DEFAULT)
        if default is not None and named_like is not self._default_icon_of:
            self._default_icon_of = named_like
            default.setIcon(figure_pixmap(named_like, ICON_SIZE, self.palette(), self.devicePixelRatioF()))
        figure = self._figure_for(self._value)
        if self._value and item is None:
            words = (f"“{self._value}”: there is no such figure. Put {figure_name(self._value) or 'it'}.yaml "
                     f"in the figures folder of your data folder, or choose one below.")
        elif figure is None and not self._value:
            words = ("No figure is named like this exercise: choose one below." if self._exercise_name.strip()
                     else "Give the exercise a name, or choose a figure below.")
        elif figure is None:
            words = f"“{self._value}” cannot be used: {self._problem_of(self._value)}"
        elif not self._value:
            words = f"{figure.name}: the figure named like the exercise."
        else:
            words = f"{figure.name}."
        self.chosen.setText(words)
        self._fit_labels()
        self.preview.setAccessibleDescription(words)
        if figure is None:
            self.preview.hide_figure()
            self.preview.setVisible(True)  # the space stays, so the gallery does not jump
            return
        steps = exercise_steps(figure, self._exercise) if self._exercise is not None else None
        if (figure, steps, self.preview.animate) == self._played and self.preview.figure is figure:
            return  # the same rep: it goes on playing (typing the instructions does not restart it)
        self._played = (figure, steps, self.preview.animate)
        if steps is not None:
            self.preview.play_rep(figure, steps)
        else:
            self.preview.show_pose(figure)

    def _problem_of(self, name: str) -> str:
        return next((c.problem for c in self._choices if c.name == name and c.problem), "it has a problem")

    def _picked(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if self._updating or current is None:
            return
        if not current.flags() & Qt.ItemFlag.ItemIsSelectable:
            return  # a broken figure: listed, with its problem, not chosen
        name = current.data(NAME_ROLE)
        if name != self._value:
            self._value = name
            self._show_value()
            self.changed.emit(name)

    # --- size

    def _fit_gallery(self) -> None:
        """Every figure in a cell of the same size, with room for a name of three short lines;
        two rows and a half show (the half says that it scrolls), so the form stays short."""
        lines = self.gallery.fontMetrics().lineSpacing()
        cell = QSize(max(ICON_SIZE.width() + 16, self.gallery.fontMetrics().averageCharWidth() * 15),
                     ICON_SIZE.height() + 3 * lines + 12)
        self.gallery.setGridSize(cell)
        self.gallery.setFixedHeight(round(2.5 * cell.height()) + 2 * self.gallery.frameWidth())
        self.gallery.setMinimumWidth(cell.width() * 2 + self.gallery.verticalScrollBar().sizeHint().width()
                                     + 2 * self.gallery.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the preview or the gallery (the words then go under the preview)."""
        hint = super().minimumSizeHint()
        return QSize(max(PREVIEW_SIZE.width(), self.gallery.minimumWidth()), hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        beside = self.width() >= PREVIEW_SIZE.width() + self.top.spacing() + 12 * self.fontMetrics().averageCharWidth()
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.top.direction() != direction:
            self.top.setDirection(direction)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """A wrapped label as tall as its text needs at the width it got: the form around it asks
        the picker's height for no particular width, and a long problem would lie over the gallery."""
        for label in (self.chosen, self.problems):
            if label.isVisibleTo(self) and label.width() > 0:
                needed = label.heightForWidth(label.width())
                if needed > 0 and label.minimumHeight() != needed:
                    label.setMinimumHeight(needed)

    def set_animate(self, on: bool) -> None:
        """The "Animate figures" setting: off, the preview shows the pose the exercise is held in."""
        self.preview.set_animate(on)
        self._played = ()
        self._show_value()
