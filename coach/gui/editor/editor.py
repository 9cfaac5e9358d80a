"""The routine editor: every field of a routine, checked as you type, with undo and a safe Save."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coach.core.routines.durations import format_clock
from coach.core.workout.plural import plural
from coach.core.files.problems import Problem
from coach.core.routines.routine import EXERCISE, PROGRESSION, ROUTINE, Routine
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_writer import SaveError
from coach.core.routines.user_routines import Done, UserRoutineError, UserRoutines
from coach.gui.accessible import name_scroll_area
from coach.gui.editor.draft import (
    EXERCISE_OWN_FORMS,
    HOLD,
    REPS,
    ROUTINE_DURATIONS,
    Check,
    check_draft,
    copy_draft,
    draft_exercise,
    new_exercise,
    plain_fields,
    routine_draft,
    split_tags,
    tags_text,
)
from coach.gui.editor.exercise_list import ExerciseList, ExerciseRow
from coach.gui.editor.figure_picker import FigurePicker
from coach.gui.editor.field_names import EXERCISE_LABELS, PROGRESSION_LABELS, ROUTINE_LABELS, in_form_words
from coach.gui.editor.fields import (
    DurationEdit,
    FaqPicker,
    FieldRow,
    ImageField,
    TempoEditor,
    TextBox,
    connect_field,
    field_widget,
    set_text_quietly,
    show_field,
)
from coach.gui.flow_layout import FlowLayout
from coach.gui.words import dose_text

#: Answers to "you have unsaved changes".
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
#: Answers to "the file changed on disk while you were editing it".
KEEP_MINE, TAKE_THEIRS = "keep-mine", "take-theirs"

#: Qt's QWIDGETSIZE_MAX: no maximum width.
NO_LIMIT = 16_777_215
#: The share of the width for the routine's fields and the exercise list (left of the splitter).
ROUTINE_SIDE_SHARE = 0.45
#: Lines of the routine's description shown without scrolling.
DESCRIPTION_LINES = 5
#: Lines of an exercise's instructions shown without scrolling.
INSTRUCTIONS_LINES = 7

#: The banner Save shows when the routine has problems; it goes once they are fixed.
NOT_SAVED_PROBLEMS = "Not saved: fix the problems marked in red first."
#: The most exercises a routine can have.
MAX_EXERCISES = ROUTINE.by_key["exercises"].type.max_items


def _bounds(spin: QSpinBox, record: object, key: str) -> None:
    """The number box of a whole number within the bounds the routine format gives it."""
    kind = record.by_key[key].type
    spin.setRange(kind.minimum, kind.maximum)


class _Change(QUndoCommand):
    """One edit: the draft before and after, so undo and redo are exact whatever was changed."""

    def __init__(self, editor: RoutineEditor, before: dict, after: dict, text: str,
                 merge_key: object = None, select: tuple[int, int] | None = None) -> None:
        super().__init__(text)
        self.editor = editor
        self.before, self.after = before, after
        self.merge_key = merge_key
        #: The exercise to select before and after (so undoing a move follows the exercise).
        self.select = select

    def id(self) -> int:
        # Typing in one field is one step to undo, not one per letter.
        return 7 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Change) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        if self.after == self.before:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.editor._show(self.after, None if self.select is None else self.select[1])

    def undo(self) -> None:
        self.editor._show(self.before, None if self.select is None else self.select[0])


class _Column(QScrollArea):
    """A column of the editor (the routine's fields and the exercise list; the exercise's form):
    scrolls up and down when the window is too low for it (big fonts) rather than squeezing the
    description or the list to a line or two, and never sideways: it is never narrower than its
    fields, which wrap to fit (labels above their fields, controls onto more lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own for Tab

    #: Narrower than this many characters beside the labels, every label goes above its field.
    FIELD_CHARS = 30

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().resizeEvent(event)
        content = self.widget()
        if content is None:
            return
        for form in content.findChildren(QFormLayout):
            labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount())]
            widest = max((label.widget().sizeHint().width() for label in labels if label and label.widget()), default=0)
            # 48: the group box's frame and margins, and the gap after the labels.
            beside = self.viewport().width() - widest - 48 >= self.FIELD_CHARS * content.fontMetrics().averageCharWidth()
            policy = QFormLayout.RowWrapPolicy.WrapLongRows if beside else QFormLayout.RowWrapPolicy.WrapAllRows
            if form.rowWrapPolicy() != policy:
                form.setRowWrapPolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is not None:
            hint.setWidth(max(hint.width(), content.minimumSizeHint().width()
                              + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()))
        return hint


def wrapping_form() -> QFormLayout:
    """A form whose labels go above their fields when a field would not fit beside its label (and
    every label above its field in a narrow column: ``_Column``)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class _UndoKeys(QObject):
    """Sends Ctrl+Z / Ctrl+Shift+Z in text fields to the editor's undo stack.

    A text field has its own little undo history and takes those keys first; here every edit is
    on the editor's stack instead, so the keys do the same thing wherever the focus is.
    """

    def __init__(self, stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Z and event.modifiers() == (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
            if undo or redo:
                if event.type() == QEvent.Type.KeyPress:
                    (self.stack.redo if redo else self.stack.undo)()
                event.accept()
                return True
        return False


class RoutineEditor(QWidget):
    """Edits one routine; Save writes it to the user's folder through :class:`UserRoutines`.

    The main window gives it the routine, the file it came from (a built-in's file, or the user's),
    the user's routines, the FAQ questions to link and the ids in use; it calls
    :meth:`confirm_close` before closing the editor or switching routine, and
    :meth:`file_changed_on_disk` when the watcher sees the file change.
    """

    #: The routine was saved: the main window reloads the library (``Done`` has routine and path).
    saved = Signal(object)
    #: Saving failed; the message says why (the edits are kept, the old file untouched).
    save_failed = Signal(str)
    #: True when there are changes not saved yet.
    modified_changed = Signal(bool)
    #: The user pressed Close: the main window calls :meth:`confirm_close`, then closes the editor.
    close_requested = Signal()

    def __init__(self, routine: Routine, user_routines: UserRoutines, *,
                 source: Path | None = None, faq_choices: Sequence[tuple[str, str]] = (),
                 taken: Callable[[], Mapping[str, Path]] = dict, figures=None,  # noqa: ANN001
                 clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_routines = user_routines
        #: The figures to choose from (coach.core.routines.figure_library.FigureLibrary, from the
        #: window; None: no gallery), and the clock the preview plays on.
        self.figures = figures
        self.clock = clock
        self.source = source if source is not None else routine.source_path
        # Without a file, the routine is new: nothing is on disk until Save (and until then its
        # id, and so its file name, follows the name the user gives it).
        self.faq_choices = list(faq_choices)
        self.taken = taken
        self.saved_routine: Routine | None = routine if self.source is not None else None
        self.draft = routine_draft(routine)
        self.check: Check | None = None
        self._updating = False
        self._selected = 0
        #: Asked when there are unsaved changes; returns SAVE, DISCARD or CANCEL (tests replace it).
        self.ask_unsaved: Callable[[RoutineEditor], str] = _ask_unsaved
        #: Asked when the file changed on disk under unsaved changes; KEEP_MINE or TAKE_THEIRS.
        self.ask_changed_on_disk: Callable[[RoutineEditor], str] = _ask_changed_on_disk
        #: Picks an image file; returns its path or None (tests replace it).
        self.choose_image_file: Callable[[], str | None] = self._choose_image_file
        self.undo_stack = QUndoStack(self)
        self._build()
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._show(self.draft, 0)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Opening the editor puts the keyboard in its first field, not on the editor as a whole
        # (a focus proxy would do it too, but would take the top bar's buttons out of the Tab chain).
        super().focusInEvent(event)
        self.name_edit.setFocus(event.reason())

    def _clean_changed(self, clean: bool) -> None:
        self._show_title()
        self.modified_changed.emit(not clean)

    def _undo_text_changed(self, text: str) -> None:
        self.undo_action.setToolTip(f"Undo: {text.lower()} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    def _redo_text_changed(self, text: str) -> None:
        self.redo_action.setToolTip(f"Redo: {text.lower()} (Ctrl+Shift+Z)" if text else
                                    "Redo (Ctrl+Shift+Z)")

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addLayout(self._build_top_bar())
        self.banner = QLabel(self)
        self.banner.setObjectName("editorBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        outer.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        left_column = _Column(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self._build_routine_box())
        left_layout.addWidget(self._build_exercise_list_box(), 1)
        left_column.setWidget(left)
        right = _Column(splitter)
        right.setObjectName("exercise_column")
        name_scroll_area(right, "The exercise")
        name_scroll_area(left_column, "The routine and its exercises")
        right.setWidget(self._build_exercise_box())
        splitter.addWidget(left_column)
        splitter.addWidget(right)
        # The routine's fields and the exercise list get this share of the width, also when the
        # window is resized: the exercise form on the right needs less than it was given.
        left_share = round(100 * ROUTINE_SIDE_SHARE)
        splitter.setStretchFactor(0, left_share)
        splitter.setStretchFactor(1, 100 - left_share)
        splitter.setSizes([left_share * 100, (100 - left_share) * 100])
        self.splitter = splitter
        outer.addWidget(splitter, 1)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("editorProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.problems_label)
        undo_keys = _UndoKeys(self.undo_stack, self)
        for child in self.findChildren(QWidget):
            if isinstance(child, (QLineEdit, QPlainTextEdit, QSpinBox)):
                child.installEventFilter(undo_keys)

    def _build_top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("editorTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the routine's name, never markup
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        # A long name, or large fonts, wrap the title onto more lines instead of cutting it off.
        self.title.setWordWrap(True)
        bar.addWidget(self.title, 1)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("estimatedTotal")
        bar.addWidget(self.total_label)
        bar.addSpacing(12)
        # Fixed texts (QUndoStack's own actions say "Undo Change name", which makes the button
        # jump in width while typing); what would be undone goes in the tooltip instead.
        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.triggered.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        self.undo_action.setEnabled(False)
        self.redo_action = QAction("Redo", self)
        self.redo_action.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        self.redo_action.setEnabled(False)
        # Ctrl+Shift+Z everywhere, and the platform's own Redo keys where they differ (Ctrl+Y on
        # Windows): the same key given twice is an "ambiguous shortcut" and does nothing.
        redo_keys: list[QKeySequence] = [QKeySequence("Ctrl+Shift+Z")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if key not in redo_keys:
                redo_keys.append(key)
        self.redo_action.setShortcuts(redo_keys)
        self.save_action = QAction("Save", self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.triggered.connect(self.save)
        for action in (self.undo_action, self.redo_action, self.save_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        for action in (self.undo_action, self.redo_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        self.close_button = QPushButton("Close", self)
        self.close_button.setToolTip("Back to the library (asks first if there are unsaved changes)")
        self.close_button.clicked.connect(self.close_requested)
        bar.addWidget(self.close_button)
        return bar

    def _row(self, form: QFormLayout, label: str, editor: QWidget) -> FieldRow:
        row = FieldRow(editor)
        form.addRow(label, row)
        editor.setAccessibleName(editor.accessibleName() or label)
        # The label names its field for a screen reader, and Alt+its letter would go there.
        shown = form.labelForField(row)
        if isinstance(shown, QLabel):
            takes_focus = [w for w in editor.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
            shown.setBuddy(editor if editor.focusPolicy() & Qt.FocusPolicy.TabFocus or not takes_focus
                           else takes_focus[0])
        return row

    def _build_routine_box(self) -> QGroupBox:
        box = QGroupBox("Routine", self)
        column = QVBoxLayout(box)
        form = wrapping_form()
        column.addLayout(form)
        self.routine_rows: dict[str, FieldRow] = {}
        self.name_edit = QLineEdit(box)
        self.name_edit.setAccessibleName("Routine name")
        self.id_edit = QLineEdit(box)
        self.id_edit.setToolTip("Lowercase letters, digits and dashes; the file is saved as <id>.yaml")
        self.description_edit = TextBox(DESCRIPTION_LINES, box)
        self.tags_edit = QLineEdit(box)
        self.tags_edit.setPlaceholderText("words to find it by, separated by commas")
        self.routine_edits: dict[str, QWidget] = {
            "name": self.name_edit, "id": self.id_edit, "description": self.description_edit,
            "tags": self.tags_edit}
        for key, edit in self.routine_edits.items():
            self.routine_rows[key] = self._row(form, ROUTINE_LABELS[key], edit)
        # The four times in two columns, each label above its field: beside the fields,
        # "Rest between exercises" made the labels so wide that the text fields had no room.
        times = QGridLayout()
        times.setContentsMargins(0, 4, 0, 0)
        times.setVerticalSpacing(2)
        times.setHorizontalSpacing(12)
        for number, key in enumerate(ROUTINE_DURATIONS):
            edit = self.routine_edits[key] = DurationEdit(box)
            edit.setMaximumWidth(NO_LIMIT)
            label = QLabel(ROUTINE_LABELS[key], box)
            label.setBuddy(edit)
            label.setContentsMargins(0, 6 if number >= 2 else 0, 0, 0)
            label.setWordWrap(True)  # on two lines rather than widening the column (big fonts)
            edit.setAccessibleName(ROUTINE_LABELS[key])
            self.routine_rows[key] = FieldRow(edit)
            line, side = divmod(number, 2)  # left to right, then down: the order Tab goes in
            times.addWidget(label, 2 * line, side)
            times.addWidget(self.routine_rows[key], 2 * line + 1, side)
        column.addLayout(times)
        for key, edit in self.routine_edits.items():
            if isinstance(edit, QLineEdit) and key != "tags":
                edit.textEdited.connect(lambda text, key=key: self._edit((key,), text, typing=True))
        self.tags_edit.textEdited.connect(lambda text: self._edit(("tags",), split_tags(text), typing=True))
        self.description_edit.textChanged.connect(
            lambda: self._edit(("description",), self.description_edit.toPlainText(), typing=True))
        return box

    def _build_exercise_list_box(self) -> QGroupBox:
        box = QGroupBox("Exercises", self)
        layout = QVBoxLayout(box)
        self.exercise_list = ExerciseList(box)
        self.exercise_list.currentRowChanged.connect(self._select)
        self.exercise_list.move_requested.connect(self.move_exercise)
        layout.addWidget(self.exercise_list, 1)
        buttons = FlowLayout(spacing=6, centred=False)  # onto two lines rather than widening the column
        self.add_button = QPushButton("Add", box)
        self.add_button.clicked.connect(self.add_exercise)
        self.duplicate_button = QPushButton("Duplicate", box)
        self.duplicate_button.clicked.connect(lambda: self.duplicate_exercise(self._selected))
        self.remove_button = QPushButton("Remove", box)
        self.remove_button.clicked.connect(lambda: self.remove_exercise(self._selected))
        self.up_button = QToolButton(box)
        self.up_button.setText("▲")
        self.up_button.setToolTip("Move up")
        self.up_button.setAccessibleName("Move up")
        self.up_button.clicked.connect(lambda: self.move_exercise(self._selected, self._selected - 1))
        self.down_button = QToolButton(box)
        self.down_button.setText("▼")
        self.down_button.setToolTip("Move down")
        self.down_button.setAccessibleName("Move down")
        self.down_button.clicked.connect(lambda: self.move_exercise(self._selected, self._selected + 1))
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        layout.addLayout(buttons)
        self.exercises_message = FieldRow(QWidget(box))
        layout.addWidget(self.exercises_message)
        return box

    def _build_exercise_box(self) -> QGroupBox:
        box = QGroupBox("Exercise", self)
        self.exercise_box = box
        column = QVBoxLayout(box)
        form = wrapping_form()
        column.addLayout(form)
        column.addStretch(1)
        self.ex_rows: dict[str, FieldRow] = {}
        self.ex_name = QLineEdit(box)
        self.ex_name.textEdited.connect(lambda t: self._edit_ex("name", t, typing=True))
        self.ex_name.setAccessibleName("Exercise name")
        self.ex_rows["name"] = self._row(form, EXERCISE_LABELS["name"], self.ex_name)
        self.ex_instructions = TextBox(INSTRUCTIONS_LINES, box)
        self.ex_instructions.setPlaceholderText("How to do it, in plain words; shown during the exercise")
        self.ex_instructions.textChanged.connect(
            lambda: self._edit_ex("instructions", self.ex_instructions.toPlainText(), typing=True))
        self.ex_rows["instructions"] = self._row(form, EXERCISE_LABELS["instructions"], self.ex_instructions)
        self.ex_sets = QSpinBox(box)
        _bounds(self.ex_sets, EXERCISE, "sets")
        self.ex_sets.valueChanged.connect(lambda v: self._edit_ex("sets", v, typing=True))
        self.ex_rows["sets"] = self._row(form, EXERCISE_LABELS["sets"], self.ex_sets)

        kind = QWidget(box)
        kind_layout = FlowLayout(kind, spacing=6, centred=False)
        self.kind_reps = QRadioButton("Repetitions", kind)
        self.kind_hold = QRadioButton("A timed hold", kind)
        self.kind_group = QButtonGroup(kind)
        self.kind_group.addButton(self.kind_reps)
        self.kind_group.addButton(self.kind_hold)
        kind_layout.addWidget(self.kind_reps)
        kind_layout.addWidget(self.kind_hold)
        self.kind_reps.toggled.connect(lambda on: on and self._edit_ex("kind", REPS))
        self.kind_hold.toggled.connect(lambda on: on and self._edit_ex("kind", HOLD))
        self._row(form, EXERCISE_LABELS["kind"], kind).editor.setAccessibleName(EXERCISE_LABELS["kind"])

        self.ex_reps = QSpinBox(box)
        _bounds(self.ex_reps, EXERCISE, "reps")
        self.ex_reps.setSuffix(" per set")
        self.ex_reps.valueChanged.connect(lambda v: self._edit_ex("reps", v, typing=True))
        self.ex_rows["reps"] = self._row(form, EXERCISE_LABELS["reps"], self.ex_reps)
        self.ex_tempo = TempoEditor(box)
        self.ex_tempo.changed.connect(self._tempo_changed)
        self.ex_rows["tempo"] = self._row(form, EXERCISE_LABELS["tempo"], self.ex_tempo)
        self.ex_hold = DurationEdit(box)
        self.ex_hold.textEdited.connect(lambda t: self._edit_ex("hold", t, typing=True))
        self.ex_rows["hold"] = self._row(form, EXERCISE_LABELS["hold"], self.ex_hold)
        self.ex_sides = QCheckBox("Each side: left, then right", box)
        self.ex_sides.toggled.connect(lambda on: self._edit_ex("sides", on))
        self.ex_sides.setAccessibleName(self.ex_sides.text())
        self.ex_rows["sides"] = self._row(form, EXERCISE_LABELS["sides"], self.ex_sides)

        rest = QWidget(box)
        rest_layout = FlowLayout(rest, spacing=6, centred=False)
        self.ex_own_rest = QCheckBox("Its own rest:", rest)
        self.ex_own_rest.setToolTip("Otherwise the routine's rest between sets")
        self.ex_own_rest.toggled.connect(lambda on: self._edit_ex("own_rest", on))
        self.ex_rest = DurationEdit(rest)
        self.ex_rest.setAccessibleName("Rest between sets of this exercise")
        self.ex_rest.textEdited.connect(lambda t: self._edit_ex("rest_between_sets", t, typing=True))
        rest_layout.addWidget(self.ex_own_rest)
        rest_layout.addWidget(self.ex_rest)
        self.ex_rows["rest_between_sets"] = self._row(form, EXERCISE_LABELS["rest_between_sets"], rest)

        self.ex_faq = FaqPicker(self.faq_choices, box)
        self.ex_faq.changed.connect(lambda ids: self._edit_ex("faq", ids))
        self.ex_rows["faq"] = self._row(form, EXERCISE_LABELS["faq"], self.ex_faq)

        progression = QWidget(box)
        prog_layout = QVBoxLayout(progression)
        prog_layout.setContentsMargins(0, 0, 0, 0)
        prog_layout.setSpacing(2)
        self.ex_progression = QCheckBox("Suggest more reps over time", progression)
        self.ex_progression.toggled.connect(lambda on: self._edit_ex("progression", on))
        prog_layout.addWidget(self.ex_progression)
        self.ex_step = QSpinBox(progression)
        _bounds(self.ex_step, PROGRESSION, "step")
        self.ex_step.setAccessibleName(PROGRESSION_LABELS["step"])
        self.ex_every = QSpinBox(progression)
        _bounds(self.ex_every, PROGRESSION, "every")
        self.ex_every.setAccessibleName(PROGRESSION_LABELS["every"])
        self.ex_to = QSpinBox(progression)
        _bounds(self.ex_to, PROGRESSION, "to")
        self.ex_to.setAccessibleName(PROGRESSION_LABELS["to"])
        for key, spin in (("step", self.ex_step), ("every", self.ex_every), ("to", self.ex_to)):
            spin.valueChanged.connect(lambda v, key=key: self._edit_ex(key, v, typing=True))
        # A sentence with number boxes in it, wrapping as words do: no sideways scrolling.
        sentence = FlowLayout(spacing=4, centred=False)
        for part in ("add", self.ex_step, "reps after every", self.ex_every, "sessions,", "up to", self.ex_to,
                     "reps"):
            sentence.addWidget(QLabel(part, progression) if isinstance(part, str) else part)
        prog_layout.addLayout(sentence)
        self.progression_widgets = (self.ex_step, self.ex_every, self.ex_to)
        self.ex_rows["progression"] = self._row(form, EXERCISE_LABELS["progression"], progression)

        self.ex_image = ImageField(lambda: self.choose_image_file(), box)
        self.ex_image.changed.connect(lambda text, typing: self._edit_ex("image", text, typing=typing))
        self.ex_rows["image"] = self._row(form, EXERCISE_LABELS["image"], self.ex_image)
        self.ex_figure = FigurePicker(self.figures, self.clock, box)
        # Arrowing through the gallery is one step to undo, as typing in a field is.
        self.ex_figure.changed.connect(lambda name: self._edit_ex("figure", name, typing=True))
        self.ex_rows["figure"] = self._row(form, EXERCISE_LABELS["figure"], self.ex_figure)
        # Every other key of an exercise: the field its declaration describes.
        self.ex_fields: dict[str, QWidget] = {}
        for f in plain_fields(EXERCISE, EXERCISE_OWN_FORMS):
            if f.key in self.ex_rows:
                continue
            widget = self.ex_fields[f.key] = field_widget(f, box)
            connect_field(widget, lambda value, key=f.key: self._edit_ex(key, value, typing=True))
            self.ex_rows[f.key] = self._row(form, EXERCISE_LABELS[f.key], widget)
        self.form = form
        return box

    # --- showing the draft --------------------------------------------------------------------

    def _show(self, draft: dict, select: int | None = None) -> None:
        """Show ``draft`` in every widget and check it; the one place widgets are filled."""
        self.draft = copy_draft(draft)
        if select is not None:
            self._selected = select
        self._selected = max(0, min(self._selected, len(self.draft["exercises"]) - 1))
        self._updating = True
        try:
            for key, edit in self.routine_edits.items():
                if isinstance(edit, QPlainTextEdit):
                    if edit.toPlainText() != self.draft[key]:
                        edit.setPlainText(self.draft[key])
                elif key == "tags":
                    # "a, b," while typing is the same tags as "a, b": leave the text alone.
                    if split_tags(edit.text()) != self.draft["tags"]:
                        edit.setText(tags_text(self.draft["tags"]))
                else:
                    set_text_quietly(edit, self.draft[key])
            self.check = check_draft(self.draft, f"{self.draft['id'].strip() or 'routine'}.yaml",
                                     faq_ids=self._faq_ids(), base_dir=self.user_routines.folder)
            self._show_exercise_list()
            self._show_exercise()
            self._show_problems()
        finally:
            self._updating = False
        self._show_title()

    def _faq_ids(self) -> set[str] | None:
        return {faq_id for faq_id, _q in self.faq_choices} if self.faq_choices else None

    def _show_exercise_list(self) -> None:
        exercises = self.draft["exercises"]
        lst = self.exercise_list
        rows = []
        for number, ex in enumerate(exercises):
            exercise = draft_exercise(ex)
            rows.append(ExerciseRow(number + 1, ex["name"].strip() or "(no name)",
                                    None if exercise is None else dose_text(exercise),
                                    self.check is not None and self.check.exercise_has_errors(number)))
        lst.set_rows(rows)
        if lst.currentRow() != self._selected:
            lst.setCurrentRow(self._selected)
        count = len(exercises)
        self.remove_button.setEnabled(count > 1)
        self.duplicate_button.setEnabled(count < MAX_EXERCISES)
        self.add_button.setEnabled(count < MAX_EXERCISES)
        self.up_button.setEnabled(self._selected > 0)
        self.down_button.setEnabled(self._selected < count - 1)

    def _show_exercise(self) -> None:
        ex = self.draft["exercises"][self._selected]
        self.exercise_box.setTitle(f"Exercise {self._selected + 1}")
        set_text_quietly(self.ex_name, ex["name"])
        if self.ex_instructions.toPlainText() != ex["instructions"]:
            self.ex_instructions.setPlainText(ex["instructions"])
        spins = ((self.ex_sets, "sets"), (self.ex_reps, "reps"), (self.ex_step, "step"),
                 (self.ex_every, "every"), (self.ex_to, "to"))
        for spin, key in spins:
            if spin.value() != ex[key]:
                spin.setValue(ex[key])
        is_hold = ex["kind"] == HOLD
        (self.kind_hold if is_hold else self.kind_reps).setChecked(True)
        set_text_quietly(self.ex_hold, ex["hold"])
        self.ex_tempo.set_value(ex["tempo_mode"], ex["tempo_whole"], ex["tempo_parts"])
        for key in ("reps", "tempo", "progression"):
            self._set_row_visible(key, not is_hold)
        self._set_row_visible("hold", is_hold)
        self.ex_sides.setChecked(ex["sides"])
        self.ex_own_rest.setChecked(ex["own_rest"])
        set_text_quietly(self.ex_rest, ex["rest_between_sets"])
        self.ex_rest.setEnabled(ex["own_rest"])
        if not ex["own_rest"]:
            self.ex_rest.setPlaceholderText(f"the routine's: {self.draft['rest_between_sets']}")
        self.ex_faq.set_selected(ex["faq"])
        self.ex_progression.setChecked(ex["progression"])
        for spin in self.progression_widgets:
            spin.setEnabled(ex["progression"])
        self.ex_image.set_value(ex["image"])
        self.ex_figure.set_value(ex["figure"], draft_exercise(ex))
        for key, widget in self.ex_fields.items():
            show_field(widget, ex[key])

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self.form.setRowVisible(self.ex_rows[key], visible)

    def _show_problems(self) -> None:
        check = self.check
        assert check is not None
        def messages(path: tuple) -> list[str]:
            return [shown(p) for p in check.by_field.get(path, [])]

        for key, row in self.routine_rows.items():
            row.message.set_messages(messages((key,)))
        for key, row in self.ex_rows.items():
            row.message.set_messages(messages(("exercises", self._selected, key)))
        self.exercises_message.message.set_messages(
            messages(("exercises",)) + messages(("exercises", self._selected)))
        shown_elsewhere = {("exercises",), *((k,) for k in self.routine_rows)}
        others = []
        for path, problems in check.by_field.items():
            if path in shown_elsewhere:
                continue
            if path[:1] == ("exercises",) and len(path) >= 2:
                if path[1] == self._selected:
                    continue
                name = self.draft["exercises"][path[1]]["name"].strip() or "(no name)"
                others += [f"Exercise {path[1] + 1} ({name}): {shown(p)}" for p in problems]
            else:
                others += [shown(p) for p in problems]
        errors = sum(p.is_error for p in check.problems)
        summary = ""
        if errors:
            summary = f"{plural(errors, 'problem')} to fix before saving."
        self.problems_label.setText("\n".join(filter(None, [summary, *others])))
        self.problems_label.setStyleSheet("color: #b3261e;" if errors else "")
        self.problems_label.setVisible(bool(summary or others))
        total = check.total_seconds
        self.total_label.setText(f"Estimated time: {format_clock(total)}" if total is not None
                                 else "Estimated time: —")
        self.total_label.setToolTip("" if total is not None else "Fix the problems to see the time")
        if check.ok and self.banner.text() == NOT_SAVED_PROBLEMS:
            self._show_banner("")  # the problems it spoke of are fixed (by typing or by Undo)

    def _show_title(self) -> None:
        name = self.draft["name"].strip() or "(no name)"
        star = " *" if self.is_modified() else ""
        self.title.setText(f"Editing “{name}”{star}")
        self.save_button.setEnabled(self.is_modified() or self.saved_routine is None)

    def _show_banner(self, text: str, error: bool = False) -> None:
        self.banner.setText(text)
        color = "#b3261e" if error else "#1d5b2c"
        self.banner.setStyleSheet(f"color: {color}; padding: 4px;")
        self.banner.setVisible(bool(text))

    # --- editing ------------------------------------------------------------------------------

    def _push(self, after: dict, text: str, merge_key: object = None,
              select: tuple[int, int] | None = None) -> None:
        if after == self.draft:
            return
        self.undo_stack.push(_Change(self, copy_draft(self.draft), after, text, merge_key, select))

    def _edit(self, path: tuple, value: object, typing: bool = False) -> None:
        if self._updating:
            return
        after = copy_draft(self.draft)
        target = after
        for step in path[:-1]:
            target = target[step]
        if target[path[-1]] == value:
            return
        target[path[-1]] = value
        if path == ("name",) and self._id_follows_name():
            after["id"] = self.user_routines.id_for_name(value, self.taken())
        what = path[-1] if isinstance(path[-1], str) else "exercise"
        self._push(after, f"Change {what.replace('_', ' ')}", merge_key=path if typing else None)

    def _id_follows_name(self) -> bool:
        """A new routine's id follows its name until it is saved, unless the user set the id:
        the id is still the one its name gives."""
        return self.source is None and self.draft["id"].strip() == self.user_routines.id_for_name(
            self.draft["name"], self.taken())

    def _edit_ex(self, key: str, value: object, typing: bool = False) -> None:
        self._edit(("exercises", self._selected, key), value, typing)

    def _tempo_changed(self, mode: str, whole: str, parts: list, typing: bool) -> None:
        if self._updating:
            return
        after = copy_draft(self.draft)
        ex = after["exercises"][self._selected]
        ex["tempo_mode"], ex["tempo_whole"], ex["tempo_parts"] = mode, whole, parts
        key = ("exercises", self._selected, "tempo") if typing else None
        self._push(after, "Change tempo", merge_key=key)

    def _select(self, row: int) -> None:
        if self._updating or row < 0 or row == self._selected:
            return
        self._selected = row
        self._updating = True
        try:
            self._show_exercise_list()
            self._show_exercise()
            self._show_problems()
        finally:
            self._updating = False

    def add_exercise(self) -> None:
        after = copy_draft(self.draft)
        at = self._selected + 1
        after["exercises"].insert(at, new_exercise())
        self._push(after, "Add exercise", select=(self._selected, at))

    def duplicate_exercise(self, index: int) -> None:
        after = copy_draft(self.draft)
        after["exercises"].insert(index + 1, copy_draft(after["exercises"][index]))
        self._push(after, "Duplicate exercise", select=(self._selected, index + 1))

    def remove_exercise(self, index: int) -> None:
        if len(self.draft["exercises"]) <= 1:
            return  # a routine needs at least one exercise
        after = copy_draft(self.draft)
        del after["exercises"][index]
        self._push(after, "Remove exercise", select=(index, max(0, index - 1)))

    def move_exercise(self, index: int, to: int) -> None:
        count = len(self.draft["exercises"])
        if not (0 <= index < count and 0 <= to < count) or index == to:
            return
        after = copy_draft(self.draft)
        after["exercises"].insert(to, after["exercises"].pop(index))
        self._push(after, "Move exercise", select=(index, to))

    # --- saving -------------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def save(self) -> bool:
        """Save through :meth:`UserRoutines.save`; on failure keep everything and say why."""
        check = self.check
        assert check is not None
        if not check.ok or check.routine is None:
            self._show_banner(NOT_SAVED_PROBLEMS, error=True)
            return False
        changed = self._changed_on_disk()
        if changed is not None:
            # Another Coach (or a text editor) wrote the file and the watcher has not said so yet:
            # never overwrite it silently. The user chooses; keeping their edits goes on saving.
            self.file_changed_on_disk(*changed)
            if changed[0] is None or not self.is_modified():
                return False
        try:
            done: Done = self.user_routines.save(check.routine, replacing=self.source,
                                                 taken=self.taken())
        except (SaveError, UserRoutineError) as error:
            self._show_banner(str(error), error=True)
            self.save_failed.emit(str(error))
            return False
        self.source = done.path
        self.saved_routine = done.routine
        self.undo_stack.setClean()
        message = f"Saved to {done.path}."
        if done.backup is not None:
            message += (f" The old file had comments the editor cannot keep; it was kept as "
                        f"{done.backup.name}.")
        self._show_banner(message)
        self._show_title()
        self.saved.emit(done)
        return True

    def _changed_on_disk(self) -> tuple[Routine | None, list] | None:
        """The user file as it is now, when it is no longer the version last loaded or saved here."""
        source = self.source
        if source is None or self.saved_routine is None or not self.user_routines.owns(source):
            return None
        if not Path(source).exists():
            return None, []
        current, problems = load_routine_file(source)
        if current == self.saved_routine:
            return None
        return current, [p for p in problems if p.is_error]

    def discard(self) -> None:
        """Forget the unsaved edits: back to the routine as last loaded or saved."""
        if self.saved_routine is not None:
            self.undo_stack.clear()
            self._show(routine_draft(self.saved_routine))
            self._show_title()

    def confirm_close(self) -> bool:
        """Before closing the editor, switching routine or quitting: True when it is fine to go on.

        With unsaved changes, asks Save / Discard / Cancel through :attr:`ask_unsaved`.
        """
        if not self.is_modified():
            return True
        choice = self.ask_unsaved(self)
        if choice == SAVE:
            return self.save()
        if choice == DISCARD:
            self.discard()
            return True
        return False

    def file_changed_on_disk(self, routine: Routine | None, problems: Sequence[object] = ()) -> None:
        """The watcher saw the file change: ``routine`` as it is now (None: removed or broken)."""
        if routine is not None and routine == self.saved_routine:
            return  # our own save, or nothing that matters
        if routine is None:
            broken = [str(p) for p in problems]
            self.saved_routine = None
            self.undo_stack.resetClean()
            if broken:
                self._show_banner("The file was changed outside Coach and now has problems; your "
                                  "version stays here. Save to write it back.\n" + "\n".join(broken),
                                  error=True)
            else:
                self._show_banner("The file was removed outside Coach; Save to write it again.",
                                  error=True)
            self._show_title()
            return
        if not self.is_modified():
            self.saved_routine = routine
            self._push(routine_draft(routine), "Load the file changed on disk")
            self.undo_stack.setClean()
            self._show_banner("The file was changed outside Coach; showing the new version.")
            return
        choice = self.ask_changed_on_disk(self)
        if choice == TAKE_THEIRS:
            self.saved_routine = routine
            # Undoable, so the edits just dropped are one Ctrl+Z away.
            self._push(routine_draft(routine), "Load the file changed on disk")
            self.undo_stack.setClean()
            self._show_banner("Showing the version from disk; Undo brings your edits back.")
        else:
            self.saved_routine = routine
            self.undo_stack.resetClean()
            self._show_banner("The file changed on disk; your edits are kept and Save will "
                              "replace it.")
        self._show_title()

    def _choose_image_file(self) -> str | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a picture", str(self.user_routines.folder),
            "Pictures (*.png *.jpg *.jpeg *.svg)")
        if not chosen:
            return None
        path = Path(chosen)
        try:
            return path.relative_to(self.user_routines.folder).as_posix()
        except ValueError:
            return str(path)


def shown(problem: Problem) -> str:
    """A problem as the editor shows it: in the form's words, a warning said to be one."""
    message = in_form_words(problem.message)
    return message if problem.is_error else f"warning: {message}"


def _ask_unsaved(editor: RoutineEditor) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                      f"Save the changes to “{editor.draft['name'].strip() or 'this routine'}”?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, editor)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the routine's name, never markup
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: SAVE,
            QMessageBox.StandardButton.Discard: DISCARD}.get(QMessageBox.StandardButton(answer), CANCEL)


def _ask_changed_on_disk(editor: RoutineEditor) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "Changed on disk",
                      "This routine's file was changed outside Coach while you were editing it.",
                      parent=editor)
    box.setInformativeText("Keep your edits (Save will replace the file), or load the file's "
                           "version (Undo brings your edits back)?")
    mine = box.addButton("Keep my edits", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Load the file", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(mine)
    box.exec()
    return KEEP_MINE if box.clickedButton() is mine else TAKE_THEIRS
