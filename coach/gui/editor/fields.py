"""Small input widgets of the routine editor: durations, tempo parts, FAQ links, image, messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coach.core.routines.durations import EXAMPLES
from coach.core.routines.routine_types import Duration, Field, Slug, Text, Whole
from coach.gui.editor.draft import PARTS, SELF_PACED, WHOLE, tempo_part_names

ERROR_COLOR = "#b3261e"
WARNING_COLOR = "#8a5a00"


class FieldMessage(QLabel):
    """The checker's words about one field, shown right under it; hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setObjectName("fieldMessage")
        self.hide()

    def set_messages(self, messages: Sequence[str]) -> None:
        text = "\n".join(messages)
        if text == self.text():
            return
        self.setText(text)
        only_warnings = bool(messages) and all(m.startswith("warning:") for m in messages)
        self.setStyleSheet(f"color: {WARNING_COLOR if only_warnings else ERROR_COLOR};")
        self.setVisible(bool(text))


class FieldRow(QWidget):
    """An input with its message underneath, as one row of a form."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        # Never taller than its content: spare room goes below the form, not into a row. (An
        # input that wraps onto more lines when narrow is as tall as its lines at its width.)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred
                           if editor.hasHeightForWidth() else QSizePolicy.Policy.Maximum)
        self.editor = editor
        self.message = FieldMessage(self)
        layout.addWidget(self.message)


def set_text_quietly(edit: QLineEdit, text: str) -> None:
    """Show ``text`` without moving the cursor of someone typing the same text."""
    if edit.text() != text:
        edit.setText(text)


class TextBox(QPlainTextEdit):
    """Text of several lines, tall enough to show ``lines`` of them without scrolling.

    The height follows the box's own font, so it still shows as many lines when the user's font
    is twice as big (a fixed pixel height would show fewer and fewer).
    """

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        margins = self.contentsMargins()  # the frame is in them
        return (self.lines * self.fontMetrics().lineSpacing()
                + round(2 * self.document().documentMargin()) + margins.top() + margins.bottom()
                + 1)  # without it Qt finds the last line one pixel short and scrolls

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().minimumSizeHint().width(), self._height())


class DurationEdit(QLineEdit):
    """A duration as people write it: ``30s``, ``1m30s``, ``2.5``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("e.g. 30s or 1m30s")
        self.setToolTip(f"A duration: {EXAMPLES}.")
        self.setMaximumWidth(140)


class TempoEditor(QWidget):
    """How reps are paced: at the user's pace, one length per rep, or parts played in order."""

    #: mode, whole-rep text, parts [[name, text], ...], and whether this was typing in a field.
    changed = Signal(str, str, list, bool)

    MODES = ((SELF_PACED, "At your own pace (press Done)"), (WHOLE, "One length for each rep"),
             (PARTS, "In parts, played in this order"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._parts: list[list[str]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.mode = QComboBox(self)
        self.mode.setAccessibleName("Tempo")
        for value, label in self.MODES:
            self.mode.addItem(label, value)
        self.mode.currentIndexChanged.connect(lambda _i: self._emit(False))
        top.addWidget(self.mode)
        self.whole = DurationEdit(self)
        self.whole.setAccessibleName("Length of one rep")
        self.whole.textEdited.connect(lambda _t: self._emit(True))
        top.addWidget(self.whole)
        top.addStretch(1)
        layout.addLayout(top)
        self.rows_box = QWidget(self)
        self.rows = QVBoxLayout(self.rows_box)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(2)
        layout.addWidget(self.rows_box)
        self.add_part = QPushButton("Add part", self)
        self.add_part.clicked.connect(self._add_part)
        adder = QHBoxLayout()
        adder.addWidget(self.add_part)
        adder.addStretch(1)
        layout.addLayout(adder)
        self._row_widgets: list[tuple[QComboBox, DurationEdit, QToolButton, QToolButton, QToolButton]] = []

    # --- showing ------------------------------------------------------------------------------

    def set_value(self, mode: str, whole: str, parts: list[list[str]]) -> None:
        self._updating = True
        try:
            index = self.mode.findData(mode)
            if index != self.mode.currentIndex():
                self.mode.setCurrentIndex(index)
            set_text_quietly(self.whole, whole)
            self._parts = [list(p) for p in parts]
            while len(self._row_widgets) < len(parts):
                self._make_row()
            while len(self._row_widgets) > len(parts):
                self._row_widgets.pop()
                self._remove_last_row()
            for row, (name, text) in zip(self._row_widgets, parts):
                combo, edit = row[0], row[1]
                if combo.currentText() != name:
                    combo.setCurrentText(name)
                set_text_quietly(edit, text)
            for number, row in enumerate(self._row_widgets):
                row[2].setEnabled(number > 0)
                row[3].setEnabled(number < len(parts) - 1)
            self.whole.setVisible(mode == WHOLE)
            self.rows_box.setVisible(mode == PARTS)
            self.add_part.setVisible(mode == PARTS)
            self.add_part.setEnabled(len(parts) < len(tempo_part_names()))
        finally:
            self._updating = False

    def _make_row(self) -> None:
        line = QWidget(self.rows_box)
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 0, 0, 0)
        combo = QComboBox(line)
        combo.addItems(list(tempo_part_names()))
        number = len(self._row_widgets)
        # Each row's controls say which part they are about: a screen reader lists them all.
        # A combo box is read by its value; the description says which part it is.
        combo.setAccessibleName(f"Part {number + 1} of the rep")
        combo.setAccessibleDescription(f"Part {number + 1} of the rep")
        edit = DurationEdit(line)
        edit.setAccessibleName(f"Length of part {number + 1}")
        up, down, remove = (QToolButton(line) for _ in range(3))
        up.setText("▲")
        up.setToolTip("Earlier in the rep")
        up.setAccessibleName(f"Move part {number + 1} earlier")
        down.setText("▼")
        down.setToolTip("Later in the rep")
        down.setAccessibleName(f"Move part {number + 1} later")
        remove.setText("✕")
        remove.setToolTip("Remove this part")
        remove.setAccessibleName(f"Remove part {number + 1}")
        for widget in (combo, edit, up, down, remove):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.rows.addWidget(line)
        # Rows are made as they are needed, so they would come last for Tab: put them in place.
        before = self._row_widgets[-1][-1] if self._row_widgets else self.whole
        for widget in (combo, edit, up, down, remove):
            QWidget.setTabOrder(before, widget)
            before = widget
        combo.currentTextChanged.connect(lambda text, n=number: self._set_part(n, 0, text, False))
        edit.textEdited.connect(lambda text, n=number: self._set_part(n, 1, text, True))
        up.clicked.connect(lambda _c=False, n=number: self._move(n, n - 1))
        down.clicked.connect(lambda _c=False, n=number: self._move(n, n + 1))
        remove.clicked.connect(lambda _c=False, n=number: self._remove(n))
        self._row_widgets.append((combo, edit, up, down, remove))

    def _remove_last_row(self) -> None:
        item = self.rows.takeAt(self.rows.count() - 1)
        if item is not None and item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()

    # --- editing ------------------------------------------------------------------------------

    def _emit(self, typing: bool) -> None:
        if self._updating:
            return
        self.changed.emit(self.mode.currentData(), self.whole.text(), [list(p) for p in self._parts],
                          typing)

    def _set_part(self, number: int, which: int, value: str, typing: bool) -> None:
        if self._updating or number >= len(self._parts):
            return
        self._parts[number][which] = value
        self._emit(typing)

    def _move(self, number: int, to: int) -> None:
        if 0 <= to < len(self._parts):
            self._parts.insert(to, self._parts.pop(number))
            self._emit(False)

    def _remove(self, number: int) -> None:
        if number < len(self._parts):
            del self._parts[number]
            self._emit(False)

    def _add_part(self) -> None:
        used = {name for name, _text in self._parts}
        free = [name for name in tempo_part_names() if name not in used] or ["up"]
        self._parts.append([free[0], "2s"])
        self._emit(False)


class FaqPicker(QListWidget):
    """FAQ answers linked to an exercise, ticked from the list of the FAQ's questions."""

    changed = Signal(list)

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = list(choices)
        self._updating = False
        self.setAccessibleName("FAQ answers")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.itemChanged.connect(self._item_changed)
        self._selected: list[str] = []
        self.set_selected([])

    def set_selected(self, ids: Sequence[str]) -> None:
        self._updating = True
        try:
            known = [faq_id for faq_id, _q in self._choices]
            shown = [(faq_id, question) for faq_id, question in self._choices]
            shown += [(faq_id, f"{faq_id} (not in the FAQ)") for faq_id in ids if faq_id not in known]
            if [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())] != \
                    [faq_id for faq_id, _q in shown]:
                self.clear()
                for faq_id, question in shown:
                    item = QListWidgetItem(question, self)
                    item.setData(Qt.ItemDataRole.UserRole, faq_id)
                    item.setToolTip(faq_id)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    # Set explicitly: an item without a check state shows no box to tick.
                    item.setCheckState(Qt.CheckState.Unchecked)
            for i in range(self.count()):
                item = self.item(i)
                state = (Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                         else Qt.CheckState.Unchecked)
                if item.checkState() != state:
                    item.setCheckState(state)
            self._selected = list(ids)
            rows = max(3, min(self.count(), 6))
            row_height = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
            # Whole rows only: a half-cut last line looks broken.
            self.setFixedHeight(rows * row_height + 2 * self.frameWidth())
        finally:
            self._updating = False

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        faq_id = item.data(Qt.ItemDataRole.UserRole)
        ids = [i for i in self._selected if i != faq_id]
        if item.checkState() == Qt.CheckState.Checked:
            ids.append(faq_id)
        self.changed.emit(ids)


class ImageField(QWidget):
    """A picture for the exercise, chosen from a file."""

    changed = Signal(str, bool)

    def __init__(self, choose: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choose = choose
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("none: a PNG, JPEG or SVG file")
        self.path.setAccessibleName("Image")
        self.path.textEdited.connect(lambda text: self.changed.emit(text, True))
        self.choose_button = QPushButton("Choose…", self)
        self.choose_button.clicked.connect(self._pick)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.clicked.connect(lambda: self.changed.emit("", False))
        layout.addWidget(self.path, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.clear_button)

    def set_value(self, text: str) -> None:
        set_text_quietly(self.path, text)
        self.clear_button.setEnabled(bool(text))

    def _pick(self) -> None:
        chosen = self._choose()
        if chosen:
            self.changed.emit(chosen, False)


# --- a field of a routine file as its type says it is edited --------------------------------------

#: Text longer than this gets a box of several lines.
LONG_TEXT = 1000


def field_widget(f: Field, parent: QWidget) -> QWidget:
    """The input for a declared field: a number box within its bounds, a duration, a text."""
    kind = f.type
    if isinstance(kind, Whole):
        widget: QWidget = QSpinBox(parent)
        widget.setRange(kind.minimum, kind.maximum)
    elif isinstance(kind, Duration):
        widget = DurationEdit(parent)
    elif isinstance(kind, Text) and kind.max_length > LONG_TEXT:
        widget = TextBox(4, parent)
    elif isinstance(kind, Text):
        widget = QLineEdit(parent)
        widget.setMaxLength(kind.max_length)
    elif isinstance(kind, Slug):  # a name such as a figure's: one line of lowercase words and dashes
        widget = QLineEdit(parent)
        widget.setMaxLength(80)
    else:
        raise NotImplementedError(f"the editor has no field for {f.key!r} ({type(kind).__name__}): "
                                  "give it a form of its own in coach/gui/editor/editor.py")
    widget.setToolTip(f.help[:1].upper() + f.help[1:])
    return widget


def show_field(widget: QWidget, value: object) -> None:
    """Show ``value`` (as the draft holds it) without disturbing someone typing it."""
    if isinstance(widget, QSpinBox):
        if widget.value() != value:
            widget.setValue(value)
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != value:
            widget.setPlainText(value)
    else:
        set_text_quietly(widget, value)


def connect_field(widget: QWidget, edited: Callable[[object], None]) -> None:
    """Call ``edited(value)`` as the user changes the field."""
    if isinstance(widget, QSpinBox):
        widget.valueChanged.connect(edited)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(lambda: edited(widget.toPlainText()))
    else:
        widget.textEdited.connect(edited)
