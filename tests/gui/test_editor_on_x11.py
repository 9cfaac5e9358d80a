"""The editor's keys on the real xcb platform under Xvfb, where the desktop's key bindings apply
(the offscreen platform the other tests use binds Redo to Ctrl+Y, X11 to Ctrl+Shift+Z)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_run_on_x11 import x_display  # noqa: F401 - the fixture: a private Xvfb

SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.user_routines import UserRoutines
from coach.gui.editor import RoutineEditor

said = []
qInstallMessageHandler(lambda _mode, _context, message: said.append(message))
app = QApplication([])
folder = Path(sys.argv[1])
routine = Routine(id="mine", name="Mine", exercises=(Exercise(name="Bridges", sets=2, reps=10),))
editor = RoutineEditor(routine, UserRoutines(folder), source=None)
editor.resize(1100, 700)
editor.show()
QTest.qWaitForWindowExposed(editor)
editor.activateWindow()
QTest.qWait(100)
editor.ex_sets.setValue(3)
editor.exercise_list.setFocus()
ctrl = Qt.KeyboardModifier.ControlModifier
QTest.keyClick(editor.exercise_list, Qt.Key.Key_Z, ctrl)
after_undo = editor.ex_sets.value()
QTest.keyClick(editor.exercise_list, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
after_redo = editor.ex_sets.value()
print(json.dumps({"after_undo": after_undo, "after_redo": after_redo, "said": said,
                  "redo_keys": [k.toString() for k in editor.redo_action.shortcuts()]}))
"""


@pytest.mark.slow
def test_ctrl_shift_z_redoes_outside_a_text_field_on_x11(x_display, tmp_path: Path) -> None:  # noqa: F811
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["after_undo"], seen["after_redo"]) == (2, 3)
    assert not [m for m in seen["said"] if "Ambiguous" in m], seen["said"]
    assert "Ctrl+Shift+Z" in seen["redo_keys"]
    assert len(seen["redo_keys"]) == len(set(seen["redo_keys"])), seen["redo_keys"]
