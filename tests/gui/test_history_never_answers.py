"""A disk that never finishes a write (its fsync hangs) cannot freeze the window: the history
writes on a thread of its own; the workout plays on, the user is told and nothing waits longer
than its time limit, the history page included; at the end Coach says what was not saved."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers import run_until, short_routine
from PySide6.QtCore import Qt

from coach.core.files.paths import DataDir
from coach.core.history.store import History

#: The fake disk answers after this long at the latest: far beyond every limit of Coach's, and it
#: turns a window that waits for it into a failed test rather than a hung one.
NEVER = 20.0


class DiskThatNeverAnswers:
    """Stands for the history's connection on a disk whose fsync hangs: every statement that
    makes SQLite sync (a COMMIT, a write outside a transaction) does not return until
    ``answer()``."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.answered = threading.Event()
        self.hanging = threading.Event()
        self.threads: set[str] = set()
        #: Statements inside the wait now: a caller that returns while one waits did not wait for it.
        self.waiting = 0
        #: The wait ran out (NEVER): someone waited for the disk.
        self.gave_up = False

    def execute(self, sql: str, *args):
        words = sql.lstrip().upper()
        syncs = words.startswith("COMMIT") or (
            words.startswith(("INSERT", "UPDATE", "DELETE")) and not self.conn.in_transaction)
        if syncs:
            self.threads.add(threading.current_thread().name)
            self.waiting += 1
            self.hanging.set()
            if not self.answered.wait(NEVER):
                self.gave_up = True
            self.waiting -= 1
        return self.conn.execute(sql, *args)

    def answer(self) -> None:
        self.answered.set()

    def __getattr__(self, name):
        return getattr(self.conn, name)


@pytest.fixture
def history(data_dir: Path):
    opened = History.open(DataDir(data_dir))
    yield opened
    opened.close()


def test_a_disk_that_never_answers_does_not_freeze_the_window(make_window, history, clock, qtbot) -> None:
    disk = DiskThatNeverAnswers(history._conn)
    history._conn = disk
    history.writer.clock = clock  # a write is late after 5 s of the workout's (fake) time
    window = make_window(history=history, checkin=False)
    try:
        window.request_workout(short_routine())
        assert window.session.workout is not None
        while window.session.driver is not None:
            run_until(window, clock, 0.5)
            if window.session.driver is not None and window.session.driver.workout.snapshot(clock()).waiting_for_done:
                window.session.command("done")
        # The whole workout played while the session's first write hung: nothing waited for it.
        assert disk.waiting == 1 and not disk.gave_up
        assert "MainThread" not in disk.threads
        assert window.pages.currentWidget() is window.summary
        # Told in the user's words, and kept: the start, 5 sets and the end wait to be written.
        message = window.statusBar().currentMessage()
        assert message.startswith("5 sets not in your history yet: Writing to the history has not "
                                  "finished within 5 s (the disk holding"), message
        assert history.writer.pending == 7

        # The history page does not wait for it either (a write is late: the question is not asked).
        window.history_action.trigger()
        assert window.pages.currentWidget() is window.history_page
        assert window.history_page.view.off_label.text().startswith("The history did not answer within 2 s")

        # Quitting waits a limited time, then says what was not saved.
        from coach.gui.closing import last_writes

        lost = last_writes(history, wait_ms=300)
        assert disk.waiting == 1 and not disk.gave_up
        assert lost.startswith("Not saved in your history: the start of a workout, 5 sets and the end "
                               "of a workout. Writing to the history has not finished within 5 s"), lost
    finally:
        disk.answer()
    # Once the disk answers, everything is written, in order, and the page shows it.
    qtbot.waitUntil(lambda: history.writer.pending == 0, timeout=5000)
    [session] = history.sessions()
    assert (session.outcome, session.sets_completed) == ("completed", 5)
    qtbot.waitUntil(lambda: window.history_page.view.model.rowCount() == 1)
    assert window.history_page.view.off_label.isHidden()


def test_a_history_that_does_not_open_in_time_is_off_and_the_workout_plays(make_window, data_dir, monkeypatch) -> None:
    """Opening the history (SQLite: its check, an upgrade, closing sessions a crash left open) runs
    off the window's thread with a time limit: a disk that never answers leaves the history off
    for this run, said in the status bar, and the workout plays."""
    from coach.core.history import store
    from coach.gui.app import open_history

    answered = threading.Event()
    opening = []
    real_open = store.History.open.__func__

    def never_opens(cls, *args, **kwargs):
        opening.append(1)
        answered.wait(NEVER)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(store.History, "open", classmethod(never_opens))
    window = make_window(open_history=lambda: open_history(DataDir(data_dir), limit=0.2), checkin=False)
    try:
        window.request_workout(short_routine())
        assert opening and not answered.is_set()  # the opening still hangs ...
        assert window.session.workout is not None  # ... and the workout plays, not recorded
        assert not window.history.enabled
        assert window.statusBar().currentMessage().startswith(
            "History is off: it did not open within 0.2 s (the disk holding")
    finally:
        answered.set()


@pytest.mark.parametrize("how", ["ok", "time limit"])
def test_quitting_says_in_the_window_what_was_not_saved_then_closes(
        make_window, history, clock, qtbot, monkeypatch, how) -> None:
    """What the history could not take at quitting is told in the window, before it closes, with
    a time limit on the wait and on the message: quitting never hangs (stderr says it too)."""
    from PySide6.QtWidgets import QMessageBox

    from coach.gui import closing

    monkeypatch.setattr(closing, "FINAL_WRITE_WAIT_MS", 200)
    monkeypatch.setattr(closing, "NOT_SAVED_SHOWN_MS", 300 if how == "time limit" else NEVER * 1000)
    disk = DiskThatNeverAnswers(history._conn)
    history._conn = disk
    history.writer.clock = clock
    window = make_window(history=history, checkin=False)
    try:
        window.request_workout(short_routine())
        qtbot.waitUntil(disk.hanging.is_set)  # the session's first write hangs ...
        run_until(window, clock, 15)  # ... and is late (5 s) by the time the first set is done
        assert not window.close()  # not closed yet: the history gets a last try first ...
        assert window.isVisible()
        assert window.statusBar().currentMessage() == "Saving your history before Coach closes (at most 0.2 s)…"
        qtbot.waitUntil(lambda: isinstance(window.closing.message, QMessageBox)
                        and window.closing.message.isVisible(), timeout=5000)
        box = window.closing.message
        assert window.isVisible()  # ... and what it could not take is told before the window goes
        # The set done in those 15 s, and the one the closing cut short (kept as interrupted).
        assert box.text().startswith("Not saved in your history: the start of a workout, 2 sets and the end "
                                     "of a workout. Writing to the history has not finished"), box.text()
        assert "kept as interrupted" in box.text()
        assert not window.close()  # closing again while it is said: it is still said
        assert box.isVisible()
        if how == "ok":
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert not box.isVisible()
        # Nothing waited for the disk: the write that hangs still hangs, on the history's thread.
        assert disk.waiting == 1 and not disk.gave_up and "MainThread" not in disk.threads
    finally:
        disk.answer()


def test_what_was_not_saved_says_why_also_before_a_hanging_write_is_late(make_window, history, clock, qtbot) -> None:
    from coach.gui.closing import not_saved

    disk = DiskThatNeverAnswers(history._conn)
    history._conn = disk
    history.writer.clock = clock
    window = make_window(history=history, checkin=False)
    try:
        window.request_workout(short_routine())
        qtbot.waitUntil(disk.hanging.is_set)  # hangs, for less than the 5 s after which it is late
        assert history.writer.problem is None
        told = not_saved(history)
        assert told.startswith("Not saved in your history: the start of a workout. Writing to the history "
                               "has not finished within 3 s (the disk holding"), told
        assert ". ." not in told
    finally:
        disk.answer()
