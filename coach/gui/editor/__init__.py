"""The routine editor: every field of a routine, live checking, undo and redo, a safe Save."""

from coach.gui.editor.editor import CANCEL, DISCARD, KEEP_MINE, SAVE, TAKE_THEIRS, RoutineEditor

__all__ = ["RoutineEditor", "SAVE", "DISCARD", "CANCEL", "KEEP_MINE", "TAKE_THEIRS"]
