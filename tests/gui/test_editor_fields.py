"""The editor's fields follow the routine format's declaration: a row for every key, its label,
and the bounds of its numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import make_editor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from coach.core.routines.routine import EXERCISE, PROGRESSION, ROUTINE
from coach.core.routines.routine_types import Duration, Field, Text, Whole
from coach.gui.editor.fields import DurationEdit, connect_field, field_widget, show_field


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


def test_every_key_of_an_exercise_has_a_row_with_its_declared_label(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    assert set(editor.ex_rows) == {f.key for f in EXERCISE.fields}
    for f in EXERCISE.fields:
        label = editor.form.labelForField(editor.ex_rows[f.key])
        assert label is not None and label.text() == f.label, f.key
    assert set(editor.routine_rows) == {f.key for f in ROUTINE.fields} - {"version", "exercises"}


def test_the_number_boxes_have_the_declared_bounds(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    for spin, record, key in ((editor.ex_sets, EXERCISE, "sets"), (editor.ex_reps, EXERCISE, "reps"),
                              (editor.ex_step, PROGRESSION, "step"), (editor.ex_every, PROGRESSION, "every"),
                              (editor.ex_to, PROGRESSION, "to")):
        kind = record.by_key[key].type
        assert (spin.minimum(), spin.maximum()) == (kind.minimum, kind.maximum), key


@pytest.mark.parametrize("kind, widget_class, typed, value", [
    (Whole(2, 7), QSpinBox, 5, 5),
    (Duration(), DurationEdit, "1m30s", "1m30s"),
    (Text(40), QLineEdit, "a mat", "a mat"),
    (Text(4000), QPlainTextEdit, "lie down", "lie down"),
])
def test_a_declared_field_gets_the_input_its_type_asks_for(qtbot, kind, widget_class, typed, value) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    widget = field_widget(Field("thing", kind, "what it is", label="Thing"), parent)
    assert isinstance(widget, widget_class) and widget.toolTip() == "What it is"
    if isinstance(widget, QSpinBox):
        assert (widget.minimum(), widget.maximum()) == (2, 7)
    seen = []
    connect_field(widget, seen.append)
    if isinstance(widget, QSpinBox):
        widget.setValue(typed)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(typed)
    else:
        qtbot.keyClicks(widget, typed)
    assert seen[-1] == value
    show_field(widget, value)  # the same value again: nothing changes under the cursor
    assert seen[-1] == value
