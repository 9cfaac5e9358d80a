"""Works around a reference-counting bug of PySide6 6.12: ``SignalInstance.emit()`` returns
``True`` without owning a reference to it.

Every emit from Python then takes one reference from ``True``; after a few thousand (a workout
redraws ten times a second) CPython frees ``True`` itself and aborts with "bool_dealloc:
deallocating True or False". The fix gives back the missing reference, and is installed only
when a probe emit shows the bug, so a fixed PySide6 is left alone.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def emit_loses_a_reference() -> bool:
    probe = _Probe()
    emit = probe.ping.emit
    before = sys.getrefcount(True)
    for _ in range(4):
        emit()
    return sys.getrefcount(True) <= before - 4


def install() -> bool:
    """Patches ``SignalInstance.emit`` when it needs it; True when it did."""
    if getattr(SignalInstance.emit, "_coach_fixed", False) or not emit_loses_a_reference():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self, *args):
        result = original(self, *args)
        if result is True or result is False:
            incref(result)
        return result

    emit._coach_fixed = True
    SignalInstance.emit = emit
    return True


install()
