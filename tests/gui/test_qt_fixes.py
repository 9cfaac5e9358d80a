"""Emitting signals from Python must not eat references to True (PySide6 6.12's emit() does)."""

import subprocess
import sys


def test_many_emits_leave_true_alone() -> None:
    import coach.gui  # noqa: F401  (installs the fix)
    from PySide6.QtCore import QObject, Signal

    class Ticker(QObject):
        ticked = Signal(object)

    ticker = Ticker()
    heard = []
    ticker.ticked.connect(heard.append)
    before = sys.getrefcount(True)
    for i in range(5000):
        ticker.ticked.emit(i)
    assert len(heard) == 5000
    assert abs(sys.getrefcount(True) - before) < 50


def test_a_long_run_of_emits_does_not_abort_the_interpreter_at_exit() -> None:
    code = ("import coach.gui\nfrom PySide6.QtCore import QObject, Signal\n"
            "class T(QObject):\n    s = Signal()\n"
            "t = T()\nfor _ in range(200000): t.s.emit()\nprint('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]
