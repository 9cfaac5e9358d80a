"""Coach as a screen reader reads it: the real program on X11, its tree read through AT-SPI.

Each view (library, FAQ with a search, history, settings, editor, check-in, player, floor mode)
is reached with real keys (xdotool) and read by tests/atspi_client.py, which runs in the system
Python with pyatspi, as Orca does. In each view: every control has a name in words, no two controls
share one, and Tab from the focused control visits every control and comes back. During a workout
the part words and the countdown's numbers reach the screen reader as announcements or text changes.

Needs the Debian packages xvfb, dbus-x11, at-spi2-core, python3-pyatspi and xdotool (.ci/run
installs them); without them the test skips, unless CI is set: then it fails (tests/system_parts.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from system_parts import PACKAGES, need, need_x11_windows

CLIENT = Path(__file__).resolve().parents[1] / "atspi_client.py"
SYSTEM_PYTHON = "/usr/bin/python3"

#: Roles of the entries of a list, table or tree, and of menus: not Tab stops of their own.
ITEM_ROLES = {"list item", "table cell", "tree item", "table row", "menu item", "menu", "column header",
              "row header", "page tab"}
#: Roles that show text but do nothing: named by their text, and several may say the same thing.
TEXT_ROLES = {"label", "static", "heading", "paragraph"}

pytestmark = pytest.mark.slow


def need_a_screen_reader_desktop() -> None:
    """Skips (fails under CI) without X11 windows, a D-Bus session, the AT-SPI bus, pyatspi or xdotool."""
    need_x11_windows()
    for program in ("dbus-launch", "xdotool"):
        if shutil.which(program) is None:
            need(f"the program {program}", [PACKAGES[program]])
    if not any(Path(p).exists() for p in ("/usr/libexec/at-spi-bus-launcher",
                                           "/usr/lib/at-spi2-core/at-spi-bus-launcher")):
        need("the AT-SPI bus (at-spi-bus-launcher)", [PACKAGES["at-spi-bus-launcher"]])
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode != 0:
        need(f"pyatspi for {SYSTEM_PYTHON}", [PACKAGES["pyatspi"]])


class Desktop:
    """A private X server and D-Bus session; AT-SPI's bus starts on the first request."""

    def __init__(self) -> None:
        read, write = os.pipe()
        # -noreset: dbus-launch connects and leaves; a server that then resets refuses Coach for a moment.
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-noreset",
                                      "-nolisten", "tcp"], pass_fds=(write,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()
        bus = subprocess.run(["dbus-launch", "--sh-syntax"], capture_output=True, text=True, timeout=30,
                             env={**os.environ, "DISPLAY": self.display}).stdout
        self.bus_address = re.search(r"DBUS_SESSION_BUS_ADDRESS='([^']+)'", bus).group(1)
        self.bus_pid = int(re.search(r"DBUS_SESSION_BUS_PID=(\d+)", bus).group(1))
        self.env = {**os.environ, "DISPLAY": self.display, "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
                    "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                    "NO_AT_BRIDGE": "0", "GTK_MODULES": ""}

    def close(self) -> None:
        # The AT-SPI bus launcher and registry leave with the session bus.
        os.kill(self.bus_pid, signal.SIGTERM)
        self.xvfb.terminate()
        self.xvfb.wait(timeout=10)


class Coach:
    """Coach running on the desktop, the AT-SPI client reading it, and xdotool's keys."""

    def __init__(self, desktop: Desktop, args: list[str], data_dir: Path) -> None:
        self.desktop = desktop
        env = {**desktop.env, "COACH_DATA_DIR": str(data_dir)}
        self.process = subprocess.Popen([sys.executable, "-m", "coach", *args], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.client = subprocess.Popen([SYSTEM_PYTHON, str(CLIENT)], env=desktop.env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        started = json.loads(self.client.stdout.readline())
        assert started.get("started"), started
        deadline = time.monotonic() + 60
        while not self.ask("ready")["ready"] or self.ask("tree") is None:
            assert self.process.poll() is None, self.process.communicate()[1]
            assert time.monotonic() < deadline, "Coach did not show up on the AT-SPI bus in 60 s"
            time.sleep(0.2)
        # Under load the window may be mapped a little after it is on the bus: focus it until it has the keys.
        self.wait_for(lambda: self.focus_window() or self.focus() is not None, "a focused control", seconds=60)

    def focus_window(self) -> None:
        """Gives the keyboard to Coach's window: there is no window manager to do it."""
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid)],
                               env=self.desktop.env, capture_output=True, text=True, timeout=30).stdout.split()
        for window in found:
            subprocess.run(["xdotool", "windowfocus", window], env=self.desktop.env, timeout=30)

    def ask(self, what: str):
        self.client.stdin.write(json.dumps({"do": what}) + "\n")
        self.client.stdin.flush()
        answer = json.loads(self.client.stdout.readline())
        assert not (isinstance(answer, dict) and "error" in answer), answer
        return answer

    def tree(self) -> dict:
        return self.ask("tree")

    def focus(self) -> dict | None:
        return self.ask("focus")

    def keys(self, *keys: str) -> None:
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], env=self.desktop.env, check=True, timeout=30)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--delay", "60", text], env=self.desktop.env, check=True, timeout=30)

    def wait_for(self, condition, what: str, seconds: float = 60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"waited {seconds} s for {what}")

    def window_named(self, name: str) -> dict:
        def shown():
            self.focus_window()
            tree = self.tree()
            return tree if tree and tree["name"] == name else None

        return self.wait_for(shown, f"the window {name!r}")

    def close(self) -> None:
        for process in (self.client, self.process):
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=10)


@pytest.fixture(scope="module")
def desktop():
    need_a_screen_reader_desktop()
    made = Desktop()
    yield made
    made.close()


@pytest.fixture
def run_coach(desktop, data_dir: Path):
    started = []

    def run(*args: str) -> Coach:
        coach = Coach(desktop, list(args), data_dir)
        started.append(coach)
        return coach

    yield run
    for coach in started:
        coach.close()


# ----- what is checked in every view


def walk(node: dict):
    yield node
    for child in node.get("children", ()):
        yield from walk(child)


def is_control(node: dict) -> bool:
    """Takes the focus or does something (press, toggle...)."""
    doing = [action for action in node["actions"] if action != "SetFocus"]
    return "focusable" in node["states"] or bool(doing)


def controls(tree: dict) -> list[dict]:
    return [node for node in walk(tree) if node is not tree and is_control(node)
            and node["role"] not in ITEM_ROLES and "showing" in node["states"]]


def said(node: dict) -> str:
    return f"{node['role']} {node['name']!r} at {node['path']}"


def name_problems(tree: dict) -> list[str]:
    """Controls a screen reader could only call "button" or "filler", or "▲", or "5"."""
    return [f"no name in words: {said(node)}" for node in controls(tree)
            if not any(character.isalpha() for character in node["name"])]


def shared_name_problems(tree: dict) -> list[str]:
    seen: dict[str, dict] = {}
    problems = []
    for node in controls(tree):
        if node["role"] in TEXT_ROLES or not node["name"]:
            continue
        if node["name"] in seen:
            problems.append(f"two controls named {node['name']!r}: {said(seen[node['name']])} and {said(node)}")
        seen[node["name"]] = node
    return problems


def tab_problems(coach: Coach, tree: dict, limit: int = 80) -> list[str]:
    """Tab from the focused control: every control is visited, and the focus comes back."""
    first = coach.focus()
    if first is None:
        return ["nothing has the focus"]
    visited = [first]
    for _ in range(limit):
        coach.keys("Tab")
        now = coach.focus()
        if now is None:
            return [f"the focus went nowhere after {said(visited[-1])}"]
        if now["path"] == first["path"]:
            break
        visited.append(now)
    else:
        return [f"Tab never came back to {said(first)}: " + ", ".join(said(n) for n in visited[-6:])]
    problems = []
    reached = {tuple(node["path"]) for node in visited}
    # Radio buttons of one group are one Tab stop (the chosen one); the arrows move between them.
    groups: dict[tuple, list[dict]] = {}
    for node in visited:
        if node["role"] == "radio button":
            groups.setdefault(tuple(node["path"][:-1]), []).append(node)
    for group in groups.values():
        if len(group) > 1:
            problems.append("Tab stops on each radio button of one group: " + ", ".join(said(n) for n in group))
    for node in controls(tree):
        if node["role"] == "radio button" and tuple(node["path"][:-1]) in groups:
            continue
        # Text is read by browsing, not tabbing: a label selectable by the mouse is no Tab stop.
        if node["role"] in TEXT_ROLES or "enabled" not in node["states"]:
            continue
        if "focusable" in node["states"] and tuple(node["path"]) not in reached:
            problems.append(f"Tab never reaches {said(node)}")
    return problems


def view_problems(coach: Coach, view: str, tab: bool = True) -> list[str]:
    tree = coach.tree()
    problems = name_problems(tree) + shared_name_problems(tree)
    if tab:
        problems += tab_problems(coach, tree)
    return [f"{view}: {problem}" for problem in problems]


# ----- the tests


def test_every_view_names_its_controls_and_tab_goes_round(run_coach) -> None:
    coach = run_coach()
    problems = view_problems(coach, "library")

    coach.keys("F1")  # hide the FAQ, then F1 shows it again and goes into it
    coach.keys("F1")
    focus = coach.wait_for(coach.focus, "the focus")
    if focus["name"] != "Search the FAQ":
        problems.append(f"FAQ: F1 left the focus on {said(focus)}, not in the FAQ's search field")
    coach.type("running")
    problems += view_problems(coach, "FAQ with a search")

    coach.keys("ctrl+h")
    coach.wait_for(lambda: any("Back to the library" in n["name"] for n in walk(coach.tree())), "the history")
    problems += view_problems(coach, "history")
    coach.keys("Escape")

    coach.keys("ctrl+comma")
    coach.window_named("Settings")
    problems += view_problems(coach, "settings")
    coach.keys("Escape")
    coach.window_named("Coach")

    coach.keys("ctrl+e")
    coach.wait_for(lambda: any(n["role"] == "push button" and n["name"].startswith("Save")
                               for n in walk(coach.tree())), "the editor")
    problems += view_problems(coach, "editor")
    assert problems == [], "\n".join(problems)


ROUTINE = """\
name: Screen reader check
get_ready: 4s
rest_between_exercises: 0
exercises:
  - name: Bridges
    reps: 2
    tempo: {up: 1s, hold: 1s, down: 1s}
  - name: Side stretch
    hold: 4s
    sides: each
"""


def test_the_workout_is_heard_and_its_controls_are_named(run_coach, tmp_path: Path) -> None:
    routine = tmp_path / "check.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    coach = run_coach("run", str(routine))

    checkin = coach.window_named("Before your workout")
    coach.type("8")  # the advice to rest and its FAQ answer show up at 7 or more
    problems = view_problems(coach, "check-in")
    pain = [n for n in walk(coach.tree()) if n["name"].startswith("Pain ")]
    if not pain or any(n["role"] != "radio button" for n in pain):
        problems.append("check-in: the pain scale is not a group of radio buttons: "
                        + ", ".join(f"{n['role']} {n['name']!r}" for n in pain))
    checked = [n["name"] for n in pain if "checked" in n["states"]]
    if checked != ["Pain 8 of 10"]:
        problems.append(f"check-in: after typing 8, the checked pain is {checked}")
    del checkin

    coach.type("3")
    coach.ask("events")
    coach.keys("Return")  # Start
    coach.window_named("Coach")
    coach.focus_window()  # no window manager gives it back when the dialog closes
    coach.wait_for(lambda: (coach.focus() or {}).get("name") == "Workout player", "the player to take the keys")
    coach.keys("space")  # pause, to look around
    player = coach.wait_for(lambda: (lambda t: t if any(n["name"].casefold() == "paused" for n in walk(t))
                                     else None)(coach.tree()), "the player to say Paused")
    pause = [n for n in walk(player) if n["role"] == "push button" and "Pause" in n["name"]]
    if pause:
        problems.append(f"player: the button that says Resume is named {pause[0]['name']!r}")
    problems += view_problems(coach, "player (paused)")
    coach.keys("f")
    coach.wait_for(lambda: any("floor mode" in n["name"] for n in walk(coach.tree())), "floor mode")
    problems += view_problems(coach, "floor mode")
    floor = coach.tree()
    if not any(re.fullmatch(r".*\b\d+\b.*", n["name"]) for n in walk(floor) if "Time left" in n["name"]):
        problems.append("floor mode: the countdown's number is not exposed: "
                        + ", ".join(said(n) for n in walk(floor) if "Time" in n["name"]))

    coach.ask("events")
    coach.keys("space")  # on with the workout, to its end
    heard: list[dict] = []
    coach.wait_for(lambda: heard.extend(coach.ask("events")) or any(
        "complete" in (e.get("text") or "").lower() for e in heard), "the end of the workout", seconds=90)
    texts = [(e.get("text") or "") for e in heard
             if "announcement" in e["type"] or e["type"].startswith("object:text-changed")
             or (e["type"].startswith("object:property-change") and e["role"] == "label")]
    words = " | ".join(texts)
    for word in ("UP", "HOLD", "DOWN", "SWITCH SIDES"):
        if not any(word.casefold() in text.casefold() for text in texts):
            problems.append(f"workout: nothing said {word!r}; heard: {words[:600]}")
    for number in ("3", "2", "1"):
        if not any(re.search(rf"\b{number}\b", text) for text in texts):
            problems.append(f"workout: the countdown's {number} was not heard; heard: {words[:600]}")
    announcements = [e for e in heard if "announcement" in e["type"]]
    if not announcements:
        problems.append("workout: no announcement at all")
    # At the moments the voice speaks (each part, the 3-2-1), not ten times a second.
    elif len(announcements) > 40:
        problems.append(f"workout: {len(announcements)} announcements for a 25 s workout")
    assert problems == [], "\n".join(problems)
