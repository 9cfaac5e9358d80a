"""Takes screenshots of the real Coach window under Xvfb into docs/screenshots/.

    python tools/screenshots.py            # starts its own Xvfb (1600x1000) when DISPLAY is unset
    DISPLAY=:92 python tools/screenshots.py

The window is the real one (built-in routines, the FAQ, the xcb platform); only the clock is
fixed, so each picture shows the same moment of a workout every time. Sound and voice are off.
Workouts are started and ended as a user does (the check-in questions answered with Skip), and a
picture is refused while any other window (a dialog) is open over the main one.

Then the first window as it opens on small screens, each in a fresh process with its own Xvfb:
800x600, 1280x800, and 1280x800 at 200% scaling (QT_SCALE_FACTOR=2): ``layout-*.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
SCREEN = (1600, 1000)
WINDOW = (1400, 880)

BROKEN_ROUTINE = """\
name: My evening stretches
exercises:
  - name: Cat stretches
    hold: thirty
  - name: Bridges
    reps: 10
    tempo: {up: 2s, dwn: 2s}
"""


class FixedClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def start_xvfb(size: tuple[int, int]) -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("screenshots: Xvfb is not installed (apt-get install xvfb), and DISPLAY is not set")
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        os.environ["DISPLAY"] = ":" + pipe.readline().strip()
    return server


#: The first window on small screens: (name, screen size, QT_SCALE_FACTOR).
LAYOUTS = [("800x600", (800, 600), "1"), ("1280x800", (1280, 800), "1"), ("200-percent", (1280, 800), "2")]


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--layout":
        name = argv[2]
        screen = next(size for n, size, _scale in LAYOUTS if n == name)
        server = start_xvfb(screen)
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        try:
            return take_layout(name)
        finally:
            stop(server)
    server = start_xvfb(SCREEN)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        take_all()
    finally:
        stop(server)
    for name, _size, scale in LAYOUTS:
        env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
        subprocess.run([sys.executable, __file__, "--layout", name], env={**env, "QT_SCALE_FACTOR": scale},
                       check=True)
    return 0


def stop(server: subprocess.Popen | None) -> None:
    if server is not None:
        server.terminate()
        server.wait()


def the_window(data, settings, clock=None, history=None):
    """The main window as ``coach`` builds it, around the built-in routines and the FAQ."""
    from coach.core.faq.entries import load_faq
    from coach.core.routines.library import load_library
    from coach.core.files.paths import builtin_routines_dir
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services

    faq = load_faq(data)
    library = load_library(builtin_routines_dir(), data.routines, set(faq.ids()))
    window = MainWindow(data, library, settings, faq=faq,
                        services=Services.make(clock=clock or FixedClock(), history=history))
    return window, library


def shooter(app, window):
    """``shoot(name, whole_screen)``: saves the window (or the whole screen), refusing when a
    dialog is open over it (as the check-in was, over the floor-mode pictures)."""
    def shoot(name: str, whole_screen: bool = False) -> None:
        for _ in range(5):
            app.processEvents()
        others = [w.windowTitle() or w.objectName() or type(w).__name__
                  for w in app.topLevelWidgets() if w.isVisible() and w is not window]
        if others:
            raise SystemExit(f"screenshots: {name}: something is open over the window: {others}")
        screen = app.primaryScreen()
        if whole_screen:
            picture = screen.grabWindow(0)
        else:
            g = window.frameGeometry()
            picture = screen.grabWindow(0, g.x(), g.y(), g.width(), g.height())
        path = OUT / f"{name}.png"
        picture.save(str(path))
        print(path)
    return shoot


def settle() -> None:
    """Lets the short timers after showing something (the routine view's figures) fire."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()


def take_layout(name: str) -> int:
    """The first window as it opens on this screen, on the library and in a workout."""
    from coach.core.files.paths import DataDir
    from coach.gui.app import make_application
    from coach.gui.settings import Settings

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp))
        settings = Settings(data.settings_file)
        settings.set("sound/enabled", False)
        settings.set("voice/enabled", False)
        settings.set("checkin/enabled", False)
        window, _library = the_window(data, settings)
        window.show()
        window.show_figures()  # as the app does after its first paint
        shoot = shooter(app, window)
        window.library_view.select_routine("lower-back-basics")
        settle()
        shoot(f"layout-{name}", whole_screen=True)
        window.request_workout(window.routine_view.routine)
        assert window.session.workout is not None, "the workout did not start"
        shoot(f"layout-{name}-player", whole_screen=True)
        window.session.driver.command("stop")
        window.close()
    return 0


def take_all() -> int:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QScrollArea

    from coach.core.files.paths import DataDir
    from coach.gui.app import make_application
    from coach.gui.settings import Settings

    app = make_application()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp))
        data.routines.mkdir(parents=True)
        (data.routines / "evening.yaml").write_text(BROKEN_ROUTINE, encoding="utf-8")
        settings = Settings(data.settings_file)
        settings.set("sound/enabled", False)
        settings.set("voice/enabled", False)
        clock = FixedClock()
        from coach.core.history.store import History

        history = History.open(data)
        window, library = the_window(data, settings, clock, history)
        sample_history(history, library)
        window.resize(*WINDOW)
        window.move(40, 30)
        window.show()
        window.show_figures()  # as the app does after its first paint
        shoot = shooter(app, window)


        def start_workout() -> None:
            """As a user starts one: Start, then Skip at the question about their back."""
            window.request_workout(window.routine_view.routine)
            answer_no_to_every_question()
            assert window.session.workout is not None, "the window refused to start the workout"

        def answer_no_to_every_question() -> None:
            """Skip at a check-in, No at a "more reps?" suggestion."""
            from PySide6.QtWidgets import QMessageBox

            while window.question is not None:
                question = window.question
                if hasattr(question, "skip"):
                    question.skip()
                else:
                    question.done(QMessageBox.StandardButton.No)
                app.processEvents()

        def end_workout() -> None:
            """Stop, then Skip at the question after the workout."""
            window.session.driver.command("stop")
            answer_no_to_every_question()
            window.show_library()

        def play_until(seconds: float) -> None:
            target = clock.now + seconds
            while window.session.driver is not None:
                deadline = window.session.workout.next_deadline()
                if deadline is None or deadline > target:
                    break
                clock.now = deadline
                window.session.driver.wake()
            clock.now = target
            window.session.driver.refresh()

        # 1. The library, with a built-in routine shown.
        window.library_view.select_routine("lower-back-basics")
        settle()
        shoot("library")

        # 1b. The routine's figures, the mouse on Bridges: its figure plays its rep (1.2 s into UP).
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QEnterEvent

        routine_view = window.routine_view
        card = routine_view.exercise_card(4)
        routine_view.scroll.ensureWidgetVisible(card, 0, 40)
        app.sendEvent(card, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
        clock.now += 1.2
        routine_view._figures[4][0].next_frame()
        shoot("routine-figures")
        app.sendEvent(card, QEvent(QEvent.Type.Leave))
        routine_view.scroll.verticalScrollBar().setValue(0)

        # 2. The FAQ panel, searching.
        if window.faq_panel is not None:
            window.faq_panel.set_query("strength")
            # An answer with its related exercises (each with its small figure) in view.
            window.faq_panel.show_answer("strengthen-lower-back")
            app.processEvents()
            bar = window.faq_panel.answer_pane.verticalScrollBar()
            bar.setValue(bar.maximum())
            shoot("faq-panel")
            window.faq_panel.set_query("")

        # 3. A routine file with problems.
        view = window.library_view
        for row in range(view.list.count()):
            if view.list.item(row).text().startswith("⚠"):
                view.list.setCurrentRow(row)
                break
        shoot("routine-with-a-problem")

        # 4. The routine editor, on the user's copy of a built-in routine.
        view.select_routine("lower-back-basics")
        window.routine_command("customize")
        window.editor.name_edit.setText("Lower back basics (my way)")
        shoot("editor")
        # 4b. Its figure gallery, on Bridges, the preview half way up.
        editor = window.editor
        bridges = next(i for i, ex in enumerate(editor.draft["exercises"]) if ex["name"] == "Bridges")
        editor.exercise_list.setCurrentRow(bridges)
        column = editor.findChild(QScrollArea, "exercise_column")
        app.processEvents()
        column.ensureWidgetVisible(editor.ex_figure, 0, 0)
        column.verticalScrollBar().setValue(column.verticalScrollBar().maximum())
        editor.ex_figure.preview.play_rep(editor.ex_figure.shown_figure(),
                                          editor.ex_figure.preview._preview)
        clock.now += 1.1
        editor.ex_figure.preview.next_frame()
        shoot("editor-figures")
        window.editor.discard()
        window.close_editor()
        (data.routines / "lower-back-basics.yaml").unlink()
        window.reload_library("lower-back-basics")

        # 5. The history: a few weeks of sessions with their check-ins.
        window.show_history()
        shoot("history")
        window.show_library()

        # 6. The player: Runner's core, the third bridge, half way up (its figure too).
        view.select_routine("runners-core")
        start_workout()
        play_until(10 + 52 + 10 + 2 * 6 + 1.1)
        shoot("player")

        # 7. Floor mode, full screen: a draw-in hold.
        end_workout()
        start_workout()
        play_until(10 + 3.0)
        window.session.set_floor_mode(True)
        shoot("floor-mode", whole_screen=True)
        play_until(13 * 4)  # on to 3 s into the rest after the four draw-ins
        shoot("floor-mode-rest", whole_screen=True)
        window.session.set_floor_mode(False)
        end_workout()
        window.close()
        history.close()
    QApplication.processEvents()
    return 0


def sample_history(history, library) -> None:
    """Seven weeks of sessions, most of them completed, the back getting better."""
    import time

    from coach.core.workout.record import COMPLETED, OUTCOME_COMPLETED, OUTCOME_STOPPED

    now = time.time()
    plan = [  # days ago, routine, pain before, pain after, note, outcome
        (47, "lower-back-basics", 6, 5, "", OUTCOME_COMPLETED), (45, "lower-back-basics", 6, 4, "", OUTCOME_COMPLETED),
        (42, "gentle-stretching", 5, 5, "Stiff after the long run", OUTCOME_COMPLETED),
        (38, "lower-back-basics", 5, 4, "", OUTCOME_COMPLETED), (35, "lower-back-basics", 5, 3, "", OUTCOME_STOPPED),
        (31, "runners-core", 4, 3, "", OUTCOME_COMPLETED), (28, "lower-back-basics", 4, 3, "", OUTCOME_COMPLETED),
        (26, "runners-core", 4, 2, "Felt strong", OUTCOME_COMPLETED), (21, "gentle-stretching", 3, 2, "", OUTCOME_COMPLETED),
        (19, "runners-core", 3, 2, "", OUTCOME_COMPLETED), (17, "lower-back-basics", 3, 2, "", OUTCOME_COMPLETED),
        (12, "runners-core", 3, 1, "", OUTCOME_COMPLETED), (10, "runners-core", 2, 1, "", OUTCOME_COMPLETED),
        (7, "gentle-stretching", 2, 1, "", OUTCOME_COMPLETED), (5, "runners-core", 2, 1, "", OUTCOME_COMPLETED),
        (3, "runners-core", 2, 1, "Easy today", OUTCOME_COMPLETED), (2, "lower-back-basics", 1, 1, "", OUTCOME_COMPLETED),
        (1, "runners-core", 1, 0, "", OUTCOME_COMPLETED),
    ]
    for days, routine_id, before, after, note, outcome in plan:
        routine = library.get(routine_id).routine
        started = now - days * 86400 - 3600
        session = history.begin_session(routine, started, 900.0, pain_before=before)
        moment = started + 10
        for index, exercise in enumerate(routine.exercises):
            if outcome == OUTCOME_STOPPED and index >= 3:
                break
            for set_number in range(1, exercise.sets + 1):
                for side in exercise.side_names:
                    history.record_set(session, index, exercise.name, set_number, side, exercise.reps,
                                       exercise.hold, COMPLETED, moment, moment + 40)
                    moment += 60
        history.finish_session(session, outcome, moment, moment - started)
        history.set_checkin_after(session, after, note)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
