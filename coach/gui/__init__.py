"""Everything that imports PySide6: windows, panels, the Qt driver of the engine, cues."""
