"""Every key of the README's key table, pressed in every state of the window.

EXPECTED below is the table: for each state of the window (rows) and each key of the README
(columns), what the key does there, or "nothing" where it does nothing on purpose. Each case
builds a fresh window, brings it into the state through the real window, presses the key on the
widget that has the focus (as a user's key press arrives), and checks that exactly that changed:
everything else the window shows must stay as it was. A second test keeps this table and the
README's key table in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStatusBar

from coach.core.workout.engine import PhaseEnded
from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.gui.checkin_dialog import CheckinDialog
from coach.gui.editor import CANCEL

EXPLICITLY_SHOWN_OR_HIDDEN = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
README = Path(__file__).resolve().parents[2] / "README.md"

# ----------------------------------------------------------------------------- the table

#: README key -> (Qt key, modifiers) as typed.
KEYS = {
    "Enter": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    "Space": (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    "Right": (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    "Left": (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
    "Esc": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    "M": (Qt.Key.Key_M, Qt.KeyboardModifier.NoModifier),
    "F": (Qt.Key.Key_F, Qt.KeyboardModifier.NoModifier),
    "F11": (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    "F1": (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    "Ctrl+H": (Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+E": (Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+N": (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+I": (Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+S": (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+Z": (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+Shift+Z": (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    "Ctrl+,": (Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+Q": (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
}

#: What a key does, by name: the values of ``look`` it changes (everything else must stay as it
#: was). ANY: whatever it becomes, it is not checked; a function: a test of the new value.
ANY = object()
OUTCOMES = {
    "nothing": {},
    "asks how your back is": {"dialogs": ("checkin-before",)},
    "pause": {"workout": "paused"},
    "resume": {"workout": "running"},
    # Right and Left issue the engine's next / previous command; how far they go is the engine's.
    "next": {"phase": ANY, "ended": ("skipped",)},
    "previous": {"phase": ANY, "ended": ("restarted",)},
    "done": {"phase": ANY, "ended": ("completed",)},
    # The question pauses the workout while it is open (a paused workout stays paused).
    "asks to stop": {"dialogs": ("stop_question",), "workout": "paused"},
    # Before its clock starts (waiting for the voice): nothing to pause.
    "asks to stop, the workout not started": {"dialogs": ("stop_question",)},
    "starts the workout": {"workout": "running"},
    # Muted, the workout has no voice to wait for.
    "mute, and starts the workout": {"muted": True, "workout": "running"},
    "keep going": {"dialogs": (), "workout": "running"},
    "floor mode": {"page": "floor", "floor": True, "full_screen": True, "faq": False, "status_bar": False},
    "leaves floor mode": {"page": "player", "floor": False, "full_screen": False, "faq": True,
                          "status_bar": True},
    "mute": {"muted": True},
    "full screen": {"full_screen": True},
    "hides the FAQ": {"faq": False},
    "history": {"page": "history"},
    "editor": {"page": "editor", "undo": ANY, "saved": ANY, "name": ANY},
    "asks for files to import": {"asked": ("files to import",)},
    "settings": {"dialogs": ("settings_dialog",)},
    "back to the library": {"page": "library"},
    "quit": {"open": False},
    # Closing mid-workout keeps what was done, as interrupted.
    "quit, the workout kept as interrupted": {"open": False, "workout": "stopped", "recorded": "interrupted"},
    "chooses a number": {"pain": 0},
    "closes the question, no workout": {"dialogs": ()},
    "save": {"saved": True},
    "undo": {"undo": 0, "saved": True, "name": "Short test routine"},
    "redo": {"undo": 2, "name": "Short test routine too"},
    "types in the field": {"undo": 2, "name": lambda name: name.startswith("Short test routine")
                           and name not in ("Short test routine", "Short test routine too")},
    "asks to save the changes": {"asked": ("save the changes?",)},
}

#: The keys during a workout, in the player; the other workout states differ where they say so.
IN_THE_PLAYER = {
    "Enter": "nothing",  # no set at one's own pace to end
    "Space": "pause",
    "Right": "next",
    "Left": "previous",
    "Esc": "asks to stop",
    "M": "mute",
    "F": "floor mode",
    "F11": "floor mode",
    "F1": "hides the FAQ",
    "Ctrl+H": "nothing",  # the history waits for the end of the workout
    "Ctrl+E": "nothing",  # routines change only from the library, never under a workout
    "Ctrl+N": "nothing",
    "Ctrl+I": "nothing",
    "Ctrl+S": "nothing",  # the editor's keys
    "Ctrl+Z": "nothing",
    "Ctrl+Shift+Z": "nothing",
    "Ctrl+,": "settings",  # the volume or the voice can change mid-workout
    "Ctrl+Q": "quit, the workout kept as interrupted",
}
IN_FLOOR_MODE = {
    **IN_THE_PLAYER,
    "Esc": "leaves floor mode",  # Esc first leaves floor mode; a second Esc asks to stop
    "F": "leaves floor mode",
    "F11": "leaves floor mode",
    "F1": "nothing",  # floor mode shows only the workout; leave it first (Esc) to read the FAQ
}
#: A question takes every key until it is answered; the window's keys wait.
WHILE_ASKED = {key: "nothing" for key in KEYS}
#: Pages without a workout: the library, the summary, the history, the editor.
BROWSING = {
    "Enter": "nothing",
    "Space": "nothing",
    "Right": "nothing",
    "Left": "nothing",
    "Esc": "nothing",
    "M": "mute",  # for the next workout
    "F": "nothing",  # floor mode is for a workout
    "F11": "full screen",
    "F1": "hides the FAQ",
    "Ctrl+H": "history",
    "Ctrl+E": "nothing",  # only in the library
    "Ctrl+N": "nothing",
    "Ctrl+I": "nothing",
    "Ctrl+S": "nothing",
    "Ctrl+Z": "nothing",
    "Ctrl+Shift+Z": "nothing",
    "Ctrl+,": "settings",
    "Ctrl+Q": "quit",
}

#: The table: state -> key -> what it does.
EXPECTED = {
    "library": {**BROWSING, "Enter": "asks how your back is", "Ctrl+E": "editor", "Ctrl+N": "editor",
                "Ctrl+I": "asks for files to import"},
    "player": IN_THE_PLAYER,
    "paused": {**IN_THE_PLAYER, "Space": "resume"},
    # Its clock waits for the voice, still loading (coach/gui/voice_wait.py).
    "waiting for the voice": {**IN_THE_PLAYER, "Space": "starts the workout", "Right": "nothing",
                              "Left": "nothing", "Esc": "asks to stop, the workout not started",
                              "M": "mute, and starts the workout"},
    "own pace": {**IN_THE_PLAYER, "Enter": "done"},
    "floor mode": IN_FLOOR_MODE,
    "floor mode, paused": {**IN_FLOOR_MODE, "Space": "resume"},
    "floor mode, own pace": {**IN_FLOOR_MODE, "Enter": "done"},
    # "Keep going" is the default and the escape button; the arrows only move between the buttons.
    "stop question": {**WHILE_ASKED, "Enter": "keep going", "Space": "keep going", "Esc": "keep going"},
    # Start waits for a number (or Skip); the arrows choose one; Esc: no workout this time.
    "check-in": {**WHILE_ASKED, "Right": "chooses a number", "Left": "chooses a number",
                 "Esc": "closes the question, no workout"},
    # The focus is on "Back to the library".
    "summary": {**BROWSING, "Enter": "back to the library", "Space": "back to the library"},
    # The focus is in the routine's name: letters are typed there.
    "editor": {**BROWSING, "Space": "types in the field", "M": "types in the field",
               "F": "types in the field", "Ctrl+H": "nothing", "Ctrl+S": "save", "Ctrl+Z": "undo",
               "Ctrl+Shift+Z": "redo", "Ctrl+Q": "asks to save the changes"},
    # The focus is on "Back to the library"; Esc goes back too.
    "history": {**BROWSING, "Space": "back to the library", "Esc": "back to the library",
                "Ctrl+H": "nothing"},
}
STATES = list(EXPECTED)


# ----------------------------------------------------------------------------- the states


def bring_into(state: str, window, clock, qtbot) -> None:
    """Brings a fresh window (library shown, nothing asked yet) into ``state``, through the window."""
    if state == "library":
        return
    if state == "check-in":
        press(qtbot, "Enter")  # start the routine shown: "how is your back?" first
        assert window.question is not None
        focus_on(window.question, qtbot)
        return
    if state == "editor":
        press(qtbot, "Ctrl+E")
        editor = window.editor
        # Two edits, one undone: there is something to undo, to redo and to save.
        qtbot.keyClicks(editor.tags_edit, "mine")
        editor.name_edit.setFocus()
        qtbot.keyClicks(editor.name_edit, " too")
        editor.undo_stack.undo()
        assert editor.undo_stack.canUndo() and editor.undo_stack.canRedo()
        return
    if state == "history":
        press(qtbot, "Ctrl+H")
        return
    if state == "waiting for the voice":
        window.services.cues.speaker.loading = True
    window.session.start_workout(window.routine_view.routine)  # the check-in is a state of its own
    if state == "waiting for the voice":
        assert window.session.voice_wait is not None
        return
    if state == "summary":
        run_until(window, clock, 3 + 4 + 2 + 4 + 3 + 5)
        window.session.command("done")  # the set at one's own pace
        run_until(window, clock, 60)
        window.question.reject()  # "how is your back now?" skipped
        assert window.pages.currentWidget() is window.summary
        return
    if state.startswith("floor mode"):
        press(qtbot, "F")  # during get ready: the workout goes on in floor mode from here
    # Into the first set of bridges (timed reps), or on to the set of pelvic tilts at one's own pace.
    run_until(window, clock, 3 + 4 + 2 + 4 + 3 + 1 if "own pace" in state else 3.5)
    if "paused" in state:
        press(qtbot, "Space")
    if state == "stop question":
        press(qtbot, "Esc")
        focus_on(window.session.stop_question, qtbot)


def focus_on(dialog, qtbot) -> None:
    """A new dialog gets the keys once the window system has made it the active window."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def press(qtbot, key: str) -> None:
    """Types ``key`` where a user's key press goes: the widget with the focus (or the active window)."""
    code, modifiers = KEYS[key]
    app = QApplication.instance()
    qtbot.keyClick(app.focusWidget() or app.activeWindow(), code, modifiers)


# ----------------------------------------------------------------------------- what the user sees


def page_name(window) -> str:
    return {window.browse: "library", window.player: "player", window.floor: "floor",
            window.summary: "summary", window.editor: "editor", window.history_page: "history",
            }.get(window.pages.currentWidget(), "?")


def look(window, clock, asked: list) -> dict:
    """What the user sees and what the workout is doing, as plain values."""
    app = QApplication.instance()
    workout = window.session.workout
    snapshot = workout.snapshot(clock()) if workout is not None else None
    editor = window.editor
    bar = window.findChild(QStatusBar)
    question = window.question
    return {
        "open": window.isVisible(),
        "page": page_name(window),
        "workout": workout.state if workout is not None else None,
        "phase": snapshot.phase_index if snapshot is not None else None,
        "floor": window.in_floor_mode,
        "full_screen": window.isFullScreen(),
        # Not hidden on purpose (floor mode hides it); window.statusBar() would make one.
        "status_bar": bar is None or not (bar.isHidden() and bar.testAttribute(EXPLICITLY_SHOWN_OR_HIDDEN)),
        "faq": window.faq_dock.isVisible(),
        "muted": window.mute_action.isChecked(),
        "dialogs": tuple(sorted(w.objectName() or type(w).__name__ for w in app.topLevelWidgets()
                                if w.isVisible() and w is not window)),
        "undo": editor.undo_stack.index() if editor is not None else None,
        "saved": editor.undo_stack.isClean() if editor is not None else None,
        "name": editor.name_edit.text() if editor is not None else None,
        "pain": question.scale.value() if isinstance(question, CheckinDialog) else None,
        "recorded": workout.record.outcome if workout is not None else None,
        "asked": tuple(asked),
    }


@pytest.fixture
def history(data_dir: Path):
    opened = History.open(DataDir(data_dir))
    yield opened
    opened.close()


def press_in(state, key, make_window, history, clock, qtbot):
    window = make_window(history=history)
    asked: list[str] = []
    window.routine_actions.choose_import_files = lambda: asked.append("files to import") or []
    bring_into(state, window, clock, qtbot)
    if window.editor is not None:
        window.editor.ask_unsaved = lambda editor: asked.append("save the changes?") or CANCEL
    ended: list[str] = []
    if window.session.driver is not None:
        window.session.driver.events_handled.connect(
            lambda events: ended.extend(e.reason for e in events if isinstance(e, PhaseEnded)))
    before = look(window, clock, asked)
    press(qtbot, key)
    if window.closing is not None:  # quitting: the window closes once the history took its last writes
        qtbot.waitUntil(lambda: window.closing.done, timeout=5000)
    after = look(window, clock, asked)
    after["ended"] = tuple(ended)
    before["ended"] = ()
    return window, before, after


@pytest.mark.parametrize("key", list(KEYS))
@pytest.mark.parametrize("state", STATES)
def test_each_key_in_each_state_does_what_the_table_says(state, key, make_window, history, clock, qtbot):
    window, before, after = press_in(state, key, make_window, history, clock, qtbot)
    outcome = EXPECTED[state][key]
    wanted = OUTCOMES[outcome]
    changed = {name: after[name] for name in after if after[name] != before[name]}
    fields = wanted if wanted.get("open") is False else {**before, **wanted}  # closed: nothing else shows
    wrong = {}
    for name, value in fields.items():
        ok = (True if value is ANY else
              value(after[name]) if callable(value) else after[name] == value)
        if not ok:
            wrong[name] = (before[name], after[name])
    assert not wrong, f"{state}, {key}: expected {outcome!r}; changed {changed}; wrong (before, after): {wrong}"
    close_dialogs(window)


def close_dialogs(window) -> None:
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()


# ----------------------------------------------------------------------------- the README agrees

#: A key as the README writes it: "Enter", "F11", "Ctrl+Shift+Z", "Ctrl+,".
README_KEY = re.compile(r"(?<![\w+])(?:Ctrl\+)?(?:Shift\+)?(?:F\d{1,2}|Enter|Space|Right|Left|Esc|[A-Z](?![\w])|(?<=\+),)")


def readme_keys(text: str) -> list[str]:
    """The keys in the first column of the README's key table (the table whose header is "| key |")."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\|\s*key\s*\|", line))
    keys: list[str] = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        keys += README_KEY.findall(line.split("|")[1])
    return keys


def test_readme_keys_are_read_as_written() -> None:
    table = "| key | what |\n|---|---|\n| F (or F11 during a workout) | a |\n| Ctrl+S, Ctrl+Shift+Z | b |\n| Ctrl+, | c |\n"
    assert readme_keys(table) == ["F", "F11", "Ctrl+S", "Ctrl+Shift+Z", "Ctrl+,"]


def test_the_table_has_every_key_of_the_readme_and_no_other() -> None:
    in_readme = readme_keys(README.read_text(encoding="utf-8"))
    assert sorted(set(in_readme)) == sorted(KEYS), "the README's key table and KEYS in this test differ"
    for state, keys in EXPECTED.items():
        assert sorted(keys) == sorted(KEYS), f"{state}: every key of the README, each once"
        assert set(keys.values()) <= set(OUTCOMES)


def test_the_readme_says_where_this_table_is() -> None:
    text = README.read_text(encoding="utf-8")
    assert "tests/gui/test_keys.py" in text
