"""`coach run ROUTINE --terminal`: the real program in a subprocess, unattended and at a keyboard."""

from __future__ import annotations

import argparse
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.core.workout.engine import Workout
from coach.core.workout.event_log import read_event_log
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import build_timeline
from coach.terminal.player import big_text, event_line, split_keys, status_lines

termios = pytest.importorskip("termios")  # the keyboard tests need a POSIX terminal

TINY = """\
name: Tiny
get_ready: 2s
rest_between_sets: 3s
rest_between_exercises: 3s
switch_sides: 2s
exercises:
  - name: Bridges
    sets: 2
    reps: 2
    tempo: {up: 1s, down: 1s}
  - name: Knee-to-chest stretches
    hold: 6s
    sides: each
  - name: Supermans
    reps: 2
"""
# get ready 2 + bridges 4 + rest 3 + 4 + rest 3 + hold 6 + switch 2 + hold 6 + rest 3 + 2 reps at 3 s
TINY_SECONDS = 2 + 4 + 3 + 4 + 3 + 6 + 2 + 6 + 3 + 6


# The same routine twenty times shorter, played at normal speed: a `--speed` preview is not
# recorded, so the tests of what a workout records use this one instead.
QUICK = """\
name: Tiny
get_ready: 0.3s
rest_between_sets: 0.3s
rest_between_exercises: 0.3s
switch_sides: 0.2s
exercises:
  - name: Bridges
    sets: 2
    reps: 2
    tempo: {up: 0.1s, down: 0.1s}
  - name: Knee-to-chest stretches
    hold: 0.4s
    sides: each
  - name: Supermans
    reps: 2
"""


def write_tiny(tmp_path: Path, quick: bool = False) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(QUICK if quick else TINY, encoding="utf-8")
    return path


def coach_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "COACH_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}


def test_plays_to_the_end_unattended_when_stdin_is_not_a_terminal(tmp_path, data_dir) -> None:
    routine_file = write_tiny(tmp_path)
    log_file = tmp_path / "events.jsonl"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(routine_file), "--terminal", "--speed", "50",
         "--event-log", str(log_file)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=coach_env(data_dir), timeout=60,
    )
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    for sentence in ("Get ready. First: bridges, set 1 of 2.", "Bridges. Set 1 of 2. 2 reps.",
                     "Rest 3 seconds. Next: bridges, set 2 of 2.", "Switch sides.",
                     "Knee-to-chest stretches, right side. Hold 6 seconds.", "Supermans. 2 reps.",
                     "Workout complete."):
        assert sentence in out
    assert out.rstrip().endswith("Workout complete: 5 sets done, 0 skipped, 0:39 active.")
    assert "\a" not in out and "\x1b" not in out  # no bell or screen codes into a file or pipe

    lines = read_event_log(log_file)
    assert lines[0]["event"] == "workout_started"
    assert lines[-1] == {**lines[-1], "event": "workout_finished", "outcome": "completed"}
    start = lines[0]["due"]
    # Played on a clock 50 times faster: every phase up to the last set starts exactly on plan.
    started = [ln for ln in lines if ln["event"] == "phase_started"]
    assert [ln["due"] for ln in started] == [start + ln["phase"]["start"] for ln in started]
    assert started[-1]["phase"]["exercise"] == "Supermans" and started[-1]["phase"]["start"] == 33
    # Unattended, the set at one's own pace lasts its estimate (2 reps at 3 s).
    assert start + TINY_SECONDS <= lines[-1]["due"] < start + TINY_SECONDS + 0.5 * 50
    for line in lines:
        assert line["at"] >= line["due"]
        assert line["at"] - line["due"] < 0.5 * 50  # handled within half a real second
    assert [ln["due"] for ln in lines] == sorted(ln["due"] for ln in lines)
    assert took < 20


def test_an_unknown_routine_is_a_clear_error(tmp_path, data_dir) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(tmp_path / "missing.yaml"), "--terminal"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=coach_env(data_dir), timeout=60,
    )
    assert done.returncode == 1
    assert "missing.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_broken_routine_file_reports_its_line_and_column(tmp_path, data_dir) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: Broken\nexercises:\n  - name: Bridges\n    reps: ten\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(path), "--terminal"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=coach_env(data_dir), timeout=60,
    )
    assert done.returncode == 1
    assert "broken.yaml:4:" in done.stderr and "reps" in done.stderr


# ------------------------------------------------------------------ at a keyboard (a pseudo-terminal)


class Pty:
    """The program started on a pseudo-terminal, as if run by hand in a terminal window."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import pty

        pid, fd = pty.fork()
        if pid == 0:  # the child: becomes the program
            # As a shell does for a job in the foreground: Ctrl+C and Ctrl+\ work even when
            # pytest itself was started in the background, where they are ignored (and exec keeps
            # an ignored signal ignored).
            for number in (signal.SIGINT, signal.SIGQUIT):
                signal.signal(number, signal.SIG_DFL)
            os.execvpe(sys.executable, [sys.executable, "-m", "coach", *args], env)
        self.pid, self.fd = pid, fd
        self.output = ""

    def read_until(self, text: str, timeout: float = 15.0) -> str:
        end = time.monotonic() + timeout
        while text not in self.output:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never came; the screen ends with: {self.output[-800:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the program exited and the terminal closed
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} never came before the end: {self.output[-800:]!r}")
                self.output += chunk.decode("utf-8", "replace")
        return self.output

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def attributes(self) -> list:
        return termios.tcgetattr(self.fd)

    def wait(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:  # keep the terminal drained so the program never blocks writing to it
                if select.select([self.fd], [], [], 0.05)[0]:
                    self.output += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError("the program did not exit")

    def close(self) -> None:
        os.close(self.fd)


@pytest.fixture
def keyboard_run(tmp_path, data_dir):
    started: list[Pty] = []

    def start(*options: str, checkin: bool = False, quick: bool = False) -> Pty:
        more = [] if checkin else ["--no-checkin"]
        session = Pty(["run", str(write_tiny(tmp_path, quick)), "--terminal", *more, *options],
                      coach_env(data_dir))
        started.append(session)
        return session

    yield start
    for session in started:
        try:
            os.kill(session.pid, 9)
            os.waitpid(session.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        session.close()


def test_keys_pause_skip_and_stop_after_confirmation(keyboard_run) -> None:
    term = keyboard_run()
    before = term.attributes()
    term.read_until("GET READY")
    assert "█" in term.output  # the large countdown
    assert "\a" in term.output  # the bell on the first cue
    term.send(" ")
    term.read_until("PAUSED")
    term.send(" ")
    term.send("n")  # skip the get-ready
    term.read_until("Rep 1 of 2")
    term.send("\x1b[C\x1b[C")  # Right twice: skip the rest of set 1
    term.read_until("REST")
    term.send("q")
    term.read_until("Stop the workout?")
    term.send("x")  # anything but y goes on
    term.read_until(" q stop")
    term.send("q")
    term.read_until("Stop the workout?")
    term.send("y")
    assert term.wait() == 0
    assert "Workout stopped: 0 sets done, 1 skipped, 0:0" in term.output
    assert "\x1b[?25h" in term.output  # the cursor is shown again
    after = term.attributes()
    assert after[3] & termios.ECHO and after[3] & termios.ICANON  # the terminal is back to normal
    assert after == before or after[3] == before[3]


def test_ctrl_c_stops_cleanly_and_restores_the_terminal(keyboard_run) -> None:
    term = keyboard_run()
    term.read_until("GET READY")
    during = term.attributes()
    assert not during[3] & termios.ECHO  # keys are read one by one, unechoed
    term.send("\x03")
    code = term.wait()
    assert code == 130
    assert "Workout interrupted" in term.output
    assert "Traceback" not in term.output
    after = term.attributes()
    assert after[3] & termios.ECHO and after[3] & termios.ICANON


def test_enter_ends_a_set_at_ones_own_pace_and_the_workout_completes(keyboard_run) -> None:
    term = keyboard_run("--speed", "20")
    term.read_until("SUPERMANS", timeout=20)
    term.read_until("press Enter when the set is done")
    term.send("\r")
    assert term.wait() == 0
    assert "Workout complete: 5 sets done, 0 skipped" in term.output



def history_json(data_dir: Path) -> list[dict]:
    import json

    done = subprocess.run([sys.executable, "-m", "coach", "history", "--json"], capture_output=True,
                          text=True, env=coach_env(data_dir), timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_check_ins_are_asked_and_the_workout_is_recorded(keyboard_run, data_dir) -> None:
    from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE

    term = keyboard_run(checkin=True, quick=True)
    term.read_until(QUESTION_BEFORE)
    term.send("2\r")
    term.read_until("SUPERMANS", timeout=20)
    term.send("\r")  # done
    term.read_until(QUESTION_AFTER, timeout=20)
    term.send("1\r")
    term.read_until("Enter to skip")
    term.send("felt fine\r")
    assert term.wait() == 0
    sessions = history_json(data_dir)
    assert len(sessions) == 1
    session = sessions[0]
    assert (session["routine"], session["outcome"], session["sets_completed"]) == ("Tiny", "completed", 5)
    assert (session["pain_before"], session["pain_after"], session["note"]) == (2, 1, "felt fine")


def test_an_unattended_run_is_recorded_without_questions(tmp_path, data_dir) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(write_tiny(tmp_path, quick=True)), "--terminal"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=coach_env(data_dir), timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "How is your back" not in done.stdout
    [session] = history_json(data_dir)
    assert (session["outcome"], session["sets_completed"], session["pain_before"]) == ("completed", 5, None)


# ------------------------------------------------------------------ pieces of the screen


def test_big_digits_are_five_rows_of_blocks() -> None:
    rows = big_text("1:05")
    assert len(rows) == 5
    assert len({len(r) for r in rows}) == 1
    assert all(set(r) <= {"█", " "} for r in rows)
    assert rows[0] == "  █  " + " " + "   " + " " + "█████" + " " + "█████"


def test_a_set_cut_short_is_logged_as_it_is_recorded(clock) -> None:
    routine = Routine(id="r", name="Tiny", get_ready=0, exercises=(
        Exercise("Bridges", sets=2, reps=10, tempo=(TempoPart("up", 2), TempoPart("down", 2))),))
    workout = Workout(build_timeline(routine), clock)
    workout.start()
    clock.tick(9)  # rep 3, up
    workout.advance(clock())
    lines = [event_line(e, 9) for e in workout.next() + workout.next()]
    assert "[ 0:09] Recorded as skipped: Bridges, set 1 (2 reps)." in lines


def test_arrow_keys_are_one_key_each() -> None:
    assert split_keys("n\x1b[C\x1b[Dq \r") == ["n", "\x1b[C", "\x1b[D", "q", " ", "\r"]


def test_the_status_shows_exercise_part_countdown_set_rep_and_next(clock) -> None:
    routine = Routine(id="r", name="Tiny", get_ready=0, exercises=(
        Exercise("Bridges", sets=2, reps=10, tempo=(TempoPart("up", 2), TempoPart("down", 2))),))
    workout = Workout(build_timeline(routine), clock)
    workout.start()
    clock.tick(4.5)  # rep 2, up, 1.5 s left
    workout.advance(clock())
    lines = status_lines(workout.snapshot(clock()), "Tiny", "Bridges. Set 1 of 2. 10 reps.", False)
    text = "\n".join(lines)
    assert "BRIDGES   (exercise 1 of 1)" in text
    assert "Set 1 of 2 · Rep 2 of 10 · UP" in text
    assert "\n".join("    " + row for row in big_text("2")) in text
    assert "Next: Rep 3 of 10" in text
    assert "“Bridges. Set 1 of 2. 10 reps.”" in text
    workout.pause()
    text = "\n".join(status_lines(workout.snapshot(clock()), "Tiny", "", True))
    assert "PAUSED — space to resume" in text and "Stop the workout? y to stop" in text
    workout.resume()
    clock.tick(0.5)
    workout.computer_slept(clock() - 0.2)
    text = "\n".join(status_lines(workout.snapshot(clock()), "Tiny", "", False))
    assert "PAUSED: the computer slept — space to resume" in text
    text = "\n".join(status_lines(workout.snapshot(clock()), "Tiny", "", False, suspended=True))
    assert "PAUSED: Coach was suspended" in text


def test_run_without_terminal_opens_the_window_on_the_routine(monkeypatch) -> None:
    import coach.gui.app
    from coach.commands import run

    opened = []
    monkeypatch.setattr(coach.gui.app, "run_app",
                        lambda args, routine, event_log: opened.append((routine.id, event_log)) or 0)
    args = argparse.Namespace(routine="runners-core", terminal=False, speed=1.0, event_log=None,
                              data_dir=Path("."), no_checkin=False)
    assert run.main(args) == 0
    assert opened == [("runners-core", None)]


def test_run_of_an_unknown_routine_says_so_before_opening_anything(monkeypatch, capsys) -> None:
    import coach.gui.app
    from coach.commands import run

    monkeypatch.setattr(coach.gui.app, "run_app", lambda *a, **k: pytest.fail("the window was opened"))
    args = argparse.Namespace(routine="no-such-routine", terminal=False, speed=1.0, event_log=None,
                              data_dir=Path("."), no_checkin=False)
    assert run.main(args) == 1
    assert "there is no routine with the id 'no-such-routine'" in capsys.readouterr().err


# ------------------------------------------------------------------ the driver loop on a fake clock


class FakeTime:
    """The terminal driver's monotonic clock and sleep, moving only when the driver sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class SleepAt:
    """Reports once that the computer went to sleep, at the last check before ``when``."""

    def __init__(self, fake: FakeTime, when: float) -> None:
        self.fake, self.when, self.last = fake, when, fake.now
        self.reported = False

    def check(self) -> float | None:
        last, self.last = self.last, self.fake.now
        if not self.reported and self.fake.now >= self.when:
            self.reported = True
            return last
        return None


def test_the_driver_sleeps_until_the_next_deadline_and_a_computer_sleep_pauses(tmp_path) -> None:
    import io

    from coach.terminal.player import REFRESH_SECONDS, TerminalPlayer

    routine = Routine(id="r", name="R", get_ready=2, exercises=(Exercise("Plank", hold=10),))
    fake = FakeTime()
    out = io.StringIO()
    player = TerminalPlayer(routine, speed=2, stdin=io.StringIO(), stdout=out, monotonic=fake.monotonic,
                            sleep=fake.sleep, sleep_detector=SleepAt(fake, 103.0))
    assert player.play() == 0
    text = out.getvalue()
    assert "Paused (the computer slept)." in text and "Resumed after" in text
    assert text.rstrip().endswith("Workout complete: 1 set done, 0 skipped, 0:12 active.")
    assert all(0 <= s <= REFRESH_SECONDS for s in fake.sleeps)  # woken for every redraw or deadline
    record = player.workout.record
    assert [p.reason for p in record.pauses] == ["sleep"]
    pause = record.pauses[0]
    # At speed 2 the 12 s routine takes 6 real seconds, plus the pause, on the engine's clock.
    assert record.ended_at == pytest.approx(record.started_at + 12 + (pause.ended_at - pause.started_at))


class ScreenOut:
    """A terminal as the driver sees it (``isatty``), keeping each frame it draws with the moment
    on the fake clock."""

    def __init__(self, fake: FakeTime) -> None:
        self.fake = fake
        self.frames: list[tuple[float, str]] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        if text.startswith("\x1b[H\x1b[J"):
            self.frames.append((self.fake.now, text.replace("\x1b[K", "")))

    def flush(self) -> None:
        pass


def test_the_said_line_shows_what_is_said_now_and_goes_when_it_no_longer_applies() -> None:
    import io

    from coach.core.workout.what_is_said import speaking_seconds
    from coach.terminal.player import SAID_AT_LEAST_SECONDS, TerminalPlayer

    routine = Routine(id="r", name="R", get_ready=0, exercises=(
        Exercise("Bridges", sets=1, reps=3, tempo=(TempoPart("up", 3), TempoPart("down", 3))),))
    fake = FakeTime()
    screen = ScreenOut(fake)
    player = TerminalPlayer(routine, stdin=io.StringIO(), stdout=screen, monotonic=fake.monotonic,
                            sleep=fake.sleep)
    assert player.play() == 0

    def said(frame: str) -> str | None:
        quoted = [line for line in frame.splitlines() if line.startswith("“")]
        return quoted[0] if quoted else None

    def rep(n: int) -> list[tuple[float, str | None]]:  # the frames of rep n (not of "Next: Rep n of 3")
        return [(at - 100.0, said(frame)) for at, frame in screen.frames if f"Rep {n} of 3 · " in frame]

    announced = "Bridges. 3 reps."
    shown_for = max(SAID_AT_LEAST_SECONDS, speaking_seconds(announced))
    assert shown_for < 6  # a rep: the set's announcement is over before rep 2
    # Rep 1: the set's announcement while it is said, then nothing.
    assert rep(1)[0] == (0.0, f"“{announced}”")
    assert {text for at, text in rep(1) if at < shown_for - 0.1} == {f"“{announced}”"}
    assert {text for at, text in rep(1) if at > shown_for + 0.1} == {None}
    # Rep 2: nothing is said (its tempo words are tones): no line left over from rep 1.
    assert {text for at, text in rep(2)} == {None}
    # Rep 3: "Last rep." while it is said, then nothing; never the set's announcement again.
    last = rep(3)
    assert last[0] == (12.0, "“Last rep.”")
    assert {text for at, text in last if at > 12 + max(SAID_AT_LEAST_SECONDS, speaking_seconds("Last rep.")) + 0.1} == {None}


def test_sigterm_ends_the_workout_as_interrupted_and_restores_the_terminal(keyboard_run, data_dir) -> None:
    import signal

    term = keyboard_run()
    term.read_until("GET READY")
    os.kill(term.pid, signal.SIGTERM)
    assert term.wait() == 128 + signal.SIGTERM
    assert "Workout interrupted" in term.output
    after = term.attributes()
    assert after[3] & termios.ECHO and after[3] & termios.ICANON
    [session] = history_json(data_dir)
    assert session["outcome"] == "interrupted"


def test_ctrl_z_gives_the_terminal_back_and_fg_takes_it_again(keyboard_run) -> None:
    import signal

    term = keyboard_run()
    term.read_until("GET READY")
    term.output = ""
    # Ctrl+Z. The program here leads its own session, so the kernel does not really stop it
    # (an orphaned process group); a shell's job would stop until fg sends SIGCONT.
    term.send("\x1a")
    term.read_until("\x1b[?25h")  # the cursor is shown again for the shell
    stopped = term.attributes()
    assert stopped[3] & termios.ECHO and stopped[3] & termios.ICANON  # usable by the shell
    term.output = ""
    os.kill(term.pid, signal.SIGCONT)  # what fg sends
    # Not stopped for real (see above), the loop goes on drawing; the cursor is hidden again only
    # once the terminal has been taken back.
    term.read_until("\x1b[?25l")
    term.read_until("GET READY")  # the whole screen is drawn again
    running = term.attributes()
    assert not running[3] & termios.ECHO
    term.send("q")
    term.read_until("Stop the workout?")
    term.send("y")
    assert term.wait() == 0


# ------------------------------------------------------------------ going on with an interrupted session

STOPPED_MINUTES_AGO = 25


def interrupt_a_session(data_dir: Path, routine: Routine, sets_done: list[tuple[int, int, str | None]]) -> int:
    """A session of ``routine`` interrupted 25 minutes ago after ``sets_done``; returns its id."""
    from coach.core.history.store import History

    # 20 s more, so that the question still says 25 minutes on a slow machine.
    ended = time.time() - STOPPED_MINUTES_AGO * 60 - 20
    at = ended - 60 * len(sets_done) - 30
    with History.open(data_dir) as history:
        session_id = history.begin_session(routine, at, 39.0, pain_before=2)
        for index, set_number, side in sets_done:
            exercise = routine.exercises[index]
            history.record_set(session_id, index, exercise.name, set_number, side, exercise.reps,
                               exercise.hold, "completed", at, at + 5, active_seconds=5)
            at += 60
        history.finish_session(session_id, "interrupted", ended)
    return session_id


def tiny_routine(tmp_path: Path) -> Routine:
    from coach.core.routines.routine_format import load_routine_file

    routine, problems = load_routine_file(write_tiny(tmp_path, quick=True))
    assert routine is not None, problems
    return routine


def stored(data_dir: Path) -> list[tuple]:
    """Every session with its sets, oldest first, and whether resuming it was declined."""
    import sqlite3

    from coach.core.history.store import History

    with History.open(data_dir) as history:
        sessions = [(s, history.sets_of(s.id)) for s in history.sessions()]
        path = history.path
    with sqlite3.connect(path) as conn:  # the store has no reader for the flag: it is only written
        declined = dict(conn.execute("SELECT id, resume_declined FROM sessions").fetchall())
    return [(s, sets, bool(declined[s.id])) for s, sets in sessions]


def set_names(sets) -> list[tuple[str, int, str | None]]:
    return [(s.exercise_name, s.set, s.side) for s in sets]


def test_enter_goes_on_from_the_set_where_the_session_stopped_in_that_session(
        keyboard_run, tmp_path, data_dir) -> None:
    from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE

    earlier = interrupt_a_session(data_dir, tiny_routine(tmp_path), [(0, 1, None)])
    term = keyboard_run(checkin=True, quick=True)
    term.read_until("Go on from there?")
    assert (f"You stopped Tiny {STOPPED_MINUTES_AGO} minutes ago at Bridges, set 2 of 2. "
            "Go on from there? [Y/n, q to quit]") in term.output
    assert QUESTION_BEFORE not in term.output  # asked before the check-in
    term.output = ""
    term.send("\r")
    term.read_until("SUPERMANS", timeout=20)
    assert "Set 2 of 2" in term.output and "Set 1 of 2" not in term.output  # set 1 is not played again
    assert term.output.index("GET READY") < term.output.index("Set 2 of 2")  # its countdown first
    assert QUESTION_BEFORE not in term.output  # the session had its check-in when it began
    term.send("\r")  # done
    term.read_until(QUESTION_AFTER, timeout=20)
    assert "Workout complete: 5 sets done, 0 skipped" in term.output  # the whole session, as stored
    term.send("1\r")
    term.read_until("Enter to skip")
    term.send("\r")
    assert term.wait() == 0
    [(session, sets, _)] = stored(data_dir)
    assert session.id == earlier
    assert (session.outcome, session.sets_completed, session.pain_before, session.pain_after) == \
        ("completed", 5, 2, 1)
    assert set_names(sets) == [("Bridges", 1, None), ("Bridges", 2, None),
                               ("Knee-to-chest stretches", 1, "left"), ("Knee-to-chest stretches", 1, "right"),
                               ("Supermans", 1, None)]
    assert [s.ended_at for s in sets] == sorted(s.ended_at for s in sets)
    assert sets[1].started_at > sets[0].ended_at + STOPPED_MINUTES_AGO * 60  # played now, not then


def test_n_declines_the_interrupted_session_and_starts_from_the_beginning(keyboard_run, tmp_path, data_dir) -> None:
    from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE

    earlier = interrupt_a_session(data_dir, tiny_routine(tmp_path), [(0, 1, None)])
    term = keyboard_run(checkin=True)
    term.read_until("Go on from there?")
    term.send("n\r")
    term.read_until(QUESTION_BEFORE)  # a new session: its own check-in
    term.send("\r")
    term.read_until("GET READY")  # from the beginning (a resumed set starts without it)
    term.send("q")
    term.read_until("Stop the workout?")
    term.send("y")
    term.read_until(QUESTION_AFTER)
    term.send("\r")
    term.read_until("Enter to skip")
    term.send("\r")
    assert term.wait() == 0
    [(first, first_sets, declined), (second, second_sets, _)] = stored(data_dir)
    assert (first.id, first.outcome, set_names(first_sets), declined) == \
        (earlier, "interrupted", [("Bridges", 1, None)], True)  # never offered again
    assert (second.outcome, second_sets) == ("stopped", [])


@pytest.mark.parametrize(("keys", "code"), [("q\r", 0), ("\x03", 130)], ids=["q", "ctrl-c"])
def test_q_or_ctrl_c_at_the_question_quits_without_recording_anything(
        keyboard_run, tmp_path, data_dir, keys, code) -> None:
    from coach.core.history.store import History

    earlier = interrupt_a_session(data_dir, tiny_routine(tmp_path), [(0, 1, None)])
    term = keyboard_run()
    before = term.attributes()
    term.read_until("Go on from there?")
    term.send(keys)
    assert term.wait() == code
    assert "Traceback" not in term.output and "GET READY" not in term.output
    [(session, sets, declined)] = stored(data_dir)
    assert (session.id, session.outcome, set_names(sets), declined) == \
        (earlier, "interrupted", [("Bridges", 1, None)], False)
    with History.open(data_dir) as history:  # still offered, here and in the window
        assert history.interrupted_session_to_resume(time.time()).session.id == earlier
    after = term.attributes()
    assert after[3] & termios.ECHO and after[3] & termios.ICANON
    assert after[3] == before[3]


def test_an_interrupted_session_of_another_routine_is_not_asked_about(keyboard_run, tmp_path, data_dir) -> None:
    other = Routine(id="other", name="Other", exercises=(Exercise("Bridges", sets=2, reps=2),))
    earlier = interrupt_a_session(data_dir, other, [(0, 1, None)])
    term = keyboard_run()
    term.read_until("GET READY")
    assert "Go on from there?" not in term.output
    term.send("q")
    term.read_until("Stop the workout?")
    term.send("y")
    assert term.wait() == 0
    [(first, _, declined), (second, _, _)] = stored(data_dir)
    assert (first.id, first.routine_id, declined) == (earlier, "other", False)  # left alone
    assert (second.routine_id, second.outcome) == ("tiny", "stopped")


def test_an_unattended_run_does_not_ask_and_starts_from_the_beginning(tmp_path, data_dir) -> None:
    earlier = interrupt_a_session(data_dir, tiny_routine(tmp_path), [(0, 1, None)])
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(write_tiny(tmp_path, quick=True)), "--terminal"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=coach_env(data_dir), timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Go on from there?" not in done.stdout and "Bridges. Set 1 of 2." in done.stdout
    [(first, first_sets, declined), (second, second_sets, _)] = stored(data_dir)
    assert (first.id, first.outcome, len(first_sets), declined) == (earlier, "interrupted", 1, False)
    assert (second.outcome, second.sets_completed) == ("completed", 5)
    assert set_names(second_sets)[0] == ("Bridges", 1, None)
