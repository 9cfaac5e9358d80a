"""Takes screenshots of the real Coach window under Xvfb into docs/screenshots/.

    python tools/screenshots.py            # starts its own Xvfb (1600x1000) when DISPLAY is unset
    DISPLAY=:92 python tools/screenshots.py

The window is the real one (built-in routines, the FAQ, the xcb platform); only the clock is
fixed, so each picture shows the same moment of a workout every time. Sound and voice are off.
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


def start_xvfb() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("screenshots: Xvfb is not installed (apt-get install xvfb), and DISPLAY is not set")
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        os.environ["DISPLAY"] = ":" + pipe.readline().strip()
    return server


def main() -> int:
    server = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        return take_all()
    finally:
        if server is not None:
            server.terminate()
            server.wait()


def take_all() -> int:
    from PySide6.QtWidgets import QApplication

    from coach.core.faq import load_faq
    from coach.core.library import load_library
    from coach.core.paths import DataDir, builtin_routines_dir
    from coach.gui.app import make_application
    from coach.gui.main_window import MainWindow
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
        faq = load_faq(data)
        library = load_library(builtin_routines_dir(), data.routines, set(faq.ids()))
        clock = FixedClock()
        from coach.core.history import History

        history = History.open(data)
        sample_history(history, library)
        window = MainWindow(data, library, settings, faq=faq, clock=clock, history=history)
        window.resize(*WINDOW)
        window.move(40, 30)
        window.show()

        def settle() -> None:
            for _ in range(5):
                app.processEvents()

        def shoot(name: str, whole_screen: bool = False) -> None:
            settle()
            screen = app.primaryScreen()
            if whole_screen:
                picture = screen.grabWindow(0)
            else:
                g = window.frameGeometry()
                picture = screen.grabWindow(0, g.x(), g.y(), g.width(), g.height())
            path = OUT / f"{name}.png"
            picture.save(str(path))
            print(path)

        def play_until(seconds: float) -> None:
            target = clock.now + seconds
            while window.driver is not None:
                deadline = window.workout.next_deadline()
                if deadline is None or deadline > target:
                    break
                clock.now = deadline
                window.driver.wake()
            clock.now = target
            window.driver.refresh()

        # 1. The library, with a built-in routine shown.
        window.library_view.select_routine("lower-back-basics")
        shoot("library")

        # 2. The FAQ panel, searching.
        if window.faq_panel is not None:
            window.faq_panel.set_query("strength")
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
        window.editor.discard()
        window.close_editor()
        (data.routines / "lower-back-basics.yaml").unlink()
        window.reload_library("lower-back-basics")

        # 5. The history: a few weeks of sessions with their check-ins.
        window.show_history()
        shoot("history")
        window.show_library()

        # 6. The player: Runner's core, the third bridge, going up.
        view.select_routine("runners-core")
        window.start_workout(window.routine_view.routine)
        play_until(10 + 52 + 10 + 2 * 6 + 0.8)
        shoot("player")

        # 7. Floor mode, full screen: a draw-in hold.
        window.driver.command("stop")
        window.show_library()
        window.start_workout(window.routine_view.routine)
        play_until(10 + 3.0)
        window.enter_floor_mode()
        shoot("floor-mode", whole_screen=True)
        play_until(13 * 4)  # on to 3 s into the rest after the four draw-ins
        shoot("floor-mode-rest", whole_screen=True)
        window.leave_floor_mode()
        window.driver.command("stop")
        window.close()
        history.close()
    QApplication.processEvents()
    return 0


def sample_history(history, library) -> None:
    """Seven weeks of sessions, most of them completed, the back getting better."""
    import time

    from coach.core.record import COMPLETED, OUTCOME_COMPLETED, OUTCOME_STOPPED

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
    sys.exit(main())
