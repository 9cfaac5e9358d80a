"""Everything that imports PySide6: windows, panels, the Qt driver of the engine, cues."""

try:  # must run before any signal is emitted; see qt_fixes
    from coach.gui import qt_fixes as _qt_fixes  # noqa: F401
except ImportError:  # no PySide6 at all: `coach doctor`'s probe reports that itself
    pass
