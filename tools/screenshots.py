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
        window = MainWindow(data, library, settings, faq=faq, clock=clock)
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

        # 4. The player: Runner's core, the third bridge, going up.
        view.select_routine("runners-core")
        window.start_workout(window.routine_view.routine)
        play_until(10 + 52 + 10 + 2 * 6 + 0.8)
        shoot("player")

        # 5. Floor mode, full screen: a draw-in hold.
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
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
