"""Routines and libraries built in code for the window tests (no files to parse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from coach.core.files.problems import Problem
from coach.core.routines.routine import Exercise, Routine, TempoPart


def short_routine() -> Routine:
    """Get ready 3 s; bridges 2 sets x 2 reps (up 1 s, down 1 s) with a 2 s rest; a rest of 3 s;
    a self-paced set of pelvic tilts; a rest of 3 s; a 6 s hold on each side."""
    return Routine(
        id="short", name="Short test routine", description="A tiny routine for the tests.",
        get_ready=3, rest_between_sets=2, rest_between_exercises=3, switch_sides=2,
        exercises=(
            Exercise(name="Bridges", instructions="Lift your hips slowly.", sets=2, reps=2,
                     tempo=(TempoPart("up", 1.0), TempoPart("down", 1.0))),
            Exercise(name="Pelvic tilts", instructions="Flatten your back.", reps=5),
            Exercise(name="Knee-to-chest stretches", instructions="Hug one knee.", hold=6.0, sides="each"),
        ),
    )


SHORT_YAML = """\
id: short
name: Short test routine
description: A tiny routine for the tests.
get_ready: 3s
rest_between_sets: 2s
rest_between_exercises: 3s
switch_sides: 2s
exercises:
  - name: Bridges
    instructions: Lift your hips slowly.
    sets: 2
    reps: 2
    tempo: {up: 1s, down: 1s}
  - name: Pelvic tilts
    instructions: Flatten your back.
    reps: 5
  - name: Knee-to-chest stretches
    instructions: Hug one knee.
    hold: 6s
    sides: each
"""


class FakeSoundSink(QObject):
    """Records the tones asked for instead of playing them."""

    problem_found = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.played: list[str] = []
        self.prepared = 0

    def prepare(self) -> None:
        self.prepared += 1

    def play(self, name: str, volume: float) -> None:
        self.played.append(name)

    def problem(self) -> str:
        return ""


class FakeSpeaker(QObject):
    """Records every sentence; stands in for the speech engine where timing does not matter."""

    problem_found = Signal(str)
    voices_ready = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.spoken: list[str] = []
        #: (sentence, after_s, within_s, seconds) of each, as the speaker was told them.
        self.timed: list[tuple[str, float, float | None, float]] = []
        self.stopped = 0
        self.started = 0
        #: Still loading (as speech-dispatcher does for seconds): a workout's clock waits for it.
        self.loading = False

    def start(self) -> None:
        self.started += 1

    def say(self, text: str, *, after_s: float = 0.0, within_s: float | None = None,
            seconds: float = 0.0, shorter: tuple = ()) -> None:
        self.spoken.append(text)
        self.timed.append((text, after_s, within_s, seconds))

    def stop(self) -> None:
        self.stopped += 1

    def shutdown(self) -> None:
        pass

    def configure(self, **kwargs) -> None:
        pass

    def voice_names(self) -> list[str]:
        return ["Anne", "Bob"]

    def voices_loading(self) -> bool:
        return self.loading

    def problem(self) -> str:
        return ""


def run_until(window, clock, seconds: float) -> None:
    """Moves the fake clock ``seconds`` on, waking the driver at every deadline it asked for,
    the way its timer would."""
    driver = window.session.driver
    target = clock.now + seconds
    while driver is not None and driver.timer.isActive():
        deadline = driver.workout.next_deadline()
        if deadline is None or deadline > target:
            break
        assert driver.armed_for == deadline  # the one timer is armed for the engine's next deadline
        clock.now = deadline
        driver.wake()
        driver = window.session.driver
    clock.now = target
    if window.session.driver is not None:
        window.session.driver.refresh()


def ink_height(widget: QWidget) -> float:
    """The height (in the widget's pixels) of what is painted on it, apart from its background."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, per_line = image.width(), image.bytesPerLine()
    data = bytes(image.constBits())
    rows = (data[y * per_line:y * per_line + width] for y in range(image.height()))
    inked = [y for y, row in enumerate(rows) if max(row) - min(row) > 96]  # text, not antialiasing
    if not inked:
        return 0.0
    return (inked[-1] - inked[0] + 1) / image.devicePixelRatio()
